"""Commands drawn from an object kind: ``list``, ``show``, ``add``, ``edit`` and ``remove``.

The options of ``add`` and ``edit`` are the fields of the kind's command
class and those of ``list`` its filters, so the CLI, the web form and the TUI
form ask for the same things and get the same per-field errors from the core.
Every area's command group (``houqin org``, ``houqin assets``…) is built here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from houqin.cli.context import cli_context, done, echo_table
from houqin.core.commands import describe_command, input_values, labelled, structure_command
from houqin.core.i18n import _, render
from houqin.core.kinds import ListColumn, ObjectKind
from houqin.core.uow import UnitOfWork

ListFooter = Callable[[UnitOfWork, dict[str, Any]], Iterable[str]]
"""Lines printed under a list, computed in its transaction from its search and filters."""


def command_options(command_cls: type[Any]) -> list[click.Parameter]:
    """One ``--option`` per field of ``command_cls``, with its label, help and choices."""
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


def _row(columns: Sequence[ListColumn], record: Any) -> tuple[Any, ...]:
    return (record.id, *(getattr(record, c.name, "") for c in columns))


def _headers(columns: Sequence[ListColumn]) -> list[Any]:
    return ["ID", *(c.label for c in columns)]


def add_kind_commands(
    group: click.Group,
    kind: ObjectKind,
    *,
    list_columns: Sequence[ListColumn] | None = None,
    list_footer: ListFooter | None = None,
) -> click.Group:
    """Add ``list``, ``show``, ``add``, ``edit`` and ``remove`` for ``kind`` to ``group``.

    ``list_columns`` are the columns ``list`` prints when not all of the
    kind's (``show`` prints them all); ``list_footer`` adds lines under the
    list, such as totals.
    """
    shown = tuple(list_columns) if list_columns is not None else kind.columns

    def list_cmd(search: str | None, limit: int, after: str | None, **filters: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        given = {k: v for k, v in filters.items() if v}
        with school.read(ctx.actor) as uow:
            page = kind.list(uow, search=search, after=after, limit=limit, with_total=True, **given)
            footer = list(list_footer(uow, {"search": search, **given})) if list_footer else []
        echo_table(_headers(shown), [_row(shown, r) for r in page.items])
        click.echo(_("{shown} of {total}", shown=len(page.items), total=page.total))
        for line in footer:
            click.echo(line)
        if page.next_cursor:
            click.echo(_("Next page: --after {cursor}", cursor=page.next_cursor))

    list_params: list[click.Parameter] = [
        click.Option(["--search"], default=None, help=_("Text to look for")),
        click.Option(["--limit"], type=int, default=50, show_default=True),
        click.Option(["--after"], default=None, help=_("Cursor printed by the previous page")),
        *(
            click.Option(
                [f"--{f.name.replace('_', '-')}", f.name], default=None, help=render(f.label)
            )
            for f in kind.filters
        ),
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
            [_("Field"), _("Value")],
            list(zip(_headers(kind.columns), _row(kind.columns, record), strict=True)),
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
            params=command_options(kind.command),
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
            params=[object_id, *command_options(kind.command)],
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


def kind_group(kind: ObjectKind, name: str | None = None, **options: Any) -> click.Group:
    """A group named after ``kind`` (or ``name``) holding its five commands."""
    group = click.Group(name or kind.name, help=_("Manage each {what}.", what=render(kind.label)))
    return add_kind_commands(group, kind, **options)
