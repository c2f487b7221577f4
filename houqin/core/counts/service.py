"""Opening a count, scanning into it, and reading counts back.

Opening copies the book into ``count_expected`` with one ``INSERT … SELECT``
(a million assets cost one statement, not a million); the asset filters are
the register's own (:func:`houqin.core.assets.service.filter_assets`). A scan
is looked up in batches: a pasted column of a thousand tags costs a handful
of queries and one executemany.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as at
from houqin.core.assets.model import AssetStatus
from houqin.core.assets.names import OrgNames, Place, Refusal
from houqin.core.assets.service import filter_assets, scoped
from houqin.core.counts import tables as t
from houqin.core.counts.model import (
    Condition,
    Count,
    CountInput,
    CountKind,
    CountPurpose,
    CountStatus,
    Scan,
    ScanInput,
    ScanOutcome,
)
from houqin.core.counts.plugin import RUN, VIEW
from houqin.core.db.metadata import utcnow
from houqin.core.errors import Conflict, FieldError, InvalidInput, NotFound
from houqin.core.i18n import N_
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as o
from houqin.core.stock import tables as st
from houqin.core.stock.service import find_store
from houqin.core.uow import UnitOfWork

AUDIT_TYPE = "count"
LOOKUP_CHUNK = 500
"""Codes looked up per query: well under SQLite's and PostgreSQL's parameter limits."""

COUNTED_OUTCOMES = (ScanOutcome.FOUND, ScanOutcome.MOVED, ScanOutcome.EXTRA)
NOT_EXPECTED = tuple(
    s.value
    for s in (AssetStatus.SCRAPPED, AssetStatus.MISSING, AssetStatus.LENT, AssetStatus.REPAIRING)
)
"""Not expected on the shelf: gone from the books, or away on loan or at repair."""
_ASSET_SCOPE = ("campus", "building", "room", "department", "category")


def number_from_scan(text: str) -> str:
    """The asset number in what a scanner typed: a bare number, or a label's URL ``…/a/<number>``.

    ``https://houqin.example.edu.cn/a/ZC-0001`` and ``ZC-0001`` both give
    ``ZC-0001``; the address's query and fragment are ignored and escapes
    (``%E6…``) decoded.
    """
    cleaned = "".join(ch for ch in text if ch.isprintable()).strip()
    path = urlsplit(cleaned).path if "://" in cleaned else cleaned.split("?")[0].split("#")[0]
    marker = path.rfind("/a/")
    if marker >= 0:
        return unquote(path[marker + 3 :].strip("/")).strip()
    return cleaned


# Reading ------------------------------------------------------------------------------


_s = t.count_session
_store = st.stock_store.alias("count_store")
_scanned = (
    sa.select(sa.func.count())
    .where(t.count_scan.c.count_id == _s.c.id, t.count_scan.c.outcome != ScanOutcome.DUPLICATE)
    .scalar_subquery()
)
COUNT_QUERY = sa.select(_s, _store.c.name.label("store"), _scanned.label("scanned")).outerjoin(
    _store, _store.c.id == _s.c.store_id
)


def count_from_row(row: Any) -> Count:
    scope = row["scope"] or {}
    return Count(
        id=row["id"],
        title=row["title"],
        kind=CountKind(row["kind"]),
        purpose=CountPurpose(row["purpose"]),
        status=CountStatus(row["status"]),
        campus=scope.get("campus"),
        building=scope.get("building"),
        room=scope.get("room"),
        department=scope.get("department"),
        category=scope.get("category"),
        campus_id=row["campus_id"],
        department_id=row["department_id"],
        store_id=row["store_id"],
        store=row["store"],
        expected=row["expected"],
        scanned=int(row["scanned"] or 0),
        opened_by=row["opened_by"],
        opened_at=row["opened_at"],
        closed_by=row["closed_by"],
        closed_at=row["closed_at"],
        applied_by=row["applied_by"],
        applied_at=row["applied_at"],
    )


def require_on(uow: UnitOfWork, count: Count, permission: str) -> None:
    """Refuse unless the actor holds ``permission`` where the count's scope lies."""
    require(
        uow.actor,
        permission,
        campus_id=count.campus_id,
        department_id=count.department_id,
        label=uow.school.access.label(permission),
    )


def load_count(uow: UnitOfWork, count_id: int) -> Count:
    """A count, without a permission check (for the services that make their own)."""
    row = uow.conn.execute(COUNT_QUERY.where(_s.c.id == count_id)).mappings().first()
    if row is None:
        raise NotFound(N_("count {id} does not exist", id=count_id))
    return count_from_row(row)


