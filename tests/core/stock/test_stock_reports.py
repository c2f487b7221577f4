"""Reorder alerts with the right quantity, dashboard cards, the monthly materials ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from houqin.core.commands import structure_command
from houqin.core.dashboard import dashboard
from houqin.core.demo import create_demo_school
from houqin.core.errors import InvalidInput
from houqin.core.i18n import render, use_language
from houqin.core.stock import balances, ledger, reports, requests
from houqin.core.stock import service as svc
from houqin.core.stock.model import (
    AdjustInput,
    DecisionNote,
    ItemInput,
    OpeningInput,
    RequestInput,
    ReturnInput,
    StockLevelInput,
    TransferInput,
)

from .helpers import approved, issue, login, receive


def test_reorder_counts_what_approved_requests_will_take(store, houqin_operator):
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 12, "20")  # minimum 10, target 30
        receive(uow, "JX001", 2, "4", store="东区仓库")  # minimum 5, target 20
        assert [(b.item, b.reorder_quantity) for b in reports.reorder_list(uow)] == [("粉笔", 18)]
        request_id = approved(uow, "BG001", 5)
        # Closed requests promise nothing any more.
        requests.close_request(uow, approved(uow, "BG001", 50), DecisionNote("不要了"))
        line = reports.reorder_list(uow, store="总务仓库")[0]
    # 12 on hand, 5 promised: 7 available is below 10; 30 - 7 = 23 to order.
    assert (line.on_hand, line.promised, line.available, line.reorder_quantity) == (12, 5, 7, 23)
    with s.write(houqin_operator) as uow:
        issue(uow, request_id)
        after_issue = reports.reorder_list(uow, store="总务仓库")[0]
        # A store's own levels replace the item's.
        balances.set_levels(uow, StockLevelInput("BG001", "总务仓库", minimum=5, target=8))
        assert reports.reorder_list(uow, store="总务仓库") == []
        balances.set_levels(uow, StockLevelInput("BG001", "总务仓库", minimum=8, target=15))
        own = reports.reorder_list(uow, store="总务仓库")[0]
        with pytest.raises(InvalidInput) as caught:
            balances.set_levels(uow, StockLevelInput("BG001", "总务仓库", minimum=40))
        assert caught.value.errors[0].field == "target"
    assert (after_issue.on_hand, after_issue.promised, after_issue.reorder_quantity) == (7, 0, 23)
    assert (own.minimum, own.target, own.own_levels, own.reorder_quantity) == (8, 15, True, 8)


def test_dashboard_shows_reorders_to_the_storekeeper_of_their_campus(store, houqin_operator):
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 4, "20.00")
        receive(uow, "JX001", 1, "4.00", store="东区仓库")
        requests.create_request(
            uow,
            structure_command(
                s.converter,
                RequestInput,
                {"store": "总务仓库", "item": "BG001", "quantity": "1", "department": "教务处"},
            ),
        )
    east = login(s, houqin_operator, "zhoujie", "storekeeper", campus="东校区")
    head = login(s, houqin_operator, "zhaoqiang", "logistics_head")
    with s.read(houqin_operator) as uow:
        board = dashboard(uow)
    cards = {c.name: c.value for c in board.cards if c.name.startswith("stock.")}
    assert cards == {
        "stock.below_minimum": "2",
        "stock.value": "84.00",
        "stock.pending_requests": "1",
    }
    alerts = {a.name: str(a.message) for a in board.alerts if a.name.startswith("stock.")}
    assert alerts["stock.reorder.1.1"] == (
        "A4复印纸 70g in 总务仓库: 4 包 available, below the minimum 10; order 26 to reach 30"
    )
    assert alerts["stock.requests_waiting"].endswith(": 1")
    with s.read(east) as uow:
        mine = [a.name for a in dashboard(uow).alerts]
        value = next(c.value for c in dashboard(uow).cards if c.name == "stock.value")
    assert mine == ["stock.reorder.2.2"] and value == "4.00"
    with s.read(head) as uow:
        names = [a.name for a in dashboard(uow).alerts]
    assert "stock.requests_waiting" in names and "stock.reorder.1.1" not in names


def test_items_out_of_use_are_not_reordered(store, houqin_operator):
    with store.write(houqin_operator) as uow:
        receive(uow, "BG001", 1, "20")
        item = svc.find_item(uow, "BG001")
        svc.update_item(
            uow,
            item.id,
            ItemInput("A4复印纸", "包", "办公用品", "70g", "BG001", 10, 30, active=False),
        )
        assert reports.reorder_list(uow) == []
        assert reports.store_summary(uow).below_minimum == 0


@pytest.fixture
def september(store, houqin_operator, monkeypatch):
    """A worked example: August opening stock, September's movements, one in October."""
    s = store
    day = {"today": date(2024, 8, 20)}
    monkeypatch.setattr(ledger, "today", lambda uow, zone=None: day["today"])
    with s.write(houqin_operator) as uow:
        for item, quantity, cost in (("BG001", 20, "20.00"), ("JX001", 50, "4.00")):
            ledger.record_opening(
                uow,
                OpeningInput(
                    "总务仓库", item, quantity, Decimal(cost), received_on=date(2024, 8, 1)
                ),
            )
        issue(uow, approved(uow, "BG001", 5))  # 20 August: 5 × 20.00
        day["today"] = date(2024, 9, 10)
        receive(uow, "BG001", 10, "22.00", on=date(2024, 9, 3))
        request_id = approved(uow, "BG001", 18)
        issue(uow, request_id)  # 15 × 20.00 + 3 × 22.00 = 366.00
        day["today"] = date(2024, 9, 12)
        ledger.return_stock(uow, ReturnInput(request_id, 2))  # 366.00 × 2 / 18 = 40.67
        day["today"] = date(2024, 9, 15)
        ledger.transfer_stock(uow, TransferInput("JX001", "总务仓库", "东区仓库", 10))
        day["today"] = date(2024, 9, 30)
        ledger.adjust_stock(
            uow, AdjustInput("总务仓库", "JX001", -2, "受潮", occurred_on=date(2024, 9, 20))
        )
        day["today"] = date(2024, 10, 2)
        issue(uow, approved(uow, "JX001", 5))
    return s


