"""The counts' object kinds: counts (open, close, reopen, apply, report), results, scans.

Results and scans are read-only lists: they are made by scanning and by
closing a count, never by a form. Their "command" classes only name and
label the columns the frontends show.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from houqin.core.choices import label_of
from houqin.core.commands import field
from houqin.core.counts import apply, reports, results, service
from houqin.core.counts.model import (
    ApplyInput,
    CloseInput,
    ConfirmInput,
    CountInput,
    CountKind,
    CountPurpose,
    CountStatus,
    ReopenInput,
    ResultKind,
    ScanOutcome,
)
from houqin.core.counts.plugin import APPROVE, RUN, VIEW
from houqin.core.i18n import N_, Text
from houqin.core.kinds import (
    KindAction,
    KindDocument,
    ListColumn,
    ListFilter,
    ObjectKind,
    RelatedList,
)
from houqin.core.uow import UnitOfWork


def _choices(cls: Any) -> Any:
    def options(_uow: UnitOfWork) -> list[tuple[str, Text]]:
        return [(member.value, label_of(member)) for member in cls]

    return options


@attrs.frozen
class ResultColumns:
    """The columns of a count's result lines."""

    count_id: int = field(label=N_("Count"))
    outcome: ResultKind = field(label=N_("Result"))
    code: str = field(label=N_("Code"))
    name: str = field(label=N_("Name"))
    expected_room: str | None = field(label=N_("On the books in"))
    found_room: str | None = field(label=N_("Found in"))
    difference: int | None = field(label=N_("Difference"))
    value: Decimal = field(label=N_("Value"))
    accepted: bool = field(label=N_("Apply"))
    applied: str = field(label=N_("Applied as"))


@attrs.frozen
class ScanColumns:
    """The columns of a count's scans."""

    count_id: int = field(label=N_("Count"))
    code: str = field(label=N_("Code"))
    outcome: ScanOutcome = field(label=N_("Outcome"))
    name: str = field(label=N_("Name"))
    room: str | None = field(label=N_("Scanned in"))
    quantity: int | None = field(label=N_("Quantity"))
    scanned_by: str = field(label=N_("Scanned by"))


def _open(count: Any) -> bool:
    return bool(count.status is CountStatus.OPEN)


def _closed(count: Any) -> bool:
    return bool(count.status is CountStatus.CLOSED)


def _undecided(result: Any) -> bool:
    return not result.applied


COUNT_FILTERS = (
    ListFilter("status", N_("Status"), _choices(CountStatus)),
    ListFilter("kind", N_("What is counted"), _choices(CountKind)),
    ListFilter("purpose", N_("Purpose"), _choices(CountPurpose)),
)

KINDS: tuple[ObjectKind, ...] = (
    ObjectKind(
        "counts",
        "assets",
        N_("count"),
        N_("Counts"),
        CountInput,
        service.open_count,
        None,
        None,
        service.get_count,
        service.list_counts,
        VIEW,
        RUN,
        filters=COUNT_FILTERS,
        title=lambda count: count.title,
        extra_columns=(
            ListColumn("status", N_("Status")),
            ListColumn("expected", N_("Expected")),
            ListColumn("scanned", N_("Scanned")),
        ),
        audit_type=service.AUDIT_TYPE,
        actions=(
            KindAction(
                "close",
                N_("Close"),
                CloseInput,
                results.close_count,
                RUN,
                help=N_("Stop scanning and list what is missing, surplus, moved or damaged"),
                offered=_open,
            ),
            KindAction(
                "reopen",
                N_("Reopen"),
                ReopenInput,
                results.reopen_count,
                RUN,
                help=N_("Scan more; the results are drawn up again when it closes"),
                offered=_closed,
            ),
            KindAction(
                "apply",
                N_("Apply to the books"),
                ApplyInput,
                apply.apply_count,
                APPROVE,
                help=N_(
                    "Move, write off, report damage and adjust the store as the accepted "
                    "results say"
                ),
                offered=_closed,
            ),
        ),
        documents=(KindDocument("report", N_("Count report"), reports.count_report, VIEW),),
        related=(
            RelatedList("count_results", "count", lambda count: count.id, N_("Its results")),
            RelatedList("count_scans", "count", lambda count: count.id, N_("Its scans")),
        ),
    ),
    ObjectKind(
        "count_results",
        "assets",
        N_("count result"),
        N_("Count results"),
        ResultColumns,
        None,
        None,
        None,
        results.get_result,
        results.list_results,
        VIEW,
        APPROVE,
        filters=(
            ListFilter("count", N_("Count")),
            ListFilter("outcome", N_("Result"), _choices(ResultKind)),
            ListFilter("room", N_("Room")),
        ),
        title=lambda result: f"{result.code} {result.name}".strip(),
        audit_type="count_result",
        actions=(
            KindAction(
                "accept",
                N_("Apply this line"),
                ConfirmInput,
                results.accept_result,
                APPROVE,
                offered=lambda r: _undecided(r) and not r.accepted,
            ),
            KindAction(
                "leave_out",
                N_("Leave out"),
                ConfirmInput,
                results.leave_out_result,
                APPROVE,
                offered=lambda r: _undecided(r) and r.accepted,
            ),
        ),
    ),
    ObjectKind(
        "count_scans",
        "assets",
        N_("scan"),
        N_("Count scans"),
        ScanColumns,
        None,
        None,
        None,
        service.get_scan,
        service.list_scans,
        VIEW,
        RUN,
        filters=(
            ListFilter("count", N_("Count")),
            ListFilter("outcome", N_("Outcome"), _choices(ScanOutcome)),
            ListFilter("room", N_("Room")),
        ),
        title=lambda scan: f"{scan.code} {scan.name}".strip(),
    ),
)
