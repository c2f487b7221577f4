"""User accounts and roles managed from the site."""

from __future__ import annotations

import re

from tests.web.conftest import PASSWORD, Site, csrf_token, text


def test_the_user_list_searches_and_shows_roles(site: Site) -> None:
    client = site.client_for("admin")
    page = text(client.get("/users/"))
    assert "4 in all" in page
    assert "Head of logistics" in page and "switched off" not in page
    found = text(client.get("/users/?q=tea"))
    assert "1 in all" in found and ">teacher<" in found


def test_creating_a_user_shows_every_error_then_works(site: Site) -> None:
    client = site.client_for("admin")
    form = text(client.get("/users/new"))
    assert '<option value="storekeeper">Storekeeper</option>' in form
    assert '<option value="lostfound.clerk">' in form
    token = csrf_token(client)
    bad = client.post(
        "/users/new",
        data={
            "username": "teacher",
            "role": "storekeeper",
            "password": "short",
            "csrf_token": token,
        },
    )
    assert bad.status_code == 400
    page = text(bad)
    assert "the user name teacher is taken" in page
    assert "at least 8 characters are needed" in page
    assert "short" not in page.replace("shortest", "")  # a password is never sent back
    good = client.post(
        "/users/new",
        data={
            "username": "wanglu",
            "role": "storekeeper",
            "display_name": "王璐",
            "password": PASSWORD,
            "language": "zh_CN",
            "csrf_token": token,
        },
    )
    assert good.headers["Location"] == "/users/wanglu"
    detail = text(client.get("/users/wanglu"))
    assert "王璐" in detail and "Storekeeper" in detail and "users.created" in detail


def test_roles_are_given_and_taken_away(site: Site) -> None:
    client = site.client_for("admin")
    token = csrf_token(client)
    refused = client.post(
        "/users/teacher/roles", data={"role": "", "campus": "火星", "csrf_token": token}
    )
    assert refused.status_code == 400
    assert "is required" in text(refused)
    scoped = client.post(
        "/users/teacher/roles", data={"role": "storekeeper", "campus": "火星", "csrf_token": token}
    )
    assert "there is no campus named 火星" in text(scoped)
    client.post(
        "/users/teacher/roles", data={"role": "storekeeper", "campus": "本部", "csrf_token": token}
    )
    page = text(client.get("/users/teacher"))
    assert re.search(r"Storekeeper · 本部", page)
    assert '<option value="" selected></option>' in page  # no role is chosen for the admin
    client.post("/users/teacher/roles/storekeeper/revoke", data={"csrf_token": token})
    assert 'data-role="storekeeper"' not in text(client.get("/users/teacher"))


def test_the_last_administrator_stays_one(site: Site) -> None:
    client = site.client_for("admin")
    token = csrf_token(client)
    response = client.post("/users/admin/roles/admin/revoke", data={"csrf_token": token})
    assert "admin is the last administrator" in text(client.get(response.headers["Location"]))
    response = client.post("/users/admin/active", data={"active": "false", "csrf_token": token})
    assert "admin is the last administrator" in text(client.get(response.headers["Location"]))


def test_switching_an_account_off_and_on(site: Site) -> None:
    admin = site.client_for("admin")
    teacher = site.client_for("teacher")
    token = csrf_token(admin)
    admin.post("/users/teacher/active", data={"active": "false", "csrf_token": token})
    assert "switched off" in text(admin.get("/users/teacher"))
    assert teacher.get("/").status_code == 302
    admin.post("/users/teacher/active", data={"active": "true", "csrf_token": token})
    assert site.client_for("teacher").get("/").status_code == 200


def test_an_administrator_sets_a_new_password(site: Site) -> None:
    admin = site.client_for("admin")
    teacher = site.client_for("teacher")
    token = csrf_token(admin)
    mismatch = admin.post(
        "/users/teacher/password",
        data={"password": "new secret 1", "again": "x", "csrf_token": token},
    )
    assert "the two new passwords differ" in text(mismatch)
    done = admin.post(
        "/users/teacher/password",
        data={"password": "new secret 1", "again": "new secret 1", "csrf_token": token},
    )
    assert done.status_code == 302
    assert teacher.get("/").status_code == 302  # their sessions ended


def test_the_roles_page_lists_what_each_role_may_do(site: Site) -> None:
    page = text(site.client_for("admin").get("/roles/"))
    assert "Lost-and-found clerk" in page and "Record found items" in page
    assert "Read the audit log" in page
