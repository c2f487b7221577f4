"""Money in SQL: sums that are exact on SQLite too.

SQLite keeps a NUMERIC value as a binary float, and a million of them summed
as floats can drift by fen. Summed as whole fen (an integer per line) the
total is exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa

FEN_PER_YUAN = 100


def cents(column: Any) -> sa.ColumnElement[int]:
    """An amount as whole fen (Numeric(14, 2) has exactly two decimals)."""
    return sa.cast(sa.func.round(column * FEN_PER_YUAN), sa.BigInteger)


def cents_sum(column: Any) -> sa.ColumnElement[int]:
    """The sum of an amount column in whole fen; 0 for no rows."""
    return sa.func.coalesce(sa.func.sum(cents(column)), 0)


def from_cents(value: Any) -> Decimal:
    """Whole fen, as the database summed them, back to yuan."""
    return (Decimal(int(value or 0)) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def to_cents(amount: Decimal) -> int:
    return int((amount * FEN_PER_YUAN).to_integral_value())
