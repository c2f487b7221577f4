"""Printable documents: what a write-off form, a custody agreement or a report holds.

A service builds a :class:`PrintDoc` — a title, the facts at its head, one or
more tables, paragraphs and the signature lines — and every frontend prints
the same thing: :func:`render_html` gives a standalone A4 page (the web serves
it, the CLI and the terminal interface save it), :func:`sheet_of` the sheets
of an .xlsx workbook, and :func:`save` writes either, chosen by the file's
suffix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import jinja2

from houqin.core.choices import label_of
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, LazyText, Text, _, get_language, render
from houqin.core.spreadsheet import SheetData, write_xlsx

TEMPLATES = Path(__file__).parent / "templates"
SAVE_SUFFIXES = (".html", ".xlsx")


@attrs.frozen
class PrintTable:
    """One table of a document, with an optional totals row (合计)."""

    columns: tuple[Text, ...]
    rows: tuple[tuple[object, ...], ...]
    totals: tuple[object, ...] | None = None
    title: Text = ""


@attrs.frozen
class PrintDoc:
    """A document as printed: heading facts, tables, paragraphs, then signatures.

    ``facts`` are (label, value) pairs under the title (单位, 日期, 编号…);
    ``paragraphs`` are text such as an agreement's terms; ``signatures`` are
    the labels of the lines people sign (经办人, 部门负责人, 校长…).
    """

    title: Text
    facts: tuple[tuple[Text, object], ...] = ()
    tables: tuple[PrintTable, ...] = ()
    paragraphs: tuple[Text, ...] = ()
    signatures: tuple[Text, ...] = ()
    file_name: str = "document"
    """The base name a saved copy gets, without extension."""


def printed(value: object) -> str:
    """A value as printed on paper: yes/no, choice labels, 2024-09-02, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enum):
        return render(label_of(value))
    if isinstance(value, LazyText):
        return value.render()
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _cell(value: object) -> object:
    """A value for a workbook cell: numbers and dates stay what they are."""
    if isinstance(value, bool | Enum | LazyText):
        return printed(value)
    if value is None or isinstance(value, int | Decimal | float | date | str):
        return value
    return str(value)


@cache
def template_environment() -> jinja2.Environment:
    """The templates of printed pages (documents, asset labels), every value escaped."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def html_language() -> str:
    """The ``lang`` of a printed page in the current language."""
    return "en" if get_language() == "en" else "zh-CN"


def render_html(doc: PrintDoc) -> str:
    """``doc`` as a complete HTML page, ready to print on A4; every value is escaped."""
    tables = [
        {
            "title": render(table.title),
            "columns": [render(c) for c in table.columns],
            "rows": [[printed(v) for v in row] for row in table.rows],
            "totals": None if table.totals is None else [printed(v) for v in table.totals],
            "numeric": [_numeric_column(table, i) for i in range(len(table.columns))],
        }
        for table in doc.tables
    ]
    return (
        template_environment()
        .get_template("document.html")
        .render(
            lang=html_language(),
            title=render(doc.title),
            facts=[(render(label), printed(value)) for label, value in doc.facts],
            tables=tables,
            paragraphs=[render(p) for p in doc.paragraphs],
            signatures=[render(s) for s in doc.signatures],
            signed_on=_("Date"),
        )
    )


def _numeric_column(table: PrintTable, index: int) -> bool:
    values = [row[index] for row in table.rows if index < len(row) and row[index] is not None]
    return bool(values) and all(
        isinstance(v, int | Decimal | float) and not isinstance(v, bool) for v in values
    )


_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(wanted: str, taken: set[str]) -> str:
    base = _NOT_IN_SHEET_NAMES.sub(" ", wanted).strip()[:31] or "Sheet"
    name, number = base, 2
    while name in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def sheet_of(doc: PrintDoc) -> list[SheetData]:
    """``doc`` as sheets for :func:`~houqin.core.spreadsheet.write_xlsx`.

    One sheet per table, its totals as the last row; the facts, paragraphs and
    signature lines on a sheet of their own (the only one when there is no table).
    """
    title = render(doc.title)
    taken: set[str] = set()
    sheets = [
        SheetData(
            _sheet_name(render(table.title) or title, taken),
            [render(c) for c in table.columns],
            [
                *([_cell(v) for v in row] for row in table.rows),
                *([[_cell(v) for v in table.totals]] if table.totals is not None else []),
            ],
        )
        for table in doc.tables
    ]
    if doc.facts or doc.paragraphs or doc.signatures or not sheets:
        rows: list[Sequence[Any]] = [[render(label), _cell(value)] for label, value in doc.facts]
        rows += [[render(p)] for p in doc.paragraphs]
        rows += [[render(s), ""] for s in doc.signatures]
        sheets.append(SheetData(_sheet_name(_("About"), taken), [title, ""], rows))
    return sheets


def save(doc: PrintDoc, path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` to ``path``: a printable page for .html, a workbook for .xlsx."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".html":
        target.write_text(render_html(doc), encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(target, sheet_of(doc))
    else:
        raise InvalidInput.single(
            "file",
            N_("a document is saved as .html or .xlsx, not {name!r}", name=target.name),
        )
    return target
