"""Reports of the store: the monthly materials ledger (材料账), reorders, dashboard figures.

The monthly report is one grouped query over the ledger: per item, what it
held before the month (opening), what came in and went out during it, and
what it held at the end (closing), in quantity and in value at cost.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.db.metadata import Money
from houqin.core.errors import FieldError, InvalidInput
from houqin.core.i18n import N_, LazyText, render
from houqin.core.printing import PrintDoc, PrintTable
from houqin.core.settings import get_setting
from houqin.core.spreadsheet import SheetData, write_xlsx
from houqin.core.stock import tables as t
from houqin.core.stock.balances import BALANCE_KEYS, balance_record, balances_query
from houqin.core.stock.model import (
    Balance,
    MonthlyLedgerInput,
    MovementKind,
    RequestStatus,
    item_title,
)
from houqin.core.stock.plugin import APPROVE, MANAGE, VIEW
from houqin.core.stock.requests import scoped_requests
from houqin.core.stock.service import find_store, require_any, store_scope
from houqin.core.uow import UnitOfWork

_i, _s, _m = t.stock_item, t.stock_store, t.stock_movement


# Dashboard figures ----------------------------------------------------------------------


@attrs.frozen
class StoreSummary:
    below_minimum: int
    value: Decimal
    pending_requests: int


def _count(uow: UnitOfWork, query: sa.Select[Any]) -> int:
    return int(
        uow.conn.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one()
    )


def store_summary(uow: UnitOfWork) -> StoreSummary:
    """Items to reorder, value at cost and requests waiting, in the stores the reader sees."""
    below = balances_query(uow, below_minimum=True).where(_i.c.active)
    layer = t.stock_layer
    value = uow.conn.execute(
        store_scope(
            uow,
            sa.select(sa.func.coalesce(sa.func.sum(layer.c.remaining_value, type_=Money), 0))
            .join(_s, _s.c.id == layer.c.store_id)
            .where(layer.c.remaining > 0),
            _s.c.campus_id,
        )
    ).scalar_one()
    return StoreSummary(
        below_minimum=_count(uow, below),
        value=Decimal(value).quantize(Decimal("0.01")),
        pending_requests=pending_requests(uow, permission=VIEW),
    )


def pending_requests(uow: UnitOfWork, *, permission: str = APPROVE) -> int:
    """Requests waiting for approval that ``permission`` reaches."""
    r = t.stock_request
    query = (
        sa.select(r.c.id)
        .join(_s, _s.c.id == r.c.store_id)
        .where(r.c.status == RequestStatus.PENDING.value)
    )
    return _count(uow, scoped_requests(uow, query, permission))


def reorder_list(
    uow: UnitOfWork, *, store: str | None = None, permission: str = MANAGE
) -> list[Balance]:
    """Items in use whose available stock (on hand less what approved requests still
    take) is below the minimum, each with the quantity that brings it back to the target.
    """
    query = balances_query(uow, store=store, below_minimum=True, permission=permission).where(
        _i.c.active
    )
    rows = uow.conn.execute(query.order_by(*BALANCE_KEYS)).mappings()
    return [balance_record(row) for row in rows]


# The monthly materials ledger -----------------------------------------------------------


@attrs.frozen
class ReportLine:
    """One item's month: opening, in, out and closing, in quantity and value."""

    category: str
    item_id: int
    code: str
    item: str
    unit: str
    opening_quantity: int
    opening_value: Decimal
    in_quantity: int
    in_value: Decimal
    out_quantity: int
    out_value: Decimal

    @property
    def closing_quantity(self) -> int:
        return self.opening_quantity + self.in_quantity - self.out_quantity

    @property
    def closing_value(self) -> Decimal:
        return self.opening_value + self.in_value - self.out_value


@attrs.frozen
class ValueTotals:
    """Values summed over a category or the whole report (quantities of different
    units do not add up)."""

    category: str
    opening_value: Decimal
    in_value: Decimal
    out_value: Decimal

    @property
    def closing_value(self) -> Decimal:
        return self.opening_value + self.in_value - self.out_value


