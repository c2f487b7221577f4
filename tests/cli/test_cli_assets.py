"""``houqin assets``: the register, categories, import and export, depreciation, exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "资产编号",
                "资产名称",
                "资产分类代码",
                "单价",
                "数量",
                "购置日期",
                "使用部门",
                "存放地点",
            ]
        )
        writer.writerows(rows)
    return path


def _school(houqin_cli) -> None:
    assert houqin_cli("init").exit_code == 0
    for args in (
        ("campuses", "add", "--name", "本部"),
        ("buildings", "add", "--campus", "本部", "--name", "教学楼"),
        ("rooms", "add", "--campus", "本部", "--building", "教学楼", "--name", "101"),
        ("departments", "add", "--name", "教务处"),
        ("people", "add", "--name", "李娜", "--staff-no", "1002", "--department", "教务处"),
    ):
        assert houqin_cli("org", *args).exit_code == 0


def test_register_an_asset_list_it_with_totals_change_and_remove_it(houqin_cli) -> None:
    _school(houqin_cli)
    added = houqin_cli(
        "assets", "add",
        "--number", "ZC-1", "--name", "台式计算机", "--category", "A02010105",
        "--unit-price", "4,800", "--quantity", "2", "--acquired-on", "2023年9月1日",
        "--department", "教务处", "--custodian", "1002",
        "--campus", "本部", "--building", "教学楼", "--room", "101",
        lang="en",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "Created asset ZC-1 台式计算机 (ID 1)." in added.output
    listed = houqin_cli("assets", "list", "--department", "教务处", lang="en")
    assert listed.exit_code == 0, listed.output
    assert "ZC-1" in listed.output and "本部 教学楼 101" in listed.output
    assert "Quantity 2, value ¥9,600.00" in listed.output
    shown = houqin_cli("assets", "show", "1", lang="en")
    assert "9600.00" in shown.output and "李娜" in shown.output
    edited = houqin_cli("assets", "edit", "1", "--status", "repairing", lang="en")
    assert edited.exit_code == 0, edited.output
    assert "Under repair" in houqin_cli("assets", "show", "1", lang="en").output
    refused = houqin_cli("assets", "edit", "1", "--room", "999", lang="en")
    assert refused.exit_code == 1
    assert "Room: 教学楼 has no room 999" in refused.output
    unknown = houqin_cli("assets", "list", "--campus", "西校区", lang="en")
    assert unknown.exit_code == 1 and "no campus named 西校区" in unknown.output
    assert houqin_cli("assets", "remove", "1").exit_code == 0
    assert "0 of 0" in houqin_cli("assets", "list", lang="en").output


def test_categories_list_and_add(houqin_cli) -> None:
    assert houqin_cli("init").exit_code == 0
    listed = houqin_cli("assets", "categories", "list", "--search", "计算机", lang="en")
    assert listed.exit_code == 0 and "A02010105" in listed.output and "72" in listed.output
    added = houqin_cli(
        "assets", "categories", "add",
        "--code", "XS-01", "--name", "学生课桌椅", "--parent", "A05010000",
        lang="en",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    found = houqin_cli("assets", "categories", "list", "--search", "XS-01", lang="en")
    assert "180" in found.output and "school" in found.output


def test_import_refuses_a_bad_ledger_whole_then_skips_or_loads_it(houqin_cli, tmp_path) -> None:
    _school(houqin_cli)
    ledger = _ledger(
        tmp_path / "台账.csv",
        [
            ["ZC-1", "电脑", "A02010105", "4,800.00", 1, "2023-09-01", "教务处", "本部 教学楼 101"],
            ["ZC-2", "", "A05010000", "300", 40, "2023-13-01", "总务处", "图书馆"],
            ["ZC-3", "椅子", "A05010000", "-3", 1, "2023/9/1", "教务处", "教学楼101"],
        ],
    )
    refused = houqin_cli("assets", "import", str(ledger), lang="en")
    assert refused.exit_code == 1
    for expected in (
        "row 3, Asset name: is required",
        "row 3, Acquired on",
        "row 3, Department: there is no department named 总务处",
        "row 3, Location: there is no place 图书馆",
        "row 4, Unit price: must be at least 0",
    ):
        assert expected in refused.output
    assert "0 of 0" in houqin_cli("assets", "list", lang="en").output

    rejects = tmp_path / "退回.xlsx"
    skipped = houqin_cli("assets", "import", str(ledger), "--skip-invalid", str(rejects), lang="en")
    assert skipped.exit_code == 0, skipped.output
    assert "2 row(s) refused" in skipped.output and str(rejects) in skipped.output
    sheet = openpyxl.load_workbook(rejects).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [3, 4]
    assert "1 of 1" in houqin_cli("assets", "list", lang="en").output

    dry = houqin_cli(
        "assets", "import", str(ledger), "--dry-run", "--skip-invalid", str(rejects), lang="en"
    )
    assert dry.exit_code == 0 and "nothing written" in dry.output

    nothing = _ledger(tmp_path / "全错.csv", [["ZC-9", "", "X", "1", 1, "2023-01-01", "", ""]])
    failed = houqin_cli("assets", "import", str(nothing), "--skip-invalid", str(rejects), lang="en")
    assert failed.exit_code == 1 and "Imported" not in failed.output


def test_import_with_create_missing_export_and_depreciation(houqin_cli, tmp_path) -> None:
    assert houqin_cli("init").exit_code == 0
    ledger = _ledger(
        tmp_path / "新学校.csv",
        [
            ["ZC-1", "电脑", "A02010105", "7,200.00", 1, "2024-03-15", "教务处", "本部/教学楼/101"],
            ["ZC-2", "图书", "A04000000", "900", 1, "2024-03-15", "图书馆", "本部/图书馆/书库"],
        ],
    )
    loaded = houqin_cli("assets", "import", str(ledger), "--create-missing", lang="en")
    assert loaded.exit_code == 0, loaded.output
    assert "Departments added (2): 教务处、图书馆" in loaded.output
    report = houqin_cli("assets", "depreciation", "--as-of", "2024-12-31", lang="en")
    assert report.exit_code == 0, report.output
    assert "Depreciation as of 2024-12-31" in report.output
    total = next(line for line in report.output.splitlines() if line.startswith("Total"))
    assert total.split()[1:] == ["2", "8100.00", "900.00", "7200.00", "100.00"]
    by_department = houqin_cli(
        "assets", "depreciation", "--by", "department", "--as-of", "2024-12-31"
    )
    assert "教务处" in by_department.output
    bad_day = houqin_cli("assets", "depreciation", "--as-of", "2024-02-30", lang="en")
    assert bad_day.exit_code == 1 and "not a real date" in bad_day.output
    exported = tmp_path / "导出.xlsx"
    written = houqin_cli("assets", "export", str(exported), "--department", "教务处", lang="en")
    assert written.exit_code == 0 and "1 assets written" in written.output
    headings = next(openpyxl.load_workbook(exported).active.iter_rows(values_only=True))
    assert headings[:3] == ("资产编号", "资产名称", "资产分类代码")
    wrong = houqin_cli("assets", "export", str(tmp_path / "导出.pdf"), lang="en")
    assert wrong.exit_code == 1 and ".xlsx or .csv" in wrong.output
