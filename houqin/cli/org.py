"""``houqin org``: the organisation, one group of commands per kind of object.

Each kind gets ``list``, ``show``, ``add``, ``edit`` and ``remove`` from
:mod:`houqin.cli.kinds`, drawn from its command class; ``import`` and
``export`` move the whole organisation through a workbook.
"""

from __future__ import annotations

from pathlib import Path

import click

from houqin.cli.context import cli_context, done, echo_table
from houqin.cli.kinds import command_options, kind_group
from houqin.core.i18n import _
from houqin.core.org.kinds import KINDS

# The builder lives in houqin.cli.kinds; these names stay for the areas built on them earlier.
_group = kind_group
_options = command_options


@click.group(help=_("Campuses, buildings, rooms, departments, classes and people."))
def org() -> None:
    pass


for _kind in KINDS:
    org.add_command(kind_group(_kind))


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
