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

    from houqin.core.uow import UnitOfWork

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
