"""The organisation area's hooks: its permissions."""

from __future__ import annotations

from collections.abc import Iterable

from houqin import __version__
from houqin.core.builtin import LOGISTICS_HEAD, STAFF_ROLES
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_
from houqin.core.types import PermissionSpec, PluginInfo

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
