"""Closing a count: the differences worked out in SQL, one result line per adjustment.

Missing (盘亏), moved and damaged lines come from ``INSERT … SELECT`` over the
expected lines and the scans, surplus (盘盈) lines from the unknown tags, and
for a store each item whose counted quantity differs from the book, valued at
the item's latest cost. Nothing is read into Python row by row.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from houqin.core.assets import tables as at
from houqin.core.counts import tables as t
from houqin.core.counts.model import (
    TERM_PURPOSES,
    CloseInput,
    Count,
    CountKind,
    CountResult,
    CountStatus,
    ReopenInput,
    ResultKind,
    ScanOutcome,
)
from houqin.core.counts.plugin import APPROVE, RUN
from houqin.core.counts.service import (
    AUDIT_TYPE,
    COUNTED_OUTCOMES,
    _enum_filter,
    count_scope,
    find_room,
    get_count,
    load_count,
    require_on,
    room_labels,
)
from houqin.core.db.metadata import Money, utcnow
from houqin.core.errors import Conflict, InvalidInput, NotFound
from houqin.core.i18n import N_, _
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.stock import tables as st
from houqin.core.uow import UnitOfWork

_r, _e, _sc = t.count_result, t.count_expected, t.count_scan

_COLUMNS = (
    "count_id",
    "outcome",
    "code",
    "asset_id",
    "item_id",
    "expected_room_id",
    "found_room_id",
    "book_quantity",
    "counted_quantity",
    "difference",
    "value",
    "note",
    "responsible",
    "school_class",
    "accepted",
)


def _select(count_id: int, outcome: ResultKind, **given: Any) -> list[Any]:
    """The select list of a result ``INSERT … SELECT`` in :data:`_COLUMNS` order."""
    defaults: dict[str, Any] = {
        "count_id": sa.literal(count_id, sa.Integer),
        "outcome": sa.literal(outcome.value, sa.String),
        "asset_id": sa.null(),
        "item_id": sa.null(),
        "expected_room_id": sa.null(),
        "found_room_id": sa.null(),
        "book_quantity": sa.null(),
        "counted_quantity": sa.null(),
        "difference": sa.null(),
        "value": sa.literal(0, Money),
        "note": sa.literal("", sa.String),
        "responsible": sa.literal("", sa.String),
        "school_class": sa.literal("", sa.String),
        "accepted": sa.true(),
    }
    defaults.update(given)
    return [defaults[name].label(name) for name in _COLUMNS]


def _insert(uow: UnitOfWork, query: sa.Select[Any]) -> None:
    uow.conn.execute(_r.insert().from_select(list(_COLUMNS), query))


def _first_scan(count_id: int) -> Any:
    """The condition that a scan is the first counted scan of its asset in the count."""
    first = _sc.alias("first_scan")
    return _sc.c.id == (
        sa.select(sa.func.min(first.c.id))
        .where(
            first.c.count_id == count_id,
            first.c.asset_id == _sc.c.asset_id,
            first.c.outcome.in_(COUNTED_OUTCOMES),
        )
        .scalar_subquery()
    )


def _asset_results(uow: UnitOfWork, count: Count) -> None:
    a = at.asset.c
    counted = (
        sa.select(sa.literal(1))
        .where(
            _sc.c.count_id == count.id,
            _sc.c.asset_id == _e.c.asset_id,
            _sc.c.outcome.in_(COUNTED_OUTCOMES),
        )
        .exists()
    )
    _insert(
        uow,
        sa.select(
            *_select(
                count.id,
                ResultKind.MISSING,
                code=a.number,
                asset_id=_e.c.asset_id,
                expected_room_id=_e.c.room_id,
                value=_e.c.value,
            )
        )
        .join_from(_e, at.asset, at.asset.c.id == _e.c.asset_id)
        .where(_e.c.count_id == count.id, ~counted),
    )
    _insert(
        uow,
        sa.select(
            *_select(
                count.id,
                ResultKind.MOVED,
                code=a.number,
                asset_id=_sc.c.asset_id,
                expected_room_id=a.room_id,
                found_room_id=_sc.c.room_id,
                value=a.value,
            )
        )
        .join_from(_sc, at.asset, at.asset.c.id == _sc.c.asset_id)
        .where(
            _sc.c.count_id == count.id,
            _sc.c.outcome.in_((ScanOutcome.MOVED, ScanOutcome.EXTRA)),
            _sc.c.room_id.is_not(None),
            sa.or_(a.room_id.is_(None), a.room_id != _sc.c.room_id),
            _first_scan(count.id),
        ),
    )
    first_unknown = _sc.alias("first_unknown")
    _insert(
        uow,
        sa.select(
            *_select(count.id, ResultKind.SURPLUS, code=_sc.c.code, found_room_id=_sc.c.room_id)
        ).where(
            _sc.c.count_id == count.id,
            _sc.c.outcome == ScanOutcome.UNKNOWN,
            _sc.c.id
            == sa.select(sa.func.min(first_unknown.c.id))
            .where(
                first_unknown.c.count_id == count.id,
                first_unknown.c.code == _sc.c.code,
                first_unknown.c.outcome == ScanOutcome.UNKNOWN,
            )
            .scalar_subquery(),
        ),
    )
    # Damage found in a term count goes to repair and is charged (谁损坏谁赔偿); in
    # another count it is listed, and applied only when someone accepts the line.
    damaged = _sc.alias("damaged_scan")
    _insert(
        uow,
        sa.select(
            *_select(
                count.id,
                ResultKind.DAMAGED,
                code=a.number,
                asset_id=damaged.c.asset_id,
                expected_room_id=a.room_id,
                found_room_id=damaged.c.room_id,
                value=a.value,
                note=damaged.c.note,
                responsible=damaged.c.responsible,
                school_class=damaged.c.school_class,
                accepted=sa.literal(count.purpose in TERM_PURPOSES, sa.Boolean),
            )
        )
        .join_from(damaged, at.asset, at.asset.c.id == damaged.c.asset_id)
        .where(
            damaged.c.count_id == count.id,
            damaged.c.condition == "damaged",
            damaged.c.id
            == sa.select(sa.func.min(_sc.c.id))
            .where(
                _sc.c.count_id == count.id,
                _sc.c.asset_id == damaged.c.asset_id,
                _sc.c.condition == "damaged",
            )
            .scalar_subquery(),
        ),
    )


def latest_cost(item_id: Any) -> Any:
    """The unit cost of the item's latest delivery, as a scalar subquery."""
    layer = st.stock_layer
    return (
        sa.select(layer.c.unit_cost)
        .where(layer.c.item_id == item_id)
        .order_by(layer.c.received_on.desc(), layer.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _stock_results(uow: UnitOfWork, count: Count) -> None:
    counted = (
        sa.select(_sc.c.item_id, sa.func.sum(_sc.c.quantity).label("quantity"))
        .where(_sc.c.count_id == count.id, _sc.c.item_id.is_not(None))
        .group_by(_sc.c.item_id)
        .subquery("counted")
    )
    item = st.stock_item.c
    on_shelf = sa.func.coalesce(counted.c.quantity, 0)
    difference = on_shelf - _e.c.book_quantity
    _insert(
        uow,
        sa.select(
            *_select(
                count.id,
                ResultKind.VARIANCE,
                code=item.code,
                item_id=_e.c.item_id,
                book_quantity=_e.c.book_quantity,
                counted_quantity=on_shelf,
                difference=difference,
                value=sa.func.round(difference * sa.func.coalesce(latest_cost(_e.c.item_id), 0), 2),
            )
        )
        .join_from(_e, st.stock_item, st.stock_item.c.id == _e.c.item_id)
        .outerjoin(counted, counted.c.item_id == _e.c.item_id)
        .where(_e.c.count_id == count.id, difference != 0),
    )
    expected = (
        sa.select(sa.literal(1))
        .where(_e.c.count_id == count.id, _e.c.item_id == counted.c.item_id)
        .exists()
    )
    _insert(
        uow,
        sa.select(
            *_select(
                count.id,
                ResultKind.VARIANCE,
                code=item.code,
                item_id=counted.c.item_id,
                book_quantity=sa.literal(0, sa.Integer),
                counted_quantity=counted.c.quantity,
                difference=counted.c.quantity,
                value=sa.func.round(
                    counted.c.quantity * sa.func.coalesce(latest_cost(counted.c.item_id), 0), 2
                ),
            )
        )
        .join_from(counted, st.stock_item, st.stock_item.c.id == counted.c.item_id)
        .where(~expected, counted.c.quantity != 0),
    )


def _change_status(
    uow: UnitOfWork, count: Count, action: str, wanted: CountStatus, values: dict[str, Any]
) -> Count:
    done = uow.conn.execute(
        t.count_session.update()
        .where(t.count_session.c.id == count.id, t.count_session.c.status == count.status.value)
        .values(status=wanted.value, **values)
    )
    if done.rowcount != 1:
        raise Conflict(N_("count {title} changed meanwhile; try again", title=count.title))
    after = load_count(uow, count.id)
    conv = uow.school.converter
    uow.record(
        action, AUDIT_TYPE, count.id, before=conv.unstructure(count), after=conv.unstructure(after)
    )
    return after


def close_count(uow: UnitOfWork, count_id: int, cmd: CloseInput | None = None) -> Count:
    """Stop scanning and list the differences, each with its proposed adjustment."""
    count = load_count(uow, count_id)
    require_on(uow, count, RUN)
    if not count.is_open:
        raise Conflict(N_("count {title} is already closed", title=count.title))
    uow.conn.execute(_r.delete().where(_r.c.count_id == count.id))
    if count.kind is CountKind.STOCK:
        _stock_results(uow, count)
    else:
        _asset_results(uow, count)
    return _change_status(
        uow,
        count,
        "counts.count.closed",
        CountStatus.CLOSED,
        {"closed_by": uow.actor.name, "closed_at": utcnow()},
    )


def reopen_count(uow: UnitOfWork, count_id: int, cmd: ReopenInput | None = None) -> Count:
    """Open a closed count again to scan more; its results are dropped until it closes."""
    count = load_count(uow, count_id)
    require_on(uow, count, RUN)
    if count.status is CountStatus.APPLIED:
        raise Conflict(
            N_("count {title} has been applied to the books and cannot reopen", title=count.title)
        )
    if count.is_open:
        raise Conflict(N_("count {title} is open already", title=count.title))
    uow.conn.execute(_r.delete().where(_r.c.count_id == count.id))
    return _change_status(
        uow,
        count,
        "counts.count.reopened",
        CountStatus.OPEN,
        {"closed_by": None, "closed_at": None},
    )


# Result lines -------------------------------------------------------------------------

RESULT_QUERY = (
    sa.select(
        _r,
        sa.func.coalesce(at.asset.c.name, st.stock_item.c.name, "").label("name"),
    )
    .join(t.count_session, t.count_session.c.id == _r.c.count_id)
    .outerjoin(at.asset, at.asset.c.id == _r.c.asset_id)
    .outerjoin(st.stock_item, st.stock_item.c.id == _r.c.item_id)
)


def _results_of(uow: UnitOfWork, rows: list[Any]) -> list[CountResult]:
    labels = room_labels(
        uow, [r["expected_room_id"] for r in rows] + [r["found_room_id"] for r in rows]
    )

    def label(room_id: int | None) -> str | None:
        return labels.get(room_id) if room_id is not None else None

    return [
        CountResult(
            id=row["id"],
            count_id=row["count_id"],
            outcome=ResultKind(row["outcome"]),
            code=row["code"],
            name=row["name"],
            asset_id=row["asset_id"],
            item_id=row["item_id"],
            expected_room=label(row["expected_room_id"]),
            found_room=label(row["found_room_id"]),
            book_quantity=row["book_quantity"],
            counted_quantity=row["counted_quantity"],
            difference=row["difference"],
            value=row["value"],
            note=row["note"],
            responsible=row["responsible"],
            school_class=row["school_class"],
            accepted=bool(row["accepted"]),
            decided_by=row["decided_by"],
            applied=row["applied"],
        )
        for row in rows
    ]


def get_result(uow: UnitOfWork, result_id: int) -> CountResult:
    """One result line, for those who may see its count."""
    row = uow.conn.execute(RESULT_QUERY.where(_r.c.id == result_id)).mappings().first()
    if row is None:
        raise NotFound(N_("count result {id} does not exist", id=result_id))
    get_count(uow, row["count_id"])
    return _results_of(uow, [row])[0]


def list_results(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
    count: str | int | None = None,
    outcome: str | None = None,
    room: str | None = None,
) -> Page[CountResult]:
    """A page of result lines of the counts the actor may see, filtered by count and outcome."""
    query = count_scope(uow, RESULT_QUERY)
    if count:
        try:
            query = query.where(_r.c.count_id == int(count))
        except (TypeError, ValueError):
            raise InvalidInput.single("count", N_("give the count's number")) from None
    if outcome:
        query = query.where(_r.c.outcome == _enum_filter("outcome", outcome, ResultKind))
    if room:
        room_id = find_room(uow, room)
        query = query.where(sa.or_(_r.c.expected_room_id == room_id, _r.c.found_room_id == room_id))
    if search and search.strip():
        query = query.where(_r.c.code.ilike(f"%{search.strip()}%"))
    page = fetch_page(
        uow.conn, query, [_r.c.id], dict, after=after, limit=limit, with_total=with_total
    )
    return Page(_results_of(uow, page.items), page.next_cursor, page.total)


def results_of_count(uow: UnitOfWork, count_id: int) -> list[CountResult]:
    """Every result line of one count, in order (for a report and for applying)."""
    rows = (
        uow.conn.execute(RESULT_QUERY.where(_r.c.count_id == count_id).order_by(_r.c.id))
        .mappings()
        .all()
    )
    return _results_of(uow, list(rows))


def decide_result(uow: UnitOfWork, result_id: int, accept: bool) -> CountResult:
    """Accept a result line for applying, or leave it out; only before the count is applied."""
    row = uow.conn.execute(sa.select(_r.c.count_id).where(_r.c.id == result_id)).first()
    if row is None:
        raise NotFound(N_("count result {id} does not exist", id=result_id))
    count = load_count(uow, row.count_id)
    require_on(uow, count, APPROVE)
    if count.status is not CountStatus.CLOSED:
        raise Conflict(
            N_("only the results of a closed count that is not applied yet can be decided")
        )
    before = get_result(uow, result_id)
    uow.conn.execute(
        _r.update().where(_r.c.id == result_id).values(accepted=accept, decided_by=uow.actor.name)
    )
    after = get_result(uow, result_id)
    conv = uow.school.converter
    uow.record(
        "counts.result.accepted" if accept else "counts.result.left_out",
        "count_result",
        result_id,
        before=conv.unstructure(before),
        after=conv.unstructure(after),
    )
    return after


def accept_result(uow: UnitOfWork, result_id: int, cmd: Any = None) -> CountResult:
    """Apply this line with the others (the kind's action)."""
    return decide_result(uow, result_id, True)


def leave_out_result(uow: UnitOfWork, result_id: int, cmd: Any = None) -> CountResult:
    """Leave this line out when the count is applied (the kind's action)."""
    return decide_result(uow, result_id, False)


def proposal_text(result: CountResult) -> str:
    """What applying the line does, in the reader's language."""
    if result.outcome is ResultKind.MISSING:
        return _("write off as lost")
    if result.outcome is ResultKind.SURPLUS:
        return _("register as found in a count")
    if result.outcome is ResultKind.MOVED:
        return _("move to {room}", room=result.found_room or "")
    if result.outcome is ResultKind.DAMAGED:
        return _("report the damage for repair")
    return _("adjust the stock by {difference}", difference=result.difference)
