"""Records and commands of write-offs (报废/报损) and their approval steps."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from houqin.core.choices import choice_labels
from houqin.core.commands import field, max_length, not_blank
from houqin.core.i18n import N_


@choice_labels({"scrap": N_("Scrap"), "loss": N_("Loss (missing)")})
class WriteoffKind(StrEnum):
    """Scrapped as worn out or broken (报废), or written off as missing (报损, 盘亏)."""

    SCRAP = "scrap"
    LOSS = "loss"


@choice_labels(
    {"pending": N_("Waiting for approval"), "approved": N_("Approved"), "refused": N_("Refused")}
)
class WriteoffStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


@choice_labels({"head": N_("Head of logistics"), "principal": N_("Principal")})
class ApprovalStep(StrEnum):
    """Who approves a write-off: the head of logistics always, the principal above tier 1."""

    HEAD = "head"
    PRINCIPAL = "principal"


@attrs.frozen
class WriteoffLine:
    """One asset of a write-off, with its figures on the day it left."""

    id: int
    asset_id: int
    number: str
    name: str
    spec: str
    acquired_on: date
    campus_id: int | None
    department_id: int | None
    value: Decimal
    accumulated: Decimal
    net: Decimal


@attrs.frozen
class Approval:
    """One step of a write-off's approval: who decided, when, and how."""

    id: int
    step: ApprovalStep
    decision: str
    by_name: str
    by_id: int | None
    at: datetime
    note: str


@attrs.frozen
class Writeoff:
    """A write-off request (固定资产报损单) with its lines and approvals."""

    id: int
    number: str
    kind: WriteoffKind
    reason: str
    happened_on: date
    requested_by: str
    requested_by_id: int | None
    requested_at: datetime
    status: WriteoffStatus
    value: Decimal
    accumulated: Decimal
    net: Decimal
    filing_no: str
    decided_at: datetime | None
    lines: tuple[WriteoffLine, ...] = ()
    approvals: tuple[Approval, ...] = ()

    @property
    def assets(self) -> str:
        """The asset numbers, as the request gave them."""
        return " ".join(line.number for line in self.lines)

    @property
    def name(self) -> str:
        return self.number


@attrs.frozen(kw_only=True)
class WriteoffInput:
    """Ask to write assets off: scrap them, or write them off as missing."""

    assets: str = field(
        label=N_("Asset numbers"),
        help=N_("Separated by spaces, commas or new lines"),
        checks=(not_blank,),
    )
    kind: WriteoffKind = field(label=N_("Kind"), default=WriteoffKind.SCRAP)
    reason: str = field(label=N_("Reason"), checks=(not_blank, max_length(500)))
    happened_on: date | None = field(
        label=N_("Date"), default=None, help=N_("The day they left; empty: today")
    )


@attrs.frozen(kw_only=True)
class ScrapInput:
    """Ask to scrap one asset (报废申请)."""

    reason: str = field(label=N_("Reason"), checks=(not_blank, max_length(500)))
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))


@attrs.frozen(kw_only=True)
class ApproveInput:
    """Approve a write-off at one's own step."""

    filing_no: str | None = field(
        label=N_("Filing number"),
        default=None,
        help=N_("The education or finance authority's approval or filing number (备案号)"),
        checks=(max_length(60),),
    )
    note: str = field(label=N_("Note"), default="", checks=(max_length(200),))


@attrs.frozen(kw_only=True)
class RefuseInput:
    """Refuse a write-off, saying why."""

    reason: str = field(label=N_("Reason"), checks=(not_blank, max_length(200)))
