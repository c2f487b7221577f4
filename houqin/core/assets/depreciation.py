"""Depreciation: straight line, no residual value, month by month, as of any date.

The rule (政府会计准则第3号——固定资产: 当月增加的固定资产当月不计提折旧, 从下月起
计提): an asset depreciates from the month after the one it was acquired in, by
an equal part of its value each month of its category's useful life of L
months. As of a date D the months counted run from that month through D's
month, both included: bought on 2024-03-15, an asset has depreciated 0 months
as of 2024-03-31 and 1 month as of 2024-04-01.

Accumulated depreciation is value × months ÷ L, rounded half up to the fen,
so the monthly parts add up to exactly the value after L months and no more:
a fully depreciated asset stays at its value (no residual value). A category
that does not depreciate (文物和陈列品, 图书档案, 动植物, 土地…), or has no
useful life set, never depreciates.

An asset brought over from another ledger with A already accumulated as of a
date B continues from it: A plus value × (months after B's month up to D's) ÷ L,
never more than the value. Before B its history is not known; it shows the
straight line from acquisition, never more than A.

An asset scrapped or written off as missing stops depreciating on the day it
left the books (its ``disposed_on``): as of any later date it shows what it
had accumulated then, its month of leaving counted like any other.

The same arithmetic runs per asset in Python (:func:`accumulated`) and over
the whole register in SQL (:func:`accumulated_sql`), both in whole fen, so the
two always agree to the fen.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.assets import tables as t
from houqin.core.assets.categories import CategoryIndex
from houqin.core.assets.money import cents, from_cents, to_cents
from houqin.core.assets.service import get_asset
from houqin.core.uow import UnitOfWork


def month_number(day: date) -> int:
    """Months since the start of year 0, so that two dates' difference counts months."""
    return day.year * 12 + day.month


def _part(value_c: int, months: int, life: int) -> int:
    """value × months ÷ life in whole fen, rounded half up (all of them non-negative)."""
    return (2 * value_c * months + life) // (2 * life)


def accumulated_cents(
    value_c: int,
    acquired_on: date,
    life: int | None,
    as_of: date,
    prior_c: int | None = None,
    prior_as_of: date | None = None,
) -> int:
    """Accumulated depreciation in whole fen as of ``as_of`` (see the module's rule)."""
    if life is None:
        return prior_c or 0
    due = month_number(as_of)
    months = min(max(due - month_number(acquired_on), 0), life)
    straight = _part(value_c, months, life)
    if prior_c is None or prior_as_of is None:
        return straight
    since = due - month_number(prior_as_of)
    if since >= 0:
        return min(value_c, prior_c + _part(value_c, since, life))
    return min(straight, prior_c)


def accumulated(
    value: Decimal,
    acquired_on: date,
    life: int | None,
    as_of: date,
    prior: Decimal | None = None,
    prior_as_of: date | None = None,
) -> Decimal:
    """Accumulated depreciation of one asset as of ``as_of``, in yuan."""
    prior_c = to_cents(prior) if prior is not None else None
    found = accumulated_cents(to_cents(value), acquired_on, life, as_of, prior_c, prior_as_of)
    return from_cents(found)


@attrs.frozen
class AssetDepreciation:
    """Where one asset's depreciation stands on a date."""

    asset_id: int
    number: str
    as_of: date
    value: Decimal
    useful_life_months: int | None
    accumulated: Decimal
    this_month: Decimal

    @property
    def net(self) -> Decimal:
        """Net book value (净值)."""
        return self.value - self.accumulated

    @property
    def fully_depreciated(self) -> bool:
        return self.useful_life_months is not None and self.accumulated >= self.value


def previous_month_end(day: date) -> date:
    """The last day of the month before ``day``'s."""
    return date(day.year, day.month, 1) - timedelta(days=1)


def depreciation_of(uow: UnitOfWork, asset_id: int, as_of: date) -> AssetDepreciation:
    """One asset's accumulated depreciation as of ``as_of`` and the part charged that month."""
    found = get_asset(uow, asset_id)
    life = CategoryIndex.load(uow).by_id[found.category_id].life_in_force
    args = (found.value, found.acquired_on, life)
    prior = (found.accumulated_depreciation, found.depreciation_as_of)

    def upto(day: date) -> Decimal:
        if found.disposed_on is not None and found.disposed_on < day:
            day = found.disposed_on
        return accumulated(*args, day, *prior)

    total = upto(as_of)
    before = upto(previous_month_end(as_of))
    return AssetDepreciation(
        found.id, found.number, as_of, found.value, life, total, total - before
    )


# The same in SQL ------------------------------------------------------------------------


def _month_number_sql(column: Any) -> sa.ColumnElement[int]:
    year = sa.cast(sa.extract("year", column), sa.Integer)
    month = sa.cast(sa.extract("month", column), sa.Integer)
    return year * 12 + month


def _least(a: Any, b: Any) -> sa.ColumnElement[int]:
    least: sa.ColumnElement[int] = sa.case((a > b, b), else_=a)
    return least


def accumulated_sql(as_of: date) -> sa.ColumnElement[int]:
    """Each asset's accumulated depreciation in whole fen, as an SQL expression.

    The query must join ``asset_category`` on the asset's category; the
    arithmetic is :func:`accumulated_cents`, in integers on both databases,
    as of ``as_of`` or the day the asset left the books, whichever is earlier.
    """
    a, c = t.asset.c, t.asset_category.c
    life = sa.case((c.depreciable, c.useful_life_months), else_=sa.null())
    value_c = cents(a.value)
    prior_c = cents(a.accumulated_depreciation)
    due = sa.case(
        (
            sa.and_(a.disposed_on.is_not(None), a.disposed_on < as_of),
            _month_number_sql(a.disposed_on),
        ),
        else_=sa.literal(month_number(as_of), sa.Integer),
    )
    elapsed = due - _month_number_sql(a.acquired_on)
    months = sa.case((elapsed < 0, 0), (elapsed > life, life), else_=elapsed)

    def part(count: Any) -> sa.ColumnElement[int]:
        share: sa.ColumnElement[int] = (value_c * count * 2 + life) // (life * 2)
        return share

    straight = part(months)
    since = due - _month_number_sql(a.depreciation_as_of)
    return sa.case(
        (life.is_(None), sa.func.coalesce(prior_c, 0)),
        (a.accumulated_depreciation.is_(None), straight),
        (since >= 0, _least(prior_c + part(since), value_c)),
        else_=_least(straight, prior_c),
    )
