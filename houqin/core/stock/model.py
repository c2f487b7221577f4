"""Records and commands of the store (行政仓库).

Commands name items, stores, suppliers and departments as staff do: an item
by its code or its name (with the spec when two items share a name), the
rest by name. Quantities are whole units of the item's unit (包, 盒, 支, 米…);
money is Decimal, unit costs to four places, values to the fen.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from houqin.core.choices import choice_labels
from houqin.core.commands import at_least, at_most, field, max_length, not_blank
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, LazyText

MAX_QUANTITY = 1_000_000_000
MAX_UNIT_COST = Decimal("9999999")


def not_zero(value: object) -> LazyText | None:
    return N_("must not be zero") if value == 0 else None


_NAME = (not_blank, max_length(60))
_QUANTITY = (at_least(1), at_most(MAX_QUANTITY))
_LEVEL = (at_least(0), at_most(MAX_QUANTITY))
_COST = (at_least(Decimal(0)), at_most(MAX_UNIT_COST))
_NOTE = (max_length(200),)


@choice_labels(
    {
        "opening": N_("Opening balance"),
        "in": N_("Stock in"),
        "issue": N_("Issue"),
        "return": N_("Return to store"),
        "adjust": N_("Adjustment"),
        "transfer_out": N_("Transfer out"),
        "transfer_in": N_("Transfer in"),
    }
)
class MovementKind(StrEnum):
    """What a line of the ledger records: 期初, 入库, 领用, 退库, 调整, 调出, 调入."""

    OPENING = "opening"
    STOCK_IN = "in"
    ISSUE = "issue"
    RETURN = "return"
    ADJUSTMENT = "adjust"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"


@choice_labels(
    {
        "pending": N_("Waiting for approval"),
        "approved": N_("Approved"),
        "partly_issued": N_("Partly issued"),
        "issued": N_("Issued"),
        "rejected": N_("Rejected"),
        "closed": N_("Closed"),
    }
)
class RequestStatus(StrEnum):
    """Where a request for items (领用申请) stands."""

    PENDING = "pending"
    APPROVED = "approved"
    PARTLY_ISSUED = "partly_issued"
    ISSUED = "issued"
    REJECTED = "rejected"
    CLOSED = "closed"


OPEN_STATUSES = (RequestStatus.APPROVED, RequestStatus.PARTLY_ISSUED)
"""Requests approved and not yet fully issued: what the store has promised."""


def item_title(name: str, spec: str) -> str:
    """How an item is named to people: its name, then its spec if it has one."""
    return f"{name} {spec}" if spec else name


# Records --------------------------------------------------------------------------------


@attrs.frozen
class Supplier:
    id: int
    name: str
    contact: str
    phone: str
    address: str
    note: str


@attrs.frozen
class Store:
    id: int
    name: str
    campus_id: int | None
    campus: str | None
    building: str | None
    room: str | None
    keeper: str | None
    note: str


@attrs.frozen
class Item:
    id: int
    code: str
    name: str
    spec: str
    unit: str
    category: str
    supplier: str | None
    minimum: int
    target: int
    active: bool
    note: str
    on_hand: int
    """Across the stores the reader may see."""

    @property
    def title(self) -> str:
        return item_title(self.name, self.spec)


@attrs.frozen
class Balance:
    """What one store holds of one item, with the levels that apply there."""

    id: int
    item_id: int
    item: str
    code: str
    unit: str
    category: str
    store_id: int
    store: str
    campus_id: int | None
    on_hand: int
    value: Decimal
    minimum: int
    target: int
    own_levels: bool
    """True when the store has its own minimum and target, not the item's."""
    promised: int
    """Approved for requests and not issued yet."""

    @property
    def name(self) -> str:
        return f"{self.item} @ {self.store}"

    @property
    def available(self) -> int:
        return self.on_hand - self.promised

    @property
    def below_minimum(self) -> bool:
        return self.available < self.minimum

    @property
    def reorder_quantity(self) -> int:
        """What to buy to reach the target once promised requests are issued."""
        return max(self.target - self.available, 0) if self.below_minimum else 0


@attrs.frozen
class Movement:
    """One line of the ledger; never changed once written."""

    id: int
    kind: MovementKind
    item_id: int
    item: str
    code: str
    unit: str
    store_id: int
    store: str
    quantity: int
    value: Decimal
    unit_cost: Decimal | None
    occurred_on: date
    recorded_at: datetime
    actor: str
    supplier: str | None
    batch: str
    request_id: int | None
    department: str | None
    recipient: str
    document: str
    accepted_by: str
    note: str
    linked_id: int | None

    @property
    def name(self) -> str:
        return f"#{self.id}"


