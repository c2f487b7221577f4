"""The asset register's workbook: a finance ledger in, the register out, by asset number."""

from __future__ import annotations

from pathlib import Path

from houqin.core.assets.importer import export_assets, import_assets
from houqin.core.assets.plugin import MANAGE, VIEW
from houqin.core.i18n import N_, LazyText
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import ImportChoice, ImportOutcome, ImportRequest, SheetOutcome, Workbook

CREATE_MISSING = "create_missing"
_SHOWN = 20


def _added(what: str, count: int, names: str) -> LazyText:
    if what == "departments":
        return N_("Departments added ({count}): {names}", count=count, names=names)
    if what == "places":
        return N_("Places added ({count}): {names}", count=count, names=names)
    if what == "people":
        return N_("Staff added ({count}): {names}", count=count, names=names)
    return N_("Categories added ({count}): {names}", count=count, names=names)


def _import(uow: UnitOfWork, path: Path, request: ImportRequest) -> ImportOutcome:
    report = import_assets(
        uow,
        path,
        skip_invalid=request.rejects is not None,
        rejects=request.rejects,
        create_missing=CREATE_MISSING in request.choices,
    )
    notes: list[LazyText] = []
    if report.totals_checked:
        notes.append(N_("Totals rows checked: {count}", count=report.totals_checked))
    added = (
        (report.created_departments, "departments"),
        (report.created_places, "places"),
        (report.created_people, "people"),
        (report.created_categories, "categories"),
    )
    for names, what in added:
        if not names:
            continue
        shown = "、".join(names[:_SHOWN]) + ("…" if len(names) > _SHOWN else "")
        notes.append(_added(what, len(names), shown))
    return ImportOutcome(
        (
            SheetOutcome(
                report.sheet, report.created, report.updated, report.unchanged, report.rejected
            ),
        ),
        tuple(notes),
        report.rejects_path,
    )


def _export(uow: UnitOfWork, path: Path) -> int:
    return export_assets(uow, path)


WORKBOOK = Workbook(
    "assets",
    "assets",
    N_("the asset register"),
    N_(
        "A fixed-asset ledger as finance systems export it (.xlsx, .xls, .ods or .csv): "
        "title rows, merged cells and a 合计 row are fine. Rows are matched by asset number, "
        "so importing the same file again updates instead of duplicating."
    ),
    MANAGE,
    VIEW,
    _import,
    _export,
    "固定资产台账.xlsx",
    choices=(
        ImportChoice(
            CREATE_MISSING,
            N_("Create missing departments, places, staff and categories"),
            N_("Otherwise a row naming one the school does not have is refused"),
        ),
    ),
    keeps_valid_rows=True,
)
