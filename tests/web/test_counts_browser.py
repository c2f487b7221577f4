"""Scanning three tags on a phone, in headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from houqin.core.access import operator_actor
from houqin.core.assets import tables as at
from houqin.core.counts.model import CountInput, CountPurpose
from houqin.core.counts.service import open_count
from houqin.core.demo import set_up_demo_school
from houqin.core.school import School
from houqin.frontends.web import WebConfig, create_app
from tests.web.conftest import SECRET
from tests.web.test_browser import browser  # noqa: F401  (the fixture)


@pytest.fixture
def counting(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The demo school with a count of the whole register open, served on a free port."""
    from waitress.server import create_server

    database = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    school = School.open(database, plugins=[], require_schema=False)
    demo = set_up_demo_school(school, operator_actor(), school_type="primary", name="实验小学")
    with school.write(operator_actor()) as uow:
        count = open_count(uow, CountInput(title="期末清点", purpose=CountPurpose.TERM_END))
        numbers = list(
            uow.conn.execute(
                sa.select(at.asset.c.number).order_by(at.asset.c.id).limit(2)
            ).scalars()
        )
    school.engine.dispose()
    app = create_app(
        WebConfig(
            secret_key=SECRET,
            database_url=database,
            plugins=[],
            web_plugins={},
            login_failure_delay=0,
            language="en",
            upload_dir=tmp_path / "uploads",
        )
    )
    server: Any = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield {
            "url": f"http://127.0.0.1:{server.effective_port}",
            "password": demo.admin_password,
            "count": count.id,
            "numbers": numbers,
        }
    finally:
        server.close()
        app.extensions["houqin_school"].close()


def test_scanning_three_tags_on_a_phone(browser: Any, counting: dict[str, Any]) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    problems: list[str] = []
    phone.on("pageerror", lambda e: problems.append(str(e)))
    url = counting["url"]
    phone.goto(f"{url}/login")
    phone.fill("#f-username", "admin")
    phone.fill("#f-password", counting["password"])
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{url}/")
    phone.goto(f"{url}/counts/{counting['count']}/scan")
    assert phone.evaluate("document.activeElement.id") == "f-room"  # chosen once, first
    room = phone.locator("#rooms option").first.get_attribute("value")
    phone.fill("#f-room", room)
    phone.locator("#f-room").press("Enter")  # on to the code, nothing sent yet
    assert phone.evaluate("document.activeElement.id") == "f-code"
    first, second = counting["numbers"]
    # A scanner types the tag and presses Enter; the third is a label's URL that is no asset.
    for code in (first, f"{url}/a/{second}", "NO-SUCH-TAG"):
        phone.locator("#f-code").fill(code)
        with phone.expect_navigation():
            phone.locator("#f-code").press("Enter")
        assert phone.evaluate("document.activeElement.id") == "f-code"
        assert phone.locator("#f-room").input_value() == room
    outcomes = phone.locator(".scan-recent li").all_inner_texts()
    assert len(outcomes) == 3
    assert "Unknown tag" in outcomes[0]
    assert second in outcomes[1] and first in outcomes[2]
    assert phone.locator('[data-tally="scanned"]').inner_text().startswith("3 /")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
    context.close()
