"""Operator commands: set-up, demo, schema, backups, modules, settings, audit."""

from __future__ import annotations

from pathlib import Path

import click

from houqin.cli.context import cli_context, done, echo_table, fail
from houqin.core.i18n import N_, _, render
from houqin.core.types import SCHOOL_TYPES

_STATES = {"missing": N_("not created"), "behind": N_("older"), "current": N_("current")}


@click.command(help=_("Create a demo school with realistic data and print its logins."))
@click.option(
    "--school-type",
    type=click.Choice(SCHOOL_TYPES),
    default="primary",
    show_default=True,
    help=_("Kind of school to imitate"),
)
@click.option("--name", default=None, help=_("School name (a made-up one by default)"))
@click.option(
    "--seed", type=int, default=2024, show_default=True, help=_("Seed of the generated names")
)
def demo(school_type: str, name: str | None, seed: int) -> None:
    from houqin.core.demo import set_up_demo_school

    ctx = cli_context()
    school = ctx.school(require_schema=False)
    result = set_up_demo_school(school, ctx.actor, school_type=school_type, name=name, seed=seed)
    done(_("Demo school created in {url}", url=school.engine.url.render_as_string()))
    for what, count in result.counts.items():
        click.echo(f"  {render(what)}: {count}")
    click.echo(
        _(
            "Administrator login: {user} / {password}",
            user=result.admin_username,
            password=result.admin_password,
        )
    )
    click.echo(_("Other staff logins use the password {password}:", password=result.demo_password))
    for username, role in result.staff_logins:
        click.echo(f"  {username} ({role})")


@click.command(help=_("Create or upgrade the school's database; safe to run again."))
@click.option("--school-name", default=None, help=_("School name"))
@click.option(
    "--school-type",
    type=click.Choice(SCHOOL_TYPES),
    default=None,
    help=_("Kind of school; switches on the modules made for it"),
)
def init(school_name: str | None, school_type: str | None) -> None:
    from houqin.core.school import init_school

    ctx = cli_context()
    school = ctx.school(require_schema=False)
    switched_on = init_school(school, ctx.actor, name=school_name, school_type=school_type)
    done(
        _(
            "The school database is ready: {url}",
            url=school.engine.url.render_as_string(hide_password=True),
        )
    )
    for name in switched_on:
        click.echo(_("Module switched on: {name}", name=name))


@click.group(help=_("Schema upgrades and checks, for operators."))
def db() -> None:
    pass


@db.command("upgrade", help=_("Upgrade the core's and the enabled modules' tables."))
def db_upgrade() -> None:
    ctx = cli_context()
    school = ctx.school(require_schema=False)
    with school.write(ctx.actor) as uow:
        school.upgrade_schema(uow.conn)
    school.reload()
    done(_("The schema is up to date."))


@db.command("check", help=_("Check that the database schema matches this version's code."))
def db_check() -> None:
    from houqin.core.db import migrate

    ctx = cli_context()
    school = ctx.school(require_schema=False)
    problems = 0
    with school.engine.connect() as conn:
        rows = []
        for spec in school.migration_specs():
            status = migrate.status(conn, spec)
            rows.append(
                (
                    spec.name,
                    ",".join(status.current) or "-",
                    ",".join(status.heads),
                    _STATES[status.state],
                )
            )
            problems += status.state != "current"
        echo_table([_("Module"), _("Database"), _("Code"), _("State")], rows)
        differences = migrate.differences(conn, school.migration_specs()) if not problems else []
    for difference in differences:
        click.echo(f"  {difference}")
    if problems or differences:
        fail(_("the schema does not match the code: run `houqin db upgrade`"))
    done(_("The schema matches the code."))


@click.command(help=_("Back up the school to FILE (SQLite online backup, or pg_dump)."))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    from houqin.core.backup import backup_school

    ctx = cli_context()
    school = ctx.school()
    report = backup_school(school.engine.url.render_as_string(hide_password=False), file)
    done(_("Backup written to {path}", path=report.path))


