"""Importing the organisation from a workbook: every error previewed before anything is written."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.web.conftest import Site, csrf_token, text


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = {
    "校区": [["校区名称", "地址"], ["东校区", "东路1号"]],
    "楼宇": [["校区", "楼宇名称", "层数"], ["东校区", "实验楼", 4]],
    "房间": [["校区", "楼宇", "房间号", "类型"], ["东校区", "实验楼", "301", "实验室"]],
}
BAD = {
    "楼宇": [
        ["校区", "楼宇名称", "层数"],
        ["火星", "实验楼", 3],
        ["本部", "", 3],
        ["本部", "图书馆", "很多"],
    ],
    "房间": [["校区", "楼宇", "房间号", "面积"], ["本部", "教学楼", "102", -5]],
}


def _upload(client: object, data: bytes, name: str = "组织机构.xlsx") -> object:
    token = csrf_token(client)  # type: ignore[arg-type]
    return client.post(  # type: ignore[attr-defined]
        "/org/import",
        data={"workbook": (io.BytesIO(data), name), "csrf_token": token},
        content_type="multipart/form-data",
    )


def test_the_preview_lists_every_error_and_writes_nothing(site: Site) -> None:
    client = site.client_for("head")
    response = _upload(client, _workbook(BAD))
    assert response.status_code == 400
    page = text(response)
    assert 'data-preview="errors"' in page
    assert "4 problem(s)" in page
    for expected in (
        "there is no campus named 火星",
        "is not a whole number",
        "is required",
        "must be at least 0",
    ):
        assert expected in page, expected
    assert ">楼宇<" in page and ">房间<" in page and ">4<" in page
    assert "Import it" not in page
    assert "实验楼" not in text(client.get("/org/buildings/"))


def test_a_clean_preview_is_confirmed_then_imported(site: Site, tmp_path: Path) -> None:
    client = site.client_for("head")
    preview = text(_upload(client, _workbook(GOOD)))
    assert 'data-preview="ok"' in preview
    assert "nothing is saved yet" in preview
    assert "东校区" not in text(client.get("/org/campuses/"))
    token = preview.split('name="token" value="')[1].split('"')[0]
    stranger = site.client_for("admin")
    refused = stranger.post(
        "/org/import/confirm", data={"token": token, "csrf_token": csrf_token(stranger)}
    )
    assert "That preview has expired" in text(stranger.get(refused.headers["Location"]))
    done = client.post(
        "/org/import/confirm", data={"token": token, "csrf_token": csrf_token(client)}
    )
    assert done.status_code == 302
    assert "3 created, 0 changed" in text(client.get(done.headers["Location"]))
    assert "301" in text(client.get("/org/rooms/?campus=东校区"))
    again = client.post(
        "/org/import/confirm", data={"token": token, "csrf_token": csrf_token(client)}
    )
    assert "That preview has expired" in text(client.get(again.headers["Location"]))
    assert not any((tmp_path / "uploads").iterdir())  # the file is gone once used


def test_a_csv_sheet_is_named_after_its_file(site: Site) -> None:
    client = site.client_for("head")
    page = text(_upload(client, "校区名称,地址\n北校区,北路2号\n".encode(), "校区.csv"))
    assert 'data-preview="ok"' in page and "校区.csv" in page


def test_a_file_that_is_not_a_workbook_is_explained(site: Site) -> None:
    client = site.client_for("head")
    page = text(_upload(client, b"hello", "notes.txt"))
    assert "use an .xlsx, .xls, .ods or .csv file" in page
    empty = client.post("/org/import", data={"csrf_token": csrf_token(client)})
    assert "choose a file to import" in text(empty)


def test_the_organisation_exports_as_the_workbook_the_import_reads(site: Site) -> None:
    response = site.client_for("teacher").get("/org/export.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames[:3] == ["校区", "楼宇", "房间"]
    first_room = next(book["房间"].iter_rows(min_row=2, values_only=True))
    assert first_room[:3] == ("本部", "教学楼", "101")
