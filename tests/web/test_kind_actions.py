"""Kind actions and documents on the web, read-only kinds, and asset labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl

from houqin.core.assets.model import AssetInput
from houqin.core.assets.service import create_asset
from houqin.core.stock import ledger, requests
from houqin.core.stock import service as svc
from houqin.core.stock.model import ItemInput, RequestInput, StockInInput, StoreInput
from tests.plugins import lostfound
from tests.web.conftest import Site, csrf_token, text

REQUEST = "/stock/stock_requests/1"


def _store(site: Site) -> None:
    """总务仓库 with 20 packs of A4 paper, and a request for 8 from 总务处."""
    with site.school.write(site.operator) as uow:
        svc.create_store(uow, StoreInput("总务仓库", campus="本部"))
        svc.create_item(uow, ItemInput("A4复印纸", "包", "办公用品", "70g", "BG001"))
        ledger.stock_in(uow, StockInInput("总务仓库", "BG001", 20, Decimal("21.50")))
        requests.create_request(uow, RequestInput("总务仓库", "BG001", 8, "总务处"))


def _actions(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split('data-action="')[1:]]


def test_a_detail_page_offers_the_actions_the_user_may_take_on_the_object_as_it_is(
    site: Site,
) -> None:
    _store(site)
    assert _actions(text(site.client_for("head").get(REQUEST))) == ["approve", "reject"]
    assert _actions(text(site.client_for("admin").get(REQUEST))) == ["approve", "reject"]
    assert _actions(text(site.client_for("teacher").get(REQUEST))) == []
    with site.school.write(site.operator) as uow:
        requests.reject_request(uow, 1, requests.DecisionNote("不需要"))
    assert _actions(text(site.client_for("admin").get(REQUEST))) == []
    refused = site.client_for("admin").get(f"{REQUEST}/do/approve")
    assert refused.status_code == 302 and refused.location.endswith(REQUEST)
    assert site.client_for("teacher").get(f"{REQUEST}/do/approve").status_code == 403
    assert site.client_for("admin").get(f"{REQUEST}/do/no_such").status_code == 404


def test_an_action_form_starts_from_its_prefill_marks_refused_fields_then_runs(site: Site) -> None:
    _store(site)
    client = site.client_for("head")
    form = text(client.get(f"{REQUEST}/do/approve"))
    assert 'name="quantity" id="f-quantity" value="8"' in form
    token = csrf_token(client)
    bad = client.post(f"{REQUEST}/do/approve", data={"quantity": "abc", "csrf_token": token})
    assert bad.status_code == 400
    assert '<p class="error" id="e-quantity">' in text(bad)
    assert "is not a whole number" in text(bad)
    too_many = client.post(f"{REQUEST}/do/approve", data={"quantity": "9", "csrf_token": token})
    assert too_many.status_code == 400
    assert "at most the 8 asked for can be approved" in text(too_many)
    done = client.post(f"{REQUEST}/do/approve", data={"quantity": "6", "csrf_token": token})
    assert done.status_code == 302 and done.location.endswith(REQUEST)
    page = text(client.get(REQUEST))
    assert "Done: Approve" in page and "Approved" in page
    admin = site.client_for("admin")
    assert _actions(text(admin.get(REQUEST))) == ["issue", "close"]
    issued = admin.post(
        f"{REQUEST}/do/issue",
        data={"recipient": "王芳", "csrf_token": csrf_token(admin)},
    )
    assert issued.status_code == 302 and "/stock/stock_movements/" in issued.location
    movement = text(admin.get(issued.location))
    assert "Issue #2: A4复印纸 70g -6 包, 总务仓库" in movement and "王芳" in movement


def test_kind_level_actions_sit_on_the_list_page(site: Site) -> None:
    _store(site)
    keeper = site.client_for("admin")
    listing = text(keeper.get("/stock/stock_balances/"))
    assert _actions(listing) == ["stock_in", "adjust", "transfer"]
    assert _actions(text(site.client_for("teacher").get("/stock/stock_balances/"))) == []
    token = csrf_token(keeper)
    missing = keeper.post(
        "/stock/stock_balances/do/stock_in",
        data={"store": "总务仓库", "item": "BG001", "quantity": "", "csrf_token": token},
    )
    assert missing.status_code == 400 and '<p class="error" id="e-quantity">' in text(missing)
    assert '<p class="error" id="e-unit_cost">' in text(missing)
    received = keeper.post(
        "/stock/stock_balances/do/stock_in",
        data={
            "store": "总务仓库",
            "item": "BG001",
            "quantity": "5",
            "unit_cost": "20",
            "csrf_token": token,
        },
    )
    assert received.status_code == 302 and received.location.endswith("/stock/stock_movements/2")
    assert "Done: Stock in" in text(keeper.get(received.location))


def test_a_read_only_kind_has_no_new_edit_or_remove(site: Site) -> None:
    _store(site)
    client = site.client_for("admin")
    listing = text(client.get("/stock/stock_movements/"))
    assert "/stock/stock_movements/new" not in listing and "1 in all" in listing
    detail = text(client.get("/stock/stock_movements/1"))
    assert "/edit" not in detail and "/delete" not in detail
    for path in ("/new", "/1/edit", "/1/delete"):
        assert client.get(f"/stock/stock_movements{path}").status_code == 404
    token = csrf_token(client)
    assert (
        client.post("/stock/stock_movements/1/delete", data={"csrf_token": token}).status_code
        == 404
    )


def test_a_document_asks_for_its_parameters_then_prints_or_downloads(site: Site) -> None:
    _store(site)
    client = site.client_for("head")
    listing = text(client.get("/stock/stock_balances/"))
    assert 'data-document="materials_ledger"' in listing
    url = "/stock/stock_balances/print/materials_ledger"
    form = text(client.get(url))
    assert 'method="get"' in form and 'name="month"' in form
    bad = client.get(f"{url}?show=1&month=2024-13")
    assert bad.status_code == 400 and "is not a month" in text(bad)
    month = date.today().strftime("%Y-%m")
    printed = client.get(f"{url}?show=1&month={month}")
    assert printed.status_code == 200
    page = text(printed)
    assert f"Materials ledger {month}" in page and "430.00" in page and "size: A4" in page
    policy = printed.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert (
        "style-src 'self'"
        in client.get("/stock/stock_balances/").headers["Content-Security-Policy"]
    )
    workbook = client.get(f"{url}?show=1&month={month}&format=xlsx")
    assert workbook.mimetype.endswith("spreadsheetml.sheet")
    rows = list(openpyxl.load_workbook(BytesIO(workbook.data)).worksheets[0].values)
    assert rows[-1][-1] == 430


def test_a_plugins_kind_gets_its_action_and_document_for_free(site: Site) -> None:
    with site.school.write(site.operator) as uow:
        found = lostfound.create_item(
            uow, lostfound.FoundItem(lostfound.TagNumber("LF-0007"), "校服外套", date(2024, 9, 3))
        )
    client = site.client_for("teacher")
    path = f"/lostfound/lostfound_items/{found.id}"
    detail = text(client.get(path))
    assert _actions(detail) == ["hand_back"] and 'data-document="receipt"' not in detail
    token = csrf_token(client)
    early = client.post(
        f"{path}/do/hand_back",
        data={"owner": "李明", "handed_on": "2024-09-01", "csrf_token": token},
    )
    assert early.status_code == 400
    assert "must not be before the day it was found" in text(early)
    done = client.post(f"{path}/do/hand_back", data={"owner": "李明", "csrf_token": token})
    assert done.status_code == 302 and done.location.endswith(path)
    detail = text(client.get(path))
    assert _actions(detail) == [] and 'data-document="receipt"' in detail and "李明" in detail
    receipt = client.get(f"{path}/print/receipt")
    assert receipt.status_code == 200 and "Receipt for a found item" in text(receipt)
    assert "李明" in text(receipt)
    sheet = client.get(f"{path}/print/receipt?format=xlsx")
    assert openpyxl.load_workbook(BytesIO(sheet.data)).sheetnames[0] == "Receipt for a found item"


def _assets(site: Site) -> list[int]:
    with site.school.write(site.operator) as uow:
        return [
            create_asset(
                uow,
                AssetInput(
                    number=number,
                    name=name,
                    category="A02010105",
                    unit="台",
                    unit_price=Decimal("4800"),
                    acquired_on=date(2024, 9, 1),
                    department="总务处",
                    campus="本部",
                    building="教学楼",
                    room=room,
                ),
            ).id
            for number, name, room in (
                ("ZC-0001", "台式计算机", "101"),
                ("ZC-0002", "投影仪", None),
            )
        ]


def test_a_scanned_label_leads_to_its_asset_after_the_login(site: Site) -> None:
    first, _second = _assets(site)
    anonymous = site.client().get("/a/ZC-0001")
    assert anonymous.status_code == 302 and "/login" in anonymous.location
    assert "next=" in anonymous.location
    found = site.client_for("admin").get("/a/ZC-0001")
    assert found.status_code == 302 and found.location.endswith(f"/assets/assets/{first}")
    assert site.client_for("admin").get("/a/ZC-9999").status_code == 404


def test_the_asset_list_prints_labels_for_its_filters(site: Site) -> None:
    _assets(site)
    client = site.client_for("admin")
    listing = text(client.get("/assets/assets/?room=101"))
    assert 'href="/assets/labels?room=101"' in listing
    summary = text(client.get("/assets/labels?room=101"))
    assert "1 labels" in summary and "show=1" in summary
    sheet = client.get("/assets/labels?room=101&show=1")
    assert (
        sheet.status_code == 200
        and "default-src 'none'" in sheet.headers["Content-Security-Policy"]
    )
    assert text(sheet).count("<svg") == 1 and "ZC-0001" in text(sheet)
    everything = text(client.get("/assets/labels?show=1"))
    assert everything.count("<svg") == 2 and "ZC-0002" in everything
    unknown = client.get("/assets/labels?room=999")
    assert unknown.status_code == 400 and "there is no room 999" in text(unknown)
    assert site.client_for("nobody").get("/assets/labels").status_code == 403
