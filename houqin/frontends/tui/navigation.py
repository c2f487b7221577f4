"""Where a user can go: the sidebar's entries, built from the areas, kinds and plugins."""

from __future__ import annotations

import attrs

from houqin.core.counts.plugin import RUN as RUN_COUNTS
from houqin.core.i18n import N_, render
from houqin.core.org.plugin import MANAGE_USERS, VIEW
from houqin.core.school import School
from houqin.frontends.tui.plugins import TuiPlugins
from houqin.frontends.tui.session import Session

DASHBOARD = "dashboard"
USERS = "users"
FIND = "find"
COUNT_SCAN = "count_scan"

_MORE = N_("More")
_ADMINISTRATION = N_("Administration")


@attrs.frozen
class NavEntry:
    """A line of the sidebar: a heading (``target`` None) or a screen to open."""

    label: str
    target: str | None = None


def kind_target(name: str) -> str:
    return f"kind:{name}"


def screen_target(name: str) -> str:
    return f"screen:{name}"


def workbook_target(name: str) -> str:
    return f"workbook:{name}"


def entries(school: School, plugins: TuiPlugins, session: Session) -> list[NavEntry]:
    """The sidebar for this user: the dashboard, then each area with what they may open.

    An area lists the object kinds the user may view and the plugins' screens
    they hold the permission for; an area with nothing to open is left out.
    """
    found = [NavEntry(render(N_("Dashboard")), DASHBOARD)]
    screens_by_area: dict[str | None, list[NavEntry]] = {}
    for screen in plugins.screens:
        if session.can(screen.permission):
            screens_by_area.setdefault(screen.area, []).append(
                NavEntry(render(screen.label), screen_target(screen.name))
            )
    known_areas = {area.name for area in school.areas}
    for area in school.areas:
        lines = [
            NavEntry(render(kind.plural), kind_target(kind.name))
            for kind in school.kinds.values()
            if kind.area == area.name and session.can(kind.view_permission)
        ]
        lines += [
            NavEntry(
                render(N_("Import {what}", what=workbook.label)), workbook_target(workbook.name)
            )
            for workbook in school.workbooks.values()
            if workbook.area == area.name and session.can(workbook.import_permission)
        ]
        if area.name == "assets" and session.can(RUN_COUNTS):
            lines.append(NavEntry(render(N_("Scan for a count")), COUNT_SCAN))
        lines += screens_by_area.get(area.name, [])
        if lines:
            found += [NavEntry(render(area.label)), *lines]
    more = [e for area, group in screens_by_area.items() if area not in known_areas for e in group]
    if more:
        found += [NavEntry(render(_MORE)), *more]
    tools = []
    if session.can(VIEW):
        tools.append(NavEntry(render(N_("Find by code")), FIND))
    if session.can(MANAGE_USERS):
        tools.append(NavEntry(render(N_("Users")), USERS))
    if tools:
        found += [NavEntry(render(_ADMINISTRATION)), *tools]
    return found
