"""The asset life cycle: issue, return, lend, take back, transfer, repair; the ledger's lists.

Each service runs in the caller's unit of work: it checks that the actor
manages the asset where it is (and where it goes), that the action fits the
asset's status, writes the asset and one movement, and audits the change
(:func:`houqin.core.assets.moves.write_movement`). A refusal leaves nothing
written, since the unit of work rolls back as a whole.

    idle ─issue→ in_use ─return→ idle (or damaged)
    idle/in_use ─lend→ lent ─take_back→ as before
    idle/in_use/damaged ─to_repair→ repairing ─from_repair→ in_use/idle (or damaged)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.categories import CategoryIndex
from houqin.core.assets.damage import open_damage
from houqin.core.assets.model import Asset, AssetStatus
from houqin.core.assets.movement_model import (
    Condition,
    IssueInput,
    LendInput,
    MoveInput,
    Movement,
    MovementAction,
    RepairBackInput,
    RepairInput,
    ReturnInput,
    TakeBackInput,
)
from houqin.core.assets.moves import (
    HOLDING,
    ClassRef,
    day_of,
    department_of_person,
    find_by_number,
    find_class,
    for_change,
    last_movement_day,
    open_movement,
    require_manage_there,
    write_movement,
)
from houqin.core.assets.names import OrgNames, Place, Refusal
from houqin.core.assets.plugin import VIEW
from houqin.core.assets.service import scoped
from houqin.core.clock import school_today
from houqin.core.convert import ValueRefused, parse_date
from houqin.core.db.rows import reader
from houqin.core.errors import Conflict, FieldError, InvalidInput, NotFound
from houqin.core.i18n import DEFAULT_LANGUAGE, N_, render
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as o
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

LOAN_DAYS = "assets.loan_days"


def _place(
    names: OrgNames, campus: str | None, building: str | None, room: str | None
) -> Place | None:
    found = names.place(campus, building, room)
    if isinstance(found, Refusal):
        raise InvalidInput.single(found.field, found.message)
    return found


def _target(
    names: OrgNames, before: Asset, campus: str | None, building: str | None, room: str | None
) -> Place | None:
    """The place a command names; a building or room given alone is on the asset's campus,
    a room given alone in its building."""
    if not (campus or building or room):
        return None
    campus = campus or (before.campus if building or before.building else None)
    building = building or (before.building if not campus or campus == before.campus else None)
    return _place(names, campus, building, room)


def _person(names: OrgNames, key: str, field: str) -> int:
    found = names.person(key)
    if isinstance(found, Refusal):
        raise InvalidInput.single(field, found.message)
    return found.id


def _place_values(place: Place) -> dict[str, Any]:
    return {
        "campus_id": place.campus_id,
        "building_id": place.building_id,
        "room_id": place.room_id,
    }


def _class_place(klass: ClassRef) -> dict[str, Any]:
    if klass.room_id is None:
        return {}
    return {
        "campus_id": klass.campus_id,
        "building_id": klass.building_id,
        "room_id": klass.room_id,
    }


def _when(uow: UnitOfWork, given: date | None, asset: Asset) -> date:
    return day_of(uow, given, "happened_on", not_before=last_movement_day(uow, asset.id))


def _auto_text(message: Any) -> str:
    return render(message, DEFAULT_LANGUAGE)


# Issue and return -----------------------------------------------------------------------


def issue_asset(uow: UnitOfWork, asset_id: int, cmd: IssueInput) -> Asset:
    """Issue an asset (领用) to a person, a class or a room; it is then in use there.

    A class's asset goes to its home room with its head teacher responsible
    unless a person or room is given. An asset whose category is marked
    以旧换新 is issued only against the old one of the same category,
    returned in the same transaction.
    """
    before = for_change(uow, asset_id, MovementAction.ISSUE)
    if before.status is AssetStatus.IN_USE and (before.custodian_id or before.school_class_id):
        raise Conflict(
            N_(
                "asset {number} is in use by {holder}: return it or transfer it first",
                number=before.number,
                holder=before.custodian or before.school_class or "",
            )
        )
    names = OrgNames(uow)
    person = _person(names, cmd.custodian, "custodian") if cmd.custodian else None
    klass = find_class(uow, cmd.school_class) if cmd.school_class else None
    place = _target(names, before, cmd.campus, cmd.building, cmd.room)
    if person is None and klass is None and place is None:
        raise InvalidInput.single(
            "custodian", N_("give the person, the class or the room it is issued to")
        )
    changes: dict[str, Any] = {
        "custodian_id": person
        if person is not None
        else (klass.head_teacher_id if klass else None),
        "school_class_id": klass.id if klass else None,
    }
    if place is not None:
        changes.update(_place_values(place))
    elif klass is not None:
        changes.update(_class_place(klass))
    if cmd.department:
        department = names.department(cmd.department)
        if department is None:
            raise InvalidInput.single(
                "department", N_("there is no department named {name}", name=cmd.department)
            )
        changes["department_id"] = department
    else:
        found = department_of_person(uow, changes["custodian_id"])
        if found is not None:
            changes["department_id"] = found
    target = {**{c: getattr(before, c) for c in HOLDING}, **changes}
    require_manage_there(uow, target)
    on = _when(uow, cmd.happened_on, before)
    _exchange(uow, before, cmd, on)
    _, after = write_movement(
        uow,
        before,
        MovementAction.ISSUE,
        on,
        changes=changes,
        status=AssetStatus.IN_USE,
        note=cmd.note,
    )
    return after


def _exchange(uow: UnitOfWork, new: Asset, cmd: IssueInput, on: date) -> None:
    """以旧换新: return the old asset the command names, or refuse when one is required."""
    category = CategoryIndex.load(uow).by_id[new.category_id]
    if not cmd.old_asset:
        if category.exchange_required:
            raise InvalidInput.single(
                "old_asset",
                N_(
                    "{category} is issued only against the old one: give the number of the "
                    "old asset handed back",
                    category=category.name,
                ),
            )
        return
    old = find_by_number(uow, cmd.old_asset, "old_asset")
    errors = []
    if old.id == new.id:
        errors.append(FieldError("old_asset", N_("is the asset being issued")))
    elif old.category_id != new.category_id:
        errors.append(
            FieldError(
                "old_asset",
                N_(
                    "{number} is a {other}, not a {category}",
                    number=old.number,
                    other=old.category_name,
                    category=category.name,
                ),
            )
        )
    if cmd.old_condition is None:
        errors.append(FieldError("old_condition", N_("give the condition of the old asset")))
    if errors:
        raise InvalidInput(errors)
    assert cmd.old_condition is not None
    _return(
        uow,
        old.id,
        cmd.old_condition,
        on,
        note=cmd.note or _auto_text(N_("exchanged for {number}", number=new.number)),
    )


def _return(
    uow: UnitOfWork,
    asset_id: int,
    condition: Condition,
    on: date,
    *,
    note: str,
    place: Place | None = None,
    responsible: str | None = None,
) -> Asset:
    before = for_change(uow, asset_id, MovementAction.RETURN)
    changes: dict[str, Any] = {"custodian_id": None, "school_class_id": None}
    if place is not None:
        changes.update(_place_values(place))
        require_manage_there(uow, {**{c: getattr(before, c) for c in HOLDING}, **changes})
    damaged = condition is Condition.DAMAGED
    movement_id, after = write_movement(
        uow,
        before,
        MovementAction.RETURN,
        on,
        changes=changes,
        status=AssetStatus.DAMAGED if damaged else AssetStatus.IDLE,
        condition=condition.value,
        note=note,
    )
    if damaged:
        open_damage(
            uow,
            before,
            description=note or _auto_text(N_("damaged when returned")),
            reported_on=on,
            responsible=responsible or before.custodian_no or before.custodian,
            class_id=before.school_class_id,
            found_in_id=movement_id,
        )
    return after


def return_asset(uow: UnitOfWork, asset_id: int, cmd: ReturnInput) -> Asset:
    """Take an issued asset back (归还): idle if good or worn; damaged opens a damage report."""
    before = for_change(uow, asset_id, MovementAction.RETURN)
    place = _target(OrgNames(uow), before, cmd.campus, cmd.building, cmd.room)
    on = _when(uow, cmd.happened_on, before)
    return _return(
        uow, asset_id, cmd.condition, on, note=cmd.note, place=place, responsible=cmd.responsible
    )


# Loans ----------------------------------------------------------------------------------


def loan_due(uow: UnitOfWork, lent_on: date) -> date:
    """The default due date of a loan made on ``lent_on`` (setting ``assets.loan_days``)."""
    return lent_on + timedelta(days=int(get_setting(uow, LOAN_DAYS)))


def lend_asset(uow: UnitOfWork, asset_id: int, cmd: LendInput) -> Asset:
    """Lend an asset (借出) to a person until a due date; it stays in its holder's books."""
    before = for_change(uow, asset_id, MovementAction.LEND)
    borrower = _person(OrgNames(uow), cmd.borrower, "borrower")
    on = _when(uow, cmd.happened_on, before)
    due = cmd.due_on if cmd.due_on is not None else loan_due(uow, on)
    if due < on:
        raise InvalidInput.single("due_on", N_("is before the day it is lent"))
    _, after = write_movement(
        uow,
        before,
        MovementAction.LEND,
        on,
        status=AssetStatus.LENT,
        borrower_id=borrower,
        due_on=due,
        note=cmd.note,
    )
    return after


