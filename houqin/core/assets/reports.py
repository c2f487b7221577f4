"""Reports of the register: value and depreciation by category, department, location or
status as of a date.

Figures come from one grouped SQL query over the register, in whole fen, so
a report of a million assets costs what its query costs and its totals are
exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.assets import tables as t
from houqin.core.assets.depreciation import accumulated_sql, previous_month_end
from houqin.core.assets.money import cents, from_cents
from houqin.core.assets.service import filter_assets, scoped
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, Text
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork

GROUPINGS: dict[str, Text] = {
    "category": N_("Category"),
    "department": N_("Department"),
    "location": N_("Location"),
    "status": N_("Status"),
}


def money_text(amount: Decimal) -> str:
    """An amount as a ledger prints it: ¥1,234,567.89."""
    return f"¥{amount:,.2f}"


@attrs.frozen
class DepreciationRow:
    """One group of a depreciation report: its assets' value, depreciation and net value."""

    key: str
    label: str
    count: int
    value: Decimal
    accumulated: Decimal
    this_month: Decimal

    @property
    def net(self) -> Decimal:
        return self.value - self.accumulated


@attrs.frozen
class DepreciationReport:
    """Depreciation of the register (as filtered) as of a date, by category or department."""

    as_of: date
    by: str
    rows: Sequence[DepreciationRow]

    @property
    def total(self) -> DepreciationRow:
        return DepreciationRow(
            "",
            "",
            sum(r.count for r in self.rows),
            sum((r.value for r in self.rows), Decimal("0.00")),
            sum((r.accumulated for r in self.rows), Decimal("0.00")),
            sum((r.this_month for r in self.rows), Decimal("0.00")),
        )


def depreciation_report(
    uow: UnitOfWork,
    as_of: date,
    *,
    by: str = "category",
    held_only: bool = False,
    **filters: Any,
) -> DepreciationReport:
    """Value, accumulated depreciation, net value and the month's charge per group.

    ``filters`` are those of :func:`~houqin.core.assets.service.list_assets`;
    only assets the actor may see are counted. With ``held_only`` only the
    assets the school held on ``as_of`` count: acquired by then and not yet
    scrapped or written off. Location groups by campus and building; status
    by the status each asset has now.
    """
    if by not in GROUPINGS:
        raise InvalidInput.single(
            "by", N_("group by one of: {choices}", choices=", ".join(GROUPINGS))
        )
    a, c = t.asset.c, t.asset_category.c
    group: tuple[Any, ...]
    key: Any
    label: Any
    source: Any = t.asset.join(t.asset_category, c.id == a.category_id)
    if by == "category":
        key, label, group = c.code, c.name, (c.code, c.name)
    elif by == "department":
        key, label = o.department.c.name, o.department.c.name
        group = (o.department.c.name,)
        source = source.outerjoin(o.department, o.department.c.id == a.department_id)
    elif by == "location":
        place = o.campus.c.name + " " + sa.func.coalesce(o.building.c.name, "")
        key = label = place
        group = (o.campus.c.name, o.building.c.name)
        source = source.outerjoin(o.campus, o.campus.c.id == a.campus_id).outerjoin(
            o.building, o.building.c.id == a.building_id
        )
    else:
        key, label, group = a.status, a.status, (a.status,)
    total = accumulated_sql(as_of)
    before = accumulated_sql(previous_month_end(as_of))
    query = (
        sa.select(
            key.label("key"),
            label.label("label"),
            sa.func.count().label("lines"),
            sa.func.sum(cents(a.value)).label("value"),
            sa.func.sum(total).label("accumulated"),
            sa.func.sum(total - before).label("this_month"),
        )
        .select_from(source)
        .group_by(*group)
        .order_by(*group)
    )
    if held_only:
        query = query.where(
            a.acquired_on <= as_of, sa.or_(a.disposed_on.is_(None), a.disposed_on > as_of)
        )
    query = scoped(uow, filter_assets(uow, query, **filters))
    rows = [
        DepreciationRow(
            r.key or "",
            r.label or "",
            int(r.lines),
            from_cents(r.value),
            from_cents(r.accumulated),
            from_cents(r.this_month),
        )
        for r in uow.conn.execute(query)
    ]
    return DepreciationReport(as_of, by, rows)
