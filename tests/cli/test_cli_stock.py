"""``houqin stock`` end to end, on SQLite and PostgreSQL: exit codes and messages."""

from __future__ import annotations

import openpyxl
import sqlalchemy as sa

from houqin.core.db.engine import create_engine


def _set_up(houqin_cli) -> None:
    assert houqin_cli("init").exit_code == 0
    for args in (
        ("org", "campuses", "add", "--name", "本部"),
        ("org", "departments", "add", "--name", "教务处"),
        ("stock", "suppliers", "add", "--name", "城南文具"),
        ("stock", "stores", "add", "--name", "总务仓库", "--campus", "本部"),
        (
            "stock",
            "items",
            "add",
            "--name",
            "A4复印纸",
            "--spec",
            "70g",
            "--unit",
            "包",
            "--category",
            "办公用品",
            "--code",
            "BG001",
            "--minimum",
            "10",
            "--target",
            "30",
        ),
    ):
        result = houqin_cli(*args, lang="en")
        assert result.exit_code == 0, result.output


def test_stock_in_request_approve_issue_and_return(houqin_cli) -> None:
    _set_up(houqin_cli)
    received = houqin_cli(
        "stock",
        "balances",
        "stock-in",
        "--store",
        "总务仓库",
        "--item",
        "BG001",
        "--quantity",
        "20",
        "--unit-cost",
        "21.50",
        "--supplier",
        "城南文具",
        "--batch",
        "2024-09",
        lang="en",
    )
    assert received.exit_code == 0, received.output
    assert "Stock in done: Stock in #1: A4复印纸 70g 20 包, 总务仓库 (ID 1)" in received.output
    assert "430.00" in received.output
    asked = houqin_cli(
        "stock",
        "requests",
        "add",
        "--store",
        "总务仓库",
        "--item",
        "A4复印纸",
        "--quantity",
        "12",
        "--department",
        "教务处",
        "--purpose",
        "期中考试",
        lang="en",
    )
    assert asked.exit_code == 0, asked.output
    assert "Created request #1 A4复印纸 70g × 12 (ID 1)." in asked.output
    early = houqin_cli("stock", "requests", "issue", "1", lang="en")
    assert early.exit_code == 1
    assert "only an approved request is issued" in early.output
    approve = houqin_cli("stock", "requests", "approve", "1", "--quantity", "10", lang="en")
    assert approve.exit_code == 0 and "Approved" in approve.output, approve.output
    part = houqin_cli("stock", "requests", "issue", "1", "--quantity", "4", lang="en")
    assert part.exit_code == 0, part.output
    assert "Issue done: Issue #2: A4复印纸 70g -4 包, 总务仓库 (ID 2)" in part.output
    assert "-86.00" in part.output
    rest = houqin_cli("stock", "requests", "issue", "1", "--recipient", "王芳", lang="en")
    assert rest.exit_code == 0 and "-6 包" in rest.output
    back = houqin_cli("stock", "requests", "return", "1", "--quantity", "2", lang="en")
    assert back.exit_code == 0 and "Return to store #4: A4复印纸 70g 2 包" in back.output
    listing = houqin_cli("stock", "requests", "list", "--status", "issued", lang="en")
    assert "期中考试" in listing.output and "1 of 1" in listing.output
    balances = houqin_cli("stock", "balances", "list", lang="en")
    assert "A4复印纸 70g" in balances.output and "258.00" in balances.output
    ledger = houqin_cli("stock", "movements", "list", "--request", "1", lang="en")
    assert ledger.exit_code == 0 and "3 of 3" in ledger.output
    check = houqin_cli("stock", "check", lang="en")
    assert check.exit_code == 0 and "agree" in check.output
    reorder = houqin_cli("stock", "reorder", lang="en")
    assert "Nothing is below its minimum." in reorder.output
    assert houqin_cli("audit", "verify").exit_code == 0


