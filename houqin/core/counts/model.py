"""Records and commands of counts (清点/盘点)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from houqin.core.choices import choice_labels
from houqin.core.commands import at_least, at_most, field, max_length, not_blank
from houqin.core.i18n import N_

MAX_QUANTITY = 10_000_000


@choice_labels({"assets": N_("Assets"), "stock": N_("Store")})
class CountKind(StrEnum):
    """What is counted: fixed assets in their rooms, or the items of a store."""

    ASSETS = "assets"
    STOCK = "stock"


@choice_labels(
    {
        "term_start": N_("Start of term"),
        "mid_term": N_("Mid-term"),
        "term_end": N_("End of term"),
        "year_end": N_("Year end"),
        "ad_hoc": N_("Ad hoc"),
    }
)
class CountPurpose(StrEnum):
    """Why the count is made (开学, 期中, 期末, 年终, 临时)."""

    TERM_START = "term_start"
    MID_TERM = "mid_term"
    TERM_END = "term_end"
    YEAR_END = "year_end"
    AD_HOC = "ad_hoc"


TERM_PURPOSES = (CountPurpose.TERM_START, CountPurpose.MID_TERM, CountPurpose.TERM_END)
"""Counts in which damage found is reported for repair and charged (谁损坏谁赔偿)."""


@choice_labels({"open": N_("In progress"), "closed": N_("Closed"), "applied": N_("Applied")})
class CountStatus(StrEnum):
    """Open for scanning, closed with its results, or applied to the books."""

    OPEN = "open"
    CLOSED = "closed"
    APPLIED = "applied"


@choice_labels(
    {
        "found": N_("Found"),
        "moved": N_("Found elsewhere"),
        "extra": N_("Not in this count"),
        "unknown": N_("Unknown tag"),
        "duplicate": N_("Already scanned"),
        "counted": N_("Counted"),
    }
)
class ScanOutcome(StrEnum):
    """What one scan turned out to be.

    ``found`` in the room expected; ``moved``: expected here but scanned in
    another room; ``extra``: in the register but outside the count's scope
    (or, for the store, an item the books do not have there); ``unknown``: no
    such asset or item (a surplus candidate, 盘盈); ``duplicate``: scanned
    before in this count, stored but not counted again; ``counted``: a
    quantity of a store item.
    """

    FOUND = "found"
    MOVED = "moved"
    EXTRA = "extra"
    UNKNOWN = "unknown"
    DUPLICATE = "duplicate"
    COUNTED = "counted"


@choice_labels({"good": N_("Good"), "damaged": N_("Damaged")})
class Condition(StrEnum):
    GOOD = "good"
    DAMAGED = "damaged"


@choice_labels(
    {
        "missing": N_("Missing (盘亏)"),
        "surplus": N_("Surplus (盘盈)"),
        "moved": N_("Moved"),
        "damaged": N_("Damaged"),
        "variance": N_("Stock difference"),
    }
)
class ResultKind(StrEnum):
    """A line of a closed count and the adjustment it proposes.

    ``missing``: expected, never scanned → a write-off request (loss);
    ``surplus``: an unknown tag → to be registered (acquired by "surplus");
    ``moved``: found in another room → the register's location changed;
    ``damaged``: found damaged in a term count → reported for repair;
    ``variance``: a store item counted more or less than the books say →
    a stock adjustment.
    """

    MISSING = "missing"
    SURPLUS = "surplus"
    MOVED = "moved"
    DAMAGED = "damaged"
    VARIANCE = "variance"


# Records --------------------------------------------------------------------------------


@attrs.frozen
class Count:
    """A count with its scope and where it stands."""

    id: int
    title: str
    kind: CountKind
    purpose: CountPurpose
    status: CountStatus
    campus: str | None
    building: str | None
    room: str | None
    department: str | None
    category: str | None
    campus_id: int | None
    department_id: int | None
    store_id: int | None
    store: str | None
    expected: int
    scanned: int
    opened_by: str
    opened_at: datetime
    closed_by: str | None
    closed_at: datetime | None
    applied_by: str | None
    applied_at: datetime | None

    @property
    def name(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status is CountStatus.OPEN

    @property
    def scope(self) -> str:
        """The scope as one line: 本部 · 教学楼 · 信息中心, or the store."""
        parts = (self.campus, self.building, self.room, self.department, self.category, self.store)
        return " · ".join(p for p in parts if p)


@attrs.frozen
class Scan:
    """One stored scan of a count."""

    id: int
    count_id: int
    code: str
    outcome: ScanOutcome
    asset_id: int | None
    item_id: int | None
    name: str
    room_id: int | None
    room: str | None
    expected_room: str | None
    quantity: int | None
    condition: Condition
    note: str
    responsible: str
    school_class: str
    scanned_by: str
    scanned_at: datetime


@attrs.frozen
class CountResult:
    """A line of a closed count: what differs and the adjustment proposed."""

    id: int
    count_id: int
    outcome: ResultKind
    code: str
    name: str
    asset_id: int | None
    item_id: int | None
    expected_room: str | None
    found_room: str | None
    book_quantity: int | None
    counted_quantity: int | None
    difference: int | None
    value: Decimal
    note: str
    responsible: str
    school_class: str
    accepted: bool
    decided_by: str | None
    applied: str

    @property
    def proposal(self) -> str:
        """The adjustment this line proposes, in the reader's words."""
        from houqin.core.counts.results import proposal_text

        return proposal_text(self)


