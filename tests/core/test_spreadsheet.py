"""Reading ledgers as the office keeps them, and writing sheets back."""

import csv
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_
from houqin.core.spreadsheet import (
    Column,
    Record,
    SheetData,
    heading_keys,
    read_rows,
    sheet_names,
    write_csv,
    write_xlsx,
)

ASSET_COLUMNS = (
    Column("name", N_("Name"), ("资产名称", "名称", "name"), required=True),
    Column("number", N_("Asset number"), ("资产编号", "编号", "asset no")),
    Column("price", N_("Price"), ("单价", "价格", "price")),
    Column("bought_on", N_("Bought on"), ("购置日期", "购买日期", "date bought")),
    Column("keeper", N_("Keeper"), ("保管人", "使用人", "keeper")),
)


@pytest.fixture(autouse=True)
def _both_readers(xlsx_reader: str) -> None:
    """Every reading test runs with .xlsx read whole and read row by row."""


def _ledger(path: Path) -> Path:
    """An asset ledger as a school office keeps it, title rows and signatures included."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "固定资产"
    sheet["A1"] = "XX市第一中学固定资产台账"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "填报单位：后勤处"
    sheet["E2"] = "单位：元"
    # row 3 left blank
    sheet.append([])
    sheet.append(["序号", "资产\n名称", "资产编号", "单价（元）", "购置  日期", "保管人", "备注"])
    sheet.append([1, "投影仪", "ZC-001", 3999.5, date(2021, 9, 1), "张三", ""])
    sheet.append([2, "办公桌", "ZC-002", "1,234.50", "2022年3月15日", "李四", "旧"])
    sheet.append([])  # a blank row in the middle
    sheet.append([3, "审核台", "ZC-003", 800, datetime(2023, 1, 5, 10, 30), None, None])
    sheet.append([4])  # pre-numbered template row, nothing filled in
    sheet.append(["合计", None, None, "6,034.00"])
    sheet.append([])
    sheet.append(["制表人：王五", None, "审核人：李四", None, "负责人（签字）："])
    sheet.append(["日期：", date(2024, 1, 2)])
    book.save(path)
    return path


def test_heading_row_is_found_below_title_rows_and_rows_keep_excel_numbers(tmp_path):
    rows = read_rows(_ledger(tmp_path / "台账.xlsx"), ASSET_COLUMNS)
    with rows:
        records = list(rows)
    assert rows.sheet == "固定资产"
    assert rows.header_row == 4
    assert [r.row for r in records] == [5, 6, 8]
    assert records[0] == Record(
        5,
        {
            "name": "投影仪",
            "number": "ZC-001",
            "price": 3999.5,
            "bought_on": date(2021, 9, 1),
            "keeper": "张三",
        },
    )
    # Raw values: the converter parses text numbers and dates, not the reader.
    assert records[1].values["price"] == "1,234.50"
    assert records[1].values["bought_on"] == "2022年3月15日"
    assert records[2].values["bought_on"] == datetime(2023, 1, 5, 10, 30)
    assert records[2].values["keeper"] is None


def test_totals_row_is_set_aside_and_signature_rows_are_left_out(tmp_path):
    rows = read_rows(_ledger(tmp_path / "台账.xlsx"), ASSET_COLUMNS)
    records = list(rows)
    assert [r.values["name"] for r in records] == ["投影仪", "办公桌", "审核台"]
    assert rows.totals == [
        Record(
            10,
            {"name": None, "number": None, "price": "6,034.00", "bought_on": None, "keeper": None},
        )
    ]


def test_missing_required_column_is_named_with_its_sheet(tmp_path):
    path = tmp_path / "no-name.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "资产"
    book.active.append(["资产编号", "单价"])
    book.active.append(["ZC-001", 10])
    book.save(path)
    with pytest.raises(InvalidInput) as caught:
        read_rows(path, ASSET_COLUMNS)
    [error] = caught.value.errors
    assert (error.field, error.sheet) == ("name", "资产")
    assert "资产名称" in error.describe("en")
    assert "row 1" in error.describe("en")


def test_a_sheet_without_headings_is_refused(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("今天天气很好\n明天也好\n", encoding="utf-8")
    optional = [Column("keeper", N_("Keeper"), ("保管人",))]
    with pytest.raises(InvalidInput) as caught:
        read_rows(path, optional)
    assert caught.value.errors[0].field == "headings"
    assert caught.value.errors[0].sheet == "notes"


@pytest.mark.parametrize(
    ("written", "wanted"),
    [
        ("面积（㎡）", "面积"),
        ("面积(m²)", "面积"),
        ("  联系\n电话 ", "联系电话"),
        ("Staff No.", "staff no"),
        ("STAFF_NO", "staff no"),
        ("岗位/职务", "岗位职务"),
        ("＊姓名", "姓名"),
    ],
)
def test_headings_match_whatever_their_spaces_case_and_units(written, wanted):
    assert heading_keys(wanted)[0] in heading_keys(written)


def test_english_headings_and_the_label_itself_are_understood(tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text("Name,Asset No,Price,Keeper\n Projector ,A-1,12.5,Zhang\n", encoding="utf-8")
    assert list(read_rows(path, ASSET_COLUMNS)) == [
        Record(
            2,
            {
                "name": " Projector ",
                "number": "A-1",
                "price": "12.5",
                "keeper": "Zhang",
            },
        )
    ]


def test_csv_saved_by_chinese_excel_is_read_as_gb18030(tmp_path):
    path = tmp_path / "资产.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["资产台账"])
        writer.writerow([])
        writer.writerow(["序号", "资产名称", "单价", "保管人"])
        writer.writerow(["1", "饮水机", "1,200", "赵六"])
        writer.writerow(["合计", "", "1,200", ""])
        writer.writerow(["制表人：张三", "", "审核人：李四"])
    rows = read_rows(path, ASSET_COLUMNS)
    assert sheet_names(path) == ["资产"]
    assert rows.sheet == "资产"
    assert [(r.row, r.values["name"], r.values["keeper"]) for r in rows] == [(4, "饮水机", "赵六")]
    assert [t.row for t in rows.totals] == [5]


def test_utf8_csv_with_a_bom_and_tabs(tmp_path):
    path = tmp_path / "assets.csv"
    path.write_bytes("资产名称\t保管人\n扫地机\t钱七\n".encode("utf-8-sig"))
    assert [r.values["name"] for r in read_rows(path, ASSET_COLUMNS)] == ["扫地机"]


def test_merged_cells_give_every_row_their_value(tmp_path):
    path = tmp_path / "merged.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["资产名称", "保管人"])
    sheet.append(["椅子", "张三"])
    sheet.append(["桌子", None])
    sheet.append(["柜子", None])
    sheet.merge_cells("B2:B4")
    book.save(path)
    assert [r.values["keeper"] for r in read_rows(path, ASSET_COLUMNS)] == ["张三"] * 3


def test_data_starting_away_from_the_corner_keeps_its_row_numbers(tmp_path):
    path = tmp_path / "offset.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C6"] = "资产名称"
    sheet["D6"] = "单价"
    sheet["C9"] = "电脑"
    sheet["D9"] = 4500
    book.save(path)
    rows = read_rows(path, ASSET_COLUMNS)
    assert rows.header_row == 6
    assert list(rows) == [Record(9, {"name": "电脑", "price": 4500.0})]


@pytest.mark.parametrize(
    "footer",
    [
        ["制表人：张三  审核人：李四"],
        ["制表人张三", "", "", "审核人李四"],
        ["单位（盖章）：", "", "负责人（签字）："],
        ["制表人：", "张三", "审核人：", "李四"],
        ["制表人", "张三", "", "审核", "李四"],
        ["保管人签字：", "", "盘点人签字："],
        ["日期：", "2024-01-02"],
        ["注：本表一式两份"],
    ],
)
def test_signature_lines_are_not_data(tmp_path, footer):
    path = tmp_path / "footer.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["资产名称", "保管人", "资产编号", "单价"], ["电脑", "张三"], footer]
        )
    assert [r.values["name"] for r in read_rows(path, ASSET_COLUMNS)] == ["电脑"]


@pytest.mark.parametrize(
    "row",
    [
        ["审核中心", "张三"],  # a name that starts like 审核
        ["日期章", "李四"],
        ["审核 台", "李四"],  # a label word, a space, then data in the next cell
        ["制表人：张三", "王五", "ZC-9"],  # a label, its value, then more data: a data row
        ["小计算器", "李四"],  # starts like 小计 but is an asset
    ],
)
def test_rows_that_only_look_like_signatures_are_kept(tmp_path, row):
    path = tmp_path / "data.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["资产名称", "保管人", "资产编号"], row])
    records = list(read_rows(path, ASSET_COLUMNS))
    assert [r.values["name"] for r in records] == [row[0]]


def test_a_sheet_is_chosen_by_name(tmp_path):
    path = tmp_path / "two.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["请在第二页填写"])
    second = book.create_sheet("资产")
    second.append(["名称"])
    second.append(["空调"])
    book.save(path)
    assert sheet_names(path) == ["说明", "资产"]
    assert [r.values["name"] for r in read_rows(path, ASSET_COLUMNS, sheet="资产")] == ["空调"]
    with pytest.raises(InvalidInput) as caught:
        read_rows(path, ASSET_COLUMNS, sheet="库存")
    assert caught.value.errors[0].sheet == "库存"


def test_other_kinds_of_file_are_refused(tmp_path):
    path = tmp_path / "assets.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(InvalidInput) as caught:
        read_rows(path, ASSET_COLUMNS)
    assert "assets.pdf" in str(caught.value)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(InvalidInput):
        read_rows(broken, ASSET_COLUMNS)


def _ods(path: Path) -> Path:
    """The smallest OpenDocument spreadsheet LibreOffice would open, title row included."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def cell(value: str, kind: str = "string") -> str:
        number = f' office:value="{value}"' if kind == "float" else ""
        return (
            f'<table:table-cell office:value-type="{kind}"{number}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )

    rows = [
        f"<table:table-row>{cell('资产清单')}</table:table-row>",
        '<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>',
        f"<table:table-row>{cell('名称')}{cell('单价')}</table:table-row>",
        f"<table:table-row>{cell('水壶')}{cell('88', 'float')}</table:table-row>",
    ]
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="资产">{"".join(rows)}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_opendocument_spreadsheets_are_read_too(tmp_path):
    rows = read_rows(_ods(tmp_path / "资产.ods"), ASSET_COLUMNS)
    assert rows.header_row == 4
    assert list(rows) == [Record(5, {"name": "水壶", "price": 88.0})]


def test_rows_are_read_as_they_are_iterated(tmp_path):
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["资产名称", "单价"])
        writer.writerows([f"椅子{n}", n] for n in range(50_000))
        writer.writerow(["合计", "1249975000"])
    rows = read_rows(path, ASSET_COLUMNS)
    records = iter(rows)
    assert next(records) == Record(2, {"name": "椅子0", "price": "0"})
    assert rows.totals == []  # the end of the file has not been read yet
    assert sum(1 for _ in records) == 49_999
    assert [t.row for t in rows.totals] == [50_002]


