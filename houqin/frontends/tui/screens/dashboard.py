"""The home screen: the same cards and alerts as the web dashboard, from the core."""

from __future__ import annotations

from datetime import UTC
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import Label, Static

from houqin.core.clock import zone_named
from houqin.core.dashboard import Dashboard, dashboard
from houqin.core.i18n import N_, _
from houqin.core.settings import get_setting
from houqin.frontends.tui import navigation
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.screens.base import MainScreen
from houqin.frontends.tui.widgets.alert_line import AlertLine
from houqin.frontends.tui.widgets.dashboard_card import CardView

CARD_WIDTH = 20


class DashboardScreen(MainScreen):
    """Figures and alerts the user may see (filtered by permission in the core)."""

    BINDINGS: ClassVar[list[BindingType]] = [key("r", "refresh", N_("Refresh"))]

    target = navigation.DASHBOARD

    def compose_main(self) -> ComposeResult:
        yield Label("", id="today", classes="screen-title")
        with VerticalScroll(id="dashboard"):
            yield Grid(id="cards")
            yield Label(_("Needs attention"), classes="section-title", id="alerts-title")
            yield VerticalScroll(id="alerts")

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        with self.reporting():
            with self.session.read() as uow:
                board = dashboard(uow)
                zone = str(get_setting(uow, "school.timezone"))
            self._show(board, zone)

    def _show(self, board: Dashboard, zone: str) -> None:
        tz = zone_named(zone)
        today = self.session.clock().astimezone(UTC).astimezone(tz).date()
        self.query_one("#today", Label).update(
            _("{date} · {user}", date=today.isoformat(), user=self.session.actor.name)
        )
        cards = self.query_one("#cards", Grid)
        cards.remove_children()
        cards.mount_all([CardView(card) for card in board.cards])
        if not board.cards:
            cards.mount(Static(_("No figures for your roles yet."), classes="muted"))
        alerts = self.query_one("#alerts", VerticalScroll)
        alerts.remove_children()
        alerts.mount_all([AlertLine(alert) for alert in board.alerts])
        if not board.alerts:
            alerts.mount(Static(_("Nothing needs attention."), classes="muted"))
        self._fit_cards(self.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_cards(event.size.width)

    def _fit_cards(self, width: int) -> None:
        sidebar = 24 if self.query_one("#sidebar").display else 0
        columns = max(1, (width - sidebar) // CARD_WIDTH)
        self.query_one("#cards", Grid).styles.grid_size_columns = columns
