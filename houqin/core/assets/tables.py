"""Tables of the fixed-asset register and of its life cycle.

Every column a list filters on has an index. An asset's campus and building
are kept beside its room, so that a filter or a scope by campus is one
indexed comparison, never a join through the rooms.

The movement ledger (``asset_movement``) is only ever appended to: each row
says what happened to one asset and what it changed, before and after. A
movement that ends a loan or a repair names the one it ends (``closes_id``),
so an open loan is a ``lend`` row that no row names.
"""

from __future__ import annotations

import sqlalchemy as sa

from houqin.core.db.metadata import Money, UTCDateTime, metadata

asset_category = sa.Table(
    "asset_category",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(20), nullable=False, unique=True),
    sa.Column("name", sa.String(60), nullable=False, index=True),
    sa.Column("parent_id", sa.ForeignKey("asset_category.id"), nullable=True, index=True),
    sa.Column("depreciable", sa.Boolean, nullable=False, server_default=sa.true()),
    # Empty for a class that only groups others, and for one that does not depreciate.
    sa.Column("useful_life_months", sa.Integer, nullable=True),
    sa.Column("life_source", sa.String(300), nullable=False, server_default=""),
    sa.Column("origin", sa.String(40), nullable=False, server_default=""),
    # 以旧换新: a new one of these is issued only against the old one handed back.
    sa.Column("exchange_required", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.CheckConstraint("useful_life_months > 0", name="life_positive"),
)

