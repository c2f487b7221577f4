"""Logging in: wrong passwords counted and paused, every attempt recorded, sessions ended."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from houqin.core.access import visitor
from houqin.core.audit import audit_event
from houqin.core.db.metadata import utcnow
from houqin.core.org import tables as t
from houqin.core.org.model import UserInput
from houqin.core.org.users import (
    add_user,
    current_actor,
    end_sessions,
    log_in,
    set_active,
    set_password,
)
from houqin.core.settings import set_setting

PASSWORD = "correct-horse-battery"


def _school_with_user(houqin_school, houqin_operator, role: str = "storekeeper"):
    with houqin_school.write(houqin_operator) as uow:
        set_setting(uow, "auth.max_failed_logins", "3")
        add_user(uow, UserInput(username="wangfang", role=role, password=PASSWORD))
    return houqin_school


def _try(school, password: str, username: str = "wangfang"):
    with school.write(visitor("127.0.0.1")) as uow:
        return log_in(uow, username, password)


def _actions(school) -> list[str]:
    with school.engine.connect() as conn:
        return list(
            conn.execute(sa.select(audit_event.c.action).order_by(audit_event.c.seq)).scalars()
        )


def test_a_correct_login_gives_the_actor_and_is_recorded(houqin_school, houqin_operator):
    school = _school_with_user(houqin_school, houqin_operator)
    login = _try(school, PASSWORD)
    assert login.actor is not None and login.actor.name == "wangfang"
    assert login.actor.can("org.view") and not login.actor.can("users.manage")
    assert _actions(school)[-1] == "users.logged_in"


def test_wrong_passwords_are_recorded_then_pause_the_account(houqin_school, houqin_operator):
    school = _school_with_user(houqin_school, houqin_operator)
    for _ in range(2):
        refused = _try(school, "guess")
        assert refused.actor is None
        assert str(refused.refusal) == "wrong user name or password"
    paused = _try(school, "guess")
    assert paused.actor is None
    # Even the right password is refused while the pause lasts.
    during = _try(school, PASSWORD)
    assert during.actor is None
    assert "try again in 15 minutes" in str(during.refusal)
    assert _actions(school)[-4:] == [
        "users.login_failed",
        "users.login_failed",
        "users.login_paused",
        "users.login_refused_paused",
    ]
    with school.engine.begin() as conn:
        conn.execute(t.user_account.update().values(locked_until=utcnow() - timedelta(seconds=1)))
    assert _try(school, PASSWORD).actor is not None


def test_an_unknown_name_and_a_disabled_account_are_refused_and_recorded(
    houqin_school, houqin_operator
):
    school = _school_with_user(houqin_school, houqin_operator)
    unknown = _try(school, PASSWORD, username="nobody")
    assert unknown.actor is None and str(unknown.refusal) == "wrong user name or password"
    with school.write(houqin_operator) as uow:
        set_active(uow, "wangfang", False)
    disabled = _try(school, PASSWORD)
    assert disabled.actor is None and str(disabled.refusal) == "this account is switched off"
    assert "users.login_refused_disabled" in _actions(school)


def test_a_password_change_or_logging_out_everywhere_ends_sessions(houqin_school, houqin_operator):
    school = _school_with_user(houqin_school, houqin_operator)
    first = _try(school, PASSWORD)
    assert first.actor is not None and first.actor.user_id is not None
    user_id = first.actor.user_id
    with school.read(first.actor) as uow:
        assert current_actor(uow, user_id, first.session_version) is not None
    with school.write(first.actor) as uow:
        set_password(uow, "wangfang", "a-new-long-password")
    with school.read(first.actor) as uow:
        assert current_actor(uow, user_id, first.session_version) is None
    second = _try(school, "a-new-long-password")
    assert second.actor is not None
    with school.write(second.actor) as uow:
        end_sessions(uow, "wangfang")
    with school.read(second.actor) as uow:
        assert current_actor(uow, user_id, second.session_version) is None
    third = _try(school, "a-new-long-password")
    with school.write(houqin_operator) as uow:
        set_active(uow, "wangfang", False)
    with school.read(houqin_operator) as uow:
        assert current_actor(uow, user_id, third.session_version) is None
