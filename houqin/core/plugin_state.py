"""Which optional plugins a school has switched on. A disabled plugin keeps its data."""

from __future__ import annotations

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.db.metadata import UTCDateTime, metadata, utcnow
from houqin.core.errors import PluginError
from houqin.core.i18n import N_, Text
from houqin.core.uow import UnitOfWork

MANAGE = "plugins.manage"

plugin_state = sa.Table(
    "plugin_state",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)


@attrs.frozen
class PluginRow:
    """A plugin as ``houqin plugins list`` shows it."""

    name: str
    label: Text
    version: str
    origin: str
    enabled: bool


def enabled_names(conn: sa.Connection) -> set[str]:
    rows = conn.execute(sa.select(plugin_state.c.name).where(plugin_state.c.enabled))
    return set(rows.scalars())


def list_plugins(uow: UnitOfWork) -> list[PluginRow]:
    """Every installed optional plugin and whether this school has it on."""
    enabled = enabled_names(uow.conn)
    return [
        PluginRow(p.info.name, p.info.label, p.info.version, p.origin, p.info.name in enabled)
        for p in uow.school.host.optional()
    ]


def set_enabled(uow: UnitOfWork, name: str, enabled: bool) -> None:
    """Switch a plugin on (creating or upgrading its tables) or off; audited."""
    require(uow.actor, MANAGE, label=uow.school.access.label(MANAGE))
    plugin = uow.school.host.get(name)
    if plugin.builtin_core:
        raise PluginError(N_("{name!r} is part of the core and is always on", name=name))
    was = name in enabled_names(uow.conn)
    if was == enabled:
        return
    if enabled:
        uow.school.upgrade_plugin_schema(uow.conn, name)
    values = {"enabled": enabled, "changed_at": utcnow()}
    exists = uow.conn.execute(
        sa.select(plugin_state.c.name).where(plugin_state.c.name == name)
    ).first()
    if exists:
        uow.conn.execute(plugin_state.update().where(plugin_state.c.name == name).values(**values))
    else:
        uow.conn.execute(plugin_state.insert().values(name=name, **values))
    uow.record(
        "plugins.enabled" if enabled else "plugins.disabled",
        "plugin",
        name,
        before={"enabled": was},
        after={"enabled": enabled},
    )
