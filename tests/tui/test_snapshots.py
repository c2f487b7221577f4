"""Screenshots of the main screens, compared with the approved ones in ``__snapshots__``.

Fixed data, a fixed clock (the app's and the audit log's) and no blinking
cursor, so a screenshot changes only when the screen does. They are taken on
SQLite alone: what is drawn does not depend on the database, and the same
screens run on PostgreSQL in the other tests. After an intended change of
the look, review and accept the new ones with ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from houqin.core.access import Actor
from houqin.core.school import School, init_school
from houqin.frontends.tui import TuiConfig, make_app
from houqin.frontends.tui.app import HouqinApp
from tests.plugins import lostfound
from tests.plugins.lostfound import tui as lostfound_tui
from tests.tui.conftest import NOW, TEACHER, log_in, seed, settle

SMALL = (80, 24)
LARGE = (160, 48)


@pytest.fixture
def snap_url(tmp_path: Path, houqin_operator: Actor, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("houqin.core.audit.utcnow", lambda: NOW)
    monkeypatch.setattr("houqin.core.org.users.utcnow", lambda: NOW)
    url = f"sqlite:///{tmp_path / 'school.sqlite3'}"
    school = School.open(url, plugins=[lostfound], require_schema=False)
    try:
        init_school(school, houqin_operator, school_type="boarding", name="实验小学")
        seed(school, houqin_operator)
    finally:
        school.engine.dispose()
    return url


def app_for(url: str, **changes: Any) -> HouqinApp:
    options: dict[str, Any] = {
        "database_url": url,
        "language": "en",
        "plugins": [lostfound],
        "tui_plugins": {"lostfound": lostfound_tui},
        "clock": lambda: NOW,
        "cursor_blink": False,
    }
    options.update(changes)
    return make_app(TuiConfig(**options))


def test_login_after_a_wrong_password(snap_compare: Any, snap_url: str) -> None:
    async def wrong_login(pilot: Pilot[Any]) -> None:
        await log_in(pilot, "admin", "not-the-password")

    assert snap_compare(app_for(snap_url), run_before=wrong_login, terminal_size=SMALL)


def test_dashboard(snap_compare: Any, snap_url: str) -> None:
    assert snap_compare(app_for(snap_url), run_before=log_in, terminal_size=SMALL)


def test_dashboard_in_a_light_theme(snap_compare: Any, snap_url: str) -> None:
    app = app_for(snap_url, theme="textual-light")
    assert snap_compare(app, run_before=log_in, terminal_size=SMALL)


def test_dashboard_of_a_teacher(snap_compare: Any, snap_url: str) -> None:
    async def teacher(pilot: Pilot[Any]) -> None:
        await log_in(pilot, TEACHER)

    assert snap_compare(app_for(snap_url), run_before=teacher, terminal_size=SMALL)


async def open_rooms(pilot: Pilot[Any]) -> None:
    await log_in(pilot)
    pilot.app.open("kind:rooms")  # type: ignore[attr-defined]
    await settle(pilot)


def test_room_list(snap_compare: Any, snap_url: str) -> None:
    assert snap_compare(app_for(snap_url), run_before=open_rooms, terminal_size=SMALL)


def test_room_list_in_a_large_terminal(snap_compare: Any, snap_url: str) -> None:
    assert snap_compare(app_for(snap_url), run_before=open_rooms, terminal_size=LARGE)


def test_room_detail_with_its_history(snap_compare: Any, snap_url: str) -> None:
    assert snap_compare(
        app_for(snap_url), run_before=open_rooms, press=["down", "enter"], terminal_size=SMALL
    )


def test_room_form_with_the_cores_errors(snap_compare: Any, snap_url: str) -> None:
    async def bad_room(pilot: Pilot[Any]) -> None:
        await open_rooms(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = pilot.app.screen.form  # type: ignore[attr-defined]
        form.field_widget("campus").value = "本部"
        form.field_widget("floor").value = "four"
        form.field_widget("capacity").value = "-3"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app_for(snap_url), run_before=bad_room, terminal_size=SMALL)


def test_users(snap_compare: Any, snap_url: str) -> None:
    async def users(pilot: Pilot[Any]) -> None:
        await log_in(pilot)
        pilot.app.open("users")  # type: ignore[attr-defined]
        await settle(pilot)

    assert snap_compare(app_for(snap_url), run_before=users, terminal_size=SMALL)


def test_find_by_code_after_three_scans(snap_compare: Any, snap_url: str) -> None:
    async def scans(pilot: Pilot[Any]) -> None:
        await log_in(pilot)
        pilot.app.open("find")  # type: ignore[attr-defined]
        await settle(pilot)
        scanner = pilot.app.screen.query_one("#scanner", Input)
        for code in ("T001", "实验楼-305", "NO-SUCH-TAG"):
            scanner.value = code
            await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(snap_url), run_before=scans, terminal_size=SMALL)
