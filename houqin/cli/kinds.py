"""Commands drawn from an object kind: ``list``, ``show``, ``add``, ``edit``, ``remove``,
one command per action and ``print`` for its documents.

The options of ``add`` and ``edit`` are the fields of the kind's command
class and those of ``list`` its filters, so the CLI, the web form and the TUI
form ask for the same things and get the same per-field errors from the core.
A read-only kind (no create, update or delete service) has no ``add``,
``edit`` or ``remove``. An action ``stock_in`` becomes ``stock-in``, taking
the object's ID first when it acts on one::

    houqin stock requests approve 12 --quantity 8
    houqin stock balances stock-in --store 总务仓库 --item A4复印纸 --quantity 20 --unit-cost 25.5
    houqin stock balances print materials-ledger --month 2024-09 --out 材料账.xlsx

Every area's command group (``houqin org``, ``houqin assets``…) is built here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from houqin.cli.context import cli_context, done, echo_table
from houqin.core.commands import describe_command, input_values, labelled, structure_command
from houqin.core.errors import ConfigurationError, InvalidInput
from houqin.core.i18n import N_, _, render
from houqin.core.kinds import KindAction, KindDocument, ListColumn, ObjectKind
from houqin.core.printing import SAVE_SUFFIXES, PrintDoc, printed
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


def _echo_record(kind: ObjectKind, record: Any) -> None:
    echo_table(
        [_("Field"), _("Content")],
        list(zip(_headers(kind.columns), _row(kind.columns, record), strict=True)),
    )


def add_kind_commands(
    group: click.Group,
    kind: ObjectKind,
    *,
    list_columns: Sequence[ListColumn] | None = None,
    list_footer: ListFooter | None = None,
) -> click.Group:
    """Add ``kind``'s commands to ``group``: the list, the forms, the actions, ``print``.

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
        _echo_record(kind, record)

    group.add_command(
        click.Command(
            "show", callback=show_cmd, params=[_object_id()], help=_("Show one by its ID.")
        )
    )

    if kind.create is not None:
        _add_create(group, kind, kind.create)
    if kind.update is not None:
        _add_edit(group, kind, kind.update)
    if kind.delete is not None:
        _add_remove(group, kind, kind.delete)
    for action in kind.actions:
        _add(group, action_command(kind, action))
    if kind.documents:
        _add(group, print_group(kind))
    return group


def _add(group: click.Group, command: click.Command) -> None:
    """Add ``command``, refusing a second command of the same name (a clash is a bug)."""
    assert command.name is not None
    if command.name in group.commands:
        raise ConfigurationError(
            N_(
                "two commands are named {name!r} in `{group}`: rename the action or document",
                name=command.name,
                group=group.name,
            )
        )
    group.add_command(command)


def _object_id() -> click.Argument:
    return click.Argument(["object_id"], type=int)


