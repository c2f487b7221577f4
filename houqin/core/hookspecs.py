"""The core contract between houqin and its plugins.

Every hook here is called by the core; a plugin implements the ones it needs
with ``@houqin.core.hookimpl``. Contribution hooks return small records from
:mod:`houqin.core.types`; the core flattens them and rejects duplicate names,
naming both plugins. Frontend hooks live in ``houqin.frontends.*.hookspecs``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pluggy

from houqin.core.types import (
    Event,
    MigrationSpec,
    PermissionSpec,
    PluginInfo,
    RoleSpec,
    SettingSpec,
)

if TYPE_CHECKING:
    import cattrs
    import click

    from houqin.core.assets.categories import AssetCategorySpec
    from houqin.core.dashboard import Alert, DashboardCard
    from houqin.core.kinds import Area, ObjectKind
    from houqin.core.uow import UnitOfWork
    from houqin.core.workbooks import Workbook

PROJECT = "houqin"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec(firstresult=True)
def houqin_plugin_info() -> PluginInfo:  # type: ignore[empty-body]
    """Say who this plugin is. Called once per plugin, when it is registered.

    Stops at the first non-None result (the core asks each plugin alone).
    The returned ``name`` is the plugin's namespace: its tables start with
    ``<name>_``, its permissions and settings with ``<name>.``.

    Example::

        @hookimpl
        def houqin_plugin_info():
            return PluginInfo(name="boarding", label=N_("Boarding"),
                              version="1.0", school_types=("boarding",))
    """


@hookspec
def houqin_permissions() -> Iterable[PermissionSpec]:  # type: ignore[empty-body]
    """Declare permissions. Called when the school opens.

    ``default_roles`` names the roles (the core's or any plugin's) that hold the
    permission. ``admin`` holds every permission without being named.

    Example::

        @hookimpl
        def houqin_permissions():
            return [PermissionSpec("boarding.roll_call", N_("Take roll call"),
                                   default_roles=("boarding.dorm_manager",))]
    """


@hookspec
def houqin_roles() -> Iterable[RoleSpec]:  # type: ignore[empty-body]
    """Declare roles that users can be given. Called when the school opens.

    Example::

        @hookimpl
        def houqin_roles():
            return [RoleSpec("boarding.dorm_manager", N_("Dorm manager"))]
    """


@hookspec
def houqin_settings() -> Iterable[SettingSpec]:  # type: ignore[empty-body]
    """Declare per-school settings, each with a default, unit, range and source.

    Example::

        @hookimpl
        def houqin_settings():
            return [SettingSpec("boarding.lights_out", N_("Lights out"), "str", "22:00")]
    """


@hookspec
def houqin_migrations() -> MigrationSpec | None:
    """Return where this module's Alembic history lives and the tables it owns.

    Called by ``houqin init``, ``houqin db upgrade`` and ``houqin db check``.
    Each module gets its own version table; every table named must start with
    the plugin's prefix.

    Example::

        @hookimpl
        def houqin_migrations():
            return MigrationSpec("boarding", Path(__file__).parent / "migrations",
                                 tables=("boarding_bed",))
    """


@hookspec
def houqin_converter(converter: cattrs.Converter) -> None:
    """Register structure hooks for a plugin's own value types.

    Called once, after all plugins are registered, when the core builds the one
    converter that turns form fields and spreadsheet cells into commands.

    Example::

        @hookimpl
        def houqin_converter(converter):
            converter.register_structure_hook(BedNumber, lambda v, _: BedNumber(str(v)))
    """


@hookspec
def houqin_demo_data(uow: UnitOfWork) -> None:
    """Add this module's part of the demo school, inside the demo's transaction.

    Called by ``houqin demo`` after the core has created the organisation, so
    rooms, departments and people can be looked up by name.

    Example::

        @hookimpl
        def houqin_demo_data(uow):
            create_bed(uow, CreateBed(room="男生宿舍1号楼 101", number="1"))
    """


@hookspec
def houqin_on_event(event: Event) -> None:
    """Hear a change after its transaction committed (never for a rolled-back one).

    Example::

        @hookimpl
        def houqin_on_event(event):
            if event.action == "org.room.created":
                notify_dorm_office(event.after)
    """


@hookspec
def houqin_cli_commands() -> Iterable[click.Command]:  # type: ignore[empty-body]
    """Add subcommands to ``houqin``. Called when the command line is built.

    A plugin's command is named after the plugin (``houqin boarding …``) and
    runs only while the plugin is enabled for the school.

    Example::

        @hookimpl
        def houqin_cli_commands():
            return [boarding_group]
    """


@hookspec
def houqin_workbooks() -> Iterable[Workbook]:  # type: ignore[empty-body]
    """Declare the spreadsheets an area imports and exports (组织机构, 固定资产台账…).

    Called when the school opens. Each frontend offers the workbook's import
    with a preview of every error before anything is kept, and its export.

    Example::

        @hookimpl
        def houqin_workbooks():
            return [Workbook("boarding", "boarding", N_("the dormitories"),
                             N_("Sheets 宿舍 and 床位"), "boarding.manage", "boarding.view",
                             import_dorms, export_dorms, "宿舍.xlsx")]
    """


@hookspec
def houqin_areas() -> Iterable[Area]:  # type: ignore[empty-body]
    """Declare the parts of the application that get a menu entry of their own.

    Called when the school opens. The web menu and the terminal sidebar list
    the areas by ``order``, each with the object kinds that belong to it.

    Example::

        @hookimpl
        def houqin_areas():
            return [Area("boarding", N_("Dormitories"), order=40)]
    """


@hookspec
def houqin_object_kinds() -> Iterable[ObjectKind]:  # type: ignore[empty-body]
    """Declare kinds of objects the frontends list, show, create, edit and remove.

    Called when the school opens. A kind names its command class and its
    services; the web pages, the terminal screens and their forms are drawn
    from it, so a plugin gets all of them by declaring the kind.

    Example::

        @hookimpl
        def houqin_object_kinds():
            return [ObjectKind("beds", "boarding", N_("bed"), N_("Beds"), BedInput,
                               create_bed, update_bed, delete_bed, get_bed, list_beds,
                               view_permission="boarding.view",
                               manage_permission="boarding.manage")]
    """


@hookspec
def houqin_dashboard_cards(uow: UnitOfWork) -> Iterable[DashboardCard]:  # type: ignore[empty-body]
    """Return figures for the home dashboard, computed in the reader's transaction.

    Called each time a dashboard is drawn; keep the queries to a few counts.
    Only cards whose ``permission`` the actor holds are shown.

    Example::

        @hookimpl
        def houqin_dashboard_cards(uow):
            return [DashboardCard("beds_free", N_("Free beds"), str(count_free_beds(uow)),
                                  permission="boarding.view", kind="beds")]
    """


@hookspec
def houqin_alerts(uow: UnitOfWork) -> Iterable[Alert]:  # type: ignore[empty-body]
    """Return things that need attention now, for the dashboard of web and terminal.

    Called each time a dashboard is drawn. Only alerts whose ``permission`` the
    actor holds are shown; ``level`` is info, warning or danger.

    Example::

        @hookimpl
        def houqin_alerts(uow):
            late = students_out_after_lights_out(uow)
            if late:
                return [Alert("boarding_late", N_("{n} boarders not back", n=late),
                              permission="boarding.view", level="danger")]
            return []
    """


@hookspec
def houqin_asset_categories() -> Iterable[AssetCategorySpec]:  # type: ignore[empty-body]
    """Declare asset categories (资产分类) for the things a module registers.

    Called when the register needs its categories: an asset is saved or a
    file imported. Each category is stored the first time it is needed and
    then belongs to the school, which may change its useful life; one whose
    code is already stored (a GB/T 14885-2022 class, or a school's own) is
    left as it is. ``parent`` is the code of a stored or declared category;
    a category of a non-depreciating parent cannot depreciate.

    Example::

        @hookimpl
        def houqin_asset_categories():
            return [AssetCategorySpec("BOARDING-01", N_("Dormitory beds"),
                                      parent="A05010000", useful_life_months=180,
                                      source=N_("furniture: at least 15 years"))]
    """
