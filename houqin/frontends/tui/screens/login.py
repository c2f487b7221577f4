"""The login screen: a user name and a password, and a clear word when they are wrong."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from houqin.core.i18n import N_, _
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.screens.base import houqin_app
from houqin.frontends.tui.widgets.footer import HouqinFooter


class LoginScreen(Screen[None]):
    """Asks who is there; a refusal is shown under the fields and the password cleared."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("ctrl+l", "switch_language", N_("Language")),
    ]

    def __init__(self, notice: str = "") -> None:
        super().__init__()
        self.notice = notice

    def compose(self) -> ComposeResult:
        app = houqin_app(self)
        with Center(), Vertical(id="login-box"):
            yield Label(app.school_title(), id="login-school")
            yield Static(_("Please log in"), id="login-intro")
            yield Label(_("User name"))
            yield Input(id="username", compact=True)
            yield Label(_("Password"))
            yield Input(id="password", password=True, compact=True)
            yield Static(
                self.notice, id="login-message", classes="-empty" if not self.notice else ""
            )
            yield Button(_("Log in"), variant="primary", id="log-in", compact=True)
        yield HouqinFooter()

    def on_mount(self) -> None:
        self.title = houqin_app(self).school_title()
        self.query_one("#username", Input).focus()

    @on(Input.Submitted, "#username")
    def _to_password(self) -> None:
        self.query_one("#password", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#log-in")
    def _submit(self) -> None:
        self.log_in()

    def log_in(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        password_input = self.query_one("#password", Input)
        if not username or not password_input.value:
            self.show_message(_("Enter your user name and password."))
            self.query_one("#username" if not username else "#password", Input).focus()
            return
        refusal = houqin_app(self).log_in(username, password_input.value)
        password_input.value = ""
        if refusal is not None:
            self.show_message(refusal)
            password_input.focus()
            self.app.bell()

    def show_message(self, text: str) -> None:
        message = self.query_one("#login-message", Static)
        message.update(text)
        message.set_class(not text, "-empty")

    def action_switch_language(self) -> None:
        houqin_app(self).action_switch_language()
