"""Asset labels: the address a QR code carries, reading a scan back, the sheet of labels."""

from __future__ import annotations

import re

import segno

from houqin.core.assets import labels
from houqin.core.assets.service import create_asset
from houqin.core.errors import InvalidInput
from houqin.core.settings import set_setting
from tests.core.assets.conftest import asset


def _dark_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules an SVG from segno draws: its path is runs of ``h`` along rows."""
    path = re.search(r' d="([^"]+)"', svg)
    assert path is not None
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(x) + i, int(y)) for i in range(int(a))}
            x += float(a)
    return dark


def _dark_in(qr: segno.QRCode, border: int = 2) -> set[tuple[int, int]]:
    return {
        (col + border, row + border)
        for row, line in enumerate(qr.matrix)
        for col, module in enumerate(line)
        if module
    }


def test_asset_url_and_number_from_scan_read_each_other_back() -> None:
    url = labels.asset_url("https://houqin.example.cn/", "ZC 2024/01")
    assert url == "https://houqin.example.cn/a/ZC%202024%2F01"
    assert labels.number_from_scan(url) == "ZC 2024/01"
    assert labels.number_from_scan("  ZC-0001\n") == "ZC-0001"
    assert labels.number_from_scan("http://localhost:8000/a/ZC-0001/") == "ZC-0001"
    assert (
        labels.number_from_scan("https://example.cn/other/page") == "https://example.cn/other/page"
    )
    try:
        labels.number_from_scan("   ")
    except InvalidInput as exc:
        assert exc.errors[0].field == "code"
    else:
        raise AssertionError("an empty scan was accepted")


def test_label_sheet_has_one_qr_code_per_asset_carrying_its_address(
    school, houqin_operator
) -> None:
    with school.write(houqin_operator) as uow:
        set_setting(uow, "school.web_address", "https://houqin.example.cn/")
        create_asset(uow, asset())
        create_asset(uow, asset(number="ZC-0002", name="投影仪<4K>", room="102"))
        create_asset(uow, asset(number="ZC-0003", department="教务处", custodian="1002"))
    with school.read(houqin_operator) as uow:
        page = labels.label_sheet(uow, department="信息中心")
        room_102 = labels.label_sheet(uow, room="102")
    assert page.count("<svg") == 2 and "ZC-0003" not in page
    assert "投影仪&lt;4K&gt;" in page and "本部 教学楼 102" in page
    assert "示范学校" in page
    for number in ("ZC-0001", "ZC-0002"):
        url = f"https://houqin.example.cn/a/{number}"
        assert labels.qr_svg(url) in page
        assert _dark_modules(labels.qr_svg(url)) == _dark_in(segno.make(url, error="m"))
    assert room_102.count("<svg") == 1 and "ZC-0002" in room_102


def test_label_sheet_refuses_more_than_a_sheet_holds(school, houqin_operator, monkeypatch) -> None:
    with school.write(houqin_operator) as uow:
        for n in range(3):
            create_asset(uow, asset(number=f"ZC-{n:04d}"))
    monkeypatch.setattr(labels, "MAX_LABELS", 2)
    with school.read(houqin_operator) as uow:
        try:
            labels.label_sheet(uow)
        except InvalidInput as exc:
            assert "3 assets match, but one sheet prints at most 2 labels" in str(exc)
        else:
            raise AssertionError("a sheet over the cap was printed")
        assert labels.label_sheet(uow, search="nothing like this").count("<svg") == 0
