"""Importing finance ledgers as they really come, and exporting the register back."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.assets import service
from houqin.core.assets import tables as t
from houqin.core.assets.categories import CategoryIndex
from houqin.core.assets.importer import export_assets, import_assets
from houqin.core.assets.model import AssetStatus, CustomFields
from houqin.core.errors import InvalidInput
from houqin.core.school import School, init_school

from .conftest import asset

HEADINGS = [
    "序号",
    "资产编号",
    "资产名称",
    "分类代码",
    "分类名称",
    "规格型号",
    "计量单位",
    "数量",
    "单价（元）",
    "金额",
    "取得方式",
    "购置日期",
    "使用部门",
    "保管人",
    "存放地点",
    "使用状况",
    "累计折旧",
    "备注",
]

# The ledger as the finance system printed it; every date in a different form.
ROWS = [
    [
        1,
        "ZC2019001",
        "台式计算机",
        "A02010105",
        "台式计算机",
        "联想 i5",
        "台",
        1,
        "4,800.00",
        "4,800.00",
        "购置",
        datetime(2019, 9, 1),
        "信息中心",
        "1003",
        "本部 教学楼 101",
        "在用",
        "2,400.00",
        None,
    ],
    [
        2,
        "ZC2019002",
        "学生课桌椅",
        "A05010000",
        "家具",
        "单人",
        "套",
        "45",
        "300",
        "¥13,500.00",
        "新购",
        "2019.9.1",
        "教务处",
        "李娜",
        "教学楼102",
        "正常使用",
        "-",
        None,
    ],
    [
        3,
        "ZC2019003",
        "讲台",
        None,
        "家具",
        None,
        "张",
        1,
        800,
        None,
        "捐赠",
        "2019年9月1日",
        None,
        "李娜",
        "教学楼102",
        "闲置",
        None,
        "校友捐赠",
    ],
    [
        4,
        "ZC2020004",
        "空调",
        "A02061804",
        "空调机",
        "1.5匹",
        "台",
        2,
        "3,100.00",
        "6,200.00",
        "购置",
        "2020/09/01",
        "总务处",
        "张伟",
        "总务处",
        "维修中",
        None,
        None,
    ],
    [
        5,
        "ZC2020005",
        "图书",
        "A04000000",
        "图书和档案",
        None,
        "批",
        1,
        None,
        "1 200",
        "调入",
        "20200901",
        "教务处",
        None,
        "东校区/教学楼/101",
        "在用",
        None,
        None,
    ],
    [
        6,
        "ZC2021006",
        "激光打印机",
        "A02021000",
        "打印机",
        "A4",
        "台",
        1,
        1999.5,
        1999.5,
        "购置",
        44440,
        "信息中心",
        "张伟",
        "本部/行政楼/仓库",
        "在用",
        None,
        None,
    ],
    [
        7,
        "ZC2021007",
        "笔记本电脑",
        "A02010108",
        "便携式计算机",
        None,
        "台",
        1,
        "6,000",
        "6,000.00",
        "购置",
        "2021-09-01 00:00:00",
        "信息中心",
        "1004",
        None,
        "借出",
        "0.00",
        None,
    ],
]
TOTAL_QUANTITY = 52
TOTAL_VALUE = "¥33,699.50"  # the 金额 column: row 3 gives only its unit price


def _ledger(
    path: Path,
    rows=ROWS,
    *,
    totals=(TOTAL_QUANTITY, TOTAL_VALUE),
    headings=HEADINGS,
    merged=None,
) -> Path:
    """A ledger with title rows, merged cells, a totals row, signatures and a note."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "固定资产明细账"
    sheet.append(["某某市实验小学固定资产明细账"])
    sheet.append(["单位：实验小学", None, None, None, "截止日期：2024年6月30日"])
    sheet.append([])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    if totals is not None:
        sheet.append(["合计", None, None, None, None, None, None, *totals[:1], None, *totals[1:]])
    sheet.append([])
    sheet.append(
        ["制表人：赵会计", None, None, None, "审核人：钱主任", None, None, "负责人：孙校长"]
    )
    sheet.append(["注：金额单位为元"])
    merged = rows is ROWS if merged is None else merged
    sheet.merge_cells(f"A1:{openpyxl.utils.get_column_letter(len(headings))}1")
    if merged:
        sheet.merge_cells("M6:M7")  # 教务处 written once for rows 2 and 3
    book.save(path)
    return path


