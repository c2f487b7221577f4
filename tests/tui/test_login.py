"""Logging in and out of the terminal interface."""

from __future__ import annotations

import sqlalchemy as sa

from houqin.core.access import operator_actor
from houqin.core.audit import audit_event
from houqin.core.i18n import translate
from houqin.core.org import users
from houqin.core.school import School
from houqin.frontends.tui.screens.dashboard import DashboardScreen
from houqin.frontends.tui.screens.login import LoginScreen
from tests.plugins import lostfound
from tests.tui.conftest import ADMIN, NOW, PASSWORD, TEACHER, MakeApp, log_in, settle


def sidebar(app) -> list[str]:
    return [str(o.prompt).strip() for o in app.screen.query_one("#sidebar").options]


def login_message(app) -> str:
    return str(app.screen.query_one("#login-message").render())


async def test_a_wrong_password_is_refused_then_the_right_one_opens_the_dashboard(
    make_tui: MakeApp,
) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, ADMIN, "not-my-password")
        assert isinstance(app.screen, LoginScreen)
        assert login_message(app) == "wrong user name or password"
        assert app.screen.query_one("#password").value == ""
        assert app.session is None

        await pilot.press(*PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.session is not None and app.session.actor.name == ADMIN
    with app.school.read(operator_actor()) as uow:
        actions = list(
            uow.conn.execute(sa.select(audit_event.c.action).order_by(audit_event.c.seq)).scalars()
        )
    assert actions[-2:] == ["users.login_failed", "users.logged_in"]


async def test_unknown_users_empty_fields_and_paused_accounts_get_a_message(
    make_tui: MakeApp,
) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert login_message(app) == "Enter your user name and password."
        await log_in(pilot, "nobody", "whatever")
        assert login_message(app) == "wrong user name or password"
        for _ in range(5):
            app.screen.query_one("#username").value = ADMIN
            app.screen.query_one("#password").value = "wrong"
            app.screen.log_in()
        app.screen.query_one("#password").value = PASSWORD
        app.screen.log_in()
        await settle(pilot)
        assert "too many wrong passwords" in login_message(app)
        assert isinstance(app.screen, LoginScreen), "a paused account stays paused"


async def test_chinese_is_the_default_and_ctrl_l_switches_to_english(make_tui: MakeApp) -> None:
    app = make_tui(language=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        labels = [str(label.render()) for label in app.screen.query("Label")]
        assert translate("User name", language="zh_CN") in labels
        await pilot.press("ctrl+l")
        await settle(pilot)
        labels = [str(label.render()) for label in app.screen.query("Label")]
        assert "User name" in labels
        await log_in(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Organisation" in sidebar(app)

        app.open("kind:rooms")
        await settle(pilot)
        app.action_switch_language()
        await settle(pilot)
        assert app.current_target == "kind:rooms", "the same screen, drawn again"
        assert translate("Organisation", language="zh_CN") in sidebar(app)
        assert translate("Rooms", language="zh_CN") in sidebar(app)


async def test_logging_out_from_the_palette_returns_to_the_login(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Log out")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.session is None
        assert len(app.screen_stack) == 2


async def test_an_idle_session_and_an_ended_session_log_out(make_tui: MakeApp) -> None:
    from datetime import timedelta

    from houqin.core.org.users import end_sessions

    now = [NOW]
    app = make_tui(clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        now[0] += timedelta(minutes=29)
        app.check_session_idle()
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        now[0] += timedelta(minutes=2)
        app.check_session_idle()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "idle" in login_message(app)

        await log_in(pilot)
        assert app.session is not None
        with app.school.write(app.session.actor) as uow:
            end_sessions(uow, ADMIN)
        app.open("kind:rooms")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "session has ended" in login_message(app)


async def test_the_users_own_language_is_used_after_the_login(
    make_tui: MakeApp, tui_url: str
) -> None:
    school = School.open(tui_url, plugins=[lostfound])
    try:
        with school.write(operator_actor()) as uow:
            users.set_language(uow, TEACHER, "en")
    finally:
        school.engine.dispose()
    app = make_tui(language=None)  # no --lang: the school's Chinese, then the user's own
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in(pilot, TEACHER)
        await settle(pilot)
        # Drawn after the login in Chinese, the sidebar is drawn again in English.
        assert app.navigation()[0].label == "Dashboard"
