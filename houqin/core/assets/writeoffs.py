"""Write-offs (报废/报损) with approval tiered by book value.

A request lists assets with their value, accumulated depreciation and net
value on the day they leave. Who approves depends on the total book value
(原值), set per school by the settings ``assets.writeoff_tier1`` and
``assets.writeoff_tier2``:

- up to tier 1: the head of logistics (``assets.approve_writeoff``);
- above tier 1: the principal too (``assets.approve_writeoff_high``);
- above tier 2: both, and the authority's filing number (主管部门/财政备案)
  before the last approval.

One person approves one step, whatever permissions they hold. The last
approval scraps the assets (or marks them missing), each with a movement;
a write-off that is waiting or refused changes no asset.

    pending ─approve (every step)→ approved
       └─refuse→ refused
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.categories import CategoryIndex
from houqin.core.assets.depreciation import accumulated
from houqin.core.assets.model import Asset, AssetStatus
from houqin.core.assets.movement_model import FITS, MovementAction
from houqin.core.assets.moves import day_of, load_asset, refuse_unfit, write_movement
from houqin.core.assets.plugin import APPROVE_WRITEOFF, APPROVE_WRITEOFF_HIGH, MANAGE, VIEW
from houqin.core.assets.records import ASSET_QUERY, asset_from_row
from houqin.core.assets.writeoff_model import (
    Approval,
    ApprovalStep,
    ApproveInput,
    RefuseInput,
    ScrapInput,
    Writeoff,
    WriteoffInput,
    WriteoffKind,
    WriteoffLine,
    WriteoffStatus,
)
from houqin.core.choices import label_of
from houqin.core.clock import school_today
from houqin.core.db.metadata import utcnow
from houqin.core.db.rows import reader
from houqin.core.errors import Conflict, FieldError, InvalidInput, NotFound, PermissionDenied
from houqin.core.i18n import N_
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

AUDIT_TYPE = "asset_writeoff"
TIER1 = "assets.writeoff_tier1"
TIER2 = "assets.writeoff_tier2"
STEP_PERMISSION = {
    ApprovalStep.HEAD: APPROVE_WRITEOFF,
    ApprovalStep.PRINCIPAL: APPROVE_WRITEOFF_HIGH,
}
_ACTION = {WriteoffKind.SCRAP: MovementAction.SCRAP, WriteoffKind.LOSS: MovementAction.LOSS}
_LEFT = {WriteoffKind.SCRAP: AssetStatus.SCRAPPED, WriteoffKind.LOSS: AssetStatus.MISSING}
_SEPARATORS = re.compile(r"[\s,，、;；]+")

_w = t.asset_writeoff
_l = t.asset_writeoff_line
_a = t.asset_writeoff_approval
_HEAD = [c.name for c in _w.columns]


def _writeoff(row: Any) -> Writeoff:
    """A write-off from its own row; its lines and approvals are read apart."""
    values = {name: row[name] for name in _HEAD}
    values.update(kind=WriteoffKind(row["kind"]), status=WriteoffStatus(row["status"]))
    return Writeoff(**values)


_line = reader(WriteoffLine)
_approval = reader(Approval)
_LINE_QUERY = sa.select(
    _l.c.id,
    _l.c.asset_id,
    t.asset.c.number,
    t.asset.c.name,
    t.asset.c.spec,
    t.asset.c.acquired_on,
    t.asset.c.campus_id,
    t.asset.c.department_id,
    _l.c.value,
    _l.c.accumulated,
    _l.c.net,
).join(t.asset, t.asset.c.id == _l.c.asset_id)


# Reading --------------------------------------------------------------------------------


def _load(uow: UnitOfWork, writeoff_id: int, *, lock: bool = False) -> Writeoff:
    query = sa.select(_w).where(_w.c.id == writeoff_id)
    if lock:
        query = query.with_for_update()
    row = uow.conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(N_("write-off {id} does not exist", id=writeoff_id))
    lines = uow.conn.execute(_LINE_QUERY.where(_l.c.writeoff_id == writeoff_id).order_by(_l.c.id))
    approvals = uow.conn.execute(
        sa.select(_a).where(_a.c.writeoff_id == writeoff_id).order_by(_a.c.id)
    )
    return attrs.evolve(
        _writeoff(row),
        lines=tuple(_line(r) for r in lines.mappings()),
        approvals=tuple(_approval(r) for r in approvals.mappings()),
    )


def _sees(uow: UnitOfWork, found: Writeoff, permission: str) -> bool:
    return any(
        uow.actor.can(permission, campus_id=line.campus_id, department_id=line.department_id)
        for line in found.lines
    )


def get_writeoff(uow: UnitOfWork, writeoff_id: int) -> Writeoff:
    """A write-off with its lines and approvals, for those who see one of its assets."""
    found = _load(uow, writeoff_id)
    if not _sees(uow, found, VIEW) and not _approver(uow, found):
        require(uow.actor, VIEW, label=uow.school.access.label(VIEW))
        raise PermissionDenied(N_("{actor} may not see this write-off", actor=uow.actor.name))
    return found


def list_writeoffs(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Writeoff]:
    """Write-offs in the order they were asked for; lines are read on the detail page."""
    query = sa.select(_w)
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(sa.or_(_w.c.number.ilike(pattern), _w.c.reason.ilike(pattern)))
    for name, value, enum, column in (
        ("status", status, WriteoffStatus, _w.c.status),
        ("kind", kind, WriteoffKind, _w.c.kind),
    ):
        if value:
            try:
                query = query.where(column == enum(value).value)
            except ValueError:
                raise InvalidInput.single(
                    name, N_("unknown value {value!r}", value=value)
                ) from None
    scope = uow.actor.scope(VIEW)
    if not scope.everything:
        conditions = []
        if scope.campus_ids:
            conditions.append(t.asset.c.campus_id.in_(sorted(scope.campus_ids)))
        if scope.department_ids:
            conditions.append(t.asset.c.department_id.in_(sorted(scope.department_ids)))
        held = (
            sa.select(_l.c.id)
            .join(t.asset, t.asset.c.id == _l.c.asset_id)
            .where(_l.c.writeoff_id == _w.c.id, sa.or_(*conditions) if conditions else sa.false())
        )
        query = query.where(sa.exists(held))
    return fetch_page(
        uow.conn, query, [_w.c.id], _writeoff, after=after, limit=limit, with_total=with_total
    )


# Tiers ----------------------------------------------------------------------------------


def steps_needed(uow: UnitOfWork, value: Decimal) -> tuple[ApprovalStep, ...]:
    """The approval steps a write-off of this book value needs."""
    if value > Decimal(str(get_setting(uow, TIER1))):
        return (ApprovalStep.HEAD, ApprovalStep.PRINCIPAL)
    return (ApprovalStep.HEAD,)


def needs_filing(uow: UnitOfWork, value: Decimal) -> bool:
    """Whether the authority's filing number is needed before the last approval."""
    return value > Decimal(str(get_setting(uow, TIER2)))


