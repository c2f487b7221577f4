"""One account: its roles, whether it may log in, and its history."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label

from houqin.core.audit import VIEW as AUDIT_VIEW
from houqin.core.audit import latest_events
from houqin.core.i18n import N_, _
from houqin.core.org.model import User
from houqin.core.org.users import get_user
from houqin.core.settings import get_setting
from houqin.frontends.tui import user_actions
from houqin.frontends.tui.failures import Reporting
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.screens.base import houqin_app, session_of
from houqin.frontends.tui.widgets.footer import HouqinFooter
from houqin.frontends.tui.widgets.history_view import HistoryView
from houqin.frontends.tui.widgets.record_view import RecordView


class UserDetailScreen(Screen[bool]):
    """Shows ``username``'s account; dismissed with True when something was changed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "back", N_("Back")),
        key("p", "password", N_("Password")),
        key("g", "grant", N_("Add role")),
        key("t", "toggle_active", N_("On/off")),
    ]

    def __init__(self, username: str) -> None:
        super().__init__()
        self.username = username
        self.user: User | None = None
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Label(self.username, classes="screen-title", id="detail-title")
            yield RecordView(id="record")
            yield Label(_("History"), classes="section-title", id="history-title")
            yield HistoryView(id="history")
        yield HouqinFooter()

    def on_mount(self) -> None:
        self.title = houqin_app(self).school_title()
        self.sub_title = _("Users")
        self.show_user()

    def show_user(self, *_args: Any) -> None:
        session = session_of(self)
        with Reporting(self.app):
            with session.read() as uow:
                user = get_user(uow, self.username)
                history = (
                    latest_events(uow, object_type="user", object_id=str(user.id))
                    if session.actor.can(AUDIT_VIEW)
                    else None
                )
                zone = str(get_setting(uow, "school.timezone"))
            self.user = user
            self.query_one(RecordView).show(
                [
                    (_("User name"), user.username),
                    (_("Display name"), user.display_name),
                    (_("Staff member"), user.person),
                    (_("Roles"), user_actions.describe_roles(session, user.roles)),
                    (_("Language"), user.language),
                    (_("Active"), user.active),
                ]
            )
            self.query_one("#history-title").display = history is not None
            self.query_one(HistoryView).show(history or [], zone)

    def _changed(self, *_args: Any) -> None:
        self.changed = True
        self.show_user()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("password", "grant", "toggle_active"):
            return True if self.user is not None else None
        return True

    def action_back(self) -> None:
        self.dismiss(self.changed)

    def action_password(self) -> None:
        own = self.username == session_of(self).actor.name
        user_actions.open_password_form(houqin_app(self), self.username, own=own)

    def action_grant(self) -> None:
        user_actions.open_grant_form(houqin_app(self), self.username, self._changed)

    def action_toggle_active(self) -> None:
        if self.user is not None:
            user_actions.toggle_active(houqin_app(self), self.user, self._changed)
