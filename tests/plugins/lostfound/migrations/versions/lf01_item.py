"""lost-and-found items

Revision ID: lf01
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "lf01"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lostfound_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=20), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lostfound_item")),
        sa.UniqueConstraint("tag", name=op.f("uq_lostfound_item_tag")),
    )
    op.create_index(op.f("ix_lostfound_item_found_on"), "lostfound_item", ["found_on"])


def downgrade() -> None:
    op.drop_index(op.f("ix_lostfound_item_found_on"), table_name="lostfound_item")
    op.drop_table("lostfound_item")
