"""A list page as a busy site serves it: rows built in one go, choices and settings kept.

What a worker keeps between requests (a filter's choices, the school's name,
the idle limit, the menu) must follow every change at once, whoever made it:
these tests change the data behind the site's back, through the services as
another worker or the command line would, and look again.
"""

from __future__ import annotations

import html
import re
import time
from datetime import date
from decimal import Decimal

from houqin.core.assets.categories import create_category
from houqin.core.assets.model import AssetInput, CategoryInput
from houqin.core.assets.service import create_asset
from houqin.core.kinds import data_version
from houqin.core.org import users as core_users
from houqin.core.org.model import CampusInput, DepartmentInput
from houqin.core.org.service import create_campus, create_department
from houqin.core.settings import set_setting
from houqin.frontends.web.state import KeptData
from tests.web.conftest import Site, text


def _options(page: str, name: str) -> list[str]:
    found = re.search(rf'<select id="filter-{name}" name="{name}">(.*?)</select>', page, re.S)
    assert found, f"no filter {name}"
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def _asset(site: Site, number: str, name: str, category: str = "A02010105") -> int:
    with site.school.write(site.operator) as uow:
        return create_asset(
            uow,
            AssetInput(
                number=number,
                name=name,
                category=category,
                unit="台",
                unit_price=Decimal("4800"),
                acquired_on=date(2024, 9, 1),
                department="总务处",
                campus="本部",
                building="教学楼",
                room="101",
            ),
        ).id


def test_a_category_added_elsewhere_is_offered_by_the_next_page(site: Site) -> None:
    client = site.client_for("admin")
    before = _options(text(client.get("/assets/assets/")), "category")
    assert "A02010105" in before and "XS-01" not in before
    with site.school.write(site.operator) as uow:
        create_category(uow, CategoryInput(code="XS-01", name="校本教具", parent="A02010105"))
    after = _options(text(client.get("/assets/assets/")), "category")
    assert sorted(after) == sorted([*before, "XS-01"])


def test_campuses_and_departments_added_elsewhere_are_offered_at_once(site: Site) -> None:
    client = site.client_for("admin")
    page = text(client.get("/assets/assets/"))
    assert "东校区" not in _options(page, "campus")
    assert "教务处" not in _options(page, "department")
    with site.school.write(site.operator) as uow:
        create_campus(uow, CampusInput("东校区"))
        create_department(uow, DepartmentInput("教务处"))
    page = text(client.get("/assets/assets/"))
    assert "东校区" in _options(page, "campus")
    assert "教务处" in _options(page, "department")


def test_a_chosen_filter_stays_selected_and_choices_are_escaped(site: Site) -> None:
    with site.school.write(site.operator) as uow:
        create_department(uow, DepartmentInput('<b>"宿管"</b>'))
    client = site.client_for("admin")
    page = text(client.get("/assets/assets/?department=总务处&status=in_use"))
    assert '<option value="总务处" selected>总务处</option>' in page
    assert '<option value="in_use" selected>In use</option>' in page
    assert "<b>" not in page
    assert "&lt;b&gt;&#34;宿管&#34;&lt;/b&gt;" in page


def test_a_row_links_its_record_and_escapes_every_cell(site: Site) -> None:
    asset_id = _asset(site, "ZC-<1>", '<img src=x onerror="alert(1)">')
    client = site.client_for("admin")
    page = text(client.get("/assets/assets/"))
    assert "<img" not in page
    row = re.search(r"<tr><td data-label=\"Asset number\">(.*?)</tr>", page)
    assert row, page
    assert f'<a href="/assets/assets/{asset_id}">ZC-&lt;1&gt;</a>' in row.group(1)
    name = re.search(r'<td data-label="Asset name">([^<]*)</td>', row.group(1))
    assert name and '"' not in name.group(1)
    assert html.unescape(name.group(1)) == '<img src=x onerror="alert(1)">'
    assert '<td data-label="Unit price">4800.00</td>' in row.group(1)
    assert '<td data-label="Status">In use</td>' in row.group(1)
    assert client.get(f"/assets/assets/{asset_id}").status_code == 200