@attrs.frozen
class RoomProgress:
    """How far a count has come in one room: expected there, found there, found elsewhere."""

    room_id: int | None
    room: str
    expected: int
    found: int
    scanned_here: int

    @property
    def left(self) -> int:
        return max(self.expected - self.found, 0)


@attrs.frozen
class Tallies:
    """The running totals of a count, as a scanning page shows them."""

    expected: int
    scanned: int
    found: int
    moved: int
    extra: int
    unknown: int
    duplicate: int
    damaged: int
    counted_items: int

    @property
    def left(self) -> int:
        return max(self.expected - self.found - self.moved, 0)


# Commands -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CountInput:
    """A count to open: what is counted, why, and where (its scope)."""

    title: str = field(
        label=N_("Title"),
        help=N_("e.g. 2024 autumn term-end count, 教学楼"),
        checks=(not_blank, max_length(100)),
    )
    kind: CountKind = field(label=N_("What is counted"), default=CountKind.ASSETS)
    purpose: CountPurpose = field(label=N_("Purpose"), default=CountPurpose.AD_HOC)
    campus: str | None = field(label=N_("Campus"), default=None)
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)
    department: str | None = field(label=N_("Department"), default=None)
    category: str | None = field(
        label=N_("Category"), default=None, help=N_("Code or name; its sub-categories too")
    )
    store: str | None = field(label=N_("Store"), default=None, help=N_("For a count of a store"))


@attrs.frozen(kw_only=True)
class ScanInput:
    """One scan: a tag (or an item code) and where it was found."""

    code: str = field(
        label=N_("Code"),
        help=N_("Asset number, the address on its QR label, or a store item's code"),
        checks=(not_blank, max_length(300)),
    )
    room: str | None = field(
        label=N_("Room"), default=None, help=N_("Where it was found: building and room")
    )
    quantity: int | None = field(
        label=N_("Quantity counted"),
        default=None,
        help=N_("For a store item; scans of the same item add up"),
        checks=(at_least(-MAX_QUANTITY), at_most(MAX_QUANTITY)),
    )
    condition: Condition = field(label=N_("Condition"), default=Condition.GOOD)
    note: str = field(label=N_("Note"), default="", checks=(max_length(200),))
    responsible: str = field(
        label=N_("Responsible person"),
        default="",
        help=N_("Who damaged it, if known"),
        checks=(max_length(60),),
    )
    school_class: str = field(
        label=N_("Class"),
        default="",
        help=N_("The class answerable for it"),
        checks=(max_length(60),),
    )


@attrs.frozen
class CloseInput:
    """Closing a count: scanning stops and the differences are listed."""

    note: str = field(label=N_("Note"), default="", checks=(max_length(200),))


@attrs.frozen
class ReopenInput:
    """Reopening a closed count to scan more; its results are worked out again on closing."""

    note: str = field(label=N_("Note"), default="", checks=(max_length(200),))


@attrs.frozen
class ApplyInput:
    """Applying the accepted results to the register and the store."""

    happened_on: date | None = field(
        label=N_("Date of the count"), default=None, help=N_("Today when left empty")
    )


@attrs.frozen
class ConfirmInput:
    """No form: the action only asks to be confirmed (accept a result line, leave it out)."""
