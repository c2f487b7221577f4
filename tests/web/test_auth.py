"""Logging in and out, sessions that end, passwords and the language of the site."""

from __future__ import annotations

import logging
import time

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from houqin.core.audit import audit_event
from houqin.core.org import users as core_users
from houqin.core.settings import set_setting
from tests.web.conftest import PASSWORD, Site, csrf_token, make_site, text


def _login(client: FlaskClient, username: str, password: str, next_: str = "") -> object:
    token = csrf_token(client, "/login")
    path = f"/login?next={next_}" if next_ else "/login"
    return client.post(path, data={"username": username, "password": password, "csrf_token": token})


def _actions(site: Site) -> list[str]:
    with site.school.engine.connect() as conn:
        return list(
            conn.execute(sa.select(audit_event.c.action).order_by(audit_event.c.seq)).scalars()
        )


def test_logging_in_leads_to_the_page_asked_for(site: Site) -> None:
    client = site.client()
    first = client.get("/org/rooms/?q=101")
    assert first.status_code == 302
    assert first.headers["Location"] == "/login?next=%2Forg%2Frooms%2F%3Fq%3D101"
    response = _login(client, "admin", PASSWORD, "%2Forg%2Frooms%2F%3Fq%3D101")
    assert response.status_code == 302
    assert response.headers["Location"] == "/org/rooms/?q=101"
    assert client.get("/").status_code == 200
    assert "users.logged_in" in _actions(site)


def test_logging_in_never_leads_to_another_site(site: Site) -> None:
    response = _login(site.client(), "admin", PASSWORD, "https://evil.example/")
    assert response.headers["Location"] == "/"
    response = _login(site.client(), "admin", PASSWORD, "//evil.example/")
    assert response.headers["Location"] == "/"


def test_a_wrong_password_is_refused_logged_and_counted(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    client = site.client()
    with caplog.at_level(logging.WARNING, logger="houqin.security"):
        response = _login(client, "admin", "wrong password")
    assert response.status_code == 401
    page = text(response)
    assert "wrong user name or password" in page
    assert 'value="admin"' in page and "wrong password" not in page.replace(
        "wrong user name or password", ""
    )
    assert any("login:" in r.getMessage() and "admin" in r.getMessage() for r in caplog.records)
    assert _actions(site)[-1] == "users.login_failed"
    assert client.get("/").status_code == 302


def test_repeated_wrong_passwords_pause_the_account(site: Site) -> None:
    client = site.client()
    for _ in range(5):
        _login(client, "head", "nope nope nope")
    response = _login(client, "head", PASSWORD)
    assert response.status_code == 401
    assert "too many wrong passwords" in text(response)
    assert "users.login_paused" in _actions(site)


def test_an_empty_login_form_names_each_field(site: Site) -> None:
    response = _login(site.client(), "", "")
    assert response.status_code == 400
    assert text(response).count("is required") == 2


def test_logging_out_ends_every_session_of_the_user(site: Site) -> None:
    here, there = site.client_for("head"), site.client_for("head")
    assert there.get("/").status_code == 200
    response = here.post("/logout", data={"csrf_token": csrf_token(here)})
    assert response.headers["Location"] == "/login"
    assert here.get("/").status_code == 302
    ended = there.get("/")
    assert ended.status_code == 302
    assert "Your session has ended" in text(there.get(ended.headers["Location"]))


def test_changing_the_password_keeps_this_session_and_ends_the_others(site: Site) -> None:
    here, there = site.client_for("teacher"), site.client_for("teacher")
    token = csrf_token(here)
    refused = here.post(
        "/account/password",
        data={
            "current": "not it",
            "password": "new secret 123",
            "again": "new secret 123",
            "csrf_token": token,
        },
    )
    assert refused.status_code == 400
    assert "wrong user name or password" in text(refused)
    mismatch = here.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "new secret 123",
            "again": "other",
            "csrf_token": token,
        },
    )
    assert "the two new passwords differ" in text(mismatch)
    changed = here.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "password": "new secret 123",
            "again": "new secret 123",
            "csrf_token": token,
        },
    )
    assert changed.status_code == 302
    assert here.get("/").status_code == 200
    assert there.get("/").status_code == 302
    assert _login(site.client(), "teacher", "new secret 123").status_code == 302


def test_a_switched_off_account_is_logged_out_at_once(site: Site) -> None:
    client = site.client_for("teacher")
    assert client.get("/").status_code == 200
    with site.school.write(site.operator) as uow:
        core_users.set_active(uow, "teacher", False)
    assert client.get("/").status_code == 302
    response = _login(site.client(), "teacher", PASSWORD)
    assert "this account is switched off" in text(response)


def test_a_session_left_idle_expires(site: Site) -> None:
    with site.school.write(site.operator) as uow:
        set_setting(uow, "auth.session_idle_minutes", "10")
    client = site.client_for("head")
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 9 * 60
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 11 * 60
    response = client.get("/org/rooms/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/org/rooms/")
    assert "more than 10 minutes" in text(client.get(response.headers["Location"]))
    assert client.get("/").status_code == 302


def test_the_site_speaks_chinese_by_default(
    houqin_school_factory: object, houqin_operator: object
) -> None:
    from tests.plugins import lostfound

    school = houqin_school_factory([lostfound], school_type="boarding")  # type: ignore[operator]
    site = make_site(school, houqin_operator, language=None)  # type: ignore[arg-type]
    page = text(site.client().get("/login"))
    assert 'lang="zh-CN"' in page and "用户名" in page
    english = site.client().get("/login?lang=en", follow_redirects=True)
    assert 'lang="en"' in text(english)


def test_a_user_switches_the_language_and_keeps_it(site: Site) -> None:
    client = site.client_for("head")
    response = client.post(
        "/account/language",
        data={"language": "zh_CN", "next": "/org/rooms/", "csrf_token": csrf_token(client)},
    )
    assert response.headers["Location"] == "/org/rooms/"
    assert "房间" in text(client.get("/org/rooms/"))
    assert "房间" in text(
        site.client_for("head").get("/org/rooms/")
    )  # on the account, not the cookie
    assert "users.language_changed" in _actions(site)
    client.post("/account/language", data={"language": "en", "csrf_token": csrf_token(client)})
    assert "Rooms" in text(client.get("/org/rooms/"))


def test_an_unknown_language_is_refused(site: Site) -> None:
    client = site.client_for("head")
    response = client.post(
        "/account/language", data={"language": "fr", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 400
    assert "unknown language fr" in text(response)
