"""A year-end count of a store (年终盘点): quantities, differences, adjustments on applying."""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.core.counts.apply import apply_count
from houqin.core.counts.model import CountStatus, ScanInput, ScanOutcome
from houqin.core.counts.reports import count_report
from houqin.core.counts.results import close_count, decide_result, list_results
from houqin.core.counts.service import open_count, scan_many
from houqin.core.errors import Conflict, InvalidInput, PermissionDenied
from houqin.core.stock import tables as st
from tests.core.counts.conftest import count_of
from tests.core.stock.helpers import count, login, on_hand


def _year_end(uow):
    return open_count(
        uow, count_of("2024 年终盘点", kind="stock", purpose="year_end", store="总务仓库")
    )


def test_scans_of_an_item_add_up_and_unknown_codes_are_kept(stocked, houqin_operator) -> None:
    with stocked.write(houqin_operator) as uow:
        counted = _year_end(uow)
        outcomes = scan_many(
            uow,
            counted.id,
            [
                ScanInput(code="BG001", quantity=10),
                ScanInput(code="BG001", quantity=8),
                ScanInput(code="粉笔", quantity=12),
                ScanInput(code="WZ-404", quantity=1),
            ],
        )
    assert counted.expected == 2
    assert [s.outcome for s in outcomes] == [
        ScanOutcome.COUNTED,
        ScanOutcome.COUNTED,
        ScanOutcome.COUNTED,
        ScanOutcome.UNKNOWN,
    ]
    assert outcomes[2].code == "JX001"


def test_a_store_scan_needs_its_quantity(stocked, houqin_operator) -> None:
    with stocked.write(houqin_operator) as uow:
        counted = _year_end(uow)
    with pytest.raises(InvalidInput) as refused, stocked.write(houqin_operator) as uow:
        scan_many(uow, counted.id, [ScanInput(code="BG001")])
    assert [e.field for e in refused.value.errors] == ["quantity"]
    with pytest.raises(InvalidInput) as refused, stocked.write(houqin_operator) as uow:
        scan_many(uow, counted.id, [ScanInput(code="BG001", quantity=-1)])
    assert [e.field for e in refused.value.errors] == ["quantity"]


def test_closing_and_applying_adjusts_the_store_in_one_go(stocked, houqin_operator) -> None:
    with stocked.write(houqin_operator) as uow:
        counted = _year_end(uow)
        scan_many(
            uow,
            counted.id,
            [
                ScanInput(code="BG001", quantity=10),
                ScanInput(code="BG001", quantity=8),
                ScanInput(code="JX001", quantity=12),
            ],
        )
        close_count(uow, counted.id)
        lines = {r.code: r for r in list_results(uow, count=counted.id).items}
        report = count_report(uow, counted.id)
    assert {
        c: (r.book_quantity, r.counted_quantity, r.difference, r.value) for c, r in lines.items()
    } == {
        "BG001": (20, 18, -2, Decimal("-50.00")),
        "JX001": (10, 12, 2, Decimal("7.00")),
    }
    assert dict((str(k), v) for k, v in report.facts)["Books match the shelves (帐物相符)"] is False
    with stocked.write(houqin_operator) as uow:
        movements_before = count(uow, st.stock_movement)
        applied = apply_count(uow, counted.id)
        assert (on_hand(uow, "BG001"), on_hand(uow, "JX001")) == (18, 12)
        assert count(uow, st.stock_movement) == movements_before + 2
        applied_as = [r.applied for r in list_results(uow, count=counted.id).items]
    assert applied.status is CountStatus.APPLIED
    assert all(a.startswith("movement ") for a in applied_as)


def test_a_line_left_out_is_not_applied(stocked, houqin_operator) -> None:
    with stocked.write(houqin_operator) as uow:
        counted = _year_end(uow)
        scan_many(
            uow,
            counted.id,
            [ScanInput(code="BG001", quantity=19), ScanInput(code="JX001", quantity=9)],
        )
        close_count(uow, counted.id)
        chalk = list_results(uow, count=counted.id, search="JX001").items[0]
        decide_result(uow, chalk.id, False)
        apply_count(uow, counted.id)
        assert (on_hand(uow, "BG001"), on_hand(uow, "JX001")) == (19, 10)


def test_applying_fails_as_a_whole(stocked, houqin_operator) -> None:
    """Stock taken out after the count opened makes a loss impossible: nothing is applied."""
    from tests.core.stock.helpers import approved, issue

    with stocked.write(houqin_operator) as uow:
        counted = _year_end(uow)
        scan_many(
            uow,
            counted.id,
            [ScanInput(code="BG001", quantity=2), ScanInput(code="JX001", quantity=11)],
        )
        close_count(uow, counted.id)
        issue(uow, approved(uow, "BG001", 19))
    with pytest.raises(Conflict) as refused, stocked.write(houqin_operator) as uow:
        apply_count(uow, counted.id)
    assert "BG001" in str(refused.value)
    with stocked.read(houqin_operator) as uow:
        assert on_hand(uow, "JX001") == 10
        assert [r.applied for r in list_results(uow, count=counted.id).items] == ["", ""]


def test_only_an_approver_applies_and_only_what_they_may_change(stocked, houqin_operator) -> None:
    """Applying needs counts.approve, and the rights of each change it makes (stock.manage)."""
    keeper = login(stocked, houqin_operator, "keeper", "storekeeper")
    head = login(stocked, houqin_operator, "head", "logistics_head")
    admin = login(stocked, houqin_operator, "boss", "admin")
    with stocked.write(keeper) as uow:
        counted = _year_end(uow)
        close_count(uow, counted.id)
    with pytest.raises(PermissionDenied), stocked.write(keeper) as uow:
        apply_count(uow, counted.id)
    with pytest.raises(Conflict) as refused, stocked.write(head) as uow:
        apply_count(uow, counted.id)
    assert "stock.manage" in str(refused.value)
    with stocked.write(admin) as uow:
        assert apply_count(uow, counted.id).status is CountStatus.APPLIED
