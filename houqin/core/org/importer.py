"""The organisation in one workbook: import it from the office's ledgers, export it back.

A workbook holds up to six sheets: 校区, 楼宇, 房间, 部门, 人员 and 班级 (or
Campuses, Buildings, Rooms, Departments, People, Classes). Each row becomes
the same command a form sends and goes through the same service, so the same
rules apply. A row whose object already exists (same campus name; campus and
building; campus, building and room; department name; staff number, else
name; campus and class name) changes it, so importing a file twice changes
nothing the second time. Columns a sheet leaves out keep their current values.

Every problem in every sheet is collected before anything is refused; the
caller's unit of work then rolls back and nothing is written. A dry run is
the caller's ``school.write(actor, dry_run=True)``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import attrs
import sqlalchemy as sa

from houqin.core.choices import label_of
from houqin.core.commands import describe_command, structure_command
from houqin.core.errors import Conflict, FieldError, InvalidInput, NotFound
from houqin.core.i18n import DEFAULT_LANGUAGE, N_, LazyText, Text, render
from houqin.core.listing import MAX_PAGE_SIZE, Page
from houqin.core.org import service
from houqin.core.org import tables as t
from houqin.core.org.model import (
    BuildingInput,
    CampusInput,
    ClassInput,
    DepartmentInput,
    PersonInput,
    RoomInput,
    SchoolClass,
)
from houqin.core.spreadsheet import Column, SheetData, read_rows, sheet_key, sheet_names, write_xlsx
from houqin.core.uow import UnitOfWork

C = TypeVar("C", bound=attrs.AttrsInstance)
R = TypeVar("R")

Outcome = Literal["created", "updated", "unchanged"]


@attrs.frozen
class SheetCounts:
    """What the import did with one sheet: ``kind`` is campuses, buildings, rooms…"""

    kind: str
    sheet: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@attrs.frozen
class ImportReport:
    """What the import did, by sheet name as the file spells it, in the order applied."""

    sheets: dict[str, SheetCounts]

    def counts(self, kind: str) -> SheetCounts:
        """The counts of ``kind`` (campuses, buildings, rooms, departments, people, classes)."""
        for counts in self.sheets.values():
            if counts.kind == kind:
                return counts
        return SheetCounts(kind, "")

    @property
    def created(self) -> int:
        return sum(c.created for c in self.sheets.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.sheets.values())


@attrs.frozen
class ExportReport:
    """The workbook written and the rows written to each of its sheets."""

    path: Path
    rows: dict[str, int]


@attrs.frozen
class _Sheet(Generic[C]):
    """How one kind of object is read from and written to its sheet."""

    kind: str
    names: tuple[str, ...]
    command: type[C]
    columns: tuple[Column, ...]
    key: Callable[[C], Hashable]
    key_field: Callable[[C], str]
    find: Callable[[UnitOfWork, C], int | None]
    current: Callable[[UnitOfWork, int, C], C]
    create: Callable[[UnitOfWork, C], object]
    update: Callable[[UnitOfWork, int, C], object]
    export: Callable[[UnitOfWork], Iterator[C]]
    arrange: Callable[[list[tuple[int, C]]], list[tuple[int, C]]] = lambda rows: rows
    """Puts the rows read in the order they are applied; file order by default."""

    @property
    def name(self) -> str:
        """The sheet name written on export."""
        return self.names[0]

    def label(self, field: str) -> Text | None:
        return next((c.label for c in self.columns if c.field == field), None)


def _columns(command: type[Any], synonyms: dict[str, tuple[str, ...]]) -> tuple[Column, ...]:
    """One column per command field, in declaration order, with its headings."""
    columns = []
    for spec in describe_command(command):
        label = spec.label if isinstance(spec.label, LazyText) else N_(spec.label)
        columns.append(Column(spec.name, label, synonyms[spec.name], required=spec.required))
    return tuple(columns)


def _id(uow: UnitOfWork, query: sa.Select[Any]) -> int | None:
    found = uow.conn.execute(query).scalar()
    return None if found is None else int(found)


def _pages(fetch: Callable[[str | None], Page[R]]) -> Iterator[Page[R]]:
    """Every page of a paged list, from the first; ``fetch`` takes the cursor."""
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        yield page
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _every(fetch: Callable[[str | None], Page[R]]) -> Iterator[R]:
    """Every item of a paged list, one page in memory at a time."""
    for page in _pages(fetch):
        yield from page.items


_CAMPUS_COLUMN = ("校区", "所属校区", "campus")


# Campuses -------------------------------------------------------------------------------


def _find_campus(uow: UnitOfWork, cmd: CampusInput) -> int | None:
    return _id(uow, sa.select(t.campus.c.id).where(t.campus.c.name == cmd.name))


def _current_campus(uow: UnitOfWork, object_id: int, _given: CampusInput) -> CampusInput:
    found = service.get_campus(uow, object_id)
    return CampusInput(found.name, found.code, found.address)


def _export_campuses(uow: UnitOfWork) -> Iterator[CampusInput]:
    for found in _every(lambda after: service.list_campuses(uow, after=after, limit=MAX_PAGE_SIZE)):
        yield CampusInput(found.name, found.code, found.address)


CAMPUSES = _Sheet(
    kind="campuses",
    names=("校区", "campuses", "campus"),
    command=CampusInput,
    columns=_columns(
        CampusInput,
        {
            "name": ("校区名称", "名称", "校区", "campus name", "campus"),
            "code": ("编码", "校区编码", "代码", "code"),
            "address": ("地址", "校区地址", "address"),
        },
    ),
    key=lambda cmd: cmd.name,
    key_field=lambda cmd: "name",
    find=_find_campus,
    current=_current_campus,
    create=service.create_campus,
    update=service.update_campus,
    export=_export_campuses,
)


# Buildings ------------------------------------------------------------------------------


def _find_building(uow: UnitOfWork, cmd: BuildingInput) -> int | None:
    query = (
        sa.select(t.building.c.id)
        .join(t.campus, t.campus.c.id == t.building.c.campus_id)
        .where(t.campus.c.name == cmd.campus, t.building.c.name == cmd.name)
    )
    return _id(uow, query)


def _current_building(uow: UnitOfWork, object_id: int, _given: BuildingInput) -> BuildingInput:
    found = service.get_building(uow, object_id)
    return BuildingInput(found.campus, found.name, found.floors, found.use)


def _export_buildings(uow: UnitOfWork) -> Iterator[BuildingInput]:
    for found in _every(
        lambda after: service.list_buildings(uow, after=after, limit=MAX_PAGE_SIZE)
    ):
        yield BuildingInput(found.campus, found.name, found.floors, found.use)


BUILDINGS = _Sheet(
    kind="buildings",
    names=("楼宇", "楼栋", "buildings", "building"),
    command=BuildingInput,
    columns=_columns(
        BuildingInput,
        {
            "campus": _CAMPUS_COLUMN,
            "name": ("楼宇名称", "楼宇", "楼栋", "楼名", "建筑名称", "名称", "building"),
            "floors": ("层数", "楼层数", "总层数", "floors"),
            "use": ("用途", "使用性质", "功能", "use", "purpose"),
        },
    ),
    key=lambda cmd: (cmd.campus, cmd.name),
    key_field=lambda cmd: "name",
    find=_find_building,
    current=_current_building,
    create=service.create_building,
    update=service.update_building,
    export=_export_buildings,
)


# Rooms ----------------------------------------------------------------------------------


def _find_room(uow: UnitOfWork, cmd: RoomInput) -> int | None:
    query = (
        sa.select(t.room.c.id)
        .join(t.building, t.building.c.id == t.room.c.building_id)
        .join(t.campus, t.campus.c.id == t.building.c.campus_id)
        .where(
            t.campus.c.name == cmd.campus,
            t.building.c.name == cmd.building,
            t.room.c.name == cmd.name,
        )
    )
    return _id(uow, query)


def _room_input(found: Any) -> RoomInput:
    return RoomInput(
        found.campus,
        found.building,
        found.name,
        found.kind,
        found.floor,
        found.area,
        found.capacity,
    )


def _current_room(uow: UnitOfWork, object_id: int, _given: RoomInput) -> RoomInput:
    return _room_input(service.get_room(uow, object_id))


def _export_rooms(uow: UnitOfWork) -> Iterator[RoomInput]:
    for found in _every(lambda after: service.list_rooms(uow, after=after, limit=MAX_PAGE_SIZE)):
        yield _room_input(found)


ROOMS = _Sheet(
    kind="rooms",
    names=("房间", "rooms", "room"),
    command=RoomInput,
    columns=_columns(
        RoomInput,
        {
            "campus": _CAMPUS_COLUMN,
            "building": ("楼宇", "楼宇名称", "楼栋", "所在楼宇", "building"),
            "name": ("房间号", "房间", "房号", "房间名称", "门牌号", "room no", "room number"),
            "kind": ("类型", "房间类型", "用途", "kind", "type"),
            "floor": ("楼层", "所在楼层", "floor"),
            "area": ("面积", "使用面积", "建筑面积", "area"),
            "capacity": ("容纳人数", "容量", "座位数", "capacity", "seats"),
        },
    ),
    key=lambda cmd: (cmd.campus, cmd.building, cmd.name),
    key_field=lambda cmd: "name",
    find=_find_room,
    current=_current_room,
    create=service.create_room,
    update=service.update_room,
    export=_export_rooms,
)


# Departments ----------------------------------------------------------------------------


def _find_department(uow: UnitOfWork, cmd: DepartmentInput) -> int | None:
    return _id(uow, sa.select(t.department.c.id).where(t.department.c.name == cmd.name))


def _current_department(
    uow: UnitOfWork, object_id: int, _given: DepartmentInput
) -> DepartmentInput:
    found = service.get_department(uow, object_id)
    return DepartmentInput(found.name, found.parent, found.campus)


def _export_departments(uow: UnitOfWork) -> Iterator[DepartmentInput]:
    for found in _every(
        lambda after: service.list_departments(uow, after=after, limit=MAX_PAGE_SIZE)
    ):
        yield DepartmentInput(found.name, found.parent, found.campus)


def _parents_first(
    commands: list[tuple[int, DepartmentInput]],
) -> list[tuple[int, DepartmentInput]]:
    """Departments ordered so that a parent named in the sheet comes before its children.

    Rows whose parents form a loop keep their order at the end; the service
    then says which parent it cannot find.
    """
    named = {cmd.name for _, cmd in commands}
    children: dict[str, list[tuple[int, DepartmentInput]]] = {}
    ready: deque[tuple[int, DepartmentInput]] = deque()
    for item in commands:
        parent = item[1].parent
        if parent and parent in named and parent != item[1].name:
            children.setdefault(parent, []).append(item)
        else:
            ready.append(item)
    ordered: list[tuple[int, DepartmentInput]] = []
    while ready:
        item = ready.popleft()
        ordered.append(item)
        ready.extend(children.pop(item[1].name, []))
    ordered.extend(sorted((i for rest in children.values() for i in rest), key=lambda i: i[0]))
    return ordered


DEPARTMENTS = _Sheet(
    kind="departments",
    names=("部门", "departments", "department"),
    command=DepartmentInput,
    columns=_columns(
        DepartmentInput,
        {
            "name": ("部门名称", "部门", "名称", "department name", "department", "name"),
            "parent": ("上级部门", "上级", "parent department", "parent"),
            "campus": _CAMPUS_COLUMN,
        },
    ),
    key=lambda cmd: cmd.name,
    key_field=lambda cmd: "name",
    find=_find_department,
    current=_current_department,
    create=service.create_department,
    update=service.update_department,
    export=_export_departments,
    arrange=_parents_first,
)


# People ---------------------------------------------------------------------------------


def _find_person(uow: UnitOfWork, cmd: PersonInput) -> int | None:
    """By staff number when the row has one, else by name, which must then be unique.

    A staff number not yet on file finds the one person of that name who has
    none, so that a roster first typed without numbers gains them instead of
    being entered twice.
    """
    by_name = sa.select(t.person.c.id).where(t.person.c.name == cmd.name).limit(2)
    if cmd.staff_no:
        found = _id(uow, sa.select(t.person.c.id).where(t.person.c.staff_no == cmd.staff_no))
        if found is not None:
            return found
        unnumbered = list(uow.conn.execute(by_name.where(t.person.c.staff_no.is_(None))).scalars())
        return int(unnumbered[0]) if len(unnumbered) == 1 else None
    namesakes = list(uow.conn.execute(by_name).scalars())
    if len(namesakes) > 1:
        raise InvalidInput.single(
            "name",
            N_("more than one person is called {name}: give the staff number", name=cmd.name),
        )
    return int(namesakes[0]) if namesakes else None


def _person_input(found: Any) -> PersonInput:
    return PersonInput(
        found.name, found.staff_no, found.department, found.position, found.phone, found.active
    )


def _current_person(uow: UnitOfWork, object_id: int, _given: PersonInput) -> PersonInput:
    return _person_input(service.get_person(uow, object_id))


def _export_people(uow: UnitOfWork) -> Iterator[PersonInput]:
    for found in _every(lambda after: service.list_people(uow, after=after, limit=MAX_PAGE_SIZE)):
        yield _person_input(found)


PEOPLE = _Sheet(
    kind="people",
    names=("人员", "教职工", "people", "staff"),
    command=PersonInput,
    columns=_columns(
        PersonInput,
        {
            "name": ("姓名", "名字", "name"),
            "staff_no": ("工号", "职工号", "教职工号", "员工编号", "staff no", "employee no"),
            "department": ("部门", "所属部门", "科室", "department"),
            "position": ("岗位", "职务", "职位", "岗位职务", "position", "job title"),
            "phone": ("电话", "联系电话", "手机", "手机号", "手机号码", "phone", "mobile", "tel"),
            "active": ("在职", "是否在职", "active", "in service"),
        },
    ),
    key=lambda cmd: ("staff_no", cmd.staff_no) if cmd.staff_no else ("name", cmd.name),
    key_field=lambda cmd: "staff_no" if cmd.staff_no else "name",
    find=_find_person,
    current=_current_person,
    create=service.create_person,
    update=service.update_person,
    export=_export_people,
)


# Classes --------------------------------------------------------------------------------

_teacher = t.person.alias("teacher")
_teachers = sa.select(t.school_class.c.id, _teacher.c.staff_no, _teacher.c.name).join(
    _teacher, _teacher.c.id == t.school_class.c.head_teacher_id
)


def _head_teachers(uow: UnitOfWork, ids: Sequence[int]) -> dict[int, tuple[str | None, str]]:
    """Staff number and name of the head teachers of the classes ``ids``, in one query.

    The class record names the teacher; the staff number is what tells two
    teachers of the same name apart when the sheet is read back.
    """
    rows = uow.conn.execute(_teachers.where(t.school_class.c.id.in_(ids)))
    return {row.id: (row.staff_no, row.name) for row in rows}


def _class_input(
    found: SchoolClass, teacher: tuple[str | None, str] | None, given: ClassInput | None = None
) -> ClassInput:
    head_teacher = None
    if teacher is not None:
        head_teacher = teacher[0] or teacher[1]
        if given is not None and given.head_teacher in teacher:
            head_teacher = given.head_teacher  # the same teacher, named as the sheet names them
    return ClassInput(
        found.campus, found.name, found.grade, head_teacher, found.building, found.room
    )


def _find_class(uow: UnitOfWork, cmd: ClassInput) -> int | None:
    query = (
        sa.select(t.school_class.c.id)
        .join(t.campus, t.campus.c.id == t.school_class.c.campus_id)
        .where(t.campus.c.name == cmd.campus, t.school_class.c.name == cmd.name)
    )
    return _id(uow, query)


def _current_class(uow: UnitOfWork, object_id: int, given: ClassInput) -> ClassInput:
    found = service.get_class(uow, object_id)
    return _class_input(found, _head_teachers(uow, [object_id]).get(object_id), given)


def _export_classes(uow: UnitOfWork) -> Iterator[ClassInput]:
    for page in _pages(lambda after: service.list_classes(uow, after=after, limit=MAX_PAGE_SIZE)):
        teachers = _head_teachers(uow, [found.id for found in page.items])
        for found in page.items:
            yield _class_input(found, teachers.get(found.id))


CLASSES = _Sheet(
    kind="classes",
    names=("班级", "classes", "class"),
    command=ClassInput,
    columns=_columns(
        ClassInput,
        {
            "campus": _CAMPUS_COLUMN,
            "name": ("班级名称", "班级", "班名", "class name", "class"),
            "grade": ("年级", "grade"),
            "head_teacher": ("班主任", "班主任工号", "head teacher", "class teacher"),
            "building": ("楼宇", "教学楼", "所在楼宇", "building"),
            "room": ("教室", "房间", "房间号", "room", "classroom"),
        },
    ),
    key=lambda cmd: (cmd.campus, cmd.name),
    key_field=lambda cmd: "name",
    find=_find_class,
    current=_current_class,
    create=service.create_class,
    update=service.update_class,
    export=_export_classes,
)

SHEETS: tuple[_Sheet[Any], ...] = (CAMPUSES, BUILDINGS, ROOMS, DEPARTMENTS, PEOPLE, CLASSES)
"""The sheets in the order they are applied: what a row names exists by the time it is read."""


# Import ---------------------------------------------------------------------------------


def import_org(uow: UnitOfWork, path: str | os.PathLike[str]) -> ImportReport:
    """Create or change the organisation from the workbook (or one-sheet CSV) at ``path``.

    Refused with :class:`InvalidInput` listing every bad value of every
    sheet, each with its sheet, row and column; the caller's unit of work
    then rolls back, so nothing of the file is kept. A row the actor may not
    change stops the import with :class:`PermissionDenied`.
    """
    source = Path(path)
    available = sheet_names(source)
    errors: list[FieldError] = []
    counts: dict[str, SheetCounts] = {}
    for spec in SHEETS:
        wanted = {sheet_key(name) for name in spec.names}
        sheet = next((name for name in available if sheet_key(name) in wanted), None)
        if sheet is not None:
            counts[sheet] = _import_sheet(uow, spec, source, sheet, errors)
    if not counts:
        raise InvalidInput(
            [
                FieldError(
                    "sheet",
                    N_(
                        "{name} has no sheet named {sheets}",
                        name=source.name,
                        sheets="、".join(spec.name for spec in SHEETS),
                    ),
                    label=N_("Sheet"),
                )
            ]
        )
    if errors:
        raise InvalidInput(errors)
    return ImportReport(counts)


def _import_sheet(
    uow: UnitOfWork, spec: _Sheet[C], source: Path, sheet: str, errors: list[FieldError]
) -> SheetCounts:
    found: list[FieldError] = []
    try:
        rows = read_rows(source, spec.columns, sheet=sheet)
    except InvalidInput as exc:
        errors.extend(exc.errors)
        return SheetCounts(spec.kind, sheet)
    absent = [c.field for c in spec.columns if c.field not in rows.positions]
    commands: list[tuple[int, C]] = []
    first_row: dict[Hashable, int] = {}
    try:
        with rows:
            for record in rows:
                try:
                    cmd = structure_command(
                        uow.school.converter,
                        spec.command,
                        record.values,
                        row=record.row,
                        sheet=sheet,
                    )
                except InvalidInput as exc:
                    found.extend(exc.errors)
                    continue
                key = spec.key(cmd)
                if key in first_row:
                    field = spec.key_field(cmd)
                    found.append(
                        FieldError(
                            field,
                            N_("duplicates row {row}", row=first_row[key]),
                            row=record.row,
                            sheet=sheet,
                            label=spec.label(field),
                        )
                    )
                    continue
                first_row[key] = record.row
                commands.append((record.row, cmd))
    except InvalidInput as exc:  # the file itself broke off part-way
        errors.extend([*found, *exc.errors])
        return SheetCounts(spec.kind, sheet)
    commands = spec.arrange(commands)
    tally = {"created": 0, "updated": 0, "unchanged": 0}
    for row, cmd in commands:
        outcome = _apply_row(uow, spec, cmd, absent, row, sheet, found)
        if outcome is not None:
            tally[outcome] += 1
    errors.extend(sorted(found, key=lambda e: e.row or 0))
    return SheetCounts(spec.kind, sheet, **tally)


def _apply_row(
    uow: UnitOfWork,
    spec: _Sheet[C],
    cmd: C,
    absent: Sequence[str],
    row: int,
    sheet: str,
    errors: list[FieldError],
) -> Outcome | None:
    """Create or change one row's object inside a savepoint, so a refused row leaves no trace."""
    events = len(uow.events)
    try:
        with uow.conn.begin_nested():
            object_id = spec.find(uow, cmd)
            if object_id is None:
                spec.create(uow, cmd)
                return "created"
            now = spec.current(uow, object_id, cmd)
            if absent:
                kept = {field: getattr(now, field) for field in absent}
                cmd = spec.command(**{**attrs.asdict(cmd, recurse=False), **kept})
            if cmd == now:
                return "unchanged"
            spec.update(uow, object_id, cmd)
            return "updated"
    except InvalidInput as exc:
        del uow.events[events:]
        for error in exc.errors:
            label = error.label if error.label is not None else spec.label(error.field)
            errors.append(attrs.evolve(error, row=row, sheet=sheet, label=label))
    except (Conflict, NotFound) as exc:
        # A clash the rule checks did not foresee; the row's key names the object.
        del uow.events[events:]
        field = spec.key_field(cmd)
        errors.append(FieldError(field, exc.message, row=row, sheet=sheet, label=spec.label(field)))
    return None


# Export ---------------------------------------------------------------------------------


def export_org(uow: UnitOfWork, path: str | os.PathLike[str]) -> ExportReport:
    """Write the organisation the actor may see to an .xlsx workbook :func:`import_org` reads.

    Every sheet is written, with its headings even when empty, so an export
    of a new school is a template to fill in.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InvalidInput(
            [
                FieldError(
                    "file",
                    N_("the organisation is exported to an .xlsx workbook"),
                    label=N_("File"),
                )
            ]
        )
    sheets = [
        SheetData(spec.name, [column.heading for column in spec.columns], _rows(uow, spec))
        for spec in SHEETS
    ]
    return ExportReport(target, write_xlsx(target, sheets))


def _rows(uow: UnitOfWork, spec: _Sheet[Any]) -> Iterator[list[Any]]:
    for cmd in spec.export(uow):
        yield [_cell(getattr(cmd, column.field)) for column in spec.columns]


def _cell(value: Any) -> Any:
    """A value as staff write it: 是/否 for yes or no, a choice by its label."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return render(label_of(value), DEFAULT_LANGUAGE)
    return value
