"""The web frontend's contract with plugins: pages, menu links and dashboard panels.

These hooks are separate from the core's (:mod:`houqin.core.hookspecs`) so that
the core and the terminal interface never import Flask. A plugin implements
them in a module of its own, marked with this module's ``hookimpl``, and
registers that module under its plugin's name in the ``houqin.web``
entry-point group:

.. code-block:: toml

    [project.entry-points."houqin.web"]
    dorms = "my_dorms.web"

The web site calls a plugin's hooks only while the plugin is enabled for the
school; disabling it removes its pages, menu links and panels at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from houqin.core.i18n import Text

if TYPE_CHECKING:
    from flask import Blueprint

    from houqin.core.uow import UnitOfWork

PROJECT = "houqin_web"
ENTRY_POINT_GROUP = "houqin.web"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@attrs.frozen
class MenuLink:
    """An entry of the navigation menu that leads to one of the plugin's pages.

    ``endpoint`` is a Flask endpoint of the plugin's blueprint
    (``"dorms.roll_call"``); ``area`` puts the link under that area's heading
    (none: under "More"); only people who hold ``permission`` see it.
    """

    name: str
    label: Text
    endpoint: str
    permission: str
    area: str | None = None
    order: int = 100
    values: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class DashboardPanel:
    """A block of the home page drawn by one of the plugin's templates.

    ``template`` lives in the plugin's template folder (``"dorms/panel.html"``)
    and receives ``context``; only people who hold ``permission`` see it.
    """

    name: str
    title: Text
    template: str
    permission: str
    order: int = 100
    context: Mapping[str, Any] = attrs.field(factory=dict)


@hookspec
def houqin_web_blueprints() -> Iterable[Blueprint]:  # type: ignore[empty-body]
    """Give the Flask blueprints that serve the plugin's own pages.

    Called once, when the web application is created. The blueprint is named
    after the plugin (its pages are endpoints ``<plugin>.<view>``), is mounted
    at ``/modules/<plugin>/``, and keeps its templates under
    ``templates/<plugin>/`` so they never shadow another plugin's. Every page
    is for logged-in users only; each view still calls services, which check
    permissions. While the plugin is disabled its pages answer 404.

    Example::

        from houqin.frontends.web.context import current_actor, current_school

        bp = Blueprint("dorms", __name__, template_folder="templates")

        @bp.get("/roll-call")
        def roll_call():
            with current_school().read(current_actor()) as uow:
                beds = list_beds(uow)
            return render_template("dorms/roll_call.html", beds=beds)

        @hookimpl
        def houqin_web_blueprints():
            return [bp]
    """


@hookspec
def houqin_web_menu_links() -> Iterable[MenuLink]:  # type: ignore[empty-body]
    """Add entries to the navigation menu, for pages of the plugin's blueprint.

    Called for every page drawn. The object kinds a plugin declares through
    the core's ``houqin_object_kinds`` get their list pages in the menu by
    themselves; this hook is for the plugin's other pages. A link's endpoint
    must belong to the plugin's blueprint.

    Example::

        @hookimpl
        def houqin_web_menu_links():
            return [MenuLink("dorms.roll_call", N_("Roll call"), "dorms.roll_call",
                             permission="dorms.roll_call", area="dorms")]
    """


@hookspec
def houqin_web_dashboard_panels(uow: UnitOfWork) -> Iterable[DashboardPanel]:  # type: ignore[empty-body]
    """Add panels to the home dashboard, below the core's cards and alerts.

    Called each time the dashboard is drawn, in the reader's transaction; keep
    it to a few queries. A panel's template must live under the plugin's own
    template folder; only people who hold the panel's ``permission`` see it.

    Example::

        @hookimpl
        def houqin_web_dashboard_panels(uow):
            return [DashboardPanel("dorms.tonight", N_("Tonight"), "dorms/tonight.html",
                                   permission="dorms.view",
                                   context={"absent": absent_tonight(uow)})]
    """
