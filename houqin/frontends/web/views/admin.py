"""Modules (plugins) an administrator switches on or off for the school."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from houqin.core.i18n import N_
from houqin.core.plugin_state import MANAGE, list_plugins, set_enabled
from houqin.frontends.web.context import current_actor, current_school, notify, require_some

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/modules")
def modules() -> str:
    """Every installed module and whether it is on."""
    require_some(MANAGE)
    with current_school().read(current_actor()) as uow:
        rows = list_plugins(uow)
    return render_template("admin/modules.html", rows=rows)


@bp.post("/modules/<name>")
def switch_module(name: str) -> Response:
    """Switch a module on (its tables are created or upgraded) or off (its data is kept)."""
    enabled = request.form.get("enabled") == "true"
    with current_school().write(current_actor()) as uow:
        set_enabled(uow, name, enabled)
    # This worker reloads now; the others notice on their next request.
    current_app.extensions["houqin_school"].current()
    notify(
        N_("Module {name} is on.", name=name)
        if enabled
        else N_("Module {name} is off; its data is kept.", name=name),
        "success",
    )
    return redirect(url_for("admin.modules"))
