"""A dashboard card: a figure with its title; Enter opens the list it counts."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Label

from houqin.core.dashboard import DashboardCard
from houqin.core.i18n import N_, render
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import Navigate
from houqin.frontends.tui.navigation import kind_target


class CardView(Vertical, can_focus=True):
    """One :class:`~houqin.core.dashboard.DashboardCard`."""

    BINDINGS: ClassVar[list[BindingType]] = [key("enter", "open", N_("Open"))]

    DEFAULT_CSS = """
    CardView {
        width: 1fr;
        min-width: 16;
        height: auto;
        border-left: outer $border-blurred;
        background: $boost;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus {
            border-left: outer $border;
            background-tint: $foreground 10%;
        }
        .card-value {
            text-style: bold;
            color: $text-accent;
        }
        .card-title {
            color: $foreground;
        }
        .card-detail {
            color: $text-muted;
        }
    }
    """

    def __init__(self, card: DashboardCard) -> None:
        super().__init__(id=f"card-{card.name.replace('.', '-')}")
        self.card = card

    def compose(self) -> ComposeResult:
        yield Label(self.card.value, classes="card-value")
        yield Label(render(self.card.title), classes="card-title")
        detail = render(self.card.detail)
        if detail:
            yield Label(detail, classes="card-detail")

    def action_open(self) -> None:
        if self.card.kind is not None:
            self.post_message(Navigate(kind_target(self.card.kind), self))

    def on_click(self) -> None:
        self.action_open()
