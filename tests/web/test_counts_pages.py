"""The counting pages: scanning with a plain form post, the room kept, the overview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from houqin.core.assets.model import AssetInput
from houqin.core.assets.service import register_assets
from houqin.core.counts.model import CountInput, CountPurpose
from houqin.core.counts.service import open_count
from tests.web.conftest import csrf_token, text


def _count(site) -> int:
    with site.school.write(site.operator) as uow:
        register_assets(
            uow,
            [
                AssetInput(
                    number=number,
                    name="课桌",
                    category="A02010105",
                    unit_price=Decimal("200"),
                    acquired_on=date(2023, 9, 1),
                    campus="本部",
                    building="教学楼",
                    room="101",
                )
                for number in ("ZC-0001", "ZC-0002", "ZC-0003")
            ],
        )
        return open_count(
            uow, CountInput(title="期末清点", purpose=CountPurpose.TERM_END, campus="本部")
        ).id


def test_scanning_with_a_plain_form_keeps_the_room(site) -> None:
    count_id = _count(site)
    client = site.client_for("admin")
    page = client.get(f"/counts/{count_id}/scan")
    assert page.status_code == 200
    assert 'id="f-code" name="code" autofocus' in text(page)
    assert "本部 教学楼 101" in text(page)
    token = csrf_token(client, f"/counts/{count_id}/scan")
    sent = client.post(
        f"/counts/{count_id}/scan",
        data={"csrf_token": token, "room": "教学楼 101", "code": "ZC-0001"},
    )
    assert sent.status_code == 200
    body = text(sent)
    assert 'data-outcome="found"' in body
    assert 'value="教学楼 101"' in body  # the room stays chosen
    again = client.post(
        f"/counts/{count_id}/scan",
        data={"csrf_token": token, "room": "教学楼 101", "code": "ZC-0001\nhttp://x/a/NOPE"},
    )
    body = text(again)
    assert 'data-outcome="duplicate"' in body and 'data-outcome="unknown"' in body
    assert 'data-tally="scanned">2 / 3' in body
    assert 'data-tally="left">2' in body
    refused = client.post(
        f"/counts/{count_id}/scan",
        data={"csrf_token": token, "room": "火星 9", "code": "ZC-0002"},
    )
    assert refused.status_code == 400
    assert "Room" in text(refused)
    overview = client.get(f"/counts/{count_id}/")
    assert overview.status_code == 200
    assert 'data-room="本部 教学楼 101"' in text(overview)


def test_the_menu_offers_scanning_to_those_who_count(site) -> None:
    count_id = _count(site)
    admin = site.client_for("admin")
    listed = admin.get("/counts/")
    assert f'data-count="{count_id}"' in text(listed)
    assert 'data-menu="counts.scan"' in text(admin.get("/"))
    teacher = site.client_for("teacher")
    assert 'data-menu="counts.scan"' not in text(teacher.get("/"))
    assert teacher.get(f"/counts/{count_id}/scan").status_code == 403
