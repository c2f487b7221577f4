"""The organisation's workbook: campuses, buildings, rooms, departments, people, classes."""

from __future__ import annotations

from pathlib import Path

from houqin.core.i18n import N_
from houqin.core.org.importer import ImportReport, export_org, import_org
from houqin.core.org.plugin import MANAGE, VIEW
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import ImportOutcome, ImportRequest, SheetOutcome, Workbook


def outcome_of(report: ImportReport) -> ImportOutcome:
    """An importer's per-sheet counts as every frontend shows them."""
    return ImportOutcome(
        tuple(
            SheetOutcome(sheet, c.created, c.updated, c.unchanged)
            for sheet, c in report.sheets.items()
        )
    )


def _import(uow: UnitOfWork, path: Path, _request: ImportRequest) -> ImportOutcome:
    return outcome_of(import_org(uow, path))


WORKBOOK = Workbook(
    "org",
    "org",
    N_("the organisation"),
    N_(
        "A workbook with the sheets 校区, 楼宇, 房间, 部门, 人员 and 班级 (any of them). "
        "Every row is checked first; you see every problem, or what would change, "
        "before anything is saved."
    ),
    MANAGE,
    VIEW,
    _import,
    export_org,
    "组织机构.xlsx",
)
