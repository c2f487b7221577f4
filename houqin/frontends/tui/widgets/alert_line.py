"""An alert on the dashboard, coloured by its level; Enter opens the list it is about."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import Static

from houqin.core.dashboard import Alert
from houqin.core.i18n import N_, render
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import Navigate
from houqin.frontends.tui.navigation import kind_target

_MARKS = {"info": "ℹ", "warning": "▲", "danger": "✖"}


class AlertLine(Static, can_focus=True):
    """One :class:`~houqin.core.dashboard.Alert`, marked so it reads without colour too."""

    BINDINGS: ClassVar[list[BindingType]] = [key("enter", "open", N_("Open"))]

    DEFAULT_CSS = """
    AlertLine {
        height: auto;
        padding: 0 1;
        border-left: outer $primary;
        background: $primary-muted;
        color: $text-primary;
        margin-bottom: 1;
        &.-warning {
            border-left: outer $warning;
            background: $warning-muted;
            color: $text-warning;
        }
        &.-danger {
            border-left: outer $error;
            background: $error-muted;
            color: $text-error;
        }
        &:focus {
            text-style: bold;
        }
    }
    """

    def __init__(self, alert: Alert) -> None:
        mark = _MARKS[alert.level]
        super().__init__(
            f"{mark} {render(alert.message)}",
            classes=f"-{alert.level}",
            id=f"alert-{alert.name.replace('.', '-')}",
            markup=False,
        )
        self.alert = alert

    def action_open(self) -> None:
        if self.alert.kind is not None:
            self.post_message(Navigate(kind_target(self.alert.kind), self))

    def on_click(self) -> None:
        self.action_open()
