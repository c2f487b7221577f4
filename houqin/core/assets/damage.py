"""Damage and compensation (谁损坏谁赔偿): report, then paid or waived.

A report names what is damaged and, where known, who did it: a person of
the register, or a pupil by name with the class. The asset becomes damaged
(or goes to repair at once). The report stays open until the compensation
is recorded as paid, or waived with a reason. Returning or taking back an
asset in a damaged condition opens a report too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.model import Asset, AssetStatus
from houqin.core.assets.money import cents_sum, from_cents
from houqin.core.assets.movement_model import (
    CompensationInput,
    Damage,
    DamageInput,
    DamageStatus,
    MovementAction,
    WaiveInput,
)
from houqin.core.assets.moves import (
    day_of,
    find_class,
    for_change,
    last_movement_day,
    load_asset,
    require_manage,
    write_movement,
)
from houqin.core.assets.names import OrgNames, Refusal
from houqin.core.assets.plugin import VIEW
from houqin.core.assets.service import scoped
from houqin.core.choices import label_of
from houqin.core.db.metadata import utcnow
from houqin.core.db.rows import reader
from houqin.core.errors import Conflict, InvalidInput, NotFound
from houqin.core.i18n import N_
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork

AUDIT_TYPE = "asset_damage"

_d = t.asset_damage
DAMAGE_QUERY = (
    sa.select(
        _d,
        t.asset.c.number,
        t.asset.c.name.label("asset_name"),
        t.asset.c.campus_id,
        t.asset.c.department_id,
        o.school_class.c.name.label("school_class"),
    )
    .join(t.asset, t.asset.c.id == _d.c.asset_id)
    .outerjoin(o.school_class, o.school_class.c.id == _d.c.school_class_id)
)
_damage = reader(Damage)


def _load(uow: UnitOfWork, damage_id: int) -> Damage:
    row = uow.conn.execute(DAMAGE_QUERY.where(_d.c.id == damage_id)).mappings().first()
    if row is None:
        raise NotFound(N_("damage report {id} does not exist", id=damage_id))
    return _damage(row)


def get_damage(uow: UnitOfWork, damage_id: int) -> Damage:
    """One damage report, for those who see its asset."""
    found = _load(uow, damage_id)
    require(
        uow.actor,
        VIEW,
        campus_id=found.campus_id,
        department_id=found.department_id,
        label=uow.school.access.label(VIEW),
    )
    return found


def _audit(uow: UnitOfWork, action: str, after: Damage, before: Damage | None = None) -> None:
    conv = uow.school.converter
    uow.record(
        action,
        AUDIT_TYPE,
        after.id,
        before=conv.unstructure(before) if before is not None else None,
        after=conv.unstructure(after),
    )


def open_damage(
    uow: UnitOfWork,
    asset: Asset,
    *,
    description: str,
    reported_on: date,
    responsible: str | None,
    school_class: str | None = None,
    class_id: int | None = None,
    compensation: Decimal | None = None,
    found_in_id: int | None = None,
    repair_id: int | None = None,
) -> Damage:
    """Store a damage report; ``responsible`` is matched to a person of the register if one fits.

    A name that fits nobody (a pupil) is kept as written; one that fits
    several people is refused, asking for the staff number.
    """
    responsible_id = None
    name = (responsible or "").strip()
    if name:
        names = OrgNames(uow)
        found = names.person(name)
        if isinstance(found, Refusal):
            if len(names.people_named.get(name, [])) > 1:
                raise InvalidInput.single("responsible", found.message)
        else:
            responsible_id, name = found.id, found.name
    if school_class:
        class_id = find_class(uow, school_class).id
    new_id = uow.conn.execute(
        _d.insert().values(
            asset_id=asset.id,
            reported_on=reported_on,
            description=description,
            responsible_id=responsible_id,
            responsible=name,
            school_class_id=class_id,
            compensation=compensation,
            status=DamageStatus.OPEN.value,
            found_in_id=found_in_id,
            repair_id=repair_id,
            reported_by=uow.actor.name,
            recorded_at=utcnow(),
        )
    ).inserted_primary_key
    assert new_id is not None
    record = _load(uow, int(new_id[0]))
    _audit(uow, "assets.damage.reported", record)
    return record


def report_damage(uow: UnitOfWork, asset_id: int, cmd: DamageInput) -> Damage:
    """Report damage to an asset: it becomes damaged, or goes to repair with ``send_to_repair``."""
    before = for_change(uow, asset_id, MovementAction.DAMAGE)
    on = day_of(uow, cmd.happened_on, "happened_on", not_before=last_movement_day(uow, asset_id))
    if cmd.school_class:
        find_class(uow, cmd.school_class)  # refused before anything is written
    found_in, damaged = write_movement(
        uow,
        before,
        MovementAction.DAMAGE,
        on,
        status=AssetStatus.DAMAGED,
        note=cmd.description,
    )
    repair_id = None
    if cmd.send_to_repair:
        repair_id, _ = write_movement(
            uow, damaged, MovementAction.TO_REPAIR, on, status=AssetStatus.REPAIRING
        )
    return open_damage(
        uow,
        before,
        description=cmd.description,
        reported_on=on,
        responsible=cmd.responsible,
        school_class=cmd.school_class,
        compensation=cmd.compensation,
        found_in_id=found_in,
        repair_id=repair_id,
    )


def _settle(uow: UnitOfWork, damage_id: int, values: dict[str, Any], action: str) -> Damage:
    before = _load(uow, damage_id)
    require_manage(uow, load_asset(uow, before.asset_id))
    if before.status is not DamageStatus.OPEN:
        raise Conflict(
            N_(
                "damage report {id} is {status}: it was already settled",
                id=damage_id,
                status=label_of(before.status),
            )
        )
    changed = uow.conn.execute(
        _d.update()
        .where(_d.c.id == damage_id, _d.c.status == DamageStatus.OPEN.value)
        .values(**values)
    )
    if changed.rowcount != 1:
        raise Conflict(N_("damage report {id} was changed meanwhile; look again", id=damage_id))
    after = _load(uow, damage_id)
    _audit(uow, action, after, before)
    return after


def record_compensation(uow: UnitOfWork, damage_id: int, cmd: CompensationInput) -> Damage:
    """Record the compensation as paid (the amount set, unless another is given)."""
    found = _load(uow, damage_id)
    amount = cmd.amount if cmd.amount is not None else found.compensation
    if amount is None:
        raise InvalidInput.single("amount", N_("give the amount paid"))
    paid_on = day_of(uow, cmd.paid_on, "paid_on")
    if paid_on < found.reported_on:
        raise InvalidInput.single("paid_on", N_("is before the damage was reported"))
    return _settle(
        uow,
        damage_id,
        {
            "status": DamageStatus.COMPENSATED.value,
            "paid": amount,
            "paid_on": paid_on,
            "receipt": cmd.receipt,
            "settled_note": cmd.note,
            "compensation": found.compensation if found.compensation is not None else amount,
        },
        "assets.damage.compensated",
    )


def waive_compensation(uow: UnitOfWork, damage_id: int, cmd: WaiveInput) -> Damage:
    """Let the responsible party off paying (an accident, wear, nobody to blame), saying why."""
    return _settle(
        uow,
        damage_id,
        {"status": DamageStatus.WAIVED.value, "settled_note": cmd.reason},
        "assets.damage.waived",
    )


def list_damages(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    status: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Damage]:
    """Damage reports in the order they were made, of the assets the reader sees."""
    query = DAMAGE_QUERY
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(
                t.asset.c.number.ilike(pattern),
                _d.c.description.ilike(pattern),
                _d.c.responsible.ilike(pattern),
            )
        )
    if status:
        try:
            query = query.where(_d.c.status == DamageStatus(status).value)
        except ValueError:
            raise InvalidInput.single(
                "status", N_("{value!r} is not a damage report status", value=status)
            ) from None
    return fetch_page(
        uow.conn,
        scoped(uow, query),
        [_d.c.id],
        _damage,
        after=after,
        limit=limit,
        with_total=with_total,
    )


def unpaid_compensation(uow: UnitOfWork) -> tuple[int, Decimal]:
    """Open damage reports with compensation set, and the sum still to be paid."""
    columns: list[Any] = [sa.func.count(), cents_sum(_d.c.compensation)]
    query = (
        sa.select(*columns)
        .select_from(_d.join(t.asset, t.asset.c.id == _d.c.asset_id))
        .where(_d.c.status == DamageStatus.OPEN.value, _d.c.compensation > 0)
    )
    row = uow.conn.execute(scoped(uow, query)).one()
    return int(row[0]), from_cents(row[1])