def test_written_workbook_reads_back_the_same(tmp_path):
    path = tmp_path / "out.xlsx"
    rows = (
        ["投影仪", Decimal("3999.50"), date(2021, 9, 1), "=cmd|' /C calc'!A0"],
        ["桌子", 12, None, "张三"],
    )
    counts = write_xlsx(
        path, [SheetData("资产", ["名称", "单价", "购置日期", "保管人"], iter(rows))]
    )
    assert counts == {"资产": 2}
    read = list(read_rows(path, ASSET_COLUMNS))
    assert [r.values for r in read] == [
        {
            "name": "投影仪",
            "price": 3999.5,
            "bought_on": date(2021, 9, 1),
            "keeper": "=cmd|' /C calc'!A0",
        },
        {"name": "桌子", "price": 12.0, "bought_on": None, "keeper": "张三"},
    ]
    book = openpyxl.load_workbook(path)
    assert book["资产"]["D2"].data_type == "s"  # text, never a formula
    assert book["资产"]["A1"].font.bold
    assert not list(tmp_path.glob(".*tmp"))


def test_a_failed_export_leaves_the_old_file_alone(tmp_path):
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [SheetData("资产", ["名称"], [["旧"]])])

    def broken():
        yield ["新"]
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_xlsx(path, [SheetData("资产", ["名称"], broken())])
    assert [r.values["name"] for r in read_rows(path, ASSET_COLUMNS)] == ["旧"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_written_csv_opens_in_excel_and_reads_back(tmp_path):
    path = tmp_path / "资产.csv"
    count = write_csv(
        path, SheetData("资产", ["名称", "单价"], [["饮水机", Decimal("1200.00")], ["椅子", None]])
    )
    assert count == 2
    assert path.read_bytes().startswith("\ufeff".encode())
    assert [r.values for r in read_rows(path, ASSET_COLUMNS)] == [
        {"name": "饮水机", "price": "1200.00"},
        {"name": "椅子", "price": None},
    ]
