"""Tables of the fixed-asset register.

Every column a list filters on has an index. An asset's campus and building
are kept beside its room, so that a filter or a scope by campus is one
indexed comparison, never a join through the rooms.
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
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("notes", sa.String(500), nullable=False, server_default=""),
    # What a ledger brought over had already depreciated, and the date it said so.
    sa.Column("accumulated_depreciation", Money, nullable=True),
    sa.Column("depreciation_as_of", sa.Date, nullable=True),
    sa.Column("custom", sa.JSON, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("quantity >= 1", name="quantity_positive"),
    sa.CheckConstraint("unit_price >= 0 AND value >= 0", name="amounts_not_negative"),
    sa.CheckConstraint(
        "accumulated_depreciation IS NULL OR "
        "(accumulated_depreciation >= 0 AND accumulated_depreciation <= value "
        "AND depreciation_as_of IS NOT NULL)",
        name="accumulated_within_value",
    ),
)

ALL = (asset_category, asset)
