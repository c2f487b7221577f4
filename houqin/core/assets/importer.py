"""The register in and out of spreadsheets: the ledgers finance systems export.

:func:`import_assets` reads an .xlsx (through calamine) or .csv ledger the way
a person reads it: title rows above the headings, merged cells, Chinese
headings in their many spellings (资产编号, 资产名称, 资产分类代码 or 分类名称,
规格型号, 计量单位, 数量, 单价, 价值(元) or 金额, 取得方式, 取得日期 or 购置日期,
使用部门, 使用人 or 保管人, 存放地点, 使用状况, 备注, 累计折旧…), dates in every
form, amounts as text with thousands separators, a 合计 row and signature
lines at the bottom. Every 合计 or 小计 row is checked against the rows read
above it; a mismatch means rows were lost and refuses the file.

Rows are keyed on the asset number: a number already in the register
changes that asset (columns the file lacks keep their values), so importing
the same file twice changes nothing the second time. Rows stream from the
file and are written a thousand at a time inside the caller's transaction;
only the asset numbers seen so far are kept, to find a number used twice.

Without ``skip_invalid`` any bad row refuses the whole file: every problem of
every row is reported at once, with its row, column and reason, and the
caller's unit of work rolls back. With it, the good rows are imported and
the bad ones written to a rejects workbook with a reason column. Either way
an import that loads nothing is an error, never a success.

:func:`export_assets` writes the register with the headings the import
reads, so an export imported into an empty school gives the same register.
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
from collections.abc import Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import IO, Any

import attrs

from houqin.core.assets.categories import CategoryInfo, create_category
from houqin.core.assets.ledger import (
    CELLS,
    COLUMN_LABELS,
    COLUMNS,
    EXPORT_COLUMNS,
    GROUP_OF,
    TotalsCheck,
)
from houqin.core.assets.lines import (
    LineChecker,
    NamedThings,
    RegisterWriter,
    checker_for,
    require_manage_somewhere,
)
from houqin.core.assets.model import AssetInput, CategoryInput, CustomFields
from houqin.core.assets.names import PersonRef, Place, Refusal, split_place
from houqin.core.assets.service import list_assets
from houqin.core.choices import label_of
from houqin.core.commands import structure_command
from houqin.core.convert import parse_str
from houqin.core.errors import FieldError, HouqinError, InvalidInput
from houqin.core.i18n import DEFAULT_LANGUAGE, N_, LazyText, Text, render
from houqin.core.listing import MAX_PAGE_SIZE
from houqin.core.org import service as org
from houqin.core.org.model import (
    BuildingInput,
    CampusInput,
    DepartmentInput,
    PersonInput,
    RoomInput,
    RoomKind,
)
from houqin.core.spreadsheet import (
    Record,
    SheetData,
    SheetRows,
    read_rows,
    sheet_names,
    write_csv,
    write_xlsx,
)
from houqin.core.uow import UnitOfWork

_REJECT_ROW = "原行号"
_REJECT_REASON = "错误原因"

# Import ---------------------------------------------------------------------------------


@attrs.frozen
class AssetImportReport:
    """What an import read and did.

    ``rows`` counts the data rows read; ``totals_checked`` the 合计/小计 rows
    found to agree with them. ``created_*`` name what ``create_missing`` added.
    """

    sheet: str
    rows: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    rejects_path: Path | None
    totals_checked: int
    created_departments: tuple[str, ...] = ()
    created_places: tuple[str, ...] = ()
    created_people: tuple[str, ...] = ()
    created_categories: tuple[str, ...] = ()


class _Rejects:
    """Refused rows and their reasons, kept on disk until the rejects workbook is written."""

    def __init__(self) -> None:
        self.count = 0
        # Closed by close(), which the import calls whatever happens.
        self._spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115

    def add(self, row: int, values: dict[str, Any], reasons: str) -> None:
        pickle.dump((row, values, reasons), self._spool)
        self.count += 1

    def rows(self, fields: list[str]) -> Iterator[list[Any]]:
        self._spool.seek(0)
        for _ in range(self.count):
            row, values, reasons = pickle.load(self._spool)
            yield [row, *(values.get(f) for f in fields), reasons]

    def close(self) -> None:
        self._spool.close()


_Tag = tuple[int, dict[str, Any]]
"""A row's number and its values as read: what a refused row is written back from."""
_PLACE_FIELDS = ("campus", "building", "room")