def open_steps(uow: UnitOfWork, found: Writeoff) -> list[ApprovalStep]:
    done = {a.step for a in found.approvals}
    return [s for s in steps_needed(uow, found.value) if s not in done]


def _decided_by_actor(uow: UnitOfWork, found: Writeoff) -> Approval | None:
    actor = uow.actor
    return next(
        (
            a
            for a in found.approvals
            if (actor.user_id is not None and a.by_id == actor.user_id) or a.by_name == actor.name
        ),
        None,
    )


def _may_approve(uow: UnitOfWork, found: Writeoff, step: ApprovalStep) -> bool:
    return all(
        uow.actor.can(
            STEP_PERMISSION[step], campus_id=line.campus_id, department_id=line.department_id
        )
        for line in found.lines
    )


def _approver(uow: UnitOfWork, found: Writeoff) -> ApprovalStep | None:
    """The open step the actor may approve now, if any."""
    if found.status is not WriteoffStatus.PENDING or _decided_by_actor(uow, found) is not None:
        return None
    return next((s for s in open_steps(uow, found) if _may_approve(uow, found, s)), None)


def waiting_for(uow: UnitOfWork) -> int:
    """How many write-offs wait for the actor's approval."""
    ids = uow.conn.execute(
        sa.select(_w.c.id).where(_w.c.status == WriteoffStatus.PENDING.value).order_by(_w.c.id)
    ).scalars()
    return sum(_approver(uow, _load(uow, i)) is not None for i in ids)


# Requesting -----------------------------------------------------------------------------


def _next_number(uow: UnitOfWork) -> str:
    prefix = f"BS{school_today(uow).year}-"
    last = uow.conn.execute(
        sa.select(sa.func.max(_w.c.number)).where(_w.c.number.like(f"{prefix}%"))
    ).scalar()
    following = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{following:04d}"


