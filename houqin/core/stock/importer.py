"""The store in one workbook: suppliers, stores, items and opening balances, in and out.

A workbook holds up to four sheets: 供应商, 仓库, 物资 and 期初库存 (or
Suppliers, Stores, Items, Opening balances). Suppliers, stores and items
follow the organisation importer's rules (:mod:`houqin.core.org.importer`):
each row goes through the same service as a form, a row whose object exists
changes it, and importing a file twice changes nothing the second time.

Opening balances (期初) are loaded once per item and store: lines for an item
and store that already have stock on the books are refused, unless they are
exactly the opening lines loaded before (then they are "unchanged"). An
export writes what is left of every delivery at its cost, so exporting a
store and importing it into an empty school gives the same stock and value.

Every problem of every sheet is collected, each with its sheet, row and
column, before anything is refused; the caller's unit of work then rolls
back and nothing is written. A dry run is ``school.write(actor, dry_run=True)``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.commands import structure_command
from houqin.core.errors import Conflict, FieldError, InvalidInput, NotFound
from houqin.core.i18n import N_, LazyText
from houqin.core.listing import MAX_PAGE_SIZE
from houqin.core.org.importer import (
    ExportReport,
    ImportReport,
    SheetCounts,
    _cell,
    _columns,
    _every,
    _import_sheet,
    _Sheet,
)
from houqin.core.spreadsheet import Column, SheetData, read_rows, sheet_key, sheet_names, write_xlsx
from houqin.core.stock import service
from houqin.core.stock import tables as t
from houqin.core.stock.balances import set_levels
from houqin.core.stock.ledger import money, record_opening
from houqin.core.stock.model import (
    ItemInput,
    MovementKind,
    OpeningInput,
    StockLevelInput,
    StoreInput,
    SupplierInput,
)
from houqin.core.stock.plugin import MANAGE
from houqin.core.stock.service import ItemRef, StoreRef
from houqin.core.uow import UnitOfWork

# Suppliers ------------------------------------------------------------------------------


def _find_supplier(uow: UnitOfWork, cmd: SupplierInput) -> int | None:
    found = uow.conn.execute(
        sa.select(t.stock_supplier.c.id).where(t.stock_supplier.c.name == cmd.name)
    ).scalar()
    return None if found is None else int(found)


def _supplier_input(found: Any) -> SupplierInput:
    return SupplierInput(found.name, found.contact, found.phone, found.address, found.note)


SUPPLIERS = _Sheet(
    kind="suppliers",
    names=("供应商", "suppliers", "supplier"),
    command=SupplierInput,
    columns=_columns(
        SupplierInput,
        {
            "name": ("供应商名称", "供应商", "单位名称", "名称", "supplier", "name"),
            "contact": ("联系人", "contact"),
            "phone": ("联系电话", "电话", "手机", "phone", "tel"),
            "address": ("地址", "address"),
            "note": ("备注", "note"),
        },
    ),
    key=lambda cmd: cmd.name,
    key_field=lambda cmd: "name",
    find=_find_supplier,
    current=lambda uow, object_id, _given: _supplier_input(service.get_supplier(uow, object_id)),
    create=service.create_supplier,
    update=service.update_supplier,
    export=lambda uow: (
        _supplier_input(found)
        for found in _every(
            lambda after: service.list_suppliers(uow, after=after, limit=MAX_PAGE_SIZE)
        )
    ),
)


# Stores ---------------------------------------------------------------------------------


def _find_store(uow: UnitOfWork, cmd: StoreInput) -> int | None:
    found = uow.conn.execute(
        sa.select(t.stock_store.c.id).where(t.stock_store.c.name == cmd.name)
    ).scalar()
    return None if found is None else int(found)


def _store_input(found: Any) -> StoreInput:
    return StoreInput(
        found.name, found.campus, found.building, found.room, found.keeper, found.note
    )


STORES = _Sheet(
    kind="stores",
    names=("仓库", "库房", "stores", "store"),
    command=StoreInput,
    columns=_columns(
        StoreInput,
        {
            "name": ("仓库名称", "仓库", "库房", "名称", "store", "name"),
            "campus": ("校区", "所属校区", "campus"),
            "building": ("楼宇", "所在楼宇", "building"),
            "room": ("房间", "房间号", "存放地点", "room"),
            "keeper": ("保管员", "仓库保管员", "负责人", "keeper", "storekeeper"),
            "note": ("备注", "note"),
        },
    ),
    key=lambda cmd: cmd.name,
    key_field=lambda cmd: "name",
    find=_find_store,
    current=lambda uow, object_id, _given: _store_input(service.get_store(uow, object_id)),
    create=service.create_store,
    update=service.update_store,
    export=lambda uow: (
        _store_input(found)
        for found in _every(
            lambda after: service.list_stores(uow, after=after, limit=MAX_PAGE_SIZE)
        )
    ),
)


# Items ----------------------------------------------------------------------------------


def _find_item(uow: UnitOfWork, cmd: ItemInput) -> int | None:
    """By code when the row has one, else by name and spec."""
    i = t.stock_item
    if cmd.code:
        found = uow.conn.execute(sa.select(i.c.id).where(i.c.code == cmd.code)).scalar()
    else:
        found = uow.conn.execute(
            sa.select(i.c.id).where(i.c.name == cmd.name, i.c.spec == cmd.spec)
        ).scalar()
    return None if found is None else int(found)


def _item_input(found: Any, code: str | None) -> ItemInput:
    return ItemInput(
        name=found.name,
        unit=found.unit,
        category=found.category,
        spec=found.spec,
        code=code,
        minimum=found.minimum,
        target=found.target,
        supplier=found.supplier,
        active=found.active,
        note=found.note,
    )


def _current_item(uow: UnitOfWork, object_id: int, given: ItemInput) -> ItemInput:
    found = service.get_item(uow, object_id)
    # A row without a code keeps the item's own: it is no change.
    return _item_input(found, found.code if given.code else None)


ITEMS = _Sheet(
    kind="items",
    names=("物资", "物资目录", "材料", "items", "item"),
    command=ItemInput,
    columns=_columns(
        ItemInput,
        {
            "name": ("物资名称", "名称", "品名", "材料名称", "item", "name"),
            "unit": ("计量单位", "单位", "unit"),
            "category": ("类别", "物资类别", "分类", "category"),
            "spec": ("规格型号", "规格", "型号", "spec", "specification"),
            "code": ("物资编码", "编码", "编号", "code"),
            "minimum": ("最低库存", "库存下限", "安全库存", "minimum"),
            "target": ("目标库存", "库存上限", "最高库存", "target"),
            "supplier": ("供应商", "默认供应商", "supplier"),
            "active": ("在用", "是否在用", "active", "in use"),
            "note": ("备注", "note"),
        },
    ),
    key=lambda cmd: ("code", cmd.code) if cmd.code else ("name", cmd.name, cmd.spec),
    key_field=lambda cmd: "code" if cmd.code else "name",
    find=_find_item,
    current=_current_item,
    create=service.create_item,
    update=service.update_item,
    export=lambda uow: (
        _item_input(found, found.code)
        for found in _every(lambda after: service.list_items(uow, after=after, limit=MAX_PAGE_SIZE))
    ),
)


# Opening balances -----------------------------------------------------------------------

OPENING_NAMES = ("期初库存", "期初", "库存", "opening balances", "opening")
OPENING_COLUMNS: tuple[Column, ...] = _columns(
    OpeningInput,
    {
        "store": ("仓库", "仓库名称", "库房", "store"),
        "item": ("物资编码", "物资名称", "编码", "名称", "品名", "item", "code"),
        "quantity": ("数量", "库存数量", "期初数量", "结存数量", "quantity"),
        "unit_cost": ("单价", "单价(元)", "unit cost"),
        "amount": ("金额", "金额(元)", "期初金额", "结存金额", "amount", "value"),
        "spec": ("规格型号", "规格", "型号", "spec"),
        "batch": ("批次", "批号", "batch"),
        "received_on": ("入库日期", "日期", "received on", "date"),
        "minimum": ("最低库存", "库存下限", "minimum"),
        "target": ("目标库存", "库存上限", "target"),
    },
)
_EXTRA_HEADINGS = {"item": ("物资名称",), "spec": ("计量单位",)}
"""Columns an export adds for people to read; the importer ignores them."""


@attrs.frozen
class _Opening:
    row: int
    cmd: OpeningInput


def _line(cmd: OpeningInput) -> tuple[int, Decimal, str]:
    """What identifies an opening line when the file is read again: quantity, value, batch."""
    value = cmd.amount if cmd.amount is not None else (cmd.unit_cost or Decimal(0)) * cmd.quantity
    return (cmd.quantity, money(value), cmd.batch)


def _import_openings(
    uow: UnitOfWork, source: Path, sheet: str, errors: list[FieldError]
) -> SheetCounts:
    found: list[FieldError] = []
    try:
        rows = read_rows(source, OPENING_COLUMNS, sheet=sheet)
    except InvalidInput as exc:
        errors.extend(exc.errors)
        return SheetCounts("openings", sheet)
    read: list[_Opening] = []
    try:
        with rows:
            for record in rows:
                try:
                    cmd = structure_command(
                        uow.school.converter,
                        OpeningInput,
                        record.values,
                        row=record.row,
                        sheet=sheet,
                    )
                except InvalidInput as exc:
                    found.extend(exc.errors)
                    continue
                read.append(_Opening(record.row, cmd))
    except InvalidInput as exc:  # the file itself broke off part-way
        errors.extend([*found, *exc.errors])
        return SheetCounts("openings", sheet)
    # Lines are grouped by the item they find, however the sheet names it (code or name).
    groups: dict[tuple[int, int], tuple[StoreRef, ItemRef, list[_Opening]]] = {}
    for line in read:
        try:
            store = service.find_store(uow, line.cmd.store)
            item = service.find_item(uow, line.cmd.item, spec=line.cmd.spec)
        except InvalidInput as exc:
            found += [_placed(e, line.row, sheet) for e in exc.errors]
            continue
        groups.setdefault((store.id, item.id), (store, item, []))[2].append(line)
    tally: Counter[str] = Counter()
    for store, item, lines in groups.values():
        events = len(uow.events)
        try:
            with uow.conn.begin_nested():
                tally[_load_group(uow, store, item, lines)] += 1
        except InvalidInput as exc:
            del uow.events[events:]
            found += [_placed(e, e.row or lines[0].row, sheet) for e in exc.errors]
        except (Conflict, NotFound) as exc:
            del uow.events[events:]
            found.append(
                FieldError("item", exc.message, row=lines[0].row, sheet=sheet, label=_label("item"))
            )
    errors.extend(sorted(found, key=lambda e: e.row or 0))
    return SheetCounts(
        "openings",
        sheet,
        created=tally["created"],
        updated=tally["updated"],
        unchanged=tally["unchanged"],
    )


def _placed(error: FieldError, row: int, sheet: str) -> FieldError:
    label = error.label if error.label is not None else _label(error.field)
    return attrs.evolve(error, row=row, sheet=sheet, label=label)


def _label(field: str) -> LazyText | None:
    return next((c.label for c in OPENING_COLUMNS if c.field == field), None)


def _load_group(uow: UnitOfWork, store: StoreRef, item: ItemRef, lines: list[_Opening]) -> str:
    """Load the opening lines of one item in one store; "created", "updated" or "unchanged"."""
    first = lines[0]
    levels = (first.cmd.minimum, first.cmd.target)
    for line in lines[1:]:
        if (line.cmd.minimum, line.cmd.target) != levels:
            raise InvalidInput(
                [
                    FieldError(
                        "minimum",
                        N_("the levels differ from those of row {row}", row=first.row),
                        row=line.row,
                    )
                ]
            )
    m = t.stock_movement
    existing = uow.conn.execute(
        sa.select(m.c.kind, m.c.quantity, m.c.value, m.c.batch, m.c.occurred_on).where(
            m.c.item_id == item.id, m.c.store_id == store.id
        )
    ).all()
    outcome = "created"
    if existing:
        loaded = Counter(
            (row.quantity, money(Decimal(row.value)), row.batch)
            for row in existing
            if row.kind == MovementKind.OPENING.value
        )
        wanted = Counter(_line(o.cmd) for o in lines if o.cmd.quantity)
        if sum(loaded.values()) != len(existing) or loaded != wanted:
            raise Conflict(
                N_(
                    "{item} in {store} already has stock on the books; opening balances are "
                    "loaded once (correct them with an adjustment)",
                    item=item.title,
                    store=store.name,
                )
            )
        outcome = "unchanged"
    else:
        for line in lines:
            try:
                record_opening(uow, attrs.evolve(line.cmd, item=item.code, spec=None))
            except InvalidInput as exc:
                raise InvalidInput([attrs.evolve(e, row=line.row) for e in exc.errors]) from None
    if any(level is not None for level in levels) and _levels_change(
        uow, item.id, store.id, levels
    ):
        set_levels(uow, StockLevelInput(item.code, store.name, minimum=levels[0], target=levels[1]))
        if outcome == "unchanged":
            outcome = "updated"
    return outcome


def _levels_change(
    uow: UnitOfWork, item_id: int, store_id: int, levels: tuple[int | None, int | None]
) -> bool:
    b = t.stock_balance
    row = uow.conn.execute(
        sa.select(b.c.minimum, b.c.target).where(b.c.item_id == item_id, b.c.store_id == store_id)
    ).first()
    return row is None or (row.minimum, row.target) != levels


# Import and export ----------------------------------------------------------------------

SHEETS: tuple[_Sheet[Any], ...] = (SUPPLIERS, STORES, ITEMS)
"""The catalogue sheets in the order they are applied; opening balances come last."""


def import_stock(uow: UnitOfWork, path: str | os.PathLike[str]) -> ImportReport:
    """Create or change the store's catalogue and load opening balances from ``path``.

    Refused with :class:`InvalidInput` listing every bad value of every sheet;
    the caller's unit of work then rolls back, so nothing of the file is kept.
    """
    source = Path(path)
    available = sheet_names(source)
    errors: list[FieldError] = []
    counts: dict[str, SheetCounts] = {}
    for spec in SHEETS:
        sheet = _sheet_named(available, spec.names)
        if sheet is not None:
            counts[sheet] = _import_sheet(uow, spec, source, sheet, errors)
    opening = _sheet_named(available, OPENING_NAMES)
    if opening is not None:
        counts[opening] = _import_openings(uow, source, opening, errors)
    if not counts:
        expected = "、".join([*(spec.name for spec in SHEETS), OPENING_NAMES[0]])
        raise InvalidInput(
            [
                FieldError(
                    "sheet",
                    N_("{name} has no sheet named {sheets}", name=source.name, sheets=expected),
                    label=N_("Sheet"),
                )
            ]
        )
    if errors:
        raise InvalidInput(errors)
    return ImportReport(counts)


def _sheet_named(available: list[str], names: tuple[str, ...]) -> str | None:
    wanted = {sheet_key(name) for name in names}
    return next((name for name in available if sheet_key(name) in wanted), None)


def export_stock(uow: UnitOfWork, path: str | os.PathLike[str]) -> ExportReport:
    """Write the store the actor may see to an .xlsx workbook :func:`import_stock` reads.

    Every sheet is written, with its headings even when empty, so the export
    of a new school is a template to fill in.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InvalidInput(
            [FieldError("file", N_("the store is exported to an .xlsx workbook"), label=N_("File"))]
        )
    sheets = [
        SheetData(spec.name, [c.heading for c in spec.columns], _catalogue_rows(uow, spec))
        for spec in SHEETS
    ]
    sheets.append(SheetData(OPENING_NAMES[0], _opening_headings(), _opening_rows(uow)))
    return ExportReport(target, write_xlsx(target, sheets))


