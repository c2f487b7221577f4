"""The organisation area's hooks: its permissions."""

from __future__ import annotations

from collections.abc import Iterable

from houqin import __version__
from houqin.core.builtin import LOGISTICS_HEAD, STAFF_ROLES
from houqin.core.dashboard import Alert, DashboardCard
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_
from houqin.core.kinds import Area, ObjectKind
from houqin.core.types import PermissionSpec, PluginInfo
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import Workbook

VIEW = "org.view"
MANAGE = "org.manage"
MANAGE_USERS = "users.manage"


@hookimpl
def houqin_plugin_info() -> PluginInfo:
    return PluginInfo(name="org", label=N_("Organisation"), version=__version__)


@hookimpl
def houqin_permissions() -> Iterable[PermissionSpec]:
    return [
        PermissionSpec(VIEW, N_("See campuses, rooms, departments and people"), STAFF_ROLES),
        PermissionSpec(
            MANAGE, N_("Change campuses, rooms, departments and people"), (LOGISTICS_HEAD,)
        ),
        PermissionSpec(MANAGE_USERS, N_("Manage user accounts and roles")),
    ]


@hookimpl
def houqin_areas() -> Iterable[Area]:
    from houqin.core.org.kinds import AREA

    return [AREA]


@hookimpl
def houqin_object_kinds() -> Iterable[ObjectKind]:
    from houqin.core.org.kinds import KINDS

    return KINDS


@hookimpl
def houqin_dashboard_cards(uow: UnitOfWork) -> Iterable[DashboardCard]:
    from houqin.core.org import service

    if uow.actor.scope(VIEW).nothing:
        return []
    rooms = service.list_rooms(uow, limit=1, with_total=True).total
    people = service.list_people(uow, active=True, limit=1, with_total=True).total
    classes = service.list_classes(uow, limit=1, with_total=True).total
    return [
        DashboardCard("org.rooms", N_("Rooms"), str(rooms), VIEW, kind="rooms", order=900),
        DashboardCard(
            "org.people", N_("Staff in service"), str(people), VIEW, kind="people", order=910
        ),
        DashboardCard("org.classes", N_("Classes"), str(classes), VIEW, kind="classes", order=920),
    ]


@hookimpl
def houqin_alerts(uow: UnitOfWork) -> Iterable[Alert]:
    import sqlalchemy as sa

    from houqin.core.org import tables as t

    alerts = []
    without_teacher = uow.conn.execute(
        sa.select(sa.func.count())
        .select_from(t.school_class)
        .where(t.school_class.c.head_teacher_id.is_(None))
    ).scalar_one()
    if without_teacher:
        alerts.append(
            Alert(
                "org.classes_without_head_teacher",
                N_("Classes without a head teacher: {count}", count=without_teacher),
                MANAGE,
                level="warning",
                kind="classes",
            )
        )
    without_department = uow.conn.execute(
        sa.select(sa.func.count())
        .select_from(t.person)
        .where(t.person.c.department_id.is_(None), t.person.c.active)
    ).scalar_one()
    if without_department:
        alerts.append(
            Alert(
                "org.people_without_department",
                N_("Staff members in no department: {count}", count=without_department),
                MANAGE,
                level="info",
                kind="people",
            )
        )
    return alerts


@hookimpl
def houqin_workbooks() -> Iterable[Workbook]:
    from houqin.core.org.workbook import WORKBOOK

    return [WORKBOOK]
