"""Records and commands of the fixed-asset register (校产).

Commands name related objects as staff do: a category by its code
(A02010105) or its name, a department by name, the custodian (责任人) by staff
number or name, the location by campus, building and room. Records are what
services return, with those names filled in beside the ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

from houqin.core.choices import choice_labels
from houqin.core.commands import at_least, at_most, field, max_length, not_blank
from houqin.core.convert import ValueRefused
from houqin.core.i18n import N_, LazyText

CENT = Decimal("0.01")
# Spreadsheet formulas hand back 59.970000000000006 for 3 × 19.99; such noise is rounded away.
_FLOAT_NOISE = Decimal("0.000001")


@choice_labels(
    {
        "purchase": N_("Purchased"),
        "donation": N_("Donated"),
        "transfer_in": N_("Transferred in"),
        "self_built": N_("Built in-house"),
        "surplus": N_("Found in a count"),
        "exchange": N_("Exchanged"),
        "other": N_("Other"),
    }
)
class AcquiredBy(StrEnum):
    """How the school came to have an asset (取得方式)."""

    PURCHASE = "purchase"
    DONATION = "donation"
    TRANSFER_IN = "transfer_in"
    SELF_BUILT = "self_built"
    SURPLUS = "surplus"
    EXCHANGE = "exchange"
    OTHER = "other"


@choice_labels(
    {
        "in_use": N_("In use"),
        "idle": N_("Idle"),
        "lent": N_("Lent out"),
        "repairing": N_("Under repair"),
        "damaged": N_("Damaged"),
        "scrapped": N_("Scrapped"),
        "missing": N_("Missing"),
    }
)
class AssetStatus(StrEnum):
    """The state an asset is in (使用状况)."""

    IN_USE = "in_use"
    IDLE = "idle"
    LENT = "lent"
    REPAIRING = "repairing"
    DAMAGED = "damaged"
    SCRAPPED = "scrapped"
    MISSING = "missing"


@attrs.frozen
class CustomFields:
    """A school's own facts about an asset (brand, serial number, contract…), as text pairs.

    Written and read as ``key: value; key: value``, the form a form field or a
    spreadsheet cell holds; stored as a JSON object.
    """

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, data: Mapping[str, Any] | Iterable[tuple[str, Any]] | None) -> CustomFields:
        items = data.items() if isinstance(data, Mapping) else (data or ())
        return cls(tuple((str(k).strip(), str(v).strip()) for k, v in items if str(k).strip()))

    @classmethod
    def parse(cls, text: str) -> CustomFields:
        """``品牌: 联想; 序列号: SN123`` → the pairs; refused unless every part has a colon."""
        pairs: dict[str, str] = {}
        for part in text.replace("；", ";").split(";"):
            if not part.strip():
                continue
            key, colon, value = part.replace("：", ":").partition(":")
            if not colon or not key.strip():
                raise ValueRefused(
                    N_("write custom fields as “name: value; name: value” ({part})", part=part)
                )
            pairs[key.strip()] = value.strip()
        return cls(tuple(pairs.items()))

    def as_dict(self) -> dict[str, str]:
        return dict(self.pairs)

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)

    def __str__(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.pairs)


def structure_custom(value: Any, _type: Any = None) -> CustomFields:
    """The converter's rule for :class:`CustomFields`: the pairs, a mapping or the text form."""
    if isinstance(value, CustomFields):
        return value
    if isinstance(value, Mapping):
        return CustomFields.of(value)
    return CustomFields.parse(str(value))


def cents(value: Any) -> LazyText | None:
    """Refuse amounts finer than a fen (分); float noise from a formula is let through."""
    if isinstance(value, Decimal) and abs(value - value.quantize(CENT)) > _FLOAT_NOISE:
        return N_("at most two decimal places")
    return None


_MONEY = (at_least(Decimal(0)), cents)


# Records --------------------------------------------------------------------------------


@attrs.frozen
class Category:
    """An asset category (资产分类): a GB/T 14885-2022 class, or the school's or a module's own.

    ``useful_life_months`` is ``None`` for a class that groups others
    (设备) and for one that does not depreciate; ``origin`` says where the
    category comes from: the standard, ``school``, or a module's name.
    """

    id: int
    code: str
    name: str
    parent: str | None
    parent_name: str | None
    depreciable: bool
    useful_life_months: int | None
    life_source: str
    origin: str
    exchange_required: bool = False


