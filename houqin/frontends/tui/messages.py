"""The messages the terminal interface's widgets send: small dataclasses, one per event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.widget import Widget

    from houqin.frontends.tui.widgets.filter_bar import FilterBar
    from houqin.frontends.tui.widgets.scanner_input import ScannerInput
    from houqin.frontends.tui.widgets.virtual_table import VirtualTable


@dataclass
class Scanned(Message):
    """A code arrived from a barcode scanner (or was typed and ended with Enter), trimmed."""

    scanner: ScannerInput
    code: str

    @property
    def control(self) -> ScannerInput:
        return self.scanner


@dataclass
class RowHighlighted(Message):
    """The table's cursor moved to the row at ``index``; ``record`` is None while it loads."""

    table: VirtualTable
    index: int
    record: Any

    @property
    def control(self) -> VirtualTable:
        return self.table


@dataclass
class RowSelected(Message):
    """The user chose the row at ``index`` (Enter or a click on the highlighted row)."""

    table: VirtualTable
    index: int
    record: Any

    @property
    def control(self) -> VirtualTable:
        return self.table


@dataclass
class PageLoadFailed(Message):
    """A page of the table could not be read; ``error`` says why."""

    table: VirtualTable
    error: Exception

    @property
    def control(self) -> VirtualTable:
        return self.table


@dataclass
class FiltersChanged(Message):
    """The search text or a filter of a list changed; ``values`` holds the ones set.

    ``done`` is true when the user pressed Enter (done typing: on to the list).
    """

    bar: FilterBar
    search: str | None
    values: dict[str, str]
    done: bool = False

    @property
    def control(self) -> FilterBar:
        return self.bar


@dataclass
class Navigate(Message):
    """Open a main screen by target: ``dashboard``, ``users``, ``find``, ``kind:<name>``…"""

    target: str
    source: Widget | None = None
