"""The barcode-scanner input, alone and on the find-by-code screen."""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Button

from houqin.frontends.tui.messages import Scanned
from houqin.frontends.tui.screens.find_by_code import FindByCodeScreen
from houqin.frontends.tui.widgets.scanner_input import ScannerInput, clean_code
from tests.tui.conftest import MakeApp, log_in, settle


class ScanApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.codes: list[str] = []

    def compose(self) -> ComposeResult:
        yield ScannerInput(id="scanner")
        yield Button("elsewhere", id="elsewhere")

    def on_mount(self) -> None:
        self.query_one(ScannerInput).focus()

    def on_scanned(self, event: Scanned) -> None:
        self.codes.append(event.code)


def test_codes_lose_the_whitespace_and_control_characters_scanners_add() -> None:
    assert clean_code("  LF-0001\r\n") == "LF-0001"
    assert clean_code("\x02ZC-2024-0007\x03") == "ZC-2024-0007"
    assert clean_code(" \t ") == ""


async def test_a_burst_of_keys_and_enter_is_one_code_and_the_input_is_ready_again() -> None:
    app = ScanApp()
    async with app.run_test() as pilot:
        scanner = app.query_one(ScannerInput)
        await pilot.press(*" ZC-0001 ", "enter", *"ZC-0002", "tab", "enter")
        await pilot.pause()
        assert app.codes == ["ZC-0001", "ZC-0002"], "blank scans are ignored"
        assert scanner.value == ""
        assert app.focused is scanner, "Tab ends a code instead of moving on"


async def test_a_pasted_burst_with_several_codes_gives_one_message_each() -> None:
    app = ScanApp()
    async with app.run_test() as pilot:
        scanner = app.query_one(ScannerInput)
        scanner.post_message(events.Paste("ZC-0003\nZC-0004\r\nZC-0005\n"))
        await pilot.pause()
        assert app.codes == ["ZC-0003", "ZC-0004", "ZC-0005"]
        scanner.post_message(events.Paste("ZC-00"))
        await pilot.pause()
        await pilot.press(*"06", "enter")
        await pilot.pause()
        assert app.codes[-1] == "ZC-0006", "a paste without Enter waits for the rest"


async def test_the_scanner_takes_the_focus_back_unless_the_user_moved_on() -> None:
    app = ScanApp()
    async with app.run_test() as pilot:
        scanner = app.query_one(ScannerInput)
        app.set_focus(None)
        await pilot.pause()
        assert app.focused is scanner
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is app.query_one("#elsewhere", Button)


async def test_find_by_code_names_people_rooms_and_campuses(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("find")
        await settle(pilot)
        assert isinstance(app.screen, FindByCodeScreen)
        scanner = app.screen.query_one(ScannerInput)
        assert app.focused is scanner
        await pilot.press(*"T001", "enter")
        for code in ("实验楼-305", "BB", "NO-SUCH-TAG"):
            scanner.value = code
            await pilot.press("enter")
        await settle(pilot)
        results = [str(r.render()) for r in app.screen.query(".result")]
        assert results[0] == "✘ NO-SUCH-TAG: nothing has this code"
        assert "Campus: 本部" in results[1]
        assert "Room: 本部 实验楼 305" in results[2]
        assert "Staff: 张伟 总务处" in results[3]
        assert app.focused is scanner
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not app.screen.query(".result")