@attrs.frozen
class StockRequest:
    """A request for items (领用申请) and how far it has got."""

    id: int
    store_id: int
    store: str
    campus_id: int | None
    item_id: int
    item: str
    code: str
    unit: str
    department_id: int
    department: str
    quantity: int
    approved: int | None
    issued: int
    returned: int
    issued_value: Decimal
    returned_value: Decimal
    status: RequestStatus
    purpose: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str

    @property
    def name(self) -> str:
        return f"#{self.id} {self.item} × {self.quantity}"

    @property
    def outstanding(self) -> int:
        """Approved and not issued yet; 0 unless the request is open."""
        if self.status not in OPEN_STATUSES or self.approved is None:
            return 0
        return self.approved - self.issued


# Commands: the catalogue ----------------------------------------------------------------


@attrs.frozen
class SupplierInput:
    """A supplier (供应商) the store buys from."""

    name: str = field(label=N_("Name"), checks=(not_blank, max_length(100)))
    contact: str = field(label=N_("Contact person"), default="", checks=(max_length(60),))
    phone: str = field(label=N_("Phone"), default="", checks=(max_length(30),))
    address: str = field(label=N_("Address"), default="", checks=(max_length(200),))
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class StoreInput:
    """A store (仓库, 库房) where items are kept, optionally in a room of a campus."""

    name: str = field(label=N_("Name"), help=N_("e.g. 总务仓库, 食堂库房"), checks=_NAME)
    campus: str | None = field(
        label=N_("Campus"), default=None, help=N_("Leave empty for a store of the whole school")
    )
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)
    keeper: str | None = field(
        label=N_("Storekeeper"), default=None, help=N_("Staff number or name")
    )
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class ItemInput:
    """An item the store keeps (物资), with its levels for every store that holds it."""

    name: str = field(label=N_("Name"), checks=(not_blank, max_length(100)))
    unit: str = field(
        label=N_("Unit"), help=N_("包, 盒, 支, 卷, 桶, 米…"), checks=(not_blank, max_length(20))
    )
    category: str = field(
        label=N_("Category"),
        help=N_("办公用品, 清洁用品, 水电维修材料, 教学耗材…"),
        checks=(not_blank, max_length(40)),
    )
    spec: str = field(label=N_("Specification"), default="", checks=(max_length(100),))
    code: str | None = field(
        label=N_("Code"),
        default=None,
        help=N_("Given when left empty"),
        checks=(max_length(30),),
    )
    minimum: int = field(
        label=N_("Minimum stock"),
        default=0,
        help=N_("Below this a reorder alert is raised"),
        checks=_LEVEL,
    )
    target: int = field(
        label=N_("Target stock"), default=0, help=N_("What a reorder fills up to"), checks=_LEVEL
    )
    supplier: str | None = field(label=N_("Usual supplier"), default=None)
    active: bool = field(label=N_("In use"), default=True)
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class StockLevelInput:
    """A store's own minimum and target for an item; empty means the item's apply."""

    item: str = field(label=N_("Item"), help=N_("Code or name"), checks=(not_blank,))
    store: str = field(label=N_("Store"), checks=(not_blank,))
    minimum: int | None = field(label=N_("Minimum stock"), default=None, checks=_LEVEL)
    target: int | None = field(label=N_("Target stock"), default=None, checks=_LEVEL)


# Commands: movements --------------------------------------------------------------------


