"""Printed documents: the standalone HTML page, the workbook sheets, saving by suffix."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_
from houqin.core.printing import PrintDoc, PrintTable, render_html, save, sheet_of

DOC = PrintDoc(
    title="报损表 <草稿>",
    facts=((N_("Date"), date(2024, 9, 2)), ("单位", "实验小学 & 附属幼儿园")),
    tables=(
        PrintTable(
            columns=("资产", N_("Quantity"), "金额"),
            rows=(("台式计算机", 2, Decimal("9600.00")), ("<script>alert(1)</script>", 1, None)),
            totals=("合计", 3, Decimal("9600.00")),
            title="明细",
        ),
    ),
    paragraphs=("经鉴定无法修复。",),
    signatures=("经办人", "校长"),
    file_name="writeoff-1",
)


def test_render_html_is_a_whole_a4_page_with_everything_escaped() -> None:
    page = render_html(DOC)
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "size: A4" in page
    assert "<h1>报损表 &lt;草稿&gt;</h1>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "实验小学 &amp; 附属幼儿园" in page
    assert "2024-09-02" in page and "Quantity" in page
    assert '<tfoot><tr><td>合计</td><td class="number">3</td>' in page
    assert "经鉴定无法修复。" in page
    assert page.count('class="signature"') == 2


def test_sheet_of_gives_a_sheet_per_table_with_its_totals_and_one_for_the_facts() -> None:
    table, about = sheet_of(DOC)
    assert table.name == "明细" and list(table.headings) == ["资产", "Quantity", "金额"]
    rows = list(table.rows)
    assert rows[0] == ["台式计算机", 2, Decimal("9600.00")]
    assert rows[-1] == ["合计", 3, Decimal("9600.00")]
    assert about.name == "About" and list(about.headings) == ["报损表 <草稿>", ""]
    assert ["Date", date(2024, 9, 2)] in list(about.rows)


def test_save_chooses_html_or_xlsx_by_suffix_and_refuses_others(tmp_path) -> None:
    html = save(DOC, tmp_path / "doc.html")
    assert "报损表" in html.read_text(encoding="utf-8")
    book = openpyxl.load_workbook(save(DOC, tmp_path / "doc.xlsx"))
    assert book.sheetnames == ["明细", "About"]
    assert list(book["明细"].values)[-1] == ("合计", 3, 9600)
    with pytest.raises(InvalidInput, match=r"saved as \.html or \.xlsx"):
        save(DOC, tmp_path / "doc.pdf")
    assert not (tmp_path / "doc.pdf").exists()


def test_a_document_without_tables_still_makes_a_workbook() -> None:
    (only,) = sheet_of(PrintDoc(title="空", facts=(("a", 1),)))
    assert list(only.rows) == [["a", 1]]
