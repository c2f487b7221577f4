"""The navigation menu: the school's areas, the kinds a user may see, the plugins' links."""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Sequence
from typing import Any

import attrs
from flask import current_app, request, url_for
from markupsafe import Markup, escape

from houqin.core.access import Actor
from houqin.core.i18n import N_, Text, get_language, render
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


# Menus already built, per school (a new School object when modules are switched)
# and per what they depend on; a few distinct sets of grants in a school.
_MenuKey = tuple[frozenset[str], bool, frozenset[Any], str]
_MENUS_KEPT = 256
_CURRENT = ' aria-current="page"'


def _kept(school: School) -> dict[Hashable, Any]:
    menus: weakref.WeakKeyDictionary[School, dict[Hashable, Any]]
    menus = current_app.extensions.setdefault("houqin_menus", weakref.WeakKeyDictionary())
    kept = menus.get(school)
    if kept is None:
        kept = menus[school] = {}
    if len(kept) >= _MENUS_KEPT:
        kept.clear()
    return kept


def _key(school: School, actor: Actor) -> _MenuKey:
    return (frozenset(active_names(school)), actor.superuser, actor.grants, request.script_root)


def menu_for(school: School, actor: Actor) -> tuple[MenuGroup, ...]:
    """:func:`build_menu`, built once per set of grants and kept with the school.

    The menu depends only on the school's modules, the actor's grants and where
    the site is mounted; its labels are translated when shown.
    """
    kept = _kept(school)
    key = _key(school, actor)
    menu: tuple[MenuGroup, ...] | None = kept.get(key)
    if menu is None:
        menu = kept[key] = tuple(build_menu(school, actor))
    return menu


def menu_html(school: School, actor: Actor, path: str) -> Markup:
    """The menu's groups as the page shows them, the entry of the page at ``path`` marked.

    Written once per set of grants and language (a menu has thirty-odd entries,
    each a label to translate and escape); only the mark is placed per page.
    """
    kept = _kept(school)
    key = ("html", _key(school, actor), get_language())
    pieces: list[tuple[str | None, str, str]] | None = kept.get(key)
    if pieces is None:
        pieces = kept[key] = _menu_pieces(menu_for(school, actor))
    return Markup(
        "".join(
            f"{before}{_CURRENT if url is not None and path.startswith(url) else ''}{after}"
            for url, before, after in pieces
        )
    )


def _menu_pieces(menu: Sequence[MenuGroup]) -> list[tuple[str | None, str, str]]:
    """(an entry's address, its HTML before and after the current-page mark), in order."""
    pieces: list[tuple[str | None, str, str]] = []
    for group in menu:
        pieces.append(
            (None, f'<h2 class="menu-heading">{escape(render(group.label))}</h2>\n<ul>\n', "")
        )
        for entry in group.entries:
            before = f'<li><a href="{escape(entry.url)}" data-menu="{escape(entry.name)}"'
            pieces.append((entry.url, before, f">{escape(render(entry.label))}</a></li>\n"))
        pieces.append((None, "</ul>\n", ""))
    return pieces


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
