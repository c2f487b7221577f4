"""The store's workbook: suppliers, stores, items and opening balances."""

from __future__ import annotations

from pathlib import Path

from houqin.core.i18n import N_
from houqin.core.org.workbook import outcome_of
from houqin.core.stock.importer import export_stock, import_stock
from houqin.core.stock.plugin import MANAGE, VIEW
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import ImportOutcome, ImportRequest, Workbook


def _import(uow: UnitOfWork, path: Path, _request: ImportRequest) -> ImportOutcome:
    return outcome_of(import_stock(uow, path))


WORKBOOK = Workbook(
    "stock",
    "stock",
    N_("the store"),
    N_(
        "A workbook with the sheets 供应商, 仓库, 物资 and 期初库存 (any of them): the catalogue "
        "and what each store holds at the start. Every row is checked first; nothing is "
        "saved until the preview is clean."
    ),
    MANAGE,
    VIEW,
    _import,
    export_stock,
    "仓库物资.xlsx",
)
