"""A printable document on screen: its facts, its tables, and s to save it as HTML or .xlsx."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Label, Static

from houqin.core.i18n import N_, _, render
from houqin.core.printing import PrintDoc, printed
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.screens.base import houqin_app
from houqin.frontends.tui.widgets.footer import HouqinFooter
from houqin.frontends.tui.widgets.record_view import RecordView


class DocumentScreen(Screen[None]):
    """Shows ``doc`` as the paper will have it; s saves it to a file, Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("escape", "back", N_("Back")),
        key("s", "save", N_("Save as")),
    ]

    def __init__(self, doc: PrintDoc) -> None:
        super().__init__()
        self.doc = doc

    def compose(self) -> ComposeResult:
        doc = self.doc
        yield Header()
        with VerticalScroll(id="document"):
            yield Label(render(doc.title), classes="screen-title", id="document-title")
            yield RecordView(id="facts")
            for index, table in enumerate(doc.tables):
                if table.title:
                    yield Label(render(table.title), classes="section-title")
                yield DataTable(id=f"table-{index}", zebra_stripes=True, cursor_type="row")
            for paragraph in doc.paragraphs:
                yield Static(render(paragraph), markup=False, classes="document-text")
            if doc.signatures:
                signed = "    ".join(f"{render(s)}: ________" for s in doc.signatures)
                yield Static(signed, markup=False, classes="document-text")
        yield HouqinFooter()

    def on_mount(self) -> None:
        self.title = houqin_app(self).school_title()
        self.sub_title = render(self.doc.title)
        self.query_one(RecordView).show([(render(k), v) for k, v in self.doc.facts])
        for index, table in enumerate(self.doc.tables):
            grid = self.query_one(f"#table-{index}", DataTable)
            grid.add_columns(*(render(c) for c in table.columns))
            grid.add_rows([[printed(v) for v in row] for row in table.rows])
            if table.totals is not None:
                grid.add_row(*(printed(v) for v in table.totals), key="totals")

    def action_back(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        from houqin.frontends.tui.kind_actions import ask_where_to_save

        ask_where_to_save(houqin_app(self), self.doc)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (_("Save as"), _("Write this document to an .html or .xlsx file"), self.action_save)
        ]
