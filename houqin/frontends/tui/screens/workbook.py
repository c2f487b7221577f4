"""An area's workbook in the terminal: check a file, import it, export the current data.

The same preview as the web: "Check" runs the import in a dry run and lists
every problem with its sheet, row and column, or what would change; only a
clean check of the same file with the same choices enables "Import".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, DataTable, Input, Label

from houqin.core.errors import FieldError, HouqinError, InvalidInput
from houqin.core.i18n import _, render
from houqin.core.workbooks import ImportOutcome, ImportRequest, Workbook
from houqin.frontends.tui.navigation import workbook_target
from houqin.frontends.tui.screens.base import MainScreen

KEEP_VALID = "keep_valid"


class WorkbookScreen(MainScreen):
    """Import and export one area's workbook."""

    def __init__(self, workbook: Workbook) -> None:
        super().__init__()
        self.workbook = workbook
        self.target = workbook_target(workbook.name)
        self.checked: tuple[str, ImportRequest] | None = None

    def compose_main(self) -> ComposeResult:
        workbook = self.workbook
        with VerticalScroll(id="workbook"):
            yield Label(
                _("Import {what} from a spreadsheet", what=render(workbook.label)),
                classes="screen-title",
            )
            yield Label(render(workbook.description), classes="help")
            yield Input(placeholder=_("File (.xlsx, .xls, .ods or .csv)"), id="path")
            for choice in workbook.choices:
                yield Checkbox(render(choice.label), id=f"choice-{choice.name}")
            if workbook.keeps_valid_rows:
                yield Checkbox(_("Import the valid rows and leave out the rest"), id=KEEP_VALID)
                yield Input(
                    placeholder=_("File for the rows left out (.xlsx or .csv)"), id="rejects"
                )
            with Horizontal(classes="buttons"):
                yield Button(_("Check the file"), id="check", variant="primary")
                yield Button(_("Import it"), id="import", disabled=True)
            yield Label("", id="verdict")
            yield DataTable(id="outcome", zebra_stripes=True)
            yield Label(_("Export"), classes="section-title")
            yield Input(placeholder=workbook.file_name, id="export-path")
            yield Button(_("Download the current data"), id="export")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#outcome", DataTable).display = False

    # Reading the form ---------------------------------------------------------------

    def _wanted(self) -> tuple[str, ImportRequest] | None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self._show_errors([FieldError("path", _("choose a file to import"), label=_("File"))])
            return None
        chosen = frozenset(
            c.name
            for c in self.workbook.choices
            if self.query_one(f"#choice-{c.name}", Checkbox).value
        )
        rejects = None
        if self.workbook.keeps_valid_rows and self.query_one(f"#{KEEP_VALID}", Checkbox).value:
            given = self.query_one("#rejects", Input).value.strip()
            source = Path(path).expanduser()
            rejects = (
                Path(given).expanduser()
                if given
                else source.with_name(f"{source.stem}-rejects.xlsx")
            )
        return path, ImportRequest(chosen, rejects)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _form_changed(self, _event: Any) -> None:
        # A check counts only for the file and choices it was made with.
        if self.checked is not None and self._current() != self.checked:
            self.checked = None
            self.query_one("#import", Button).disabled = True

    def _current(self) -> tuple[str, ImportRequest] | None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            return None
        chosen = frozenset(
            c.name
            for c in self.workbook.choices
            if self.query_one(f"#choice-{c.name}", Checkbox).value
        )
        if self.checked is not None and self.checked[0] == path:
            return path, ImportRequest(chosen, self.checked[1].rejects)
        return path, ImportRequest(chosen)

    # Running ------------------------------------------------------------------------

    def _run(self, path: str, wanted: ImportRequest, *, dry_run: bool) -> ImportOutcome | None:
        school, actor = self.session.school, self.session.actor
        try:
            with school.write(actor, dry_run=dry_run) as uow:
                return self.workbook.run_import(uow, Path(path).expanduser(), wanted)
        except InvalidInput as exc:
            self._show_errors(exc.errors)
        except HouqinError as exc:
            self._verdict(render(exc.message), error=True)
        return None

    @on(Button.Pressed, "#check")
    def check(self) -> None:
        wanted = self._wanted()
        if wanted is None:
            return
        path, request = wanted
        outcome = self._run(path, request, dry_run=True)
        if outcome is None:
            self.checked = None
            self.query_one("#import", Button).disabled = True
            return
        self.checked = wanted
        self._show_outcome(outcome)
        self._verdict(_("Preview of {name}: nothing is saved yet", name=Path(path).name))
        self.query_one("#import", Button).disabled = False

    @on(Button.Pressed, "#import")
    def import_file(self) -> None:
        if self.checked is None:
            return
        path, request = self.checked
        outcome = self._run(path, request, dry_run=False)
        self.checked = None
        self.query_one("#import", Button).disabled = True
        if outcome is None:
            return
        self._show_outcome(outcome)
        message = _(
            "Imported {name}: {created} created, {updated} changed.",
            name=Path(path).name,
            created=outcome.created,
            updated=outcome.updated,
        )
        if outcome.rejects is not None:
            message += " " + _(
                "{count} row(s) refused, written with the reasons to {path}",
                count=outcome.rejected,
                path=outcome.rejects,
            )
        self._verdict(message)
        self.app.notify(message, title=render(self.workbook.label))

    @on(Button.Pressed, "#export")
    def export(self) -> None:
        given = self.query_one("#export-path", Input).value.strip() or self.workbook.file_name
        target = Path(given).expanduser()
        try:
            with self.session.read() as uow:
                self.workbook.run_export(uow, target)
        except HouqinError as exc:
            self._verdict(render(exc.message), error=True)
            return
        except OSError as exc:
            failed = _("Could not write {path}: {reason}", path=target, reason=exc)
            self._verdict(failed, error=True)
            return
        self._verdict(_("Written to {path}", path=target.resolve()))

    # Showing ------------------------------------------------------------------------

    def _verdict(self, text: str, *, error: bool = False) -> None:
        label = self.query_one("#verdict", Label)
        label.update(text)
        label.set_class(error, "error")

    def _show_outcome(self, outcome: ImportOutcome) -> None:
        table = self.query_one("#outcome", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Sheet"), _("New"), _("Changed"), _("Unchanged"), _("Left out"))
        for sheet in outcome.sheets:
            counts = (sheet.created, sheet.updated, sheet.unchanged, sheet.rejected)
            table.add_row(sheet.sheet, *counts)
        for note in outcome.notes:
            table.add_row(render(note), "", "", "", "")
        table.display = True

    def _show_errors(self, errors: list[FieldError]) -> None:
        table = self.query_one("#outcome", DataTable)
        table.clear(columns=True)
        table.add_columns(_("Sheet"), _("Row"), _("Column"), _("Problem"))
        for error in errors:
            column = error.label if error.label is not None else error.field
            table.add_row(
                error.sheet or "",
                "" if error.row is None else error.row,
                render(column),
                render(error.message),
            )
        table.display = True
        self._verdict(
            _("Nothing was imported: {count} problem(s) to fix in the file", count=len(errors)),
            error=True,
        )