def take_back_asset(uow: UnitOfWork, asset_id: int, cmd: TakeBackInput) -> Asset:
    """Take a lent asset back (收回); it returns to the status it had before the loan."""
    before = for_change(uow, asset_id, MovementAction.TAKE_BACK)
    loan = open_movement(uow, asset_id, MovementAction.LEND)
    on = _when(uow, cmd.happened_on, before)
    if loan is not None and loan["status_before"] in (AssetStatus.IN_USE, AssetStatus.IDLE):
        back = AssetStatus(loan["status_before"])
    else:
        back = AssetStatus.IN_USE if before.custodian_id else AssetStatus.IDLE
    damaged = cmd.condition is Condition.DAMAGED
    movement_id, after = write_movement(
        uow,
        before,
        MovementAction.TAKE_BACK,
        on,
        status=AssetStatus.DAMAGED if damaged else back,
        condition=cmd.condition.value,
        closes_id=loan["id"] if loan is not None else None,
        note=cmd.note,
    )
    if damaged:
        borrower = None
        if loan is not None and loan["borrower_id"] is not None:
            borrower = uow.conn.execute(
                sa.select(sa.func.coalesce(o.person.c.staff_no, o.person.c.name)).where(
                    o.person.c.id == loan["borrower_id"]
                )
            ).scalar()
        open_damage(
            uow,
            before,
            description=cmd.note or _auto_text(N_("damaged when taken back")),
            reported_on=on,
            responsible=cmd.responsible or borrower,
            found_in_id=movement_id,
        )
    return after


