"""Printable documents of the asset area: the write-off form (固定资产报损表), the custody
agreement (财产使用与保管责任书) and the register's summaries as of a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from houqin.core.assets.custody import get_custody
from houqin.core.assets.model import AssetStatus
from houqin.core.assets.reports import GROUPINGS, depreciation_report
from houqin.core.assets.writeoff_model import WriteoffKind
from houqin.core.assets.writeoffs import get_writeoff, needs_filing, steps_needed
from houqin.core.choices import label_of
from houqin.core.clock import local_day, school_today
from houqin.core.commands import field
from houqin.core.i18n import N_, Text
from houqin.core.printing import PrintDoc, PrintTable
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

_ZERO = Decimal("0.00")


def _school(uow: UnitOfWork) -> str:
    return str(get_setting(uow, "school.name"))


# 固定资产报损表 ---------------------------------------------------------------------------


def writeoff_form(uow: UnitOfWork, writeoff_id: int, _cmd: None = None) -> PrintDoc:
    """The write-off form: its assets with value, depreciation and net value, the reason,
    the approvals so far and the lines to sign."""
    found = get_writeoff(uow, writeoff_id)
    rows = tuple(
        (
            line.number,
            line.name,
            line.spec,
            line.acquired_on.isoformat(),
            line.value,
            line.accumulated,
            line.net,
        )
        for line in found.lines
    )
    approvals: list[Text] = [
        N_(
            "{step}: {who} {decision} on {day}{note}",
            step=label_of(a.step),
            who=a.by_name,
            decision=N_("approved") if a.decision == "approved" else N_("refused"),
            day=local_day(uow, a.at).isoformat(),
            note=f" ({a.note})" if a.note else "",
        )
        for a in found.approvals
    ]
    facts: list[tuple[Text, object]] = [
        (N_("School"), _school(uow)),
        (N_("Number"), found.number),
        (N_("Date"), found.happened_on.isoformat()),
        (N_("Kind"), label_of(found.kind)),
        (N_("Requested by"), found.requested_by),
        (N_("Status"), label_of(found.status)),
    ]
    if found.filing_no or needs_filing(uow, found.value):
        facts.append((N_("Filing number"), found.filing_no))
    signatures: list[Text] = [N_("Handled by"), N_("Asset keeper"), N_("Head of logistics")]
    if len(steps_needed(uow, found.value)) > 1:
        signatures.append(N_("Principal"))
    return PrintDoc(
        title=N_("Fixed asset write-off form")
        if found.kind is WriteoffKind.SCRAP
        else N_("Fixed asset loss write-off form"),
        facts=tuple(facts),
        tables=(
            PrintTable(
                columns=(
                    N_("Asset number"),
                    N_("Name"),
                    N_("Specification/model"),
                    N_("Acquired on"),
                    N_("Value"),
                    N_("Accumulated depreciation"),
                    N_("Net value"),
                ),
                rows=rows,
                totals=(N_("Total"), "", "", "", found.value, found.accumulated, found.net),
            ),
        ),
        paragraphs=(N_("Reason: {reason}", reason=found.reason), *approvals),
        signatures=tuple(signatures),
        file_name=f"writeoff-{found.number}",
    )


# 财产使用与保管责任书 -----------------------------------------------------------------------

AGREEMENT_TERMS: tuple[Text, ...] = (
    N_(
        "The custodian keeps the property listed below for the term, uses it for teaching "
        "and school work only, and sees that it is used with care."
    ),
    N_(
        "Damage, loss or a fault is reported to the logistics office at once; nobody "
        "repairs, moves, lends or gives away school property on their own."
    ),
    N_(
        "Whoever damages property pays for it (谁损坏谁赔偿): the logistics office assesses "
        "the damage and the compensation."
    ),
    N_(
        "At the end of the term the property is checked against this list and handed back "
        "or signed for again."
    ),
)


def custody_agreement(uow: UnitOfWork, custody_id: int, _cmd: None = None) -> PrintDoc:
    """The agreement a class or room signs: what it holds, the terms, the signatures."""
    found = get_custody(uow, custody_id)
    holder = found.school_class or " ".join(
        p for p in (found.campus, found.building, found.room) if p
    )
    total_quantity = sum(line.quantity for line in found.lines)
    return PrintDoc(
        title=N_("Agreement on the use and care of property"),
        facts=(
            (N_("School"), _school(uow)),
            (N_("Class or room"), holder),
            (N_("Term"), found.term),
            (N_("Custodian"), found.custodian),
            (N_("Signed on"), found.signed_on.isoformat()),
        ),
        tables=(
            PrintTable(
                columns=(
                    N_("Asset number"),
                    N_("Name"),
                    N_("Specification/model"),
                    N_("Quantity"),
                    N_("Value"),
                ),
                rows=tuple(
                    (line.number, line.name, line.spec, line.quantity, line.value)
                    for line in found.lines
                ),
                totals=(N_("Total"), "", "", total_quantity, found.value),
            ),
        ),
        paragraphs=AGREEMENT_TERMS,
        signatures=(N_("Custodian"), N_("Head of logistics"), N_("Date")),
        file_name=f"custody-{found.id}",
    )


# Summaries of the register ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AsOfInput:
    """The date a summary of the register is drawn up for."""

    as_of: date | None = field(label=N_("As of"), default=None, help=N_("Empty: today"))


_SUMMARY_TITLES: dict[str, Text] = {
    "department": N_("Assets by department"),
    "location": N_("Assets by location"),
    "category": N_("Assets by category"),
    "status": N_("Assets by status"),
}


def register_summary(uow: UnitOfWork, by: str, cmd: AsOfInput | None) -> PrintDoc:
    """Assets the school held on a date, grouped: lines, value, depreciation, net value."""
    as_of = cmd.as_of if cmd is not None and cmd.as_of is not None else school_today(uow)
    report = depreciation_report(uow, as_of, by=by, held_only=True)

    def label(key: str, text: str) -> Any:
        if by == "status" and key:
            return label_of(AssetStatus(key))
        if by == "category":
            return f"{key} {text}"
        return text or "—"

    total = report.total
    return PrintDoc(
        title=_SUMMARY_TITLES[by],
        facts=((N_("School"), _school(uow)), (N_("As of"), as_of.isoformat())),
        tables=(
            PrintTable(
                columns=(
                    GROUPINGS[by],
                    N_("Lines"),
                    N_("Value"),
                    N_("Accumulated depreciation"),
                    N_("Net value"),
                ),
                rows=tuple(
                    (label(r.key, r.label), r.count, r.value, r.accumulated, r.net)
                    for r in report.rows
                ),
                totals=(N_("Total"), total.count, total.value, total.accumulated, total.net),
            ),
        ),
        signatures=(N_("Prepared by"), N_("Head of logistics")),
        file_name=f"assets-by-{by}-{as_of.isoformat()}",
    )


def summary_builder(by: str) -> Any:
    """``build(uow, cmd)`` of the kind-level document that groups the register ``by``."""

    def build(uow: UnitOfWork, cmd: AsOfInput | None) -> PrintDoc:
        return register_summary(uow, by, cmd)

    return build