def _numbers(school, actor):
    with school.read(actor) as uow:
        return {a.number: a for a in service.list_assets(uow, limit=500).items}


def _events(school, actor):
    with school.read(actor) as uow:
        report = audit.verify_chain(uow.conn)
    assert report.ok
    return report.events


def test_a_messy_finance_ledger_imports_as_a_person_reads_it(
    school, houqin_operator, tmp_path, xlsx_reader
):
    path = _ledger(tmp_path / "固定资产明细账.xlsx")
    with school.write(houqin_operator) as uow:
        report = import_assets(uow, path, depreciation_as_of=date(2024, 6, 30))
        heard = [e.action for e in uow.events]
    assert (report.sheet, report.rows, report.created, report.totals_checked) == (
        "固定资产明细账",
        7,
        7,
        1,
    )
    assert heard == ["assets.imported"]
    found = _numbers(school, houqin_operator)
    assert set(found) == {r[1] for r in ROWS}
    pc = found["ZC2019001"]
    assert (pc.acquired_on, pc.value, pc.custodian, pc.location) == (
        date(2019, 9, 1),
        Decimal("4800.00"),
        "王芳",
        "本部 教学楼 101",
    )
    assert (pc.accumulated_depreciation, pc.depreciation_as_of) == (
        Decimal("2400.00"),
        date(2024, 6, 30),
    )
    desks = found["ZC2019002"]
    assert (desks.quantity, desks.unit_price, desks.value) == (
        45,
        Decimal("300.00"),
        Decimal("13500.00"),
    )
    assert desks.accumulated_depreciation is None  # "-" means none
    lectern = found["ZC2019003"]
    assert lectern.department == "教务处"  # from the merged cell
    assert (lectern.category, lectern.value, lectern.notes) == (
        "A05010000",
        Decimal("800.00"),
        "校友捐赠",
    )
    assert lectern.status is AssetStatus.IDLE and lectern.acquired_by.value == "donation"
    assert found["ZC2020004"].status is AssetStatus.REPAIRING
    assert found["ZC2020004"].location == "本部 行政楼 总务处"
    books = found["ZC2020005"]
    assert (books.acquired_on, books.value, books.location) == (
        date(2020, 9, 1),
        Decimal("1200.00"),
        "东校区 教学楼 101",
    )
    assert books.acquired_by.value == "transfer_in"
    assert found["ZC2021006"].acquired_on == date(2021, 9, 1)  # an Excel date kept as a number
    assert found["ZC2021006"].unit_price == Decimal("1999.50")
    laptop = found["ZC2021007"]
    assert (laptop.acquired_on, laptop.custodian_no, laptop.location) == (
        date(2021, 9, 1),
        "1004",
        "",
    )
    assert laptop.status is AssetStatus.LENT
    assert _events(school, houqin_operator) >= 8


def test_a_totals_row_that_disagrees_refuses_the_file(
    school, houqin_operator, tmp_path, xlsx_reader
):
    path = _ledger(tmp_path / "短了一行.xlsx", totals=(TOTAL_QUANTITY, "34,699.50"))
    events = _events(school, houqin_operator)
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        import_assets(uow, path, skip_invalid=True, rejects=tmp_path / "r.xlsx")
    (error,) = caught.value.errors
    assert (error.row, error.field) == (12, "value")
    assert "34,699.50" in str(error.message) and "33,699.50" in str(error.message)
    assert _numbers(school, houqin_operator) == {}
    assert _events(school, houqin_operator) == events