def get_count(uow: UnitOfWork, count_id: int) -> Count:
    """A count, for those who may see counts where its scope lies."""
    count = load_count(uow, count_id)
    require_on(uow, count, VIEW)
    return count


def count_scope(uow: UnitOfWork, query: sa.Select[Any], permission: str = VIEW) -> sa.Select[Any]:
    """Keep the counts whose campus or department ``permission`` reaches."""
    scope = uow.actor.scope(permission)
    if scope.everything:
        return query
    conditions = []
    if scope.campus_ids:
        conditions.append(_s.c.campus_id.in_(sorted(scope.campus_ids)))
    if scope.department_ids:
        conditions.append(_s.c.department_id.in_(sorted(scope.department_ids)))
    return query.where(sa.or_(*conditions)) if conditions else query.where(sa.false())


def _enum_filter(name: str, value: str, cls: type[Any]) -> str:
    try:
        return str(cls(value).value)
    except ValueError:
        raise InvalidInput.single(name, N_("unknown value {value!r}", value=value)) from None


def list_counts(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
    status: str | None = None,
    kind: str | None = None,
    purpose: str | None = None,
) -> Page[Count]:
    """A page of the counts the actor may see, oldest first."""
    query = count_scope(uow, COUNT_QUERY)
    if search and search.strip():
        query = query.where(_s.c.title.ilike(f"%{search.strip()}%"))
    if status:
        query = query.where(_s.c.status == _enum_filter("status", status, CountStatus))
    if kind:
        query = query.where(_s.c.kind == _enum_filter("kind", kind, CountKind))
    if purpose:
        query = query.where(_s.c.purpose == _enum_filter("purpose", purpose, CountPurpose))
    return fetch_page(
        uow.conn,
        query,
        [_s.c.id],
        count_from_row,
        after=after,
        limit=limit,
        with_total=with_total,
    )


def counts_by_status(uow: UnitOfWork, status: CountStatus, permission: str = VIEW) -> int:
    """How many counts the actor's ``permission`` reaches are in ``status`` (for alerts)."""
    query = sa.select(sa.func.count()).select_from(_s).where(_s.c.status == status.value)
    return int(uow.conn.execute(count_scope(uow, query, permission)).scalar_one())


# Opening ------------------------------------------------------------------------------


def _scope_of(cmd: CountInput) -> dict[str, str]:
    names = (*_ASSET_SCOPE, "store")
    return {
        name: value.strip() for name in names if (value := getattr(cmd, name)) and value.strip()
    }


def _check_scope(cmd: CountInput, scope: dict[str, str]) -> None:
    errors = []
    if cmd.kind is CountKind.STOCK:
        if "store" not in scope:
            errors.append(FieldError("store", N_("a count of the store names the store")))
        errors += [
            FieldError(name, N_("a count of a store is of the whole store"))
            for name in _ASSET_SCOPE
            if name in scope
        ]
    elif "store" in scope:
        errors.append(FieldError("store", N_("a count of assets is not of a store")))
    if errors:
        raise InvalidInput(errors)


def open_count(uow: UnitOfWork, cmd: CountInput) -> Count:
    """Open a count (清点, 盘点) and copy the book it is checked against.

    For assets, the register's lines in the scope (campus, building, room,
    department, category — the register's own filters) that the actor may
    count, with the room each is expected in; scrapped, missing, lent and
    repairing assets are not expected. For a store (年终盘点), each item it holds with the quantity
    the books say. One ``INSERT … SELECT`` either way.
    """
    scope = _scope_of(cmd)
    _check_scope(cmd, scope)
    names = OrgNames(uow)
    campus_id = department_id = store_id = None
    if cmd.kind is CountKind.STOCK:
        store = find_store(uow, scope["store"])
        campus_id, store_id = store.campus_id, store.id
    else:
        if "campus" in scope:
            campus_id = names.campus(scope["campus"])
        if "department" in scope:
            department_id = names.department(scope["department"])
    require(
        uow.actor,
        RUN,
        campus_id=campus_id,
        department_id=department_id,
        label=uow.school.access.label(RUN),
    )
    now = utcnow()
    inserted = uow.conn.execute(
        _s.insert().values(
            title=cmd.title.strip(),
            kind=cmd.kind.value,
            purpose=cmd.purpose.value,
            status=CountStatus.OPEN.value,
            scope=scope or None,
            campus_id=campus_id,
            department_id=department_id,
            store_id=store_id,
            opened_by=uow.actor.name,
            opened_at=now,
        )
    ).inserted_primary_key
    assert inserted is not None
    count_id = int(inserted[0])
    if cmd.kind is CountKind.STOCK:
        assert store_id is not None
        expected = _copy_store_book(uow, count_id, store_id)
    else:
        expected = _copy_register(uow, count_id, scope)
    uow.conn.execute(_s.update().where(_s.c.id == count_id).values(expected=expected))
    count = load_count(uow, count_id)
    uow.record(
        "counts.count.opened", AUDIT_TYPE, count_id, after=uow.school.converter.unstructure(count)
    )
    return count


