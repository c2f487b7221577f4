"""Ledgers in and out: spreadsheets as a school office really keeps them.

:func:`read_rows` reads an .xlsx, .xls, .xlsb, .ods or .csv file the way a
person reads it: it skips the title rows above the headings, finds the
heading row by the names it knows (Chinese or English, with or without units
in brackets), fills merged cells with the value a person sees in them, skips
blank rows, sets totals rows (合计, 小计, Total) aside for the caller to
check, and leaves out the signature lines at the bottom (制表人：张三 审核人：李四).
Each data row comes back with its row number as the spreadsheet program
shows it, so an error can say where to look.

:func:`write_xlsx` and :func:`write_csv` write sheets row by row, so an
export never holds the whole table in memory.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import os
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, time
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

import attrs
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from houqin.core.errors import FieldError, InvalidInput
from houqin.core.i18n import N_, LazyText, render

HEADING_SEARCH_ROWS = 30
"""The heading row is looked for among this many rows at the top of a sheet."""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
STREAMED_SUFFIXES = (".xlsx", ".xlsm")
STREAM_ABOVE_BYTES = 20 * 2**20
"""An .xlsx file larger than this (about 200 000 register lines) is read row by row.

Below it calamine reads the whole sheet at once, fast, in about 1.7 kB of
memory a line; above it openpyxl streams the rows in a few megabytes, about
ten times slower. .xls, .xlsb and .ods files are always read whole.
"""
CSV_SUFFIXES = (".csv",)


@attrs.frozen
class Column:
    """One column a reader looks for: the field it fills and the headings it goes by.

    ``synonyms`` are the headings staff write, Chinese and English; the first
    one is the heading :attr:`heading` writes on export. Headings match
    whatever their case, spaces, line breaks, full-width forms or a unit in
    brackets: ``面积（㎡）`` matches ``面积``.
    """

    field: str
    label: LazyText
    synonyms: tuple[str, ...] = ()
    required: bool = False

    @property
    def heading(self) -> str:
        """The heading written on export: the first synonym, else the label."""
        return self.synonyms[0] if self.synonyms else render(self.label)


class Record(NamedTuple):
    """One row of a sheet: its row number as a person sees it and its raw values by field.

    Values are as the file holds them (text, numbers, dates): the command
    converter turns them into typed values. A blank cell is ``None``; a
    column the sheet does not have is left out, so that a caller can tell
    "emptied" from "not given".
    """

    row: int
    values: dict[str, Any]


# Headings -------------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[\s_\-.·*:#/、]+")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕")


def _fold(text: str) -> str:
    # NFKC turns full-width letters and brackets into plain ones (（）→ (), ㎡ → m2).
    return unicodedata.normalize("NFKC", text).casefold()


def heading_keys(text: Any) -> tuple[str, ...]:
    """The forms a heading is matched by: whole, and without a bracketed unit."""
    folded = _fold(str(text))
    whole = _PUNCTUATION.sub("", folded)
    short = _PUNCTUATION.sub("", _BRACKETED.sub("", folded))
    return (whole, short) if short and short != whole else (whole,)


def sheet_key(name: str) -> str:
    """A sheet name as it is compared: case, spaces and full-width forms ignored."""
    return _PUNCTUATION.sub("", _fold(name))


def _heading_index(columns: Sequence[Column]) -> dict[str, str]:
    index: dict[str, str] = {}
    for column in columns:
        names = (column.field, column.label.msgid, *column.synonyms)
        for name in names:
            key = heading_keys(name)[0]
            known = index.setdefault(key, column.field)
            if known != column.field:
                raise ValueError(f"heading {name!r} names both {known!r} and {column.field!r}")
    return index


def _match_headings(cells: Sequence[Any], index: Mapping[str, str]) -> dict[str, int]:
    """Field → column position for the cells of one row; the first column of a field wins."""
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        if _blank(cell):
            continue
        for key in heading_keys(cell):
            field = index.get(key)
            if field is not None:
                found.setdefault(field, position)
                break
    return found


# Rows that are not data -----------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_TOTALS = re.compile(
    r"^(?:本页|本表|本月|本年|全部|累计)?(?:合计|总计|小计|共计)(?=$|[:(\d])"
    r"|^(?:sub|grand)?totals?(?![a-z])"
)

# A role ending in 人 is a label even with the name right after it (制表人张三);
# a bare word is one only before a colon or a space, so 审核中心 stays data.
_SIGNATURE = re.compile(
    r"^(?:(?:制表|填表|填报|审核|复核|审批|负责|盘点|监盘|经办|保管|验收)人"
    r"|(?:制表|填表|审核|复核|签字|签名|填报单位|单位|制表日期|填报日期|日期)(?=$|[:\s(]))"
    r"(?:签字|签名|签章|\(签字\)|\(签名\)|\(签章\)|\(盖章\))?"
)
_NOTE = re.compile(r"^(?:注|说明|备注|填表说明|note)\s*[:]")


def _text(value: Any) -> str:
    return _fold(value).strip() if isinstance(value, str) else ""


_SPACES = re.compile(r"\s+")


def _is_footer(cells: Sequence[Any]) -> bool:
    """A signature line (制表人：张三  审核人：李四) or a lone note, not data.

    Every filled cell must be a signature label, or the one value written in
    the cell after a label that has none of its own; any other value means
    the row is data and is kept.
    """
    filled = [c for c in cells if not _blank(c)]
    if len(filled) == 1 and _NOTE.match(_text(filled[0])):
        return True
    awaiting_value = False
    for cell in filled:
        text = _text(cell)
        label = _SIGNATURE.match(text)
        if label is not None:
            awaiting_value = not text[label.end() :].strip(" :\t\r\n\u3000")
        elif awaiting_value:
            awaiting_value = False
        else:
            return False
    return True


# Reading --------------------------------------------------------------------------------

RawRows = Iterator[tuple[int, list[Any]]]
"""(row number as shown, cells) for every row of a sheet, blank ones included."""


class SheetRows:
    """The data rows of one sheet, read as they are iterated (once).

    ``header_row`` is the row the headings were found in, ``positions`` the
    column (0-based, within the sheet's used area) of each field found, and
    ``totals`` the totals rows met so far: complete once iteration has ended.
    """

    def __init__(
        self, sheet: str, header_row: int, positions: dict[str, int], rows: RawRows
    ) -> None:
        self.sheet = sheet
        self.header_row = header_row
        self.positions = positions
        self.totals: list[Record] = []
        self._rows = rows

    def _pick(self, cells: Sequence[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        width = len(cells)
        for field, position in self.positions.items():
            value = cells[position] if position < width else None
            values[field] = None if _blank(value) else value
        return values

    def __iter__(self) -> Iterator[Record]:
        for number, cells in self._rows:
            first = next((c for c in cells if not _blank(c)), None)
            if first is None:
                continue
            # Totals and signature rows begin with their word: a row whose first
            # filled cell is a number or a date is data.
            if isinstance(first, str):
                text = _fold(first).strip()
                if _TOTALS.match(_SPACES.sub("", text)):
                    self.totals.append(Record(number, self._pick(cells)))
                    continue
                if (_SIGNATURE.match(text) or _NOTE.match(text)) and _is_footer(cells):
                    continue
            values = self._pick(cells)
            # A pre-numbered template row (only 序号 filled) holds nothing to import.
            if all(v is None for v in values.values()):
                continue
            yield Record(number, values)

    def close(self) -> None:
        """Release the file; needed only when iteration stops early."""
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> SheetRows:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def read_rows(
    path: str | os.PathLike[str], columns: Sequence[Column], *, sheet: str | None = None
) -> SheetRows:
    """Open ``sheet`` of the file at ``path`` (the first sheet by default) and find its headings.

    Returns the data rows to iterate, each a :class:`Record`; columns the
    file has but ``columns`` does not name are ignored. A CSV file holds one
    sheet named after the file. Refused with :class:`InvalidInput` when the
    file cannot be read, the sheet does not exist, or a required column is
    missing (each missing column is named).
    """
    name, raw = _open_sheet(Path(path), sheet)
    index = _heading_index(columns)
    best: tuple[int, dict[str, int]] | None = None
    looked_at: list[tuple[int, list[Any]]] = []
    for number, cells in raw:
        looked_at.append((number, cells))
        found = _match_headings(cells, index)
        if found and (best is None or len(found) > len(best[1])):
            best = (number, found)
        if len(looked_at) >= HEADING_SEARCH_ROWS:
            break
    if best is None:
        _close(raw)
        raise InvalidInput(_no_headings(name, columns))
    header_row, positions = best
    missing = [c for c in columns if c.required and c.field not in positions]
    if missing:
        _close(raw)
        raise InvalidInput(
            [
                FieldError(
                    c.field,
                    N_(
                        "there is no {heading} column (headings read from row {row})",
                        heading=c.heading,
                        row=header_row,
                    ),
                    sheet=name,
                    label=c.label,
                )
                for c in missing
            ]
        )
    after_header = [(n, cells) for n, cells in looked_at if n > header_row]
    return SheetRows(name, header_row, positions, _chain(after_header, raw))


def _no_headings(sheet: str, columns: Sequence[Column]) -> list[FieldError]:
    required = [c for c in columns if c.required]
    if required:
        return [
            FieldError(
                c.field,
                N_(
                    "there is no {heading} column in the first {count} rows",
                    heading=c.heading,
                    count=HEADING_SEARCH_ROWS,
                ),
                sheet=sheet,
                label=c.label,
            )
            for c in required
        ]
    return [
        FieldError(
            "headings",
            N_(
                "none of the first {count} rows holds headings such as {examples}",
                count=HEADING_SEARCH_ROWS,
                examples="、".join(c.heading for c in columns[:4]),
            ),
            sheet=sheet,
            label=N_("Headings"),
        )
    ]


def _chain(first: list[tuple[int, list[Any]]], rest: RawRows) -> RawRows:
    try:
        yield from first
        yield from rest
    finally:
        _close(rest)


def _close(rows: RawRows) -> None:
    close = getattr(rows, "close", None)
    if close is not None:
        close()


def sheet_names(path: str | os.PathLike[str]) -> list[str]:
    """The sheets of a workbook in order; a CSV file's one sheet is named after the file."""
    source = Path(path)
    if _kind(source) == "csv":
        return [source.stem]
    workbook = _open_workbook(source)
    try:
        return list(workbook.sheet_names)
    finally:
        workbook.close()


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in WORKBOOK_SUFFIXES:
        return "workbook"
    raise InvalidInput(
        [
            FieldError(
                "file",
                N_(
                    "{name} cannot be read: use an .xlsx, .xls, .ods or .csv file",
                    name=path.name,
                ),
                label=N_("File"),
            )
        ]
    )


def _unreadable(path: Path, reason: object) -> InvalidInput:
    return InvalidInput(
        [
            FieldError(
                "file",
                N_("{name} cannot be read: {reason}", name=path.name, reason=str(reason)),
                label=N_("File"),
            )
        ]
    )


def _open_sheet(path: Path, sheet: str | None) -> tuple[str, RawRows]:
    if _kind(path) == "csv":
        if sheet is not None and sheet_key(sheet) != sheet_key(path.stem):
            raise _no_sheet(path, sheet)
        return path.stem, _csv_rows(path, _csv_encoding(path))
    if path.suffix.lower() in STREAMED_SUFFIXES and path.stat().st_size > STREAM_ABOVE_BYTES:
        return _streamed_sheet(path, sheet)
    workbook = _open_workbook(path)
    try:
        name = _chosen_sheet(path, list(workbook.sheet_names), sheet)
        found = workbook.get_sheet_by_name(name)
    finally:
        workbook.close()
    return name, _workbook_rows(found)


def _chosen_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    """``sheet`` when the workbook has it; the first sheet when none is asked for."""
    if sheet is None:
        if not names:
            raise _unreadable(path, "no sheets")
        return names[0]
    if sheet in names:
        return sheet
    raise _no_sheet(path, sheet)


def _no_sheet(path: Path, sheet: str) -> InvalidInput:
    return InvalidInput(
        [
            FieldError(
                "sheet",
                N_("{name} has no sheet named {sheet}", name=path.name, sheet=sheet),
                sheet=sheet,
                label=N_("Sheet"),
            )
        ]
    )


def _open_workbook(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise _unreadable(path, "the file does not exist") from None
    except (CalamineError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None


def _workbook_rows(sheet: CalamineSheet) -> RawRows:
    """Rows of a calamine sheet numbered as Excel shows them, merged cells filled in.

    calamine loads the sheet's cells into its own compact store; rows become
    Python lists one at a time.
    """
    start = sheet.start
    if start is None:
        return
    first_row, first_col = start
    merged = sorted(sheet.merged_cell_ranges or [])
    rows: Iterator[list[Any]] = iter(sheet.iter_rows())
    first = next(rows, None)
    if first is None:
        return
    # iter_rows() starts at row 0 although the used area starts lower
    # (python-calamine issue #177); should that change, the first row it gives
    # is the first used one, which is never blank.
    offset = first_row if first_row > 0 and any(not _blank(c) for c in first) else 0
    numbered = _numbered(offset, first, rows)
    yield from _fill_merged(numbered, merged, first_col)


def _streamed_sheet(path: Path, sheet: str | None) -> tuple[str, RawRows]:
    """A large .xlsx sheet read row by row: only one row is held at a time.

    openpyxl's read-only mode streams the sheet's XML (about ten times slower
    than calamine, in a few megabytes instead of about 1.7 kB a row). Its
    read-only sheets do not report merged cells, which follow the rows in the
    sheet's XML: they are found first by scanning the XML for them.
    """
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise _unreadable(path, "the file does not exist") from None
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise _unreadable(path, exc) from None
    try:
        name = _chosen_sheet(path, list(workbook.sheetnames), sheet)
        worksheet = workbook[name]
        spans = _merged_spans(workbook, worksheet)
        # The sheet's stated size can be wrong: a row beyond it must not be lost.
        worksheet.reset_dimensions()
    except BaseException:
        workbook.close()
        raise
    rows = worksheet.iter_rows(min_row=1, min_col=1, values_only=True)
    return name, _closing(workbook, _fill_merged(enumerate(map(_as_read, rows)), spans, 0))


def _as_read(row: tuple[Any, ...]) -> list[Any]:
    """A streamed row's cells as calamine gives them: a date without a time is a date."""
    return [
        value.date() if type(value) is datetime and value.time() == _MIDNIGHT else value
        for value in row
    ]


_MIDNIGHT = time()


def _closing(workbook: Any, rows: RawRows) -> RawRows:
    try:
        yield from rows
    finally:
        workbook.close()


_MERGE_CELL = re.compile(
    rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+[0-9]+(?::[A-Za-z]+[0-9]+)?)\""
)


def _merged_spans(workbook: Any, worksheet: Any) -> list[Span]:
    """The merged areas of a read-only sheet, 0-based as calamine gives them, in order."""
    # Read-only sheets keep their part's name and the open archive, not their merged cells.
    refs: set[bytes] = set()
    tail = b""
    with workbook._archive.open(worksheet._worksheet_path) as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            if b"mergeCell" in data:
                refs.update(m.group(1) for m in _MERGE_CELL.finditer(data))
            tail = data[-256:]
    spans: list[Span] = []
    for ref in refs:
        left, top, right, bottom = range_boundaries(ref.decode("ascii"))
        assert left is not None and top is not None and right is not None and bottom is not None
        spans.append(((top - 1, left - 1), (bottom - 1, right - 1)))
    return sorted(spans)


def _numbered(offset: int, first: list[Any], rest: Iterator[list[Any]]) -> RawRows:
    yield offset, first
    yield from enumerate(rest, start=offset + 1)


Span = tuple[tuple[int, int], tuple[int, int]]


def _fill_merged(rows: RawRows, spans: list[Span], first_col: int) -> RawRows:
    """Give every cell of a merged area the value of its top-left cell, as a person reads it.

    Rows arrive 0-based and leave numbered from 1, as the spreadsheet shows them.
    """
    upcoming = 0
    active: list[tuple[Span, Any]] = []
    for index, cells in rows:
        while upcoming < len(spans) and spans[upcoming][0][0] <= index:
            span = spans[upcoming]
            upcoming += 1
            (top, left), _ = span
            position = left - first_col
            if top == index and 0 <= position < len(cells) and not _blank(cells[position]):
                active.append((span, cells[position]))
        active = [(span, value) for span, value in active if span[1][0] >= index]
        for ((_, left), (_, right)), value in active:
            end = right - first_col + 1
            if end > len(cells):  # a streamed row stops at its last written cell
                cells.extend([None] * (end - len(cells)))
            for position in range(max(left - first_col, 0), end):
                cells[position] = value
        yield index + 1, cells


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes so, else GB18030 (Excel's 中文)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except FileNotFoundError:
        raise _unreadable(path, "the file does not exist") from None
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def _csv_rows(path: Path, encoding: str) -> RawRows:
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(8192)
        handle.seek(0)
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        try:
            for number, cells in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                yield number, list(cells)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise _unreadable(path, exc) from None


# Writing --------------------------------------------------------------------------------


@attrs.frozen
class SheetData:
    """A sheet to write: its name, the heading of each column and the rows below them.

    ``rows`` may be a generator; it is consumed once, while writing.
    """

    name: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Any]]


def write_xlsx(path: str | os.PathLike[str], sheets: Iterable[SheetData]) -> dict[str, int]:
    """Write ``sheets`` to an .xlsx workbook, row by row; returns the rows written per sheet.

    The headings are bold and stay in view while scrolling. Text is always
    written as text, so a value starting with ``=`` never becomes a formula.
    The file is replaced only once it is complete.
    """
    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    with _replacing(Path(path)) as temporary:
        try:
            for data in sheets:
                counts[data.name] = _write_sheet(workbook.create_sheet(data.name), data)
        except BaseException:
            # Saving is what closes the temporary files openpyxl keeps per sheet.
            with contextlib.suppress(Exception):
                workbook.save(temporary)
            raise
        workbook.save(temporary)
    return counts


def _write_sheet(sheet: Any, data: SheetData) -> int:
    sheet.freeze_panes = "A2"
    headings = []
    for position, heading in enumerate(data.headings, start=1):
        # Chinese characters are about twice as wide as Latin ones.
        width = max(10, sum(2 if ord(ch) > 0x2E7F else 1 for ch in heading) + 4)
        sheet.column_dimensions[get_column_letter(position)].width = width
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        headings.append(cell)
    sheet.append(headings)
    count = 0
    for row in data.rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
        count += 1
    return count


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = _ILLEGAL_XML.sub("", value)
    if text.startswith("="):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def write_csv(
    path: str | os.PathLike[str], sheet: SheetData, *, encoding: str = "utf-8-sig"
) -> int:
    """Write one sheet as CSV (UTF-8 with a BOM, which Excel opens as 中文); returns its rows."""
    count = 0
    with (
        _replacing(Path(path)) as temporary,
        open(temporary, "w", encoding=encoding, newline="") as handle,
    ):
        writer = csv.writer(handle)
        writer.writerow(sheet.headings)
        for row in sheet.rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[str]:
    """A temporary file beside ``path`` that replaces it when the block ends without error."""
    # Beside the target, so that the final rename stays on one file system.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield str(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