# Transfer -------------------------------------------------------------------------------


def move_asset(uow: UnitOfWork, asset_id: int, cmd: MoveInput) -> Asset:
    """Transfer an asset (调拨) to another department, custodian or place.

    A field left empty keeps what the asset has now; a room given alone is
    looked for in the asset's present building.
    """
    before = for_change(uow, asset_id, MovementAction.MOVE)
    names = OrgNames(uow)
    changes: dict[str, Any] = {}
    place = _target(names, before, cmd.campus, cmd.building, cmd.room)
    if place is not None:
        changes.update(_place_values(place))
    if cmd.department:
        department = names.department(cmd.department)
        if department is None:
            raise InvalidInput.single(
                "department", N_("there is no department named {name}", name=cmd.department)
            )
        changes["department_id"] = department
    if cmd.custodian:
        changes["custodian_id"] = _person(names, cmd.custodian, "custodian")
    current = {c: getattr(before, c) for c in HOLDING}
    if all(current[k] == v for k, v in changes.items()):
        raise InvalidInput.single(
            "department", N_("nothing changes: give a new department, custodian or place")
        )
    require_manage_there(uow, {**current, **changes})
    on = _when(uow, cmd.happened_on, before)
    _, after = write_movement(
        uow, before, MovementAction.MOVE, on, changes=changes, note=cmd.note or ""
    )
    return after


