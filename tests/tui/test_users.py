"""Accounts in the terminal: add one, set passwords, give a role, switch one off."""

from __future__ import annotations

import sqlalchemy as sa

from houqin.core.access import operator_actor
from houqin.core.audit import audit_event
from houqin.core.org.users import get_user
from houqin.frontends.tui.screens.confirm import ConfirmScreen
from houqin.frontends.tui.screens.form import FormScreen
from houqin.frontends.tui.screens.user_detail import UserDetailScreen
from houqin.frontends.tui.screens.users import UsersScreen
from tests.tui.conftest import ADMIN, PASSWORD, TEACHER, MakeApp, log_in, settle


def fill(app, **values: str) -> None:
    for name, value in values.items():
        app.screen.form.field_widget(name).value = value


def account(app, username: str):
    with app.school.read(operator_actor()) as uow:
        return get_user(uow, username)


async def test_add_an_account_with_a_short_password_then_a_good_one(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("users")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        assert app.screen.table.row_count == 2
        await pilot.press("n")
        await settle(pilot)
        assert "storekeeper" in app.screen.intro
        fill(app, username="wangfang", role="nosuchrole", password="short")
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = app.screen.form.errors_shown
        assert set(errors) == {"role", "password"}
        assert errors["password"] == "at least 8 characters are needed"
        fill(app, role="storekeeper", password="long-enough-1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        assert app.screen.table.row_count == 3
        assert account(app, "wangfang").roles[0].role == "storekeeper"


async def test_an_account_is_given_a_role_a_password_and_switched_off(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("users")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, UserDetailScreen) and app.screen.username == TEACHER

        await pilot.press("g")
        await settle(pilot)
        fill(app, role="storekeeper", campus="本部")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {(r.role, r.campus) for r in account(app, TEACHER).roles} == {
            ("teacher", None),
            ("storekeeper", "本部"),
        }

        await pilot.press("p")
        await settle(pilot)
        fill(app, password="new-password-1", again="new-password-2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.form.errors_shown == {"again": "the two new passwords differ"}
        fill(app, again="new-password-1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, UserDetailScreen)

        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert not account(app, TEACHER).active
        history = [str(w.render()) for w in app.screen.query("HistoryView Label")]
        assert "users.deactivated" in history and "users.password_changed" in history
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UsersScreen)
        assert not app.screen.table.record_at(1).active, "the list was read again"


async def test_changing_ones_own_password_checks_the_current_one(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.action_change_password()
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        fill(app, current="wrong-one", password="brand-new-pass", again="brand-new-pass")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.form.errors_shown == {"current": "wrong user name or password"}
        fill(app, current=PASSWORD)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        app.open("kind:rooms")
        await settle(pilot)
        assert app.session is not None, "this session goes on with the new password"
    with app.school.read(operator_actor()) as uow:
        actions = list(
            uow.conn.execute(sa.select(audit_event.c.action).order_by(audit_event.c.seq)).scalars()
        )
    assert "users.login_failed" in actions, "the wrong current password was recorded"
    assert "users.password_changed" in actions
    assert account(app, ADMIN).active