def test_the_school_name_follows_a_change_made_elsewhere(site: Site) -> None:
    client = site.client_for("admin")
    assert "实验小学" in text(client.get("/assets/assets/"))
    with site.school.write(site.operator) as uow:
        set_setting(uow, "school.name", "第二实验小学")
    assert "第二实验小学" in text(client.get("/assets/assets/"))


def test_a_shorter_idle_limit_applies_to_the_next_request(site: Site) -> None:
    client = site.client_for("head")
    assert client.get("/org/rooms/").status_code == 200  # the limit of 30 minutes is read
    with site.school.write(site.operator) as uow:
        set_setting(uow, "auth.session_idle_minutes", "10")
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 11 * 60
    response = client.get("/org/rooms/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_menu_follows_a_role_granted_elsewhere(site: Site) -> None:
    client = site.client_for("teacher")
    assert 'data-menu="users"' not in text(client.get("/"))
    with site.school.write(site.operator) as uow:
        core_users.grant_role(uow, "teacher", "admin")
    assert 'data-menu="users"' in text(client.get("/"))
    with site.school.write(site.operator) as uow:
        core_users.revoke_role(uow, "teacher", "admin")
    assert 'data-menu="users"' not in text(client.get("/"))


def test_kept_data_is_dropped_for_a_newer_version_and_never_kept_for_an_older(
    site: Site,
) -> None:
    kept = KeptData()
    school = site.school
    assert kept.get(school, 5, "name", lambda: "at five") == "at five"
    assert kept.get(school, 5, "name", lambda: "again") == "at five"
    assert kept.get(school, 6, "name", lambda: "at six") == "at six"
    # A request that read the version before the change works it out, and keeps nothing.
    assert kept.get(school, 5, "name", lambda: "late") == "late"
    assert kept.get(school, 6, "name", lambda: "again") == "at six"


def test_an_account_changed_elsewhere_shows_on_the_next_page(site: Site) -> None:
    client = site.client_for("head")
    assert '<html lang="en">' in text(client.get("/org/rooms/"))
    with site.school.write(site.operator) as uow:
        core_users.set_language(uow, "head", "zh_CN")
    assert '<html lang="zh-CN">' in text(client.get("/org/rooms/"))


def test_an_account_switched_off_elsewhere_is_logged_out_at_once(site: Site) -> None:
    client = site.client_for("head")
    assert client.get("/org/rooms/").status_code == 200
    with site.school.write(site.operator) as uow:
        core_users.set_active(uow, "head", False)
    response = client.get("/org/rooms/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_choices_read_in_each_readers_language(site: Site) -> None:
    with site.school.write(site.operator) as uow:
        core_users.set_language(uow, "head", "zh_CN")
    english = text(site.client_for("admin").get("/assets/assets/"))
    chinese = text(site.client_for("head").get("/assets/assets/"))
    assert '<option value="in_use">In use</option>' in english
    assert '<option value="in_use">在用</option>' in chinese
    assert '<option value="in_use">In use</option>' in text(
        site.client_for("admin").get("/assets/assets/?department=")
    )


def test_the_menu_marks_the_page_shown_in_the_readers_language(site: Site) -> None:
    with site.school.write(site.operator) as uow:
        core_users.set_language(uow, "head", "zh_CN")
    admin = site.client_for("admin")
    rooms = text(admin.get("/org/rooms/"))
    assert re.findall(r'data-menu="([^"]+)" aria-current="page"', rooms) == ["rooms"]
    assert '<a href="/org/rooms/" data-menu="rooms" aria-current="page">Rooms</a>' in rooms
    campuses = text(admin.get("/org/campuses/"))
    assert re.findall(r'data-menu="([^"]+)" aria-current="page"', campuses) == ["campuses"]
    head = text(site.client_for("head").get("/org/rooms/"))
    assert '<a href="/org/rooms/" data-menu="rooms" aria-current="page">房间</a>' in head


def test_the_data_version_moves_with_a_change_and_not_with_a_read(site: Site) -> None:
    def version() -> int:
        with site.school.engine.connect() as conn:
            return data_version(conn)

    before = version()
    assert site.client_for("admin").get("/assets/assets/").status_code == 200
    assert version() == before
    with site.school.write(site.operator) as uow:
        create_department(uow, DepartmentInput("基建处"))
    assert version() > before