def _figures(line):
    return (
        line.opening_quantity,
        line.opening_value,
        line.in_quantity,
        line.in_value,
        line.out_quantity,
        line.out_value,
        line.closing_quantity,
        line.closing_value,
    )


def test_the_monthly_ledger_adds_up_for_a_worked_example(september, houqin_operator):
    with september.read(houqin_operator) as uow:
        whole = reports.monthly_report(uow, date(2024, 9, 17))
        main = reports.monthly_report(uow, date(2024, 9, 1), store="总务仓库")
        east = reports.monthly_report(uow, date(2024, 9, 1), store="东区仓库")
        august = reports.monthly_report(uow, date(2024, 8, 1))
    d = Decimal
    assert whole.month == date(2024, 9, 1) and whole.store is None
    assert [(line.category, line.item) for line in whole.lines] == [
        ("办公用品", "A4复印纸 70g"),
        ("教学耗材", "粉笔"),
    ]
    paper, chalk = whole.lines
    assert _figures(paper) == (15, d("300.00"), 10, d("220.00"), 16, d("325.33"), 9, d("194.67"))
    # Over the whole school the transfer moves nothing; the loss of 2 goes out at 4.00.
    assert _figures(chalk) == (50, d("200.00"), 0, d("0.00"), 2, d("8.00"), 48, d("192.00"))
    assert [(c.category, c.closing_value) for c in whole.categories] == [
        ("办公用品", d("194.67")),
        ("教学耗材", d("192.00")),
    ]
    total = whole.total
    assert (total.opening_value, total.in_value, total.out_value, total.closing_value) == (
        d("500.00"),
        d("220.00"),
        d("333.33"),
        d("386.67"),
    )
    assert _figures(main.lines[1]) == (
        50,
        d("200.00"),
        0,
        d("0.00"),
        12,
        d("48.00"),
        38,
        d("152.00"),
    )
    assert [_figures(line) for line in east.lines] == [
        (0, d("0.00"), 10, d("40.00"), 0, d("0.00"), 10, d("40.00"))
    ]
    assert _figures(august.lines[0]) == (
        0,
        d("0.00"),
        20,
        d("400.00"),
        5,
        d("100.00"),
        15,
        d("300.00"),
    )


def test_the_monthly_ledger_is_written_to_a_workbook(september, houqin_operator, tmp_path):
    with september.read(houqin_operator) as uow:
        report = reports.monthly_report(uow, reports.parse_month("2024年9月"))
    path = tmp_path / "材料账.xlsx"
    with use_language("zh_CN"):
        assert reports.write_monthly_report(report, path) == 5
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [render(heading, "zh_CN") for heading in reports.REPORT_HEADINGS]
    assert rows[1][:5] == ["办公用品", "BG001", "A4复印纸 70g", "包", 15]
    assert rows[2][0].startswith("办公用品") and rows[2][11] == 194.67
    assert rows[-1][5] == 500 and rows[-1][11] == 386.67
    with pytest.raises(InvalidInput):
        reports.parse_month("2024-13")
    with pytest.raises(InvalidInput):
        reports.write_monthly_report(report, tmp_path / "材料账.csv")


def test_the_demo_school_has_a_working_store(houqin_school_factory, houqin_operator):
    school = houqin_school_factory(school_type="primary")
    create_demo_school(school, houqin_operator)
    with school.read(houqin_operator) as uow:
        stores = [store.name for store in svc.list_stores(uow).items]
        items = svc.list_items(uow, with_total=True).total
        check = balances.check_ledger(uow)
        board = dashboard(uow)
        statuses = {r.status.value for r in requests.list_requests(uow, limit=100).items}
        general = svc.get_store(uow, svc.find_store(uow, "总务仓库").id)
    assert stores == ["总务仓库", "食堂库房"] and items >= 30
    assert (general.campus, general.building, general.room) == ("本部", "行政楼", "行政仓库")
    assert check.ok and check.lines > 30
    assert statuses == {"pending", "approved", "partly_issued", "issued", "rejected"}
    assert any(a.name.startswith("stock.reorder.") for a in board.alerts)
