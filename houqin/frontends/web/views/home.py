"""The home page: the core's cards and alerts, then the plugins' panels."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from houqin.core.dashboard import dashboard as core_dashboard
from houqin.frontends.web.context import current_actor, current_school
from houqin.frontends.web.menu import active_names
from houqin.frontends.web.plugins import WebPlugins

bp = Blueprint("home", __name__)


@bp.get("/")
def dashboard() -> str:
    """Cards, alerts and panels the user's roles may see."""
    school = current_school()
    actor = current_actor()
    web: WebPlugins = current_app.extensions["houqin_web_plugins"]
    with school.read(actor) as uow:
        board = core_dashboard(uow)
        panels = [
            panel
            for panel in web.dashboard_panels(active_names(school), uow)
            if not actor.scope(panel.permission).nothing
        ]
        # Panels render inside the transaction: their templates may read lazily.
        return render_template("home.html", cards=board.cards, alerts=board.alerts, panels=panels)
