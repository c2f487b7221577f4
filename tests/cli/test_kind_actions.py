"""A kind's actions and documents as commands: ``ACTION [ID] --options`` and ``print DOC``."""

from __future__ import annotations

import openpyxl

from houqin.core.access import operator_actor
from houqin.core.plugin_state import set_enabled
from houqin.core.school import School
from tests.plugins import lostfound


def _ready(houqin_cli, houqin_database_url) -> None:
    assert houqin_cli("init").exit_code == 0
    school = School.open(houqin_database_url, plugins=[lostfound])
    try:
        with school.write(operator_actor()) as uow:
            set_enabled(uow, "lostfound", True)
    finally:
        school.engine.dispose()


def test_a_plugins_action_and_document_become_commands(
    houqin_cli, houqin_database_url, tmp_path
) -> None:
    _ready(houqin_cli, houqin_database_url)

    def run(*args: str):
        return houqin_cli("lostfound", "items", *args, lang="en", plugins=[lostfound])

    helped = run("--help").output
    assert "hand-back" in helped and "print" in helped and "add" in helped
    added = run("add", "--tag", "7", "--description", "校服外套", "--found-on", "2024-09-01")
    assert added.exit_code == 0, added.output
    assert "Created found item LF-0007 (ID 1)." in added.output
    missing = run("hand-back", "1")
    assert missing.exit_code == 1 and "Owner: is required" in missing.output
    early = run("hand-back", "1", "--owner", "李明", "--handed-on", "2024-08-30")
    assert early.exit_code == 1
    assert "Handed back on: must not be before the day it was found" in early.output
    handed = run("hand-back", "1", "--owner", "李明", "--handed-on", "2024-09-02")
    assert handed.exit_code == 0, handed.output
    assert "Hand back done: LF-0007 (ID 1)" in handed.output and "李明" in handed.output
    again = run("hand-back", "1", "--owner", "王芳")
    assert again.exit_code == 1 and "LF-0007 was already handed back" in again.output
    shown = run("print", "receipt", "1")
    assert shown.exit_code == 0 and "Receipt for a found item" in shown.output
    assert "Total" in shown.output
    page = tmp_path / "receipt.html"
    assert run("print", "receipt", "1", "--out", str(page)).exit_code == 0
    assert "李明" in page.read_text(encoding="utf-8")
    book = tmp_path / "receipt.xlsx"
    assert run("print", "receipt", "1", "--out", str(book)).exit_code == 0
    assert openpyxl.load_workbook(book).sheetnames[0] == "Receipt for a found item"
    wrong = run("print", "receipt", "1", "--out", str(tmp_path / "receipt.pdf"))
    assert wrong.exit_code == 1 and "saved as .html or .xlsx" in wrong.output


def test_a_read_only_kind_has_no_add_edit_or_remove(houqin_cli) -> None:
    assert houqin_cli("init").exit_code == 0
    helped = houqin_cli("stock", "movements", "--help", lang="en").output
    assert "list" in helped and "show" in helped
    for absent in ("add", "edit", "remove"):
        assert f"  {absent} " not in helped
    refused = houqin_cli("stock", "movements", "add", lang="en")
    assert refused.exit_code == 2 and "No such command 'add'" in refused.output
    actions = houqin_cli("stock", "requests", "--help", lang="en").output
    for name in ("approve", "reject", "issue", "return", "close"):
        assert f"  {name} " in actions


def test_assets_labels_writes_a_page_for_the_filters(houqin_cli, tmp_path) -> None:
    assert houqin_cli("init").exit_code == 0
    for args in (
        ("org", "campuses", "add", "--name", "本部"),
        ("org", "buildings", "add", "--campus", "本部", "--name", "教学楼"),
        ("org", "rooms", "add", "--campus", "本部", "--building", "教学楼", "--name", "101"),
        ("org", "departments", "add", "--name", "总务处"),
    ):
        assert houqin_cli(*args).exit_code == 0
    for number, room in (("ZC-0001", "101"), ("ZC-0002", "")):
        added = houqin_cli(
            "assets", "add", "--number", number, "--name", "台式计算机", "--category", "A02010105",
            "--unit", "台", "--unit-price", "4800", "--acquired-on", "2024-09-01",
            "--department", "总务处", "--campus", "本部", "--building", "教学楼", "--room", room,
        )  # fmt: skip
        assert added.exit_code == 0, added.output
    out = tmp_path / "labels.html"
    written = houqin_cli("assets", "labels", "--room", "101", "--out", str(out), lang="en")
    assert written.exit_code == 0 and f"1 labels written to {out}" in written.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 1 and "ZC-0001" in page and "ZC-0002" not in page
    refused = houqin_cli("assets", "labels", "--room", "999", "--out", str(out), lang="en")
    assert refused.exit_code == 1 and "there is no room 999" in refused.output