def _add_create(group: click.Group, kind: ObjectKind, create: Callable[..., Any]) -> None:
    def add_cmd(**given: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        command = structure_command(school.converter, kind.command, given)
        with school.write(ctx.actor) as uow, labelled(kind.command):
            record = create(uow, command)
        done(
            _(
                "Created {what} {name} (ID {id}).",
                what=render(kind.label),
                name=kind.title(record),
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


def _add_edit(group: click.Group, kind: ObjectKind, update: Callable[..., Any]) -> None:
    def edit_cmd(object_id: int, **given: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        with school.write(ctx.actor) as uow, labelled(kind.command):
            values = input_values(kind.command, kind.get(uow, object_id))
            values.update({k: v for k, v in given.items() if v is not None})
            command = structure_command(school.converter, kind.command, values)
            record = update(uow, object_id, command)
        done(_("Changed {what} {name}.", what=render(kind.label), name=kind.title(record)))

    group.add_command(
        click.Command(
            "edit",
            callback=edit_cmd,
            params=[_object_id(), *command_options(kind.command)],
            help=_("Change the options given; the rest stays."),
        )
    )


def _add_remove(group: click.Group, kind: ObjectKind, delete: Callable[..., None]) -> None:
    def remove_cmd(object_id: int) -> None:
        ctx = cli_context()
        school = ctx.school()
        with school.write(ctx.actor) as uow:
            delete(uow, object_id)
        done(_("Removed {what} {id}.", what=render(kind.label), id=object_id))

    group.add_command(
        click.Command(
            "remove",
            callback=remove_cmd,
            params=[_object_id()],
            help=_("Remove one that nothing uses any more."),
        )
    )


def command_name(name: str) -> str:
    """An action's or a document's name as a command: ``stock_in`` → ``stock-in``."""
    return name.replace("_", "-")


def _results(result: Any) -> tuple[Any, ...]:
    if result is None:
        return ()
    return tuple(result) if isinstance(result, tuple | list) else (result,)


def action_command(kind: ObjectKind, action: KindAction) -> click.Command:
    """``ACTION [ID] --options``: run ``action`` with a command built from the options.

    On an object, the form's starting values (``prefill``) fill the options
    left out, as the web form starts from them.
    """

    def run(object_id: int | None = None, **given: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        with school.write(ctx.actor) as uow, labelled(action.command):
            if action.on_object:
                values: dict[str, Any] = {}
                if action.prefill is not None:
                    values.update(action.prefill(uow, kind.get(uow, object_id)))
                values.update({k: v for k, v in given.items() if v is not None})
                command = structure_command(school.converter, action.command, values)
                result = action.run(uow, object_id, command)
            else:
                command = structure_command(school.converter, action.command, given)
                result = action.run(uow, command)
        shown = school.kinds.get(action.result_kind or kind.name, kind)
        records = [r for r in _results(result) if hasattr(r, "id")]
        for record in records:
            done(
                _(
                    "{action} done: {title} (ID {id})",
                    action=render(action.label),
                    title=shown.title(record),
                    id=record.id,
                )
            )
        if len(records) == 1:
            _echo_record(shown, records[0])
        elif not records:
            done(_("{action} done.", action=render(action.label)))

    params: list[click.Parameter] = [_object_id()] if action.on_object else []
    params += command_options(action.command)
    return click.Command(
        command_name(action.name),
        callback=run,
        params=params,
        help=render(action.help) or render(action.label),
        short_help=render(action.label),
    )


def print_group(kind: ObjectKind) -> click.Group:
    """``print DOC [ID] [--out FILE.html|.xlsx] --options``: one command per document."""
    group = click.Group(
        "print", help=_("Print a document: save it as .html or .xlsx, or show it here.")
    )
    for document in kind.documents:
        group.add_command(_document_command(kind, document))
    return group


def _document_command(kind: ObjectKind, document: KindDocument) -> click.Command:
    def run(out: Path | None, object_id: int | None = None, **given: Any) -> None:
        from houqin.core.printing import save

        ctx = cli_context()
        school = ctx.school()
        if out is not None and out.suffix.lower() not in SAVE_SUFFIXES:
            raise InvalidInput.single(
                "out", N_("a document is saved as .html or .xlsx, not {name!r}", name=out.name)
            )
        command = None
        if document.command is not None:
            command = structure_command(school.converter, document.command, given)
        checked = labelled(document.command) if document.command else contextlib.nullcontext()
        with school.read(ctx.actor) as uow, checked:
            if document.on_object:
                kind.get(uow, object_id)
                doc = document.build(uow, object_id, command)
            else:
                doc = document.build(uow, command)
        if out is None:
            echo_document(doc)
            return
        save(doc, out)
        done(_("Written to {path}", path=out))

    params: list[click.Parameter] = [_object_id()] if document.on_object else []
    params.append(
        click.Option(
            ["--out", "out"],
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            metavar="FILE.html|FILE.xlsx",
            help=_("Save the document to this file (default: show it here)"),
        )
    )
    if document.command is not None:
        params += command_options(document.command)
    return click.Command(
        command_name(document.name), callback=run, params=params, help=render(document.label)
    )


def echo_document(doc: PrintDoc) -> None:
    """Show a document in the terminal: its title, facts, tables and paragraphs."""
    click.secho(render(doc.title), bold=True)
    for label, value in doc.facts:
        click.echo(f"{render(label)}: {printed(value)}")
    for table in doc.tables:
        click.echo("")
        if table.title:
            click.secho(render(table.title), bold=True)
        rows = [*table.rows, *([table.totals] if table.totals is not None else [])]
        echo_table(list(table.columns), [[printed(v) for v in row] for row in rows])
    for paragraph in doc.paragraphs:
        click.echo("")
        click.echo(render(paragraph))


def kind_group(kind: ObjectKind, name: str | None = None, **options: Any) -> click.Group:
    """A group named after ``kind`` (or ``name``) holding its commands."""
    group = click.Group(name or kind.name, help=_("Manage each {what}.", what=render(kind.label)))
    return add_kind_commands(group, kind, **options)
