"""Workbooks: the spreadsheets an area reads and writes (组织机构, 固定资产台账, 仓库物资).

An area declares its workbook once — how to import a file, how to export
one, who may do each, and the choices an import offers — and every frontend
offers the same import with a preview of every error before anything is
kept, and the same export. The core and plugins contribute them through the
``houqin_workbooks`` hook.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from houqin.core.i18n import Text

if TYPE_CHECKING:
    from houqin.core.uow import UnitOfWork


@attrs.frozen
class SheetOutcome:
    """What an import did with one sheet (or one kind of row)."""

    sheet: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@attrs.frozen
class ImportOutcome:
    """What an import did, as every frontend shows it.

    ``notes`` are further lines to read (totals rows checked, places created);
    ``rejects`` is the file the refused rows were written to, if any.
    """

    sheets: tuple[SheetOutcome, ...]
    notes: tuple[Text, ...] = ()
    rejects: Path | None = None

    @property
    def created(self) -> int:
        return sum(s.created for s in self.sheets)

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.sheets)

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.sheets)

    @property
    def rejected(self) -> int:
        return sum(s.rejected for s in self.sheets)


@attrs.frozen
class ImportChoice:
    """A yes/no choice an import offers (create missing places…), off unless chosen."""

    name: str
    label: Text
    help: Text = ""


@attrs.frozen
class ImportRequest:
    """One import as asked for: the choices made and, to keep the valid rows of a file
    that has bad ones, where the refused rows go (``None``: refuse the whole file)."""

    choices: frozenset[str] = frozenset()
    rejects: Path | None = None


@attrs.frozen
class Workbook:
    """An area's spreadsheet: ``run_import(uow, path, request)`` and ``run_export(uow, path)``.

    ``run_import`` raises :class:`~houqin.core.errors.InvalidInput` listing
    every bad row (sheet, row, column, reason), or returns what it did; a
    preview runs it in ``school.write(actor, dry_run=True)``. When
    ``keeps_valid_rows`` is set it honours ``request.rejects``.
    ``run_export`` writes the file the import reads back.
    """

    name: str
    area: str
    label: Text
    description: Text
    import_permission: str
    export_permission: str
    run_import: Callable[[UnitOfWork, Path, ImportRequest], ImportOutcome]
    run_export: Callable[[UnitOfWork, Path], Any]
    file_name: str
    choices: tuple[ImportChoice, ...] = ()
    keeps_valid_rows: bool = False
