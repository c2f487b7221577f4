"""``houqin stock``: the store (行政仓库) from the command line.

The catalogue (``items``, ``stores``, ``suppliers``), what the stores hold
(``balances``), ``requests`` and the ledger (``movements``) get their
commands from the same kinds the web and the terminal interface use: the
list, the forms, and the store's actions and documents::

    houqin stock balances stock-in --store 总务仓库 --item A4复印纸 --quantity 20 --unit-cost 25.5
    houqin stock balances adjust|transfer …
    houqin stock requests approve|reject|issue|return|close ID …
    houqin stock movements list --request 3
    houqin stock balances print materials-ledger --month 2024-09 --out 材料账.xlsx
"""

from __future__ import annotations

from pathlib import Path

import click

from houqin.cli.context import cli_context, done, echo_table, fail
from houqin.cli.kinds import kind_group
from houqin.core.i18n import N_, _, render
from houqin.core.stock.kinds import KINDS

_GROUP_NAMES = {
    "stock_balances": "balances",
    "stock_items": "items",
    "stock_movements": "movements",
    "stock_requests": "requests",
    "stock_stores": "stores",
    "stock_suppliers": "suppliers",
}


@click.group(help=_("The store: items, stock in and out, requests, the monthly ledger."))
def stock() -> None:
    pass


for _kind in KINDS:
    stock.add_command(kind_group(_kind, _GROUP_NAMES.get(_kind.name)))


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
