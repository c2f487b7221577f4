"""The web part of the lost-and-found plugin: a page, a menu link and a dashboard panel.

Registered under the plugin's name (``houqin.web`` entry point ``lostfound``,
or ``web_plugins={"lostfound": web}`` in tests). Its found items already get
list, detail and form pages from the kind the plugin declares; this adds a
printable report of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, render_template

from houqin.core import N_
from houqin.core.uow import UnitOfWork
from houqin.frontends.web.context import current_actor, current_school
from houqin.frontends.web.hookspecs import DashboardPanel, MenuLink, hookimpl
from tests.plugins.lostfound import VIEW, count_items, list_items

bp = Blueprint("lostfound", __name__, template_folder="templates")


@bp.get("/report")
def report() -> str:
    with current_school().read(current_actor()) as uow:
        items = list_items(uow, limit=500).items
    return render_template("lostfound/report.html", items=items)


@hookimpl
def houqin_web_blueprints() -> Iterable[Blueprint]:
    return [bp]


@hookimpl
def houqin_web_menu_links() -> Iterable[MenuLink]:
    return [
        MenuLink(
            "lostfound.report", N_("Found items report"), "lostfound.report", VIEW, "lostfound"
        )
    ]


@hookimpl
def houqin_web_dashboard_panels(uow: UnitOfWork) -> Iterable[DashboardPanel]:
    return [
        DashboardPanel(
            "lostfound.waiting",
            N_("Lost and found"),
            "lostfound/panel.html",
            permission=VIEW,
            context={"count": count_items(uow)},
        )
    ]
