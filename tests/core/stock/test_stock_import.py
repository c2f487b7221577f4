"""Import and export of the store: every error at once, nothing written; a faithful round trip."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from houqin.core.errors import InvalidInput
from houqin.core.org import model as om
from houqin.core.org import service as org
from houqin.core.school import School, init_school
from houqin.core.stock import balances
from houqin.core.stock import service as svc
from houqin.core.stock import tables as t
from houqin.core.stock.importer import export_stock, import_stock
from houqin.core.stock.model import StockLevelInput

from .helpers import approved, count, events, issue, receive


def _workbook(path, *, broken: bool):
    book = openpyxl.Workbook()
    suppliers = book.active
    suppliers.title = "供应商"
    suppliers.append(["供应商名称", "联系人", "联系电话"])
    suppliers.append(["宏达五金", "王建国", "13906718899"])
    stores = book.create_sheet("仓库")
    stores.append(["仓库名称", "校区", "备注"])
    stores.append(["总务仓库", "本部", ""])
    items = book.create_sheet("物资")
    items.append(["某某学校物资目录（2024年）"])
    items.append(
        ["物资编码", "物资名称", "规格型号", "计量单位", "类别", "最低库存", "目标库存", "供应商"]
    )
    items.append(["BG001", "A4复印纸", "70g", "包", "办公用品", 10, 30, "城南文具"])
    items.append(["SD001", "LED灯管", "T8 18W", "根", "水电维修材料", 20, 60, "宏达五金"])
    items.append(["SD002", "生料带", "", None if broken else "卷", "水电维修材料", 5, 20, None])
    items.append(
        ["SD001" if broken else "SD003", "开关面板", "86型", "个", "水电维修材料", 0, 0, None]
    )
    items.append(["合计", None, None, None, None, None, None, None])
    opening = book.create_sheet("期初库存")
    opening.append(["仓库", "物资编码", "数量", "单价", "金额", "批次", "入库日期"])
    opening.append(["总务仓库", "BG001", 40, 21.5, None, "2024-08", "2024-08-01"])
    opening.append(["总务仓库", "BG001", 10, 22, None, "2024-09", "2024.9.1"])
    opening.append(
        ["总务仓库", "SD001", -3 if broken else 30, "1,234.5" if broken else 16, None, "", None]
    )
    opening.append(["西区仓库" if broken else "总务仓库", "SD003", 12, 9, 108, "", "2024年8月1日"])
    opening.append(
        [
            "总务仓库",
            "ZZ999" if broken else "SD002",
            5,
            1.5,
            None,
            "",
            "2024-02-30" if broken else None,
        ]
    )
    opening.append(["制表人：张三", None, "审核人：李四"])
    book.save(path)
    return path


def _dump(school, actor):
    """Items, stock and value per store, as a reader sees them."""
    with school.read(actor) as uow:
        items = sorted(
            (i.code, i.name, i.spec, i.unit, i.category, i.minimum, i.target, i.supplier)
            for i in svc.list_items(uow, limit=500).items
        )
        stock = sorted(
            (b.store, b.code, b.on_hand, b.value, b.minimum, b.target, b.own_levels)
            for b in balances.list_balances(uow, limit=500).items
        )
    return items, stock


def test_every_bad_cell_is_reported_at_once_and_nothing_is_written(
    store, houqin_operator, tmp_path
):
    s = store
    before = events(s, houqin_operator)
    path = _workbook(tmp_path / "仓库.xlsx", broken=True)
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        import_stock(uow, path)
    found = [(e.sheet, e.row, e.field) for e in caught.value.errors]
    assert found == [
        ("物资", 5, "unit"),
        ("物资", 6, "code"),
        ("期初库存", 4, "quantity"),
        ("期初库存", 5, "store"),
        ("期初库存", 6, "received_on"),
    ]
    described = [e.describe() for e in caught.value.errors]
    assert described[0] == "sheet 物资, row 5, Unit: is required"
    assert "duplicates row 4" in described[1]
    assert "there is no store named 西区仓库" in described[3]
    assert "2024-02-30 is not a real date" in described[4]
    with s.read(houqin_operator) as uow:
        assert count(uow, t.stock_movement) == 0
        assert svc.list_items(uow, with_total=True).total == 2
    assert events(s, houqin_operator) == before


def test_an_unknown_item_in_the_opening_sheet_is_named(store, houqin_operator, tmp_path):
    path = _workbook(tmp_path / "仓库.xlsx", broken=False)
    book = openpyxl.load_workbook(path)
    book["期初库存"]["B6"] = "ZZ999"
    book.save(path)
    with pytest.raises(InvalidInput) as caught, store.write(houqin_operator) as uow:
        import_stock(uow, path)
    [error] = caught.value.errors
    assert (error.sheet, error.row, error.field) == ("期初库存", 6, "item")
    assert "no item with the code or name ZZ999" in error.describe()


def test_a_good_file_loads_and_loading_it_again_changes_nothing(store, houqin_operator, tmp_path):
    s = store
    path = _workbook(tmp_path / "仓库.xlsx", broken=False)
    with s.write(houqin_operator, dry_run=True) as uow:
        import_stock(uow, path)
    with s.read(houqin_operator) as uow:
        assert count(uow, t.stock_movement) == 0
    with s.write(houqin_operator) as uow:
        first = import_stock(uow, path)
    assert {name: (c.created, c.updated, c.unchanged) for name, c in first.sheets.items()} == {
        "供应商": (1, 0, 0),
        "仓库": (0, 0, 1),
        "物资": (3, 0, 1),
        "期初库存": (4, 0, 0),
    }
    with s.read(houqin_operator) as uow:
        paper = balances.list_balances(uow, item="BG001").items[0]
        switch = balances.list_balances(uow, item="SD003").items[0]
        assert balances.check_ledger(uow).ok
    assert (paper.on_hand, paper.value) == (50, Decimal("1080.00"))
    assert (switch.on_hand, switch.value) == (12, Decimal("108.00"))
    before = events(s, houqin_operator)
    with s.write(houqin_operator) as uow:
        again = import_stock(uow, path)
    assert again.created == 0 and again.updated == 0
    assert events(s, houqin_operator) == before


def test_opening_stock_is_loaded_once(store, houqin_operator, tmp_path):
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 5, "20")
    path = _workbook(tmp_path / "仓库.xlsx", broken=False)
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        import_stock(uow, path)
    [error] = caught.value.errors
    assert (error.sheet, error.row) == ("期初库存", 2)
    assert "already has stock on the books" in error.describe()


def test_export_then_import_into_an_empty_school_gives_the_same_store(
    store, houqin_operator, tmp_path
):
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 10, "20.00", batch="A")
        receive(uow, "BG001", 3, "3.3333", batch="B")  # 3 for 10.00: the value survives
        issue(uow, approved(uow, "BG001", 11))
        receive(uow, "JX001", 7, "4.10", store="东区仓库")
        balances.set_levels(uow, StockLevelInput("JX001", "总务仓库", minimum=2, target=9))
    path = tmp_path / "导出.xlsx"
    with s.read(houqin_operator) as uow:
        written = export_stock(uow, path)
    assert written.rows == {"供应商": 1, "仓库": 2, "物资": 2, "期初库存": 3}
    other = School.open(f"sqlite:///{tmp_path / 'new.sqlite3'}", plugins=[], require_schema=False)
    try:
        init_school(other, houqin_operator)
        with other.write(houqin_operator) as uow:
            for campus in ("本部", "东校区"):
                org.create_campus(uow, om.CampusInput(campus))
            import_stock(uow, path)
        assert _dump(other, houqin_operator) == _dump(s, houqin_operator)
    finally:
        other.engine.dispose()
