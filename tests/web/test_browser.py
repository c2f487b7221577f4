"""The site in a real browser: headless Chromium (Debian's) driven by Playwright.

The demo school is served by waitress on a free port of 127.0.0.1 in a thread
of the test process. Without Chromium these tests are skipped with a message
saying how to switch them on; under ``CI=true`` they must run and fail instead.
The run saves the dashboard's picture to ``docs/screenshots/dashboard.png``,
which the README shows.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from houqin.core.access import operator_actor
from houqin.core.demo import DemoSchool, set_up_demo_school
from houqin.core.school import School
from houqin.frontends.web import WebConfig, create_app
from tests.plugins import lostfound
from tests.plugins.lostfound import web as lostfound_web
from tests.web.conftest import SECRET

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SWITCH_ON = (
    "browser tests are off: install Debian's Chromium (apt-get install chromium) "
    "and Playwright for Python (pip install -e '.[dev]')"
)
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but Chromium is missing: {SWITCH_ON}")
        pytest.skip(SWITCH_ON)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(SWITCH_ON)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class LiveSite:
    def __init__(self, url: str, demo: DemoSchool) -> None:
        self.url = url
        self.demo = demo


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveSite]:
    from waitress.server import create_server

    database = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    school = School.open(database, plugins=[lostfound], require_schema=False)
    demo = set_up_demo_school(
        school, operator_actor(), school_type="boarding", name="育才寄宿制学校"
    )
    school.engine.dispose()
    app = create_app(
        WebConfig(
            secret_key=SECRET,
            database_url=database,
            plugins=[lostfound],
            web_plugins={"lostfound": lostfound_web},
            login_failure_delay=0,
            upload_dir=tmp_path / "uploads",
        )
    )
    server: Any = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield LiveSite(f"http://127.0.0.1:{server.effective_port}", demo)
    finally:
        server.close()
        app.extensions["houqin_school"].close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    problems: list[str] = []
    # A refused form comes back with status 400 or 401, which the console notes: not a problem.
    expected = ("status of 400", "status of 401")

    def console(message: Any) -> None:
        if message.type == "error" and not any(e in message.text for e in expected):
            problems.append(message.text)

    opened.on("console", console)
    opened.on("pageerror", lambda e: problems.append(str(e)))
    opened.problems = problems
    yield opened
    context.close()


def _log_in(page: Any, live: LiveSite, username: str = "admin", password: str = "") -> None:
    page.goto(f"{live.url}/")
    assert "/login" in page.url
    page.fill("#f-username", username)
    page.fill("#f-password", password or live.demo.admin_password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/")


def test_logging_in_and_finding_a_room(page: Any, live: LiveSite) -> None:
    page.goto(f"{live.url}/org/rooms/")
    assert "/login" in page.url
    page.fill("#f-username", "admin")
    page.fill("#f-password", "not the password")
    page.click("button[type=submit]")
    assert page.locator(".has-error #f-password").count() == 1
    page.fill("#f-password", live.demo.admin_password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/org/rooms/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.click('a[data-menu="buildings"]')
    page.wait_for_url(f"{live.url}/org/buildings/")
    page.locator("table.list tbody tr").first.wait_for()  # a loaded machine is slow to paint
    assert page.locator("table.list tbody tr").count() > 3
    page.locator("table.list tbody tr a").first.click()
    assert page.locator("dl.facts").is_visible()
    assert page.locator("section.history").is_visible()  # the administrator reads the log
    assert page.problems == []  # nothing broke, no script or style refused by the policy


def test_the_dashboard_and_its_picture(page: Any, live: LiveSite) -> None:
    _log_in(page, live)
    assert page.locator(".card").count() >= 3
    assert page.locator('[data-panel="lostfound.waiting"]').is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    assert (SCREENSHOTS / "dashboard.png").stat().st_size > 10_000
    assert page.problems == []


def test_a_form_with_an_error_then_correctly(page: Any, live: LiveSite) -> None:
    _log_in(page, live)
    page.goto(f"{live.url}/org/campuses/new")
    page.fill("#f-name", "")
    page.fill("#f-code", "X" * 30)
    page.click("form.form button[type=submit]")
    assert page.locator("#e-name").is_visible()
    assert page.locator("#e-code").is_visible()
    page.fill("#f-name", "西校区")
    page.fill("#f-code", "W")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{live.url}/org/campuses/*")
    assert page.locator(".flash-success").is_visible()
    assert page.locator("h1").inner_text().strip() == "西校区"


def test_switching_the_language(page: Any, live: LiveSite) -> None:
    _log_in(page, live)
    page.goto(f"{live.url}/account")
    page.click('button[name="language"][value="en"]')
    page.wait_for_url(f"{live.url}/account")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator('a[data-menu="rooms"]').inner_text() == "Rooms"
    page.click('button[name="language"][value="zh_CN"]')
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator('a[data-menu="rooms"]').inner_text() == "房间"


def test_a_phone_sees_cards_not_a_wide_table(browser: Any, live: LiveSite) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    _log_in(phone, live)
    phone.goto(f"{live.url}/org/rooms/")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not phone.locator("nav.menu").is_visible()
    phone.click("label.nav-button")
    assert phone.locator('a[data-menu="rooms"]').is_visible()
    height = phone.locator("label.nav-button").bounding_box()["height"]
    assert height >= 44  # a finger, not a mouse
    context.close()
