"""The home dashboard: cards and alerts from the core and the enabled plugins.

Each card or alert names the permission needed to see it; :func:`dashboard`
keeps only those the actor holds, so the web and the terminal interface show
the same thing to the same person.
"""

from __future__ import annotations

import attrs

from houqin.core.i18n import Text
from houqin.core.uow import UnitOfWork

LEVELS = ("info", "warning", "danger")


@attrs.frozen
class DashboardCard:
    """A figure on the home page; ``kind`` names the list it links to, if any."""

    name: str
    title: Text
    value: str
    permission: str
    detail: Text = ""
    kind: str | None = None
    order: int = 100


@attrs.frozen
class Alert:
    """Something that needs attention; ``level`` is info, warning or danger."""

    name: str
    message: Text
    permission: str
    level: str = "warning"
    kind: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"alert level must be one of {LEVELS}")


@attrs.frozen
class Dashboard:
    cards: list[DashboardCard]
    alerts: list[Alert]


def dashboard(uow: UnitOfWork) -> Dashboard:
    """The cards and alerts the actor may see, in order; most serious alerts first."""
    hook = uow.school.host.hook
    cards = [c for batch in hook.houqin_dashboard_cards(uow=uow) for c in batch or ()]
    alerts = [a for batch in hook.houqin_alerts(uow=uow) for a in batch or ()]
    actor = uow.actor
    return Dashboard(
        cards=sorted(
            (c for c in cards if not actor.scope(c.permission).nothing),
            key=lambda c: (c.order, c.name),
        ),
        alerts=sorted(
            (a for a in alerts if not actor.scope(a.permission).nothing),
            key=lambda a: (-LEVELS.index(a.level), a.name),
        ),
    )
