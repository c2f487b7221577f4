"""Tables of counts: the session, its expected lines, the scans and the results.

``count_expected`` is the book as it stood when the count was opened, copied
in one statement; ``count_scan`` is append-only (a duplicate is stored and
flagged, never counted twice); ``count_result`` is what closing found, one
line per proposed adjustment. Every column the reconciliation joins or a list
filters on is indexed together with the count it belongs to.
"""

from __future__ import annotations

import sqlalchemy as sa

from houqin.core.db.metadata import Money, UTCDateTime, metadata

count_session = sa.Table(
    "count_session",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("title", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False, index=True),
    sa.Column("purpose", sa.String(20), nullable=False, index=True),
    sa.Column("status", sa.String(10), nullable=False, index=True),
    # The scope as staff wrote it (campus, building, room, department, category).
    sa.Column("scope", sa.JSON, nullable=True),
    # The campus and department the scope lies in: who may see and run the count.
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=True, index=True),
    sa.Column("department_id", sa.ForeignKey("department.id"), nullable=True, index=True),
    sa.Column("store_id", sa.ForeignKey("stock_store.id"), nullable=True, index=True),
    sa.Column("expected", sa.Integer, nullable=False, server_default="0"),
    sa.Column("opened_by", sa.String(120), nullable=False),
    sa.Column("opened_at", UTCDateTime, nullable=False),
    sa.Column("closed_by", sa.String(120), nullable=True),
    sa.Column("closed_at", UTCDateTime, nullable=True),
    sa.Column("applied_by", sa.String(120), nullable=True),
    sa.Column("applied_at", UTCDateTime, nullable=True),
    sa.CheckConstraint("kind IN ('assets', 'stock')", name="kind_known"),
    sa.CheckConstraint("kind <> 'stock' OR store_id IS NOT NULL", name="stock_has_store"),
)

count_expected = sa.Table(
    "count_expected",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("count_id", sa.ForeignKey("count_session.id"), nullable=False),
    sa.Column("asset_id", sa.ForeignKey("asset.id"), nullable=True),
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=True),
    sa.Column("building_id", sa.ForeignKey("building.id"), nullable=True),
    sa.Column("room_id", sa.ForeignKey("room.id"), nullable=True),
    sa.Column("item_id", sa.ForeignKey("stock_item.id"), nullable=True),
    sa.Column("store_id", sa.ForeignKey("stock_store.id"), nullable=True),
    sa.Column("book_quantity", sa.Integer, nullable=True),
    sa.Column("value", Money, nullable=False, server_default="0"),
    sa.UniqueConstraint("count_id", "asset_id"),
    sa.UniqueConstraint("count_id", "item_id"),
    sa.Index("ix_count_expected_count_id_room_id", "count_id", "room_id"),
    sa.Index("ix_count_expected_asset_id", "asset_id"),
    sa.Index("ix_count_expected_item_id", "item_id"),
)

count_scan = sa.Table(
    "count_scan",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("count_id", sa.ForeignKey("count_session.id"), nullable=False),
    sa.Column("code", sa.String(100), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("asset_id", sa.ForeignKey("asset.id"), nullable=True),
    sa.Column("item_id", sa.ForeignKey("stock_item.id"), nullable=True),
    sa.Column("room_id", sa.ForeignKey("room.id"), nullable=True),
    sa.Column("quantity", sa.Integer, nullable=True),
    sa.Column("condition", sa.String(10), nullable=False, server_default="good"),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    sa.Column("responsible", sa.String(60), nullable=False, server_default=""),
    sa.Column("school_class", sa.String(60), nullable=False, server_default=""),
    sa.Column("scanned_by", sa.String(120), nullable=False),
    sa.Column("scanned_at", UTCDateTime, nullable=False),
    # With the outcome, so that "was this asset counted?" is one index lookup: the planner
    # would otherwise take (count_id, outcome) and read every scan for every expected asset.
    sa.Index("ix_count_scan_count_id_asset_id", "count_id", "asset_id", "outcome"),
    sa.Index("ix_count_scan_count_id_code", "count_id", "code"),
    sa.Index("ix_count_scan_count_id_outcome", "count_id", "outcome"),
    sa.Index("ix_count_scan_count_id_room_id", "count_id", "room_id"),
    sa.Index("ix_count_scan_count_id_condition", "count_id", "condition"),
    sa.Index("ix_count_scan_count_id_item_id", "count_id", "item_id"),
    sa.Index("ix_count_scan_asset_id", "asset_id"),
    sa.Index("ix_count_scan_item_id", "item_id"),
    sa.Index("ix_count_scan_room_id", "room_id"),
)

count_result = sa.Table(
    "count_result",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("count_id", sa.ForeignKey("count_session.id"), nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("code", sa.String(100), nullable=False),
    sa.Column("asset_id", sa.ForeignKey("asset.id"), nullable=True),
    sa.Column("item_id", sa.ForeignKey("stock_item.id"), nullable=True),
    sa.Column("expected_room_id", sa.ForeignKey("room.id"), nullable=True),
    sa.Column("found_room_id", sa.ForeignKey("room.id"), nullable=True),
    sa.Column("book_quantity", sa.Integer, nullable=True),
    sa.Column("counted_quantity", sa.Integer, nullable=True),
    sa.Column("difference", sa.Integer, nullable=True),
    sa.Column("value", Money, nullable=False, server_default="0"),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    sa.Column("responsible", sa.String(60), nullable=False, server_default=""),
    sa.Column("school_class", sa.String(60), nullable=False, server_default=""),
    sa.Column("accepted", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("decided_by", sa.String(120), nullable=True),
    # What applying the line did: "move", "write-off 12", "repair 7", "movement 33"…
    sa.Column("applied", sa.String(60), nullable=False, server_default=""),
    sa.Index("ix_count_result_count_id_outcome", "count_id", "outcome"),
    sa.Index("ix_count_result_asset_id", "asset_id"),
    sa.Index("ix_count_result_item_id", "item_id"),
    sa.Index("ix_count_result_expected_room_id", "expected_room_id"),
    sa.Index("ix_count_result_found_room_id", "found_room_id"),
)

ALL = (count_session, count_expected, count_scan, count_result)
