"""A record's fields as label and value, one a line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.containers import Grid
from textual.widgets import Label

from houqin.frontends.tui.formatting import show


class RecordView(Grid):
    """Labels on the left, values on the right; empty values shown as a dash."""

    DEFAULT_CSS = """
    RecordView {
        grid-size: 2;
        grid-columns: auto 1fr;
        grid-rows: auto;
        grid-gutter: 0 2;
        height: auto;
        padding: 1 2;
        .record-label {
            color: $text-muted;
        }
    }
    """

    def show(self, fields: Sequence[tuple[str, Any]]) -> None:
        """Replace what is shown with ``fields`` ((label, value) pairs)."""
        self.remove_children()
        widgets: list[Label] = []
        for label, value in fields:
            widgets.append(Label(label, classes="record-label"))
            widgets.append(Label(show(value) or "—", classes="record-value", markup=False))
        self.mount_all(widgets)