BAD_ROWS = [
    [
        1,
        "B001",
        None,
        "A02010105",
        None,
        None,
        "台",
        1,
        100,
        None,
        "购置",
        "2020-01-01",
        None,
        None,
        None,
        "在用",
        None,
        None,
    ],
    [
        2,
        "B002",
        "椅子",
        "A05010000",
        None,
        None,
        "把",
        1,
        100,
        None,
        "购置",
        "2023-02-30",
        None,
        None,
        None,
        "在用",
        None,
        None,
    ],
    [
        3,
        "B002",
        "椅子",
        "A05010000",
        None,
        None,
        "把",
        1,
        "-100",
        None,
        "购置",
        "2023-02-01",
        None,
        None,
        None,
        "在用",
        None,
        None,
    ],
    [
        4,
        "B004",
        "柜子",
        "A05010000",
        None,
        None,
        "个",
        1,
        "十元",
        None,
        "购置",
        "2023-02-01",
        "后勤处",
        None,
        "图书馆 301",
        "在用",
        None,
        None,
    ],
    [
        5,
        "B005",
        "电脑",
        "A09999999",
        None,
        None,
        "台",
        "两",
        4800,
        None,
        "买的",
        "2023-02-01",
        None,
        "赵六",
        None,
        "很好",
        None,
        None,
    ],
    [
        6,
        "B006",
        "投影仪",
        "A02020200",
        None,
        None,
        "台",
        1,
        5200,
        None,
        "购置",
        "2023-03-01",
        "教务处",
        "李娜",
        "本部 教学楼 101",
        "在用",
        None,
        None,
    ],
]


def test_every_problem_of_a_bad_ledger_is_reported_at_once_and_nothing_written(
    school, houqin_operator, tmp_path
):
    path = _ledger(tmp_path / "有错.xlsx", BAD_ROWS, totals=None)
    events = _events(school, houqin_operator)
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        import_assets(uow, path)
    found = sorted((e.row, e.field) for e in caught.value.errors)
    assert found == [
        (5, "name"),
        (6, "acquired_on"),
        (7, "number"),
        (7, "unit_price"),
        (8, "department"),
        (8, "location"),
        (8, "unit_price"),
        (9, "acquired_by"),
        (9, "category"),
        (9, "custodian"),
        (9, "quantity"),
        (9, "status"),
    ]
    messages = {(e.row, e.field): str(e.message) for e in caught.value.errors}
    assert "not a real date" in messages[(6, "acquired_on")]
    assert messages[(7, "number")] == "duplicates row 6"
    assert messages[(7, "unit_price")] == "must be at least 0"
    assert "not a number" in messages[(8, "unit_price")]
    assert "no department named 后勤处" in messages[(8, "department")]
    assert "no place 图书馆 301" in messages[(8, "location")]
    described = [e.describe() for e in caught.value.errors]
    assert (
        "sheet 固定资产明细账, row 8, Location: "
        "there is no place 图书馆 301 (campus, building or room)" in described
    )
    assert all(e.sheet == "固定资产明细账" for e in caught.value.errors)
    assert _numbers(school, houqin_operator) == {}
    assert _events(school, houqin_operator) == events


def test_the_names_and_category_of_a_row_are_checked_once_its_format_is_right(
    school, houqin_operator, tmp_path
):
    rows = [
        [
            1,
            "C001",
            "电脑",
            "A09999999",
            None,
            None,
            "台",
            1,
            4800,
            None,
            "购置",
            "2023-02-01",
            None,
            "赵六",
            None,
            "在用",
            None,
            None,
        ],
    ]
    path = _ledger(tmp_path / "名称.xlsx", rows, totals=None)
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        import_assets(uow, path)
    assert sorted((e.row, e.field) for e in caught.value.errors) == [
        (5, "category"),
        (5, "custodian"),
    ]


def test_skip_invalid_imports_the_good_rows_and_writes_the_rejects_with_reasons(
    school, houqin_operator, tmp_path
):
    path = _ledger(tmp_path / "有错.xlsx", BAD_ROWS, totals=None)
    rejects = tmp_path / "退回.xlsx"
    with school.write(houqin_operator) as uow:
        report = import_assets(uow, path, skip_invalid=True, rejects=rejects)
    assert (report.created, report.rejected, report.rejects_path) == (1, 5, rejects)
    assert set(_numbers(school, houqin_operator)) == {"B006"}
    sheet = openpyxl.load_workbook(rejects).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "原行号" and rows[0][-1] == "错误原因"
    assert "资产编号" in rows[0] and "存放地点" in rows[0]
    assert [r[0] for r in rows[1:]] == [5, 6, 7, 8, 9]
    by_row = {r[0]: r for r in rows[1:]}
    assert "Asset name: is required" in by_row[5][-1]
    assert "duplicates row 6" in by_row[7][-1]
    assert by_row[8][rows[0].index("存放地点")] == "图书馆 301"
    # The rejects file is a ledger the import reads once corrected.
    assert by_row[9][rows[0].index("资产编号")] == "B005"