def _assets_named(uow: UnitOfWork, text: str) -> list[Asset]:
    numbers = [n for n in _SEPARATORS.split(text.strip()) if n]
    if not numbers:
        raise InvalidInput.single("assets", N_("give the numbers of the assets"))
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise InvalidInput.single(
            "assets", N_("listed more than once: {numbers}", numbers=", ".join(repeated))
        )
    rows = uow.conn.execute(
        ASSET_QUERY.where(t.asset.c.number.in_(numbers)).with_for_update(of=t.asset)
    ).mappings()
    found = {a.number: a for a in map(asset_from_row, rows)}
    unknown = [n for n in numbers if n not in found]
    if unknown:
        raise InvalidInput.single(
            "assets", N_("there are no assets numbered {numbers}", numbers=", ".join(unknown))
        )
    return [found[n] for n in numbers]


def request_writeoff(uow: UnitOfWork, cmd: WriteoffInput) -> Writeoff:
    """Ask to write assets off; it waits for approval and changes no asset until approved."""
    assets = _assets_named(uow, cmd.assets)
    errors: list[FieldError] = []
    for found in assets:
        require(
            uow.actor,
            MANAGE,
            campus_id=found.campus_id,
            department_id=found.department_id,
            label=uow.school.access.label(MANAGE),
        )
        try:
            refuse_unfit(found, _ACTION[cmd.kind])
        except Conflict as exc:
            errors.append(FieldError("assets", exc.message))
    waiting = uow.conn.execute(
        sa.select(t.asset.c.number, _w.c.number)
        .select_from(
            _l.join(_w, _w.c.id == _l.c.writeoff_id).join(t.asset, t.asset.c.id == _l.c.asset_id)
        )
        .where(
            _w.c.status == WriteoffStatus.PENDING.value, _l.c.asset_id.in_([a.id for a in assets])
        )
    ).all()
    for number, writeoff in waiting:
        errors.append(
            FieldError(
                "assets",
                N_(
                    "asset {number} is already in write-off {writeoff}",
                    number=number,
                    writeoff=writeoff,
                ),
            )
        )
    if errors:
        raise InvalidInput(errors)
    on = day_of(uow, cmd.happened_on, "happened_on")
    index = CategoryIndex.load(uow)
    lines: list[dict[str, Any]] = []
    for found in assets:
        life = index.by_id[found.category_id].life_in_force
        spent = accumulated(
            found.value,
            found.acquired_on,
            life,
            on,
            found.accumulated_depreciation,
            found.depreciation_as_of,
        )
        lines.append(
            {
                "asset_id": found.id,
                "value": found.value,
                "accumulated": spent,
                "net": found.value - spent,
            }
        )
    total: dict[str, Decimal] = {
        k: sum((Decimal(line[k]) for line in lines), Decimal("0.00"))
        for k in ("value", "accumulated", "net")
    }
    try:
        new_id = uow.conn.execute(
            _w.insert().values(
                number=_next_number(uow),
                kind=cmd.kind.value,
                reason=cmd.reason,
                happened_on=on,
                requested_by=uow.actor.name,
                requested_by_id=uow.actor.user_id,
                requested_at=utcnow(),
                status=WriteoffStatus.PENDING.value,
                **total,
            )
        ).inserted_primary_key
    except sa.exc.IntegrityError as exc:
        raise Conflict(N_("another write-off was numbered at the same moment; try again")) from exc
    assert new_id is not None
    writeoff_id = int(new_id[0])
    uow.conn.execute(_l.insert(), [{**line, "writeoff_id": writeoff_id} for line in lines])
    record = _load(uow, writeoff_id)
    _audit(uow, "assets.writeoff.requested", record)
    return record


def request_scrap(uow: UnitOfWork, asset_id: int, cmd: ScrapInput) -> Writeoff:
    """Ask to scrap one asset (报废申请): a write-off of that asset alone."""
    found = load_asset(uow, asset_id)
    return request_writeoff(
        uow,
        WriteoffInput(
            assets=found.number,
            kind=WriteoffKind.SCRAP,
            reason=cmd.reason,
            happened_on=cmd.happened_on,
        ),
    )


def delete_writeoff(uow: UnitOfWork, writeoff_id: int) -> None:
    """Withdraw a write-off that still waits for approval; only who asked for it may."""
    before = _load(uow, writeoff_id, lock=True)
    if before.status is not WriteoffStatus.PENDING:
        raise Conflict(
            N_(
                "write-off {number} is {status}: only one waiting for approval can be withdrawn",
                number=before.number,
                status=label_of(before.status),
            )
        )
    if before.requested_by != uow.actor.name:
        raise PermissionDenied(
            N_(
                "only {who}, who asked for write-off {number}, may withdraw it",
                who=before.requested_by,
                number=before.number,
            )
        )
    uow.conn.execute(_a.delete().where(_a.c.writeoff_id == writeoff_id))
    uow.conn.execute(_l.delete().where(_l.c.writeoff_id == writeoff_id))
    uow.conn.execute(_w.delete().where(_w.c.id == writeoff_id))
    conv = uow.school.converter
    uow.record("assets.writeoff.removed", AUDIT_TYPE, writeoff_id, before=_plain(conv, before))


