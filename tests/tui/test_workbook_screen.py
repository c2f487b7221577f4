"""An area's workbook in the terminal: check, see every problem, import, export."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from textual.widgets import Button, Checkbox, DataTable, Input, Label

from houqin.core.access import operator_actor
from houqin.core.assets.service import list_assets
from houqin.frontends.tui.screens.workbook import WorkbookScreen
from tests.tui.conftest import MakeApp, log_in, settle

HEADINGS = ["资产编号", "资产名称", "资产分类代码", "数量", "单价", "取得日期", "使用部门"]


def _ledger(path: Path, *rows: list[object]) -> Path:
    book = Workbook()
    book.active.title = "台账"
    book.active.append(HEADINGS)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_bad_ledger_is_listed_row_by_row_and_nothing_is_kept(
    make_tui: MakeApp, tmp_path: Path
) -> None:
    bad = _ledger(
        tmp_path / "bad.xlsx",
        ["ZC-1", "台式计算机", "A02010105", 1, 4500, "2021-09-01", "总务处"],
        ["ZC-2", "", "A02010105", 1, 4500, "2021-09-01", "后勤处"],
    )
    app = make_tui()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        assert any(e.target == "workbook:assets" for e in app.navigation())
        app.open("workbook:assets")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkbookScreen)
        screen.query_one("#path", Input).value = str(bad)
        screen.check()
        await settle(pilot)
        rows = _cells(screen.query_one("#outcome", DataTable))
        assert [r[1] for r in rows] == ["3", "3"]  # both problems are on row 3
        assert any("后勤处" in r[3] for r in rows)
        assert "2 problem(s)" in str(screen.query_one("#verdict", Label).render())
        assert screen.query_one("#import", Button).disabled
    with app.school.read(operator_actor()) as uow:
        assert list_assets(uow).items == []


async def test_a_checked_ledger_imports_keeping_the_valid_rows_then_exports(
    make_tui: MakeApp, tmp_path: Path
) -> None:
    ledger = _ledger(
        tmp_path / "ledger.xlsx",
        ["ZC-1", "台式计算机", "A02010105", 1, 4500, "2021-09-01", "总务处"],
        ["ZC-2", "", "A02010105", 1, 4500, "2021-09-01", "总务处"],
    )
    app = make_tui()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot)
        app.open("workbook:assets")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkbookScreen)
        screen.query_one("#path", Input).value = str(ledger)
        screen.query_one("#keep_valid", Checkbox).value = True
        await settle(pilot)
        screen.check()
        await settle(pilot)
        assert not screen.query_one("#import", Button).disabled
        with app.school.read(operator_actor()) as uow:
            assert list_assets(uow).items == []  # the check wrote nothing
        screen.import_file()
        await settle(pilot)
        assert "1 created" in str(screen.query_one("#verdict", Label).render())
        rejects = tmp_path / "ledger-rejects.xlsx"
        assert rejects.exists()
        reasons = [r[-1] for r in load_workbook(rejects).active.iter_rows(values_only=True)]
        assert len(reasons) == 2  # the heading and ZC-2
        exported = tmp_path / "out.xlsx"
        screen.query_one("#export-path", Input).value = str(exported)
        screen.export()
        await settle(pilot)
        cells = [c for r in load_workbook(exported).active.iter_rows(values_only=True) for c in r]
        assert "ZC-1" in cells and "ZC-2" not in cells
    with app.school.read(operator_actor()) as uow:
        assert [a.number for a in list_assets(uow).items] == ["ZC-1"]


async def test_a_teacher_has_no_import(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "lihua")
        assert not any((e.target or "").startswith("workbook:") for e in app.navigation())
