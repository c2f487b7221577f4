"""stock: suppliers, stores, items, balances, requests, the movement ledger, cost layers

Revision ID: 0003s
Revises: 0002

A branch beside the fixed-asset register (0003); both start from 0002.
The CHECK constraints are the store's invariants: a balance is never
negative, a layer never gives more than it received, a request never issues
more than was approved nor takes back more than was issued.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003s"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "stock_supplier",
        _id(),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("contact", sa.String(length=60), server_default="", nullable=False),
        sa.Column("phone", sa.String(length=30), server_default="", nullable=False),
        sa.Column("address", sa.String(length=200), server_default="", nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_supplier")),
        sa.UniqueConstraint("name", name=op.f("uq_stock_supplier_name")),
    )

    op.create_table(
        "stock_store",
        _id(),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("campus_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("keeper_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["campus_id"], ["campus.id"], name=op.f("fk_stock_store_campus_id_campus")
        ),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_stock_store_room_id_room")),
        sa.ForeignKeyConstraint(
            ["keeper_id"], ["person.id"], name=op.f("fk_stock_store_keeper_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_store")),
        sa.UniqueConstraint("name", name=op.f("uq_stock_store_name")),
    )
    with op.batch_alter_table("stock_store", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_store_campus_id"), ["campus_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_store_keeper_id"), ["keeper_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_store_room_id"), ["room_id"], unique=False)

    op.create_table(
        "stock_item",
        _id(),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("spec", sa.String(length=100), server_default="", nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("minimum", sa.Integer(), server_default="0", nullable=False),
        sa.Column("target", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.CheckConstraint("minimum >= 0", name=op.f("ck_stock_item_minimum_not_negative")),
        sa.CheckConstraint(
            "target >= minimum", name=op.f("ck_stock_item_target_not_below_minimum")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["stock_supplier.id"],
            name=op.f("fk_stock_item_supplier_id_stock_supplier"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_item")),
        sa.UniqueConstraint("code", name=op.f("uq_stock_item_code")),
        sa.UniqueConstraint("name", "spec", name=op.f("uq_stock_item_name_spec")),
    )
    with op.batch_alter_table("stock_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_item_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_item_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_item_supplier_id"), ["supplier_id"], unique=False
        )

    op.create_table(
        "stock_balance",
        _id(),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="0", nullable=False),
        sa.Column("minimum", sa.Integer(), nullable=True),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_stock_balance_quantity_not_negative")),
        sa.CheckConstraint("minimum >= 0", name=op.f("ck_stock_balance_minimum_not_negative")),
        sa.CheckConstraint(
            "target >= minimum", name=op.f("ck_stock_balance_target_not_below_minimum")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_balance_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stock_store.id"], name=op.f("fk_stock_balance_store_id_stock_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_balance")),
        sa.UniqueConstraint("item_id", "store_id", name=op.f("uq_stock_balance_item_id_store_id")),
    )
    with op.batch_alter_table("stock_balance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_balance_store_id"), ["store_id"], unique=False)

    op.create_table(
        "stock_request",
        _id(),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("approved", sa.Integer(), nullable=True),
        sa.Column("issued", sa.Integer(), server_default="0", nullable=False),
        sa.Column("returned", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "issued_value", sa.Numeric(precision=14, scale=2), server_default="0", nullable=False
        ),
        sa.Column(
            "returned_value", sa.Numeric(precision=14, scale=2), server_default="0", nullable=False
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=200), server_default="", nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=200), server_default="", nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_stock_request_quantity_positive")),
        sa.CheckConstraint(
            "approved IS NULL OR (approved > 0 AND approved <= quantity)",
            name=op.f("ck_stock_request_approved_in_range"),
        ),
        sa.CheckConstraint(
            "issued = 0 OR (approved IS NOT NULL AND issued > 0 AND issued <= approved)",
            name=op.f("ck_stock_request_issued_within_approved"),
        ),
        sa.CheckConstraint(
            "returned >= 0 AND returned <= issued",
            name=op.f("ck_stock_request_returned_within_issued"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_stock_request_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_request_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stock_store.id"], name=op.f("fk_stock_request_store_id_stock_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_request")),
    )
    with op.batch_alter_table("stock_request", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_request_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_request_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_request_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_request_store_id"), ["store_id"], unique=False)

    op.create_table(
        "stock_movement",
        _id(),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("unit_cost", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("supplier_id", sa.Integer(), nullable=True),
        sa.Column("batch", sa.String(length=60), server_default="", nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=60), server_default="", nullable=False),
        sa.Column("document", sa.String(length=60), server_default="", nullable=False),
        sa.Column("accepted_by", sa.String(length=60), server_default="", nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("linked_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity <> 0", name=op.f("ck_stock_movement_quantity_not_zero")),
        sa.CheckConstraint(
            "(kind IN ('opening', 'in', 'return', 'transfer_in') AND quantity > 0)"
            " OR (kind IN ('issue', 'transfer_out') AND quantity < 0)"
            " OR kind = 'adjust'",
            name=op.f("ck_stock_movement_kind_and_sign"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_stock_movement_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_movement_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["linked_id"],
            ["stock_movement.id"],
            name=op.f("fk_stock_movement_linked_id_stock_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["stock_request.id"],
            name=op.f("fk_stock_movement_request_id_stock_request"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stock_store.id"], name=op.f("fk_stock_movement_store_id_stock_store")
        ),
        sa.ForeignKeyConstraint(
            ["supplier_id"],
            ["stock_supplier.id"],
            name=op.f("fk_stock_movement_supplier_id_stock_supplier"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movement")),
    )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_movement_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_movement_item_id"),
            ["item_id", "store_id", "occurred_on"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_stock_movement_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_movement_linked_id"), ["linked_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_movement_occurred_on"), ["occurred_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_stock_movement_request_id"), ["request_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_movement_store_id"), ["store_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_movement_supplier_id"), ["supplier_id"], unique=False
        )

    op.create_table(
        "stock_layer",
        _id(),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("batch", sa.String(length=60), server_default="", nullable=False),
        sa.Column("unit_cost", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column("remaining_value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_stock_layer_quantity_positive")),
        sa.CheckConstraint(
            "remaining >= 0 AND remaining <= quantity",
            name=op.f("ck_stock_layer_remaining_in_range"),
        ),
        sa.CheckConstraint(
            "value >= 0 AND remaining_value >= 0", name=op.f("ck_stock_layer_value_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_stock_layer_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movement.id"],
            name=op.f("fk_stock_layer_movement_id_stock_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stock_store.id"], name=op.f("fk_stock_layer_store_id_stock_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_layer")),
    )
    with op.batch_alter_table("stock_layer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stock_layer_item_id"),
            ["item_id", "store_id", "received_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_stock_layer_movement_id"), ["movement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stock_layer_store_id"), ["store_id"], unique=False)

    op.create_table(
        "stock_layer_use",
        _id(),
        sa.Column("movement_id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_stock_layer_use_quantity_positive")),
        sa.CheckConstraint("value >= 0", name=op.f("ck_stock_layer_use_value_not_negative")),
        sa.ForeignKeyConstraint(
            ["layer_id"], ["stock_layer.id"], name=op.f("fk_stock_layer_use_layer_id_stock_layer")
        ),
        sa.ForeignKeyConstraint(
            ["movement_id"],
            ["stock_movement.id"],
            name=op.f("fk_stock_layer_use_movement_id_stock_movement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_layer_use")),
    )
    with op.batch_alter_table("stock_layer_use", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_layer_use_layer_id"), ["layer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_stock_layer_use_movement_id"), ["movement_id"], unique=False
        )


def downgrade() -> None:
    for table in (
        "stock_layer_use",
        "stock_layer",
        "stock_movement",
        "stock_request",
        "stock_balance",
        "stock_item",
        "stock_store",
        "stock_supplier",
    ):
        op.drop_table(table)