def _copy_register(uow: UnitOfWork, count_id: int, scope: dict[str, str]) -> int:
    a = at.asset.c
    query = sa.select(
        sa.literal(count_id, sa.Integer), a.id, a.campus_id, a.building_id, a.room_id, a.value
    ).where(a.status.not_in(NOT_EXPECTED))
    query = scoped(uow, filter_assets(uow, query, **{k: scope.get(k) for k in _ASSET_SCOPE}), RUN)
    e = t.count_expected
    uow.conn.execute(
        e.insert().from_select(
            ["count_id", "asset_id", "campus_id", "building_id", "room_id", "value"], query
        )
    )
    return _expected_lines(uow, count_id)


def _copy_store_book(uow: UnitOfWork, count_id: int, store_id: int) -> int:
    b, layer = st.stock_balance, st.stock_layer
    value = (
        sa.select(sa.func.coalesce(sa.func.sum(layer.c.remaining_value), 0))
        .where(
            layer.c.item_id == b.c.item_id,
            layer.c.store_id == b.c.store_id,
            layer.c.remaining > 0,
        )
        .scalar_subquery()
    )
    query = sa.select(
        sa.literal(count_id, sa.Integer), b.c.item_id, b.c.store_id, b.c.quantity, value
    ).where(b.c.store_id == store_id)
    e = t.count_expected
    uow.conn.execute(
        e.insert().from_select(["count_id", "item_id", "store_id", "book_quantity", "value"], query)
    )
    return _expected_lines(uow, count_id)


def _expected_lines(uow: UnitOfWork, count_id: int) -> int:
    # The driver's rowcount of an INSERT … SELECT is not reliable everywhere; the index is.
    e = t.count_expected
    query = sa.select(sa.func.count()).select_from(e).where(e.c.count_id == count_id)
    return int(uow.conn.execute(query).scalar_one())


# Scanning -----------------------------------------------------------------------------


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


def room_label(campus: str | None, building: str | None, room: str | None) -> str:
    return " ".join(p for p in (campus, building, room) if p)


def room_labels(uow: UnitOfWork, room_ids: Iterable[int | None]) -> dict[int, str]:
    """``campus building room`` of each room, as a scanning page shows it."""
    wanted = sorted({r for r in room_ids if r is not None})
    labels: dict[int, str] = {}
    for chunk in _chunks(wanted):
        rows = uow.conn.execute(
            sa.select(o.room.c.id, o.campus.c.name, o.building.c.name.label("b"), o.room.c.name)
            .join(o.building, o.building.c.id == o.room.c.building_id)
            .join(o.campus, o.campus.c.id == o.building.c.campus_id)
            .where(o.room.c.id.in_(chunk))
        )
        labels.update({row[0]: room_label(row[1], row[2], row[3]) for row in rows})
    return labels


def find_room(uow: UnitOfWork, text: str, names: OrgNames | None = None) -> int:
    """The room written as ``本部 教学楼 101``, ``教学楼-101`` or a room name unique enough."""
    found = (names or OrgNames(uow)).place_from_text(text)
    if isinstance(found, Refusal):
        raise InvalidInput.single("room", found.message)
    if not isinstance(found, Place) or found.room_id is None:
        raise InvalidInput.single("room", N_("{text} is not a room", text=text))
    return found.room_id


def open_for_scanning(uow: UnitOfWork, count_id: int) -> Count:
    """The count, once the actor may scan into it and it is still open."""
    count = load_count(uow, count_id)
    require_on(uow, count, RUN)
    if not count.is_open:
        raise Conflict(N_("count {title} is closed: reopen it to scan more", title=count.title))
    return count


@attrs.frozen
class _Line:
    cmd: ScanInput
    code: str
    room_id: int | None


