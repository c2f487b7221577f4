"""User accounts: who may log in, with which roles; add one, set a password, switch one off."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Label

from houqin.core.i18n import N_, _, render
from houqin.core.listing import Page
from houqin.core.org.model import User, UserInput
from houqin.core.org.users import add_user, list_users
from houqin.frontends.tui import navigation, user_actions
from houqin.frontends.tui.failures import failure_text, failure_title
from houqin.frontends.tui.formatting import show
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import (
    FiltersChanged,
    PageLoadFailed,
    RowHighlighted,
    RowSelected,
)
from houqin.frontends.tui.screens.base import MainScreen, houqin_app
from houqin.frontends.tui.screens.form import FormScreen
from houqin.frontends.tui.widgets.filter_bar import FilterBar
from houqin.frontends.tui.widgets.virtual_table import Column, VirtualTable


class UsersScreen(MainScreen):
    """Every account, searchable; Enter shows one, n adds one, p sets a password."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("n", "new", N_("New")),
        key("p", "password", N_("Password")),
        key("t", "toggle_active", N_("On/off")),
        key("slash", "search", N_("Search")),
    ]

    target = navigation.USERS

    def __init__(self) -> None:
        super().__init__()
        self.search: str | None = None

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    def compose_main(self) -> ComposeResult:
        with Horizontal(classes="screen-heading"):
            yield Label(_("Users"), classes="screen-title")
            yield Label("", id="count", classes="count")
        yield FilterBar([], id="filters")
        yield VirtualTable(id="table", page_size=houqin_app(self).config.page_size)

    def on_mount(self) -> None:
        self.load()
        self.table.focus()

    def load(self, *, keep_row: bool = False) -> None:
        session, search = self.session, self.search

        def read(after: str | None, limit: int, with_total: bool) -> Page[User]:
            with session.read() as uow:
                return list_users(
                    uow, search=search, after=after, limit=limit, with_total=with_total
                )

        columns = [
            Column(_("User name"), lambda u: u.username),
            Column(_("Display name"), lambda u: u.display_name),
            Column(_("Active"), lambda u: show(u.active)),
            Column(_("Roles"), lambda u: user_actions.describe_roles(session, u.roles)),
            Column(_("Staff member"), lambda u: show(u.person)),
        ]
        self.table.load(read, columns, keep_row=keep_row)

    def reload(self, *_args: Any) -> None:
        self.load(keep_row=True)

    @on(FiltersChanged)
    def _filter(self, event: FiltersChanged) -> None:
        self.search = event.search
        self.load()
        if event.done:
            self.table.focus()

    @on(RowHighlighted)
    def _count(self, event: RowHighlighted) -> None:
        table = event.table
        total = table.total if table.total is not None else table.row_count
        position = event.index + 1 if table.row_count else 0
        self.query_one("#count", Label).update(_("{row} of {total}", row=position, total=total))

    @on(PageLoadFailed)
    def _failed(self, event: PageLoadFailed) -> None:
        self.notify(
            failure_text(event.error),
            title=failure_title(event.error),
            severity="error",
            timeout=10,
        )

    @on(RowSelected)
    def _open(self, event: RowSelected) -> None:
        from houqin.frontends.tui.screens.user_detail import UserDetailScreen

        self.app.push_screen(UserDetailScreen(event.record.username), self._after_detail)

    def _after_detail(self, changed: bool | None) -> None:
        if changed:
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("password", "toggle_active"):
            tables = self.query(VirtualTable)
            return True if tables and tables.first().cursor_record is not None else None
        return True

    def action_new(self) -> None:
        app = houqin_app(self)

        def saved(user: User | None) -> None:
            if user is not None:
                app.notify(_("User {name} created.", name=user.username))
                self.reload()

        roles = ", ".join(f"{r.name} ({render(r.label)})" for r in self.session.school.roles())
        form = FormScreen(
            _("New user"), UserInput, add_user, self.session, intro=_("Roles: {known}", known=roles)
        )
        app.push_screen(form, saved)

    def action_password(self) -> None:
        user: User | None = self.table.cursor_record
        if user is not None:
            own = user.username == self.session.actor.name
            user_actions.open_password_form(houqin_app(self), user.username, own=own)

    def action_toggle_active(self) -> None:
        user: User | None = self.table.cursor_record
        if user is not None:
            user_actions.toggle_active(houqin_app(self), user, self.reload)

    def action_search(self) -> None:
        self.query_one("#search").focus()