# Repairs --------------------------------------------------------------------------------


def send_to_repair(uow: UnitOfWork, asset_id: int, cmd: RepairInput) -> Asset:
    """Send an asset to repair (送修); it is under repair until it comes back."""
    before = for_change(uow, asset_id, MovementAction.TO_REPAIR)
    on = _when(uow, cmd.happened_on, before)
    if cmd.expected_on is not None and cmd.expected_on < on:
        raise InvalidInput.single("expected_on", N_("is before the day it is sent"))
    _, after = write_movement(
        uow,
        before,
        MovementAction.TO_REPAIR,
        on,
        status=AssetStatus.REPAIRING,
        repairer=cmd.repairer,
        due_on=cmd.expected_on,
        note=cmd.note,
    )
    return after


def back_from_repair(uow: UnitOfWork, asset_id: int, cmd: RepairBackInput) -> Asset:
    """An asset back from repair (修回): in use (or idle) again if fixed, else damaged."""
    before = for_change(uow, asset_id, MovementAction.FROM_REPAIR)
    repair = open_movement(uow, asset_id, MovementAction.TO_REPAIR)
    on = _when(uow, cmd.happened_on, before)
    if not cmd.fixed:
        status = AssetStatus.DAMAGED
    elif repair is not None and repair["status_before"] in (AssetStatus.IN_USE, AssetStatus.IDLE):
        status = AssetStatus(repair["status_before"])
    else:
        status = (
            AssetStatus.IN_USE
            if before.custodian_id or before.school_class_id
            else AssetStatus.IDLE
        )
    _, after = write_movement(
        uow,
        before,
        MovementAction.FROM_REPAIR,
        on,
        status=status,
        closes_id=repair["id"] if repair is not None else None,
        repairer=repair["repairer"] if repair is not None else "",
        cost=cmd.cost,
        note=cmd.note,
    )
    return after


# Reading the ledger ---------------------------------------------------------------------

_m = t.asset_movement
_closing = t.asset_movement.alias("closing")


_joins: list[tuple[Any, Any, str]] = []
_columns: list[Any] = [
    _m.c.id,
    _m.c.asset_id,
    t.asset.c.number,
    t.asset.c.name.label("asset_name"),
    _m.c.action,
    _m.c.happened_on,
    _m.c.recorded_at,
    _m.c.actor_id,
    _m.c.actor,
    _m.c.status_before,
    _m.c.status_after,
    _m.c.condition,
    _m.c.repairer,
    _m.c.due_on,
    _m.c.closes_id,
    _m.c.writeoff_id,
    _m.c.cost,
    _m.c.note,
    t.asset.c.campus_id.label("asset_campus_id"),
    t.asset.c.department_id.label("asset_department_id"),
    sa.select(_closing.c.id)
    .where(_closing.c.closes_id == _m.c.id)
    .limit(1)
    .scalar_subquery()
    .label("closed_by_id"),
]
for _prefix, _table in (
    ("department", o.department),
    ("custodian", o.person),
    ("class", o.school_class),
    ("campus", o.campus),
    ("building", o.building),
    ("room", o.room),
):
    for _side in ("before", "after"):
        _named = _table.alias(f"{_prefix}_{_side}_t")
        _columns.append(_named.c.name.label(f"{_prefix}_{_side}"))
        _joins.append((_named, _m.c[f"{_prefix}_{_side}_id"], f"{_prefix}_{_side}"))
