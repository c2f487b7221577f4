"""counts: sessions, the expected lines copied on opening, scans, results

Revision ID: 0005c
Revises: 0004

A count (清点/盘点) of the asset register or of a store. ``count_expected``
holds the book as it stood when the count opened, ``count_scan`` every scan
(duplicates flagged, not counted twice), ``count_result`` what closing found
with the adjustment each line proposes. The indexes serve the progress per
room, the reconciliation on closing and the result lists.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005c"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "count_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=True),
        sa.Column("campus_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("expected", sa.Integer(), server_default="0", nullable=False),
        sa.Column("opened_by", sa.String(length=120), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_by", sa.String(length=120), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_by", sa.String(length=120), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind <> 'stock' OR store_id IS NOT NULL", name=op.f("ck_count_session_stock_has_store")
        ),
        sa.CheckConstraint("kind IN ('assets', 'stock')", name=op.f("ck_count_session_kind_known")),
        sa.ForeignKeyConstraint(
            ["campus_id"], ["campus.id"], name=op.f("fk_count_session_campus_id_campus")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_count_session_department_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stock_store.id"], name=op.f("fk_count_session_store_id_stock_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_session")),
    )
    with op.batch_alter_table("count_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_count_session_campus_id"), ["campus_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_count_session_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_count_session_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_count_session_purpose"), ["purpose"], unique=False)
        batch_op.create_index(batch_op.f("ix_count_session_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_count_session_store_id"), ["store_id"], unique=False)

    op.create_table(
        "count_expected",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column("campus_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("store_id", sa.Integer(), nullable=True),
        sa.Column("book_quantity", sa.Integer(), nullable=True),
        sa.Column("value", sa.Numeric(precision=14, scale=2), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_count_expected_asset_id_asset")
        ),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_count_expected_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["campus_id"], ["campus.id"], name=op.f("fk_count_expected_campus_id_campus")
        ),
        sa.ForeignKeyConstraint(
            ["count_id"],
            ["count_session.id"],
            name=op.f("fk_count_expected_count_id_count_session"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_count_expected_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_count_expected_room_id_room")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stock_store.id"], name=op.f("fk_count_expected_store_id_stock_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_expected")),
        sa.UniqueConstraint(
            "count_id", "asset_id", name=op.f("uq_count_expected_count_id_asset_id")
        ),
        sa.UniqueConstraint("count_id", "item_id", name=op.f("uq_count_expected_count_id_item_id")),
    )
    with op.batch_alter_table("count_expected", schema=None) as batch_op:
        batch_op.create_index("ix_count_expected_asset_id", ["asset_id"], unique=False)
        batch_op.create_index(
            "ix_count_expected_count_id_room_id", ["count_id", "room_id"], unique=False
        )
        batch_op.create_index("ix_count_expected_item_id", ["item_id"], unique=False)

    op.create_table(
        "count_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("expected_room_id", sa.Integer(), nullable=True),
        sa.Column("found_room_id", sa.Integer(), nullable=True),
        sa.Column("book_quantity", sa.Integer(), nullable=True),
        sa.Column("counted_quantity", sa.Integer(), nullable=True),
        sa.Column("difference", sa.Integer(), nullable=True),
        sa.Column("value", sa.Numeric(precision=14, scale=2), server_default="0", nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("responsible", sa.String(length=60), server_default="", nullable=False),
        sa.Column("school_class", sa.String(length=60), server_default="", nullable=False),
        sa.Column("accepted", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("applied", sa.String(length=60), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_count_result_asset_id_asset")
        ),
        sa.ForeignKeyConstraint(
            ["count_id"], ["count_session.id"], name=op.f("fk_count_result_count_id_count_session")
        ),
        sa.ForeignKeyConstraint(
            ["expected_room_id"], ["room.id"], name=op.f("fk_count_result_expected_room_id_room")
        ),
        sa.ForeignKeyConstraint(
            ["found_room_id"], ["room.id"], name=op.f("fk_count_result_found_room_id_room")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_count_result_item_id_stock_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_result")),
    )
    with op.batch_alter_table("count_result", schema=None) as batch_op:
        batch_op.create_index("ix_count_result_asset_id", ["asset_id"], unique=False)
        batch_op.create_index(
            "ix_count_result_count_id_outcome", ["count_id", "outcome"], unique=False
        )
        batch_op.create_index(
            "ix_count_result_expected_room_id", ["expected_room_id"], unique=False
        )
        batch_op.create_index("ix_count_result_found_room_id", ["found_room_id"], unique=False)
        batch_op.create_index("ix_count_result_item_id", ["item_id"], unique=False)

    op.create_table(
        "count_scan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("count_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("condition", sa.String(length=10), server_default="good", nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("responsible", sa.String(length=60), server_default="", nullable=False),
        sa.Column("school_class", sa.String(length=60), server_default="", nullable=False),
        sa.Column("scanned_by", sa.String(length=120), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_count_scan_asset_id_asset")
        ),
        sa.ForeignKeyConstraint(
            ["count_id"], ["count_session.id"], name=op.f("fk_count_scan_count_id_count_session")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_item.id"], name=op.f("fk_count_scan_item_id_stock_item")
        ),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_count_scan_room_id_room")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_count_scan")),
    )
    with op.batch_alter_table("count_scan", schema=None) as batch_op:
        batch_op.create_index("ix_count_scan_asset_id", ["asset_id"], unique=False)
        batch_op.create_index(
            "ix_count_scan_count_id_asset_id", ["count_id", "asset_id", "outcome"], unique=False
        )
        batch_op.create_index("ix_count_scan_count_id_code", ["count_id", "code"], unique=False)
        batch_op.create_index(
            "ix_count_scan_count_id_condition", ["count_id", "condition"], unique=False
        )
        batch_op.create_index(
            "ix_count_scan_count_id_item_id", ["count_id", "item_id"], unique=False
        )
        batch_op.create_index(
            "ix_count_scan_count_id_outcome", ["count_id", "outcome"], unique=False
        )
        batch_op.create_index(
            "ix_count_scan_count_id_room_id", ["count_id", "room_id"], unique=False
        )
        batch_op.create_index("ix_count_scan_item_id", ["item_id"], unique=False)
        batch_op.create_index("ix_count_scan_room_id", ["room_id"], unique=False)


def downgrade() -> None:
    for table in ("count_result", "count_scan", "count_expected", "count_session"):
        op.drop_table(table)
