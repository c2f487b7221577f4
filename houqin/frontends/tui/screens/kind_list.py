"""The list of any object kind: search, the kind's filters, and a table read page by page."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Label

from houqin.core.i18n import N_, _, render
from houqin.core.kinds import ObjectKind
from houqin.core.listing import Page
from houqin.frontends.tui import kind_actions
from houqin.frontends.tui.failures import failure_text, failure_title
from houqin.frontends.tui.formatting import show
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import (
    FiltersChanged,
    PageLoadFailed,
    RowHighlighted,
    RowSelected,
)
from houqin.frontends.tui.navigation import kind_target
from houqin.frontends.tui.screens.base import MainScreen, houqin_app
from houqin.frontends.tui.widgets.filter_bar import FilterBar, FilterChoice
from houqin.frontends.tui.widgets.virtual_table import Column, PageSource, VirtualTable


def kind_columns(kind: ObjectKind) -> list[Column]:
    """The kind's columns, each showing one attribute of the record."""

    def cell(name: str) -> Any:
        return lambda record: show(getattr(record, name, None))

    return [Column(render(c.label), cell(c.name)) for c in kind.columns]


class KindListScreen(MainScreen):
    """Every object of one kind the user may see; Enter shows one, n adds one.

    a offers the kind's own actions (stock in, a transfer) and p its documents
    (a monthly report); a read-only kind has no n, e or d.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        key("n", "new", N_("New")),
        key("e", "edit", N_("Edit")),
        key("d", "delete", N_("Remove")),
        key("a", "act", N_("Actions")),
        key("p", "print", N_("Print")),
        key("slash", "search", N_("Search")),
        key("escape", "back", N_("Back")),
    ]

    def __init__(self, kind: ObjectKind, filters: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.target = kind_target(kind.name)
        self.search: str | None = None
        self.filters: dict[str, str] = dict(filters or {})

    @property
    def opened_over(self) -> bool:
        """Whether this list was opened over another screen (an object's related list)."""
        return len(self.app.screen_stack) > 2 and self.app.screen is self

    def action_back(self) -> None:
        if self.opened_over:
            self.app.pop_screen()

    @property
    def table(self) -> VirtualTable:
        return self.query_one(VirtualTable)

    def compose_main(self) -> ComposeResult:
        with Horizontal(classes="screen-heading"):
            yield Label(render(self.kind.plural), classes="screen-title")
            yield Label("", id="count", classes="count")
        yield FilterBar(self._filter_choices(), id="filters", initial=self.filters)
        yield VirtualTable(
            id="table",
            page_size=houqin_app(self).config.page_size,
            empty_text=_("Nothing to show."),
        )

    def _filter_choices(self) -> list[FilterChoice]:
        choices = [FilterChoice(f.name, render(f.label)) for f in self.kind.filters]
        offered = [f for f in self.kind.filters if f.options is not None]
        if not offered:
            return choices
        # Without the database the filters are typed in: the list says what went wrong.
        with self.reporting():
            with self.session.read() as uow:
                options = {
                    f.name: tuple((value, render(label)) for value, label in f.options(uow))
                    for f in offered
                    if f.options is not None
                }
            return [FilterChoice(c.name, c.label, options.get(c.name)) for c in choices]
        return choices

    def on_mount(self) -> None:
        self.load()
        self.table.focus()

    def source(self) -> PageSource:
        """Pages of the kind's list service, with the search and filters now set."""
        kind, session = self.kind, self.session
        search, filters = self.search, dict(self.filters)

        def read(after: str | None, limit: int, with_total: bool) -> Page[Any]:
            with session.read() as uow:
                page: Page[Any] = kind.list(
                    uow, search=search, after=after, limit=limit, with_total=with_total, **filters
                )
            return page

        return read

    def load(self, *, keep_row: bool = False) -> None:
        self.table.load(self.source(), kind_columns(self.kind), keep_row=keep_row)

    def reload(self, *_args: Any) -> None:
        """Read the list again after a change, staying near the same row."""
        self.load(keep_row=True)

    @on(FiltersChanged)
    def _filter(self, event: FiltersChanged) -> None:
        self.search, self.filters = event.search, event.values
        self.load()
        if event.done:
            self.table.focus()

    @on(RowHighlighted)
    def _count(self, event: RowHighlighted) -> None:
        table = event.table
        known = table.total if table.total is not None else table.row_count
        more = "+" if table.total is None and table.has_more else ""
        position = event.index + 1 if table.row_count else 0
        self.query_one("#count", Label).update(
            _("{row} of {total}", row=f"{position:,}", total=f"{known:,}{more}")
        )

    @on(PageLoadFailed)
    def _failed(self, event: PageLoadFailed) -> None:
        self.notify(
            failure_text(event.error),
            title=failure_title(event.error),
            severity="error",
            timeout=10,
        )

    @on(RowSelected)
    def _open(self, event: RowSelected) -> None:
        from houqin.frontends.tui.screens.kind_detail import KindDetailScreen

        self.app.push_screen(KindDetailScreen(self.kind, event.record.id), self._after_detail)

    def _after_detail(self, changed: bool | None) -> None:
        if changed:
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.opened_over  # the main list has nowhere to go back to
        if action == "act":
            return bool(kind_actions.actions_for(houqin_app(self), self.kind))
        if action == "print":
            return bool(kind_actions.documents_for(houqin_app(self), self.kind))
        if action in ("new", "edit", "delete"):
            service = {"new": self.kind.create, "edit": self.kind.update}.get(
                action, self.kind.delete
            )
            session = houqin_app(self).session
            if service is None or session is None or not session.can(self.kind.manage_permission):
                return False  # a read-only kind, or not this user's to do: hidden
            tables = self.query(VirtualTable)
            if action != "new" and (not tables or tables.first().cursor_record is None):
                return None  # nothing to act on yet: shown, but greyed
        return True

    def action_new(self) -> None:
        kind_actions.open_create_form(houqin_app(self), self.kind, self.reload)

    def action_edit(self) -> None:
        record = self.table.cursor_record
        if record is not None:
            kind_actions.open_edit_form(houqin_app(self), self.kind, record.id, self.reload)

    def action_delete(self) -> None:
        record = self.table.cursor_record
        if record is not None:
            kind_actions.confirm_delete(houqin_app(self), self.kind, record, self.reload)

    def action_search(self) -> None:
        self.query_one("#search").focus()

    def action_act(self) -> None:
        kind_actions.choose_action(houqin_app(self), self.kind, None, self.reload)

    def action_print(self) -> None:
        kind_actions.choose_document(houqin_app(self), self.kind)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """The kind's actions and documents by name; labels for the asset register."""
        app = houqin_app(self)
        found: list[tuple[str, str, Any]] = [
            (
                render(a.label),
                render(a.help) or render(self.kind.plural),
                partial(kind_actions.open_action_form, app, self.kind, a, None, self.reload),
            )
            for a in kind_actions.actions_for(app, self.kind)
        ]
        found += [
            (
                _("Print: {what}", what=render(d.label)),
                _("Show the document, then save it as .html or .xlsx"),
                partial(kind_actions.open_document, app, self.kind, d),
            )
            for d in kind_actions.documents_for(app, self.kind)
        ]
        if self.kind.name == "assets" and self.session.can(self.kind.view_permission):
            found.append(
                (
                    _("Print labels"),
                    _("Write QR labels for the assets this list shows to an .html file"),
                    partial(kind_actions.save_labels, app, self.search, dict(self.filters)),
                )
            )
        return found
