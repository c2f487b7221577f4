"""Demo, spreadsheet import/export and backup/restore through the command line."""

from __future__ import annotations

import openpyxl


def test_demo_creates_a_school_and_refuses_to_overwrite_it(houqin_cli) -> None:
    made = houqin_cli("demo", "--school-type", "kindergarten")
    assert made.exit_code == 0, made.output
    assert "系统管理员登录：admin /" in made.output
    assert "校区: 2" in made.output
    again = houqin_cli("demo", "--school-type", "university", lang="en")
    assert again.exit_code == 1
    assert "only created in an empty school" in again.output
    settings = houqin_cli("settings", "list", lang="en")
    assert "kindergarten" in settings.output and "阳光幼儿园" in settings.output
    users = houqin_cli("users", "list", lang="en")
    assert "admin" in users.output and "storekeeper" in users.output
    assert houqin_cli("audit", "verify").exit_code == 0


def test_org_import_reports_every_bad_row_then_imports_the_corrected_file(
    houqin_cli, tmp_path
) -> None:
    assert houqin_cli("init").exit_code == 0
    book = openpyxl.Workbook()
    campuses = book.active
    campuses.title = "校区"
    campuses.append(["某某小学组织机构表"])
    campuses.append(["校区名称", "地址"])
    campuses.append(["本部", "人民路1号"])
    buildings = book.create_sheet("楼宇")
    buildings.append(["校区", "楼宇名称", "层数"])
    buildings.append(["本部", "教学楼", "五"])
    buildings.append(["西区", "实验楼", "3"])
    path = tmp_path / "组织机构.xlsx"
    book.save(path)
    refused = houqin_cli("org", "import", str(path), lang="en")
    assert refused.exit_code == 1
    assert "sheet 楼宇, row 2" in refused.output and "row 3" in refused.output
    assert houqin_cli("org", "campuses", "list", lang="en").output.count("本部") == 0
    buildings["C2"] = "5"
    buildings["A3"] = "本部"
    book.save(path)
    dry = houqin_cli("org", "import", str(path), "--dry-run", lang="en")
    assert dry.exit_code == 0, dry.output
    assert "nothing written" in dry.output
    assert "本部" not in houqin_cli("org", "campuses", "list").output
    done = houqin_cli("org", "import", str(path))
    assert done.exit_code == 0, done.output
    listing = houqin_cli("org", "buildings", "list", lang="en")
    assert "教学楼" in listing.output and "实验楼" in listing.output
    exported = tmp_path / "导出.xlsx"
    assert houqin_cli("org", "export", str(exported)).exit_code == 0
    assert {"校区", "楼宇", "房间"} <= set(openpyxl.load_workbook(exported).sheetnames)


def test_backup_and_restore_bring_the_school_back(houqin_cli, tmp_path) -> None:
    assert houqin_cli("init").exit_code == 0
    assert houqin_cli("org", "campuses", "add", "--name", "本部").exit_code == 0
    backup = tmp_path / "2024-09-01.houqin"
    made = houqin_cli("backup", str(backup))
    assert made.exit_code == 0, made.output
    assert houqin_cli("org", "campuses", "add", "--name", "东校区").exit_code == 0
    restored = houqin_cli("restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    listing = houqin_cli("org", "campuses", "list", lang="en").output
    assert "本部" in listing and "东校区" not in listing
    assert houqin_cli("audit", "verify").exit_code == 0
    garbage = tmp_path / "not-a-backup.houqin"
    garbage.write_bytes(b"hello")
    refused = houqin_cli("restore", str(garbage), "--yes", lang="en")
    assert refused.exit_code == 1
    assert "Traceback" not in refused.output
    assert "本部" in houqin_cli("org", "campuses", "list").output
