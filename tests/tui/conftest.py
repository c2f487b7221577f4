"""A small school with logins, and the terminal app over it, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from argon2 import PasswordHasher
from textual.pilot import Pilot
from textual.widgets import Input

from houqin.core.access import Actor
from houqin.core.org import service, users
from houqin.core.org.model import (
    BuildingInput,
    CampusInput,
    ClassInput,
    DepartmentInput,
    PersonInput,
    RoomInput,
    RoomKind,
    UserInput,
)
from houqin.core.org.users import add_user
from houqin.core.school import School
from houqin.frontends.tui import TuiConfig, make_app
from houqin.frontends.tui.app import HouqinApp
from tests.plugins import lostfound
from tests.plugins.lostfound import tui as lostfound_tui

# 09:30 on the first school day, in Shanghai.
NOW = datetime(2024, 9, 2, 1, 30, tzinfo=UTC)
PASSWORD = "correct-horse-7"
ADMIN = "admin"
TEACHER = "lihua"

MakeApp = Callable[..., HouqinApp]


def seed(school: School, actor: Actor) -> None:
    """The same small school every time: two buildings, some rooms, staff and logins."""
    with school.write(actor) as uow:
        service.create_campus(uow, CampusInput("本部", code="BB", address="人民路 1 号"))
        service.create_building(uow, BuildingInput("本部", "教学楼", floors=4, use="教学"))
        service.create_building(uow, BuildingInput("本部", "实验楼", floors=3, use="实验"))
        for number in ("101", "102", "103", "201", "202"):
            service.create_room(
                uow,
                RoomInput("本部", "教学楼", number, floor=int(number[0]), capacity=45),
            )
        service.create_room(
            uow,
            RoomInput("本部", "实验楼", "305", RoomKind.LAB, floor=3, area=Decimal("86.5")),
        )
        service.create_department(uow, DepartmentInput("总务处"))
        service.create_person(uow, PersonInput("张伟", staff_no="T001", department="总务处"))
        service.create_person(uow, PersonInput("李华", staff_no="T002", position="教师"))
        service.create_class(uow, ClassInput("本部", "一年级1班", grade="一年级"))
        add_user(uow, UserInput(ADMIN, "admin", "管理员", password=PASSWORD))
        add_user(uow, UserInput(TEACHER, "teacher", "李华", password=PASSWORD, staff_no="T002"))


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with its lightest parameters: the tests log in often, and what they check
    (refusals, pauses, audit) does not depend on how hard a hash is to compute."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


@pytest.fixture
def tui_url(houqin_database_url: str, houqin_school_factory: Any, houqin_operator: Actor) -> str:
    """The URL of a seeded school with the lost-and-found plugin switched on."""
    school = houqin_school_factory(plugins=[lostfound], school_type="boarding", name="实验小学")
    seed(school, houqin_operator)
    return houqin_database_url


@pytest.fixture
def make_tui(tui_url: str) -> MakeApp:
    """Build the app over the seeded school; keyword arguments change the config."""

    def make(**changes: Any) -> HouqinApp:
        options: dict[str, Any] = {
            "database_url": tui_url,
            "language": "en",
            "plugins": [lostfound],
            "tui_plugins": {"lostfound": lostfound_tui},
            "clock": lambda: NOW,
            "cursor_blink": False,
        }
        options.update(changes)
        return make_app(TuiConfig(**options))

    return make


async def settle(pilot: Pilot[Any]) -> None:
    """Let messages, screen switches, refreshes and counting threads finish."""
    for _ in range(3):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def log_in(pilot: Pilot[Any], username: str = ADMIN, password: str = PASSWORD) -> None:
    """Fill the login form and press Enter (test_login types it key by key)."""
    await settle(pilot)
    screen = pilot.app.screen
    screen.query_one("#username", Input).value = username
    screen.query_one("#password", Input).value = password
    screen.query_one("#password", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