asset = sa.Table(
    "asset",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("number", sa.String(40), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("category_id", sa.ForeignKey("asset_category.id"), nullable=False, index=True),
    sa.Column("spec", sa.String(200), nullable=False, server_default=""),
    sa.Column("unit", sa.String(10), nullable=False, server_default=""),
    sa.Column("quantity", sa.Integer, nullable=False, server_default="1"),
    sa.Column("unit_price", Money, nullable=False),
    sa.Column("value", Money, nullable=False),
    sa.Column("acquired_by", sa.String(20), nullable=False),
    sa.Column("acquired_on", sa.Date, nullable=False, index=True),
    sa.Column("funding", sa.String(60), nullable=False, server_default=""),
    sa.Column("department_id", sa.ForeignKey("department.id"), nullable=True, index=True),
    sa.Column("custodian_id", sa.ForeignKey("person.id"), nullable=True, index=True),
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=True, index=True),
    sa.Column("building_id", sa.ForeignKey("building.id"), nullable=True, index=True),
    sa.Column("room_id", sa.ForeignKey("room.id"), nullable=True, index=True),
    # The class (班级) it is issued to, when it is class property.
    sa.Column("school_class_id", sa.ForeignKey("school_class.id"), nullable=True, index=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("notes", sa.String(500), nullable=False, server_default=""),
    # What a ledger brought over had already depreciated, and the date it said so.
    sa.Column("accumulated_depreciation", Money, nullable=True),
    sa.Column("depreciation_as_of", sa.Date, nullable=True),
    sa.Column("custom", sa.JSON, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # The day it left the books (scrapped or written off as missing); depreciation stops there.
    sa.Column("disposed_on", sa.Date, nullable=True),
    sa.CheckConstraint("quantity >= 1", name="quantity_positive"),
    sa.CheckConstraint("unit_price >= 0 AND value >= 0", name="amounts_not_negative"),
    sa.CheckConstraint(
        "accumulated_depreciation IS NULL OR "
        "(accumulated_depreciation >= 0 AND accumulated_depreciation <= value "
        "AND depreciation_as_of IS NOT NULL)",
        name="accumulated_within_value",
    ),
)


def _before_after(name: str, target: str, *, indexed: bool = False) -> list[sa.Column[int]]:
    return [
        sa.Column(f"{name}_before_id", sa.ForeignKey(f"{target}.id"), nullable=True),
        sa.Column(f"{name}_after_id", sa.ForeignKey(f"{target}.id"), nullable=True, index=indexed),
    ]


asset_movement = sa.Table(
    "asset_movement",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("asset_id", sa.ForeignKey("asset.id"), nullable=False, index=True),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("happened_on", sa.Date, nullable=False, index=True),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("actor_id", sa.ForeignKey("user_account.id"), nullable=True),
    sa.Column("actor", sa.String(120), nullable=False),
    *_before_after("department", "department", indexed=True),
    *_before_after("custodian", "person"),
    *_before_after("class", "school_class"),
    *_before_after("campus", "campus"),
    *_before_after("building", "building"),
    *_before_after("room", "room"),
    sa.Column("status_before", sa.String(20), nullable=False),
    sa.Column("status_after", sa.String(20), nullable=False),
    sa.Column("condition", sa.String(20), nullable=True),
    sa.Column("borrower_id", sa.ForeignKey("person.id"), nullable=True, index=True),
    sa.Column("repairer", sa.String(100), nullable=False, server_default=""),
    # A loan's due date, or the day a repair is expected back.
    sa.Column("due_on", sa.Date, nullable=True),
    sa.Column("closes_id", sa.ForeignKey("asset_movement.id"), nullable=True, index=True),
    sa.Column("writeoff_id", sa.ForeignKey("asset_writeoff.id"), nullable=True, index=True),
    sa.Column("cost", Money, nullable=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    # By action, and the overdue-loan query: open lends by due date.
    sa.Index(None, "action", "due_on"),
    sa.CheckConstraint("cost IS NULL OR cost >= 0", name="cost_not_negative"),
)

asset_damage = sa.Table(
    "asset_damage",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("asset_id", sa.ForeignKey("asset.id"), nullable=False, index=True),
    sa.Column("reported_on", sa.Date, nullable=False, index=True),
    sa.Column("description", sa.String(500), nullable=False),
    sa.Column("responsible_id", sa.ForeignKey("person.id"), nullable=True, index=True),
    # The name as given: a person of the register, or a pupil who is not in it.
    sa.Column("responsible", sa.String(60), nullable=False, server_default=""),
    sa.Column("school_class_id", sa.ForeignKey("school_class.id"), nullable=True, index=True),
    sa.Column("compensation", Money, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("paid", Money, nullable=True),
    sa.Column("paid_on", sa.Date, nullable=True),
    sa.Column("receipt", sa.String(60), nullable=False, server_default=""),
    sa.Column("settled_note", sa.String(200), nullable=False, server_default=""),
    sa.Column("found_in_id", sa.ForeignKey("asset_movement.id"), nullable=True),
    sa.Column("repair_id", sa.ForeignKey("asset_movement.id"), nullable=True),
    sa.Column("reported_by", sa.String(120), nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.CheckConstraint(
        "(compensation IS NULL OR compensation >= 0) AND (paid IS NULL OR paid >= 0)",
        name="amounts_not_negative",
    ),
)

asset_writeoff = sa.Table(
    "asset_writeoff",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("number", sa.String(20), nullable=False, unique=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("reason", sa.String(500), nullable=False),
    sa.Column("happened_on", sa.Date, nullable=False),
    sa.Column("requested_by", sa.String(120), nullable=False),
    sa.Column("requested_by_id", sa.ForeignKey("user_account.id"), nullable=True),
    sa.Column("requested_at", UTCDateTime, nullable=False),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("value", Money, nullable=False),
    sa.Column("accumulated", Money, nullable=False),
    sa.Column("net", Money, nullable=False),
    # The filing or approval number of the education or finance authority (主管部门/财政备案).
    sa.Column("filing_no", sa.String(60), nullable=False, server_default=""),
    sa.Column("decided_at", UTCDateTime, nullable=True),
)

asset_writeoff_line = sa.Table(
    "asset_writeoff_line",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("writeoff_id", sa.ForeignKey("asset_writeoff.id"), nullable=False, index=True),
    sa.Column("asset_id", sa.ForeignKey("asset.id"), nullable=False, index=True),
    sa.Column("value", Money, nullable=False),
    sa.Column("accumulated", Money, nullable=False),
    sa.Column("net", Money, nullable=False),
    sa.UniqueConstraint("writeoff_id", "asset_id"),
)

asset_writeoff_approval = sa.Table(
    "asset_writeoff_approval",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("writeoff_id", sa.ForeignKey("asset_writeoff.id"), nullable=False, index=True),
    sa.Column("step", sa.String(20), nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("by_name", sa.String(120), nullable=False),
    sa.Column("by_id", sa.ForeignKey("user_account.id"), nullable=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    sa.UniqueConstraint("writeoff_id", "step"),
)

asset_custody = sa.Table(
    "asset_custody",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("school_class_id", sa.ForeignKey("school_class.id"), nullable=True, index=True),
    sa.Column("room_id", sa.ForeignKey("room.id"), nullable=True, index=True),
    sa.Column("term", sa.String(40), nullable=False, index=True),
    sa.Column("signed_on", sa.Date, nullable=False),
    sa.Column("signed_by_id", sa.ForeignKey("person.id"), nullable=False, index=True),
    sa.Column("custodian_id", sa.ForeignKey("person.id"), nullable=False, index=True),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.Column("recorded_by", sa.String(120), nullable=False),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("school_class_id IS NOT NULL OR room_id IS NOT NULL", name="class_or_room"),
)

asset_custody_line = sa.Table(
    "asset_custody_line",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("custody_id", sa.ForeignKey("asset_custody.id"), nullable=False, index=True),
    sa.Column("asset_id", sa.ForeignKey("asset.id"), nullable=False, index=True),
    sa.Column("number", sa.String(40), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("spec", sa.String(200), nullable=False, server_default=""),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("value", Money, nullable=False),
)

ALL = (
    asset_category,
    asset,
    asset_writeoff,
    asset_movement,
    asset_damage,
    asset_writeoff_line,
    asset_writeoff_approval,
    asset_custody,
    asset_custody_line,
)