def test_refusals_exit_1_with_a_message_and_change_nothing(houqin_cli) -> None:
    _set_up(houqin_cli)
    assert (
        houqin_cli(
            "stock",
            "balances",
            "stock-in",
            "--store",
            "总务仓库",
            "--item",
            "BG001",
            "--quantity",
            "3",
            "--unit-cost",
            "20",
        ).exit_code
        == 0
    )
    short = houqin_cli(
        "stock",
        "balances",
        "adjust",
        "--store",
        "总务仓库",
        "--item",
        "BG001",
        "--quantity",
        "-5",
        "--reason",
        "破损",
        lang="en",
    )
    assert short.exit_code == 1
    assert "not enough A4复印纸 70g in 总务仓库: 3 包 on hand, 5 asked for" in short.output
    bad = houqin_cli(
        "stock",
        "balances",
        "stock-in",
        "--store",
        "西区仓库",
        "--item",
        "BG001",
        "--quantity",
        "abc",
        "--unit-cost",
        "-1",
        lang="en",
    )
    assert bad.exit_code == 1
    assert "Quantity: 'abc' is not a whole number" in bad.output
    assert "Unit cost (yuan): must be at least 0" in bad.output
    unknown = houqin_cli(
        "stock",
        "balances",
        "stock-in",
        "--store",
        "西区仓库",
        "--item",
        "BG001",
        "--quantity",
        "1",
        "--unit-cost",
        "1",
        lang="en",
    )
    assert unknown.exit_code == 1 and "Store: there is no store named 西区仓库" in unknown.output
    month = houqin_cli(
        "stock", "balances", "print", "materials-ledger", "--month", "2024-13", lang="en"
    )
    assert month.exit_code == 1 and "Month: '2024-13' is not a month" in month.output
    assert "Traceback" not in short.output + bad.output + month.output
    ledger = houqin_cli("stock", "movements", "list", lang="en")
    assert "1 of 1" in ledger.output
    assert "remove" not in houqin_cli("stock", "movements", "--help", lang="en").output


def test_check_fails_when_a_balance_was_changed_behind_the_ledger(
    houqin_cli, houqin_database_url
) -> None:
    _set_up(houqin_cli)
    assert (
        houqin_cli(
            "stock",
            "balances",
            "stock-in",
            "--store",
            "总务仓库",
            "--item",
            "BG001",
            "--quantity",
            "3",
            "--unit-cost",
            "20",
        ).exit_code
        == 0
    )
    engine = create_engine(houqin_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE stock_balance SET quantity = 30"))
    engine.dispose()
    check = houqin_cli("stock", "check", lang="en")
    assert check.exit_code == 1
    assert "quantity on hand" in check.output and "30" in check.output
    assert "1 difference(s) between the books and the ledger" in check.output


def test_report_import_and_export(houqin_cli, tmp_path) -> None:
    _set_up(houqin_cli)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "期初库存"
    sheet.append(["仓库", "物资编码", "数量", "单价", "入库日期"])
    sheet.append(["总务仓库", "BG001", "十", 20, "2024-08-01"])
    sheet.append(["总务仓库", "NOPE", 5, 20, "2024-08-01"])
    path = tmp_path / "期初.xlsx"
    book.save(path)
    refused = houqin_cli("stock", "import", str(path), lang="en")
    assert refused.exit_code == 1
    assert "sheet 期初库存, row 2, Quantity" in refused.output
    assert "sheet 期初库存, row 3, Item" in refused.output
    sheet["C2"] = 10
    sheet["B3"] = "A4复印纸"
    sheet["D3"] = 22
    book.save(path)
    dry = houqin_cli("stock", "import", str(path), "--dry-run", lang="en")
    assert dry.exit_code == 0 and "nothing written" in dry.output
    assert "0 of 0" in houqin_cli("stock", "movements", "list", lang="en").output
    loaded = houqin_cli("stock", "import", str(path), lang="en")
    assert loaded.exit_code == 0, loaded.output
    ledger = ("stock", "balances", "print", "materials-ledger", "--month", "2024-08")
    report = houqin_cli(*ledger, lang="en")
    assert report.exit_code == 0
    assert "Materials ledger 2024-08" in report.output
    assert "A4复印纸 70g" in report.output and "310.00" in report.output
    workbook = tmp_path / "材料账.xlsx"
    written = houqin_cli(*ledger, "--out", str(workbook))
    assert written.exit_code == 0 and workbook.exists()
    rows = list(openpyxl.load_workbook(workbook).worksheets[0].values)
    assert rows[-1][0] == "合计" and rows[-1][-1] == 310
    exported = tmp_path / "仓库.xlsx"
    assert houqin_cli("stock", "export", str(exported)).exit_code == 0
    assert openpyxl.load_workbook(exported).sheetnames == ["供应商", "仓库", "物资", "期初库存"]
