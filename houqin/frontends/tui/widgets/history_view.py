"""An object's history from the audit log: when, who, what, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import Grid
from textual.widgets import Label

from houqin.core.audit import AuditEntry
from houqin.core.clock import zone_named
from houqin.core.i18n import _


def local_time(entry: AuditEntry, zone: str) -> str:
    """The event's time in the school's time zone, to the minute."""
    return entry.at.astimezone(zone_named(zone)).strftime("%Y-%m-%d %H:%M")


class HistoryView(Grid):
    """Three columns, one line an event; a word when nothing was recorded."""

    DEFAULT_CSS = """
    HistoryView {
        grid-size: 3;
        grid-columns: auto auto 1fr;
        grid-rows: auto;
        grid-gutter: 0 2;
        height: auto;
        padding: 0 2;
        .history-heading {
            text-style: bold;
            color: $text-muted;
        }
    }
    """

    def show(self, entries: Sequence[AuditEntry], zone: str) -> None:
        """Replace what is shown with ``entries`` (newest first)."""
        self.remove_children()
        if not entries:
            self.mount(Label(_("Nothing recorded yet."), classes="muted"))
            return
        cells = [
            Label(_("When"), classes="history-heading"),
            Label(_("Who"), classes="history-heading"),
            Label(_("What"), classes="history-heading"),
        ]
        for entry in entries:
            cells += [
                Label(local_time(entry, zone)),
                Label(entry.actor, markup=False),
                Label(entry.action, markup=False),
            ]
        self.mount_all(cells)
