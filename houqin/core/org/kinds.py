"""The organisation's object kinds: what every frontend lists, shows and edits."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from houqin.core.choices import label_of
from houqin.core.i18n import N_, Text
from houqin.core.kinds import Area, ListFilter, ObjectKind
from houqin.core.org import model
from houqin.core.org import service as svc
from houqin.core.org import tables as t
from houqin.core.org.plugin import MANAGE, VIEW
from houqin.core.uow import UnitOfWork

AREA = Area("org", N_("Organisation"), order=90)


def _names(table: sa.Table) -> Callable[[UnitOfWork], list[tuple[str, Text]]]:
    def options(uow: UnitOfWork) -> list[tuple[str, Text]]:
        rows = uow.conn.execute(sa.select(table.c.name).distinct().order_by(table.c.name))
        return [(name, name) for (name,) in rows]

    return options


def _room_kinds(_uow: UnitOfWork) -> list[tuple[str, Text]]:
    return [(kind.value, label_of(kind)) for kind in model.RoomKind]


def _grades(uow: UnitOfWork) -> list[tuple[str, Text]]:
    rows = uow.conn.execute(
        sa.select(t.school_class.c.grade)
        .where(t.school_class.c.grade != "")
        .distinct()
        .order_by(t.school_class.c.grade)
    )
    return [(grade, grade) for (grade,) in rows]


CAMPUS_FILTER = ListFilter("campus", N_("Campus"), _names(t.campus))

KINDS: tuple[ObjectKind, ...] = (
    ObjectKind(
        "campuses",
        "org",
        N_("campus"),
        N_("Campuses"),
        model.CampusInput,
        svc.create_campus,
        svc.update_campus,
        svc.delete_campus,
        svc.get_campus,
        svc.list_campuses,
        VIEW,
        MANAGE,
        audit_type="campus",
    ),
    ObjectKind(
        "buildings",
        "org",
        N_("building"),
        N_("Buildings"),
        model.BuildingInput,
        svc.create_building,
        svc.update_building,
        svc.delete_building,
        svc.get_building,
        svc.list_buildings,
        VIEW,
        MANAGE,
        filters=(CAMPUS_FILTER,),
        audit_type="building",
    ),
    ObjectKind(
        "rooms",
        "org",
        N_("room"),
        N_("Rooms"),
        model.RoomInput,
        svc.create_room,
        svc.update_room,
        svc.delete_room,
        svc.get_room,
        svc.list_rooms,
        VIEW,
        MANAGE,
        filters=(
            CAMPUS_FILTER,
            ListFilter("building", N_("Building")),
            ListFilter("kind", N_("Kind"), _room_kinds),
        ),
        title=lambda room: f"{room.building} {room.name}",
        audit_type="room",
    ),
    ObjectKind(
        "departments",
        "org",
        N_("department"),
        N_("Departments"),
        model.DepartmentInput,
        svc.create_department,
        svc.update_department,
        svc.delete_department,
        svc.get_department,
        svc.list_departments,
        VIEW,
        MANAGE,
        audit_type="department",
    ),
    ObjectKind(
        "people",
        "org",
        N_("person"),
        N_("Staff"),
        model.PersonInput,
        svc.create_person,
        svc.update_person,
        svc.delete_person,
        svc.get_person,
        svc.list_people,
        VIEW,
        MANAGE,
        filters=(ListFilter("department", N_("Department"), _names(t.department)),),
        audit_type="person",
    ),
    ObjectKind(
        "classes",
        "org",
        N_("class"),
        N_("Classes"),
        model.ClassInput,
        svc.create_class,
        svc.update_class,
        svc.delete_class,
        svc.get_class,
        svc.list_classes,
        VIEW,
        MANAGE,
        filters=(CAMPUS_FILTER, ListFilter("grade", N_("Grade"), _grades)),
        audit_type="class",
    ),
)