def scan(uow: UnitOfWork, count_id: int, cmd: ScanInput) -> Scan:
    """Record one scan and say what it was (found, found elsewhere, unknown tag…)."""
    return scan_many(uow, count_id, [cmd])[0]


def scan_many(uow: UnitOfWork, count_id: int, commands: Sequence[ScanInput]) -> list[Scan]:
    """Record scans in the order given (a pasted column, a file) and return each outcome.

    All are refused if one is (an unknown room, a store line without its
    quantity), naming the line. An asset scanned twice is stored the second
    time as ``duplicate`` and not counted again. For a store, scans of the
    same item add up: a shelf may be counted in parts, and a mistake is put
    right with a negative quantity.
    """
    count = open_for_scanning(uow, count_id)
    names = OrgNames(uow)
    rooms: dict[str, int] = {}
    lines: list[_Line] = []
    errors: list[FieldError] = []
    for position, cmd in enumerate(commands, start=1):
        room_id = None
        try:
            if cmd.room and cmd.room.strip():
                key = cmd.room.strip()
                if key not in rooms:
                    rooms[key] = find_room(uow, key, names)
                room_id = rooms[key]
            if count.kind is CountKind.STOCK and cmd.quantity is None:
                raise InvalidInput.single("quantity", N_("give the quantity counted"))
        except InvalidInput as exc:
            where = position if len(commands) > 1 else None
            errors += [attrs.evolve(e, row=where) for e in exc.errors]
            continue
        code = number_from_scan(cmd.code) if count.kind is CountKind.ASSETS else cmd.code.strip()
        lines.append(_Line(cmd, code[:100], room_id))
    if errors:
        raise InvalidInput(errors)
    if count.kind is CountKind.STOCK:
        return _scan_stock(uow, count, lines)
    return _scan_assets(uow, count, lines)


def _scan_row(
    uow: UnitOfWork, count: Count, line: _Line, now: Any, **values: Any
) -> dict[str, Any]:
    cmd = line.cmd
    row = {
        "count_id": count.id,
        "code": line.code,
        "room_id": line.room_id,
        "asset_id": None,
        "item_id": None,
        "quantity": None,
        "condition": cmd.condition.value,
        "note": cmd.note,
        "responsible": cmd.responsible,
        "school_class": cmd.school_class,
        "scanned_by": uow.actor.name,
        "scanned_at": now,
    }
    row.update(values)
    return row


