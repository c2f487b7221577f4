"""A yes-or-no question in a dialog, for what cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from houqin.core.i18n import N_, _
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.widgets.footer import HouqinFooter


class ConfirmScreen(ModalScreen[bool]):
    """Dismissed with True when the user confirms, False otherwise (No is the default)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("y", "answer(True)", N_("Yes")),
        key("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, title: str, question: str, yes: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question_title = title
        self.question = question
        self.yes_label = yes or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -narrow"):
            yield Label(self.question_title, classes="dialog-title")
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes_label, variant="error", id="yes", compact=True)
                yield Button(_("No"), id="no", compact=True)
        yield HouqinFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
