"""Printable documents: what a write-off form, a custody agreement or a report holds.

A service builds a :class:`PrintDoc` — a title, the facts at its head, one or
more tables, paragraphs and the signature lines — and every frontend prints
the same thing: the web as a printable page, the CLI and the terminal
interface as an HTML file or an .xlsx workbook.
"""

from __future__ import annotations

import attrs

from houqin.core.i18n import Text


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
