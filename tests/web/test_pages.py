"""The dashboard, the menu and the pages every kind of object gets."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from houqin.core.org.model import RoomInput, RoomKind
from houqin.core.org.service import create_room
from tests.web.conftest import Site, csrf_token, text


def _menu(page: str) -> set[str]:
    return set(re.findall(r'data-menu="([^"]+)"', page))


def test_the_dashboard_shows_cards_alerts_and_panels_the_user_may_see(site: Site) -> None:
    page = text(site.client_for("head").get("/"))
    assert 'data-card="org.rooms"' in page
    assert 'href="/org/rooms/"' in page
    assert 'data-alert="org.people_without_department"' not in page  # 张伟 has one
    assert "实验小学" in page
    teacher = text(site.client_for("teacher").get("/"))
    assert 'data-panel="lostfound.waiting"' in teacher
    assert "0 items are waiting for their owners." in teacher
    assert 'data-panel="lostfound.waiting"' not in page  # the head holds no lostfound permission


def test_the_dashboard_of_someone_with_no_role_is_empty_but_there(site: Site) -> None:
    page = text(site.client_for("nobody").get("/"))
    assert "Nothing to show for your roles yet." in page
    assert _menu(page) == set()


def test_the_menu_lists_areas_kinds_and_links_by_permission(site: Site) -> None:
    admin = _menu(text(site.client_for("admin").get("/")))
    assert {
        "campuses",
        "rooms",
        "people",
        "classes",
        "lostfound_items",
        "lostfound.report",
    } <= admin
    assert {"users", "roles", "modules", "org.import"} <= admin
    teacher = _menu(text(site.client_for("teacher").get("/")))
    assert {"rooms", "lostfound_items", "lostfound.report"} <= teacher
    assert not {"users", "modules", "org.import"} & teacher


def test_a_list_searches_filters_counts_and_pages(site: Site) -> None:
    with site.school.write(site.operator) as uow:
        for number in range(102, 160):
            create_room(
                uow,
                RoomInput(
                    "本部",
                    "教学楼",
                    str(number),
                    kind=RoomKind.LAB if number % 2 else RoomKind.OFFICE,
                ),
            )
    client = site.client_for("teacher")
    first = text(client.get("/org/rooms/"))
    assert "59 in all" in first
    assert first.count("<tr>") == 51  # the heading and fifty rooms
    next_url = re.search(r'rel="next" href="([^"]+)"', first)
    assert next_url
    second = text(client.get(next_url.group(1).replace("&amp;", "&")))
    assert second.count("<tr>") == 10
    assert "First page" in second and 'rel="next"' not in second
    labs = text(client.get("/org/rooms/?kind=lab"))
    assert "29 in all" in labs
    assert 'value="lab" selected' in labs
    found = text(client.get("/org/rooms/?q=15"))
    assert "11 in all" in found  # 115 and 150 to 159
    campus = text(client.get("/org/rooms/?campus=本部&q=101"))
    assert "1 in all" in campus


def test_a_bad_filter_or_page_link_is_explained_not_an_error(site: Site) -> None:
    client = site.client_for("teacher")
    response = client.get("/org/rooms/?campus=火星")
    assert response.status_code == 200
    assert "there is no campus named 火星" in text(response)
    stale = client.get("/org/rooms/?after=garbage")
    assert "this page link is no longer valid" in text(stale)


def test_a_detail_page_shows_the_history_only_to_readers_of_the_log(site: Site) -> None:
    path = f"/org/rooms/{site.room_id}"
    head = text(site.client_for("head").get(path))
    assert "History" in head and "org.room.created" in head
    assert 'href="/org/rooms/1/edit"'.replace("1", str(site.room_id)) in head
    teacher = text(site.client_for("teacher").get(path))
    assert "教学楼 101" in teacher
    assert "History" not in teacher
    assert "/edit" not in teacher


def test_a_form_with_errors_comes_back_marked_then_saves(site: Site) -> None:
    client = site.client_for("head")
    assert "Area (m²)" in text(client.get("/org/rooms/new"))
    token = csrf_token(client)
    bad = client.post(
        "/org/rooms/new",
        data={
            "campus": "本部",
            "building": "没有这栋楼",
            "name": "",
            "kind": "lab",
            "area": "-3",
            "capacity": "lots",
            "csrf_token": token,
        },
    )
    assert bad.status_code == 400
    page = text(bad)
    assert "is required" in page
    assert "must be at least 0" in page
    assert "is not a whole number" in page
    assert 'value="没有这栋楼"' in page  # what was typed is kept
    assert 'value="lab" selected' in page
    assert text(bad).count('aria-invalid="true"') == 3
    missing = client.post(
        "/org/rooms/new",
        data={
            "campus": "本部",
            "building": "没有这栋楼",
            "name": "201",
            "kind": "lab",
            "csrf_token": token,
        },
    )
    assert "there is no building named 没有这栋楼 on this campus" in text(missing)
    good = client.post(
        "/org/rooms/new",
        data={
            "campus": "本部",
            "building": "教学楼",
            "name": "201",
            "kind": "lab",
            "area": "86.5",
            "csrf_token": token,
        },
    )
    assert good.status_code == 302
    detail = text(client.get(good.headers["Location"]))
    assert "Saved: 教学楼 201" in detail and "86.5" in detail and "Laboratory" in detail


def test_editing_starts_from_the_current_values(site: Site) -> None:
    client = site.client_for("head")
    path = f"/org/rooms/{site.room_id}/edit"
    form = text(client.get(path))
    assert 'value="101"' in form and 'value="教学楼"' in form
    response = client.post(
        path,
        data={
            "campus": "本部",
            "building": "教学楼",
            "name": "101A",
            "kind": "office",
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302
    assert "101A" in text(client.get(f"/org/rooms/{site.room_id}"))


def test_a_checkbox_left_unticked_means_no(site: Site) -> None:
    client = site.client_for("head")
    page = text(client.get("/org/people/"))
    person = re.search(r'href="/org/people/(\d+)"', page)
    assert person
    path = f"/org/people/{person.group(1)}/edit"
    assert 'name="active" id="f-active" value="true" checked' in text(client.get(path))
    client.post(path, data={"name": "张伟", "staff_no": "T001", "csrf_token": csrf_token(client)})
    assert 'value="true" checked' not in text(client.get(path))


def test_removing_asks_first_and_refuses_what_is_still_in_use(site: Site) -> None:
    client = site.client_for("head")
    token = csrf_token(client)
    campuses = text(client.get("/org/campuses/"))
    campus_id = re.search(r'href="/org/campuses/(\d+)"', campuses)
    assert campus_id
    ask = client.get(f"/org/campuses/{campus_id.group(1)}/delete")
    assert "Remove 本部 for good?" in text(ask)
    refused = client.post(f"/org/campuses/{campus_id.group(1)}/delete", data={"csrf_token": token})
    assert refused.status_code == 302
    assert "still in use" in text(client.get(refused.headers["Location"]))
    gone = client.post(f"/org/rooms/{site.room_id}/delete", data={"csrf_token": token})
    assert gone.headers["Location"] == "/org/rooms/"
    assert "Removed: 教学楼 101" in text(client.get("/org/rooms/"))
    assert client.get(f"/org/rooms/{site.room_id}").status_code == 404


def test_a_list_exports_to_a_workbook_as_filtered(site: Site) -> None:
    with site.school.write(site.operator) as uow:
        create_room(uow, RoomInput("本部", "教学楼", "102", kind=RoomKind.LAB))
    response = site.client_for("teacher").get("/org/rooms/export.xlsx?kind=lab")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Campus", "Building", "Room")
    assert rows[1:] == [("本部", "教学楼", "102", "Laboratory", None, None, None)]


def test_a_plugins_kind_gets_every_page_for_free(site: Site) -> None:
    client = site.client_for("teacher")
    token = csrf_token(client)
    bad = client.post(
        "/lostfound/lostfound_items/new",
        data={"tag": "7", "description": " ", "found_on": "2024-02-30", "csrf_token": token},
    )
    assert "is required" in text(bad) and "is not a real date" in text(bad)
    good = client.post(
        "/lostfound/lostfound_items/new",
        data={"tag": "7", "description": "蓝色水杯", "found_on": "2024-09-02", "csrf_token": token},
    )
    assert good.status_code == 302
    assert "LF-0007" in text(client.get("/lostfound/lostfound_items/"))
    assert "LF-0007" in text(client.get("/modules/lostfound/report"))


def test_pages_print_cleanly_and_fit_a_phone(site: Site) -> None:
    page = text(site.client_for("head").get("/org/rooms/"))
    assert 'media="print"' in page and 'name="viewport"' in page
    assert 'data-label="Building"' in page  # rows fold into labelled cards on a phone
    css = site.client().get("/static/houqin.css")
    assert b"max-width: 760px" in css.data and b"attr(data-label)" in css.data
    assert site.client().get("/static/print.css").status_code == 200
