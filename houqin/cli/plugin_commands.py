"""Plugins' subcommands: loaded only when named, run only while the plugin is on."""

from __future__ import annotations

import functools
from typing import Any

import click

from houqin.core.entry_points import GROUP
from houqin.core.errors import PluginError
from houqin.core.i18n import N_


def load_plugin(name: str) -> Any:
    """Import the installed plugin ``name`` from its entry point."""
    from importlib.metadata import entry_points

    (ep,) = [ep for ep in entry_points(group=GROUP) if ep.name == name]
    return ep.load()


def plugin_command(name: str, plugin: Any) -> click.Command | None:
    """The command a plugin contributes under its own name, guarded by its on/off switch."""
    contribute = getattr(plugin, "houqin_cli_commands", None)
    if contribute is None:
        return None
    for command in contribute() or ():
        if command.name == name:
            return guard(command, name)
    return None


def guard(command: click.Command, name: str) -> click.Command:
    """Refuse to run ``command`` while plugin ``name`` is off for the school."""
    original = command.callback

    @functools.wraps(original or (lambda: None))
    def checked(*args: Any, **kwargs: Any) -> Any:
        from houqin.cli.context import cli_context

        school = cli_context().school()
        if name not in school.active_plugins():
            raise PluginError(
                N_(
                    "the module {name} is off for this school: `houqin plugins enable {name}`",
                    name=name,
                )
            )
        return original(*args, **kwargs) if original is not None else None

    command.callback = checked
    return command
