"""``houqin web``: serve the web site with waitress (Flask is imported only here, when it runs)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import click

from houqin.cli.context import cli_context, done
from houqin.core.i18n import _

SECRET_ENV = "HOUQIN_SECRET_KEY"


def secret_key_file() -> Path:
    """Where the generated key is kept: the user's data folder, beside the embedded database."""
    import platformdirs

    return Path(platformdirs.user_data_dir("houqin")) / "web-secret-key"


def secret_key(path: Path | None = None) -> str:
    """``HOUQIN_SECRET_KEY``, else a key generated once and kept in a file only its owner reads.

    Keeping it means sessions survive a restart; generating it means no two
    installations share one (it is never a constant in the code).
    """
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        return from_env
    path = path or secret_key_file()
    if path.exists():
        key = path.read_text("utf-8").strip()
        if key:
            return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # Created with 0600 from the start, so the key is never readable by others, even briefly.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def _create_demo_if_new() -> None:
    """Make the demo school when the database holds none yet; leave an existing school alone."""
    from houqin.core.builtin import CORE_MIGRATION
    from houqin.core.db import migrate
    from houqin.core.demo import set_up_demo_school
    from houqin.core.i18n import render

    ctx = cli_context()
    school = ctx.school(require_schema=False)
    with school.engine.connect() as conn:
        state = migrate.status(conn, CORE_MIGRATION).state
    if state != "missing":
        click.echo(_("The database already holds a school; it is served as it is."))
        return
    result = set_up_demo_school(school, ctx.actor)
    done(_("Demo school created in {url}", url=school.engine.url.render_as_string()))
    for what, count in result.counts.items():
        click.echo(f"  {render(what)}: {count}")
    click.secho(
        _(
            "Administrator login: {user} / {password}",
            user=result.admin_username,
            password=result.admin_password,
        ),
        bold=True,
    )
    click.echo(_("Other staff logins use the password {password}:", password=result.demo_password))
    for username, role in result.staff_logins:
        click.echo(f"  {username} ({role})")


@click.command(help=_("Serve the web site for staff (waitress)."))
@click.option("--host", default="127.0.0.1", show_default=True, help=_("Address to listen on"))
@click.option("--port", type=int, default=8000, show_default=True, help=_("Port to listen on"))
@click.option(
    "--threads", type=int, default=8, show_default=True, help=_("Requests served at once")
)
@click.option(
    "--demo",
    is_flag=True,
    help=_("Create the demo school first when the database is new (and print its logins)"),
)
def web(host: str, port: int, threads: int, demo: bool) -> None:
    import logging

    import waitress

    from houqin.frontends.web import WebConfig, create_app

    # Refusals (houqin.security) and errors go to the terminal, with the time they happened.
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    ctx = cli_context()
    if demo:
        _create_demo_if_new()
    base = WebConfig.from_environment()
    config = WebConfig(
        secret_key=secret_key(),
        database_url=ctx.db,
        plugins=ctx.plugins,
        language=base.language,
        secure_cookies=base.secure_cookies,
        behind_proxy=base.behind_proxy,
        upload_dir=base.upload_dir,
    )
    app = create_app(config)
    shown = f"[{host}]" if ":" in host else host
    done(
        _("Open http://{host}:{port}/ in a browser (Ctrl+C stops the site).", host=shown, port=port)
    )
    waitress.serve(app, host=host, port=port, threads=threads, ident="houqin")
