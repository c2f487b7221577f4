"""A dialog that asks which of a few things to do (an object's actions, its documents)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from houqin.core.i18n import N_
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.widgets.footer import HouqinFooter


class ChooseScreen(ModalScreen[str | None]):
    """Offers ``choices`` ((name, label) pairs); dismissed with the chosen name, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [key("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.choose_title = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -narrow"):
            yield Label(self.choose_title, classes="dialog-title")
            yield OptionList(*(Option(label, id=name) for name, label in self.choices))
        yield HouqinFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
