"""The core's own plugin: the school-wide settings, roles and permissions, and its schema."""

from __future__ import annotations

from collections.abc import Iterable

from houqin import __version__
from houqin.core.access import ADMIN_ROLE
from houqin.core.db import migrate
from houqin.core.db.tables import CORE_TABLES
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import LANGUAGES, N_
from houqin.core.types import (
    SCHOOL_TYPES,
    MigrationSpec,
    PermissionSpec,
    PluginInfo,
    RoleSpec,
    SettingSpec,
)

CORE_MIGRATION = MigrationSpec("core", migrate.CORE_MIGRATIONS, CORE_TABLES)

PRINCIPAL = "principal"
LOGISTICS_HEAD = "logistics_head"
STOREKEEPER = "storekeeper"
FINANCE = "finance"
REPAIR_STAFF = "repair_staff"
TEACHER = "teacher"

STAFF_ROLES = (PRINCIPAL, LOGISTICS_HEAD, STOREKEEPER, FINANCE, REPAIR_STAFF, TEACHER)


@hookimpl
def houqin_plugin_info() -> PluginInfo:
    return PluginInfo(name="core", label=N_("Core"), version=__version__)


@hookimpl
def houqin_roles() -> Iterable[RoleSpec]:
    return [
        RoleSpec(ADMIN_ROLE, N_("Administrator"), N_("Every permission, including users")),
        RoleSpec(PRINCIPAL, N_("Principal"), N_("Approves large spending, reads reports")),
        RoleSpec(LOGISTICS_HEAD, N_("Head of logistics"), N_("Runs the logistics office")),
        RoleSpec(STOREKEEPER, N_("Storekeeper"), N_("Stock in, stock out, counts")),
        RoleSpec(FINANCE, N_("Finance"), N_("Budget, reimbursements, fees")),
        RoleSpec(REPAIR_STAFF, N_("Repair staff"), N_("Takes and closes repair work")),
        RoleSpec(TEACHER, N_("Teacher"), N_("Reports faults, keeps class property")),
    ]


@hookimpl
def houqin_permissions() -> Iterable[PermissionSpec]:
    return [
        PermissionSpec("settings.manage", N_("Change school settings"), (LOGISTICS_HEAD,)),
        PermissionSpec("plugins.manage", N_("Switch modules on or off")),
        PermissionSpec(
            "audit.view", N_("Read the audit log"), (PRINCIPAL, LOGISTICS_HEAD, FINANCE)
        ),
    ]


@hookimpl
def houqin_settings() -> Iterable[SettingSpec]:
    return [
        SettingSpec("school.name", N_("School name"), "str", "示范学校"),
        SettingSpec(
            "school.type",
            N_("Kind of school"),
            "choice",
            "primary",
            choices=SCHOOL_TYPES,
            help=N_("Decides which modules `houqin init` switches on"),
        ),
        SettingSpec(
            "school.timezone",
            N_("Time zone"),
            "str",
            "Asia/Shanghai",
            help=N_("Times are stored in UTC and shown in this zone"),
        ),
        SettingSpec(
            "school.language", N_("Default language"), "choice", "zh_CN", choices=LANGUAGES
        ),
        SettingSpec(
            "school.web_address",
            N_("Web address"),
            "str",
            "http://localhost:8000",
            help=N_(
                "The address of this school's houqin site, e.g. https://houqin.example.edu.cn; "
                "the QR codes on asset labels carry it, so a phone that scans one opens the asset"
            ),
        ),
        SettingSpec(
            "auth.password_min_length",
            N_("Shortest password"),
            "int",
            8,
            unit=N_("characters"),
            minimum=6,
            maximum=128,
        ),
        SettingSpec(
            "auth.max_failed_logins",
            N_("Wrong passwords before a pause"),
            "int",
            5,
            unit=N_("times"),
            minimum=3,
            maximum=20,
        ),
        SettingSpec(
            "auth.lockout_minutes",
            N_("Pause after too many wrong passwords"),
            "int",
            15,
            unit=N_("minutes"),
            minimum=1,
            maximum=1440,
        ),
        SettingSpec(
            "auth.session_idle_minutes",
            N_("Log out after being idle for"),
            "int",
            30,
            unit=N_("minutes"),
            minimum=5,
            maximum=720,
        ),
    ]


@hookimpl
def houqin_migrations() -> MigrationSpec:
    return CORE_MIGRATION