def test_skip_invalid_with_nothing_valid_is_an_error_not_a_success(
    school, houqin_operator, tmp_path
):
    path = _ledger(tmp_path / "全错.xlsx", BAD_ROWS[:1], totals=None)
    with pytest.raises(InvalidInput), school.write(houqin_operator) as uow:
        import_assets(uow, path, skip_invalid=True, rejects=tmp_path / "r.xlsx")
    assert (tmp_path / "r.xlsx").exists()
    empty = _ledger(tmp_path / "空表.xlsx", [], totals=None)
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        import_assets(uow, empty)
    assert "no asset rows" in str(caught.value.errors[0].message)


def test_a_ledger_without_the_needed_columns_says_which(school, houqin_operator, tmp_path):
    headings = [h for h in HEADINGS if h not in ("分类代码", "分类名称")]
    path = _ledger(tmp_path / "缺列.xlsx", [], totals=None, headings=headings)
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        import_assets(uow, path)
    assert "no category column" in str(caught.value.errors[0].message)


def test_importing_again_changes_only_what_changed(school, houqin_operator, tmp_path, xlsx_reader):
    path = _ledger(tmp_path / "台账.xlsx")
    with school.write(houqin_operator) as uow:
        import_assets(uow, path, depreciation_as_of=date(2024, 6, 30))
    events = _events(school, houqin_operator)
    with school.write(houqin_operator) as uow:
        again = import_assets(uow, path, depreciation_as_of=date(2024, 6, 30))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert _events(school, houqin_operator) == events + 1  # the import's own summary
    # A later ledger: one price corrected, and no 存放地点 column at all.
    rows = [r[:14] + r[15:] for r in ROWS]
    rows[3] = [*rows[3][:8], "3,000.00", "6,000.00", *rows[3][10:]]
    headings = [h for h in HEADINGS if h != "存放地点"]
    later = _ledger(
        tmp_path / "新台账.xlsx",
        rows,
        headings=headings,
        totals=(TOTAL_QUANTITY, "¥33,499.50"),
        merged=True,
    )
    with school.write(houqin_operator) as uow:
        report = import_assets(uow, later, depreciation_as_of=date(2024, 6, 30))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 6)
    found = _numbers(school, houqin_operator)
    assert found["ZC2020004"].value == Decimal("6000.00")
    assert found["ZC2020004"].location == "本部 行政楼 总务处"  # kept: the file does not say
    assert len(found) == 7
    with school.read(houqin_operator) as uow:
        history = audit.latest_events(
            uow, object_type="asset", object_id=str(found["ZC2020004"].id)
        )
    assert [e.action for e in history] == ["assets.asset.changed", "assets.asset.created"]


def test_create_missing_adds_departments_places_people_and_standard_categories(
    school, houqin_operator, tmp_path
):
    rows = [
        [
            1,
            "M001",
            "其他计算机",
            "A02010199",
            "其他计算机",
            None,
            "台",
            1,
            3000,
            None,
            "购置",
            "2022-05-01",
            "后勤处",
            "赵六",
            "西校区/实验楼/201",
            "在用",
            None,
            None,
        ],
        [
            2,
            "M002",
            "实验台",
            "A05010000",
            "家具",
            None,
            "张",
            10,
            1500,
            None,
            "购置",
            "2022-05-01",
            "后勤处",
            "赵六",
            "西校区 实验楼 202",
            "在用",
            None,
            None,
        ],
        [
            3,
            "M003",
            "某物",
            "ZZZ",
            "某类",
            None,
            "个",
            1,
            10,
            None,
            "购置",
            "2022-05-01",
            None,
            None,
            None,
            "在用",
            None,
            None,
        ],
    ]
    path = _ledger(tmp_path / "新校区.xlsx", rows, totals=None)
    with school.write(houqin_operator) as uow:
        report = import_assets(
            uow, path, create_missing=True, skip_invalid=True, rejects=tmp_path / "r.xlsx"
        )
    assert (report.created, report.rejected) == (
        2,
        1,
    )  # ZZZ is no standard code: no class to file it under
    assert report.created_departments == ("后勤处",)
    assert report.created_places == (
        "西校区",
        "西校区 实验楼",
        "西校区 实验楼 201",
        "西校区 实验楼 202",
    )
    assert report.created_people == ("赵六",)
    assert report.created_categories == ("A02010199 其他计算机",)
    found = _numbers(school, houqin_operator)
    assert (
        found["M001"].category_name == "其他计算机"
        and found["M001"].location == "西校区 实验楼 201"
    )
    with school.read(houqin_operator) as uow:
        life = CategoryIndex.load(uow).by_code["A02010199"].useful_life_months
    assert life == 72  # from 计算机, the class its code belongs to


