"""Records and commands of an asset's life: issue, return, lend, repair, transfer, damage.

Commands name people, classes and places as staff write them: a person by
staff number or name, a class by its name (or ``campus/name`` where two
campuses have one of that name), a place by campus, building and room.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import attrs

from houqin.core.assets.model import CENT, AssetStatus
from houqin.core.choices import choice_labels
from houqin.core.commands import field, max_length, not_blank
from houqin.core.i18n import N_, LazyText


@choice_labels(
    {
        "issue": N_("Issued for use"),
        "return": N_("Returned"),
        "lend": N_("Lent"),
        "take_back": N_("Taken back"),
        "move": N_("Transferred"),
        "to_repair": N_("Sent to repair"),
        "from_repair": N_("Back from repair"),
        "damage": N_("Damage reported"),
        "scrap": N_("Scrapped"),
        "loss": N_("Written off as missing"),
        "adjust": N_("Count adjustment"),
    }
)
class MovementAction(StrEnum):
    """What happened to an asset (领用, 归还, 借出, 收回, 调拨, 送修, 修回, 损坏, 报废, 报损…)."""

    ISSUE = "issue"
    RETURN = "return"
    LEND = "lend"
    TAKE_BACK = "take_back"
    MOVE = "move"
    TO_REPAIR = "to_repair"
    FROM_REPAIR = "from_repair"
    DAMAGE = "damage"
    SCRAP = "scrap"
    LOSS = "loss"
    ADJUST = "adjust"


@choice_labels({"good": N_("Good"), "worn": N_("Worn"), "damaged": N_("Damaged")})
class Condition(StrEnum):
    """The state an asset comes back in (完好, 磨损, 损坏)."""

    GOOD = "good"
    WORN = "worn"
    DAMAGED = "damaged"


@choice_labels(
    {"open": N_("Outstanding"), "compensated": N_("Compensated"), "waived": N_("Waived")}
)
class DamageStatus(StrEnum):
    """Where a damage report stands: waiting for compensation, paid, or let off."""

    OPEN = "open"
    COMPENSATED = "compensated"
    WAIVED = "waived"


def _money(value: Decimal) -> LazyText | None:
    if value < 0:
        return N_("must be at least {low}", low=0)
    if value != value.quantize(CENT):
        return N_("at most two decimal places")
    return None


_NOTE = (max_length(500),)
_PERSON = N_("Staff number or name")
_CLASS = N_("The class's name, e.g. 三年级2班 (campus/name where two campuses have one)")


# Records --------------------------------------------------------------------------------


@attrs.frozen
class Movement:
    """One line of the movement ledger: what happened to an asset, before and after."""

    id: int
    asset_id: int
    number: str
    asset_name: str
    action: MovementAction
    happened_on: date
    recorded_at: datetime
    actor_id: int | None
    actor: str
    department_before: str | None
    department_after: str | None
    custodian_before: str | None
    custodian_after: str | None
    class_before: str | None
    class_after: str | None
    campus_before: str | None
    building_before: str | None
    room_before: str | None
    campus_after: str | None
    building_after: str | None
    room_after: str | None
    status_before: AssetStatus
    status_after: AssetStatus
    condition: str | None
    borrower: str | None
    repairer: str
    due_on: date | None
    closes_id: int | None
    closed_by_id: int | None
    writeoff_id: int | None
    cost: Decimal | None
    note: str

    @property
    def location_before(self) -> str:
        return " ".join(
            p for p in (self.campus_before, self.building_before, self.room_before) if p
        )

    @property
    def location_after(self) -> str:
        return " ".join(p for p in (self.campus_after, self.building_after, self.room_after) if p)

    @property
    def open(self) -> bool:
        """A loan or repair that nothing has ended yet."""
        return (
            self.action in (MovementAction.LEND, MovementAction.TO_REPAIR)
            and self.closed_by_id is None
        )

    def overdue_on(self, day: date) -> bool:
        """An open loan whose due date is before ``day``."""
        return (
            self.action is MovementAction.LEND
            and self.open
            and self.due_on is not None
            and self.due_on < day
        )


@attrs.frozen
class Damage:
    """A damage report (损坏登记) and what became of the compensation (谁损坏谁赔偿)."""

    id: int
    asset_id: int
    number: str
    asset_name: str
    campus_id: int | None
    department_id: int | None
    reported_on: date
    description: str
    responsible_id: int | None
    responsible: str
    school_class: str | None
    compensation: Decimal | None
    status: DamageStatus
    paid: Decimal | None
    paid_on: date | None
    receipt: str
    settled_note: str
    found_in_id: int | None
    repair_id: int | None
    reported_by: str


# Commands -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class IssueInput:
    """Issue an asset (领用) to a person, a class or a room; it is then in use there."""

    custodian: str | None = field(
        label=N_("To person"), default=None, help=N_("Who receives it: staff number or name")
    )
    school_class: str | None = field(label=N_("To class"), default=None, help=_CLASS)
    campus: str | None = field(label=N_("Campus"), default=None)
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)
    department: str | None = field(
        label=N_("Department"), default=None, help=N_("Empty: the person's department")
    )
    old_asset: str | None = field(
        label=N_("Old asset handed back"),
        default=None,
        help=N_("以旧换新: the number of the old one of the same category"),
    )
    old_condition: Condition | None = field(label=N_("Condition of the old asset"), default=None)
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen(kw_only=True)
class ReturnInput:
    """Hand an issued asset back (归还), saying what state it is in."""

    condition: Condition = field(label=N_("Condition"))
    campus: str | None = field(label=N_("Campus"), default=None, help=N_("Where it is kept now"))
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)
    responsible: str | None = field(
        label=N_("Who damaged it"), default=None, help=N_("When damaged: a person or a pupil")
    )
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))
    note: str = field(
        label=N_("Note"), default="", help=N_("When damaged: what is damaged"), checks=_NOTE
    )


@attrs.frozen(kw_only=True)
class LendInput:
    """Lend an asset (借出) to a person until a due date."""

    borrower: str = field(label=N_("Borrower"), help=_PERSON, checks=(not_blank,))
    due_on: date | None = field(
        label=N_("Due back on"), default=None, help=N_("Empty: the usual loan period")
    )
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen(kw_only=True)
class TakeBackInput:
    """Take a lent asset back (收回), saying what state it is in."""

    condition: Condition = field(label=N_("Condition"))
    responsible: str | None = field(
        label=N_("Who damaged it"), default=None, help=N_("Empty: the borrower")
    )
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))
    note: str = field(
        label=N_("Note"), default="", help=N_("When damaged: what is damaged"), checks=_NOTE
    )


@attrs.frozen(kw_only=True)
class MoveInput:
    """Transfer an asset (调拨) to another department, custodian or place.

    A field left empty keeps what the asset has now.
    """

    campus: str | None = field(label=N_("Campus"), default=None)
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)
    department: str | None = field(label=N_("Department"), default=None)
    custodian: str | None = field(label=N_("Custodian"), default=None, help=_PERSON)
    note: str | None = field(label=N_("Note"), default=None, checks=_NOTE)
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))


@attrs.frozen(kw_only=True)
class RepairInput:
    """Send an asset to repair (送修)."""

    repairer: str = field(
        label=N_("Repaired by"),
        help=N_("The school's carpenter, a repair shop…"),
        checks=(not_blank, max_length(100)),
    )
    expected_on: date | None = field(label=N_("Expected back on"), default=None)
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen(kw_only=True)
class RepairBackInput:
    """An asset back from repair (修回): fixed or not, and what the repair cost."""

    fixed: bool = field(label=N_("Fixed"), default=True, help=N_("No: it stays damaged"))
    cost: Decimal | None = field(label=N_("Cost of the repair"), default=None, checks=(_money,))
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))
    note: str = field(label=N_("Note"), default="", checks=_NOTE)


@attrs.frozen(kw_only=True)
class DamageInput:
    """Report damage to an asset (损坏登记); whoever damaged it pays (谁损坏谁赔偿)."""

    description: str = field(label=N_("What is damaged"), checks=(not_blank, max_length(500)))
    responsible: str | None = field(
        label=N_("Who damaged it"),
        default=None,
        help=N_("A person's staff number or name, or a pupil's name"),
        checks=(max_length(60),),
    )
    school_class: str | None = field(label=N_("Class"), default=None, help=_CLASS)
    compensation: Decimal | None = field(
        label=N_("Compensation"), default=None, help=N_("Yuan to be paid"), checks=(_money,)
    )
    send_to_repair: bool = field(label=N_("Send to repair now"), default=False)
    happened_on: date | None = field(label=N_("Date"), default=None, help=N_("Empty: today"))


@attrs.frozen(kw_only=True)
class CompensationInput:
    """Compensation paid for a damage (赔偿到账)."""

    amount: Decimal | None = field(
        label=N_("Amount paid"), default=None, help=N_("Empty: the amount set"), checks=(_money,)
    )
    paid_on: date | None = field(label=N_("Paid on"), default=None, help=N_("Empty: today"))
    receipt: str = field(label=N_("Receipt number"), default="", checks=(max_length(60),))
    note: str = field(label=N_("Note"), default="", checks=(max_length(200),))


@attrs.frozen(kw_only=True)
class WaiveInput:
    """Let the responsible party off paying, saying why (免赔)."""

    reason: str = field(label=N_("Reason"), checks=(not_blank, max_length(200)))


@attrs.frozen
class NoInput:
    """No form: the kind's objects are made by actions on others."""


