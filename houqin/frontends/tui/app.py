"""The terminal interface: a Textual app over the same core as the web site.

:func:`make_app` opens the school and its plugins and returns the app; the app
asks for a login (recorded in the audit log, paused after too many wrong
passwords), then shows the dashboard, with a sidebar built from the areas,
the object kinds the user may view and the plugins' screens. Every action is
also in the command palette (ctrl+p).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Input

from houqin.core.access import visitor
from houqin.core.i18n import N_, _, get_language, normalize_language, render, set_language
from houqin.core.kinds import ObjectKind
from houqin.core.org.users import get_user, log_in
from houqin.core.school import School
from houqin.core.settings import get_setting
from houqin.frontends.tui import navigation
from houqin.frontends.tui.config import TuiConfig
from houqin.frontends.tui.failures import Reporting, failure_text
from houqin.frontends.tui.keys import describe, key
from houqin.frontends.tui.messages import Navigate
from houqin.frontends.tui.navigation import NavEntry
from houqin.frontends.tui.plugins import TuiPlugins
from houqin.frontends.tui.session import Session

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 30


class HouqinApp(App[None]):
    """The logistics office in a terminal; see :func:`make_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "houqin 后勤"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]

    def __init__(self, config: TuiConfig, school: School, plugins: TuiPlugins) -> None:
        super().__init__()
        self.config = config
        self.school = school
        self.plugins = plugins
        self.session: Session | None = None
        self.current_target: str = navigation.DASHBOARD
        self.school_name = ""
        self._idle_minutes = 0
        self._last_activity: datetime = config.clock()
        self._entries: list[NavEntry] = []

    # Start and stop ---------------------------------------------------------------------

    def on_load(self) -> None:
        # Runs in the app's own task before any screen exists: every screen and
        # widget task started from here on inherits the language.
        set_language(self.config.language or self._school_language())

    def _school_language(self) -> str:
        try:
            with self.school.read(visitor("tui")) as uow:
                return normalize_language(str(get_setting(uow, "school.language")))
        except Exception as exc:  # no language is worth refusing to start over
            log.warning("cannot read the school's language: %s", exc)
            return normalize_language(None)

    def on_mount(self) -> None:
        if self.config.theme:
            self.theme = self.config.theme
        self._read_school_name()
        self.title = self.school_title()
        self.set_interval(IDLE_CHECK_SECONDS, self.check_session_idle)
        from houqin.frontends.tui.screens.login import LoginScreen

        self.push_screen(LoginScreen())

    def on_unmount(self) -> None:
        self.school.engine.dispose()

    def _read_school_name(self) -> None:
        try:
            with self.school.read(visitor("tui")) as uow:
                self.school_name = str(get_setting(uow, "school.name"))
        except Exception as exc:  # the login screen reports an unreachable database
            log.warning("cannot read the school's name: %s", exc)

    def school_title(self) -> str:
        name = self.school_name
        return _("{school} · logistics", school=name) if name else _("houqin logistics")

    def user_title(self) -> str:
        if self.session is None:
            return ""
        return self.session.actor.name

    # Logging in and out -----------------------------------------------------------------

    def log_in(self, username: str, password: str) -> str | None:
        """Check a login; on success open the dashboard. Returns why not, or None."""
        try:
            with self.school.write(visitor("tui")) as uow:
                outcome = log_in(uow, username, password)
                idle = int(get_setting(uow, "auth.session_idle_minutes"))
        except Exception as exc:
            return failure_text(exc)
        if outcome.actor is None:
            return render(outcome.refusal) if outcome.refusal is not None else _("Refused")
        self.session = Session(
            self.school, outcome.actor, outcome.session_version, self.config.clock
        )
        self._idle_minutes = idle
        self._last_activity = self.config.clock()
        self._read_school_name()
        self._entries = navigation.entries(self.school, self.plugins, self.session)
        self.open(navigation.DASHBOARD)
        self._use_own_language(username)
        return None

    def _use_own_language(self, username: str) -> None:
        """Show the app in the language the user chose for themselves (unless --lang says)."""
        if self.config.language or self.session is None:
            return
        try:
            with self.session.read() as uow:
                chosen = get_user(uow, username).language
        except Exception as exc:  # the login stands; only the language is not the user's
            log.warning("cannot read the language of %s: %s", username, exc)
            return
        if chosen and normalize_language(chosen) != get_language():
            self.call_later(self._apply_language, normalize_language(chosen))

    def action_log_out(self, notice: str = "") -> None:
        """Forget the session and ask for a login again."""
        from houqin.frontends.tui.screens.login import LoginScreen

        self.session = None
        self._entries = []
        self.call_later(self._reset_to, lambda: LoginScreen(notice))

    def check_session_idle(self) -> None:
        """Log out a session left alone longer than ``auth.session_idle_minutes``."""
        if self.session is None or not self._idle_minutes:
            return
        idle = (self.config.clock() - self._last_activity).total_seconds() / 60
        if idle >= self._idle_minutes:
            self.action_log_out(
                _("You were logged out after {minutes} idle minutes.", minutes=self._idle_minutes)
            )

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_activity = self.config.clock()
        await super().on_event(event)

    # Navigation -------------------------------------------------------------------------

    def navigation(self) -> list[NavEntry]:
        """The sidebar of the logged-in user."""
        return self._entries

    def kind(self, name: str) -> ObjectKind:
        return self.school.kinds[name]

    @on(Navigate)
    def _navigate(self, message: Navigate) -> None:
        self.open(message.target)

    def open(self, target: str) -> None:
        """Show the main screen named ``target`` in place of the current one."""
        if self.session is None:
            return
        with Reporting(self):
            if not self.session.refresh():
                self.action_log_out(_("Your session has ended; please log in again."))
                return
            screen = self._make_screen(target)
            self.current_target = target
            self.call_later(self._reset_to, lambda: screen)

    def _make_screen(self, target: str) -> Screen[Any]:
        from houqin.frontends.tui.screens.dashboard import DashboardScreen
        from houqin.frontends.tui.screens.find_by_code import FindByCodeScreen
        from houqin.frontends.tui.screens.kind_list import KindListScreen
        from houqin.frontends.tui.screens.users import UsersScreen

        assert self.session is not None
        if target == navigation.DASHBOARD:
            return DashboardScreen()
        if target == navigation.USERS:
            return UsersScreen()
        if target == navigation.FIND:
            return FindByCodeScreen()
        if target == navigation.COUNT_SCAN:
            from houqin.frontends.tui.screens.count_scan import CountScanScreen

            return CountScanScreen()
        what, _sep, name = target.partition(":")
        if what == "kind" and name in self.school.kinds:
            return KindListScreen(self.school.kinds[name])
        if what == "workbook" and name in self.school.workbooks:
            from houqin.frontends.tui.screens.workbook import WorkbookScreen

            return WorkbookScreen(self.school.workbooks[name])
        if what == "screen":
            for screen in self.plugins.screens:
                if screen.name == name:
                    made = screen.make(self.session)
                    if getattr(made, "target", None) is None:
                        made.target = target  # type: ignore[attr-defined]
                    return made
        raise KeyError(target)

    async def _reset_to(self, make: Callable[[], Screen[Any]]) -> None:
        # The stack is Textual's blank default screen, then one main screen, then
        # whatever was opened over it. The new screen is started here, in the app's
        # task, so that it and its widgets inherit the app's language.
        while len(self.screen_stack) > 2:
            await self.pop_screen()
        if len(self.screen_stack) == 2:
            await self.switch_screen(make())
        else:
            await self.push_screen(make())

    # Language ---------------------------------------------------------------------------

    def action_switch_language(self) -> None:
        """Chinese to English or back; the screens are drawn again in the new language."""
        other = "en" if get_language() != "en" else "zh_CN"
        self.call_later(self._apply_language, other)

    async def _apply_language(self, language: str) -> None:
        from houqin.frontends.tui.screens.login import LoginScreen

        set_language(language)
        self.title = self.school_title()
        if self.session is None:
            await self._reset_to(LoginScreen)
            return
        self._entries = navigation.entries(self.school, self.plugins, self.session)
        target = self.current_target
        await self._reset_to(lambda: self._make_screen(target))

    # Commands ---------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(placeholder=_("Search for an action…"), id="--command-palette")
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        session = self.session
        if session is not None:
            for entry in self._entries:
                if entry.target is not None:
                    yield SystemCommand(
                        _("Open: {what}", what=entry.label),
                        _("Show this screen"),
                        self._opener(entry.target),
                    )
            for kind in self.school.kinds.values():
                if kind.create is not None and session.can(kind.manage_permission):
                    yield SystemCommand(
                        _("New {what}", what=render(kind.label)),
                        _("Open the form for a new {what}", what=render(kind.label)),
                        self._creator(kind),
                    )
            yield from self._screen_commands(screen)
            for command in self.plugins.commands:
                if session.can(command.permission):
                    yield SystemCommand(
                        render(command.label), render(command.help), self._runner(command.run)
                    )
            yield SystemCommand(
                _("Change my password"),
                _("Set a new password for this account"),
                self.action_change_password,
            )
            yield SystemCommand(
                _("Log out"), _("End this session and show the login screen"), self.action_log_out
            )
        yield SystemCommand(
            _("Language: {other}", other="English" if get_language() != "en" else "中文"),
            _("Show the application in the other language"),
            self.action_switch_language,
        )
        yield SystemCommand(_("Theme"), _("Light or dark colours"), self.action_change_theme)
        yield SystemCommand(
            _("Keys"), _("Show the keys of this screen"), self.action_show_help_panel
        )
        yield SystemCommand(_("Quit"), _("Leave the application"), self.action_quit)

    def _screen_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The keys the footer shows, as commands, and the screen's own extra ones."""
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.show and active.enabled and binding.action != "command_palette":
                yield SystemCommand(
                    describe(binding.description),
                    _("Key: {key}", key=self.get_key_display(binding)),
                    partial(self.run_action, binding.action, active.node),
                )
        palette_commands = getattr(screen, "palette_commands", None)
        if palette_commands is not None:
            for title, help_text, callback in palette_commands():
                yield SystemCommand(title, help_text, callback)

    def _opener(self, target: str) -> Callable[[], None]:
        return lambda: self.open(target)

    def _creator(self, kind: ObjectKind) -> Callable[[], None]:
        def create() -> None:
            from houqin.frontends.tui.kind_actions import open_create_form

            def refresh(_record: Any) -> None:
                reload = getattr(self.screen, "reload", None)
                if getattr(self.screen, "kind", None) is kind and reload is not None:
                    reload()

            open_create_form(self, kind, refresh)

        return create

    def _runner(self, run: Callable[[App[Any]], object]) -> Callable[[], None]:
        def call() -> None:
            with Reporting(self):
                run(self)

        return call

    def action_change_password(self) -> None:
        from houqin.frontends.tui.user_actions import open_password_form

        if self.session is not None:
            open_password_form(self, self.session.actor.name, own=True)

    # Small things -----------------------------------------------------------------------

    @on(events.DescendantFocus)
    def _steady_cursor(self, event: events.DescendantFocus) -> None:
        if not self.config.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False


def make_app(config: TuiConfig | None = None) -> HouqinApp:
    """Open the school named by ``config`` and return the app, ready to ``run()``.

    Raises the core's errors (a database that cannot be opened, a schema to
    upgrade) before anything is drawn, so the command line can report them.
    """
    config = config or TuiConfig()
    school = School.open(config.database_url, plugins=config.plugins)
    try:
        modules = config.tui_plugins
        if modules is None and config.plugins is not None:
            modules = {}
        plugins = TuiPlugins(school, modules)
    except Exception:
        school.engine.dispose()
        raise
    return HouqinApp(config, school, plugins)