def test_export_then_import_into_an_empty_school_gives_the_same_register(
    school, houqin_operator, tmp_path
):
    with school.write(houqin_operator) as uow:
        import_assets(uow, _ledger(tmp_path / "台账.xlsx"), depreciation_as_of=date(2024, 6, 30))
        service.create_asset(
            uow,
            asset(
                number="ZX-1",
                custom=CustomFields.parse("品牌: 联想; 序列号: 0012"),
                custodian="1004",
            ),
        )
    for suffix in (".xlsx", ".csv"):
        exported = tmp_path / f"导出{suffix}"
        with school.read(houqin_operator) as uow:
            assert export_assets(uow, exported) == 8
        other = School.open(
            f"sqlite:///{tmp_path / f'empty{suffix}.sqlite3'}", plugins=[], require_schema=False
        )
        try:
            init_school(other, houqin_operator)
            with other.write(houqin_operator) as uow:
                report = import_assets(uow, exported, create_missing=True)
            assert report.created == 8
            assert _register(other, houqin_operator) == _register(school, houqin_operator)
        finally:
            other.engine.dispose()


def _register(school, actor):
    """Every asset without ids or timestamps, comparable between two schools."""
    skip = {
        "id",
        "category_id",
        "department_id",
        "custodian_id",
        "campus_id",
        "building_id",
        "room_id",
        "created_at",
    }
    return {
        number: {k: v for k, v in vars_of(a).items() if k not in skip}
        for number, a in _numbers(school, actor).items()
    }


def vars_of(record):
    import attrs

    return attrs.asdict(record, recurse=False)


def test_a_csv_in_gb18030_and_a_dry_run(school, houqin_operator, tmp_path):
    path = tmp_path / "台账.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["资产编号", "资产名称", "资产分类", "价值（元）", "取得日期", "存放地点"])
        writer.writerow(["C1", "电脑", "台式计算机", "5,000.00", "2022年1月5日", "教学楼102"])
        writer.writerow(["C2", "书柜", "家具", "1,000", "2022/1/5", "东校区 教学楼 101"])
    with school.write(houqin_operator, dry_run=True) as uow:
        dry = import_assets(uow, path)
    assert dry.created == 2 and _numbers(school, houqin_operator) == {}
    with school.write(houqin_operator) as uow:
        import_assets(uow, path)
    found = _numbers(school, houqin_operator)
    assert found["C1"].category == "A02010105" and found["C1"].room == "102"
    assert found["C2"].value == Decimal("1000.00") and found["C2"].campus == "东校区"


def test_twenty_thousand_rows_import_in_batches(school, houqin_operator, tmp_path):
    path = tmp_path / "大台账.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "资产编号",
                "资产名称",
                "资产分类代码",
                "数量",
                "单价",
                "取得日期",
                "使用部门",
                "使用人",
                "存放地点",
                "使用状况",
            ]
        )
        for i in range(20_000):
            writer.writerow(
                [
                    f"BIG{i:06d}",
                    "学生椅",
                    "A05010000",
                    1 + i % 5,
                    f"{100 + i % 300}.50",
                    f"2020-{1 + i % 12}-{1 + i % 28}",
                    "教务处",
                    "李娜",
                    "本部 教学楼 101",
                    "在用",
                ]
            )
    with school.write(houqin_operator) as uow:
        report = import_assets(uow, path)
    assert report.created == 20_000
    with school.read(houqin_operator) as uow:
        totals = service.asset_totals(uow)
        stored = uow.conn.execute(sa.select(sa.func.count()).select_from(t.asset)).scalar()
    assert stored == totals.count == 20_000
    assert totals.quantity == sum(1 + i % 5 for i in range(20_000))
