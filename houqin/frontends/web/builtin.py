"""The core's own web hooks: menu links to the pages that are not lists of a kind."""

from __future__ import annotations

from collections.abc import Iterable

from houqin.core.counts.plugin import RUN as RUN_COUNTS
from houqin.core.i18n import N_
from houqin.core.org.plugin import MANAGE_USERS
from houqin.core.plugin_state import MANAGE as MANAGE_PLUGINS
from houqin.frontends.web.hookspecs import MenuLink, hookimpl


@hookimpl
def houqin_web_menu_links() -> Iterable[MenuLink]:
    return [
        MenuLink("users", N_("Users"), "users.list_users", MANAGE_USERS, order=10),
        MenuLink("roles", N_("Roles"), "users.roles", MANAGE_USERS, order=20),
        MenuLink("modules", N_("Modules"), "admin.modules", MANAGE_PLUGINS, order=30),
        MenuLink("counts.scan", N_("Scan for a count"), "counts.index", RUN_COUNTS, area="assets"),
    ]
