"""The core of houqin: plugins, storage, services. Imports neither Flask nor Textual."""

from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_
from houqin.core.types import (
    Event,
    MigrationSpec,
    PermissionSpec,
    PluginInfo,
    RoleSpec,
    SettingSpec,
)

__all__ = [
    "N_",
    "Event",
    "MigrationSpec",
    "PermissionSpec",
    "PluginInfo",
    "RoleSpec",
    "SettingSpec",
    "hookimpl",
]
