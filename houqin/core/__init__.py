"""The core of houqin: plugins, storage, services. Imports neither Flask nor Textual.

The names below are what a plugin imports (``from houqin.core import hookimpl``).
They load on first use, so that ``houqin --help`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from houqin.core.assets.categories import AssetCategorySpec
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

_EXPORTS = {
    "AssetCategorySpec": "houqin.core.assets.categories",
    "hookimpl": "houqin.core.hookspecs",
    "N_": "houqin.core.i18n",
    "Event": "houqin.core.types",
    "MigrationSpec": "houqin.core.types",
    "PermissionSpec": "houqin.core.types",
    "PluginInfo": "houqin.core.types",
    "RoleSpec": "houqin.core.types",
    "SettingSpec": "houqin.core.types",
}

__all__ = [
    "N_",
    "AssetCategorySpec",
    "Event",
    "MigrationSpec",
    "PermissionSpec",
    "PluginInfo",
    "RoleSpec",
    "SettingSpec",
    "hookimpl",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'houqin.core' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
