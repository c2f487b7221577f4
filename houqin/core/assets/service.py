"""The fixed-asset register: register, change, remove, look up, list and total.

Every write checks that the actor may manage assets of the line's campus
and department, applies the rules, and records an audit event per asset in
the same transaction. One line and a million go through the same checks
(:mod:`houqin.core.assets.lines`); lists filter on indexed columns, page by
keyset and total in SQL, so no line costs a query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.categories import AssetCategorySpec, CategoryIndex, CategoryInfo
from houqin.core.assets.lines import (
    AUDIT_TYPE,
    Line,
    RegisterWriter,
    WriteCounts,
    checker_for,
    require_manage_somewhere,
)
from houqin.core.assets.model import Asset, AssetInput, AssetStatus, AssetTotals
from houqin.core.assets.money import cents_sum, from_cents
from houqin.core.assets.names import OrgNames, Refusal
from houqin.core.assets.plugin import MANAGE, VIEW
from houqin.core.assets.records import ASSET_QUERY, asset_from_row
from houqin.core.convert import ValueRefused, parse_date
from houqin.core.db.metadata import utcnow
from houqin.core.errors import Conflict, FieldError, InvalidInput, NotFound, PermissionDenied
from houqin.core.i18n import N_, Text
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork


def _may_see(uow: UnitOfWork, found: Asset) -> None:
    require(
        uow.actor,
        VIEW,
        campus_id=found.campus_id,
        department_id=found.department_id,
        label=uow.school.access.label(VIEW),
    )


def get_asset(uow: UnitOfWork, object_id: int) -> Asset:
    """One asset, if the actor may see its campus or department."""
    row = uow.conn.execute(ASSET_QUERY.where(t.asset.c.id == object_id)).mappings().first()
    if row is None:
        raise NotFound(N_("asset {id} does not exist", id=object_id))
    found = asset_from_row(row)
    _may_see(uow, found)
    return found


def find_asset(uow: UnitOfWork, number: str) -> Asset:
    """The asset with this asset number (what a label or a scanner gives)."""
    row = uow.conn.execute(ASSET_QUERY.where(t.asset.c.number == number)).mappings().first()
    if row is None:
        raise NotFound(N_("there is no asset numbered {number}", number=number))
    found = asset_from_row(row)
    _may_see(uow, found)
    return found


def scoped(uow: UnitOfWork, query: sa.Select[Any], permission: str = VIEW) -> sa.Select[Any]:
    """Keep the assets of the campuses and departments the actor's permission reaches."""
    scope = uow.actor.scope(permission)
    if scope.everything:
        return query
    conditions = []
    if scope.campus_ids:
        conditions.append(t.asset.c.campus_id.in_(sorted(scope.campus_ids)))
    if scope.department_ids:
        conditions.append(t.asset.c.department_id.in_(sorted(scope.department_ids)))
    return query.where(sa.or_(*conditions)) if conditions else query.where(sa.false())


def _refused_filter(name: str, message: Text) -> InvalidInput:
    return InvalidInput.single(name, message)


def filter_assets(
    uow: UnitOfWork,
    query: sa.Select[Any],
    *,
    search: str | None = None,
    category: str | None = None,
    department: str | None = None,
    campus: str | None = None,
    building: str | None = None,
    room: str | None = None,
    status: str | None = None,
    custodian: str | None = None,
    acquired_from: str | date | None = None,
    acquired_to: str | date | None = None,
) -> sa.Select[Any]:
    """``query`` narrowed by the list filters; each one compares an indexed column.

    A category keeps its sub-categories too. A name that matches nothing
    known is refused naming the filter, so a typo never looks like an empty
    register.
    """
    a = t.asset.c
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(a.number.ilike(pattern), a.name.ilike(pattern), a.spec.ilike(pattern))
        )
    if category:
        index = CategoryIndex.load(uow)
        found = index.find(category)
        if isinstance(found, CategoryInfo):
            query = query.where(a.category_id.in_(sorted(index.descendants(found.id))))
        elif _declared(uow, category):
            query = query.where(sa.false())  # a module's category no asset has used yet
        else:
            raise _refused_filter("category", found)
    names = OrgNames(uow)
    if department:
        department_id = names.department(department)
        if department_id is None:
            raise _refused_filter(
                "department", N_("there is no department named {name}", name=department)
            )
        query = query.where(a.department_id == department_id)
    if campus or building or room:
        query = _where_place(names, query, campus, building, room)
    if status:
        try:
            wanted = uow.school.converter.structure(status, AssetStatus)
        except (ValueRefused, ValueError) as exc:
            message = exc.message if isinstance(exc, ValueRefused) else N_("unknown status")
            raise _refused_filter("status", message) from None
        query = query.where(a.status == wanted.value)
    if custodian:
        person = names.person(custodian)
        if isinstance(person, Refusal):
            ids = [p.id for p in names.people_named.get(custodian, [])]
            if not ids:
                raise _refused_filter("custodian", person.message)
            query = query.where(a.custodian_id.in_(ids))
        else:
            query = query.where(a.custodian_id == person.id)
    for name, value, compare in (
        ("acquired_from", acquired_from, a.acquired_on.__ge__),
        ("acquired_to", acquired_to, a.acquired_on.__le__),
    ):
        if value:
            try:
                query = query.where(compare(parse_date(value)))
            except ValueRefused as exc:
                raise _refused_filter(name, exc.message) from None
    return query


