"""Tables of the store (行政仓库): catalogue, balances, the movement ledger and requests.

The ledger (``stock_movement``) is only ever appended to. ``stock_balance``
keeps the quantity on hand per item and store, changed in the same
transaction as the movement by a conditional update; its CHECK refuses a
negative quantity even if a service forgot the condition. ``stock_layer``
holds what is left of each delivery (batch) at its cost, consumed oldest
first; ``stock_layer_use`` says which layers each movement drew on.
"""

from __future__ import annotations

import sqlalchemy as sa

from houqin.core.db.metadata import Money, UTCDateTime, metadata

UnitCost = sa.Numeric(14, 4, asdecimal=True)

stock_supplier = sa.Table(
    "stock_supplier",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("contact", sa.String(60), nullable=False, server_default=""),
    sa.Column("phone", sa.String(30), nullable=False, server_default=""),
    sa.Column("address", sa.String(200), nullable=False, server_default=""),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
)

stock_store = sa.Table(
    "stock_store",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(60), nullable=False, unique=True),
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=True, index=True),
    sa.Column("room_id", sa.ForeignKey("room.id"), nullable=True, index=True),
    sa.Column("keeper_id", sa.ForeignKey("person.id"), nullable=True, index=True),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
)

stock_item = sa.Table(
    "stock_item",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(30), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False, index=True),
    sa.Column("spec", sa.String(100), nullable=False, server_default=""),
    sa.Column("unit", sa.String(20), nullable=False),
    sa.Column("category", sa.String(40), nullable=False, index=True),
    sa.Column("supplier_id", sa.ForeignKey("stock_supplier.id"), nullable=True, index=True),
    sa.Column("minimum", sa.Integer, nullable=False, server_default="0"),
    sa.Column("target", sa.Integer, nullable=False, server_default="0"),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    sa.UniqueConstraint("name", "spec"),
    sa.CheckConstraint("minimum >= 0", name="minimum_not_negative"),
    sa.CheckConstraint("target >= minimum", name="target_not_below_minimum"),
)

stock_balance = sa.Table(
    "stock_balance",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.ForeignKey("stock_item.id"), nullable=False),
    sa.Column("store_id", sa.ForeignKey("stock_store.id"), nullable=False, index=True),
    sa.Column("quantity", sa.Integer, nullable=False, server_default="0"),
    # The store's own minimum and target; NULL means the item's apply.
    sa.Column("minimum", sa.Integer, nullable=True),
    sa.Column("target", sa.Integer, nullable=True),
    sa.UniqueConstraint("item_id", "store_id"),
    sa.CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    sa.CheckConstraint("minimum >= 0", name="minimum_not_negative"),
    sa.CheckConstraint("target >= minimum", name="target_not_below_minimum"),
)

stock_request = sa.Table(
    "stock_request",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("store_id", sa.ForeignKey("stock_store.id"), nullable=False, index=True),
    sa.Column("item_id", sa.ForeignKey("stock_item.id"), nullable=False, index=True),
    sa.Column("department_id", sa.ForeignKey("department.id"), nullable=False, index=True),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("approved", sa.Integer, nullable=True),
    sa.Column("issued", sa.Integer, nullable=False, server_default="0"),
    sa.Column("returned", sa.Integer, nullable=False, server_default="0"),
    sa.Column("issued_value", Money, nullable=False, server_default="0"),
    sa.Column("returned_value", Money, nullable=False, server_default="0"),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("purpose", sa.String(200), nullable=False, server_default=""),
    sa.Column("requested_by", sa.String(120), nullable=False),
    sa.Column("requested_at", UTCDateTime, nullable=False),
    sa.Column("decided_by", sa.String(120), nullable=True),
    sa.Column("decided_at", UTCDateTime, nullable=True),
    sa.Column("decision_note", sa.String(200), nullable=False, server_default=""),
    sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    sa.CheckConstraint(
        "approved IS NULL OR (approved > 0 AND approved <= quantity)", name="approved_in_range"
    ),
    sa.CheckConstraint(
        "issued = 0 OR (approved IS NOT NULL AND issued > 0 AND issued <= approved)",
        name="issued_within_approved",
    ),
    sa.CheckConstraint("returned >= 0 AND returned <= issued", name="returned_within_issued"),
)

stock_movement = sa.Table(
    "stock_movement",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(20), nullable=False, index=True),
    sa.Column("item_id", sa.ForeignKey("stock_item.id"), nullable=False),
    sa.Column("store_id", sa.ForeignKey("stock_store.id"), nullable=False, index=True),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("value", Money, nullable=False),
    sa.Column("unit_cost", UnitCost, nullable=True),
    sa.Column("occurred_on", sa.Date, nullable=False, index=True),
    sa.Column("recorded_at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("supplier_id", sa.ForeignKey("stock_supplier.id"), nullable=True, index=True),
    sa.Column("batch", sa.String(60), nullable=False, server_default=""),
    sa.Column("request_id", sa.ForeignKey("stock_request.id"), nullable=True, index=True),
    sa.Column("department_id", sa.ForeignKey("department.id"), nullable=True, index=True),
    sa.Column("recipient", sa.String(60), nullable=False, server_default=""),
    sa.Column("document", sa.String(60), nullable=False, server_default=""),
    sa.Column("accepted_by", sa.String(60), nullable=False, server_default=""),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    # The other half of a transfer: the movement out of one store names the one into the other.
    sa.Column("linked_id", sa.ForeignKey("stock_movement.id"), nullable=True, index=True),
    sa.Index(None, "item_id", "store_id", "occurred_on"),
    sa.CheckConstraint("quantity <> 0", name="quantity_not_zero"),
    sa.CheckConstraint(
        "(kind IN ('opening', 'in', 'return', 'transfer_in') AND quantity > 0)"
        " OR (kind IN ('issue', 'transfer_out') AND quantity < 0)"
        " OR kind = 'adjust'",
        name="kind_and_sign",
    ),
)

stock_layer = sa.Table(
    "stock_layer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("item_id", sa.ForeignKey("stock_item.id"), nullable=False),
    sa.Column("store_id", sa.ForeignKey("stock_store.id"), nullable=False, index=True),
    sa.Column("movement_id", sa.ForeignKey("stock_movement.id"), nullable=False, index=True),
    sa.Column("received_on", sa.Date, nullable=False),
    sa.Column("batch", sa.String(60), nullable=False, server_default=""),
    sa.Column("unit_cost", UnitCost, nullable=False),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("value", Money, nullable=False),
    sa.Column("remaining", sa.Integer, nullable=False),
    sa.Column("remaining_value", Money, nullable=False),
    sa.Index(None, "item_id", "store_id", "received_on"),
    sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    sa.CheckConstraint("remaining >= 0 AND remaining <= quantity", name="remaining_in_range"),
    sa.CheckConstraint("value >= 0 AND remaining_value >= 0", name="value_not_negative"),
)

stock_layer_use = sa.Table(
    "stock_layer_use",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("movement_id", sa.ForeignKey("stock_movement.id"), nullable=False, index=True),
    sa.Column("layer_id", sa.ForeignKey("stock_layer.id"), nullable=False, index=True),
    sa.Column("quantity", sa.Integer, nullable=False),
    sa.Column("value", Money, nullable=False),
    sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    sa.CheckConstraint("value >= 0", name="value_not_negative"),
)

ALL = (
    stock_supplier,
    stock_store,
    stock_item,
    stock_balance,
    stock_request,
    stock_movement,
    stock_layer,
    stock_layer_use,
)