# Deciding -------------------------------------------------------------------------------


def _plain(conv: Any, record: Writeoff) -> dict[str, Any]:
    data: dict[str, Any] = conv.unstructure(record)
    data["assets"] = record.assets
    return data


def _audit(uow: UnitOfWork, action: str, after: Writeoff, before: Writeoff | None = None) -> None:
    conv = uow.school.converter
    uow.record(
        action,
        AUDIT_TYPE,
        after.id,
        before=_plain(conv, before) if before is not None else None,
        after=_plain(conv, after),
    )


def _pending(found: Writeoff) -> None:
    if found.status is not WriteoffStatus.PENDING:
        raise Conflict(
            N_(
                "write-off {number} is {status}: it was already decided",
                number=found.number,
                status=label_of(found.status),
            )
        )


def _step_for(uow: UnitOfWork, found: Writeoff) -> ApprovalStep:
    """The open step the actor decides, or why they may not."""
    mine = _decided_by_actor(uow, found)
    if mine is not None:
        raise Conflict(
            N_(
                "you already approved write-off {number} as {step}; another person must "
                "approve the rest",
                number=found.number,
                step=label_of(mine.step),
            )
        )
    steps = open_steps(uow, found)
    # The highest step first: a principal approving takes the principal's step and leaves
    # the head of logistics' to the head.
    step = next((s for s in reversed(steps) if _may_approve(uow, found, s)), None)
    if step is None:
        permission = STEP_PERMISSION[steps[0]]
        raise PermissionDenied(
            N_(
                "{actor} may not do this: it needs the permission “{permission}”",
                actor=uow.actor.name,
                permission=uow.school.access.label(permission),
            )
        )
    return step


def _record_step(
    uow: UnitOfWork, found: Writeoff, step: ApprovalStep, decision: str, note: str
) -> None:
    uow.conn.execute(
        _a.insert().values(
            writeoff_id=found.id,
            step=step.value,
            decision=decision,
            by_name=uow.actor.name,
            by_id=uow.actor.user_id,
            at=utcnow(),
            note=note,
        )
    )


def approve_writeoff(uow: UnitOfWork, writeoff_id: int, cmd: ApproveInput) -> Writeoff:
    """Approve a write-off at the actor's step; the last step writes the assets off."""
    before = _load(uow, writeoff_id, lock=True)
    _pending(before)
    step = _step_for(uow, before)
    filing = (cmd.filing_no or "").strip() or before.filing_no
    last = len(open_steps(uow, before)) == 1
    if last and needs_filing(uow, before.value) and not filing:
        raise InvalidInput.single(
            "filing_no",
            N_(
                "a write-off of more than {tier} yuan needs the authority's filing number "
                "before the last approval",
                tier=get_setting(uow, TIER2),
            ),
        )
    _record_step(uow, before, step, "approved", cmd.note)
    values: dict[str, Any] = {"filing_no": filing}
    if last:
        values.update(status=WriteoffStatus.APPROVED.value, decided_at=utcnow())
    uow.conn.execute(_w.update().where(_w.c.id == writeoff_id).values(**values))
    if last:
        _write_off_assets(uow, before)
    after = _load(uow, writeoff_id)
    _audit(uow, "assets.writeoff.approved", after, before)
    return after


def _write_off_assets(uow: UnitOfWork, found: Writeoff) -> None:
    action, status = _ACTION[found.kind], _LEFT[found.kind]
    for line in found.lines:
        asset = load_asset(uow, line.asset_id)
        if asset.status not in FITS[action]:
            refuse_unfit(asset, action)
        write_movement(
            uow,
            asset,
            action,
            found.happened_on,
            changes={"disposed_on": found.happened_on},
            status=status,
            writeoff_id=found.id,
            note=found.reason,
        )


def refuse_writeoff(uow: UnitOfWork, writeoff_id: int, cmd: RefuseInput) -> Writeoff:
    """Refuse a write-off at the actor's step; no asset changes."""
    before = _load(uow, writeoff_id, lock=True)
    _pending(before)
    step = _step_for(uow, before)
    _record_step(uow, before, step, "refused", cmd.reason)
    uow.conn.execute(
        _w.update()
        .where(_w.c.id == writeoff_id)
        .values(status=WriteoffStatus.REFUSED.value, decided_at=utcnow())
    )
    after = _load(uow, writeoff_id)
    _audit(uow, "assets.writeoff.refused", after, before)
    return after
