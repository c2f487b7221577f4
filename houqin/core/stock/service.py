"""Services of the store's catalogue: suppliers, stores, items and per-store levels.

Also the look-ups and checks the ledger and the requests share: finding an
item by code or name, a store by name, who may see which store, today's date
in the school's time zone, and the audit record of a change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.audit import EventEntry
from houqin.core.clock import school_today
from houqin.core.db.rows import insert_row, update_row
from houqin.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from houqin.core.i18n import N_, LazyText
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import service as org
from houqin.core.org import tables as ot
from houqin.core.stock import tables as t
from houqin.core.stock.model import (
    Item,
    ItemInput,
    Store,
    StoreInput,
    Supplier,
    SupplierInput,
    item_title,
)
from houqin.core.stock.plugin import MANAGE, VIEW
from houqin.core.uow import UnitOfWork

R = TypeVar("R")

AUTO_CODE = "WZ{id:05d}"
"""The code an item gets when none is given (物资 number)."""


# Shared ---------------------------------------------------------------------------------


def today(uow: UnitOfWork, zone: ZoneInfo | None = None) -> date:
    """Today's date where the school is (see :mod:`houqin.core.clock`).

    ``zone`` is the school's time zone when the caller has read it already.
    """
    return school_today(uow) if zone is None else datetime.now(zone).date()


def audit_entry(
    uow: UnitOfWork, action: str, obj: Any, before: Any = None, **extra: Any
) -> EventEntry:
    """The event of ``action`` on ``obj`` (or on ``before`` when it was removed), unrecorded."""
    conv = uow.school.converter

    def plain(record: Any) -> dict[str, Any] | None:
        if record is None:
            return None
        data: dict[str, Any] = conv.unstructure(record)
        data.pop("on_hand", None)  # depends on who reads; not part of the change
        return data

    after = plain(obj)
    if after is not None and extra:
        after.update(extra)
    target = obj if obj is not None else before
    return action, "stock_" + action.split(".")[1], target.id, plain(before), after


def audit(uow: UnitOfWork, action: str, obj: Any, before: Any = None, **extra: Any) -> None:
    """Record ``action`` on ``obj`` (or on ``before`` when it was removed)."""
    action, object_type, object_id, plain_before, after = audit_entry(
        uow, action, obj, before, **extra
    )
    uow.record(action, object_type, object_id, before=plain_before, after=after)


def get_one(uow: UnitOfWork, query: sa.Select[Any], make: Callable[[Any], R], what: LazyText) -> R:
    row = uow.conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(what)
    return make(row)


def insert(uow: UnitOfWork, table: sa.Table, values: Mapping[str, Any]) -> int:
    return insert_row(uow.conn, table, values)


def update(uow: UnitOfWork, table: sa.Table, object_id: int, values: Mapping[str, Any]) -> None:
    update_row(uow.conn, table, object_id, values)


def delete(
    uow: UnitOfWork, table: sa.Table, object_id: int, label: str, *first: sa.Executable
) -> None:
    """Delete a row (after the ``first`` statements), or refuse while anything uses it.

    All of it runs in a savepoint, so a refusal leaves the transaction as it was.
    """
    try:
        with uow.conn.begin_nested():
            for statement in first:
                uow.conn.execute(statement)
            uow.conn.execute(table.delete().where(table.c.id == object_id))
    except sa.exc.IntegrityError as exc:
        raise Conflict(
            N_(
                "{name} is still in use and cannot be removed; mark it as no longer in use instead",
                name=label,
            )
        ) from exc


def with_search(query: sa.Select[Any], text: str | None, *columns: Any) -> sa.Select[Any]:
    """``query`` limited to rows where one of ``columns`` contains ``text``."""
    if not text:
        return query
    pattern = f"%{text.strip()}%"
    return query.where(sa.or_(*(c.ilike(pattern) for c in columns)))


def taken(uow: UnitOfWork, query: sa.Select[Any], exclude: int | None, id_col: Any) -> bool:
    if exclude is not None:
        query = query.where(id_col != exclude)
    return uow.conn.execute(query.limit(1)).first() is not None


# Who sees which store -------------------------------------------------------------------


def sees_store(uow: UnitOfWork, permission: str, campus_id: int | None) -> bool:
    """Whether ``permission`` reaches a store on ``campus_id`` (None: the whole school's).

    A grant for one department reaches every store: a department asks any
    store for what it needs. A grant for one campus reaches that campus's stores.
    """
    scope = uow.actor.scope(permission)
    if scope.everything or scope.department_ids:
        return True
    return campus_id is not None and campus_id in scope.campus_ids


def require_store(uow: UnitOfWork, permission: str, campus_id: int | None) -> None:
    if not sees_store(uow, permission, campus_id):
        label = uow.school.access.label(permission)
        raise PermissionDenied(
            N_(
                "{actor} may not do this: it needs the permission “{permission}”",
                actor=uow.actor.name,
                permission=label,
            )
        )


def store_scope(
    uow: UnitOfWork, query: sa.Select[Any], campus_col: Any, permission: str = VIEW
) -> sa.Select[Any]:
    """``query`` limited to the stores ``permission`` reaches (see :func:`sees_store`)."""
    scope = uow.actor.scope(permission)
    if scope.everything or scope.department_ids:
        return query
    if scope.campus_ids:
        return query.where(campus_col.in_(scope.campus_ids))
    return query.where(sa.false())


def require_any(uow: UnitOfWork, permission: str) -> None:
    """Refuse unless ``permission`` reaches at least part of the school."""
    if uow.actor.scope(permission).nothing:
        require(uow.actor, permission)


# Look-ups by name -----------------------------------------------------------------------


@attrs.frozen
class StoreRef:
    id: int
    name: str
    campus_id: int | None


@attrs.frozen
class ItemRef:
    id: int
    code: str
    name: str
    spec: str
    unit: str
    active: bool
    supplier_id: int | None

    @property
    def title(self) -> str:
        return item_title(self.name, self.spec)


def find_store(uow: UnitOfWork, name: str, field: str = "store") -> StoreRef:
    """The store called ``name``; refused naming ``field`` if there is none."""
    row = uow.conn.execute(
        sa.select(t.stock_store.c.id, t.stock_store.c.name, t.stock_store.c.campus_id).where(
            t.stock_store.c.name == name
        )
    ).first()
    if row is None:
        raise InvalidInput.single(field, N_("there is no store named {name}", name=name))
    return StoreRef(row.id, row.name, row.campus_id)


def store_ref(uow: UnitOfWork, store_id: int) -> StoreRef:
    row = uow.conn.execute(
        sa.select(t.stock_store.c.id, t.stock_store.c.name, t.stock_store.c.campus_id).where(
            t.stock_store.c.id == store_id
        )
    ).one()
    return StoreRef(row.id, row.name, row.campus_id)


_item_ref_q = sa.select(
    t.stock_item.c.id,
    t.stock_item.c.code,
    t.stock_item.c.name,
    t.stock_item.c.spec,
    t.stock_item.c.unit,
    t.stock_item.c.active,
    t.stock_item.c.supplier_id,
)


def _item_ref(row: Any) -> ItemRef:
    return ItemRef(
        row.id, row.code, row.name, row.spec, row.unit, bool(row.active), row.supplier_id
    )


def find_item(uow: UnitOfWork, key: str, field: str = "item", spec: str | None = None) -> ItemRef:
    """An item by its code, else by its name (or name and spec, as in "灯管 T8 36W").

    With ``spec`` given, a name must match with that spec. Refused naming
    ``field`` when nothing matches or when several items do.
    """
    item = t.stock_item
    by_code = uow.conn.execute(_item_ref_q.where(item.c.code == key)).first()
    if by_code is not None:
        return _item_ref(by_code)
    if spec is not None:
        rows = uow.conn.execute(
            _item_ref_q.where(item.c.name == key, item.c.spec == spec).limit(2)
        ).all()
    else:
        title = item.c.name + " " + item.c.spec
        rows = uow.conn.execute(
            _item_ref_q.where(sa.or_(item.c.name == key, title == key)).limit(3)
        ).all()
        exact = [r for r in rows if r.name == key and r.spec == ""]
        if len(rows) > 1 and len(exact) == 1:
            rows = exact
    if len(rows) == 1:
        return _item_ref(rows[0])
    if not rows:
        raise InvalidInput.single(
            field, N_("there is no item with the code or name {key}", key=key)
        )
    raise InvalidInput.single(
        field, N_("several items are called {key}: give the code or the spec", key=key)
    )


def item_ref(uow: UnitOfWork, item_id: int) -> ItemRef:
    return _item_ref(uow.conn.execute(_item_ref_q.where(t.stock_item.c.id == item_id)).one())


def supplier_id(uow: UnitOfWork, name: str, field: str = "supplier") -> int:
    found = uow.conn.execute(
        sa.select(t.stock_supplier.c.id).where(t.stock_supplier.c.name == name)
    ).scalar()
    if found is None:
        raise InvalidInput.single(field, N_("there is no supplier named {name}", name=name))
    return int(found)


# Suppliers ------------------------------------------------------------------------------

_supplier_q = sa.select(
    t.stock_supplier.c.id,
    t.stock_supplier.c.name,
    t.stock_supplier.c.contact,
    t.stock_supplier.c.phone,
    t.stock_supplier.c.address,
    t.stock_supplier.c.note,
)


def _supplier(row: Any) -> Supplier:
    return Supplier(
        row["id"], row["name"], row["contact"], row["phone"], row["address"], row["note"]
    )


def get_supplier(uow: UnitOfWork, object_id: int) -> Supplier:
    require_any(uow, VIEW)
    return get_one(
        uow,
        _supplier_q.where(t.stock_supplier.c.id == object_id),
        _supplier,
        N_("supplier {id} does not exist", id=object_id),
    )


def _supplier_values(uow: UnitOfWork, cmd: SupplierInput, exclude: int | None) -> dict[str, Any]:
    require(uow.actor, MANAGE)
    query = sa.select(t.stock_supplier.c.id).where(t.stock_supplier.c.name == cmd.name)
    if taken(uow, query, exclude, t.stock_supplier.c.id):
        raise InvalidInput.single(
            "name", N_("a supplier named {name} already exists", name=cmd.name)
        )
    return attrs.asdict(cmd)


def create_supplier(uow: UnitOfWork, cmd: SupplierInput) -> Supplier:
    """Add a supplier (whole-school store permission needed)."""
    values = _supplier_values(uow, cmd, None)
    record = get_supplier(uow, insert(uow, t.stock_supplier, values))
    audit(uow, "stock.supplier.created", record)
    return record


def update_supplier(uow: UnitOfWork, object_id: int, cmd: SupplierInput) -> Supplier:
    before = get_supplier(uow, object_id)
    update(uow, t.stock_supplier, object_id, _supplier_values(uow, cmd, object_id))
    after = get_supplier(uow, object_id)
    audit(uow, "stock.supplier.changed", after, before)
    return after


def delete_supplier(uow: UnitOfWork, object_id: int) -> None:
    """Remove a supplier no item or delivery names."""
    before = get_supplier(uow, object_id)
    require(uow.actor, MANAGE)
    delete(uow, t.stock_supplier, object_id, before.name)
    audit(uow, "stock.supplier.removed", None, before)


def list_suppliers(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Supplier]:
    require_any(uow, VIEW)
    s = t.stock_supplier
    query = with_search(_supplier_q, search, s.c.name, s.c.contact, s.c.phone)
    return fetch_page(
        uow.conn,
        query,
        [s.c.name, s.c.id],
        _supplier,
        after=after,
        limit=limit,
        with_total=with_total,
    )


# Stores ---------------------------------------------------------------------------------

_keeper = ot.person.alias("keeper")
_store_q = (
    sa.select(
        t.stock_store.c.id,
        t.stock_store.c.name,
        t.stock_store.c.campus_id,
        ot.campus.c.name.label("campus"),
        ot.building.c.name.label("building"),
        ot.room.c.name.label("room"),
        _keeper.c.name.label("keeper"),
        t.stock_store.c.note,
    )
    .outerjoin(ot.campus, ot.campus.c.id == t.stock_store.c.campus_id)
    .outerjoin(ot.room, ot.room.c.id == t.stock_store.c.room_id)
    .outerjoin(ot.building, ot.building.c.id == ot.room.c.building_id)
    .outerjoin(_keeper, _keeper.c.id == t.stock_store.c.keeper_id)
)


def _store(row: Any) -> Store:
    return Store(
        row["id"],
        row["name"],
        row["campus_id"],
        row["campus"],
        row["building"],
        row["room"],
        row["keeper"],
        row["note"],
    )


def get_store(uow: UnitOfWork, object_id: int) -> Store:
    store = get_one(
        uow,
        _store_q.where(t.stock_store.c.id == object_id),
        _store,
        N_("store {id} does not exist", id=object_id),
    )
    require_store(uow, VIEW, store.campus_id)
    return store


def _store_values(uow: UnitOfWork, cmd: StoreInput, exclude: int | None) -> dict[str, Any]:
    campus = org.campus_id(uow, cmd.campus) if cmd.campus else None
    require(uow.actor, MANAGE, campus_id=campus)
    query = sa.select(t.stock_store.c.id).where(t.stock_store.c.name == cmd.name)
    if taken(uow, query, exclude, t.stock_store.c.id):
        raise InvalidInput.single("name", N_("a store named {name} already exists", name=cmd.name))
    room = None
    if cmd.room or cmd.building:
        if campus is None:
            raise InvalidInput.single("campus", N_("give the campus of the store's room"))
        if not (cmd.room and cmd.building):
            missing = "room" if cmd.building else "building"
            raise InvalidInput.single(missing, N_("give both the building and the room"))
        room = org.room_id(uow, org.building_id(uow, campus, cmd.building), cmd.room)
    keeper = org.person_id(uow, cmd.keeper, "keeper") if cmd.keeper else None
    return {
        "name": cmd.name,
        "campus_id": campus,
        "room_id": room,
        "keeper_id": keeper,
        "note": cmd.note,
    }


def create_store(uow: UnitOfWork, cmd: StoreInput) -> Store:
    """Add a store, on a campus (and in a room) or for the whole school."""
    record = get_store(uow, insert(uow, t.stock_store, _store_values(uow, cmd, None)))
    audit(uow, "stock.store.created", record)
    return record


def update_store(uow: UnitOfWork, object_id: int, cmd: StoreInput) -> Store:
    before = get_store(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    values = _store_values(uow, cmd, object_id)
    if values["campus_id"] != before.campus_id and _has_stock_history(uow, object_id):
        raise InvalidInput.single("campus", N_("a store that has held stock stays on its campus"))
    update(uow, t.stock_store, object_id, values)
    after = get_store(uow, object_id)
    audit(uow, "stock.store.changed", after, before)
    return after


def _has_stock_history(uow: UnitOfWork, store_id: int) -> bool:
    query = sa.select(t.stock_movement.c.id).where(t.stock_movement.c.store_id == store_id)
    return uow.conn.execute(query.limit(1)).first() is not None


def delete_store(uow: UnitOfWork, object_id: int) -> None:
    """Remove a store that has never held stock nor been asked for anything."""
    before = get_store(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    # Levels set for a store that never held anything go with it.
    empty = t.stock_balance.delete().where(
        t.stock_balance.c.store_id == object_id, t.stock_balance.c.quantity == 0
    )
    delete(uow, t.stock_store, object_id, before.name, empty)
    audit(uow, "stock.store.removed", None, before)


def list_stores(
    uow: UnitOfWork,
    *,
    campus: str | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Store]:
    query = with_search(_store_q, search, t.stock_store.c.name)
    if campus:
        query = query.where(t.stock_store.c.campus_id == org.campus_id(uow, campus))
    query = store_scope(uow, query, t.stock_store.c.campus_id)
    return fetch_page(
        uow.conn,
        query,
        [t.stock_store.c.name, t.stock_store.c.id],
        _store,
        after=after,
        limit=limit,
        with_total=with_total,
    )


# Items ----------------------------------------------------------------------------------


def _on_hand(uow: UnitOfWork) -> sa.Subquery:
    """Quantity on hand per item across the stores the reader may see."""
    b, s = t.stock_balance, t.stock_store
    query = (
        sa.select(b.c.item_id, sa.func.sum(b.c.quantity).label("on_hand"))
        .join(s, s.c.id == b.c.store_id)
        .group_by(b.c.item_id)
    )
    return store_scope(uow, query, s.c.campus_id).subquery("on_hand")


def _item_q(uow: UnitOfWork) -> sa.Select[Any]:
    i = t.stock_item
    held = _on_hand(uow)
    return (
        sa.select(
            i.c.id,
            i.c.code,
            i.c.name,
            i.c.spec,
            i.c.unit,
            i.c.category,
            t.stock_supplier.c.name.label("supplier"),
            i.c.minimum,
            i.c.target,
            i.c.active,
            i.c.note,
            sa.func.coalesce(held.c.on_hand, 0).label("on_hand"),
        )
        .outerjoin(t.stock_supplier, t.stock_supplier.c.id == i.c.supplier_id)
        .outerjoin(held, held.c.item_id == i.c.id)
    )


def _item(row: Any) -> Item:
    return Item(
        row["id"],
        row["code"],
        row["name"],
        row["spec"],
        row["unit"],
        row["category"],
        row["supplier"],
        row["minimum"],
        row["target"],
        bool(row["active"]),
        row["note"],
        int(row["on_hand"]),
    )


def get_item(uow: UnitOfWork, object_id: int) -> Item:
    require_any(uow, VIEW)
    return get_one(
        uow,
        _item_q(uow).where(t.stock_item.c.id == object_id),
        _item,
        N_("item {id} does not exist", id=object_id),
    )


def _item_values(uow: UnitOfWork, cmd: ItemInput, exclude: int | None) -> dict[str, Any]:
    require(uow.actor, MANAGE)
    i = t.stock_item
    if taken(
        uow, sa.select(i.c.id).where(i.c.name == cmd.name, i.c.spec == cmd.spec), exclude, i.c.id
    ):
        raise InvalidInput.single(
            "name",
            N_("an item {title} already exists", title=item_title(cmd.name, cmd.spec)),
        )
    if cmd.code and taken(uow, sa.select(i.c.id).where(i.c.code == cmd.code), exclude, i.c.id):
        raise InvalidInput.single("code", N_("another item has the code {code}", code=cmd.code))
    if cmd.target < cmd.minimum:
        raise InvalidInput.single(
            "target", N_("must be at least the minimum stock ({minimum})", minimum=cmd.minimum)
        )
    supplier = supplier_id(uow, cmd.supplier) if cmd.supplier else None
    values = {
        "name": cmd.name,
        "spec": cmd.spec,
        "unit": cmd.unit,
        "category": cmd.category,
        "supplier_id": supplier,
        "minimum": cmd.minimum,
        "target": cmd.target,
        "active": cmd.active,
        "note": cmd.note,
    }
    if cmd.code:
        values["code"] = cmd.code
    return values


def create_item(uow: UnitOfWork, cmd: ItemInput) -> Item:
    """Add an item to the catalogue; without a code it gets the next WZ number."""
    values = _item_values(uow, cmd, None)
    if "code" in values:
        new_id = insert(uow, t.stock_item, values)
    else:
        # A placeholder first, so the number comes from the row's own id and two
        # people adding items at once never get the same code.
        new_id = insert(uow, t.stock_item, {**values, "code": uuid.uuid4().hex[:30]})
        update(uow, t.stock_item, new_id, {"code": AUTO_CODE.format(id=new_id)})
    record = get_item(uow, new_id)
    audit(uow, "stock.item.created", record)
    return record


def update_item(uow: UnitOfWork, object_id: int, cmd: ItemInput) -> Item:
    """Change an item; a code left empty keeps the one it has."""
    before = get_item(uow, object_id)
    update(uow, t.stock_item, object_id, _item_values(uow, cmd, object_id))
    after = get_item(uow, object_id)
    audit(uow, "stock.item.changed", after, before)
    return after


def delete_item(uow: UnitOfWork, object_id: int) -> None:
    """Remove an item that was never stocked nor asked for (else mark it not in use)."""
    before = get_item(uow, object_id)
    require(uow.actor, MANAGE)
    empty = t.stock_balance.delete().where(
        t.stock_balance.c.item_id == object_id, t.stock_balance.c.quantity == 0
    )
    delete(uow, t.stock_item, object_id, before.title, empty)
    audit(uow, "stock.item.removed", None, before)


def list_items(
    uow: UnitOfWork,
    *,
    category: str | None = None,
    supplier: str | None = None,
    active: bool | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Item]:
    require_any(uow, VIEW)
    i = t.stock_item
    query = with_search(_item_q(uow), search, i.c.name, i.c.code, i.c.spec)
    if category:
        query = query.where(i.c.category == category)
    if supplier:
        query = query.where(i.c.supplier_id == supplier_id(uow, supplier))
    if active is not None:
        query = query.where(i.c.active == active)
    return fetch_page(
        uow.conn,
        query,
        [i.c.name, i.c.spec, i.c.id],
        _item,
        after=after,
        limit=limit,
        with_total=with_total,
    )
