"""Writing the movement ledger: one asset changed, one movement appended, one audit event.

Every life-cycle service goes through :func:`write_movement`: it changes the
asset's holder, place and status with a conditional UPDATE (the status must
still be what the service saw, so two people acting on one asset at once
cannot both succeed), appends the movement with the values before and
after, and records the change in the audit log, all in the caller's
transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.lines import AUDIT_TYPE
from houqin.core.assets.model import Asset, AssetStatus
from houqin.core.assets.movement_model import FITS, GONE, MovementAction
from houqin.core.assets.plugin import MANAGE
from houqin.core.assets.records import ASSET_QUERY, asset_from_row
from houqin.core.choices import label_of
from houqin.core.clock import school_today
from houqin.core.db.metadata import utcnow
from houqin.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from houqin.core.i18n import N_
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork

HOLDING = (
    "department_id",
    "custodian_id",
    "school_class_id",
    "campus_id",
    "building_id",
    "room_id",
)
"""The asset's columns a movement records before and after."""

_PREFIX = {
    "department_id": "department",
    "custodian_id": "custodian",
    "school_class_id": "class",
    "campus_id": "campus",
    "building_id": "building",
    "room_id": "room",
}


def day_of(
    uow: UnitOfWork, given: date | None, field: str, *, not_before: date | None = None
) -> date:
    """The day an action happened: today when not given, never in the future."""
    today = school_today(uow)
    if given is None:
        return today
    if given > today:
        raise InvalidInput.single(field, N_("{day} has not come yet", day=given.isoformat()))
    if not_before is not None and given < not_before:
        raise InvalidInput.single(
            field, N_("is before {day}, when the asset was last moved", day=not_before.isoformat())
        )
    return given


def load_asset(uow: UnitOfWork, asset_id: int) -> Asset:
    """The asset, its row held to the end of the transaction; no permission check."""
    query = ASSET_QUERY.where(t.asset.c.id == asset_id).with_for_update(of=t.asset)
    row = uow.conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(N_("asset {id} does not exist", id=asset_id))
    return asset_from_row(row)


def find_by_number(uow: UnitOfWork, number: str, field: str) -> Asset:
    """The asset with this number, or a refusal naming ``field``."""
    row = uow.conn.execute(ASSET_QUERY.where(t.asset.c.number == number.strip())).mappings().first()
    if row is None:
        raise InvalidInput.single(field, N_("there is no asset numbered {number}", number=number))
    return asset_from_row(row)


def require_manage(uow: UnitOfWork, found: Asset) -> None:
    """Refuse unless the actor manages the assets of ``found``'s campus or department."""
    require(
        uow.actor,
        MANAGE,
        campus_id=found.campus_id,
        department_id=found.department_id,
        label=uow.school.access.label(MANAGE),
    )


def refuse_unfit(found: Asset, action: MovementAction) -> None:
    """Refuse an action that does not fit the asset's status, saying which status it is in."""
    if found.status in FITS[action]:
        return
    if found.status in GONE:
        raise Conflict(
            N_(
                "asset {number} is {status}: it has left the books and nothing more "
                "can be done with it",
                number=found.number,
                status=label_of(found.status),
            )
        )
    raise Conflict(
        N_(
            "asset {number} is {status}: it cannot be {action} now",
            number=found.number,
            status=label_of(found.status),
            action=label_of(action),
        )
    )


def for_change(uow: UnitOfWork, asset_id: int, action: MovementAction) -> Asset:
    """The asset, locked, once the actor may manage it and the action fits its status."""
    found = load_asset(uow, asset_id)
    require_manage(uow, found)
    refuse_unfit(found, action)
    return found


def require_manage_there(uow: UnitOfWork, values: dict[str, Any]) -> None:
    """Refuse moving an asset to a campus or department the actor does not manage."""
    if not uow.actor.can(
        MANAGE, campus_id=values["campus_id"], department_id=values["department_id"]
    ):
        raise PermissionDenied(
            N_(
                "{actor} may not manage the assets of this campus or department",
                actor=uow.actor.name,
            )
        )


def last_movement_day(uow: UnitOfWork, asset_id: int) -> date | None:
    """The day of the asset's latest movement, which a new one may not precede."""
    m = t.asset_movement.c
    found = uow.conn.execute(sa.select(sa.func.max(m.happened_on)).where(m.asset_id == asset_id))
    return found.scalar()


