"""``houqin assets``: the fixed-asset register, its categories, import, export, depreciation.

The register's own commands (and its actions: ``houqin assets lend ID …``)
sit on ``houqin assets``; every other asset kind gets a group named after
it (``categories``…). ``labels`` writes a page of QR labels.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from houqin.cli.context import cli_context, done, echo_table
from houqin.cli.kinds import add_kind_commands, kind_group
from houqin.core.assets.kinds import KINDS
from houqin.core.i18n import N_, _, render
from houqin.core.kinds import ListColumn
from houqin.core.uow import UnitOfWork

ASSETS = next(kind for kind in KINDS if kind.name == "assets")
_NAMES_SHOWN = 12
_LIST_COLUMNS = (
    ListColumn("number", N_("Asset number")),
    ListColumn("name", N_("Asset name")),
    ListColumn("category_name", N_("Category")),
    ListColumn("quantity", N_("Quantity")),
    ListColumn("value", N_("Value")),
    ListColumn("department", N_("Department")),
    ListColumn("custodian", N_("Custodian")),
    ListColumn("location", N_("Location")),
    ListColumn("status", N_("Status")),
)


def _totals(uow: UnitOfWork, filters: dict[str, Any]) -> list[str]:
    from houqin.core.assets.reports import money_text
    from houqin.core.assets.service import asset_totals

    found = asset_totals(uow, **filters)
    return [
        _(
            "Quantity {quantity}, value {value}",
            quantity=found.quantity,
            value=money_text(found.value),
        )
    ]


@click.group(help=_("The fixed-asset register: list, register, import, export, depreciation."))
def assets() -> None:
    pass


add_kind_commands(assets, ASSETS, list_columns=_LIST_COLUMNS, list_footer=_totals)
for _kind in KINDS:
    if _kind is not ASSETS:
        # asset_categories → ``houqin assets categories``, asset_writeoffs → ``writeoffs``…
        assets.add_command(kind_group(_kind, _kind.name.removeprefix("asset_")))


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    from houqin.core.convert import ValueRefused, parse_date
    from houqin.core.errors import InvalidInput

    try:
        return parse_date(text)
    except ValueRefused as exc:
        raise InvalidInput.single("as_of", exc.message) from None


@assets.command("import", help=_("Load the register from a ledger (.xlsx or .csv)."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=_("Check every row, write nothing"))
@click.option(
    "--skip-invalid",
    "rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="REJECTS.xlsx",
    help=_("Import the good rows; write the refused ones to this file with the reason"),
)
@click.option(
    "--create-missing",
    is_flag=True,
    help=_("Add the departments, places, people and standard categories the ledger names"),
)
@click.option("--sheet", default=None, help=_("The sheet to read (default: the first that fits)"))
@click.option(
    "--depreciation-as-of",
    default=None,
    metavar="DATE",
    help=_("Date of the accumulated depreciation when the ledger gives none (default: today)"),
)
def assets_import(
    file: Path,
    dry_run: bool,
    rejects: Path | None,
    create_missing: bool,
    sheet: str | None,
    depreciation_as_of: str | None,
) -> None:
    from houqin.core.assets.importer import import_assets

    ctx = cli_context()
    school = ctx.school()
    with school.write(ctx.actor, dry_run=dry_run) as uow:
        report = import_assets(
            uow,
            file,
            sheet=sheet,
            skip_invalid=rejects is not None,
            rejects=rejects,
            create_missing=create_missing,
            depreciation_as_of=_day(depreciation_as_of),
        )
    echo_table(
        [_("Sheet"), _("Rows"), _("Created"), _("Updated"), _("Unchanged"), _("Refused")],
        [
            (
                report.sheet,
                report.rows,
                report.created,
                report.updated,
                report.unchanged,
                report.rejected,
            )
        ],
    )
    for what, names in (
        (N_("Departments added"), report.created_departments),
        (N_("Places added"), report.created_places),
        (N_("Staff added"), report.created_people),
        (N_("Categories added"), report.created_categories),
    ):
        if names:
            shown = "、".join(names[:_NAMES_SHOWN]) + ("…" if len(names) > _NAMES_SHOWN else "")
            click.echo(f"{render(what)} ({len(names)}): {shown}")
    if report.totals_checked:
        click.echo(_("Totals rows checked: {count}", count=report.totals_checked))
    if report.rejects_path is not None:
        click.secho(
            _(
                "{count} row(s) refused, written with the reasons to {path}",
                count=report.rejected,
                path=report.rejects_path,
            ),
            fg="yellow",
            err=True,
        )
    done(_("Checked, nothing written (dry run).") if dry_run else _("Imported."))


def _filter_options(command: Any) -> Any:
    for spec in reversed(ASSETS.filters):
        command = click.option(
            f"--{spec.name.replace('_', '-')}", spec.name, default=None, help=render(spec.label)
        )(command)
    return command


@assets.command("export", help=_("Write the register to .xlsx or .csv, as the import reads it."))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_filter_options
def assets_export(file: Path, **filters: Any) -> None:
    from houqin.core.assets.importer import export_assets

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        count = export_assets(uow, file, **{k: v for k, v in filters.items() if v})
    done(_("{count} assets written to {path}", count=count, path=file))


@assets.command("depreciation", help=_("Depreciation by category or department as of a date."))
@click.option("--as-of", default=None, metavar="DATE", help=_("Default: today"))
@click.option(
    "--by",
    type=click.Choice(["category", "department"]),
    default="category",
    show_default=True,
)
@_filter_options
def assets_depreciation(as_of: str | None, by: str, **filters: Any) -> None:
    from houqin.core.assets.reports import GROUPINGS, depreciation_report

    ctx = cli_context()
    school = ctx.school()
    day = _day(as_of) or date.today()
    with school.read(ctx.actor) as uow:
        report = depreciation_report(uow, day, by=by, **{k: v for k, v in filters.items() if v})
    total = report.total
    rows: list[tuple[Any, ...]] = [
        (r.key, r.label, r.count, r.value, r.accumulated, r.net, r.this_month) for r in report.rows
    ]
    rows.append(
        (_("Total"), "", total.count, total.value, total.accumulated, total.net, total.this_month)
    )
    click.echo(_("Depreciation as of {date}", date=day.isoformat()))
    echo_table(
        [
            GROUPINGS[by],
            _("Name"),
            _("Assets"),
            _("Value"),
            _("Accumulated depreciation"),
            _("Net value"),
            _("This month"),
        ],
        rows,
    )


@assets.command("labels", help=_("Print labels with QR codes for part of the register."))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    metavar="FILE.html",
    help=_("The page of labels to write; open it in a browser and print it on A4"),
)
@click.option("--search", default=None, help=_("Text to look for"))
@_filter_options
def assets_labels(out: Path, search: str | None, **filters: Any) -> None:
    from houqin.core.assets.labels import labelled_assets, render_labels
    from houqin.core.errors import InvalidInput

    if out.suffix.lower() not in (".html", ".htm"):
        raise InvalidInput.single("out", N_("labels are written to an .html page"))
    ctx = cli_context()
    school = ctx.school()
    given = {k: v for k, v in filters.items() if v}
    with school.read(ctx.actor) as uow:
        found = labelled_assets(uow, search=search, **given)
        page = render_labels(uow, found)
    out.write_text(page, encoding="utf-8")
    done(_("{count} labels written to {path}", count=len(found), path=out))
