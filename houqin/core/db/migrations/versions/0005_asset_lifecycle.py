"""asset life cycle: movements, damage and compensation, write-offs, custody agreements

Revision ID: 0005a
Revises: 0004

Adds the movement ledger (issue, return, lend, repair, transfer, scrap…), damage
reports with their compensation (谁损坏谁赔偿), write-offs with their lines and
approval steps (报废/报损), custody agreements of classes and rooms
(财产使用与保管责任书); and on the register: the class an asset is issued to,
the day it left the books, and the category flag for 以旧换新.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005a"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "asset_custody",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_class_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("term", sa.String(length=40), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("signed_by_id", sa.Integer(), nullable=False),
        sa.Column("custodian_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "school_class_id IS NOT NULL OR room_id IS NOT NULL",
            name=op.f("ck_asset_custody_class_or_room"),
        ),
        sa.ForeignKeyConstraint(
            ["custodian_id"], ["person.id"], name=op.f("fk_asset_custody_custodian_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_asset_custody_room_id_room")
        ),
        sa.ForeignKeyConstraint(
            ["school_class_id"],
            ["school_class.id"],
            name=op.f("fk_asset_custody_school_class_id_school_class"),
        ),
        sa.ForeignKeyConstraint(
            ["signed_by_id"], ["person.id"], name=op.f("fk_asset_custody_signed_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_custody")),
    )
    with op.batch_alter_table("asset_custody", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_custody_custodian_id"), ["custodian_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_asset_custody_room_id"), ["room_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_asset_custody_school_class_id"), ["school_class_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_custody_signed_by_id"), ["signed_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_asset_custody_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_asset_custody_term"), ["term"], unique=False)

    op.create_table(
        "asset_writeoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("accumulated", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("net", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("filing_no", sa.String(length=60), server_default="", nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["user_account.id"],
            name=op.f("fk_asset_writeoff_requested_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_writeoff")),
        sa.UniqueConstraint("number", name=op.f("uq_asset_writeoff_number")),
    )
    with op.batch_alter_table("asset_writeoff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_writeoff_status"), ["status"], unique=False)

    op.create_table(
        "asset_custody_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("custody_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("spec", sa.String(length=200), server_default="", nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_custody_line_asset_id_asset")
        ),
        sa.ForeignKeyConstraint(
            ["custody_id"],
            ["asset_custody.id"],
            name=op.f("fk_asset_custody_line_custody_id_asset_custody"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_custody_line")),
    )
    with op.batch_alter_table("asset_custody_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_custody_line_asset_id"), ["asset_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_custody_line_custody_id"), ["custody_id"], unique=False
        )

    op.create_table(
        "asset_movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("department_before_id", sa.Integer(), nullable=True),
        sa.Column("department_after_id", sa.Integer(), nullable=True),
        sa.Column("custodian_before_id", sa.Integer(), nullable=True),
        sa.Column("custodian_after_id", sa.Integer(), nullable=True),
        sa.Column("class_before_id", sa.Integer(), nullable=True),
        sa.Column("class_after_id", sa.Integer(), nullable=True),
        sa.Column("campus_before_id", sa.Integer(), nullable=True),
        sa.Column("campus_after_id", sa.Integer(), nullable=True),
        sa.Column("building_before_id", sa.Integer(), nullable=True),
        sa.Column("building_after_id", sa.Integer(), nullable=True),
        sa.Column("room_before_id", sa.Integer(), nullable=True),
        sa.Column("room_after_id", sa.Integer(), nullable=True),
        sa.Column("status_before", sa.String(length=20), nullable=False),
        sa.Column("status_after", sa.String(length=20), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=True),
        sa.Column("borrower_id", sa.Integer(), nullable=True),
        sa.Column("repairer", sa.String(length=100), server_default="", nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("closes_id", sa.Integer(), nullable=True),
        sa.Column("writeoff_id", sa.Integer(), nullable=True),
        sa.Column("cost", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.CheckConstraint(
            "cost IS NULL OR cost >= 0", name=op.f("ck_asset_movement_cost_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_asset_movement_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_movement_asset_id_asset")
        ),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["person.id"], name=op.f("fk_asset_movement_borrower_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["building_after_id"],
            ["building.id"],
            name=op.f("fk_asset_movement_building_after_id_building"),
        ),
        sa.ForeignKeyConstraint(
            ["building_before_id"],
            ["building.id"],
            name=op.f("fk_asset_movement_building_before_id_building"),
        ),
        sa.ForeignKeyConstraint(
            ["campus_after_id"],
            ["campus.id"],
            name=op.f("fk_asset_movement_campus_after_id_campus"),
        ),
        sa.ForeignKeyConstraint(
            ["campus_before_id"],
            ["campus.id"],
            name=op.f("fk_asset_movement_campus_before_id_campus"),
        ),
        sa.ForeignKeyConstraint(
            ["class_after_id"],
            ["school_class.id"],
            name=op.f("fk_asset_movement_class_after_id_school_class"),
        ),
        sa.ForeignKeyConstraint(
            ["class_before_id"],
            ["school_class.id"],
            name=op.f("fk_asset_movement_class_before_id_school_class"),
        ),
        sa.ForeignKeyConstraint(
            ["closes_id"],
            ["asset_movement.id"],
            name=op.f("fk_asset_movement_closes_id_asset_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["custodian_after_id"],
            ["person.id"],
            name=op.f("fk_asset_movement_custodian_after_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["custodian_before_id"],
            ["person.id"],
            name=op.f("fk_asset_movement_custodian_before_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["department_after_id"],
            ["department.id"],
            name=op.f("fk_asset_movement_department_after_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["department_before_id"],
            ["department.id"],
            name=op.f("fk_asset_movement_department_before_id_department"),
        ),
        sa.ForeignKeyConstraint(
            ["room_after_id"], ["room.id"], name=op.f("fk_asset_movement_room_after_id_room")
        ),
        sa.ForeignKeyConstraint(
            ["room_before_id"], ["room.id"], name=op.f("fk_asset_movement_room_before_id_room")
        ),
        sa.ForeignKeyConstraint(
            ["writeoff_id"],
            ["asset_writeoff.id"],
            name=op.f("fk_asset_movement_writeoff_id_asset_writeoff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_movement")),
    )
    with op.batch_alter_table("asset_movement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_movement_action"), ["action", "due_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_asset_movement_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_asset_movement_borrower_id"), ["borrower_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_movement_closes_id"), ["closes_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_movement_department_after_id"),
            ["department_after_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_asset_movement_happened_on"), ["happened_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_movement_writeoff_id"), ["writeoff_id"], unique=False
        )

    op.create_table(
        "asset_writeoff_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("writeoff_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("by_name", sa.String(length=120), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["user_account.id"],
            name=op.f("fk_asset_writeoff_approval_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["writeoff_id"],
            ["asset_writeoff.id"],
            name=op.f("fk_asset_writeoff_approval_writeoff_id_asset_writeoff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_writeoff_approval")),
        sa.UniqueConstraint(
            "writeoff_id", "step", name=op.f("uq_asset_writeoff_approval_writeoff_id_step")
        ),
    )
    with op.batch_alter_table("asset_writeoff_approval", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_writeoff_approval_writeoff_id"), ["writeoff_id"], unique=False
        )

    op.create_table(
        "asset_writeoff_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("writeoff_id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("accumulated", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("net", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_writeoff_line_asset_id_asset")
        ),
        sa.ForeignKeyConstraint(
            ["writeoff_id"],
            ["asset_writeoff.id"],
            name=op.f("fk_asset_writeoff_line_writeoff_id_asset_writeoff"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_writeoff_line")),
        sa.UniqueConstraint(
            "writeoff_id", "asset_id", name=op.f("uq_asset_writeoff_line_writeoff_id_asset_id")
        ),
    )
    with op.batch_alter_table("asset_writeoff_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_asset_writeoff_line_asset_id"), ["asset_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_writeoff_line_writeoff_id"), ["writeoff_id"], unique=False
        )

    op.create_table(
        "asset_damage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("responsible_id", sa.Integer(), nullable=True),
        sa.Column("responsible", sa.String(length=60), server_default="", nullable=False),
        sa.Column("school_class_id", sa.Integer(), nullable=True),
        sa.Column("compensation", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("paid", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("receipt", sa.String(length=60), server_default="", nullable=False),
        sa.Column("settled_note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("found_in_id", sa.Integer(), nullable=True),
        sa.Column("repair_id", sa.Integer(), nullable=True),
        sa.Column("reported_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(compensation IS NULL OR compensation >= 0) AND (paid IS NULL OR paid >= 0)",
            name=op.f("ck_asset_damage_amounts_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["asset.id"], name=op.f("fk_asset_damage_asset_id_asset")
        ),
        sa.ForeignKeyConstraint(
            ["found_in_id"],
            ["asset_movement.id"],
            name=op.f("fk_asset_damage_found_in_id_asset_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["asset_movement.id"],
            name=op.f("fk_asset_damage_repair_id_asset_movement"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_id"], ["person.id"], name=op.f("fk_asset_damage_responsible_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["school_class_id"],
            ["school_class.id"],
            name=op.f("fk_asset_damage_school_class_id_school_class"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_damage")),
    )
    with op.batch_alter_table("asset_damage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_damage_asset_id"), ["asset_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_asset_damage_reported_on"), ["reported_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_damage_responsible_id"), ["responsible_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_asset_damage_school_class_id"), ["school_class_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_asset_damage_status"), ["status"], unique=False)

    # Plain ALTER TABLE: on SQLite a batch copy of these tables would break the
    # foreign keys other tables hold on them.
    fk = "fk_asset_school_class_id_school_class"
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference, but no constraint to a table.
        op.execute(
            "ALTER TABLE asset ADD COLUMN school_class_id INTEGER "
            f"CONSTRAINT {fk} REFERENCES school_class (id)"
        )
    else:
        op.add_column("asset", sa.Column("school_class_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(fk), "asset", "school_class", ["school_class_id"], ["id"])
    op.add_column("asset", sa.Column("disposed_on", sa.Date(), nullable=True))
    op.create_index(op.f("ix_asset_school_class_id"), "asset", ["school_class_id"], unique=False)
    op.add_column(
        "asset_category",
        sa.Column("exchange_required", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("asset_category", schema=None) as batch_op:
        batch_op.drop_column("exchange_required")

    with op.batch_alter_table("asset", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_asset_school_class_id_school_class"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_asset_school_class_id"))
        batch_op.drop_column("disposed_on")
        batch_op.drop_column("school_class_id")

    with op.batch_alter_table("asset_damage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_damage_status"))
        batch_op.drop_index(batch_op.f("ix_asset_damage_school_class_id"))
        batch_op.drop_index(batch_op.f("ix_asset_damage_responsible_id"))
        batch_op.drop_index(batch_op.f("ix_asset_damage_reported_on"))
        batch_op.drop_index(batch_op.f("ix_asset_damage_asset_id"))

    op.drop_table("asset_damage")
    with op.batch_alter_table("asset_writeoff_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_writeoff_line_writeoff_id"))
        batch_op.drop_index(batch_op.f("ix_asset_writeoff_line_asset_id"))

    op.drop_table("asset_writeoff_line")
    with op.batch_alter_table("asset_writeoff_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_writeoff_approval_writeoff_id"))

    op.drop_table("asset_writeoff_approval")
    with op.batch_alter_table("asset_movement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_movement_writeoff_id"))
        batch_op.drop_index(batch_op.f("ix_asset_movement_happened_on"))
        batch_op.drop_index(batch_op.f("ix_asset_movement_department_after_id"))
        batch_op.drop_index(batch_op.f("ix_asset_movement_closes_id"))
        batch_op.drop_index(batch_op.f("ix_asset_movement_borrower_id"))
        batch_op.drop_index(batch_op.f("ix_asset_movement_asset_id"))
        batch_op.drop_index(batch_op.f("ix_asset_movement_action"))

    op.drop_table("asset_movement")
    with op.batch_alter_table("asset_custody_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_custody_line_custody_id"))
        batch_op.drop_index(batch_op.f("ix_asset_custody_line_asset_id"))

    op.drop_table("asset_custody_line")
    with op.batch_alter_table("asset_writeoff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_writeoff_status"))

    op.drop_table("asset_writeoff")
    with op.batch_alter_table("asset_custody", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_custody_term"))
        batch_op.drop_index(batch_op.f("ix_asset_custody_status"))
        batch_op.drop_index(batch_op.f("ix_asset_custody_signed_by_id"))
        batch_op.drop_index(batch_op.f("ix_asset_custody_school_class_id"))
        batch_op.drop_index(batch_op.f("ix_asset_custody_room_id"))
        batch_op.drop_index(batch_op.f("ix_asset_custody_custodian_id"))

    op.drop_table("asset_custody")
