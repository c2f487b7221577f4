"""``houqin org``: the organisation, with options drawn from the core's command classes.

Each kind of object gets ``list``, ``show``, ``add``, ``edit`` and ``remove``;
the options of ``add`` and ``edit`` are the fields of its command class, so
the CLI, the web form and the TUI form ask for the same things and get the
same per-field errors from the core.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from houqin.cli.context import cli_context, done, echo_table
from houqin.core.commands import describe_command, input_values, labelled, structure_command
from houqin.core.i18n import _, render
from houqin.core.kinds import ObjectKind
from houqin.core.org.kinds import KINDS


def _options(command_cls: type[Any]) -> list[click.Parameter]:
    options: list[click.Parameter] = []
    for spec in describe_command(command_cls):
        help_text = render(spec.label)
        if spec.help:
            help_text += f" — {render(spec.help)}"
        if spec.choices:
            help_text += " [" + ", ".join(v for v, _label in spec.choices) + "]"
        if spec.required:
            help_text += " " + _("(required)")
        options.append(
            click.Option(
                [f"--{spec.name.replace('_', '-')}", spec.name], default=None, help=help_text
            )
        )
    return options


def _row(kind: ObjectKind, record: Any) -> tuple[Any, ...]:
    return (record.id, *(getattr(record, c.name, "") for c in kind.columns))


def _headers(kind: ObjectKind) -> list[Any]:
    return ["ID", *(c.label for c in kind.columns)]


def _group(kind: ObjectKind) -> click.Group:
    group = click.Group(kind.name, help=_("Manage each {what}.", what=render(kind.label)))

    def list_cmd(search: str | None, limit: int, after: str | None, **filters: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        given = {k: v for k, v in filters.items() if v}
        with school.read(ctx.actor) as uow:
            page = kind.list(uow, search=search, after=after, limit=limit, with_total=True, **given)
        echo_table(_headers(kind), [_row(kind, r) for r in page.items])
        click.echo(_("{shown} of {total}", shown=len(page.items), total=page.total))
        if page.next_cursor:
            click.echo(_("Next page: --after {cursor}", cursor=page.next_cursor))

    list_params: list[click.Parameter] = [
        click.Option(["--search"], default=None, help=_("Text to look for")),
        click.Option(["--limit"], type=int, default=50, show_default=True),
        click.Option(["--after"], default=None, help=_("Cursor printed by the previous page")),
        *(click.Option([f"--{f.name}"], default=None, help=render(f.label)) for f in kind.filters),
    ]
    group.add_command(
        click.Command(
            "list", callback=list_cmd, params=list_params, help=_("List, search and filter.")
        )
    )

    def show_cmd(object_id: int) -> None:
        ctx = cli_context()
        school = ctx.school()
        with school.read(ctx.actor) as uow:
            record = kind.get(uow, object_id)
        echo_table(
            [_("Field"), _("Value")], list(zip(_headers(kind), _row(kind, record), strict=True))
        )

    object_id = click.Argument(["object_id"], type=int)
    group.add_command(
        click.Command("show", callback=show_cmd, params=[object_id], help=_("Show one by its ID."))
    )

    def add_cmd(**given: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        command = structure_command(school.converter, kind.command, given)
        with school.write(ctx.actor) as uow, labelled(kind.command):
            record = kind.create(uow, command)
        done(
            _(
                "Created {what} {name} (ID {id}).",
                what=render(kind.label),
                name=record.name,
                id=record.id,
            )
        )

    group.add_command(
        click.Command(
            "add",
            callback=add_cmd,
            params=_options(kind.command),
            help=_("Add one; options left out keep their defaults."),
        )
    )

    def edit_cmd(object_id: int, **given: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        with school.write(ctx.actor) as uow, labelled(kind.command):
            values = input_values(kind.command, kind.get(uow, object_id))
            values.update({k: v for k, v in given.items() if v is not None})
            command = structure_command(school.converter, kind.command, values)
            record = kind.update(uow, object_id, command)
        done(_("Changed {what} {name}.", what=render(kind.label), name=record.name))

    group.add_command(
        click.Command(
            "edit",
            callback=edit_cmd,
            params=[object_id, *_options(kind.command)],
            help=_("Change the options given; the rest stays."),
        )
    )

    def remove_cmd(object_id: int) -> None:
        ctx = cli_context()
        school = ctx.school()
        with school.write(ctx.actor) as uow:
            kind.delete(uow, object_id)
        done(_("Removed {what} {id}.", what=render(kind.label), id=object_id))

    group.add_command(
        click.Command(
            "remove",
            callback=remove_cmd,
            params=[object_id],
            help=_("Remove one that nothing uses any more."),
        )
    )
    return group


@click.group(help=_("Campuses, buildings, rooms, departments, classes and people."))
def org() -> None:
    pass


for _kind in KINDS:
    org.add_command(_group(_kind))


@org.command("import", help=_("Load the organisation from a spreadsheet (.xlsx or .csv)."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=_("Check every row, write nothing"))
def org_import(file: Path, dry_run: bool) -> None:
    from houqin.core.org.importer import import_org

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor, dry_run=dry_run) as uow:
        report = import_org(uow, file)
    echo_table(
        [_("Sheet"), _("Created"), _("Updated")],
        [(sheet, counts.created, counts.updated) for sheet, counts in report.sheets.items()],
    )
    done(_("Checked, nothing written (dry run).") if dry_run else _("Imported."))


@org.command("export", help=_("Write the organisation to a spreadsheet the import reads back."))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def org_export(file: Path) -> None:
    from houqin.core.org.importer import export_org

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        export_org(uow, file)
    done(_("Written to {path}", path=file))
