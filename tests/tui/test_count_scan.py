"""Scanning into a count at the terminal: the sidebar entry, outcomes and tallies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.widgets import Input, Static

from houqin.core.assets.model import AssetInput
from houqin.core.assets.service import register_assets
from houqin.core.counts.model import CountInput, CountPurpose
from houqin.core.counts.service import open_count
from houqin.core.school import School
from houqin.frontends.tui import navigation
from houqin.frontends.tui.screens.count_scan import CountScanScreen
from houqin.frontends.tui.widgets.scanner_input import ScannerInput
from tests.plugins import lostfound
from tests.tui.conftest import MakeApp, log_in, settle


def _open_count(url: str, operator) -> None:
    school = School.open(url, plugins=[lostfound])
    try:
        with school.write(operator) as uow:
            register_assets(
                uow,
                [
                    AssetInput(
                        number=number,
                        name="课桌",
                        category="A02010105",
                        unit_price=Decimal("200"),
                        acquired_on=date(2023, 9, 1),
                        campus="本部",
                        building="教学楼",
                        room="101",
                    )
                    for number in ("ZC-0001", "ZC-0002")
                ],
            )
            open_count(uow, CountInput(title="期末清点", purpose=CountPurpose.TERM_END))
    finally:
        school.engine.dispose()


async def test_scanning_tags_into_a_count(make_tui: MakeApp, tui_url, houqin_operator) -> None:
    _open_count(tui_url, houqin_operator)
    app = make_tui()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        assert any(e.target == navigation.COUNT_SCAN for e in app.navigation())
        app.open(navigation.COUNT_SCAN)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CountScanScreen)
        screen.query_one("#room", Input).value = "教学楼 101"
        scanner = screen.query_one(ScannerInput)
        scanner.focus()
        await pilot.press(*"ZC-0001", "enter")
        await pilot.press(*"ZC-0001", "enter")
        await pilot.press(*"NOPE-1", "enter")
        await settle(pilot)
        lines = [str(s.render()) for s in screen.query(".result").results(Static)]
        assert lines[0].startswith("? NOPE-1") and "Unknown tag" in lines[0]
        assert lines[1].startswith("= ZC-0001") and "Already scanned" in lines[1]
        assert lines[2].startswith("✔ ZC-0001")
        tallies = str(screen.query_one("#tallies", Static).render())
        assert tallies.startswith("2 of 2 scanned, 1 left")
        assert app.focused is scanner
