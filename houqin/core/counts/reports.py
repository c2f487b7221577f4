"""What a count shows while it runs and what it prints when it is done.

Tallies and the progress per room are grouped counts in SQL; the count report
(盘点报告) is a :class:`~houqin.core.printing.PrintDoc` every frontend prints
or saves as .xlsx.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from houqin.core.clock import school_zone
from houqin.core.counts import tables as t
from houqin.core.counts.model import (
    CountKind,
    CountResult,
    CountStatus,
    ResultKind,
    RoomProgress,
    ScanOutcome,
    Tallies,
)
from houqin.core.counts.results import results_of_count
from houqin.core.counts.service import COUNTED_OUTCOMES, get_count, room_labels
from houqin.core.i18n import N_, _
from houqin.core.printing import PrintDoc, PrintTable
from houqin.core.uow import UnitOfWork

_e, _sc = t.count_expected, t.count_scan


def tallies(uow: UnitOfWork, count_id: int) -> Tallies:
    """The running totals of a count: scanned, found, moved, unknown, duplicates, damaged."""
    count = get_count(uow, count_id)
    by_outcome: dict[str, int] = dict(
        uow.conn.execute(
            sa.select(_sc.c.outcome, sa.func.count())
            .where(_sc.c.count_id == count_id)
            .group_by(_sc.c.outcome)
        ).all()
    )
    damaged = uow.conn.execute(
        sa.select(sa.func.count(sa.distinct(sa.func.coalesce(_sc.c.asset_id, -_sc.c.id)))).where(
            _sc.c.count_id == count_id,
            _sc.c.condition == "damaged",
            _sc.c.asset_id.is_not(None),
        )
    ).scalar_one()
    items = uow.conn.execute(
        sa.select(sa.func.count(sa.distinct(_sc.c.item_id))).where(
            _sc.c.count_id == count_id, _sc.c.item_id.is_not(None)
        )
    ).scalar_one()
    return Tallies(
        expected=count.expected,
        scanned=sum(n for o, n in by_outcome.items() if o != ScanOutcome.DUPLICATE),
        found=int(items) if count.kind is CountKind.STOCK else by_outcome.get(ScanOutcome.FOUND, 0),
        moved=by_outcome.get(ScanOutcome.MOVED, 0),
        extra=by_outcome.get(ScanOutcome.EXTRA, 0),
        unknown=by_outcome.get(ScanOutcome.UNKNOWN, 0),
        duplicate=by_outcome.get(ScanOutcome.DUPLICATE, 0),
        damaged=int(damaged),
        counted_items=int(items),
    )


def room_progress(uow: UnitOfWork, count_id: int) -> list[RoomProgress]:
    """Per expected room: how many assets it should hold, how many were found (anywhere)."""
    get_count(uow, count_id)
    scanned = (
        sa.select(sa.literal(1))
        .where(
            _sc.c.count_id == count_id,
            _sc.c.asset_id == _e.c.asset_id,
            _sc.c.outcome.in_(COUNTED_OUTCOMES),
        )
        .exists()
    )
    rows = uow.conn.execute(
        sa.select(
            _e.c.room_id,
            sa.func.count(),
            sa.func.sum(sa.case((scanned, 1), else_=0)),
        )
        .where(_e.c.count_id == count_id, _e.c.asset_id.is_not(None))
        .group_by(_e.c.room_id)
    ).all()
    here: dict[int | None, int] = dict(
        uow.conn.execute(
            sa.select(_sc.c.room_id, sa.func.count())
            .where(_sc.c.count_id == count_id, _sc.c.outcome != ScanOutcome.DUPLICATE)
            .group_by(_sc.c.room_id)
        ).all()
    )
    room_ids = {r[0] for r in rows} | set(here)
    labels = room_labels(uow, room_ids)
    expected = {r[0]: (int(r[1]), int(r[2] or 0)) for r in rows}
    progress = [
        RoomProgress(
            room_id=room_id,
            room=labels.get(room_id, "") if room_id is not None else _("(no room)"),
            expected=expected.get(room_id, (0, 0))[0],
            found=expected.get(room_id, (0, 0))[1],
            scanned_here=here.get(room_id, 0),
        )
        for room_id in room_ids
    ]
    return sorted(progress, key=lambda p: (p.room_id is None, p.room))


def scope_rooms(uow: UnitOfWork, count_id: int) -> list[str]:
    """The rooms to choose from while scanning: those of the count's campus and building.

    Written as ``campus building room``, the form :func:`~houqin.core.counts.service.find_room`
    reads back.
    """
    from houqin.core.org import tables as o

    count = get_count(uow, count_id)
    query = (
        sa.select(o.campus.c.name, o.building.c.name.label("building"), o.room.c.name)
        .join(o.building, o.building.c.id == o.room.c.building_id)
        .join(o.campus, o.campus.c.id == o.building.c.campus_id)
        .order_by(o.campus.c.name, o.building.c.name, o.room.c.name)
    )
    if count.campus_id is not None:
        query = query.where(o.campus.c.id == count.campus_id)
    if count.building:
        query = query.where(o.building.c.name == count.building)
    return [" ".join(row) for row in uow.conn.execute(query)]


def _local(uow: UnitOfWork, instant: datetime | None) -> datetime | None:
    """An instant as the school's clock showed it, without a zone (a workbook has none)."""
    if instant is None:
        return None
    return instant.astimezone(school_zone(uow)).replace(tzinfo=None)


