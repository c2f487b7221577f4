"""``houqin stock``: the store (行政仓库) from the command line.

The catalogue (``items``, ``stores``, ``suppliers``), what the stores hold
(``balances``) and ``requests`` get the same list/show/add/edit/remove
commands as the organisation, drawn from the same kinds the web and the
terminal interface use. Movements (``in``, ``issue``, ``return``,
``adjust``, ``transfer``) and the request steps (``requests approve``…)
take their options from the core's command classes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from houqin.cli.context import cli_context, done, echo_table, fail
from houqin.cli.kinds import command_options, kind_group
from houqin.core.choices import label_of
from houqin.core.commands import labelled, structure_command
from houqin.core.i18n import N_, _, render
from houqin.core.stock import ledger, requests
from houqin.core.stock.kinds import KINDS
from houqin.core.stock.model import (
    AdjustInput,
    ApprovalInput,
    DecisionNote,
    IssueInput,
    Movement,
    ReturnInput,
    StockInInput,
    StockRequest,
    TransferInput,
)

_GROUP_NAMES = {
    "stock_balances": "balances",
    "stock_items": "items",
    "stock_requests": "requests",
    "stock_stores": "stores",
    "stock_suppliers": "suppliers",
}


@click.group(help=_("The store: items, stock in and out, requests, the monthly ledger."))
def stock() -> None:
    pass


_groups = {_GROUP_NAMES[kind.name]: kind_group(kind, _GROUP_NAMES[kind.name]) for kind in KINDS}
for _name, _built in _groups.items():
    stock.add_command(_built, _name)
requests_group = _groups["requests"]


def _movement_line(movement: Movement) -> str:
    return _(
        "{kind} #{id}: {quantity} {unit} {item}, {store}, {value} yuan",
        kind=render(label_of(movement.kind)),
        id=movement.id,
        quantity=movement.quantity,
        unit=movement.unit,
        item=movement.item,
        store=movement.store,
        value=movement.value,
    )


def _request_line(request: StockRequest) -> str:
    return _(
        "Request {id}: {item} × {quantity} for {department}, {status}",
        id=request.id,
        item=request.item,
        quantity=request.approved if request.approved is not None else request.quantity,
        department=request.department,
        status=render(label_of(request.status)),
    )


def _movement_command(name: str, command_cls: type[Any], service: Any, help_text: str) -> None:
    """A command that structures ``command_cls`` from its options and runs ``service``."""

    def run(**given: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        command = structure_command(school.converter, command_cls, given)
        with school.write(ctx.actor) as uow, labelled(command_cls):
            result = service(uow, command)
        for movement in result if isinstance(result, tuple) else (result,):
            done(_movement_line(movement))

    stock.add_command(
        click.Command(name, callback=run, params=command_options(command_cls), help=help_text)
    )


_movement_command(
    "in", StockInInput, ledger.stock_in, _("Put goods accepted from a delivery into a store.")
)
_movement_command(
    "issue", IssueInput, ledger.issue_stock, _("Hand out items against an approved request.")
)
_movement_command(
    "return", ReturnInput, ledger.return_stock, _("Take back unused items of a request.")
)
_movement_command(
    "adjust", AdjustInput, ledger.adjust_stock, _("Correct what a store holds, with the reason.")
)
_movement_command(
    "transfer", TransferInput, ledger.transfer_stock, _("Move items from one store to another.")
)


def _request_step(
    name: str, command_cls: type[Any], step: Any, help_text: str, *, id_field: str | None = None
) -> None:
    """``requests NAME ID [options]``: the request's ID is an argument.

    With ``id_field`` the ID fills that field of the command (issue, return);
    otherwise it is passed beside the command (approve, reject, close).
    """

    def run(request_id: int, **given: Any) -> None:
        ctx = cli_context()
        school = ctx.school()
        if id_field is not None:
            given[id_field] = str(request_id)
        command = structure_command(school.converter, command_cls, given)
        with school.write(ctx.actor) as uow, labelled(command_cls):
            args = (command,) if id_field is not None else (request_id, command)
            result = step(uow, *args)
        done(_movement_line(result) if isinstance(result, Movement) else _request_line(result))

    params: list[click.Parameter] = [click.Argument(["request_id"], type=int)]
    params += [p for p in command_options(command_cls) if p.name != id_field]
    requests_group.add_command(click.Command(name, callback=run, params=params, help=help_text))


_request_step(
    "approve", ApprovalInput, requests.approve_request, _("Approve a request, or fewer of it.")
)
_request_step("reject", DecisionNote, requests.reject_request, _("Turn a request down."))
_request_step(
    "close",
    DecisionNote,
    requests.close_request,
    _("End an approved request; the rest is not needed."),
)
_request_step(
    "issue",
    IssueInput,
    ledger.issue_stock,
    _("Hand out the items of an approved request."),
    id_field="request",
)
_request_step(
    "return",
    ReturnInput,
    ledger.return_stock,
    _("Take back unused items of a request."),
    id_field="request",
)


@stock.command("movements", help=_("Read the ledger, filtered."))
@click.option("--item", default=None, help=render(N_("Item")))
@click.option("--store", default=None, help=render(N_("Store")))
@click.option("--kind", default=None, help=_("in, issue, return, adjust, transfer_out…"))
@click.option("--request", type=int, default=None, help=render(N_("Request")))
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--after", default=None, help=_("Cursor printed by the previous page"))
def movements(
    item: str | None,
    store: str | None,
    kind: str | None,
    request: int | None,
    limit: int,
    after: str | None,
) -> None:
    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        page = ledger.list_movements(
            uow,
            item=item,
            store=store,
            kind=kind,
            request=request,
            after=after,
            limit=limit,
            with_total=True,
        )
    echo_table(
        ["ID", _("Date"), _("Kind"), _("Store"), _("Item"), _("Quantity"), _("Value"), _("Note")],
        [
            (
                m.id,
                m.occurred_on,
                m.kind,
                m.store,
                m.item,
                m.quantity,
                m.value,
                m.note or (f"#{m.request_id}" if m.request_id else m.batch),
            )
            for m in page.items
        ],
    )
    click.echo(_("{shown} of {total}", shown=len(page.items), total=page.total))
    if page.next_cursor:
        click.echo(_("Next page: --after {cursor}", cursor=page.next_cursor))


@stock.command("reorder", help=_("Items below their minimum and how many to order."))
@click.option("--store", default=None, help=render(N_("Store")))
def reorder(store: str | None) -> None:
    from houqin.core.stock.reports import reorder_list

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        lines = reorder_list(uow, store=store)
    echo_table(
        [
            _("Store"),
            _("Item"),
            _("Unit"),
            _("On hand"),
            _("Promised"),
            _("Minimum stock"),
            _("Target stock"),
            _("To order"),
        ],
        [
            (
                b.store,
                b.item,
                b.unit,
                b.on_hand,
                b.promised,
                b.minimum,
                b.target,
                b.reorder_quantity,
            )
            for b in lines
        ],
    )
    if not lines:
        done(_("Nothing is below its minimum."))


@stock.command("report", help=_("The monthly materials ledger (材料账) by category."))
@click.option("--month", required=True, help=_("The month, e.g. 2024-09"))
@click.option("--store", default=None, help=_("One store only (default: all)"))
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=_("Write the report to this .xlsx file"),
)
def report(month: str, store: str | None, output: Path | None) -> None:
    from houqin.core.stock.reports import (
        REPORT_HEADINGS,
        monthly_report,
        parse_month,
        report_rows,
        write_monthly_report,
    )

    ctx = cli_context()
    school = ctx.school()
    first_day = parse_month(month)
    with school.read(ctx.actor) as uow:
        found = monthly_report(uow, first_day, store=store)
    if output is not None:
        write_monthly_report(found, output)
        done(_("Written to {path}", path=output))
        return
    echo_table(list(REPORT_HEADINGS), report_rows(found))


@stock.command("check", help=_("Recompute every balance from the ledger and compare."))
def check() -> None:
    from houqin.core.stock.balances import check_ledger

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        result = check_ledger(uow)
    if result.ok:
        done(_("The books agree with the ledger ({lines} lines checked).", lines=result.lines))
        return
    echo_table(
        [_("Item"), _("Store"), _("What"), _("From the ledger"), _("On the books")],
        [(d.item, d.store, d.what, d.ledger, d.recorded) for d in result.differences],
    )
    fail(
        N_("{count} difference(s) between the books and the ledger", count=len(result.differences))
    )


@stock.command(
    "import", help=_("Load items, stores, suppliers and opening stock from a spreadsheet.")
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=_("Check every row, write nothing"))
def stock_import(file: Path, dry_run: bool) -> None:
    from houqin.core.stock.importer import import_stock

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor, dry_run=dry_run) as uow:
        result = import_stock(uow, file)
    echo_table(
        [_("Sheet"), _("Created"), _("Updated"), _("Unchanged")],
        [(sheet, c.created, c.updated, c.unchanged) for sheet, c in result.sheets.items()],
    )
    done(_("Checked, nothing written (dry run).") if dry_run else _("Imported."))


@stock.command("export", help=_("Write the store to a spreadsheet the import reads back."))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def stock_export(file: Path) -> None:
    from houqin.core.stock.importer import export_stock

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        export_stock(uow, file)
    done(_("Written to {path}", path=file))
