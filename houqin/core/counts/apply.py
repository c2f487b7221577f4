"""Applying a closed count: the accepted result lines become changes to the books.

All of it in the caller's one transaction: an asset found elsewhere is moved
there in the register, the missing ones go into one write-off request of
kind loss, damage found in a term count is reported (and sent for repair),
and each store difference is one stock adjustment with the reason
"盘点 <title>". A line that cannot be applied refuses the whole count, naming
the line; surplus tags are left for registration as assets acquired by
"surplus" (the result offers their numbers).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from houqin.core.counts import tables as t
from houqin.core.counts.model import (
    ApplyInput,
    Count,
    CountResult,
    CountStatus,
    ResultKind,
)
from houqin.core.counts.plugin import APPROVE
from houqin.core.counts.results import _change_status, results_of_count
from houqin.core.counts.service import load_count, require_on
from houqin.core.db.metadata import utcnow
from houqin.core.errors import Conflict, HouqinError
from houqin.core.i18n import N_, render
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork

COUNT_REASON = "盘点 {title}"
"""The reason a stock adjustment carries; the ledger is kept in the school's words."""


def _room_names(uow: UnitOfWork, room_id: int) -> tuple[str, str, str]:
    row = uow.conn.execute(
        sa.select(o.campus.c.name, o.building.c.name.label("building"), o.room.c.name)
        .join(o.building, o.building.c.id == o.room.c.building_id)
        .join(o.campus, o.campus.c.id == o.building.c.campus_id)
        .where(o.room.c.id == room_id)
    ).one()
    return row[0], row[1], row[2]


def _mark(uow: UnitOfWork, result: CountResult, applied: str) -> None:
    uow.conn.execute(
        t.count_result.update().where(t.count_result.c.id == result.id).values(applied=applied)
    )


def _refused(result: CountResult, exc: HouqinError) -> Conflict:
    return Conflict(
        N_(
            "line {code} ({what}) cannot be applied: {reason}",
            code=result.code,
            what=result.proposal,
            reason=render(exc.message) if not hasattr(exc, "errors") else str(exc),
        )
    )


def apply_count(uow: UnitOfWork, count_id: int, cmd: ApplyInput | None = None) -> Count:
    """Apply the accepted results of a closed count to the register and the store."""
    count = load_count(uow, count_id)
    require_on(uow, count, APPROVE)
    if count.status is not CountStatus.CLOSED:
        raise Conflict(
            N_("only a closed count can be applied; {title} is not", title=count.title)
            if count.status is CountStatus.OPEN
            else N_("count {title} has been applied already", title=count.title)
        )
    happened_on = cmd.happened_on if cmd is not None else None
    accepted = [r for r in results_of_count(uow, count.id) if r.accepted]
    missing: list[CountResult] = []
    for result in accepted:
        try:
            if result.outcome is ResultKind.MOVED:
                _move(uow, count, result, happened_on)
            elif result.outcome is ResultKind.DAMAGED:
                _report_damage(uow, count, result, happened_on)
            elif result.outcome is ResultKind.VARIANCE:
                _adjust(uow, count, result, happened_on)
            elif result.outcome is ResultKind.MISSING:
                missing.append(result)
        except HouqinError as exc:
            raise _refused(result, exc) from exc
    if missing:
        _write_off(uow, count, missing, happened_on)
    return _change_status(
        uow,
        count,
        "counts.count.applied",
        CountStatus.APPLIED,
        {"applied_by": uow.actor.name, "applied_at": utcnow()},
    )


def _move(uow: UnitOfWork, count: Count, result: CountResult, on: date | None) -> None:
    from houqin.core.assets.movement_model import MoveInput
    from houqin.core.assets.movements import move_asset

    row = uow.conn.execute(
        sa.select(t.count_result.c.found_room_id).where(t.count_result.c.id == result.id)
    ).one()
    campus, building, room = _room_names(uow, row.found_room_id)
    assert result.asset_id is not None
    move_asset(
        uow,
        result.asset_id,
        MoveInput(
            campus=campus,
            building=building,
            room=room,
            department=None,
            custodian=None,
            note=COUNT_REASON.format(title=count.title)[:200],
            happened_on=on,
        ),
    )
    _mark(uow, result, "moved")


def _report_damage(uow: UnitOfWork, count: Count, result: CountResult, on: date | None) -> None:
    from houqin.core.assets.damage import report_damage
    from houqin.core.assets.movement_model import DamageInput

    assert result.asset_id is not None
    damage = report_damage(
        uow,
        result.asset_id,
        DamageInput(
            description=(result.note or COUNT_REASON.format(title=count.title))[:500],
            responsible=result.responsible or None,
            school_class=result.school_class or None,
            compensation=None,
            send_to_repair=True,
            happened_on=on,
        ),
    )
    _mark(uow, result, f"damage {damage.id}")


def _adjust(uow: UnitOfWork, count: Count, result: CountResult, on: date | None) -> None:
    from houqin.core.stock.ledger import adjust_stock
    from houqin.core.stock.model import AdjustInput

    assert count.store is not None and result.difference
    movement = adjust_stock(
        uow,
        AdjustInput(
            store=count.store,
            item=result.code,
            quantity=result.difference,
            reason=COUNT_REASON.format(title=count.title)[:200],
            occurred_on=on,
        ),
    )
    _mark(uow, result, f"movement {movement.id}")


def _write_off(uow: UnitOfWork, count: Count, missing: list[CountResult], on: date | None) -> None:
    from houqin.core.assets.writeoff_model import WriteoffInput, WriteoffKind
    from houqin.core.assets.writeoffs import request_writeoff

    request = request_writeoff(
        uow,
        WriteoffInput(
            assets=" ".join(r.code for r in missing),
            kind=WriteoffKind.LOSS,
            reason=COUNT_REASON.format(title=count.title)[:200],
            happened_on=on,
        ),
    )
    uow.conn.execute(
        t.count_result.update()
        .where(
            t.count_result.c.count_id == count.id,
            t.count_result.c.outcome == ResultKind.MISSING.value,
            t.count_result.c.accepted,
        )
        .values(applied=f"write-off {request.id}")
    )