@attrs.frozen
class StockInInput:
    """Goods accepted from a delivery, put into a store (入库)."""

    store: str = field(label=N_("Store"), checks=(not_blank,))
    item: str = field(label=N_("Item"), help=N_("Code or name"), checks=(not_blank,))
    quantity: int = field(label=N_("Quantity"), checks=_QUANTITY)
    unit_cost: Decimal = field(label=N_("Unit cost (yuan)"), checks=_COST)
    supplier: str | None = field(
        label=N_("Supplier"), default=None, help=N_("The item's usual supplier when left empty")
    )
    batch: str = field(label=N_("Batch"), default="", checks=(max_length(60),))
    received_on: date | None = field(
        label=N_("Received on"), default=None, help=N_("Today when left empty")
    )
    delivery_note: str = field(
        label=N_("Delivery note number"), default="", checks=(max_length(60),)
    )
    accepted_by: str = field(
        label=N_("Accepted by"),
        default="",
        help=N_("Who checked the delivery (验收人)"),
        checks=(max_length(60),),
    )
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class IssueInput:
    """Items handed out against an approved request (领用出库)."""

    request: int = field(label=N_("Request"), help=N_("The request's number"))
    quantity: int | None = field(
        label=N_("Quantity"),
        default=None,
        help=N_("All that is approved and not yet issued when left empty"),
        checks=_QUANTITY,
    )
    recipient: str = field(
        label=N_("Received by"), default="", help=N_("Who took the items"), checks=(max_length(60),)
    )
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class IssueOnRequest:
    """Items handed out against the request at hand (the request is not asked for again)."""

    quantity: int | None = field(
        label=N_("Quantity"),
        default=None,
        help=N_("All that is approved and not yet issued when left empty"),
        checks=_QUANTITY,
    )
    recipient: str = field(
        label=N_("Received by"), default="", help=N_("Who took the items"), checks=(max_length(60),)
    )
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class ReturnOnRequest:
    """Items of the request at hand brought back unused."""

    quantity: int = field(label=N_("Quantity"), checks=_QUANTITY)
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class ReturnInput:
    """Items of a request brought back unused (退库)."""

    request: int = field(label=N_("Request"), help=N_("The request's number"))
    quantity: int = field(label=N_("Quantity"), checks=_QUANTITY)
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class AdjustInput:
    """A correction of what a store holds, with its reason (盘盈, 盘亏, 损耗…)."""

    store: str = field(label=N_("Store"), checks=(not_blank,))
    item: str = field(label=N_("Item"), help=N_("Code or name"), checks=(not_blank,))
    quantity: int = field(
        label=N_("Change"),
        help=N_("More (5) or fewer (-5) than the books say"),
        checks=(not_zero, at_least(-MAX_QUANTITY), at_most(MAX_QUANTITY)),
    )
    reason: str = field(label=N_("Reason"), checks=(not_blank, max_length(200)))
    unit_cost: Decimal | None = field(
        label=N_("Unit cost (yuan)"),
        default=None,
        help=N_("For a surplus; the latest cost when left empty"),
        checks=_COST,
    )
    occurred_on: date | None = field(
        label=N_("Date"), default=None, help=N_("Today when left empty")
    )


@attrs.frozen
class TransferInput:
    """Items moved from one store to another (调拨)."""

    item: str = field(label=N_("Item"), help=N_("Code or name"), checks=(not_blank,))
    from_store: str = field(label=N_("From store"), checks=(not_blank,))
    to_store: str = field(label=N_("To store"), checks=(not_blank,))
    quantity: int = field(label=N_("Quantity"), checks=_QUANTITY)
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


# Commands: requests ---------------------------------------------------------------------


@attrs.frozen
class RequestInput:
    """A request for items from a store (领用申请), made for a department."""

    store: str = field(label=N_("Store"), checks=(not_blank,))
    item: str = field(label=N_("Item"), help=N_("Code or name"), checks=(not_blank,))
    quantity: int = field(label=N_("Quantity"), checks=_QUANTITY)
    department: str = field(label=N_("For department"), checks=(not_blank,))
    purpose: str = field(label=N_("Purpose"), default="", checks=_NOTE)


@attrs.frozen
class ApprovalInput:
    """An approval, possibly of fewer than were asked for."""

    quantity: int | None = field(
        label=N_("Quantity approved"),
        default=None,
        help=N_("All that was asked for when left empty"),
        checks=_QUANTITY,
    )
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen
class DecisionNote:
    """Why a request is rejected, or closed before all of it was issued."""

    reason: str = field(label=N_("Reason"), checks=(not_blank, max_length(200)))


@attrs.frozen
class OpeningInput:
    """Stock a store held before houqin kept its books (期初库存), and the store's levels.

    A quantity of 0 sets only the levels. ``amount`` is the line's value when
    the ledger gives one; otherwise quantity × unit cost.
    """

    store: str = field(label=N_("Store"), checks=(not_blank,))
    item: str = field(label=N_("Item"), help=N_("Code or name"), checks=(not_blank,))
    quantity: int = field(label=N_("Quantity"), checks=_LEVEL)
    unit_cost: Decimal | None = field(label=N_("Unit cost (yuan)"), default=None, checks=_COST)
    amount: Decimal | None = field(
        label=N_("Amount (yuan)"), default=None, checks=(at_least(Decimal(0)),)
    )
    spec: str | None = field(label=N_("Specification"), default=None)
    batch: str = field(label=N_("Batch"), default="", checks=(max_length(60),))
    received_on: date | None = field(label=N_("Received on"), default=None)
    minimum: int | None = field(label=N_("Minimum stock"), default=None, checks=_LEVEL)
    target: int | None = field(label=N_("Target stock"), default=None, checks=_LEVEL)


def _a_month(value: str) -> LazyText | None:
    from houqin.core.stock.reports import parse_month

    try:
        parse_month(value)
    except InvalidInput as exc:
        return N_("{detail}", detail=exc.errors[0].message)
    return None


@attrs.frozen
class MonthlyLedgerInput:
    """Which month (and store) the materials ledger (材料账) is printed for."""

    month: str = field(label=N_("Month"), help=N_("e.g. 2024-09"), checks=(not_blank, _a_month))
    store: str | None = field(
        label=N_("Store"), default=None, help=N_("One store only; all stores when left empty")
    )
