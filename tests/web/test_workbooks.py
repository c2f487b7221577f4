"""Every area's workbook through one set of pages: the asset register and the store here.

The organisation's own import has its tests in ``test_org_import.py``; these
show that the asset ledger and the store's workbook get the same preview, the
choices their import offers, and keeping the valid rows with a download of
the rest.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.web.conftest import Site, csrf_token, text

HEADINGS = [
    "资产编号",
    "资产名称",
    "资产分类代码",
    "数量",
    "单价",
    "取得日期",
    "使用部门",
    "存放地点",
]


def _book(rows: list[list[object]], sheet: str = "固定资产台账") -> bytes:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: object, url: str, data: bytes, name: str, **fields: str) -> object:
    form = {"workbook": (io.BytesIO(data), name), "csrf_token": csrf_token(client), **fields}  # type: ignore[arg-type]
    return client.post(url, data=form, content_type="multipart/form-data")  # type: ignore[attr-defined]


def _token(page: str) -> str:
    return page.split('name="token" value="')[1].split('"')[0]


LEDGER = [
    ["XX学校固定资产台账"],
    HEADINGS,
    ["ZC-1", "台式计算机", "A02010105", 1, "4,500.00", "2021.9.1", "总务处", "本部 教学楼 101"],
    ["ZC-2", "", "A02010105", 1, 4500, "2021-09-01", "总务处", "本部 教学楼 101"],
    ["ZC-3", "投影仪", "A02010105", 2, 3000, "2022年3月1日", "信息中心", "本部 教学楼 101"],
]


def test_the_menu_offers_each_workbook_in_its_area(site: Site) -> None:
    page = text(site.client_for("admin").get("/"))
    for url in ("/org/import", "/assets/import", "/stock/import"):
        assert f'href="{url}"' in page, url
    head = text(site.client_for("head").get("/"))
    assert 'href="/assets/import"' in head and 'href="/stock/import"' not in head
    assert 'href="/assets/import"' not in text(site.client_for("teacher").get("/"))


def test_an_asset_ledger_is_refused_whole_with_every_row_named(site: Site) -> None:
    client = site.client_for("head")
    response = _upload(client, "/assets/import", _book(LEDGER), "台账.xlsx")
    assert response.status_code == 400  # type: ignore[attr-defined]
    page = text(response)
    assert "Nothing was imported" in page
    assert ">4<" in page  # ZC-2's row, without a name
    assert "there is no department named 信息中心" in page
    assert "ZC-1" not in text(client.get("/assets/assets/"))


def test_keeping_the_valid_rows_imports_them_and_offers_the_rest(site: Site) -> None:
    client = site.client_for("head")
    preview = text(_upload(client, "/assets/import", _book(LEDGER), "台账.xlsx", keep_valid="yes"))
    assert 'data-preview="ok"' in preview
    assert "2 row(s) have problems and will be left out" in preview
    assert "ZC-1" not in text(client.get("/assets/assets/"))  # a preview writes nothing
    done = client.post(
        "/assets/import/confirm", data={"token": _token(preview), "csrf_token": csrf_token(client)}
    )
    page = text(done)
    assert 'data-preview="done"' in page
    assert "1 created, 0 changed" in page
    link = page.split('href="/assets/import/rejects/')[1].split('"')[0]
    rejects = load_workbook(io.BytesIO(client.get(f"/assets/import/rejects/{link}").data))
    reasons = [row[-1] for row in rejects.active.iter_rows(min_row=2, values_only=True)]
    assert len(reasons) == 2
    assert any("信息中心" in str(reason) for reason in reasons)
    listing = text(client.get("/assets/assets/"))
    assert "ZC-1" in listing and "ZC-3" not in listing
    assert site.client_for("admin").get(f"/assets/import/rejects/{link}").status_code == 404


def test_creating_missing_places_is_a_choice_kept_from_preview_to_import(site: Site) -> None:
    client = site.client_for("head")
    rows = [HEADINGS, LEDGER[4]]
    preview = text(
        _upload(client, "/assets/import", _book(rows), "台账.xlsx", create_missing="yes")
    )
    assert "Departments added (1): 信息中心" in preview
    client.post(
        "/assets/import/confirm", data={"token": _token(preview), "csrf_token": csrf_token(client)}
    )
    assert "ZC-3" in text(client.get("/assets/assets/?department=信息中心"))


def test_the_register_downloads_as_the_ledger_the_import_reads(site: Site) -> None:
    client = site.client_for("head")
    preview = text(_upload(client, "/assets/import", _book([HEADINGS, LEDGER[2]]), "a.xlsx"))
    client.post(
        "/assets/import/confirm", data={"token": _token(preview), "csrf_token": csrf_token(client)}
    )
    book = load_workbook(io.BytesIO(site.client_for("teacher").get("/assets/export.xlsx").data))
    values = [cell for row in book.active.iter_rows(values_only=True) for cell in row]
    assert "ZC-1" in values and "资产编号" in values


@pytest.mark.parametrize("who", ["teacher", "nobody"])
def test_only_those_who_manage_an_area_may_import_into_it(site: Site, who: str) -> None:
    assert site.client_for(who).get("/assets/import").status_code == 403
    assert site.client_for(who).get("/stock/import").status_code == 403


def test_an_unknown_workbook_is_not_found(site: Site) -> None:
    assert site.client_for("head").get("/nothing/import").status_code == 404


def test_the_store_workbook_previews_items_and_opening_stock(site: Site) -> None:
    book = Workbook()
    book.active.title = "仓库"
    book.active.append(["仓库名称", "校区"])
    book.active.append(["总务仓库", "本部"])
    items = book.create_sheet("物资")
    items.append(["物资名称", "计量单位", "类别"])
    items.append(["A4复印纸", "包", "办公用品"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = site.client_for("admin")
    preview = text(_upload(client, "/stock/import", buffer.getvalue(), "仓库.xlsx"))
    assert 'data-preview="ok"' in preview and ">仓库<" in preview and ">物资<" in preview
    client.post(
        "/stock/import/confirm", data={"token": _token(preview), "csrf_token": csrf_token(client)}
    )
    assert "A4复印纸" in text(client.get("/stock/stock_items/"))
