"""Services of the organisation area: create, change, remove, look up and list.

Every function takes the unit of work first; it checks the actor's permission
for the object's campus or department, applies the rule, and records an audit
event in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.db.rows import insert_row, reader, update_row
from houqin.core.errors import Conflict, InvalidInput, NotFound
from houqin.core.i18n import N_, LazyText
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as t
from houqin.core.org.model import (
    Building,
    BuildingInput,
    Campus,
    CampusInput,
    ClassInput,
    Department,
    DepartmentInput,
    Person,
    PersonInput,
    Room,
    RoomInput,
    SchoolClass,
)
from houqin.core.org.plugin import MANAGE, VIEW
from houqin.core.uow import UnitOfWork

R = TypeVar("R")


# Look-ups by name -----------------------------------------------------------------------


def _one_id(uow: UnitOfWork, query: sa.Select[Any], field: str, missing: LazyText) -> int:
    found = uow.conn.execute(query).scalar()
    if found is None:
        raise InvalidInput.single(field, missing)
    return int(found)


def campus_id(uow: UnitOfWork, name: str, field: str = "campus") -> int:
    """The id of the campus called ``name``; refused naming ``field`` if there is none."""
    return _one_id(
        uow,
        sa.select(t.campus.c.id).where(t.campus.c.name == name),
        field,
        N_("there is no campus named {name}", name=name),
    )


def building_id(uow: UnitOfWork, campus: int, name: str, field: str = "building") -> int:
    return _one_id(
        uow,
        sa.select(t.building.c.id).where(
            t.building.c.campus_id == campus, t.building.c.name == name
        ),
        field,
        N_("there is no building named {name} on this campus", name=name),
    )


def room_id(uow: UnitOfWork, building: int, name: str, field: str = "room") -> int:
    return _one_id(
        uow,
        sa.select(t.room.c.id).where(t.room.c.building_id == building, t.room.c.name == name),
        field,
        N_("there is no room {name} in this building", name=name),
    )


def department_id(uow: UnitOfWork, name: str, field: str = "department") -> int:
    return _one_id(
        uow,
        sa.select(t.department.c.id).where(t.department.c.name == name),
        field,
        N_("there is no department named {name}", name=name),
    )


def person_id(uow: UnitOfWork, key: str, field: str = "person") -> int:
    """A person by staff number, or by name where the name is unique."""
    by_number = uow.conn.execute(
        sa.select(t.person.c.id).where(t.person.c.staff_no == key)
    ).scalar()
    if by_number is not None:
        return int(by_number)
    ids = uow.conn.execute(sa.select(t.person.c.id).where(t.person.c.name == key).limit(2)).all()
    if len(ids) == 1:
        return int(ids[0][0])
    if not ids:
        raise InvalidInput.single(
            field, N_("there is nobody with staff number or name {key}", key=key)
        )
    raise InvalidInput.single(
        field, N_("more than one person is called {key}: give the staff number", key=key)
    )


def _taken(uow: UnitOfWork, query: sa.Select[Any], exclude_id: int | None, id_col: Any) -> bool:
    if exclude_id is not None:
        query = query.where(id_col != exclude_id)
    return uow.conn.execute(query.limit(1)).first() is not None


# Shared write steps ---------------------------------------------------------------------


def _insert(uow: UnitOfWork, table: sa.Table, values: Mapping[str, Any]) -> int:
    return insert_row(uow.conn, table, values)


def _update(uow: UnitOfWork, table: sa.Table, object_id: int, values: Mapping[str, Any]) -> None:
    update_row(uow.conn, table, object_id, values)


def _delete(uow: UnitOfWork, table: sa.Table, object_id: int, label: str) -> None:
    try:
        uow.conn.execute(table.delete().where(table.c.id == object_id))
    except sa.exc.IntegrityError as exc:
        raise Conflict(
            N_(
                "{name} is still in use and cannot be removed; remove or move what uses it first",
                name=label,
            )
        ) from exc


def _created(
    uow: UnitOfWork, table: sa.Table, values: Mapping[str, Any], get: Callable[..., R], noun: str
) -> R:
    """Insert, read the new object back, and record it."""
    record = get(uow, _insert(uow, table, values))
    _audit(uow, f"org.{noun}.created", record)
    return record


def _changed(
    uow: UnitOfWork,
    table: sa.Table,
    before: Any,
    values: Mapping[str, Any],
    get: Callable[..., R],
    noun: str,
) -> R:
    """Update, read the object back, and record before and after."""
    _update(uow, table, before.id, values)
    after = get(uow, before.id)
    _audit(uow, f"org.{noun}.changed", after, before)
    return after


def _removed(uow: UnitOfWork, table: sa.Table, before: Any, label: str, noun: str) -> None:
    """Delete (refused while anything uses the object) and record what was removed."""
    _delete(uow, table, before.id, label)
    _audit(uow, f"org.{noun}.removed", None, before)


def _audit(uow: UnitOfWork, action: str, obj: Any, before: Any = None) -> None:
    conv = uow.school.converter
    uow.record(
        action,
        action.split(".")[1],
        obj.id if obj is not None else before.id,
        before=conv.unstructure(before) if before is not None else None,
        after=conv.unstructure(obj) if obj is not None else None,
    )


def _get(uow: UnitOfWork, query: sa.Select[Any], make: Callable[[Any], R], what: LazyText) -> R:
    row = uow.conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(what)
    return make(row)


def _scoped(
    uow: UnitOfWork,
    query: sa.Select[Any],
    campus_col: Any = None,
    department_col: Any = None,
) -> sa.Select[Any]:
    scope = uow.actor.scope(VIEW)
    if scope.everything:
        return query
    conditions = []
    if campus_col is not None and scope.campus_ids:
        conditions.append(campus_col.in_(scope.campus_ids))
    if department_col is not None and scope.department_ids:
        conditions.append(department_col.in_(scope.department_ids))
    return query.where(sa.or_(*conditions)) if conditions else query.where(sa.false())


def _search(query: sa.Select[Any], text: str | None, *columns: Any) -> sa.Select[Any]:
    if not text:
        return query
    pattern = f"%{text.strip()}%"
    return query.where(sa.or_(*(c.ilike(pattern) for c in columns)))


# Campuses -------------------------------------------------------------------------------

_campus_q = sa.select(t.campus.c.id, t.campus.c.name, t.campus.c.code, t.campus.c.address)


_campus = reader(Campus)


def get_campus(uow: UnitOfWork, object_id: int) -> Campus:
    campus = _get(
        uow,
        _campus_q.where(t.campus.c.id == object_id),
        _campus,
        N_("campus {id} does not exist", id=object_id),
    )
    require(uow.actor, VIEW, campus_id=campus.id)
    return campus


def _check_campus(uow: UnitOfWork, cmd: CampusInput, exclude: int | None = None) -> None:
    if _taken(
        uow, sa.select(t.campus.c.id).where(t.campus.c.name == cmd.name), exclude, t.campus.c.id
    ):
        raise InvalidInput.single("name", N_("a campus named {name} already exists", name=cmd.name))
    if cmd.code and _taken(
        uow, sa.select(t.campus.c.id).where(t.campus.c.code == cmd.code), exclude, t.campus.c.id
    ):
        raise InvalidInput.single("code", N_("another campus has the code {code}", code=cmd.code))


def create_campus(uow: UnitOfWork, cmd: CampusInput) -> Campus:
    """Add a campus (whole-school permission needed)."""
    require(uow.actor, MANAGE)
    _check_campus(uow, cmd)
    return _created(
        uow,
        t.campus,
        {"name": cmd.name, "code": cmd.code, "address": cmd.address},
        get_campus,
        "campus",
    )


def update_campus(uow: UnitOfWork, object_id: int, cmd: CampusInput) -> Campus:
    before = get_campus(uow, object_id)
    require(uow.actor, MANAGE, campus_id=object_id)
    _check_campus(uow, cmd, exclude=object_id)
    return _changed(
        uow,
        t.campus,
        before,
        {"name": cmd.name, "code": cmd.code, "address": cmd.address},
        get_campus,
        "campus",
    )


def delete_campus(uow: UnitOfWork, object_id: int) -> None:
    before = get_campus(uow, object_id)
    require(uow.actor, MANAGE)
    _removed(uow, t.campus, before, before.name, "campus")


def list_campuses(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Campus]:
    query = _scoped(
        uow, _search(_campus_q, search, t.campus.c.name, t.campus.c.code), campus_col=t.campus.c.id
    )
    return fetch_page(
        uow.conn,
        query,
        [t.campus.c.name, t.campus.c.id],
        _campus,
        after=after,
        limit=limit,
        with_total=with_total,
    )


# Buildings ------------------------------------------------------------------------------

_building_q = sa.select(
    t.building.c.id,
    t.building.c.campus_id,
    t.campus.c.name.label("campus"),
    t.building.c.name,
    t.building.c.floors,
    t.building.c.use,
).join(t.campus, t.campus.c.id == t.building.c.campus_id)


_building = reader(Building)


def get_building(uow: UnitOfWork, object_id: int) -> Building:
    building = _get(
        uow,
        _building_q.where(t.building.c.id == object_id),
        _building,
        N_("building {id} does not exist", id=object_id),
    )
    require(uow.actor, VIEW, campus_id=building.campus_id)
    return building


def _building_values(uow: UnitOfWork, cmd: BuildingInput, exclude: int | None) -> dict[str, Any]:
    campus = campus_id(uow, cmd.campus)
    require(uow.actor, MANAGE, campus_id=campus)
    query = sa.select(t.building.c.id).where(
        t.building.c.campus_id == campus, t.building.c.name == cmd.name
    )
    if _taken(uow, query, exclude, t.building.c.id):
        raise InvalidInput.single(
            "name",
            N_("{campus} already has a building named {name}", campus=cmd.campus, name=cmd.name),
        )
    return {"campus_id": campus, "name": cmd.name, "floors": cmd.floors, "use": cmd.use}


def create_building(uow: UnitOfWork, cmd: BuildingInput) -> Building:
    return _created(uow, t.building, _building_values(uow, cmd, None), get_building, "building")


def update_building(uow: UnitOfWork, object_id: int, cmd: BuildingInput) -> Building:
    before = get_building(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    return _changed(
        uow, t.building, before, _building_values(uow, cmd, object_id), get_building, "building"
    )


def delete_building(uow: UnitOfWork, object_id: int) -> None:
    before = get_building(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    _removed(uow, t.building, before, before.name, "building")


def list_buildings(
    uow: UnitOfWork,
    *,
    campus: str | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Building]:
    query = _search(_building_q, search, t.building.c.name, t.building.c.use)
    if campus:
        query = query.where(t.building.c.campus_id == campus_id(uow, campus))
    query = _scoped(uow, query, campus_col=t.building.c.campus_id)
    return fetch_page(
        uow.conn,
        query,
        [t.campus.c.name.label("campus"), t.building.c.name, t.building.c.id],
        _building,
        after=after,
        limit=limit,
        with_total=with_total,
    )


# Rooms ----------------------------------------------------------------------------------

_room_q = (
    sa.select(
        t.room.c.id,
        t.room.c.building_id,
        t.building.c.name.label("building"),
        t.building.c.campus_id,
        t.campus.c.name.label("campus"),
        t.room.c.name,
        t.room.c.floor,
        t.room.c.kind,
        t.room.c.area,
        t.room.c.capacity,
    )
    .join(t.building, t.building.c.id == t.room.c.building_id)
    .join(t.campus, t.campus.c.id == t.building.c.campus_id)
)


_room = reader(Room)


def get_room(uow: UnitOfWork, object_id: int) -> Room:
    room = _get(
        uow,
        _room_q.where(t.room.c.id == object_id),
        _room,
        N_("room {id} does not exist", id=object_id),
    )
    require(uow.actor, VIEW, campus_id=room.campus_id)
    return room


def _room_values(uow: UnitOfWork, cmd: RoomInput, exclude: int | None) -> dict[str, Any]:
    campus = campus_id(uow, cmd.campus)
    require(uow.actor, MANAGE, campus_id=campus)
    building = building_id(uow, campus, cmd.building)
    query = sa.select(t.room.c.id).where(
        t.room.c.building_id == building, t.room.c.name == cmd.name
    )
    if _taken(uow, query, exclude, t.room.c.id):
        raise InvalidInput.single(
            "name", N_("{building} already has a room {name}", building=cmd.building, name=cmd.name)
        )
    return {
        "building_id": building,
        "name": cmd.name,
        "floor": cmd.floor,
        "kind": cmd.kind.value,
        "area": cmd.area,
        "capacity": cmd.capacity,
    }


def create_room(uow: UnitOfWork, cmd: RoomInput) -> Room:
    return _created(uow, t.room, _room_values(uow, cmd, None), get_room, "room")


def update_room(uow: UnitOfWork, object_id: int, cmd: RoomInput) -> Room:
    before = get_room(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    return _changed(uow, t.room, before, _room_values(uow, cmd, object_id), get_room, "room")


def delete_room(uow: UnitOfWork, object_id: int) -> None:
    before = get_room(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    _removed(uow, t.room, before, f"{before.building} {before.name}", "room")


def list_rooms(
    uow: UnitOfWork,
    *,
    campus: str | None = None,
    building: str | None = None,
    kind: str | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Room]:
    query = _search(_room_q, search, t.room.c.name, t.building.c.name)
    if campus:
        cid = campus_id(uow, campus)
        query = query.where(t.building.c.campus_id == cid)
        if building:
            query = query.where(t.room.c.building_id == building_id(uow, cid, building))
    elif building:
        query = query.where(t.building.c.name == building)
    if kind:
        query = query.where(t.room.c.kind == kind)
    query = _scoped(uow, query, campus_col=t.building.c.campus_id)
    return fetch_page(
        uow.conn,
        query,
        [t.room.c.building_id, t.room.c.name, t.room.c.id],
        _room,
        after=after,
        limit=limit,
        with_total=with_total,
    )


# Departments ----------------------------------------------------------------------------

_parent = t.department.alias("parent")
_department_q = (
    sa.select(
        t.department.c.id,
        t.department.c.name,
        _parent.c.name.label("parent"),
        t.campus.c.name.label("campus"),
    )
    .outerjoin(_parent, _parent.c.id == t.department.c.parent_id)
    .outerjoin(t.campus, t.campus.c.id == t.department.c.campus_id)
)


_department = reader(Department)


def get_department(uow: UnitOfWork, object_id: int) -> Department:
    department = _get(
        uow,
        _department_q.where(t.department.c.id == object_id),
        _department,
        N_("department {id} does not exist", id=object_id),
    )
    require(uow.actor, VIEW, department_id=department.id)
    return department


def _department_values(
    uow: UnitOfWork, cmd: DepartmentInput, exclude: int | None
) -> dict[str, Any]:
    require(uow.actor, MANAGE)
    query = sa.select(t.department.c.id).where(t.department.c.name == cmd.name)
    if _taken(uow, query, exclude, t.department.c.id):
        raise InvalidInput.single(
            "name", N_("a department named {name} already exists", name=cmd.name)
        )
    parent = department_id(uow, cmd.parent, "parent") if cmd.parent else None
    if parent is not None and exclude is not None and _is_below(uow, parent, exclude):
        raise InvalidInput.single(
            "parent", N_("a department cannot sit under itself or one of its own sub-departments")
        )
    campus = campus_id(uow, cmd.campus) if cmd.campus else None
    return {"name": cmd.name, "parent_id": parent, "campus_id": campus}


def _is_below(uow: UnitOfWork, candidate: int, ancestor: int) -> bool:
    current: int | None = candidate
    seen = set()
    while current is not None and current not in seen:
        if current == ancestor:
            return True
        seen.add(current)
        current = uow.conn.execute(
            sa.select(t.department.c.parent_id).where(t.department.c.id == current)
        ).scalar()
    return False


def create_department(uow: UnitOfWork, cmd: DepartmentInput) -> Department:
    return _created(
        uow, t.department, _department_values(uow, cmd, None), get_department, "department"
    )


def update_department(uow: UnitOfWork, object_id: int, cmd: DepartmentInput) -> Department:
    before = get_department(uow, object_id)
    return _changed(
        uow,
        t.department,
        before,
        _department_values(uow, cmd, object_id),
        get_department,
        "department",
    )


def delete_department(uow: UnitOfWork, object_id: int) -> None:
    before = get_department(uow, object_id)
    require(uow.actor, MANAGE)
    _removed(uow, t.department, before, before.name, "department")


def list_departments(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Department]:
    query = _scoped(
        uow,
        _search(_department_q, search, t.department.c.name),
        campus_col=t.department.c.campus_id,
        department_col=t.department.c.id,
    )
    return fetch_page(
        uow.conn,
        query,
        [t.department.c.name, t.department.c.id],
        _department,
        after=after,
        limit=limit,
        with_total=with_total,
    )


# People ---------------------------------------------------------------------------------

_person_q = sa.select(
    t.person.c.id,
    t.person.c.name,
    t.person.c.staff_no,
    t.person.c.department_id,
    t.department.c.name.label("department"),
    t.person.c.position,
    t.person.c.phone,
    t.person.c.active,
).outerjoin(t.department, t.department.c.id == t.person.c.department_id)


_person = reader(Person)


def get_person(uow: UnitOfWork, object_id: int) -> Person:
    person = _get(
        uow,
        _person_q.where(t.person.c.id == object_id),
        _person,
        N_("person {id} does not exist", id=object_id),
    )
    require(uow.actor, VIEW, department_id=person.department_id)
    return person


def _person_values(uow: UnitOfWork, cmd: PersonInput, exclude: int | None) -> dict[str, Any]:
    department = department_id(uow, cmd.department) if cmd.department else None
    require(uow.actor, MANAGE, department_id=department)
    if cmd.staff_no:
        query = sa.select(t.person.c.id).where(t.person.c.staff_no == cmd.staff_no)
        if _taken(uow, query, exclude, t.person.c.id):
            raise InvalidInput.single(
                "staff_no", N_("staff number {no} is already used", no=cmd.staff_no)
            )
    return {
        "name": cmd.name,
        "staff_no": cmd.staff_no,
        "department_id": department,
        "position": cmd.position,
        "phone": cmd.phone,
        "active": cmd.active,
    }


def create_person(uow: UnitOfWork, cmd: PersonInput) -> Person:
    return _created(uow, t.person, _person_values(uow, cmd, None), get_person, "person")


def update_person(uow: UnitOfWork, object_id: int, cmd: PersonInput) -> Person:
    before = get_person(uow, object_id)
    require(uow.actor, MANAGE, department_id=before.department_id)
    return _changed(
        uow, t.person, before, _person_values(uow, cmd, object_id), get_person, "person"
    )


def delete_person(uow: UnitOfWork, object_id: int) -> None:
    before = get_person(uow, object_id)
    require(uow.actor, MANAGE, department_id=before.department_id)
    _removed(uow, t.person, before, before.name, "person")


def list_people(
    uow: UnitOfWork,
    *,
    department: str | None = None,
    search: str | None = None,
    active: bool | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Person]:
    query = _search(_person_q, search, t.person.c.name, t.person.c.staff_no, t.person.c.phone)
    if department:
        query = query.where(t.person.c.department_id == department_id(uow, department))
    if active is not None:
        query = query.where(t.person.c.active == active)
    query = _scoped(uow, query, department_col=t.person.c.department_id)
    return fetch_page(
        uow.conn,
        query,
        [t.person.c.name, t.person.c.id],
        _person,
        after=after,
        limit=limit,
        with_total=with_total,
    )


# Classes --------------------------------------------------------------------------------

_teacher = t.person.alias("teacher")
_class_room = t.room.alias("class_room")
_class_building = t.building.alias("class_building")
_class_q = (
    sa.select(
        t.school_class.c.id,
        t.school_class.c.campus_id,
        t.campus.c.name.label("campus"),
        t.school_class.c.name,
        t.school_class.c.grade,
        _teacher.c.name.label("head_teacher"),
        _class_building.c.name.label("building"),
        _class_room.c.name.label("room"),
    )
    .join(t.campus, t.campus.c.id == t.school_class.c.campus_id)
    .outerjoin(_teacher, _teacher.c.id == t.school_class.c.head_teacher_id)
    .outerjoin(_class_room, _class_room.c.id == t.school_class.c.room_id)
    .outerjoin(_class_building, _class_building.c.id == _class_room.c.building_id)
)


_class = reader(SchoolClass)


def get_class(uow: UnitOfWork, object_id: int) -> SchoolClass:
    found = _get(
        uow,
        _class_q.where(t.school_class.c.id == object_id),
        _class,
        N_("class {id} does not exist", id=object_id),
    )
    require(uow.actor, VIEW, campus_id=found.campus_id)
    return found


def _class_values(uow: UnitOfWork, cmd: ClassInput, exclude: int | None) -> dict[str, Any]:
    campus = campus_id(uow, cmd.campus)
    require(uow.actor, MANAGE, campus_id=campus)
    query = sa.select(t.school_class.c.id).where(
        t.school_class.c.campus_id == campus, t.school_class.c.name == cmd.name
    )
    if _taken(uow, query, exclude, t.school_class.c.id):
        raise InvalidInput.single(
            "name",
            N_("{campus} already has a class named {name}", campus=cmd.campus, name=cmd.name),
        )
    teacher = person_id(uow, cmd.head_teacher, "head_teacher") if cmd.head_teacher else None
    room = None
    if cmd.room:
        if not cmd.building:
            raise InvalidInput.single("building", N_("give the building of the room"))
        room = room_id(uow, building_id(uow, campus, cmd.building), cmd.room)
    return {
        "campus_id": campus,
        "name": cmd.name,
        "grade": cmd.grade,
        "head_teacher_id": teacher,
        "room_id": room,
    }


def create_class(uow: UnitOfWork, cmd: ClassInput) -> SchoolClass:
    return _created(uow, t.school_class, _class_values(uow, cmd, None), get_class, "class")


def update_class(uow: UnitOfWork, object_id: int, cmd: ClassInput) -> SchoolClass:
    before = get_class(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    return _changed(
        uow, t.school_class, before, _class_values(uow, cmd, object_id), get_class, "class"
    )


def delete_class(uow: UnitOfWork, object_id: int) -> None:
    before = get_class(uow, object_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    _removed(uow, t.school_class, before, before.name, "class")


def list_classes(
    uow: UnitOfWork,
    *,
    campus: str | None = None,
    grade: str | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[SchoolClass]:
    query = _search(_class_q, search, t.school_class.c.name, t.school_class.c.grade)
    if campus:
        query = query.where(t.school_class.c.campus_id == campus_id(uow, campus))
    if grade:
        query = query.where(t.school_class.c.grade == grade)
    query = _scoped(uow, query, campus_col=t.school_class.c.campus_id)
    return fetch_page(
        uow.conn,
        query,
        [t.school_class.c.campus_id, t.school_class.c.name, t.school_class.c.id],
        _class,
        after=after,
        limit=limit,
        with_total=with_total,
    )
