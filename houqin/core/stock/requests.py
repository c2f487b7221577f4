"""Requests for items (领用申请) and their approval.

A member of staff with ``stock.request`` asks a store for an item for a
department; someone with ``stock.approve`` approves it (possibly fewer than
asked) or rejects it; the storekeeper then issues it, all at once or in
parts (:func:`houqin.core.stock.ledger.issue_stock`), and may close what is
left. Each step changes the status with a conditional UPDATE, so two people
acting on one request at once cannot both succeed, and each is audited.

    pending ─approve→ approved ─issue→ partly_issued ─issue→ issued
       └─reject→ rejected          └──────close──────→ closed
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.choices import label_of
from houqin.core.clock import zone_named
from houqin.core.db.metadata import utcnow
from houqin.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from houqin.core.i18n import N_
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import service as org
from houqin.core.org import tables as ot
from houqin.core.settings import parse_value, setting
from houqin.core.stock import tables as t
from houqin.core.stock.model import (
    OPEN_STATUSES,
    ApprovalInput,
    DecisionNote,
    RequestInput,
    RequestStatus,
    StockRequest,
    item_title,
)
from houqin.core.stock.plugin import APPROVE, MANAGE, REQUEST, VIEW
from houqin.core.stock.service import (
    ItemRef,
    audit,
    find_item,
    find_store,
    get_one,
    with_search,
)
from houqin.core.uow import UnitOfWork

_r = t.stock_request
TIMEZONE = "school.timezone"
_request_q = (
    sa.select(
        _r,
        t.stock_store.c.name.label("store"),
        t.stock_store.c.campus_id,
        t.stock_item.c.code,
        t.stock_item.c.name.label("item_name"),
        t.stock_item.c.spec,
        t.stock_item.c.unit,
        ot.department.c.name.label("department"),
    )
    .join(t.stock_store, t.stock_store.c.id == _r.c.store_id)
    .join(t.stock_item, t.stock_item.c.id == _r.c.item_id)
    .join(ot.department, ot.department.c.id == _r.c.department_id)
)


def _request(row: Any) -> StockRequest:
    return StockRequest(
        id=row["id"],
        store_id=row["store_id"],
        store=row["store"],
        campus_id=row["campus_id"],
        item_id=row["item_id"],
        item=item_title(row["item_name"], row["spec"]),
        code=row["code"],
        unit=row["unit"],
        department_id=row["department_id"],
        department=row["department"],
        quantity=row["quantity"],
        approved=row["approved"],
        issued=row["issued"],
        returned=row["returned"],
        issued_value=row["issued_value"],
        returned_value=row["returned_value"],
        status=RequestStatus(row["status"]),
        purpose=row["purpose"],
        requested_by=row["requested_by"],
        requested_at=row["requested_at"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        decision_note=row["decision_note"],
    )


def load_request(uow: UnitOfWork, request_id: int, *, lock: bool = False) -> StockRequest:
    """A request without a permission check; with ``lock`` its row is held to the end.

    Services that go on to change the request lock it before anything else
    (see the order in :mod:`houqin.core.stock.ledger`).
    """
    query = _request_q.where(_r.c.id == request_id)
    if lock:
        query = query.with_for_update(of=_r)
    return get_one(uow, query, _request, N_("request {id} does not exist", id=request_id))


_lock_for_issue_q = (
    _request_q.add_columns(
        t.stock_item.c.active,
        t.stock_item.c.supplier_id,
        sa.select(setting.c.value)
        .where(setting.c.name == TIMEZONE)
        .scalar_subquery()
        .label("timezone"),
    )
    .where(_r.c.id == sa.bindparam("request_id"))
    .with_for_update(of=_r)
)


@attrs.frozen
class IssueStart:
    """What :func:`issue_stock` reads first, in one statement, with the request locked."""

    request: StockRequest
    item: ItemRef
    zone: ZoneInfo


def lock_for_issue(uow: UnitOfWork, request_id: int) -> IssueStart:
    """:func:`load_request` with ``lock``, the item it asks for and the school's time zone.

    One statement instead of three, so that the lock on the balance that
    comes after is held for less: the item is that of :func:`item_ref`, the
    zone that of :func:`houqin.core.clock.school_zone`.
    """
    row = uow.conn.execute(_lock_for_issue_q, {"request_id": request_id}).mappings().first()
    if row is None:
        raise NotFound(N_("request {id} does not exist", id=request_id))
    spec = uow.school.settings.spec(TIMEZONE)
    zone = spec.default if row["timezone"] is None else parse_value(spec, row["timezone"])
    item = ItemRef(
        row["item_id"],
        row["code"],
        row["item_name"],
        row["spec"],
        row["unit"],
        bool(row["active"]),
        row["supplier_id"],
    )
    return IssueStart(_request(row), item, zone_named(str(zone)))


_OWN_COLUMNS = tuple(
    c.name for c in _r.columns if c.name in attrs.fields_dict(StockRequest) and c.name != "status"
)


def request_as_returned(before: StockRequest, row: Any) -> StockRequest:
    """``before`` as an ``UPDATE … RETURNING`` of all its row's columns gives it back.

    What :func:`load_request` would read after the change: the names joined
    in (store, item, department) follow ids that the change did not touch.
    """
    values = {name: row[name] for name in _OWN_COLUMNS}
    return attrs.evolve(before, status=RequestStatus(row["status"]), **values)


def record_request_change(uow: UnitOfWork, action: str, before: StockRequest) -> StockRequest:
    """Read the request back and audit the step that changed it."""
    after = load_request(uow, before.id)
    audit(uow, action, after, before)
    return after


def get_request(uow: UnitOfWork, request_id: int) -> StockRequest:
    """A request, for those who see its store's campus or its department."""
    request = load_request(uow, request_id)
    require(uow.actor, VIEW, campus_id=request.campus_id, department_id=request.department_id)
    return request