_borrower = o.person.alias("borrower_t")
_columns.append(_borrower.c.name.label("borrower"))

_source: Any = _m.join(t.asset, t.asset.c.id == _m.c.asset_id)
for _named, _key, _label in _joins:
    _source = _source.outerjoin(_named, _named.c.id == _key)
_source = _source.outerjoin(_borrower, _borrower.c.id == _m.c.borrower_id)
MOVEMENT_QUERY = sa.select(*_columns).select_from(_source)

_movement = reader(Movement)


def get_movement(uow: UnitOfWork, movement_id: int) -> Movement:
    """One movement, for those who see its asset."""
    row = uow.conn.execute(MOVEMENT_QUERY.where(_m.c.id == movement_id)).mappings().first()
    if row is None:
        raise NotFound(N_("movement {id} does not exist", id=movement_id))
    require(
        uow.actor,
        VIEW,
        campus_id=row["asset_campus_id"],
        department_id=row["asset_department_id"],
        label=uow.school.access.label(VIEW),
    )
    return _movement(row)


def overdue_condition(day: date) -> sa.ColumnElement[bool]:
    """Loans not ended whose due date is before ``day`` (on the (action, due_on) index)."""
    return sa.and_(
        _m.c.action == MovementAction.LEND.value,
        _m.c.due_on < day,
        ~sa.exists().where(_closing.c.closes_id == _m.c.id),
    )


def _date_filter(value: str | date | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueRefused as exc:
        raise InvalidInput.single(field, exc.message) from None


def list_movements(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    number: str | None = None,
    action: str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    department: str | None = None,
    overdue: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Movement]:
    """The ledger in the order it was written, of the assets the reader sees.

    ``department`` keeps movements that left an asset with that department;
    ``overdue=yes`` keeps the loans past their due date not yet taken back.
    """
    query = MOVEMENT_QUERY
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(
                t.asset.c.number.ilike(pattern),
                t.asset.c.name.ilike(pattern),
                _m.c.note.ilike(pattern),
            )
        )
    if number:
        query = query.where(t.asset.c.number == number.strip())
    if action:
        try:
            query = query.where(_m.c.action == MovementAction(action).value)
        except ValueError:
            raise InvalidInput.single(
                "action", N_("{value!r} is not a kind of movement", value=action)
            ) from None
    since, until = _date_filter(date_from, "date_from"), _date_filter(date_to, "date_to")
    if since:
        query = query.where(_m.c.happened_on >= since)
    if until:
        query = query.where(_m.c.happened_on <= until)
    if department:
        found = OrgNames(uow).department(department)
        if found is None:
            raise InvalidInput.single(
                "department", N_("there is no department named {name}", name=department)
            )
        query = query.where(_m.c.department_after_id == found)
    if overdue:
        if overdue not in ("yes", "1", "true"):
            raise InvalidInput.single("overdue", N_("write yes, or leave it empty"))
        query = query.where(overdue_condition(school_today(uow)))
    return fetch_page(
        uow.conn,
        scoped(uow, query),
        [_m.c.id],
        _movement,
        after=after,
        limit=limit,
        with_total=with_total,
    )


def overdue_loans(uow: UnitOfWork) -> list[Movement]:
    """Loans past their due date, oldest due first, of the assets the reader sees."""
    query = scoped(uow, MOVEMENT_QUERY.where(overdue_condition(school_today(uow))))
    rows = uow.conn.execute(query.order_by(_m.c.due_on, _m.c.id)).mappings()
    return [_movement(r) for r in rows]
