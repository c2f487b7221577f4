"""Bulk inserts bind every value as an INSERT statement would, on each database."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core.db.engine import create_engine
from houqin.core.db.metadata import Money, UTCDateTime
from houqin.core.db.rows import insert_many

sample = sa.Table(
    "bulk_sample",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(40)),
    sa.Column("amount", Money),
    sa.Column("day", sa.Date),
    sa.Column("at", UTCDateTime),
    sa.Column("flag", sa.Boolean),
    sa.Column("extra", sa.JSON),
)

ROWS = [
    {
        "name": "投影仪",
        "amount": Decimal("4800.50"),
        "day": date(2024, 9, 1),
        "at": datetime(2024, 9, 1, 8, 30, tzinfo=UTC),
        "flag": True,
        "extra": {"品牌": "联想", "数量": 2},
    },
    {"name": None, "amount": None, "day": None, "at": None, "flag": False, "extra": None},
]


def _stored(conn: sa.Connection, low: int, high: int) -> list[tuple[object, ...]]:
    rows = conn.execute(
        sa.select(sample).where(sample.c.id.between(low, high)).order_by(sample.c.id)
    )
    return [tuple(row)[1:] for row in rows]


def test_bulk_rows_read_back_as_rows_inserted_one_by_one(houqin_database_url):
    engine = create_engine(houqin_database_url)
    try:
        sample.create(engine)
        with engine.begin() as conn:
            conn.execute(sample.insert(), [{"id": i, **row} for i, row in enumerate(ROWS, 1)])
            insert_many(conn, sample, [{"id": i, **row} for i, row in enumerate(ROWS, 101)])
        with engine.connect() as conn:
            one_by_one, bulk = _stored(conn, 1, 99), _stored(conn, 101, 199)
        assert bulk == one_by_one
        assert bulk[0][0] == "投影仪" and bulk[0][1] == Decimal("4800.50")
        assert bulk[0][3] == datetime(2024, 9, 1, 8, 30, tzinfo=UTC)
        assert bulk[0][5] == {"品牌": "联想", "数量": 2}
    finally:
        sample.drop(engine, checkfirst=True)
        engine.dispose()


def test_a_bulk_insert_is_part_of_the_callers_transaction(houqin_database_url):
    engine = create_engine(houqin_database_url)
    try:
        sample.create(engine)
        with engine.connect() as conn, conn.begin() as tx:
            insert_many(conn, sample, [{"id": 1, **ROWS[0]}])
            tx.rollback()
        with engine.connect() as conn:
            assert _stored(conn, 1, 99) == []
    finally:
        sample.drop(engine, checkfirst=True)
        engine.dispose()


def test_a_column_default_computed_in_python_must_be_given():
    table = sa.Table(
        "bulk_defaults",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(10), default="plain"),
    )
    engine = create_engine("sqlite://")
    try:
        table.create(engine)
        with engine.begin() as conn, pytest.raises(ValueError, match="must give kind"):
            insert_many(conn, table, [{"id": 1}])
        with engine.begin() as conn:
            insert_many(conn, table, [{"id": 1, "kind": "given"}])
            assert conn.execute(sa.select(table.c.kind)).scalar_one() == "given"
    finally:
        engine.dispose()