def _request_values(uow: UnitOfWork, cmd: RequestInput) -> dict[str, Any]:
    store = find_store(uow, cmd.store)
    item = find_item(uow, cmd.item)
    if not item.active:
        raise InvalidInput.single(
            "item", N_("{item} is marked as no longer in use", item=item.title)
        )
    department = org.department_id(uow, cmd.department)
    require(uow.actor, REQUEST, campus_id=store.campus_id, department_id=department)
    return {
        "store_id": store.id,
        "item_id": item.id,
        "department_id": department,
        "quantity": cmd.quantity,
        "purpose": cmd.purpose,
    }


def create_request(uow: UnitOfWork, cmd: RequestInput) -> StockRequest:
    """Ask a store for an item for a department; it waits for approval."""
    values = _request_values(uow, cmd)
    new_id = uow.conn.execute(
        _r.insert().values(
            **values,
            status=RequestStatus.PENDING.value,
            requested_by=uow.actor.name,
            requested_at=utcnow(),
        )
    ).inserted_primary_key
    assert new_id is not None
    record = load_request(uow, int(new_id[0]))
    audit(uow, "stock.request.created", record)
    return record


def _still_pending(request: StockRequest) -> None:
    if request.status is not RequestStatus.PENDING:
        raise Conflict(
            N_(
                "request {id} is {status}: only a request waiting for approval can be changed",
                id=request.id,
                status=label_of(request.status),
            )
        )


def _own_or_managed(uow: UnitOfWork, request: StockRequest) -> None:
    """Who asked may change or withdraw a request; so may whoever runs the store."""
    if request.requested_by != uow.actor.name:
        require(uow.actor, MANAGE, campus_id=request.campus_id)


def _moved_on(request_id: int) -> Conflict:
    return Conflict(
        N_("request {id} was changed by someone else meanwhile; look at it again", id=request_id)
    )


def update_request(uow: UnitOfWork, request_id: int, cmd: RequestInput) -> StockRequest:
    """Change a request while it waits for approval."""
    before = load_request(uow, request_id, lock=True)
    require(uow.actor, REQUEST, campus_id=before.campus_id, department_id=before.department_id)
    _own_or_managed(uow, before)
    _still_pending(before)
    values = _request_values(uow, cmd)
    changed = uow.conn.execute(
        _r.update()
        .where(_r.c.id == request_id, _r.c.status == RequestStatus.PENDING.value)
        .values(**values)
    )
    if changed.rowcount != 1:
        raise _moved_on(request_id)
    return record_request_change(uow, "stock.request.changed", before)


def delete_request(uow: UnitOfWork, request_id: int) -> None:
    """Withdraw a request that is still waiting for approval."""
    before = load_request(uow, request_id, lock=True)
    require(uow.actor, REQUEST, campus_id=before.campus_id, department_id=before.department_id)
    _own_or_managed(uow, before)
    _still_pending(before)
    gone = uow.conn.execute(
        _r.delete().where(_r.c.id == request_id, _r.c.status == RequestStatus.PENDING.value)
    )
    if gone.rowcount != 1:
        raise _moved_on(request_id)
    audit(uow, "stock.request.removed", None, before)