def _insert_scans(uow: UnitOfWork, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the scans at executemany speed and return their ids, in order."""
    if not rows:
        return []
    statement = t.count_scan.insert().returning(t.count_scan.c.id, sort_by_parameter_order=True)
    return list(uow.conn.execute(statement, rows).scalars())


def _scan_assets(uow: UnitOfWork, count: Count, lines: list[_Line]) -> list[Scan]:
    a, e, s = at.asset.c, t.count_expected.c, t.count_scan.c
    numbers = sorted({line.code for line in lines})
    assets: dict[str, Any] = {}
    for chunk in _chunks(numbers):
        found_rows = uow.conn.execute(
            sa.select(a.id, a.number, a.name, a.room_id).where(a.number.in_(chunk))
        )
        assets.update({row.number: row for row in found_rows})
    asset_ids = sorted(row.id for row in assets.values())
    expected: dict[int, int | None] = {}
    seen_assets: set[int] = set()
    for chunk in _chunks(asset_ids):
        expected.update(
            uow.conn.execute(
                sa.select(e.asset_id, e.room_id).where(
                    e.count_id == count.id, e.asset_id.in_(chunk)
                )
            ).all()
        )
        seen_assets.update(
            uow.conn.execute(
                sa.select(s.asset_id).where(
                    s.count_id == count.id,
                    s.asset_id.in_(chunk),
                    s.outcome != ScanOutcome.DUPLICATE,
                )
            ).scalars()
        )
    unknown = sorted({line.code for line in lines} - set(assets))
    seen_codes: set[str] = set()
    for chunk in _chunks(unknown):
        seen_codes.update(
            uow.conn.execute(
                sa.select(s.code).where(
                    s.count_id == count.id,
                    s.code.in_(chunk),
                    s.outcome == ScanOutcome.UNKNOWN,
                )
            ).scalars()
        )
    now = utcnow()
    rows: list[dict[str, Any]] = []
    made: list[tuple[ScanOutcome, Any, int | None]] = []
    for line in lines:
        found = assets.get(line.code)
        if found is None:
            outcome = ScanOutcome.DUPLICATE if line.code in seen_codes else ScanOutcome.UNKNOWN
            seen_codes.add(line.code)
            rows.append(_scan_row(uow, count, line, now, outcome=outcome.value))
            made.append((outcome, None, None))
            continue
        expected_room = expected.get(found.id, found.room_id)
        if found.id in seen_assets:
            outcome = ScanOutcome.DUPLICATE
        elif found.id not in expected:
            outcome = ScanOutcome.EXTRA
        elif line.room_id is None or line.room_id == expected_room:
            outcome = ScanOutcome.FOUND
        else:
            outcome = ScanOutcome.MOVED
        seen_assets.add(found.id)
        rows.append(_scan_row(uow, count, line, now, outcome=outcome.value, asset_id=found.id))
        made.append((outcome, found, expected_room))
    ids = _insert_scans(uow, rows)
    labels = room_labels(uow, [line.room_id for line in lines] + [m[2] for m in made])
    return [
        Scan(
            id=scan_id,
            count_id=count.id,
            code=line.code,
            outcome=outcome,
            asset_id=found.id if found is not None else None,
            item_id=None,
            name=found.name if found is not None else "",
            room_id=line.room_id,
            room=labels.get(line.room_id) if line.room_id is not None else None,
            expected_room=labels.get(expected_room) if expected_room is not None else None,
            quantity=None,
            condition=line.cmd.condition,
            note=line.cmd.note,
            responsible=line.cmd.responsible,
            school_class=line.cmd.school_class,
            scanned_by=uow.actor.name,
            scanned_at=now,
        )
        for scan_id, line, (outcome, found, expected_room) in zip(ids, lines, made, strict=True)
    ]


def _scan_stock(uow: UnitOfWork, count: Count, lines: list[_Line]) -> list[Scan]:
    i, e, s = st.stock_item.c, t.count_expected.c, t.count_scan.c
    keys = sorted({line.code for line in lines})
    items: dict[str, Any] = {}
    for chunk in _chunks(keys):
        rows = uow.conn.execute(
            sa.select(i.id, i.code, i.name, i.spec).where(
                sa.or_(i.code.in_(chunk), i.name.in_(chunk))
            )
        ).all()
        by_name: dict[str, list[Any]] = {}
        for row in rows:
            by_name.setdefault(row.name, []).append(row)
        for row in rows:
            items[row.code] = row
        for name, named in by_name.items():
            if name not in items and len(named) == 1:
                items[name] = named[0]
    item_ids = sorted({row.id for row in items.values()})
    expected: set[int] = set()
    counted: dict[int, int] = {}
    for chunk in _chunks(item_ids):
        expected.update(
            uow.conn.execute(
                sa.select(e.item_id).where(e.count_id == count.id, e.item_id.in_(chunk))
            ).scalars()
        )
        counted.update(
            uow.conn.execute(
                sa.select(s.item_id, sa.func.sum(s.quantity))
                .where(s.count_id == count.id, s.item_id.in_(chunk))
                .group_by(s.item_id)
            ).all()
        )
    now = utcnow()
    rows_out: list[dict[str, Any]] = []
    made: list[tuple[ScanOutcome, Any]] = []
    errors: list[FieldError] = []
    for position, line in enumerate(lines, start=1):
        quantity = line.cmd.quantity
        assert quantity is not None
        found: Any = items.get(line.code)
        if found is None:
            outcome = ScanOutcome.UNKNOWN
            values: dict[str, Any] = {"quantity": quantity}
        else:
            outcome = ScanOutcome.COUNTED if found.id in expected else ScanOutcome.EXTRA
            total = int(counted.get(found.id) or 0) + quantity
            if total < 0:
                errors.append(
                    FieldError(
                        "quantity",
                        N_("{item} would be counted below zero", item=found.name),
                        row=position if len(lines) > 1 else None,
                    )
                )
            counted[found.id] = total
            values = {"quantity": quantity, "item_id": found.id}
        rows_out.append(_scan_row(uow, count, line, now, outcome=outcome.value, **values))
        made.append((outcome, found))
    if errors:
        raise InvalidInput(errors)
    ids = _insert_scans(uow, rows_out)
    return [
        Scan(
            id=scan_id,
            count_id=count.id,
            code=found.code if found is not None else line.code,
            outcome=outcome,
            asset_id=None,
            item_id=found.id if found is not None else None,
            name=found.name if found is not None else "",
            room_id=line.room_id,
            room=None,
            expected_room=None,
            quantity=line.cmd.quantity,
            condition=line.cmd.condition,
            note=line.cmd.note,
            responsible=line.cmd.responsible,
            school_class=line.cmd.school_class,
            scanned_by=uow.actor.name,
            scanned_at=now,
        )
        for scan_id, line, (outcome, found) in zip(ids, lines, made, strict=True)
    ]


# Scans as a list ----------------------------------------------------------------------

_scan_room = o.room.alias("scan_room")
_scan_building = o.building.alias("scan_building")
_scan_campus = o.campus.alias("scan_campus")
_sc = t.count_scan
SCAN_QUERY = (
    sa.select(
        _sc,
        sa.func.coalesce(at.asset.c.name, st.stock_item.c.name, "").label("name"),
        _scan_campus.c.name.label("campus"),
        _scan_building.c.name.label("building"),
        _scan_room.c.name.label("room"),
        t.count_expected.c.room_id.label("expected_room_id"),
    )
    .join(_s, _s.c.id == _sc.c.count_id)
    .outerjoin(at.asset, at.asset.c.id == _sc.c.asset_id)
    .outerjoin(st.stock_item, st.stock_item.c.id == _sc.c.item_id)
    .outerjoin(_scan_room, _scan_room.c.id == _sc.c.room_id)
    .outerjoin(_scan_building, _scan_building.c.id == _scan_room.c.building_id)
    .outerjoin(_scan_campus, _scan_campus.c.id == _scan_building.c.campus_id)
    .outerjoin(
        t.count_expected,
        sa.and_(
            t.count_expected.c.count_id == _sc.c.count_id,
            t.count_expected.c.asset_id == _sc.c.asset_id,
        ),
    )
)


def _scan_from_row(row: Any, labels: dict[int, str]) -> Scan:
    expected_room = row["expected_room_id"]
    return Scan(
        id=row["id"],
        count_id=row["count_id"],
        code=row["code"],
        outcome=ScanOutcome(row["outcome"]),
        asset_id=row["asset_id"],
        item_id=row["item_id"],
        name=row["name"],
        room_id=row["room_id"],
        room=room_label(row["campus"], row["building"], row["room"]) or None,
        expected_room=labels.get(expected_room) if expected_room is not None else None,
        quantity=row["quantity"],
        condition=Condition(row["condition"]),
        note=row["note"],
        responsible=row["responsible"],
        school_class=row["school_class"],
        scanned_by=row["scanned_by"],
        scanned_at=row["scanned_at"],
    )


def get_scan(uow: UnitOfWork, scan_id: int) -> Scan:
    """One scan, for those who may see its count."""
    row = uow.conn.execute(SCAN_QUERY.where(_sc.c.id == scan_id)).mappings().first()
    if row is None:
        raise NotFound(N_("scan {id} does not exist", id=scan_id))
    get_count(uow, row["count_id"])
    return _scan_from_row(row, room_labels(uow, [row["expected_room_id"]]))


def list_scans(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
    count: str | int | None = None,
    outcome: str | None = None,
    room: str | None = None,
) -> Page[Scan]:
    """A page of the scans of the counts the actor may see, in the order they were made."""
    query = count_scope(uow, SCAN_QUERY)
    if count:
        query = query.where(_sc.c.count_id == _count_id_filter(count))
    if outcome:
        query = query.where(_sc.c.outcome == _enum_filter("outcome", outcome, ScanOutcome))
    if room:
        query = query.where(_sc.c.room_id == find_room(uow, room))
    if search and search.strip():
        query = query.where(_sc.c.code.ilike(f"%{search.strip()}%"))
    page = fetch_page(
        uow.conn, query, [_sc.c.id], dict, after=after, limit=limit, with_total=with_total
    )
    labels = room_labels(uow, [row["expected_room_id"] for row in page.items])
    return Page([_scan_from_row(row, labels) for row in page.items], page.next_cursor, page.total)


def recent_scans(uow: UnitOfWork, count_id: int, limit: int = 10) -> list[Scan]:
    """The latest scans of a count, newest first (what a scanning page shows)."""
    get_count(uow, count_id)
    rows = (
        uow.conn.execute(
            SCAN_QUERY.where(_sc.c.count_id == count_id).order_by(_sc.c.id.desc()).limit(limit)
        )
        .mappings()
        .all()
    )
    labels = room_labels(uow, [row["expected_room_id"] for row in rows])
    return [_scan_from_row(row, labels) for row in rows]


def _count_id_filter(value: str | int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput.single("count", N_("give the count's number")) from None