def _total(results: list[CountResult], kind: ResultKind) -> int:
    return sum(1 for r in results if r.outcome is kind)


def _value(results: list[CountResult], kind: ResultKind) -> Decimal:
    return sum((r.value for r in results if r.outcome is kind), Decimal(0))


def count_report(uow: UnitOfWork, count_id: int, _command: Any = None) -> PrintDoc:
    """The count report (盘点报告): totals, 帐物相符 or not, the lists, the signature lines."""
    count = get_count(uow, count_id)
    results = results_of_count(uow, count_id)
    facts: list[tuple[Any, object]] = [
        (N_("Count"), count.title),
        (N_("What is counted"), count.kind),
        (N_("Purpose"), count.purpose),
        (N_("Scope"), count.scope or _("the whole school")),
        (N_("Status"), count.status),
        (N_("Opened"), _local(uow, count.opened_at)),
        (N_("Closed"), _local(uow, count.closed_at)),
    ]
    tables: list[PrintTable] = []
    paragraphs: list[Any] = []
    if count.status is CountStatus.OPEN:
        paragraphs.append(N_("The count is still open: the lists are drawn up when it is closed."))
    if count.kind is CountKind.STOCK:
        variance = [r for r in results if r.outcome is ResultKind.VARIANCE]
        facts += [
            (N_("Store"), count.store),
            (N_("Items on the books"), count.expected),
            (N_("Items counted"), tallies(uow, count_id).counted_items),
            (N_("Items that differ"), len(variance)),
            (N_("Value of the differences"), _value(results, ResultKind.VARIANCE)),
        ]
        matches = not variance
        tables.append(
            PrintTable(
                (
                    N_("Code"),
                    N_("Item"),
                    N_("Book"),
                    N_("Counted"),
                    N_("Difference"),
                    N_("Value"),
                    N_("To apply"),
                ),
                tuple(
                    (
                        r.code,
                        r.name,
                        r.book_quantity,
                        r.counted_quantity,
                        r.difference,
                        r.value,
                        r.accepted,
                    )
                    for r in variance
                ),
                totals=(_("Total"), "", "", "", "", _value(results, ResultKind.VARIANCE), ""),
                title=N_("Differences"),
            )
        )
    else:
        counted = tallies(uow, count_id)
        facts += [
            (N_("Expected"), count.expected),
            (N_("Scanned"), counted.scanned),
            (N_("Found in place"), counted.found),
            (N_("Found elsewhere"), _total(results, ResultKind.MOVED)),
            (N_("Missing"), _total(results, ResultKind.MISSING)),
            (N_("Surplus"), _total(results, ResultKind.SURPLUS)),
            (N_("Damaged"), _total(results, ResultKind.DAMAGED)),
            (N_("Value of the missing"), _value(results, ResultKind.MISSING)),
        ]
        matches = not any(
            r.outcome in (ResultKind.MISSING, ResultKind.SURPLUS, ResultKind.MOVED) for r in results
        )
        tables += _asset_tables(results)
    facts.append((N_("Books match the shelves (帐物相符)"), matches))
    return PrintDoc(
        title=N_("Count report: {title}", title=count.title),
        facts=tuple(facts),
        tables=tuple(tables),
        paragraphs=tuple(paragraphs),
        signatures=(N_("Counted by"), N_("Supervised by"), N_("Head of logistics")),
        file_name=f"count-{count.id}",
    )


def _asset_tables(results: list[CountResult]) -> list[PrintTable]:
    def of(kind: ResultKind) -> list[CountResult]:
        return [r for r in results if r.outcome is kind]

    missing = of(ResultKind.MISSING)
    return [
        PrintTable(
            (N_("Asset number"), N_("Name"), N_("Expected in"), N_("Value"), N_("To apply")),
            tuple((r.code, r.name, r.expected_room, r.value, r.accepted) for r in missing),
            totals=(_("Total"), "", "", _value(results, ResultKind.MISSING), ""),
            title=N_("Missing (盘亏)"),
        ),
        PrintTable(
            (N_("Asset number"), N_("Name"), N_("On the books in"), N_("Found in"), N_("To apply")),
            tuple(
                (r.code, r.name, r.expected_room, r.found_room, r.accepted)
                for r in of(ResultKind.MOVED)
            ),
            title=N_("Found elsewhere"),
        ),
        PrintTable(
            (N_("Tag"), N_("Found in")),
            tuple((r.code, r.found_room) for r in of(ResultKind.SURPLUS)),
            title=N_("Surplus (盘盈)"),
        ),
        PrintTable(
            (
                N_("Asset number"),
                N_("Name"),
                N_("Found in"),
                N_("Damage"),
                N_("Responsible"),
                N_("Class"),
                N_("To apply"),
            ),
            tuple(
                (r.code, r.name, r.found_room, r.note, r.responsible, r.school_class, r.accepted)
                for r in of(ResultKind.DAMAGED)
            ),
            title=N_("Damaged"),
        ),
    ]