def _catalogue_rows(uow: UnitOfWork, spec: _Sheet[Any]) -> Iterator[list[Any]]:
    for cmd in spec.export(uow):
        yield [_cell(getattr(cmd, column.field)) for column in spec.columns]


def _opening_headings() -> list[str]:
    headings = []
    for column in OPENING_COLUMNS:
        headings.append(column.heading)
        headings.extend(_EXTRA_HEADINGS.get(column.field, ()))
    return headings


def _opening_rows(uow: UnitOfWork) -> Iterator[list[Any]]:
    """What is left of each delivery, at its cost; a line with only levels has quantity 0."""
    layer, b, i, s = t.stock_layer, t.stock_balance, t.stock_item, t.stock_store
    query = (
        sa.select(
            s.c.name.label("store"),
            i.c.code,
            i.c.name,
            i.c.spec,
            i.c.unit,
            layer.c.remaining,
            layer.c.unit_cost,
            layer.c.remaining_value,
            layer.c.batch,
            layer.c.received_on,
            b.c.minimum,
            b.c.target,
            b.c.id.label("balance_id"),
        )
        .select_from(b)
        .join(i, i.c.id == b.c.item_id)
        .join(s, s.c.id == b.c.store_id)
        .outerjoin(
            layer,
            sa.and_(
                layer.c.item_id == b.c.item_id,
                layer.c.store_id == b.c.store_id,
                layer.c.remaining > 0,
            ),
        )
        .where(sa.or_(layer.c.id.is_not(None), b.c.minimum.is_not(None), b.c.target.is_not(None)))
        .order_by(s.c.name, i.c.name, i.c.spec, layer.c.received_on, layer.c.id)
    )
    query = service.store_scope(uow, query, s.c.campus_id, MANAGE)
    for row in uow.conn.execute(query):
        has_stock = row.remaining is not None
        values = {
            "store": row.store,
            "item": row.code,
            "quantity": row.remaining if has_stock else 0,
            "unit_cost": Decimal(row.unit_cost) if has_stock else None,
            "amount": Decimal(row.remaining_value).quantize(Decimal("0.01")) if has_stock else None,
            "spec": row.spec,
            "batch": row.batch if has_stock else "",
            "received_on": row.received_on if has_stock else None,
            "minimum": row.minimum,
            "target": row.target,
        }
        extra = {"item": [row.name], "spec": [row.unit]}
        cells: list[Any] = []
        for column in OPENING_COLUMNS:
            cells.append(_cell(values[column.field]))
            cells.extend(extra.get(column.field, []))
        yield cells
