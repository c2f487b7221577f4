"""Find a room or a person by the code on its label, typed or scanned.

A door label reads ``实验楼-305`` (building and room), a staff card the staff
number, a campus sign its code. Scan one after another: each result goes on
top of the list, and the scanner input keeps the focus. The counting screens
of the assets area work the same way.
"""

from __future__ import annotations

from typing import ClassVar

import attrs
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from houqin.core.i18n import N_, _
from houqin.core.org import service
from houqin.core.uow import UnitOfWork
from houqin.frontends.tui import navigation
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import Scanned
from houqin.frontends.tui.screens.base import MainScreen
from houqin.frontends.tui.widgets.scanner_input import ScannerInput

KEPT_RESULTS = 50
ROOM_SEPARATORS = ("-", "/", " ")


@attrs.frozen
class Found:
    """One thing a code names: what it is and how it reads."""

    what: str
    text: str


def find_by_code(uow: UnitOfWork, code: str) -> list[Found]:
    """The people, rooms and campuses whose code is exactly ``code``.

    A person's code is their staff number; a room's is ``<building>-<room>``
    (or with ``/`` or a space), or the room's own name where that is unique
    enough to be printed alone; a campus's is its code.
    """
    found: list[Found] = []
    for person in service.list_people(uow, search=code, limit=20).items:
        if person.staff_no == code:
            detail = " · ".join(p for p in (person.department, person.position) if p)
            found.append(Found(_("Staff"), f"{person.name} {detail}".strip()))
    rooms = []
    for separator in ROOM_SEPARATORS:
        building, sep, room = code.partition(separator)
        if sep and building and room:
            page = service.list_rooms(uow, building=building.strip(), search=room.strip(), limit=20)
            rooms += [r for r in page.items if r.name == room.strip()]
    if not rooms:
        rooms = [r for r in service.list_rooms(uow, search=code, limit=20).items if r.name == code]
    found += [Found(_("Room"), f"{r.campus} {r.building} {r.name}") for r in rooms]
    for campus in service.list_campuses(uow, search=code, limit=20).items:
        if campus.code == code:
            found.append(Found(_("Campus"), campus.name))
    return found


class FindByCodeScreen(MainScreen):
    """A scanner input on top, what each code named below it, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [key("ctrl+l", "clear", N_("Clear"))]

    target = navigation.FIND

    def compose_main(self) -> ComposeResult:
        yield Label(_("Find by code"), classes="screen-title")
        yield Static(
            _(
                "Scan a label or type a code and press Enter: a staff number, "
                "a room as building-room (实验楼-305), a campus code."
            ),
            classes="muted",
        )
        yield ScannerInput(placeholder=_("Scan or type a code…"), id="scanner")
        yield VerticalScroll(id="results")

    def on_mount(self) -> None:
        self.query_one(ScannerInput).focus()

    @on(Scanned)
    def _look_up(self, event: Scanned) -> None:
        with self.reporting():
            with self.session.read() as uow:
                found = find_by_code(uow, event.code)
            self.show_result(event.code, found)

    def show_result(self, code: str, found: list[Found]) -> None:
        results = self.query_one("#results", VerticalScroll)
        if found:
            lines = "\n".join(f"  {f.what}: {f.text}" for f in found)
            line = Static(f"✔ {code}\n{lines}", classes="result -found", markup=False)
        else:
            line = Static(
                _("✘ {code}: nothing has this code", code=code),
                classes="result -missing",
                markup=False,
            )
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