def _decide(
    uow: UnitOfWork,
    request_id: int,
    action: str,
    status: RequestStatus,
    note: str,
    approved: int | None = None,
) -> StockRequest:
    before = load_request(uow, request_id, lock=True)
    require(uow.actor, APPROVE, campus_id=before.campus_id, department_id=before.department_id)
    if before.status is not RequestStatus.PENDING:
        raise Conflict(
            N_(
                "request {id} is {status}: it was already decided",
                id=request_id,
                status=label_of(before.status),
            )
        )
    if approved is not None and approved > before.quantity:
        raise InvalidInput.single(
            "quantity",
            N_("at most the {asked} asked for can be approved", asked=before.quantity),
        )
    changed = uow.conn.execute(
        _r.update()
        .where(_r.c.id == request_id, _r.c.status == RequestStatus.PENDING.value)
        .values(
            status=status.value,
            approved=approved,
            decided_by=uow.actor.name,
            decided_at=utcnow(),
            decision_note=note,
        )
    )
    if changed.rowcount != 1:
        raise _moved_on(request_id)
    return record_request_change(uow, action, before)


def approve_request(uow: UnitOfWork, request_id: int, cmd: ApprovalInput) -> StockRequest:
    """Approve a waiting request, all that was asked for or fewer."""
    before = load_request(uow, request_id)
    quantity = cmd.quantity if cmd.quantity is not None else before.quantity
    return _decide(
        uow, request_id, "stock.request.approved", RequestStatus.APPROVED, cmd.note, quantity
    )


def reject_request(uow: UnitOfWork, request_id: int, cmd: DecisionNote) -> StockRequest:
    """Turn a waiting request down, saying why."""
    return _decide(uow, request_id, "stock.request.rejected", RequestStatus.REJECTED, cmd.reason)


def close_request(uow: UnitOfWork, request_id: int, cmd: DecisionNote) -> StockRequest:
    """End an approved request before all of it was issued: the rest is no longer needed.

    Whoever runs the store or approves its requests may close one.
    """
    before = load_request(uow, request_id, lock=True)
    may = uow.actor.can(MANAGE, campus_id=before.campus_id) or uow.actor.can(
        APPROVE, campus_id=before.campus_id, department_id=before.department_id
    )
    if not may:
        raise PermissionDenied(
            N_(
                "{actor} may not do this: it needs the permission “{permission}”",
                actor=uow.actor.name,
                permission=uow.school.access.label(MANAGE),
            )
        )
    if before.status not in OPEN_STATUSES:
        raise Conflict(
            N_(
                "request {id} is {status}: only an approved request can be closed",
                id=request_id,
                status=label_of(before.status),
            )
        )
    changed = uow.conn.execute(
        _r.update()
        .where(_r.c.id == request_id, _r.c.status.in_([s.value for s in OPEN_STATUSES]))
        .values(status=RequestStatus.CLOSED.value, decision_note=cmd.reason)
    )
    if changed.rowcount != 1:
        raise _moved_on(request_id)
    return record_request_change(uow, "stock.request.closed", before)


def list_requests(
    uow: UnitOfWork,
    *,
    status: str | None = None,
    store: str | None = None,
    department: str | None = None,
    item: str | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[StockRequest]:
    """Requests in the order they were made; those of the reader's campuses or departments."""
    query = with_search(_request_q, search, t.stock_item.c.name, _r.c.purpose, _r.c.requested_by)
    if status:
        try:
            query = query.where(_r.c.status == RequestStatus(status).value)
        except ValueError:
            raise InvalidInput.single(
                "status", N_("{value!r} is not a request status", value=status)
            ) from None
    if store:
        query = query.where(_r.c.store_id == find_store(uow, store).id)
    if department:
        query = query.where(_r.c.department_id == org.department_id(uow, department))
    if item:
        query = query.where(_r.c.item_id == find_item(uow, item).id)
    query = scoped_requests(uow, query, VIEW)
    return fetch_page(
        uow.conn, query, [_r.c.id], _request, after=after, limit=limit, with_total=with_total
    )


def scoped_requests(uow: UnitOfWork, query: sa.Select[Any], permission: str) -> sa.Select[Any]:
    """``query`` (over requests joined to their store) limited to what ``permission`` reaches."""
    scope = uow.actor.scope(permission)
    if scope.everything:
        return query
    conditions = []
    if scope.campus_ids:
        conditions.append(t.stock_store.c.campus_id.in_(scope.campus_ids))
    if scope.department_ids:
        conditions.append(_r.c.department_id.in_(scope.department_ids))
    return query.where(sa.or_(*conditions)) if conditions else query.where(sa.false())
