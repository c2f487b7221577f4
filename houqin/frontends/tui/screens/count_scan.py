"""Scan tags into an open count (清点) with a USB scanner, at the terminal.

Choose the count and the room once; then every tag the scanner types goes
into the count, its outcome on top of the list (found, found elsewhere,
unknown, already scanned) and the tallies below the input. Like the web's
scanning page, the screen only collects codes: the core decides.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from houqin.core.choices import label_of
from houqin.core.counts import reports, service
from houqin.core.counts.model import CountKind, Scan, ScanInput, ScanOutcome, Tallies
from houqin.core.i18n import N_, _, render
from houqin.frontends.tui import navigation
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import Scanned
from houqin.frontends.tui.screens.base import MainScreen
from houqin.frontends.tui.widgets.scanner_input import ScannerInput

KEPT_RESULTS = 50
_MARKS = {
    ScanOutcome.FOUND: ("✔", "-found"),
    ScanOutcome.COUNTED: ("✔", "-found"),
    ScanOutcome.MOVED: ("→", "-moved"),
    ScanOutcome.EXTRA: ("+", "-moved"),
    ScanOutcome.UNKNOWN: ("?", "-missing"),
    ScanOutcome.DUPLICATE: ("=", "-duplicate"),
}


def tally_text(tally: Tallies) -> str:
    """The running totals in one line."""
    return _(
        "{scanned} of {expected} scanned, {left} left · found {found} · elsewhere {moved} · "
        "unknown {unknown} · repeated {duplicate} · damaged {damaged}",
        scanned=tally.scanned,
        expected=tally.expected,
        left=tally.left,
        found=tally.found,
        moved=tally.moved + tally.extra,
        unknown=tally.unknown,
        duplicate=tally.duplicate,
        damaged=tally.damaged,
    )


def outcome_text(found: Scan) -> str:
    mark = _MARKS[found.outcome][0]
    text = f"{mark} {found.code} {found.name} — {render(label_of(found.outcome))}"
    if found.outcome is ScanOutcome.MOVED and found.expected_room:
        text += " " + _("(on the books in {room})", room=found.expected_room)
    return text


class CountScanScreen(MainScreen):
    """A count and a room to choose, the scanner input, the outcomes newest first."""

    DEFAULT_CSS = """
    CountScanScreen .result { padding: 0 1; }
    CountScanScreen .-found { color: $success; }
    CountScanScreen .-moved { color: $warning; }
    CountScanScreen .-missing { color: $error; }
    CountScanScreen .-duplicate { color: $accent; }
    CountScanScreen #count-pickers { height: auto; }
    CountScanScreen #count-pickers > * { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [key("ctrl+l", "clear", N_("Clear"))]

    target = navigation.COUNT_SCAN

    def __init__(self, count_id: int | None = None) -> None:
        super().__init__()
        self.count_id = count_id

    def compose_main(self) -> ComposeResult:
        with self.session.read() as uow:
            counts = service.list_counts(uow, status="open", limit=200).items
        options = [(c.title, c.id) for c in counts]
        if self.count_id is None and counts:
            self.count_id = counts[0].id
        yield Label(_("Scan for a count"), classes="screen-title")
        with Horizontal(id="count-pickers"):
            yield Select(
                options,
                value=self.count_id if self.count_id is not None else Select.BLANK,
                prompt=_("Choose an open count"),
                id="count",
            )
            yield Input(placeholder=_("Room: building and room, e.g. 教学楼 101"), id="room")
        yield ScannerInput(placeholder=_("Scan or type a tag…"), id="scanner")
        yield Static("", id="tallies", markup=False)
        yield VerticalScroll(id="results")

    def on_mount(self) -> None:
        super().on_mount()
        self.show_tallies()
        self.query_one(ScannerInput).focus()

    @on(Select.Changed, "#count")
    def _count_chosen(self, event: Select.Changed) -> None:
        self.count_id = event.value if isinstance(event.value, int) else None
        self.show_tallies()
        self.query_one(ScannerInput).focus()

    @on(Input.Submitted, "#room")
    def _room_chosen(self, _event: Input.Submitted) -> None:
        self.query_one(ScannerInput).focus()

    def show_tallies(self) -> None:
        if self.count_id is None:
            self.query_one("#tallies", Static).update(_("No count is open."))
            return
        with self.reporting():
            with self.session.read() as uow:
                tally = reports.tallies(uow, self.count_id)
            self.query_one("#tallies", Static).update(tally_text(tally))

    @on(Scanned)
    def _record(self, event: Scanned) -> None:
        if self.count_id is None:
            self.app.bell()
            return
        room = self.query_one("#room", Input).value.strip() or None
        with self.reporting():
            with self.session.write() as uow:
                count = service.get_count(uow, self.count_id)
                quantity = 1 if count.kind is CountKind.STOCK else None
                found = service.scan(
                    uow, self.count_id, ScanInput(code=event.code, room=room, quantity=quantity)
                )
            self.show_result(found)
            self.show_tallies()

    def show_result(self, found: Scan) -> None:
        results = self.query_one("#results", VerticalScroll)
        line = Static(
            outcome_text(found), classes=f"result {_MARKS[found.outcome][1]}", markup=False
        )
        if found.outcome in (ScanOutcome.UNKNOWN, ScanOutcome.DUPLICATE):
            self.app.bell()
        if results.children:
            results.mount(line, before=0)
        else:
            results.mount(line)
        for extra in list(results.children)[KEPT_RESULTS:]:
            extra.remove()

    def action_clear(self) -> None:
        self.query_one("#results", VerticalScroll).remove_children()
        self.query_one(ScannerInput).focus()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [(_("Clear the outcomes"), _("Empty the list of outcomes"), self.action_clear)]
