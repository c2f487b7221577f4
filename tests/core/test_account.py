"""A user's own account: language, password changes, resets; what every frontend calls."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from houqin.core.access import Actor
from houqin.core.audit import latest_events
from houqin.core.errors import InvalidInput, PermissionDenied
from houqin.core.org import tables as t
from houqin.core.org.model import PasswordChange, PasswordReset, UserInput
from houqin.core.org.users import (
    add_user,
    change_own_password,
    current_actor,
    get_user,
    log_in,
    reset_password,
    set_language,
)

PASSWORD = "correct horse battery"


def _make_users(school, operator) -> None:
    with school.write(operator) as uow:
        add_user(uow, UserInput(username="li", role="teacher", password=PASSWORD))
        add_user(uow, UserInput(username="wang", role="storekeeper", password=PASSWORD))


def _actor(school, operator, username: str) -> Actor:
    with school.write(operator) as uow:
        login = log_in(uow, username, PASSWORD)
    assert login.actor is not None
    return login.actor


def _version(school, username: str) -> int:
    with school.engine.connect() as conn:
        return int(
            conn.execute(
                sa.select(t.user_account.c.session_version).where(
                    t.user_account.c.username == username
                )
            ).scalar_one()
        )


def test_a_user_sets_their_own_language_audited(houqin_school, houqin_operator) -> None:
    _make_users(houqin_school, houqin_operator)
    li = _actor(houqin_school, houqin_operator, "li")
    with houqin_school.write(li) as uow:
        assert set_language(uow, "li", "en").language == "en"
    with houqin_school.read(houqin_operator) as uow:
        assert get_user(uow, "li").language == "en"
        event = latest_events(uow, object_type="user", limit=1)[0]
    assert event.action == "users.language_changed"
    assert event.before == {"language": None} and event.after == {"language": "en"}
    with houqin_school.write(li) as uow, pytest.raises(InvalidInput, match="unknown language"):
        set_language(uow, "li", "fr")
    with houqin_school.write(li) as uow, pytest.raises(PermissionDenied):
        set_language(uow, "wang", "en")


def test_changing_ones_password_checks_the_current_one(houqin_school, houqin_operator) -> None:
    _make_users(houqin_school, houqin_operator)
    li = _actor(houqin_school, houqin_operator, "li")
    before = _version(houqin_school, "li")
    with houqin_school.write(li) as uow:
        refused = change_own_password(uow, PasswordChange("wrong", "new secret 1", "new secret 1"))
    assert refused.actor is None and refused.refusal is not None
    with houqin_school.read(houqin_operator) as uow:
        assert latest_events(uow, limit=1)[0].action == "users.login_failed"  # kept, counted
    with houqin_school.write(li) as uow, pytest.raises(InvalidInput) as differ:
        change_own_password(uow, PasswordChange(PASSWORD, "new secret 1", "new secret 2"))
    assert differ.value.errors[0].field == "again"
    with houqin_school.write(li) as uow, pytest.raises(InvalidInput) as short:
        change_own_password(uow, PasswordChange(PASSWORD, "short", "short"))
    assert short.value.errors[0].field == "password"
    with houqin_school.write(li) as uow:
        changed = change_own_password(uow, PasswordChange(PASSWORD, "new secret 1", "new secret 1"))
    assert changed.actor is not None and changed.session_version == before + 1
    with houqin_school.read(houqin_operator) as uow:
        assert current_actor(uow, li.user_id, before) is None  # every other session ended
        assert current_actor(uow, li.user_id, changed.session_version) is not None
    with houqin_school.write(houqin_operator) as uow:
        assert log_in(uow, "li", "new secret 1").actor is not None


def test_only_a_logged_in_user_changes_their_own_password(houqin_school, houqin_operator) -> None:
    with houqin_school.write(houqin_operator) as uow, pytest.raises(PermissionDenied):
        change_own_password(uow, PasswordChange("a", "new secret 1", "new secret 1"))


def test_an_administrator_resets_a_password(houqin_school, houqin_operator) -> None:
    _make_users(houqin_school, houqin_operator)
    li = _actor(houqin_school, houqin_operator, "li")
    with houqin_school.write(li) as uow, pytest.raises(PermissionDenied):
        reset_password(uow, "wang", PasswordReset("new secret 1", "new secret 1"))
    with houqin_school.write(houqin_operator) as uow, pytest.raises(InvalidInput):
        reset_password(uow, "wang", PasswordReset("new secret 1", "other"))
    before = _version(houqin_school, "wang")
    with houqin_school.write(houqin_operator) as uow:
        reset_password(uow, "wang", PasswordReset("new secret 1", "new secret 1"))
    assert _version(houqin_school, "wang") == before + 1
    with houqin_school.write(houqin_operator) as uow:
        assert log_in(uow, "wang", "new secret 1").actor is not None


def test_each_org_kind_names_its_audit_object_type(houqin_school) -> None:
    kinds = houqin_school.kinds
    assert {
        name: kinds[name].audit_type for name in ("campuses", "rooms", "people", "classes")
    } == {
        "campuses": "campus",
        "rooms": "room",
        "people": "person",
        "classes": "class",
    }
