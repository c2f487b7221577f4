"""``houqin counts``: counts (清点/盘点) of the asset register and of the store.

``open`` takes its options from the core's command, ``scan`` reads codes
from the arguments, a file or standard input (a scanner in keyboard mode
types into it) and prints each outcome; ``close``, ``reopen`` and ``apply``
move the count on, ``results`` lists what closing found and ``report``
prints or saves the count report.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from houqin.cli.context import cli_context, done, echo_table
from houqin.cli.kinds import command_options
from houqin.core.choices import label_of
from houqin.core.commands import labelled, structure_command
from houqin.core.counts import apply, reports, results, service
from houqin.core.counts.model import (
    ApplyInput,
    Count,
    CountInput,
    Scan,
    ScanInput,
    ScanOutcome,
)
from houqin.core.i18n import _, render
from houqin.core.printing import printed, save

_MARKS = {
    ScanOutcome.FOUND: ("✔", "green"),
    ScanOutcome.COUNTED: ("✔", "green"),
    ScanOutcome.MOVED: ("→", "yellow"),
    ScanOutcome.EXTRA: ("+", "yellow"),
    ScanOutcome.UNKNOWN: ("?", "red"),
    ScanOutcome.DUPLICATE: ("=", "blue"),
}


@click.group(help=_("Counts of the assets and of the store: open, scan, close, apply."))
def counts() -> None:
    pass


def _count_line(count: Count) -> str:
    return _(
        "Count {id} {title} ({status}): {expected} expected, {scanned} scanned",
        id=count.id,
        title=count.title,
        status=render(label_of(count.status)),
        expected=count.expected,
        scanned=count.scanned,
    )


@counts.command("list", help=_("List the counts."))
@click.option("--status", default=None, help=_("open, closed or applied"))
def list_cmd(status: str | None) -> None:
    ctx = cli_context()
    with ctx.school().read(ctx.actor) as uow:
        page = service.list_counts(uow, status=status, limit=500)
    echo_table(
        [
            "ID",
            _("Title"),
            _("What is counted"),
            _("Purpose"),
            _("Scope"),
            _("Status"),
            _("Expected"),
            _("Scanned"),
        ],
        [
            (c.id, c.title, c.kind, c.purpose, c.scope, c.status, c.expected, c.scanned)
            for c in page.items
        ],
    )


def _open(**given: Any) -> None:
    ctx = cli_context()
    school = ctx.school()
    command = structure_command(school.converter, CountInput, given)
    with school.write(ctx.actor) as uow, labelled(CountInput):
        count = service.open_count(uow, command)
    done(_count_line(count))


counts.add_command(
    click.Command(
        "open",
        callback=_open,
        params=command_options(CountInput),
        help=_("Open a count; the book it is checked against is copied now."),
    )
)


def _codes(codes: tuple[str, ...], file: Path | None) -> list[str]:
    lines = list(codes)
    if file is not None:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
        lines += text.splitlines()
    return [line.strip() for line in lines if line.strip()]


def _scan_line(found: Scan) -> tuple[str, str]:
    mark, colour = _MARKS[found.outcome]
    text = f"{mark} {found.code} {found.name} — {render(label_of(found.outcome))}"
    if found.outcome is ScanOutcome.MOVED and found.expected_room:
        text += " " + _("(on the books in {room})", room=found.expected_room)
    if found.quantity is not None:
        text += f" × {found.quantity}"
    return text, colour


@counts.command(
    help=_("Record scanned codes (asset numbers or label addresses) and print each outcome.")
)
@click.argument("count_id", type=int)
@click.argument("codes", nargs=-1)
@click.option("--room", default=None, help=_("Where they were found: building and room"))
@click.option(
    "--file",
    "file",
    type=click.Path(path_type=Path, allow_dash=True),
    default=None,
    help=_("A file with one code a line; - reads standard input"),
)
@click.option("--quantity", type=int, default=None, help=_("For a store: the quantity counted"))
@click.option("--damaged", is_flag=True, help=_("Found damaged"))
@click.option("--note", default="", help=_("What is damaged, or another note"))
@click.option("--responsible", default="", help=_("Who damaged it, if known"))
@click.option("--class", "school_class", default="", help=_("The class answerable for it"))
def scan(
    count_id: int,
    codes: tuple[str, ...],
    room: str | None,
    file: Path | None,
    quantity: int | None,
    damaged: bool,
    note: str,
    responsible: str,
    school_class: str,
) -> None:
    ctx = cli_context()
    school = ctx.school()
    given = _codes(codes, file)
    if not given:
        raise click.UsageError(_("give codes, or --file with one code a line"))
    commands = [
        structure_command(
            school.converter,
            ScanInput,
            {
                "code": code,
                "room": room,
                "quantity": quantity,
                "condition": "damaged" if damaged else "good",
                "note": note,
                "responsible": responsible,
                "school_class": school_class,
            },
        )
        for code in given
    ]
    with school.write(ctx.actor) as uow, labelled(ScanInput):
        outcomes = service.scan_many(uow, count_id, commands)
        tally = reports.tallies(uow, count_id)
    for found in outcomes:
        text, colour = _scan_line(found)
        click.secho(text, fg=colour)
    click.echo(
        _(
            "{scanned} of {expected} scanned, {left} left; {moved} elsewhere, "
            "{unknown} unknown, {duplicate} repeated",
            scanned=tally.scanned,
            expected=tally.expected,
            left=tally.left,
            moved=tally.moved,
            unknown=tally.unknown,
            duplicate=tally.duplicate,
        )
    )


@counts.command(help=_("Close a count: scanning stops and the differences are listed."))
@click.argument("count_id", type=int)
def close(count_id: int) -> None:
    ctx = cli_context()
    with ctx.school().write(ctx.actor) as uow:
        count = results.close_count(uow, count_id)
        lines = results.results_of_count(uow, count_id)
    done(_count_line(count))
    _print_results(lines)


@counts.command(help=_("Reopen a closed count to scan more."))
@click.argument("count_id", type=int)
def reopen(count_id: int) -> None:
    ctx = cli_context()
    with ctx.school().write(ctx.actor) as uow:
        count = results.reopen_count(uow, count_id)
    done(_count_line(count))


def _print_results(lines: list[Any]) -> None:
    echo_table(
        [
            "ID",
            _("Result"),
            _("Code"),
            _("Name"),
            _("Difference"),
            _("Value"),
            _("Apply"),
            _("Proposal"),
        ],
        [
            (r.id, r.outcome, r.code, r.name, r.difference, r.value, r.accepted, r.proposal)
            for r in lines
        ],
    )


@counts.command("results", help=_("List what closing a count found."))
@click.argument("count_id", type=int)
@click.option("--outcome", default=None, help=_("missing, surplus, moved, damaged or variance"))
def results_cmd(count_id: int, outcome: str | None) -> None:
    ctx = cli_context()
    with ctx.school().read(ctx.actor) as uow:
        page = results.list_results(uow, count=count_id, outcome=outcome, limit=500)
    _print_results(page.items)


@counts.command(help=_("Leave a result line out when the count is applied (or --accept it again)."))
@click.argument("result_id", type=int)
@click.option("--accept", is_flag=True, help=_("Apply the line after all"))
def decide(result_id: int, accept: bool) -> None:
    ctx = cli_context()
    with ctx.school().write(ctx.actor) as uow:
        line = results.decide_result(uow, result_id, accept)
    done(
        _("Line {code}: applied", code=line.code)
        if line.accepted
        else _("Line {code}: left out", code=line.code)
    )


def _apply(count_id: int, **given: Any) -> None:
    ctx = cli_context()
    school = ctx.school()
    command = structure_command(school.converter, ApplyInput, given)
    with school.write(ctx.actor) as uow, labelled(ApplyInput):
        count = apply.apply_count(uow, count_id, command)
        lines = results.results_of_count(uow, count_id)
    done(_count_line(count))
    _print_results(lines)


counts.add_command(
    click.Command(
        "apply",
        callback=_apply,
        params=[click.Argument(["count_id"], type=int), *command_options(ApplyInput)],
        help=_("Apply the accepted results to the register and the store, in one go."),
    )
)


@counts.command(help=_("Print the count report, or save it as .html or .xlsx."))
@click.argument("count_id", type=int)
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help=_("report.html or .xlsx")
)
def report(count_id: int, out: Path | None) -> None:
    ctx = cli_context()
    with ctx.school().read(ctx.actor) as uow:
        doc = reports.count_report(uow, count_id)
    if out is not None:
        done(_("Saved {path}", path=str(save(doc, out))))
        return
    click.secho(render(doc.title), bold=True)
    echo_table([_("Field"), _("Content")], [(label, printed(v)) for label, v in doc.facts])
    for table in doc.tables:
        if table.rows:
            click.echo()
            click.secho(render(table.title), bold=True)
            echo_table(list(table.columns), [[printed(v) for v in row] for row in table.rows])
