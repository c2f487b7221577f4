"""Records and commands of the organisation area.

Records are what services return (read back with the names of related objects
filled in). Commands are what a form, a CLI call or a spreadsheet row asks
for; they name related objects by name, as staff do.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import attrs

from houqin.core.choices import choice_labels
from houqin.core.commands import at_least, field, max_length, not_blank
from houqin.core.i18n import N_


@choice_labels(
    {
        "classroom": N_("Classroom"),
        "office": N_("Office"),
        "lab": N_("Laboratory"),
        "dormitory": N_("Dormitory"),
        "storeroom": N_("Storeroom"),
        "canteen": N_("Canteen"),
        "activity": N_("Activity room"),
        "library": N_("Library"),
        "clinic": N_("Clinic"),
        "toilet": N_("Toilet"),
        "other": N_("Other"),
    }
)
class RoomKind(StrEnum):
    """What a room is used for."""

    CLASSROOM = "classroom"
    OFFICE = "office"
    LAB = "lab"
    DORMITORY = "dormitory"
    STOREROOM = "storeroom"
    CANTEEN = "canteen"
    ACTIVITY = "activity"
    LIBRARY = "library"
    CLINIC = "clinic"
    TOILET = "toilet"
    OTHER = "other"


_NAME = (not_blank, max_length(60))


# Records --------------------------------------------------------------------------------


@attrs.frozen
class Campus:
    id: int
    name: str
    code: str | None
    address: str


@attrs.frozen
class Building:
    id: int
    campus_id: int
    campus: str
    name: str
    floors: int | None
    use: str


@attrs.frozen
class Room:
    id: int
    building_id: int
    building: str
    campus_id: int
    campus: str
    name: str
    floor: int | None
    kind: RoomKind
    area: Decimal | None
    capacity: int | None


@attrs.frozen
class Department:
    id: int
    name: str
    parent: str | None
    campus: str | None


@attrs.frozen
class Person:
    id: int
    name: str
    staff_no: str | None
    department_id: int | None
    department: str | None
    position: str
    phone: str
    active: bool


@attrs.frozen
class SchoolClass:
    id: int
    campus_id: int
    campus: str
    name: str
    grade: str
    head_teacher: str | None
    building: str | None
    room: str | None


@attrs.frozen
class RoleAssignment:
    role: str
    campus: str | None = None
    department: str | None = None


@attrs.frozen
class User:
    id: int
    username: str
    display_name: str
    person: str | None
    language: str | None
    active: bool
    roles: tuple[RoleAssignment, ...]


# Commands -------------------------------------------------------------------------------


@attrs.frozen
class CampusInput:
    """A campus (校区) of the school."""

    name: str = field(label=N_("Name"), checks=_NAME)
    code: str | None = field(label=N_("Code"), default=None, checks=(max_length(20),))
    address: str = field(label=N_("Address"), default="", checks=(max_length(200),))


@attrs.frozen
class BuildingInput:
    """A building (楼宇) on a campus."""

    campus: str = field(label=N_("Campus"), checks=_NAME)
    name: str = field(label=N_("Name"), checks=_NAME)
    floors: int | None = field(label=N_("Floors"), default=None, checks=(at_least(1),))
    use: str = field(
        label=N_("Use"),
        default="",
        help=N_("Teaching, dormitory, canteen…"),
        checks=(max_length(30),),
    )


@attrs.frozen
class RoomInput:
    """A room (房间) in a building."""

    campus: str = field(label=N_("Campus"), checks=_NAME)
    building: str = field(label=N_("Building"), checks=_NAME)
    name: str = field(label=N_("Room"), help=N_("Number or name, e.g. 101"), checks=_NAME)
    kind: RoomKind = field(label=N_("Kind"), default=RoomKind.CLASSROOM)
    floor: int | None = field(label=N_("Floor"), default=None)
    area: Decimal | None = field(
        label=N_("Area (m²)"), default=None, checks=(at_least(Decimal(0)),)
    )
    capacity: int | None = field(label=N_("Capacity"), default=None, checks=(at_least(0),))


@attrs.frozen
class DepartmentInput:
    """A department (部门) or office; may sit under another one."""

    name: str = field(label=N_("Name"), checks=_NAME)
    parent: str | None = field(label=N_("Parent department"), default=None)
    campus: str | None = field(label=N_("Campus"), default=None)


@attrs.frozen
class PersonInput:
    """A member of staff (教职工)."""

    name: str = field(label=N_("Full name"), checks=_NAME)
    staff_no: str | None = field(label=N_("Staff number"), default=None, checks=(max_length(30),))
    department: str | None = field(label=N_("Department"), default=None)
    position: str = field(label=N_("Position"), default="", checks=(max_length(60),))
    phone: str = field(label=N_("Phone"), default="", checks=(max_length(30),))
    active: bool = field(label=N_("In service"), default=True)


@attrs.frozen
class ClassInput:
    """A class (班级) of pupils, with its head teacher and home room."""

    campus: str = field(label=N_("Campus"), checks=_NAME)
    name: str = field(label=N_("Name"), help=N_("e.g. 三年级2班"), checks=_NAME)
    grade: str = field(label=N_("Grade"), default="", checks=(max_length(30),))
    head_teacher: str | None = field(
        label=N_("Head teacher"), default=None, help=N_("Staff number or name")
    )
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)


@attrs.frozen
class UserInput:
    """A login for a member of staff, with one role."""

    username: str = field(label=N_("User name"), checks=(not_blank, max_length(60)))
    role: str = field(label=N_("Role"), checks=(not_blank,))
    display_name: str = field(label=N_("Display name"), default="", checks=(max_length(60),))
    password: str = field(label=N_("Password"), default="", widget="password")
    campus: str | None = field(label=N_("Only for campus"), default=None)
    department: str | None = field(label=N_("Only for department"), default=None)
    staff_no: str | None = field(label=N_("Staff number"), default=None)
    language: str | None = field(label=N_("Language"), default=None)


@attrs.frozen
class RoleGrant:
    """One more role for a user, optionally limited to a campus or a department."""

    role: str = field(label=N_("Role"), checks=(not_blank,))
    campus: str | None = field(label=N_("Only for campus"), default=None)
    department: str | None = field(label=N_("Only for department"), default=None)


@attrs.frozen
class PasswordChange:
    """A user's new password, given with the one they have now."""

    current: str = field(label=N_("Current password"), widget="password")
    password: str = field(label=N_("New password"), widget="password")
    again: str = field(label=N_("New password again"), widget="password")


@attrs.frozen
class PasswordReset:
    """A new password an administrator sets for someone who forgot theirs."""

    password: str = field(label=N_("New password"), widget="password")
    again: str = field(label=N_("New password again"), widget="password")