def _declared(uow: UnitOfWork, key: str) -> bool:
    specs: list[AssetCategorySpec] = uow.school.host.collect(
        "houqin_asset_categories", key=lambda spec: spec.code
    )
    return any(key in (spec.code, str(spec.name)) for spec in specs)


def _where_place(
    names: OrgNames,
    query: sa.Select[Any],
    campus: str | None,
    building: str | None,
    room: str | None,
) -> sa.Select[Any]:
    a = t.asset.c
    campus_id = None
    if campus:
        campus_id = names.campus(campus)
        if campus_id is None:
            raise _refused_filter("campus", N_("there is no campus named {name}", name=campus))
        query = query.where(a.campus_id == campus_id)
    building_ids: list[int] = []
    if building:
        building_ids = [b for c, b in names.buildings_called(building) if campus_id in (None, c)]
        if not building_ids:
            raise _refused_filter(
                "building", N_("there is no building named {name}", name=building)
            )
        query = query.where(a.building_id.in_(building_ids))
    if room:
        rooms = sa.select(o.room.c.id).where(o.room.c.name == room)
        if building_ids:
            rooms = rooms.where(o.room.c.building_id.in_(building_ids))
        room_ids = list(names.uow.conn.execute(rooms).scalars())
        if not room_ids:
            raise _refused_filter("room", N_("there is no room {name}", name=room))
        query = query.where(a.room_id.in_(room_ids))
    return query


def list_assets(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
    **filters: Any,
) -> Page[Asset]:
    """A page of the register in asset-number order; filters as :func:`filter_assets`."""
    query = scoped(uow, filter_assets(uow, ASSET_QUERY, search=search, **filters))
    # Every filter compares columns of the asset itself: the total needs no join.
    lines = sa.select(t.asset.c.id).select_from(t.asset)
    counted = scoped(uow, filter_assets(uow, lines, search=search, **filters))
    return fetch_page(
        uow.conn,
        query,
        [t.asset.c.number],
        asset_from_row,
        after=after,
        limit=limit,
        with_total=with_total,
        count_query=counted,
    )


def asset_totals(uow: UnitOfWork, *, search: str | None = None, **filters: Any) -> AssetTotals:
    """Lines, quantity and value of the register as filtered, summed by the database."""
    base = sa.select(
        sa.func.count().label("lines"),
        sa.func.coalesce(sa.func.sum(t.asset.c.quantity), 0).label("quantity"),
        cents_sum(t.asset.c.value).label("value"),
    ).select_from(t.asset)
    row = uow.conn.execute(scoped(uow, filter_assets(uow, base, search=search, **filters))).one()
    return AssetTotals(int(row.lines), int(row.quantity), from_cents(row.value))


def count_without_custodian(uow: UnitOfWork) -> int:
    """Assets in use that nobody is responsible for (责任到人 is the rule)."""
    query = (
        sa.select(sa.func.count())
        .select_from(t.asset)
        .where(t.asset.c.custodian_id.is_(None), t.asset.c.status == AssetStatus.IN_USE.value)
    )
    return int(uow.conn.execute(scoped(uow, query)).scalar_one())


def count_without_life(uow: UnitOfWork) -> int:
    """Assets in a depreciating category that has no useful life set."""
    query = (
        sa.select(sa.func.count())
        .select_from(t.asset)
        .join(t.asset_category, t.asset_category.c.id == t.asset.c.category_id)
        .where(t.asset_category.c.depreciable, t.asset_category.c.useful_life_months.is_(None))
    )
    return int(uow.conn.execute(scoped(uow, query)).scalar_one())