@attrs.frozen
class Asset:
    """One line of the register, with the names of what it points to."""

    id: int
    number: str
    name: str
    category_id: int
    category: str
    category_name: str
    spec: str
    unit: str
    quantity: int
    unit_price: Decimal
    value: Decimal
    acquired_by: AcquiredBy
    acquired_on: date
    funding: str
    department_id: int | None
    department: str | None
    custodian_id: int | None
    custodian: str | None
    custodian_no: str | None
    campus_id: int | None
    campus: str | None
    building_id: int | None
    building: str | None
    room_id: int | None
    room: str | None
    status: AssetStatus
    notes: str
    accumulated_depreciation: Decimal | None
    depreciation_as_of: date | None
    custom: CustomFields
    created_at: datetime
    school_class_id: int | None = None
    school_class: str | None = None
    disposed_on: date | None = None

    @property
    def location(self) -> str:
        """Campus, building and room as one line (本部 教学楼 101)."""
        return " ".join(p for p in (self.campus, self.building, self.room) if p)


@attrs.frozen
class AssetTotals:
    """How many register lines a list holds, their quantity and their value, from SQL."""

    count: int
    quantity: int
    value: Decimal


# Commands -------------------------------------------------------------------------------


@attrs.frozen
class CategoryInput:
    """A category of the school's own, under a standard class or another of its own."""

    code: str = field(
        label=N_("Code"),
        help=N_("Unique, e.g. A02010105 or the school's own such as XS-01"),
        checks=(not_blank, max_length(20)),
    )
    name: str = field(label=N_("Name"), checks=(not_blank, max_length(60)))
    parent: str | None = field(
        label=N_("Parent category"), default=None, help=N_("Code of the category it belongs to")
    )
    depreciable: bool | None = field(
        label=N_("Depreciates"), default=None, help=N_("Empty: as the parent category")
    )
    useful_life_months: int | None = field(
        label=N_("Useful life (months)"),
        default=None,
        help=N_("Empty: as the parent category"),
        checks=(at_least(1), at_most(1200)),
    )
    life_source: str = field(
        label=N_("Source of the useful life"),
        default="",
        help=N_("The rule or decision the number comes from"),
        checks=(max_length(300),),
    )
    exchange_required: bool | None = field(
        label=N_("New only for old"),
        default=None,
        help=N_(
            "以旧换新: a new one is issued only against the old one handed back; "
            "empty: as the parent category"
        ),
    )


@attrs.frozen(kw_only=True)
class AssetInput:
    """One line of the fixed-asset register (固定资产卡片); its fields in ledger order."""

    number: str = field(
        label=N_("Asset number"),
        help=N_("Unique in the school"),
        checks=(not_blank, max_length(40)),
    )
    name: str = field(label=N_("Asset name"), checks=(not_blank, max_length(100)))
    category: str = field(
        label=N_("Category"),
        help=N_("GB/T 14885-2022 code such as A02010105, or the category's name"),
        checks=(not_blank, max_length(60)),
    )
    spec: str = field(label=N_("Specification/model"), default="", checks=(max_length(200),))
    unit: str = field(
        label=N_("Unit"), default="", help=N_("台, 套, 件…"), checks=(max_length(10),)
    )
    quantity: int = field(label=N_("Quantity"), default=1, checks=(at_least(1),))
    unit_price: Decimal | None = field(
        label=N_("Unit price"), default=None, help=N_("Empty: value ÷ quantity"), checks=_MONEY
    )
    value: Decimal | None = field(
        label=N_("Value"),
        default=None,
        help=N_("Book value (原值); empty: unit price × quantity"),
        checks=_MONEY,
    )
    acquired_by: AcquiredBy = field(label=N_("Acquired by"), default=AcquiredBy.PURCHASE)
    acquired_on: date = field(label=N_("Acquired on"))
    funding: str = field(
        label=N_("Funding source"),
        default="",
        help=N_("财政拨款, 自筹…"),
        checks=(max_length(60),),
    )
    department: str | None = field(label=N_("Department"), default=None)
    custodian: str | None = field(
        label=N_("Custodian"), default=None, help=N_("The person responsible: staff number or name")
    )
    campus: str | None = field(label=N_("Campus"), default=None)
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)
    status: AssetStatus = field(label=N_("Status"), default=AssetStatus.IN_USE)
    notes: str = field(label=N_("Notes"), default="", checks=(max_length(500),))
    accumulated_depreciation: Decimal | None = field(
        label=N_("Depreciation already accumulated"),
        default=None,
        help=N_("For an asset brought over from another ledger"),
        checks=_MONEY,
    )
    depreciation_as_of: date | None = field(
        label=N_("Accumulated as of"),
        default=None,
        help=N_("The date the accumulated depreciation was stated on"),
    )
    custom: CustomFields = field(
        label=N_("Custom fields"),
        default=CustomFields(),
        help=N_("name: value; name: value"),
    )