@click.command(help=_("Replace the school with the backup in FILE."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help=_("Do not ask for confirmation"))
def restore(file: Path, yes: bool) -> None:
    from houqin.core.backup import restore_school
    from houqin.core.db.engine import resolve_url

    ctx = cli_context()
    url = resolve_url(ctx.db)
    if not yes:
        click.confirm(_("Replace everything in {url} with {path}?", url=url, path=file), abort=True)
    restore_school(file, url)
    done(_("The school was restored from {path}", path=file))


@click.group(help=_("List, enable and disable modules (plugins)."))
def plugins() -> None:
    pass


@plugins.command("list", help=_("Every installed module, where it comes from, and if it is on."))
def plugins_list() -> None:
    from houqin.core.plugin_state import list_plugins

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        rows = [(p.name, p.label, p.version, p.origin, p.enabled) for p in list_plugins(uow)]
    if not rows:
        click.echo(_("No modules are installed."))
        return
    echo_table([_("Name"), _("Module"), _("Version"), _("From"), _("Enabled")], rows)


def _switch(name: str, enabled: bool) -> None:
    from houqin.core.plugin_state import set_enabled

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor) as uow:
        set_enabled(uow, name, enabled)
    school.reload()
    done(
        _("Module {name} is on.", name=name)
        if enabled
        else _("Module {name} is off; its data is kept.", name=name)
    )


@plugins.command("enable", help=_("Switch a module on for this school."))
@click.argument("name")
def plugins_enable(name: str) -> None:
    _switch(name, True)


@plugins.command("disable", help=_("Switch a module off; its data is kept."))
@click.argument("name")
def plugins_disable(name: str) -> None:
    _switch(name, False)


@click.group(help=_("Show and change school settings."))
def settings() -> None:
    pass


@settings.command("list", help=_("Every setting with its value, unit and source."))
def settings_list() -> None:
    from houqin.core.settings import list_settings

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        views = list_settings(uow)
    rows = []
    for view in views:
        spec = view.spec
        bounds = ""
        if spec.choices:
            bounds = " | ".join(spec.choices)
        elif spec.minimum is not None or spec.maximum is not None:
            bounds = (
                f"{'' if spec.minimum is None else spec.minimum}–"
                f"{'' if spec.maximum is None else spec.maximum}"
            )
        rows.append(
            (
                spec.name,
                spec.label,
                view.value,
                spec.unit,
                bounds,
                "" if view.is_default else "*",
                spec.source,
            )
        )
    echo_table(
        [
            _("Key"),
            _("Setting"),
            _("Current value"),
            _("Unit"),
            _("Allowed"),
            _("Changed"),
            _("Source"),
        ],
        rows,
    )


@settings.command("set", help=_("Change one setting; a value out of range is refused."))
@click.argument("key")
@click.argument("value")
def settings_set(key: str, value: str) -> None:
    from houqin.core.settings import set_setting

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor) as uow:
        view = set_setting(uow, key, value)
    done(_("{key} = {value}", key=key, value=view.value))


@click.group(help=_("Read and verify the audit log."))
def audit() -> None:
    pass


@audit.command("verify", help=_("Check that no stored event was changed, deleted or moved."))
def audit_verify() -> None:
    from houqin.core.audit import verify_chain

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        report = verify_chain(uow.conn)
    if not report.ok:
        assert report.problem is not None
        fail(
            _(
                "the audit log is broken at event {seq}: {problem}",
                seq=report.first_bad_seq,
                problem=render(report.problem),
            )
        )
    done(_("The audit log is intact: {count} events.", count=report.events))


@audit.command("log", help=_("The latest events, newest first."))
@click.option("--limit", type=int, default=20, show_default=True)
@click.option(
    "--object",
    "object_ref",
    metavar="TYPE:ID",
    default=None,
    help=_("Only the history of one object, e.g. room:12"),
)
def audit_log(limit: int, object_ref: str | None) -> None:
    from houqin.core.audit import latest_events

    ctx = cli_context()
    school = ctx.school()
    object_type, _sep, object_id = (object_ref or "").partition(":")
    with school.read(ctx.actor) as uow:
        events = latest_events(
            uow, limit=limit, object_type=object_type or None, object_id=object_id or None
        )
    echo_table(
        [_("No."), _("Time"), _("Who"), _("What"), _("Object")],
        [(e.seq, e.at, e.actor, e.action, f"{e.object_type}:{e.object_id}") for e in events],
    )
