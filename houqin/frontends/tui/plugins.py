"""The plugins' terminal-interface hooks, for the plugins the school has switched on."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping
from typing import Any

import pluggy

from houqin.core.errors import PluginError
from houqin.core.i18n import N_
from houqin.core.school import School
from houqin.frontends.tui import hookspecs
from houqin.frontends.tui.hookspecs import TuiCommand, TuiScreen


def installed_modules() -> dict[str, Any]:
    """The modules registered in the ``houqin.tui`` entry-point group, by plugin name."""
    found: dict[str, Any] = {}
    for ep in importlib.metadata.entry_points(group=hookspecs.ENTRY_POINT_GROUP):
        try:
            found[ep.name] = ep.load()
        except Exception as exc:  # a broken third-party package must not stop houqin
            raise PluginError(
                N_("plugin {name!r} cannot be loaded: {reason}", name=ep.name, reason=exc)
            ) from exc
    return found


class TuiPlugins:
    """The TUI hooks of the enabled plugins and what they contribute.

    ``modules`` maps a plugin's name to its TUI module; None reads the
    entry points. A module whose plugin is not enabled for the school is left
    out, so it contributes nothing.
    """

    def __init__(self, school: School, modules: Mapping[str, Any] | None = None) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        available = installed_modules() if modules is None else dict(modules)
        active = set(school.active_plugins())
        for name, module in sorted(available.items()):
            if name not in active:
                continue
            self.pm.register(module, name=name)
            try:
                self.pm.check_pending()
            except pluggy.PluginValidationError as exc:
                self.pm.unregister(module)
                raise PluginError(
                    N_("plugin {name!r} is broken: {reason}", name=name, reason=str(exc))
                ) from exc
        self.screens: list[TuiScreen] = sorted(
            self._collect("houqin_tui_screens"), key=lambda s: (s.order, s.name)
        )
        self.commands: list[TuiCommand] = sorted(
            self._collect("houqin_tui_commands"), key=lambda c: c.name
        )

    def _collect(self, hook_name: str) -> list[Any]:
        """Flatten a hook's records; each name must be unique and in its plugin's namespace."""
        caller = getattr(self.pm.hook, hook_name)
        seen: dict[str, str] = {}
        results: list[Any] = []
        for impl in caller.get_hookimpls():
            out = impl.function()
            for item in [] if out is None else list(out):
                plugin = impl.plugin_name
                if not item.name.startswith(f"{plugin}."):
                    raise PluginError(
                        N_(
                            "plugin {plugin!r} declares {name!r}, which must start with {prefix!r}",
                            plugin=plugin,
                            name=item.name,
                            prefix=f"{plugin}.",
                        )
                    )
                if item.name in seen:
                    raise PluginError(
                        N_(
                            "{name!r} is declared twice, by {first} and by {second}",
                            name=item.name,
                            first=seen[item.name],
                            second=plugin,
                        )
                    )
                seen[item.name] = plugin
                results.append(item)
        return results
