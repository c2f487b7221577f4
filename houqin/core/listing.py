"""Keyset paging: lists that stay fast at a million rows.

A page is fetched with ``WHERE (sort key, id) > (last seen)`` on an index,
never with OFFSET, so the thousandth page costs what the first does. The
cursor a page hands back is opaque text a frontend passes to get the next one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import attrs
import sqlalchemy as sa

from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_

T = TypeVar("T")

_INVALID_CURSOR = N_("this page link is no longer valid; start from the first page")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its items, the cursor of the next page, and the total if asked."""

    items: list[T]
    next_cursor: str | None
    total: int | None = None


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), ensure_ascii=False, default=str)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _invalid_cursor() -> InvalidInput:
    return InvalidInput.single("cursor", _INVALID_CURSOR)


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _invalid_cursor() from None
    if not isinstance(values, list) or len(values) != width:
        raise _invalid_cursor()
    return values


# The widest value each integer type holds; a bigger one would fail in the database.
_INTEGER_BITS = ((sa.SmallInteger, 15), (sa.BigInteger, 63), (sa.Integer, 31))


def _typed(key: sa.ColumnElement[Any], value: Any) -> Any:
    """The cursor's value as the key's type; refused unless encode_cursor could have written it."""
    stored = key.type
    if isinstance(stored, sa.TypeDecorator):
        stored = stored.impl_instance  # such as UTCDateTime, whose python_type says only "object"
    python_type = stored.python_type
    # Keys are NOT NULL scalars: a null, a list or an object was put in by hand,
    # and so was true or false for a key that is not a yes/no column.
    if value is None or isinstance(value, list | dict):
        raise _invalid_cursor()
    if isinstance(value, bool) and python_type is not bool:
        raise _invalid_cursor()
    try:
        if isinstance(value, python_type):
            typed = value
        elif python_type is date:
            typed = date.fromisoformat(str(value))
        elif python_type is datetime:
            typed = datetime.fromisoformat(str(value))
        else:
            typed = python_type(value)
    except (TypeError, ValueError, ArithmeticError):
        raise _invalid_cursor() from None
    aware = getattr(stored, "timezone", False)
    if isinstance(typed, datetime) and aware and typed.tzinfo is None:
        raise _invalid_cursor()
    if isinstance(typed, int) and not isinstance(typed, bool):
        bits = next((b for cls, b in _INTEGER_BITS if isinstance(stored, cls)), 63)
        if not -(2**bits) <= typed < 2**bits:
            raise _invalid_cursor()
    return typed


def fetch_page(
    conn: sa.Connection,
    query: sa.Select[Any],
    keys: Sequence[sa.ColumnElement[Any]],
    make: Callable[[sa.RowMapping], T],
    *,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
    count_query: sa.Select[Any] | None = None,
) -> Page[T]:
    """Run ``query`` ordered by ``keys`` (the last one unique) from the cursor ``after``.

    Every key must be NOT NULL, so that the row-value comparison is exact.
    ``count_query``, when given, selects the same rows without the joins that
    only fetch names for display: the total is counted on it (at a million
    rows, counting through six joins takes several times as long).
    """
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    total = None
    if with_total:
        counted = count_query if count_query is not None else query
        total = conn.execute(
            sa.select(sa.func.count()).select_from(counted.subquery())
        ).scalar_one()
    paged = query.order_by(*keys).limit(limit + 1)
    if after is not None:
        values = decode_cursor(after, len(keys))
        typed = [sa.literal(_typed(k, v), type_=k.type) for k, v in zip(keys, values, strict=True)]
        paged = paged.where(sa.tuple_(*keys) > sa.tuple_(*typed))
    rows = conn.execute(paged).mappings().all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [make(r) for r in rows]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = encode_cursor([last[str(k.key)] for k in keys])
    return Page(items, next_cursor, total)