class _Import:
    """One run of :func:`import_assets`: the file, the writer, and what went wrong where."""

    def __init__(
        self,
        uow: UnitOfWork,
        rows: SheetRows,
        *,
        skip_invalid: bool,
        create_missing: bool,
        checker: LineChecker,
    ) -> None:
        self.uow = uow
        self.rows = rows
        self.sheet = rows.sheet
        self.skip_invalid = skip_invalid
        self.create_missing = create_missing
        self.checker = checker
        self.names = checker.names
        self.errors: list[FieldError] = []
        self.totals_errors: list[FieldError] = []
        self.totals_checked = 0
        self.rejects = _Rejects()
        self.writer: RegisterWriter[_Tag] = RegisterWriter(uow, checker, self._refused)
        present = set(rows.positions)
        self.given = frozenset(GROUP_OF[f] for f in present if f in GROUP_OF)
        self.created: dict[str, list[str]] = {
            "departments": [],
            "places": [],
            "people": [],
            "categories": [],
        }

    # Errors -----------------------------------------------------------------------------

    def _refused(self, tag: _Tag, errors: list[FieldError]) -> None:
        row, raw = tag
        placed = [
            attrs.evolve(
                e,
                row=row,
                sheet=self.sheet,
                label=e.label if e.label is not None else COLUMN_LABELS.get(e.field),
            )
            for e in errors
        ]
        self.errors.extend(placed)
        if self.skip_invalid:
            reasons = "; ".join(
                f"{render(e.label) if e.label is not None else e.field}: {render(e.message)}"
                for e in placed
            )
            self.rejects.add(row, raw, reasons)
        else:
            self.writer.writing = False

    # Reading ----------------------------------------------------------------------------

    def run(self) -> int:
        """Read, check and write every row; returns how many data rows there were."""
        seen: dict[str, int] = {}
        totals = TotalsCheck()
        count = 0
        checked_totals = 0
        for record in self.rows:
            count += 1
            while checked_totals < len(self.rows.totals):
                totals.check(self.rows.totals[checked_totals], self.sheet, self.totals_errors)
                checked_totals += 1
            totals.add(record.values)
            self._row(record, seen)
        self.writer.flush()
        for late in self.rows.totals[checked_totals:]:
            totals.check(late, self.sheet, self.totals_errors)
        self.totals_checked = totals.checked
        return count

    def _row(self, record: Record, seen: dict[str, int]) -> None:
        tag = (record.row, record.values)
        values = {f: CELLS[f](v) if f in CELLS else v for f, v in record.values.items()}
        problems: list[FieldError] = []
        place_from_text = self._location(values, problems)
        if values.get("custodian_no") is not None:
            values["custodian"] = values["custodian_no"]
        if values.get("category") is None and values.get("category_name") is not None:
            values["category"] = values["category_name"]
        number = values.get("number")
        if number is not None:
            first = seen.setdefault(parse_str(number), record.row)
            if first != record.row:
                problems.append(FieldError("number", N_("duplicates row {row}", row=first)))
        try:
            cmd: AssetInput | None = structure_command(
                self.uow.school.converter, AssetInput, values
            )
        except InvalidInput as exc:
            problems.extend(exc.errors)
            cmd = None
        if cmd is None:
            # The names are looked up all the same, so that every problem is told at once.
            named = self.checker.resolve(_named(values))
            if isinstance(named, list):
                problems += [e for e in named if e.field not in {p.field for p in problems}]
            self._refused(tag, _on_location(problems, place_from_text))
            return
        if not problems and self.create_missing:
            self._create_missing(cmd, record.values, problems)
        line = self.checker.check(cmd, tag, self.given)
        if isinstance(line, list):
            problems.extend(line)
        if problems or isinstance(line, list):
            self._refused(tag, _on_location(problems, place_from_text))
            return
        self.writer.add(line)

    def _location(self, values: dict[str, Any], problems: list[FieldError]) -> bool:
        """Put a one-cell location (存放地点) into campus, building and room."""
        text = values.pop("location", None)
        if text is None or any(values.get(f) for f in ("campus", "building", "room")):
            return False
        text = str(text).strip()
        found = self.names.place_from_text(text)
        if isinstance(found, Place):
            values.update(campus=found.campus, building=found.building, room=found.room)
            return True
        if self.create_missing:
            parts = self._split_location(text)
            if parts is not None:
                values.update(parts)
                return True
        problems.append(FieldError("location", found.message))
        return True

    def _split_location(self, text: str) -> dict[str, str | None] | None:
        parts = split_place(text)
        campuses = list(self.names.campuses_known())
        if len(parts) == 3:
            return {"campus": parts[0], "building": parts[1], "room": parts[2]}
        if len(parts) == 2:
            if parts[0] in campuses:
                return {"campus": parts[0], "building": parts[1], "room": None}
            if len(campuses) == 1:
                return {"campus": campuses[0], "building": parts[0], "room": parts[1]}
        return None

    # Creating what the ledger names -----------------------------------------------------

    def _create(self, field: str, make: Any, problems: list[FieldError]) -> Any:
        try:
            with self.uow.conn.begin_nested():
                return make()
        except InvalidInput as exc:
            problems.extend(attrs.evolve(e, field=field, label=None) for e in exc.errors)
        except HouqinError as exc:  # not allowed to create it, or it clashes
            problems.append(FieldError(field, exc.message))
        return None

    def _create_missing(
        self, cmd: AssetInput, raw: dict[str, Any], problems: list[FieldError]
    ) -> None:
        uow, names = self.uow, self.names
        if cmd.department and names.department(cmd.department) is None:
            made = self._create(
                "department",
                lambda: org.create_department(uow, DepartmentInput(name=cmd.department or "")),
                problems,
            )
            if made is not None:
                names.remember_department(made.name, made.id)
                self.created["departments"].append(made.name)
        if cmd.campus and (cmd.building or not cmd.room):
            self._create_place(cmd, problems)
        if cmd.custodian and _nobody(names.person(cmd.custodian)):
            self._create_person(raw, problems)
        if cmd.category and not isinstance(
            self.checker.categories.find(cmd.category), CategoryInfo
        ):
            self._create_category(cmd, raw, problems)

    def _create_place(self, cmd: AssetInput, problems: list[FieldError]) -> None:
        uow, names = self.uow, self.names
        assert cmd.campus is not None
        campus_id = names.campus(cmd.campus)
        if campus_id is None:
            made = self._create(
                "campus",
                lambda: org.create_campus(uow, CampusInput(name=cmd.campus or "")),
                problems,
            )
            if made is None:
                return
            campus_id = made.id
            names.remember_place(Place(made.id, made.name))
            self.created["places"].append(made.name)
        if not cmd.building:
            return
        building_id = names.building(campus_id, cmd.building)
        if building_id is None:
            building = self._create(
                "building",
                lambda: org.create_building(
                    uow, BuildingInput(campus=cmd.campus or "", name=cmd.building or "")
                ),
                problems,
            )
            if building is None:
                return
            building_id = building.id
            names.remember_place(Place(campus_id, cmd.campus, building.id, building.name))
            self.created["places"].append(f"{cmd.campus} {building.name}")
        if cmd.room and names.room(building_id, cmd.room) is None:
            room = self._create(
                "room",
                lambda: org.create_room(
                    uow,
                    RoomInput(
                        campus=cmd.campus or "",
                        building=cmd.building or "",
                        name=cmd.room or "",
                        kind=RoomKind.OTHER,
                    ),
                ),
                problems,
            )
            if room is not None:
                names.remember_place(
                    Place(campus_id, cmd.campus, building_id, cmd.building, room.id, room.name)
                )
                self.created["places"].append(f"{cmd.campus} {cmd.building} {room.name}")

    def _create_person(self, raw: dict[str, Any], problems: list[FieldError]) -> None:
        name = raw.get("custodian")
        number = raw.get("custodian_no")
        if name is None:
            return  # a staff number alone says nothing of who the person is
        person = PersonInput(
            name=str(name).strip(),
            staff_no=str(_plain_text(number)) if number is not None else None,
        )
        made = self._create("custodian", lambda: org.create_person(self.uow, person), problems)
        if made is not None:
            self.names.remember_person(PersonRef(made.id, made.name, made.staff_no))
            self.created["people"].append(made.name)

    def _create_category(
        self, cmd: AssetInput, raw: dict[str, Any], problems: list[FieldError]
    ) -> None:
        code, name = raw.get("category"), raw.get("category_name")
        if code is None or name is None:
            return
        index = self.checker.categories
        parent = index.nearest_parent(str(code).strip())
        if parent is None:
            return  # not a standard code whose class is known: the row is refused below
        made = self._create(
            "category",
            lambda: create_category(
                self.uow,
                CategoryInput(code=str(code).strip(), name=str(name).strip(), parent=parent.code),
            ),
            problems,
        )
        if made is not None:
            index.add(
                CategoryInfo(
                    made.id,
                    made.code,
                    made.name,
                    parent.id,
                    made.depreciable,
                    made.useful_life_months,
                    made.exchange_required,
                )
            )
            self.created["categories"].append(f"{made.code} {made.name}")

    # Rejects ----------------------------------------------------------------------------

    def write_rejects(self, path: Path) -> None:
        fields = sorted(self.rows.positions, key=lambda f: self.rows.positions[f])
        headings = [_REJECT_ROW, *(_heading(f) for f in fields), _REJECT_REASON]
        data = SheetData(_sheet_title(self.sheet), headings, self.rejects.rows(fields))
        if path.suffix.lower() == ".csv":
            write_csv(path, data)
        else:
            write_xlsx(path, [data])


