"""The ``houqin`` command line.

Start-up is kept close to bare Python: subcommands live in modules imported
only when they run, plugins' commands are listed from entry-point names
without importing the plugins (nor ``importlib.metadata`` when no installed
distribution declares a plugin, see :mod:`houqin.core.entry_points`), and
neither Flask nor Textual is imported.
Help and messages are in the language of ``--lang`` or ``HOUQIN_LANG``
(Chinese unless told otherwise).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from houqin import __version__
from houqin.core.i18n import N_, LazyText, _, language_from_environment, set_language

# name -> (module, attribute, short help)
_SUBCOMMANDS: dict[str, tuple[str, str, LazyText]] = {
    "demo": ("houqin.cli.admin", "demo", N_("Create a demo school and print its logins")),
    "init": ("houqin.cli.admin", "init", N_("Create or upgrade the school's database")),
    "db": ("houqin.cli.admin", "db", N_("Schema upgrades and checks, for operators")),
    "backup": ("houqin.cli.admin", "backup", N_("Back up the school to a file")),
    "restore": ("houqin.cli.admin", "restore", N_("Replace the school with a backup")),
    "plugins": ("houqin.cli.admin", "plugins", N_("List, enable and disable modules")),
    "settings": ("houqin.cli.admin", "settings", N_("Show and change school settings")),
    "audit": ("houqin.cli.admin", "audit", N_("Read and verify the audit log")),
    "users": ("houqin.cli.people", "users", N_("User accounts and their roles")),
    "assets": ("houqin.cli.assets", "assets", N_("The fixed-asset register and its depreciation")),
    "roles": ("houqin.cli.people", "roles", N_("Roles and their permissions")),
    "web": ("houqin.cli.web", "web", N_("Serve the web site for staff")),
    "tui": ("houqin.cli.tui", "tui", N_("Open the terminal interface")),
    "org": (
        "houqin.cli.org",
        "org",
        N_("Campuses, buildings, rooms, departments, classes, people"),
    ),
    "stock": ("houqin.cli.stock", "stock", N_("The store: items, stock in and out, requests")),
    "counts": (
        "houqin.cli.counts",
        "counts",
        N_("Counts of the assets and the store: open, scan, close, apply"),
    ),
}


class HouqinGroup(click.Group):
    """The top-level group: lazy subcommands, plugins' commands, errors shown as messages.

    ``plugins=None`` takes plugins from the entry points, naming them without
    importing them until their command runs; a list (tests) uses just those.
    """

    def __init__(self, *args: Any, plugins: Sequence[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plugins = plugins

    def _plugin_names(self) -> list[str]:
        if self.plugins is None:
            from houqin.core.entry_points import entry_point_names

            return entry_point_names()
        return [p.houqin_plugin_info().name for p in self.plugins]

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(_SUBCOMMANDS) | set(self._plugin_names()))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = _SUBCOMMANDS.get(cmd_name)
        if found is not None:
            module = importlib.import_module(found[0])
            command: click.Command = getattr(module, found[1])
            return command
        if cmd_name in self._plugin_names():
            from houqin.cli.plugin_commands import load_plugin, plugin_command

            if self.plugins is None:
                return plugin_command(cmd_name, load_plugin(cmd_name))
            (plugin,) = [p for p in self.plugins if p.houqin_plugin_info().name == cmd_name]
            return plugin_command(cmd_name, plugin)
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above, so `houqin --help` imports no subcommand module.
        rows = [(name, entry[2].render()) for name, entry in sorted(_SUBCOMMANDS.items())]
        rows += [
            (name, _("Commands of the {name} module", name=name))
            for name in sorted(self._plugin_names())
        ]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from houqin.cli.context import run_reporting_errors

        return run_reporting_errors(lambda: super(HouqinGroup, self).invoke(ctx), ctx)


def _language_from_argv(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build(plugins: Sequence[Any] | None = None) -> click.Group:
    """The ``houqin`` group, with help text in the current language.

    ``plugins`` is for tests: the plugins to use instead of the installed ones.
    """

    @click.group(
        cls=HouqinGroup,
        plugins=plugins,
        help=_("houqin (后勤): the logistics office of a school."),
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    @click.option(
        "--db",
        envvar="HOUQIN_DATABASE_URL",
        metavar="URL",
        help=_("Database: a SQLite file path or postgresql://… (default: the user's data folder)"),
    )
    @click.option("--lang", metavar="zh_CN|en", help=_("Language of messages (default zh_CN)"))
    @click.version_option(__version__, prog_name="houqin")
    @click.pass_context
    def main(ctx: click.Context, db: str | None, lang: str | None) -> None:
        from houqin.cli.context import CliContext

        ctx.obj = CliContext(db, plugins)

    return main


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``houqin`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_from_argv(args) or language_from_environment())
    build().main(args=args, prog_name="houqin", standalone_mode=True)


__all__ = ["build", "main"]