@attrs.frozen
class MonthlyReport:
    month: date
    store: str | None
    lines: list[ReportLine]
    categories: list[ValueTotals]
    total: ValueTotals


_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-./年])\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str, field: str = "month") -> date:
    """The first day of a month written 2024-09, 2024.9, 2024/09 or 2024年9月."""
    match = _MONTH.match(text)
    if match is not None and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    raise InvalidInput(
        [
            FieldError(
                field,
                N_("{value!r} is not a month (write it as 2024-09)", value=text),
                label=N_("Month"),
            )
        ]
    )


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


_INFLOW = sa.or_(
    _m.c.kind.in_([MovementKind.OPENING.value, MovementKind.STOCK_IN.value]),
    sa.and_(_m.c.kind == MovementKind.ADJUSTMENT.value, _m.c.quantity > 0),
    _m.c.kind == MovementKind.TRANSFER_IN.value,
)
# Returns count against what went out (红字冲减), so "out" is what was used.
_OUTFLOW = sa.or_(
    _m.c.kind.in_([MovementKind.ISSUE.value, MovementKind.RETURN.value]),
    sa.and_(_m.c.kind == MovementKind.ADJUSTMENT.value, _m.c.quantity < 0),
    _m.c.kind == MovementKind.TRANSFER_OUT.value,
)


def monthly_report(uow: UnitOfWork, month: date, *, store: str | None = None) -> MonthlyReport:
    """The materials ledger (材料账) for the month holding ``month``, by category and item.

    In: deliveries, opening balances, surpluses and (for one store) transfers
    in. Out: issues less returns, losses and (for one store) transfers out.
    Over all stores transfers are left out: they move stock without
    changing what the school holds. Only the stores the reader sees count.
    """
    require_any(uow, VIEW)
    start, end = month_start(month), next_month(month)
    before = _m.c.occurred_on < start
    during = sa.and_(_m.c.occurred_on >= start, _m.c.occurred_on < end)

    def total(condition: Any, column: Any, money: bool = False) -> Any:
        expression = sa.case((condition, column), else_=0)
        return sa.func.sum(expression, type_=Money) if money else sa.func.sum(expression)

    query = (
        sa.select(
            _i.c.id,
            _i.c.category,
            _i.c.code,
            _i.c.name,
            _i.c.spec,
            _i.c.unit,
            total(before, _m.c.quantity).label("opening_quantity"),
            total(before, _m.c.value, True).label("opening_value"),
            total(sa.and_(during, _INFLOW), _m.c.quantity).label("in_quantity"),
            total(sa.and_(during, _INFLOW), _m.c.value, True).label("in_value"),
            total(sa.and_(during, _OUTFLOW), -_m.c.quantity).label("out_quantity"),
            total(sa.and_(during, _OUTFLOW), -_m.c.value, True).label("out_value"),
        )
        .join(_i, _i.c.id == _m.c.item_id)
        .join(_s, _s.c.id == _m.c.store_id)
        .where(_m.c.occurred_on < end)
        .group_by(_i.c.id, _i.c.category, _i.c.code, _i.c.name, _i.c.spec, _i.c.unit)
        .order_by(_i.c.category, _i.c.name, _i.c.spec, _i.c.id)
    )
    store_name = None
    if store:
        found = find_store(uow, store)
        store_name = found.name
        query = query.where(_m.c.store_id == found.id)
    else:
        query = query.where(
            _m.c.kind.not_in([MovementKind.TRANSFER_IN.value, MovementKind.TRANSFER_OUT.value])
        )
    query = store_scope(uow, query, _s.c.campus_id)
    lines = []
    for row in uow.conn.execute(query).mappings():
        line = ReportLine(
            category=row["category"],
            item_id=row["id"],
            code=row["code"],
            item=item_title(row["name"], row["spec"]),
            unit=row["unit"],
            opening_quantity=int(row["opening_quantity"] or 0),
            opening_value=_money(row["opening_value"]),
            in_quantity=int(row["in_quantity"] or 0),
            in_value=_money(row["in_value"]),
            out_quantity=int(row["out_quantity"] or 0),
            out_value=_money(row["out_value"]),
        )
        if any((line.opening_quantity, line.in_quantity, line.out_quantity, line.closing_value)):
            lines.append(line)
    categories: dict[str, list[ReportLine]] = {}
    for line in lines:
        categories.setdefault(line.category, []).append(line)
    totals = [_totals(name, group) for name, group in categories.items()]
    return MonthlyReport(start, store_name, lines, totals, _totals("", lines))


