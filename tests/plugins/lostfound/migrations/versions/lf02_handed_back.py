"""who a found item was handed back to, and when

Revision ID: lf02
Revises: lf01
"""

import sqlalchemy as sa
from alembic import op

revision = "lf02"
down_revision = "lf01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lostfound_item") as batch:
        batch.add_column(sa.Column("handed_to", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("handed_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lostfound_item") as batch:
        batch.drop_column("handed_on")
        batch.drop_column("handed_to")