def open_movement(uow: UnitOfWork, asset_id: int, action: MovementAction) -> Any:
    """The asset's latest loan or repair that no movement has ended yet, or None."""
    m = t.asset_movement.c
    closing = t.asset_movement.alias("closing")
    query = (
        sa.select(t.asset_movement)
        .where(
            m.asset_id == asset_id,
            m.action == action.value,
            ~sa.exists().where(closing.c.closes_id == m.id),
        )
        .order_by(m.id.desc())
        .limit(1)
    )
    return uow.conn.execute(query).mappings().first()


def write_movement(
    uow: UnitOfWork,
    before: Asset,
    action: MovementAction,
    happened_on: date,
    *,
    changes: dict[str, Any] | None = None,
    status: AssetStatus | None = None,
    **extra: Any,
) -> tuple[int, Asset]:
    """Change the asset, append the movement and audit it; returns the movement's id and the
    asset as it is now.

    ``changes`` are new values of the asset's :data:`HOLDING` columns (and
    ``disposed_on``); ``extra`` are movement columns (condition, due_on…).
    """
    changes = dict(changes or {})
    new_status = status if status is not None else before.status
    current = {column: getattr(before, column) for column in HOLDING}
    after_values = {**current, **{k: v for k, v in changes.items() if k in HOLDING}}
    updated = uow.conn.execute(
        t.asset.update()
        .where(t.asset.c.id == before.id, t.asset.c.status == before.status.value)
        .values(**changes, status=new_status.value)
    )
    if updated.rowcount != 1:
        raise Conflict(
            N_(
                "asset {number} was changed by someone else meanwhile; look at it again",
                number=before.number,
            )
        )
    values: dict[str, Any] = {
        "asset_id": before.id,
        "action": action.value,
        "happened_on": happened_on,
        "recorded_at": utcnow(),
        "actor_id": uow.actor.user_id,
        "actor": uow.actor.name,
        "status_before": before.status.value,
        "status_after": new_status.value,
        **extra,
    }
    for column in HOLDING:
        values[f"{_PREFIX[column]}_before_id"] = current[column]
        values[f"{_PREFIX[column]}_after_id"] = after_values[column]
    new_id = uow.conn.execute(t.asset_movement.insert().values(**values)).inserted_primary_key
    assert new_id is not None
    after = asset_from_row(
        uow.conn.execute(ASSET_QUERY.where(t.asset.c.id == before.id)).mappings().one()
    )
    conv = uow.school.converter
    uow.record(
        f"assets.asset.{action.value}",
        AUDIT_TYPE,
        before.id,
        before=conv.unstructure(before),
        after={**conv.unstructure(after), "movement_id": int(new_id[0])},
    )
    return int(new_id[0]), after


# Classes --------------------------------------------------------------------------------


@attrs.frozen
class ClassRef:
    """A class as the life cycle needs it: where its room is and who teaches it."""

    id: int
    name: str
    campus_id: int
    head_teacher_id: int | None
    room_id: int | None
    building_id: int | None


def find_class(uow: UnitOfWork, key: str, field: str = "school_class") -> ClassRef:
    """A class by its name, or ``campus/name`` where two campuses have a class of that name."""
    c = o.school_class.c
    query = sa.select(
        c.id, c.name, c.campus_id, c.head_teacher_id, c.room_id, o.room.c.building_id
    ).outerjoin(o.room, o.room.c.id == c.room_id)
    campus, slash, name = key.strip().rpartition("/")
    if slash:
        query = query.join(o.campus, o.campus.c.id == c.campus_id).where(
            o.campus.c.name == campus.strip(), c.name == name.strip()
        )
    else:
        query = query.where(c.name == name.strip())
    rows = uow.conn.execute(query.limit(2)).all()
    if not rows:
        raise InvalidInput.single(field, N_("there is no class named {name}", name=key))
    if len(rows) > 1:
        raise InvalidInput.single(
            field,
            N_("more than one campus has a class named {name}: write campus/name", name=key),
        )
    r = rows[0]
    return ClassRef(r.id, r.name, r.campus_id, r.head_teacher_id, r.room_id, r.building_id)


def department_of_person(uow: UnitOfWork, person_id: int | None) -> int | None:
    if person_id is None:
        return None
    found = uow.conn.execute(
        sa.select(o.person.c.department_id).where(o.person.c.id == person_id)
    ).scalar()
    return None if found is None else int(found)
