"""The plugin host: built-in and installed plugins, enabled or not per school.

Installed plugins come from the ``houqin.plugins`` entry-point group (looked
up only when an installed distribution names the group, see
:mod:`houqin.core.entry_points`) or are handed in directly, as the test suite
does. The core's own areas register as plugins that cannot be disabled. A
disabled plugin stays installed and keeps its data, but is unregistered from
the hook relay, so it contributes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs
import pluggy

from houqin.core import hookspecs
from houqin.core.entry_points import GROUP, may_declare
from houqin.core.errors import PluginError
from houqin.core.i18n import N_, register_domain
from houqin.core.types import PluginInfo

ENTRY_POINT_GROUP = GROUP
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,30}$")

R = TypeVar("R")


@attrs.frozen
class InstalledPlugin:
    """One plugin the host knows of, and where it came from."""

    info: PluginInfo
    obj: Any
    origin: str
    builtin_core: bool = False


class PluginHost:
    """Registers plugins, checks their hooks and namespace, and switches them on or off."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.installed: dict[str, InstalledPlugin] = {}

    @property
    def hook(self) -> Any:
        return self.pm.hook

    def add(self, obj: Any, origin: str = "", *, core: bool = False) -> InstalledPlugin:
        """Register a plugin object (a module or an instance with hookimpls)."""
        info = _read_info(obj)
        if not NAME_PATTERN.match(info.name):
            raise PluginError(
                N_(
                    "plugin name {name!r} must be 2-31 lowercase letters, digits or _",
                    name=info.name,
                )
            )
        existing = self.installed.get(info.name)
        if existing is not None:
            raise PluginError(
                N_(
                    "two plugins are named {name!r}: {first} and {second}",
                    name=info.name,
                    first=existing.origin,
                    second=origin or repr(obj),
                )
            )
        if not core:
            _check_namespace(info.name, obj)
        self.pm.register(obj, name=info.name)
        try:
            self.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            self.pm.unregister(obj)
            raise PluginError(
                N_("plugin {name!r} is broken: {reason}", name=info.name, reason=str(exc))
            ) from exc
        if info.locale_dir is not None:
            register_domain(info.name, info.locale_dir)
        plugin = InstalledPlugin(info, obj, origin or repr(obj), builtin_core=core)
        self.installed[info.name] = plugin
        return plugin

    def discover(self) -> None:
        """Add every plugin installed in this Python through the entry-point group."""
        if not may_declare(ENTRY_POINT_GROUP):
            return  # no installed distribution declares one: importlib.metadata is not needed
        from importlib.metadata import entry_points

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            dist = ep.dist
            origin = f"{dist.name} {dist.version}" if dist is not None else ep.value
            try:
                obj = ep.load()
            except Exception as exc:  # a broken third-party package must not stop houqin
                raise PluginError(
                    N_("plugin {name!r} cannot be loaded: {reason}", name=ep.name, reason=exc)
                ) from exc
            self.add(obj, origin)

    def optional(self) -> list[InstalledPlugin]:
        """The plugins a school may switch on or off, by name."""
        return sorted(
            (p for p in self.installed.values() if not p.builtin_core), key=lambda p: p.info.name
        )

    def get(self, name: str) -> InstalledPlugin:
        try:
            plugin = self.installed[name]
        except KeyError:
            known = ", ".join(p.info.name for p in self.optional()) or "-"
            raise PluginError(
                N_("unknown plugin {name!r}; installed: {known}", name=name, known=known)
            ) from None
        return plugin

    def is_active(self, name: str) -> bool:
        return self.pm.is_registered(self.installed[name].obj)

    def set_active(self, names: Iterable[str]) -> None:
        """Keep the core and the named optional plugins registered; unregister the rest."""
        wanted = set(names)
        for plugin in self.installed.values():
            should = plugin.builtin_core or plugin.info.name in wanted
            registered = self.pm.is_registered(plugin.obj)
            if should and not registered:
                self.pm.register(plugin.obj, name=plugin.info.name)
            elif not should and registered:
                self.pm.unregister(plugin.obj)

    def collect(
        self,
        hook_name: str,
        key: Callable[[R], str] = lambda r: r.name,  # type: ignore[attr-defined]
        *,
        ordered: bool = True,
    ) -> list[R]:
        """Call a contribution hook, flatten the results, reject duplicate names.

        Sorted by name unless ``ordered`` is false (then in the order declared).
        """
        caller = getattr(self.pm.hook, hook_name)
        seen: dict[str, str] = {}
        results: list[R] = []
        for impl in caller.get_hookimpls():
            out = impl.function()
            if out is None:
                continue
            for item in _items(out):
                name = key(item)
                if name in seen:
                    raise PluginError(
                        N_(
                            "{name!r} is declared twice, by {first} and by {second}",
                            name=name,
                            first=seen[name],
                            second=impl.plugin_name,
                        )
                    )
                seen[name] = impl.plugin_name
                results.append(item)
        return sorted(results, key=key) if ordered else results

    def contributions_by_plugin(self, hook_name: str) -> dict[str, list[Any]]:
        """Like :meth:`collect` but grouped by the plugin that contributed each record."""
        caller = getattr(self.pm.hook, hook_name)
        grouped: dict[str, list[Any]] = {}
        for impl in caller.get_hookimpls():
            out = impl.function()
            if out is None:
                continue
            grouped.setdefault(impl.plugin_name, []).extend(_items(out))
        return grouped


_NAMESPACE_WORDS = {
    "permission": N_("permission"),
    "role": N_("role"),
    "setting": N_("setting"),
    "table": N_("table"),
}


def _check_namespace(plugin: str, obj: Any) -> None:
    """A plugin's permissions, roles and settings start with ``<plugin>.``, its tables with
    ``<plugin>_``; checked once, when the plugin is installed, enabled or not."""
    named: list[tuple[str, str, str]] = []
    for hook, what in (
        ("houqin_permissions", "permission"),
        ("houqin_roles", "role"),
        ("houqin_settings", "setting"),
    ):
        contribute = getattr(obj, hook, None)
        if contribute is not None:
            named += [(what, item.name, f"{plugin}.") for item in _items(contribute() or [])]
    migrations = getattr(obj, "houqin_migrations", None)
    spec = migrations() if migrations is not None else None
    if spec is not None:
        if spec.name != plugin:
            raise PluginError(
                N_("plugin {name!r} names its migrations {other!r}", name=plugin, other=spec.name)
            )
        named += [("table", table, f"{plugin}_") for table in spec.tables]
    for what, name, prefix in named:
        if not name.startswith(prefix):
            what_label = _NAMESPACE_WORDS[what]
            raise PluginError(
                N_(
                    "plugin {plugin!r} declares the {what} {name!r}, which must start with "
                    "{prefix!r}",
                    plugin=plugin,
                    what=what_label,
                    name=name,
                    prefix=prefix,
                )
            )


def _items(out: Any) -> list[Any]:
    return list(out) if isinstance(out, list | tuple | set | frozenset) else [out]


def _read_info(obj: Any) -> PluginInfo:
    get_info = getattr(obj, "houqin_plugin_info", None)
    if get_info is None:
        raise PluginError(
            N_("{obj} has no houqin_plugin_info hook and cannot be a plugin", obj=repr(obj))
        )
    info = get_info()
    if not isinstance(info, PluginInfo):
        raise PluginError(N_("{obj}: houqin_plugin_info must return a PluginInfo", obj=repr(obj)))
    return info
