"""Every table of the core, imported so the one MetaData is complete."""

from __future__ import annotations

from houqin.core import audit, plugin_state, settings
from houqin.core.assets import tables as asset_tables
from houqin.core.counts import tables as count_tables
from houqin.core.org import tables as org_tables
from houqin.core.stock import tables as stock_tables

_CORE = (
    audit.audit_event,
    audit.audit_head,
    settings.setting,
    plugin_state.plugin_state,
    *org_tables.ALL,
    *asset_tables.ALL,
    *stock_tables.ALL,
    *count_tables.ALL,
)

CORE_TABLES: tuple[str, ...] = tuple(t.name for t in _CORE)
