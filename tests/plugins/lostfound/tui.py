"""The terminal part of the lost-and-found plugin: a desk screen and a palette command.

Registered under the plugin's name (``houqin.tui`` entry point ``lostfound``,
or ``tui_plugins={"lostfound": tui}`` in tests). Its found items already get
list, detail and form screens from the kind the plugin declares; this adds a
desk where a tag is scanned to find the item it is tied to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Label, Static

from houqin.core import N_
from houqin.frontends.tui.hookspecs import TuiCommand, TuiScreen, hookimpl
from houqin.frontends.tui.messages import Scanned
from houqin.frontends.tui.screens.base import MainScreen
from houqin.frontends.tui.session import Session
from houqin.frontends.tui.widgets.scanner_input import ScannerInput
from tests.plugins.lostfound import VIEW, count_items, list_items


class DeskScreen(MainScreen):
    """Scan the tag of an item someone asks for; the item's description is shown."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.desk_session = session

    def compose_main(self) -> ComposeResult:
        yield Label("Lost-and-found desk", classes="screen-title")
        yield ScannerInput(placeholder="LF-0001", id="tag")
        yield Static("", id="item")

    def on_mount(self) -> None:
        self.query_one(ScannerInput).focus()

    @on(Scanned)
    def _find(self, event: Scanned) -> None:
        with self.reporting():
            with self.desk_session.read() as uow:
                items = [i for i in list_items(uow, limit=500).items if i.tag == event.code]
            text = items[0].description if items else f"{event.code}: not here"
            self.query_one("#item", Static).update(text)


def count_waiting(app: App[Any]) -> None:
    session: Session = app.session  # type: ignore[attr-defined]
    with session.read() as uow:
        waiting = count_items(uow)
    app.notify(f"{waiting} found items waiting")


@hookimpl
def houqin_tui_screens() -> Iterable[TuiScreen]:
    return [TuiScreen("lostfound.desk", N_("Lost-and-found desk"), DeskScreen, VIEW, "lostfound")]


@hookimpl
def houqin_tui_commands() -> Iterable[TuiCommand]:
    return [
        TuiCommand(
            "lostfound.count",
            N_("Count found items"),
            count_waiting,
            VIEW,
            help=N_("How many found items wait for their owner"),
        )
    ]
