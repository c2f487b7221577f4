from __future__ import annotations

import sqlalchemy as sa

from houqin.core.db import metadata

item = sa.Table(
    "lostfound_item",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("tag", sa.String(20), nullable=False, unique=True),
    sa.Column("description", sa.String(200), nullable=False),
    sa.Column("found_on", sa.Date, nullable=False, index=True),
    sa.Column("handed_to", sa.String(100), nullable=True),
    sa.Column("handed_on", sa.Date, nullable=True),
)
