"""``houqin counts`` end to end, on SQLite and PostgreSQL: open, scan, close, report, apply."""

from __future__ import annotations

from decimal import Decimal

import openpyxl

from houqin.core.access import operator_actor
from houqin.core.assets.service import register_assets
from houqin.core.org import model as om
from houqin.core.org import service as org
from houqin.core.school import School
from houqin.core.stock import ledger
from houqin.core.stock import service as stock
from houqin.core.stock.model import ItemInput, StockInInput, StoreInput
from tests.core.assets.conftest import asset


def _set_up(houqin_cli, houqin_database_url: str) -> None:
    assert houqin_cli("init").exit_code == 0
    school = School.open(houqin_database_url, plugins=[])
    try:
        with school.write(operator_actor()) as uow:
            org.create_campus(uow, om.CampusInput("本部"))
            org.create_building(uow, om.BuildingInput("本部", "教学楼"))
            for room in ("101", "102"):
                org.create_room(uow, om.RoomInput("本部", "教学楼", room))
            org.create_department(uow, om.DepartmentInput("信息中心"))
            register_assets(
                uow,
                [
                    asset(number=n, custodian=None, department=None)
                    for n in ("ZC-0001", "ZC-0002", "ZC-0003")
                ],
            )
            stock.create_store(uow, StoreInput("总务仓库", campus="本部"))
            stock.create_item(uow, ItemInput("粉笔", "盒", "教学耗材", code="JX001"))
            ledger.stock_in(uow, StockInInput("总务仓库", "JX001", 10, Decimal("3.50")))
    finally:
        school.engine.dispose()


def test_a_count_of_assets_scanned_from_standard_input(
    houqin_cli, houqin_database_url, tmp_path
) -> None:
    _set_up(houqin_cli, houqin_database_url)
    opened = houqin_cli(
        "counts",
        "open",
        "--title",
        "期末清点",
        "--purpose",
        "term_end",
        "--campus",
        "本部",
        lang="en",
    )
    assert opened.exit_code == 0, opened.output
    assert "3 expected" in opened.output
    scanned = houqin_cli(
        "counts",
        "scan",
        "1",
        "--room",
        "教学楼 101",
        "--file",
        "-",
        input="ZC-0001\nhttp://localhost:8000/a/ZC-0002\nZC-0001\nXX-9\n",
        lang="en",
    )
    assert scanned.exit_code == 0, scanned.output
    lines = scanned.output.splitlines()
    assert lines[0].startswith("✔ ZC-0001") and "Found" in lines[0]
    assert lines[1].startswith("✔ ZC-0002")
    assert "Already scanned" in lines[2]
    assert "Unknown tag" in lines[3]
    assert "3 of 3 scanned, 1 left" in scanned.output
    refused = houqin_cli("counts", "scan", "1", "--room", "火星", "ZC-0003", lang="en")
    assert refused.exit_code == 1
    assert "Room" in refused.output
    closed = houqin_cli("counts", "close", "1", lang="en")
    assert closed.exit_code == 0, closed.output
    assert "ZC-0003" in closed.output and "XX-9" in closed.output
    out = tmp_path / "report.xlsx"
    saved = houqin_cli("counts", "report", "1", "--out", str(out), lang="en")
    assert saved.exit_code == 0, saved.output
    book = openpyxl.load_workbook(out)
    assert "Missing (盘亏)" in book.sheetnames
    assert book["Missing (盘亏)"]["A2"].value == "ZC-0003"
    page = tmp_path / "report.html"
    assert houqin_cli("counts", "report", "1", "--out", str(page)).exit_code == 0
    assert "监盘人" in page.read_text(encoding="utf-8") or "Supervised by" in page.read_text(
        encoding="utf-8"
    )
    shown = houqin_cli("counts", "report", "1", lang="en")
    assert "Books match the shelves" in shown.output


def test_a_year_end_count_of_the_store_applied(houqin_cli, houqin_database_url) -> None:
    _set_up(houqin_cli, houqin_database_url)
    opened = houqin_cli(
        "counts",
        "open",
        "--title",
        "年终盘点",
        "--kind",
        "stock",
        "--purpose",
        "year_end",
        "--store",
        "总务仓库",
        lang="en",
    )
    assert opened.exit_code == 0, opened.output
    scanned = houqin_cli("counts", "scan", "1", "--quantity", "8", "JX001", lang="en")
    assert scanned.exit_code == 0, scanned.output
    assert "× 8" in scanned.output
    assert houqin_cli("counts", "close", "1").exit_code == 0
    applied = houqin_cli("counts", "apply", "1", lang="en")
    assert applied.exit_code == 0, applied.output
    assert "Applied" in applied.output
    listed = houqin_cli("counts", "list", "--status", "applied", lang="en")
    assert "年终盘点" in listed.output
    again = houqin_cli("counts", "apply", "1", lang="en")
    assert again.exit_code == 1
    assert "applied already" in again.output