# Which actions fit which status --------------------------------------------------------

HELD = frozenset({AssetStatus.IN_USE, AssetStatus.DAMAGED})
"""Statuses of an asset someone holds and may hand back."""

GONE = frozenset({AssetStatus.SCRAPPED, AssetStatus.MISSING})
"""Statuses of an asset that has left the books."""

FITS: dict[MovementAction, frozenset[AssetStatus]] = {
    # In use too, for what was registered in use with nobody holding it yet.
    MovementAction.ISSUE: frozenset({AssetStatus.IDLE, AssetStatus.IN_USE}),
    MovementAction.RETURN: HELD,
    MovementAction.LEND: frozenset({AssetStatus.IDLE, AssetStatus.IN_USE}),
    MovementAction.TAKE_BACK: frozenset({AssetStatus.LENT}),
    MovementAction.MOVE: frozenset({AssetStatus.IDLE, AssetStatus.IN_USE, AssetStatus.DAMAGED}),
    MovementAction.TO_REPAIR: frozenset(
        {AssetStatus.IDLE, AssetStatus.IN_USE, AssetStatus.DAMAGED}
    ),
    MovementAction.FROM_REPAIR: frozenset({AssetStatus.REPAIRING}),
    MovementAction.DAMAGE: frozenset({AssetStatus.IDLE, AssetStatus.IN_USE, AssetStatus.DAMAGED}),
    MovementAction.SCRAP: frozenset({AssetStatus.IDLE, AssetStatus.IN_USE, AssetStatus.DAMAGED}),
    MovementAction.LOSS: frozenset(
        {AssetStatus.IDLE, AssetStatus.IN_USE, AssetStatus.DAMAGED, AssetStatus.LENT}
    ),
}
"""The statuses an asset must be in for each action (no take-back of what is not lent)."""