def _named(values: dict[str, Any]) -> NamedThings:
    """The names a row gives, as text, whatever else is wrong with it."""

    def text(field: str) -> str | None:
        value = values.get(field)
        return None if value is None else parse_str(value) or None

    return NamedThings(*(text(f) for f in ("category", "department", "custodian", *_PLACE_FIELDS)))


def _on_location(problems: list[FieldError], from_text: bool) -> list[FieldError]:
    """Blame the 存放地点 column for a place it named, not columns the file does not have."""
    if not from_text:
        return problems
    return [attrs.evolve(e, field="location") if e.field in _PLACE_FIELDS else e for e in problems]


def _nobody(found: PersonRef | Refusal) -> bool:
    """True when no one has the name or number (not when several share the name)."""
    return isinstance(found, Refusal) and _msgid_of(found.message).startswith("there is nobody")


def _msgid_of(message: Text) -> str:
    return message.msgid if isinstance(message, LazyText) else message


def _plain_text(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _heading(field: str) -> str:
    return next(c.heading for c in COLUMNS if c.field == field)


def _sheet_title(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "rejects"


def _open_ledger(path: Path, sheet: str | None) -> SheetRows:
    """The ledger's sheet: the one named, else the first whose headings fit."""
    if sheet is not None:
        return read_rows(path, COLUMNS, sheet=sheet)
    first_refusal: InvalidInput | None = None
    for name in sheet_names(path):
        try:
            return read_rows(path, COLUMNS, sheet=name)
        except InvalidInput as exc:
            first_refusal = first_refusal or exc
    assert first_refusal is not None
    raise first_refusal


def _file_error(
    message: LazyText, sheet: str | None = None, row: int | None = None
) -> InvalidInput:
    return InvalidInput([FieldError("file", message, row=row, sheet=sheet, label=N_("File"))])


def import_assets(
    uow: UnitOfWork,
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    skip_invalid: bool = False,
    rejects: str | os.PathLike[str] | None = None,
    create_missing: bool = False,
    depreciation_as_of: date | None = None,
) -> AssetImportReport:
    """Create or change assets from the ledger at ``path`` (.xlsx, .xls, .ods or .csv).

    Refused with :class:`InvalidInput` listing every problem (row, column,
    reason) unless ``skip_invalid``; then the bad rows go to ``rejects`` (an
    .xlsx or .csv file) and only an import that loads no row at all is
    refused. ``create_missing`` adds the departments, campuses, buildings,
    rooms, people and standard sub-categories the ledger names and the
    school lacks. Accumulated depreciation without its own date is taken as
    of ``depreciation_as_of`` (today by default). A dry run is the caller's
    ``school.write(actor, dry_run=True)``.
    """
    require_manage_somewhere(uow)
    source = Path(path)
    rows = _open_ledger(source, sheet)
    if "category" not in rows.positions and "category_name" not in rows.positions:
        rows.close()
        raise _file_error(
            N_(
                "there is no category column (资产分类代码 or 分类名称; "
                "headings read from row {row})",
                row=rows.header_row,
            ),
            sheet=rows.sheet,
        )
    if "value" not in rows.positions and "unit_price" not in rows.positions:
        rows.close()
        raise _file_error(
            N_(
                "there is no value column (价值 or 单价; headings read from row {row})",
                row=rows.header_row,
            ),
            sheet=rows.sheet,
        )
    checker = checker_for(uow, default_as_of=depreciation_as_of or date.today())
    checker.names.load_all()
    run = _Import(
        uow, rows, skip_invalid=skip_invalid, create_missing=create_missing, checker=checker
    )
    try:
        with rows:
            count = run.run()
        if count == 0:
            raise _file_error(
                N_("there are no asset rows below the headings in row {row}", row=rows.header_row),
                sheet=rows.sheet,
            )
        counts = run.writer.counts
        everything = sorted(run.errors + run.totals_errors, key=lambda e: (e.row or 0, e.field))
        # Totals that disagree mean the file lost rows: no row of it can be trusted.
        if run.totals_errors or (run.errors and not skip_invalid):
            raise InvalidInput(everything)
        rejects_path = None
        if skip_invalid and run.rejects.count:
            rejects_path = (
                Path(rejects)
                if rejects is not None
                else source.with_name(f"{source.stem}.rejects.xlsx")
            )
            run.write_rejects(rejects_path)
        if counts.created + counts.updated + counts.unchanged == 0:
            raise InvalidInput(everything)
    finally:
        run.rejects.close()
    report = AssetImportReport(
        sheet=rows.sheet,
        rows=count,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=run.rejects.count,
        rejects_path=rejects_path,
        totals_checked=run.totals_checked,
        created_departments=tuple(run.created["departments"]),
        created_places=tuple(run.created["places"]),
        created_people=tuple(run.created["people"]),
        created_categories=tuple(run.created["categories"]),
    )
    uow.record(
        "assets.imported",
        "asset",
        "*",
        after={
            "file": source.name,
            "sheet": report.sheet,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": report.rejected,
        },
    )
    return report


# Export ---------------------------------------------------------------------------------


def _cell(value: Any, *, csv: bool) -> Any:
    """A value as a ledger holds it: a choice by its Chinese label, custom fields as text."""
    if isinstance(value, Enum):
        return render(label_of(value), DEFAULT_LANGUAGE)
    if isinstance(value, CustomFields):
        return str(value) or None
    if csv and isinstance(value, date):
        return value.isoformat()
    return value


def export_assets(uow: UnitOfWork, path: str | os.PathLike[str], **filters: Any) -> int:
    """Write the register the actor may see (as filtered) to .xlsx or .csv; returns the rows.

    The headings are those :func:`import_assets` reads, first spelling, and
    rows are written as they are read from the database, a page at a time.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InvalidInput(
            [
                FieldError(
                    "file",
                    N_("the register is exported to an .xlsx or .csv file"),
                    label=N_("File"),
                )
            ]
        )
    csv = suffix == ".csv"
    headings = [c.heading for c in EXPORT_COLUMNS]

    def rows() -> Iterator[list[Any]]:
        after: str | None = None
        while True:
            page = list_assets(uow, after=after, limit=MAX_PAGE_SIZE, **filters)
            for found in page.items:
                yield [_cell(getattr(found, c.field), csv=csv) for c in EXPORT_COLUMNS]
            if page.next_cursor is None:
                return
            after = page.next_cursor

    data = SheetData("固定资产", headings, rows())
    if csv:
        return write_csv(target, data)
    return write_xlsx(target, [data])["固定资产"]
