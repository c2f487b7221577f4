"""Depreciation: the monthly rule, its edge cases, and SQL agreeing with Python to the fen."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from houqin.core.assets import service
from houqin.core.assets.categories import CategoryIndex
from houqin.core.assets.depreciation import accumulated, depreciation_of
from houqin.core.assets.reports import depreciation_report
from houqin.core.errors import InvalidInput

from .conftest import asset

D = Decimal


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2024, 3, 15), "0.00"),  # the month of purchase is not depreciated
        (date(2024, 3, 31), "0.00"),
        (date(2024, 4, 1), "100.00"),  # the month after counts from its first day
        (date(2024, 12, 31), "900.00"),
        (date(2030, 2, 28), "7100.00"),
        (date(2030, 3, 1), "7200.00"),  # the 72nd month: exactly the value
        (date(2045, 1, 1), "7200.00"),  # and never more (no residual value)
        (date(2020, 1, 1), "0.00"),  # before it was bought
    ],
)
def test_straight_line_from_the_month_after_purchase(as_of, expected):
    assert accumulated(D("7200.00"), date(2024, 3, 15), 72, as_of) == D(expected)


def test_monthly_parts_round_to_the_fen_and_add_up_to_the_value():
    value, life = D("1000.00"), 7
    totals = [accumulated(value, date(2023, 12, 31), life, date(2024, m, 1)) for m in range(1, 9)]
    assert totals[0] == D("142.86")  # 1000 / 7, half up
    parts = [b - a for a, b in zip([D(0), *totals], totals, strict=False)]
    assert set(parts[:7]) <= {D("142.85"), D("142.86"), D("142.86")}
    assert totals[6] == totals[7] == value


def test_a_category_that_does_not_depreciate_never_does():
    assert accumulated(D("50000"), date(2010, 1, 1), None, date(2040, 1, 1)) == D("0.00")


def test_an_imported_asset_continues_from_what_it_had_accumulated():
    # Bought 2019-06, 6 000 yuan over 60 months (100 a month); the old ledger said 3 000
    # were depreciated by the end of 2021 (a different history than ours would give).
    args = (D("6000.00"), date(2019, 6, 10), 60)
    prior = (D("3000.00"), date(2021, 12, 31))
    assert accumulated(*args, date(2021, 12, 31), *prior) == D("3000.00")
    assert accumulated(*args, date(2022, 1, 1), *prior) == D("3100.00")
    assert accumulated(*args, date(2024, 6, 30), *prior) == D("6000.00")  # 30 more months
    assert accumulated(*args, date(2030, 1, 1), *prior) == D("6000.00")  # capped at the value
    # Before the ledger's date the straight line shows, never above what it stated.
    assert accumulated(*args, date(2019, 12, 31), *prior) == D("600.00")
    assert accumulated(*args, date(2021, 11, 30), *prior) == D("2900.00")
    assert accumulated(
        D("6000"), date(2019, 6, 10), 60, date(2021, 10, 1), D("1000"), date(2021, 12, 31)
    ) == D("1000.00")


def test_one_asset_and_the_report_as_of_a_date(school, houqin_operator):
    with school.write(houqin_operator) as uow:
        computer = service.create_asset(
            uow, asset(unit_price=D("7200"), acquired_on=date(2024, 3, 15))
        )
        service.create_asset(
            uow,
            asset(
                number="B1",
                category="A04000000",
                name="图书",
                unit_price=D("900"),
                department="教务处",
            ),
        )
    with school.read(houqin_operator) as uow:
        found = depreciation_of(uow, computer.id, date(2024, 12, 31))
        report = depreciation_report(uow, date(2024, 12, 31))
        by_department = depreciation_report(uow, date(2024, 12, 31), by="department")
        with pytest.raises(InvalidInput):
            depreciation_report(uow, date(2024, 12, 31), by="colour")
    assert (found.accumulated, found.this_month, found.net) == (
        D("900.00"),
        D("100.00"),
        D("6300.00"),
    )
    assert not found.fully_depreciated and found.useful_life_months == 72
    assert [(r.key, r.count, r.value, r.accumulated, r.this_month) for r in report.rows] == [
        ("A02010105", 1, D("7200.00"), D("900.00"), D("100.00")),
        ("A04000000", 1, D("900.00"), D("0.00"), D("0.00")),
    ]
    assert report.total.net == D("7200.00")
    assert [r.key for r in by_department.rows] == ["信息中心", "教务处"]


def test_sql_and_python_agree_to_the_fen_over_a_varied_register(school, houqin_operator):
    rng = random.Random(7)
    codes = ["A02010105", "A05010000", "A02061804", "A04000000", "A01010000", "A02000000", "HQ03"]
    lines = []
    for i in range(400):
        bought = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
        value = D(rng.randrange(1, 5_000_000)) / 100
        carried = rng.random() < 0.3 and codes[i % len(codes)] not in ("A04000000",)
        as_of = bought + timedelta(days=rng.randrange(0, 3000))
        prior = (value * D(rng.randrange(0, 101)) / 100).quantize(D("0.01")) if carried else None
        lines.append(
            asset(
                number=f"R{i:04d}",
                category=codes[i % len(codes)],
                quantity=rng.randrange(1, 4),
                value=value,
                unit_price=None,
                acquired_on=bought,
                accumulated_depreciation=prior,
                depreciation_as_of=min(as_of, date(2024, 12, 31)) if carried else None,
            )
        )
    with school.write(houqin_operator) as uow:
        service.register_assets(uow, lines)
    for day in (date(2003, 7, 15), date(2012, 1, 1), date(2024, 12, 31), date(2060, 1, 1)):
        with school.read(houqin_operator) as uow:
            lives = {i: c.life_in_force for i, c in CategoryIndex.load(uow).by_id.items()}
            page = service.list_assets(uow, limit=500)
            report = depreciation_report(uow, day)
        expected = sum(
            (
                accumulated(
                    a.value,
                    a.acquired_on,
                    lives[a.category_id],
                    day,
                    a.accumulated_depreciation,
                    a.depreciation_as_of,
                )
                for a in page.items
            ),
            D("0.00"),
        )
        assert report.total.count == 400
        assert report.total.accumulated == expected
        assert report.total.value == sum((a.value for a in page.items), D("0.00"))
