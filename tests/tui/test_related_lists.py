"""From an object's screen, l opens a list that belongs to it, filtered to it."""

from __future__ import annotations

from decimal import Decimal

from houqin.core.access import operator_actor
from houqin.core.school import School
from houqin.core.stock import ledger
from houqin.core.stock import service as svc
from houqin.core.stock.model import ItemInput, StockInInput, StoreInput
from houqin.frontends.tui.screens.kind_detail import KindDetailScreen
from houqin.frontends.tui.screens.kind_list import KindListScreen
from tests.plugins import lostfound
from tests.tui.conftest import MakeApp, log_in, settle


def _two_items(url: str) -> int:
    school = School.open(url, plugins=[lostfound])
    try:
        with school.write(operator_actor()) as uow:
            svc.create_store(uow, StoreInput("总务仓库", campus="本部"))
            paper = svc.create_item(uow, ItemInput("A4复印纸", "包", "办公用品", "70g", "BG001"))
            svc.create_item(uow, ItemInput("白板笔", "支", "办公用品", "黑色", "BG002"))
            ledger.stock_in(uow, StockInInput("总务仓库", "BG001", 20, Decimal("21.50")))
            ledger.stock_in(uow, StockInInput("总务仓库", "BG002", 5, Decimal("3.00")))
            return int(paper.id)
    finally:
        school.engine.dispose()


async def test_an_items_movements_open_from_its_screen_and_escape_goes_back(
    make_tui: MakeApp, tui_url: str
) -> None:
    paper = _two_items(tui_url)
    app = make_tui()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        app.push_screen(KindDetailScreen(app.kind("stock_items"), paper))
        await settle(pilot)
        detail = app.screen
        assert detail.check_action("related", ()) is True
        await pilot.press("l")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, KindListScreen)
        assert listing.kind.name == "stock_movements"
        assert listing.filters == {"item": "BG001"}
        assert listing.table.row_count == 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is detail
