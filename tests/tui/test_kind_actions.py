"""Kind actions and documents in the terminal: keys, the chooser, the form, the document screen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
from textual.widgets import DataTable

from houqin.core.access import operator_actor
from houqin.core.school import School
from houqin.core.stock import ledger
from houqin.core.stock import service as svc
from houqin.core.stock.model import ItemInput, StockInInput, StoreInput
from houqin.frontends.tui.screens.choose import ChooseScreen
from houqin.frontends.tui.screens.document import DocumentScreen
from houqin.frontends.tui.screens.form import FormScreen
from houqin.frontends.tui.screens.kind_detail import KindDetailScreen
from houqin.frontends.tui.screens.kind_list import KindListScreen
from tests.plugins import lostfound
from tests.tui.conftest import MakeApp, log_in, settle
from tests.tui.test_kind_screens import fill


def _found_item(url: str) -> int:
    school = School.open(url, plugins=[lostfound])
    try:
        with school.write(operator_actor()) as uow:
            return lostfound.create_item(
                uow,
                lostfound.FoundItem(lostfound.TagNumber("LF-0007"), "校服外套", date(2024, 9, 1)),
            ).id
    finally:
        school.engine.dispose()


def _stock(url: str) -> None:
    school = School.open(url, plugins=[lostfound])
    try:
        with school.write(operator_actor()) as uow:
            svc.create_store(uow, StoreInput("总务仓库", campus="本部"))
            svc.create_item(uow, ItemInput("A4复印纸", "包", "办公用品", "70g", "BG001"))
            ledger.stock_in(uow, StockInInput("总务仓库", "BG001", 20, Decimal("21.50")))
    finally:
        school.engine.dispose()


async def test_an_objects_action_and_document_from_the_detail_screen(
    make_tui: MakeApp, tui_url: str, tmp_path
) -> None:
    item_id = _found_item(tui_url)
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot)
        app.push_screen(KindDetailScreen(app.kind("lostfound_items"), item_id))
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, KindDetailScreen)
        assert detail.check_action("act", ()) is True
        assert detail.check_action("print", ()) is False, "no receipt before it is handed back"
        titles = [title for title, _help, _call in detail.palette_commands()]
        assert titles == ["Hand back"]
        await pilot.press("a")  # one action: its form opens at once
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        fill(app.screen.form, owner="", handed_on="2024-08-30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.form.errors_shown == {"owner": "is required"}
        fill(app.screen.form, owner="李明")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "must not be before" in app.screen.form.errors_shown["handed_on"]
        fill(app.screen.form, handed_on="2024-09-02")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is detail and detail.record.handed_to == "李明"
        assert detail.check_action("act", ()) is False
        assert detail.check_action("print", ()) is True
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2  # the item and the total
        await pilot.press("s")
        await settle(pilot)
        target = tmp_path / "receipt.xlsx"
        fill(app.screen.form, path=str(tmp_path / "receipt.pdf"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "must end in .html or .xlsx" in app.screen.form.errors_shown["path"]
        fill(app.screen.form, path=str(target))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        assert openpyxl.load_workbook(target).sheetnames[0] == "Receipt for a found item"


async def test_kind_level_actions_and_a_read_only_kind_on_the_list_screen(
    make_tui: MakeApp, tui_url: str
) -> None:
    _stock(tui_url)
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot)
        app.open("kind:stock_movements")
        await settle(pilot)
        ledger_screen = app.screen
        assert isinstance(ledger_screen, KindListScreen)
        for hidden in ("new", "edit", "delete", "act", "print"):
            assert ledger_screen.check_action(hidden, ()) is False
        app.open("kind:stock_balances")
        await settle(pilot)
        balances = app.screen
        assert isinstance(balances, KindListScreen)
        assert balances.check_action("act", ()) is True
        assert [t for t, _h, _c in balances.palette_commands()] == [
            "Stock in",
            "Adjust",
            "Transfer",
            "Print: Materials ledger",
        ]
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ChooseScreen)
        await pilot.press("down", "enter")  # Adjust
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        fill(app.screen.form, store="总务仓库", item="BG001", quantity="-2", reason="破损")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is balances
        with app.session.read() as uow:
            assert ledger.list_movements(uow, kind="adjust", with_total=True).total == 1
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        fill(app.screen.form, month=date.today().strftime("%Y-%m"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DocumentScreen)
        rows = app.screen.query_one(DataTable)
        assert rows.get_row("totals")[-1] == "387.00"
