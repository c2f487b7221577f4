"""A school: its database, its plugins and the registries built from them.

One database holds one school. Opening it loads the plugins, switches on the
ones the school enabled and builds the converter, permissions and settings
from what they declare. Services then run inside :meth:`School.write` or
:meth:`School.read`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import cattrs
import sqlalchemy as sa

from houqin.core import builtin
from houqin.core.access import AccessRegistry, Actor
from houqin.core.assets import plugin as assets_plugin
from houqin.core.convert import make_converter
from houqin.core.counts import plugin as counts_plugin
from houqin.core.db import migrate
from houqin.core.db.engine import check_connection, create_engine, queued, write_lock
from houqin.core.errors import SchemaMismatch
from houqin.core.i18n import N_
from houqin.core.kinds import Area, ObjectKind
from houqin.core.org import plugin as org_plugin
from houqin.core.plugin_state import enabled_names
from houqin.core.plugins import PluginHost
from houqin.core.settings import SettingsRegistry
from houqin.core.stock import plugin as stock_plugin
from houqin.core.types import MigrationSpec, PermissionSpec, RoleSpec, SettingSpec
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import Workbook

log = logging.getLogger(__name__)

CORE_PLUGINS = (builtin, org_plugin, assets_plugin, stock_plugin, counts_plugin)


class School:
    """The open database of one school with its plugins."""

    def __init__(self, engine: sa.Engine, host: PluginHost) -> None:
        self.engine = engine
        self.host = host
        self._write_lock = write_lock(engine)
        self.converter: cattrs.Converter = make_converter(host)
        self.access = AccessRegistry([], [])
        self.settings = SettingsRegistry([])
        self.areas: list[Area] = []
        self.kinds: dict[str, ObjectKind] = {}
        self.workbooks: dict[str, Workbook] = {}

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        plugins: Iterable[Any] | None = None,
        require_schema: bool = True,
        engine: sa.Engine | None = None,
    ) -> School:
        """Open the school at ``url``.

        ``plugins=None`` loads every installed plugin from the entry points;
        a list registers just those (tests do this). With ``require_schema``,
        a database that ``houqin init`` has not set up, or set up with another
        version, is refused with a message saying what to run.
        """
        engine = engine if engine is not None else create_engine(url)
        check_connection(engine)
        host = PluginHost()
        for core in CORE_PLUGINS:
            host.add(core, "houqin", core=True)
        if plugins is None:
            host.discover()
        else:
            for obj in plugins:
                host.add(obj, getattr(obj, "__name__", repr(obj)))
        school = cls(engine, host)
        try:
            school.reload(require_schema=require_schema)
        except Exception:
            engine.dispose()
            raise
        return school

    def reload(self, *, require_schema: bool = True) -> None:
        """Read which plugins are on and rebuild the registries from them."""
        with self.engine.connect() as conn:
            state = migrate.status(conn, builtin.CORE_MIGRATION)
            if state.state != "current" and require_schema:
                raise SchemaMismatch(
                    N_("this database has no houqin school yet: run `houqin init`")
                    if state.state == "missing"
                    else N_(
                        "the database schema is older than this houqin: run `houqin db upgrade`"
                    )
                )
            enabled = enabled_names(conn) if state.state != "missing" else set()
        self.host.set_active(enabled & set(self.host.installed))
        self.converter = make_converter(self.host)
        self.access = AccessRegistry(
            self.host.collect("houqin_permissions"), self.host.collect("houqin_roles")
        )
        self.settings = SettingsRegistry(self.host.collect("houqin_settings"))
        self.areas = sorted(self.host.collect("houqin_areas"), key=lambda a: (a.order, a.name))
        kinds: list[ObjectKind] = self.host.collect("houqin_object_kinds", ordered=False)
        self.kinds = {k.name: k for k in kinds}
        workbooks: list[Workbook] = self.host.collect("houqin_workbooks", ordered=False)
        self.workbooks = {w.name: w for w in workbooks}

    @contextmanager
    def write(self, actor: Actor, *, dry_run: bool = False) -> Iterator[UnitOfWork]:
        """One transaction that writes: committed when the block ends, rolled back on error.

        With ``dry_run`` every rule is applied and every statement runs, then the
        transaction is rolled back: what a preview or ``--dry-run`` needs.
        """
        # On a SQLite file the writers of this process queue on a lock of their
        # own before BEGIN IMMEDIATE (see write_lock); it is let go once the
        # transaction has ended, whichever way, and before plugins hear of it.
        with queued(self._write_lock), self.engine.connect() as conn:
            conn = conn.execution_options(houqin_write=True)
            with conn.begin() as tx:
                uow = UnitOfWork(self, conn, actor, writable=True)
                yield uow
                if dry_run:
                    tx.rollback()
        if dry_run:
            return
        for event in uow.events:
            try:
                self.host.hook.houqin_on_event(event=event)
            except Exception:  # a listener's failure must not undo a committed change
                log.exception("a plugin failed while hearing event %s", event.seq)

    @contextmanager
    def read(self, actor: Actor) -> Iterator[UnitOfWork]:
        """A transaction for reading; anything it wrote would be rolled back."""
        with self.engine.connect() as conn, conn.begin() as tx:
            yield UnitOfWork(self, conn, actor, writable=False)
            tx.rollback()

    def migration_specs(self) -> list[MigrationSpec]:
        """The core's history and those of the enabled plugins."""
        return [builtin.CORE_MIGRATION] + [
            spec for name in sorted(self.active_plugins()) if (spec := self.plugin_spec(name))
        ]

    def active_plugins(self) -> list[str]:
        return [p.info.name for p in self.host.optional() if self.host.is_active(p.info.name)]

    def plugin_spec(self, name: str) -> MigrationSpec | None:
        """A plugin's migrations, enabled or not (checked when the plugin was installed)."""
        get_spec = getattr(self.host.get(name).obj, "houqin_migrations", None)
        spec: MigrationSpec | None = get_spec() if get_spec is not None else None
        return spec

    def upgrade_schema(self, conn: sa.Connection) -> None:
        """Upgrade the core and every enabled plugin, in the caller's transaction."""
        for spec in self.migration_specs():
            migrate.upgrade(conn, spec)

    def upgrade_plugin_schema(self, conn: sa.Connection, name: str) -> None:
        spec = self.plugin_spec(name)
        if spec is not None:
            migrate.upgrade(conn, spec)

    def setting_specs(self) -> list[SettingSpec]:
        return list(self.settings.specs.values())

    def roles(self) -> list[RoleSpec]:
        return sorted(self.access.roles.values(), key=lambda r: r.name)

    def permissions(self) -> list[PermissionSpec]:
        return sorted(self.access.permissions.values(), key=lambda p: p.name)


def init_school(
    school: School,
    actor: Actor,
    *,
    name: str | None = None,
    school_type: str | None = None,
) -> list[str]:
    """Create or upgrade the schema and set the school up; safe to run again.

    In one transaction: the core's and the enabled plugins' tables are brought
    up to date, the name and kind are stored when given, and the plugins meant
    for that kind of school are switched on. Returns the plugins it switched on.
    """
    from houqin.core.plugin_state import set_enabled
    from houqin.core.settings import set_setting

    switched_on: list[str] = []
    with school.write(actor) as uow:
        school.upgrade_schema(uow.conn)
        if name is not None:
            set_setting(uow, "school.name", name)
        if school_type is not None:
            set_setting(uow, "school.type", school_type)
            enabled = enabled_names(uow.conn)
            for plugin in school.host.optional():
                fits = school_type in plugin.info.school_types
                if fits and plugin.info.name not in enabled:
                    set_enabled(uow, plugin.info.name, True)
                    switched_on.append(plugin.info.name)
    school.reload()
    return switched_on
