"""Every page refuses strangers and people without the permission; refusals are pages and logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Blueprint
from werkzeug.routing import Rule

from tests.web.conftest import Site, csrf_token, make_site, text

PUBLIC = {"auth.login", "static"}
# Pages every logged-in user has, whatever their roles: their own account and the home page.
EVERY_USER = {"home.dashboard", "auth.account", "auth.password", "auth.language", "auth.logout"}


def _arguments(site: Site) -> dict[str, Any]:
    return {
        "area_name": "org",
        "kind_name": "rooms",
        "object_id": site.room_id,
        "username": "admin",
        "role": "admin",
        "name": "lostfound",
        "workbook_name": "org",
        "filename": "houqin.css",
        "number": "ZC-0001",
        "action_name": "some_action",
        "doc_name": "some_document",
        "token": "no-such-token",
    }


def _routes(site: Site) -> list[tuple[Rule, str, str]]:
    """Each rule of the application with every method it answers, and an address to call."""
    values = _arguments(site)
    found = []
    with site.app.test_request_context():
        adapter = site.app.url_map.bind("localhost")
        for rule in site.app.url_map.iter_rules():
            url = adapter.build(rule.endpoint, {a: values[a] for a in rule.arguments})
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule, method, url))
    return found


def _is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC or endpoint.endswith(".static")


def test_every_route_is_walked(site: Site) -> None:
    endpoints = {rule.endpoint for rule, _m, _u in _routes(site)}
    # The walk covers the core's pages, the generic pages of kinds and a plugin's blueprint.
    assert {"objects.list_objects", "users.grant", "admin.switch_module", "lostfound.report"} <= (
        endpoints
    )
    assert len(endpoints) >= 25


def test_every_route_sends_an_anonymous_visitor_to_log_in(site: Site) -> None:
    client = site.client()
    token = csrf_token(client, "/login")
    for rule, method, url in _routes(site):
        if _is_public(rule.endpoint):
            continue
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code in (302, 401), f"{method} {url}: {response.status_code}"
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), f"{method} {url}"


def test_every_route_refuses_a_user_without_the_permission(site: Site) -> None:
    client = site.client_for("nobody")
    token = csrf_token(client)
    for rule, method, url in _routes(site):
        if _is_public(rule.endpoint) or rule.endpoint in EVERY_USER:
            continue
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 403, f"{method} {url}: {response.status_code}"
        assert "Traceback" not in text(response)


def test_pages_open_to_every_user_work_for_someone_with_no_role(site: Site) -> None:
    client = site.client_for("nobody")
    for path in ("/", "/account", "/account/password"):
        assert client.get(path).status_code == 200, path


def test_a_refusal_is_a_403_page_and_is_logged(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    client = site.client_for("teacher")
    with caplog.at_level(logging.WARNING, logger="houqin.security"):
        response = client.get("/users/")
    assert response.status_code == 403
    assert "Manage user accounts and roles" in text(response)
    assert any("forbidden: teacher GET /users/" in r.getMessage() for r in caplog.records)


def test_a_missing_object_is_a_404_page(site: Site) -> None:
    client = site.client_for("admin")
    response = client.get("/org/rooms/999999")
    assert response.status_code == 404
    assert "room 999999 does not exist" in text(response)
    assert client.get("/org/no-such-kind/").status_code == 404
    assert client.get("/lostfound/rooms/").status_code == 404  # a kind under the wrong area
    assert client.get("/no/such/page").status_code == 404


def test_a_form_without_its_token_gets_the_please_reload_page(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    client = site.client_for("admin")
    with caplog.at_level(logging.WARNING, logger="houqin.security"):
        response = client.post("/org/campuses/new", data={"name": "东校区"})
    assert response.status_code == 400
    page = text(response)
    assert "Please reload the page" in page
    assert 'href="/org/campuses/new"' in page
    assert any(r.getMessage().startswith("csrf: admin POST") for r in caplog.records)
    assert "东校区" not in text(client.get("/org/campuses/"))


def test_a_token_from_another_session_is_refused(site: Site) -> None:
    stranger = csrf_token(site.client_for("head"))
    response = site.client_for("admin").post(
        "/org/campuses/new", data={"name": "东校区", "csrf_token": stranger}
    )
    assert response.status_code == 400
    assert "Please reload the page" in text(response)


def test_an_error_shows_no_stack_trace(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    broken = Blueprint("broken", __name__)

    @broken.get("/broken")
    def fail() -> str:
        raise RuntimeError("secret detail of the server")

    site.app.register_blueprint(broken)
    with caplog.at_level(logging.ERROR):
        response = site.client_for("admin").get("/broken")
    assert response.status_code == 500
    page = text(response)
    assert "Something went wrong" in page
    assert "secret detail" not in page and "Traceback" not in page
    assert any("secret detail" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_every_answer_carries_the_security_headers(site: Site) -> None:
    response = site.client().get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_cookies_are_secure_when_configured(
    houqin_school_factory: Any, houqin_operator: Any
) -> None:
    from tests.plugins import lostfound

    school = houqin_school_factory([lostfound], school_type="boarding")
    site = make_site(school, houqin_operator, secure_cookies=True)
    cookie = site.client().get("/login").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_pages_have_no_inline_script_or_style(site: Site) -> None:
    client = site.client_for("admin")
    for path in ("/", "/org/rooms/", f"/org/rooms/{site.room_id}", "/users/", "/login"):
        page = text(client.get(path))
        assert "<script>" not in page and "style=" not in page and "onclick" not in page, path


def test_text_from_the_database_is_escaped(site: Site) -> None:
    client = site.client_for("admin")
    token = csrf_token(client)
    client.post(
        "/org/campuses/new", data={"name": "<script>alert(1)</script>", "csrf_token": token}
    )
    page = text(client.get("/org/campuses/"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
