"""Fixtures for the web tests: a school with a plugin, its site, users of each kind, logins.

Every test gets a fresh school on SQLite and again on PostgreSQL (through
``houqin_school_factory``) with the lost-and-found plugin and its web part.
Passwords are hashed with light Argon2 parameters here so that a test that
logs in many times stays quick; the code path is the real one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from houqin.core.access import Actor
from houqin.core.org import tables as t
from houqin.core.org import users as core_users
from houqin.core.org.model import (
    BuildingInput,
    CampusInput,
    DepartmentInput,
    PersonInput,
    RoomInput,
    UserInput,
)
from houqin.core.org.service import (
    create_building,
    create_campus,
    create_department,
    create_person,
    create_room,
)
from houqin.core.school import School
from houqin.frontends.web import WebConfig, create_app
from tests.plugins import lostfound
from tests.plugins.lostfound import web as lostfound_web

PASSWORD = "correct horse battery"
SECRET = "test-secret-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def light_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        core_users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@attrs.frozen
class Site:
    """A school, its web application, and what the tests made in it."""

    school: School
    app: Flask
    operator: Actor
    room_id: int

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def add_user(self, username: str, role: str, **extra: Any) -> None:
        with self.school.write(self.operator) as uow:
            core_users.add_user(
                uow, UserInput(username=username, role=role, password=PASSWORD, **extra)
            )

    def session_of(self, username: str) -> tuple[int, int]:
        with self.school.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.user_account.c.id, t.user_account.c.session_version).where(
                    t.user_account.c.username == username
                )
            ).one()
        return int(row.id), int(row.session_version)

    def log_in(self, client: FlaskClient, username: str) -> FlaskClient:
        """Start a session for ``username`` the way a login does, without hashing a password."""
        user_id, version = self.session_of(username)
        with client.session_transaction() as session:
            session["_user_id"] = f"{user_id}:{version}"
            session["_fresh"] = True
            session["seen"] = int(time.time())
        return client

    def client_for(self, username: str) -> FlaskClient:
        return self.log_in(self.client(), username)


def make_site(school: School, operator: Actor, **config: Any) -> Site:
    with school.write(operator) as uow:
        create_campus(uow, CampusInput("本部"))
        create_building(uow, BuildingInput("本部", "教学楼", 5))
        room = create_room(uow, RoomInput("本部", "教学楼", "101"))
        create_department(uow, DepartmentInput("总务处"))
        create_person(uow, PersonInput("张伟", "T001", "总务处"))
    settings: dict[str, Any] = {
        "secret_key": SECRET,
        "database_url": school.engine.url.render_as_string(hide_password=False),
        "plugins": [lostfound],
        "web_plugins": {"lostfound": lostfound_web},
        "login_failure_delay": 0,
        "language": "en",  # the product speaks Chinese first; tests read English unless they ask
        **config,
    }
    app = create_app(WebConfig(**settings))
    site = Site(school, app, operator, room.id)
    site.add_user("admin", "admin")
    site.add_user("head", "logistics_head")
    site.add_user("teacher", "teacher")
    site.add_user("nobody", "teacher")
    with school.write(operator) as uow:
        core_users.revoke_role(uow, "nobody", "teacher")
    return site


@pytest.fixture
def site(
    houqin_school_factory: Callable[..., School], houqin_operator: Actor, tmp_path: Any
) -> Iterator[Site]:
    school = houqin_school_factory([lostfound], school_type="boarding", name="实验小学")
    made = make_site(school, houqin_operator, upload_dir=tmp_path / "uploads")
    yield made
    made.app.extensions["houqin_school"].close()


def csrf_token(client: FlaskClient, path: str = "/account") -> str:
    """The form token of the client's session, read from a page as a browser would."""
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def text(response: Any) -> str:
    return str(response.get_data(as_text=True))
