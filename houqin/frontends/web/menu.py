"""The navigation menu: the school's areas, the kinds a user may see, the plugins' links."""

from __future__ import annotations

from typing import Any

import attrs
from flask import current_app, url_for

from houqin.core.access import Actor
from houqin.core.i18n import N_, Text
from houqin.core.school import School
from houqin.frontends.web.plugins import WebPlugins


@attrs.frozen
class MenuEntry:
    label: Text
    url: str
    name: str


@attrs.frozen
class MenuGroup:
    name: str
    label: Text
    entries: tuple[MenuEntry, ...]


def active_names(school: School) -> set[str]:
    """The plugins whose contributions count now: the core's and the enabled ones."""
    return {name for name in school.host.installed if school.host.is_active(name)}


def build_menu(school: School, actor: Actor) -> list[MenuGroup]:
    """The menu groups ``actor`` sees: only kinds and links they hold the permission for."""
    web: WebPlugins = current_app.extensions["houqin_web_plugins"]
    links = [
        link
        for link in web.menu_links(active_names(school))
        if not actor.scope(link.permission).nothing
    ]
    groups = []
    for area in school.areas:
        entries = [
            MenuEntry(
                kind.plural,
                url_for("objects.list_objects", area_name=area.name, kind_name=name),
                name,
            )
            for name, kind in school.kinds.items()
            if kind.area == area.name and not actor.scope(kind.view_permission).nothing
        ]
        entries += [
            MenuEntry(
                N_("Import {what}", what=workbook.label),
                url_for("workbooks.import_workbook", workbook_name=workbook.name),
                f"{workbook.name}.import",
            )
            for workbook in school.workbooks.values()
            if workbook.area == area.name and not actor.scope(workbook.import_permission).nothing
        ]
        entries += [_entry(link) for link in links if link.area == area.name]
        if entries:
            groups.append(MenuGroup(area.name, area.label, tuple(entries)))
    area_names = {area.name for area in school.areas}
    more = [_entry(link) for link in links if link.area not in area_names]
    if more:
        groups.append(MenuGroup("more", N_("Administration"), tuple(more)))
    return groups


def _entry(link: Any) -> MenuEntry:
    return MenuEntry(link.label, url_for(link.endpoint, **link.values), link.name)