def _save_one(uow: UnitOfWork, cmd: AssetInput, before: Asset | None) -> Asset:
    require_manage_somewhere(uow)
    checker = checker_for(uow)
    line = checker.check(cmd, None, current=before)
    if isinstance(line, list):
        raise InvalidInput(line)
    if before is None or cmd.number != before.number:
        taken = uow.conn.execute(sa.select(t.asset.c.id).where(t.asset.c.number == cmd.number))
        if taken.first() is not None:
            raise InvalidInput.single(
                "number", N_("asset number {number} is already used", number=cmd.number)
            )
    errors = checker.finish(line, None)
    if errors:
        raise InvalidInput(errors)
    if checker.out_of_reach(line, None) is not None:
        raise PermissionDenied(
            N_(
                "{actor} may not manage the assets of this campus or department",
                actor=uow.actor.name,
            )
        )
    conv = uow.school.converter
    try:
        if before is None:
            new_id = uow.conn.execute(
                t.asset.insert().values(**line.values, created_at=utcnow())
            ).inserted_primary_key
            assert new_id is not None
            record = get_asset(uow, int(new_id[0]))
            uow.record(
                "assets.asset.created", AUDIT_TYPE, record.id, after=conv.unstructure(record)
            )
            return record
        uow.conn.execute(t.asset.update().where(t.asset.c.id == before.id).values(**line.values))
    except sa.exc.IntegrityError as exc:
        raise Conflict(N_("this conflicts with an existing asset (same asset number)")) from exc
    after = get_asset(uow, before.id)
    if after != before:
        uow.record(
            "assets.asset.changed",
            AUDIT_TYPE,
            before.id,
            before=conv.unstructure(before),
            after=conv.unstructure(after),
        )
    return after


def create_asset(uow: UnitOfWork, cmd: AssetInput) -> Asset:
    """Register one asset (登记)."""
    return _save_one(uow, cmd, None)


def _require_manage(uow: UnitOfWork, found: Asset) -> None:
    require(
        uow.actor,
        MANAGE,
        campus_id=found.campus_id,
        department_id=found.department_id,
        label=uow.school.access.label(MANAGE),
    )


def update_asset(uow: UnitOfWork, object_id: int, cmd: AssetInput) -> Asset:
    """Change an asset; the actor must manage it where it is and where it goes."""
    before = get_asset(uow, object_id)
    _require_manage(uow, before)
    return _save_one(uow, cmd, before)


def delete_asset(uow: UnitOfWork, object_id: int) -> None:
    """Remove a line entered by mistake; an asset that leaves the school is scrapped instead."""
    before = get_asset(uow, object_id)
    _require_manage(uow, before)
    uow.conn.execute(t.asset.delete().where(t.asset.c.id == object_id))
    uow.record(
        "assets.asset.removed",
        AUDIT_TYPE,
        object_id,
        before=uow.school.converter.unstructure(before),
    )


def register_assets(uow: UnitOfWork, commands: Iterable[AssetInput]) -> WriteCounts:
    """Create or change many assets at once by asset number, refusing all on any error.

    What the demo and other bulk sources use; a spreadsheet goes through
    :mod:`houqin.core.assets.importer`, which reports by row. Each asset's
    event is in the audit log; plugins hear one ``assets.registered`` event.
    """
    require_manage_somewhere(uow)
    checker = checker_for(uow)
    checker.names.load_all()
    errors: list[FieldError] = []

    def refused(position: int, found: list[FieldError]) -> None:
        errors.extend(attrs.evolve(e, row=position) for e in found)

    writer: RegisterWriter[int] = RegisterWriter(uow, checker, refused)
    first: dict[str, int] = {}
    for position, cmd in enumerate(commands, start=1):
        line: Line[int] | list[FieldError] = checker.check(cmd, position)
        if cmd.number in first:
            line = [FieldError("number", N_("duplicates line {line}", line=first[cmd.number]))]
        first.setdefault(cmd.number, position)
        if isinstance(line, list):
            refused(position, line)
        else:
            writer.add(line)
        writer.writing = not errors
    writer.flush()
    if errors:
        raise InvalidInput(errors)
    uow.record("assets.registered", AUDIT_TYPE, "*", after=attrs.asdict(writer.counts))
    return writer.counts
