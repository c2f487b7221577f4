"""The plugins' web parts: found through ``houqin.web``, checked, asked only while enabled.

A web part is registered under the name of the plugin it belongs to, so the
site can tell whose blueprint, link or panel a record is and drop it the
moment that plugin is disabled. The namespace rules of the core extend here:
a plugin's blueprint is named after it, its templates sit under
``templates/<plugin>/``, its menu links point into its own blueprint.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pluggy

from houqin.core.errors import PluginError
from houqin.core.i18n import N_
from houqin.frontends.web import builtin, hookspecs
from houqin.frontends.web.hookspecs import DashboardPanel, MenuLink

if TYPE_CHECKING:
    from flask import Blueprint

    from houqin.core.uow import UnitOfWork

CORE_NAME = "core"


class WebPlugins:
    """The web hook implementations of the core and of every installed plugin."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.add(CORE_NAME, builtin)

    def add(self, name: str, obj: Any) -> None:
        """Register the web part ``obj`` of the plugin ``name``."""
        if self.pm.has_plugin(name):
            raise PluginError(N_("two web parts are registered for the plugin {name!r}", name=name))
        self.pm.register(obj, name=name)
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(obj)
            raise PluginError(
                N_("the web part of {name!r} is broken: {reason}", name=name, reason=str(exc))
            ) from exc

    def discover(self) -> None:
        """Add every web part installed through the ``houqin.web`` entry points."""
        for ep in importlib.metadata.entry_points(group=hookspecs.ENTRY_POINT_GROUP):
            try:
                obj = ep.load()
            except Exception as exc:  # a broken package must say which one it is
                raise PluginError(
                    N_(
                        "the web part of {name!r} cannot be loaded: {reason}",
                        name=ep.name,
                        reason=exc,
                    )
                ) from exc
            self.add(ep.name, obj)

    def add_all(self, parts: Mapping[str, Any]) -> None:
        for name, obj in parts.items():
            self.add(name, obj)

    def names(self) -> list[str]:
        return sorted(name for name, _obj in self.pm.list_name_plugin() if name != CORE_NAME)

    def check_installed(self, installed: Collection[str]) -> None:
        """Refuse a web part whose plugin is not installed: it could never be switched on."""
        for name in self.names():
            if name not in installed:
                raise PluginError(
                    N_(
                        "there is a web part for {name!r} but no such plugin is installed",
                        name=name,
                    )
                )

    def blueprints(self) -> list[tuple[str, Blueprint]]:
        """Each plugin's blueprint, checked against the namespace rules."""
        found: list[tuple[str, Blueprint]] = []
        for impl in self.pm.hook.houqin_web_blueprints.get_hookimpls():
            plugin: str = impl.plugin_name
            given: Iterable[Blueprint] = cast("Iterable[Blueprint]", impl.function() or ())
            for blueprint in given:
                _check_blueprint(plugin, blueprint)
                found.append((plugin, blueprint))
        return found

    def menu_links(self, active: Collection[str]) -> list[MenuLink]:
        """The menu links of the enabled plugins (and the core's)."""
        links: list[MenuLink] = []
        for owner, link in self._collect("houqin_web_menu_links", active, {}):
            if owner != CORE_NAME and not link.endpoint.startswith(f"{owner}."):
                raise PluginError(
                    N_(
                        "plugin {plugin!r} links to {endpoint!r}, outside its own blueprint",
                        plugin=owner,
                        endpoint=link.endpoint,
                    )
                )
            links.append(link)
        return sorted(links, key=lambda link: (link.order, link.name))

    def dashboard_panels(self, active: Collection[str], uow: UnitOfWork) -> list[DashboardPanel]:
        """The dashboard panels of the enabled plugins, before any permission filter."""
        panels: list[DashboardPanel] = []
        for owner, panel in self._collect("houqin_web_dashboard_panels", active, {"uow": uow}):
            if owner != CORE_NAME and not panel.template.startswith(f"{owner}/"):
                raise PluginError(
                    N_(
                        "plugin {plugin!r} draws a panel with {template!r}, "
                        "which must be under {prefix!r}",
                        plugin=owner,
                        template=panel.template,
                        prefix=f"{owner}/",
                    )
                )
            panels.append(panel)
        return sorted(panels, key=lambda panel: (panel.order, panel.name))

    def _collect(
        self, hook_name: str, active: Collection[str], kwargs: dict[str, Any]
    ) -> list[tuple[str, Any]]:
        """Each record of the active parts with the plugin it came from; names must differ."""
        caller = getattr(self.pm.hook, hook_name)
        seen: dict[str, str] = {}
        results: list[tuple[str, Any]] = []
        for impl in caller.get_hookimpls():
            owner = impl.plugin_name
            if owner != CORE_NAME and owner not in active:
                continue
            for item in impl.function(**kwargs) or ():
                if item.name in seen:
                    raise PluginError(
                        N_(
                            "{name!r} is declared twice, by {first} and by {second}",
                            name=item.name,
                            first=seen[item.name],
                            second=owner,
                        )
                    )
                seen[item.name] = owner
                results.append((owner, item))
        return results


def _check_blueprint(plugin: str, blueprint: Blueprint) -> None:
    if blueprint.name != plugin:
        raise PluginError(
            N_(
                "plugin {plugin!r} gives a blueprint named {name!r}: it must be named {plugin!r}",
                plugin=plugin,
                name=blueprint.name,
            )
        )
    if blueprint.template_folder is None:
        return
    folder = Path(blueprint.root_path) / blueprint.template_folder
    strays = sorted(p.name for p in folder.iterdir() if p.name != plugin) if folder.is_dir() else []
    if strays:
        raise PluginError(
            N_(
                "plugin {plugin!r} keeps templates outside templates/{plugin}/: {strays}",
                plugin=plugin,
                strays=", ".join(strays),
            )
        )
