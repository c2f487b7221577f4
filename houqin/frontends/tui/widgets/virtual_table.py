"""A table that draws only the rows on screen and reads the others page by page.

Textual's ``DataTable`` holds every row in memory and lays them all out; at a
hundred thousand rows it takes seconds to appear, at a million it is
unusable. This table asks a *page source* (a kind's list service, a report)
for keyset pages as the cursor or the scroll position reaches them, keeps a
few pages in memory, and remembers the cursor of every page seen, so going
back up re-reads a page in one indexed query. Its cost depends on the height
of the screen, not on the number of rows.

Keyset pages cannot jump to "row 500 000" without walking there, so the
scrollbar covers the rows read so far; one more line shows that more follow,
and reaching it reads the next page. The total, when the source counts it,
is shown by the screen around the table.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import attrs
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import Worker, WorkerState

from houqin.core.i18n import N_, _
from houqin.core.listing import Page
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import PageLoadFailed, RowHighlighted, RowSelected

PageSource = Callable[[str | None, int, bool], Page[Any]]
"""``source(after, limit, with_total)``: the page after the cursor ``after``."""


@attrs.frozen
class Column:
    """A column: its heading (already in the user's language) and how a cell is shown."""

    label: str
    value: Callable[[Any], str]
    max_width: int = 40


class VirtualTable(ScrollView, can_focus=True):
    """Rows from a page source, drawn a screen at a time; Enter chooses a row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("enter", "select", N_("Open")),
        key("up", "cursor_up", N_("Up"), show=False),
        key("down", "cursor_down", N_("Down"), show=False),
        key("pageup", "page_up", N_("Page up"), show=False),
        key("pagedown", "page_down", N_("Page down"), show=False),
        key("home", "first", N_("First row"), show=False),
        key("end", "last", N_("Last row"), show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--even-row",
        "virtual-table--pending",
    }

    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .virtual-table--header {
            background: $panel;
            color: $foreground;
            text-style: bold;
        }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .virtual-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .virtual-table--pending {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        *,
        page_size: int = 100,
        cached_pages: int = 30,
        jump_budget: float = 0.3,
        empty_text: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.page_size = page_size
        self.cached_pages = cached_pages
        self.jump_budget = jump_budget
        self.empty_text = empty_text
        self.columns: list[Column] = []
        self.total: int | None = None
        self.pages_read = 0
        self._widths: list[int] = []
        self._source: PageSource | None = None
        self._cursors: list[str | None] = [None]
        self._pages: OrderedDict[int, list[Any]] = OrderedDict()
        self._last_length: int | None = None
        self._failed = False
        self._count_worker: Worker[int | None] | None = None

    # Loading ----------------------------------------------------------------------------

    def load(
        self,
        source: PageSource,
        columns: Sequence[Column] | None = None,
        *,
        keep_row: bool = False,
        count: bool = True,
    ) -> None:
        """Show the rows of ``source`` from the first page (or near the row the cursor was on).

        With ``count`` the total is asked for too, in a thread once the first
        page is on screen (counting a million rows takes longer than reading a
        page): ``total`` is set and :class:`RowHighlighted` sent again when it
        arrives. A page that cannot be read is reported with :class:`PageLoadFailed`.
        """
        previous = self.cursor_row if keep_row else 0
        self._source = source
        if columns is not None:
            self.columns = list(columns)
        self._cursors = [None]
        self._pages.clear()
        self._last_length = None
        self._failed = False
        self.total = None
        first = self._page(0)
        self._widths = self._measure(first or [])
        self._jump_forward(previous, budget=self.jump_budget)
        self._resize()
        self.set_reactive(VirtualTable.cursor_row, min(previous, max(self.row_count - 1, 0)))
        self._scroll_to_cursor()
        self.refresh()
        self._announce()
        self._count_worker = self._count(source) if count and first is not None else None

    def _count(self, source: PageSource) -> Worker[int | None]:
        def count() -> int | None:
            return source(None, 1, True).total

        return self.run_worker(
            count,
            name="count rows",
            group="count",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is self._count_worker and event.state == WorkerState.SUCCESS:
            event.stop()
            self.total = worker.result
            self._announce()

    def reload(self) -> None:
        """Read the rows again (after a change), keeping the cursor near where it was."""
        if self._source is not None:
            self.load(self._source, keep_row=True)

    @property
    def has_more(self) -> bool:
        """Whether rows follow those read so far."""
        return self._last_length is None and not self._failed

    @property
    def row_count(self) -> int:
        """How many rows are known to exist: those read so far."""
        full_pages = len(self._cursors) - 1
        if self._last_length is None:
            return full_pages * self.page_size
        return full_pages * self.page_size + self._last_length

    def record_at(self, row: int) -> Any:
        """The record shown at ``row``, reading its page if needed; None if there is none."""
        if row < 0:
            return None
        items = self._page(row // self.page_size)
        offset = row % self.page_size
        return items[offset] if items is not None and offset < len(items) else None

    @property
    def cursor_record(self) -> Any:
        """The record under the cursor, or None."""
        return self.record_at(self.cursor_row) if self.row_count else None

    def _page(self, index: int) -> list[Any] | None:
        cached = self._pages.get(index)
        if cached is not None:
            self._pages.move_to_end(index)
            return cached
        if self._source is None or self._failed or index >= len(self._cursors):
            return None
        try:
            page = self._source(self._cursors[index], self.page_size, False)
        except Exception as exc:
            self._failed = True
            self.post_message(PageLoadFailed(self, exc))
            return None
        self.pages_read += 1
        if index == len(self._cursors) - 1 and self._last_length is None:
            if page.next_cursor is None:
                self._last_length = len(page.items)
            else:
                self._cursors.append(page.next_cursor)
        self._pages[index] = page.items
        while len(self._pages) > self.cached_pages:
            self._pages.popitem(last=False)
        return page.items

    def _jump_forward(self, row: int, *, budget: float | None) -> None:
        """Read pages until ``row`` is known, the rows end, or ``budget`` seconds are spent."""
        started = time.monotonic()
        while row >= self.row_count and self.has_more:
            before = len(self._cursors)
            self._page(len(self._cursors) - 1)
            if len(self._cursors) == before and self.has_more:
                return  # the page failed; PageLoadFailed says why
            if budget is not None and time.monotonic() - started > budget:
                return

    def _measure(self, records: Sequence[Any]) -> list[int]:
        widths = []
        for column in self.columns:
            longest = max((cell_len(column.value(r)) for r in records), default=0)
            widths.append(max(3, min(column.max_width, max(cell_len(column.label), longest))))
        return widths

    # Geometry ---------------------------------------------------------------------------

    @property
    def _line_width(self) -> int:
        return sum(w + 2 for w in self._widths)

    @property
    def _body_height(self) -> int:
        """How many rows fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _resize(self) -> None:
        pending = 1 if self.has_more or self.row_count == 0 else 0
        self.virtual_size = Size(self._line_width, self.row_count + pending + 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        height = self._body_height
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True, immediate=True)
        elif self.cursor_row >= top + height:
            self.scroll_to(
                y=self.cursor_row - height + 1, animate=False, force=True, immediate=True
            )

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # Reading the page that comes into view before it is drawn.
        first = round(new_value)
        last = first + self._body_height
        for index in range(first // self.page_size, last // self.page_size + 1):
            self._page(index)
        self._resize()
        super().watch_scroll_y(old_value, new_value)

    def on_resize(self, _event: events.Resize) -> None:
        self.watch_scroll_y(self.scroll_y, self.scroll_y)

    # Cursor -----------------------------------------------------------------------------

    def move_cursor(self, row: int, *, budget: float | None = None) -> None:
        """Put the cursor on ``row`` (or as near as the rows read allow)."""
        self._jump_forward(row, budget=self.jump_budget if budget is None else budget)
        self._resize()
        if self.row_count:
            self.cursor_row = max(0, min(row, self.row_count - 1))

    def watch_cursor_row(self, old_row: int, new_row: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        self.post_message(RowHighlighted(self, self.cursor_row, self.cursor_record))

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor_row - self._body_height)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor_row + self._body_height)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        """Go to the last row; on a long list, as far as a moment's reading reaches."""
        self.move_cursor(2**62)

    def action_select(self) -> None:
        record = self.cursor_record
        if record is not None:
            self.post_message(RowSelected(self, self.cursor_row, record))

    def on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if not isinstance(row, int):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # Drawing ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        line_width = max(self._line_width, width)
        base = self.rich_style
        if y == 0:
            header = base + self.get_component_rich_style("virtual-table--header")
            strip = self._cells_strip([c.label for c in self.columns], header, line_width)
        else:
            strip = self._row_strip(scroll_y + y - 1, base, line_width)
        return strip.crop(scroll_x, scroll_x + width)

    def _row_strip(self, row: int, base: Style, line_width: int) -> Strip:
        if row >= self.row_count:
            text = ""
            if row == self.row_count and self.has_more:
                text = _("… more rows follow")
            elif row == 0:
                text = self.empty_text
            pending = base + self.get_component_rich_style("virtual-table--pending")
            return Strip([Segment(f" {text}", pending)]).adjust_cell_length(line_width, base)
        record = self.record_at(row)
        style = base
        if row % 2 == 1:
            style += self.get_component_rich_style("virtual-table--even-row")
        if row == self.cursor_row:
            style += self.get_component_rich_style("virtual-table--cursor")
        style += Style.from_meta({"row": row})
        if record is None:
            return self._cells_strip(["…"], style, line_width)
        return self._cells_strip([c.value(record) for c in self.columns], style, line_width)

    def _cells_strip(self, texts: Sequence[str], style: Style, line_width: int) -> Strip:
        segments = []
        for text, width in zip(texts, self._widths, strict=False):
            shown = text.replace("\n", " ")
            if cell_len(shown) > width:
                shown = set_cell_size(shown, width - 1) + "…"
            segments.append(Segment(f" {set_cell_size(shown, width)} ", style))
        return Strip(segments).adjust_cell_length(line_width, style)