def _money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _totals(category: str, lines: list[ReportLine]) -> ValueTotals:
    return ValueTotals(
        category,
        sum((line.opening_value for line in lines), Decimal("0.00")),
        sum((line.in_value for line in lines), Decimal("0.00")),
        sum((line.out_value for line in lines), Decimal("0.00")),
    )


REPORT_HEADINGS: tuple[LazyText, ...] = (
    N_("Category"),
    N_("Code"),
    N_("Item"),
    N_("Unit"),
    N_("Opening quantity"),
    N_("Opening value"),
    N_("Quantity in"),
    N_("Value in"),
    N_("Quantity out"),
    N_("Value out"),
    N_("Closing quantity"),
    N_("Closing value"),
)


def report_rows(report: MonthlyReport) -> Iterator[list[Any]]:
    """The report as rows: each category's items, its subtotal, then the grand total."""
    for totals in report.categories:
        for line in report.lines:
            if line.category == totals.category:
                yield [
                    line.category,
                    line.code,
                    line.item,
                    line.unit,
                    line.opening_quantity,
                    line.opening_value,
                    line.in_quantity,
                    line.in_value,
                    line.out_quantity,
                    line.out_value,
                    line.closing_quantity,
                    line.closing_value,
                ]
        yield _total_row(render(N_("Subtotal")), totals)
    yield _total_row(render(N_("Total")), report.total)


def _total_row(label: str, totals: ValueTotals) -> list[Any]:
    category = f"{totals.category} {label}".strip()
    return [
        category,
        None,
        None,
        None,
        None,
        totals.opening_value,
        None,
        totals.in_value,
        None,
        totals.out_value,
        None,
        totals.closing_value,
    ]


def write_monthly_report(report: MonthlyReport, path: str | os.PathLike[str]) -> int:
    """Write the report to an .xlsx workbook; returns the rows written."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InvalidInput(
            [FieldError("file", N_("the report is written to an .xlsx workbook"), label=N_("File"))]
        )
    month = report.month.strftime("%Y-%m")
    name = render(N_("Materials ledger {month}", month=month))
    headings = [render(h) for h in REPORT_HEADINGS]
    counts = write_xlsx(target, [SheetData(name[:31], headings, report_rows(report))])
    return counts[name[:31]]


def materials_ledger(uow: UnitOfWork, cmd: MonthlyLedgerInput) -> PrintDoc:
    """The monthly materials ledger (材料账) as a document to print or save, signed off below."""
    found = monthly_report(uow, parse_month(cmd.month), store=cmd.store)
    month = found.month.strftime("%Y-%m")
    rows = list(report_rows(found))
    return PrintDoc(
        title=N_("Materials ledger {month}", month=month),
        facts=(
            (N_("School"), get_setting(uow, "school.name")),
            (N_("Month"), month),
            (N_("Store"), found.store or render(N_("All stores"))),
            (N_("Items"), len(found.lines)),
        ),
        tables=(
            PrintTable(
                columns=REPORT_HEADINGS,
                rows=tuple(tuple(row) for row in rows[:-1]),
                totals=tuple(rows[-1]),
            ),
        ),
        signatures=(N_("Storekeeper"), N_("Accountant"), N_("Head of logistics")),
        file_name=f"materials-ledger-{month}",
    )
