"""``houqin tui``: the terminal interface, against the database ``--db`` names."""

from __future__ import annotations

import os

import click

from houqin.cli.context import cli_context
from houqin.core.i18n import _


@click.command(
    "tui",
    help=_(
        "Open the terminal interface: log in, see the dashboard, manage the organisation. "
        "Works over SSH in an 80×24 terminal."
    ),
)
@click.option(
    "--theme",
    default=None,
    metavar="NAME",
    help=_("Colours: textual-dark (default), textual-light for a light terminal, or another"),
)
def tui(theme: str | None) -> None:
    from houqin.frontends.tui import TuiConfig, make_app

    ctx = cli_context()
    root = click.get_current_context().find_root()
    language = root.params.get("lang") or os.environ.get("HOUQIN_LANG") or None
    theme = theme or os.environ.get("HOUQIN_TUI_THEME") or None
    app = make_app(
        TuiConfig(database_url=ctx.db, language=language, plugins=ctx.plugins, theme=theme)
    )
    if theme is not None and theme not in app.available_themes:
        app.school.engine.dispose()
        known = ", ".join(sorted(app.available_themes))
        raise click.BadParameter(_("unknown theme; choose one of: {known}", known=known))
    app.run()
