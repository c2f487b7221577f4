"""Asset labels on the web: where a label's QR code leads, and the page that prints labels.

``/a/<number>`` is the stable address a label carries (see
:mod:`houqin.core.assets.labels`): it opens the asset's page, after the
login when the phone that scanned it has no session yet. ``/assets/labels``
takes the register's search and filters (the list's "Print labels" button
keeps them), says how many labels that is, and serves the A4 sheet.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from houqin.core.assets.labels import MAX_LABELS, count_labels, label_sheet
from houqin.core.assets.plugin import VIEW
from houqin.core.assets.service import find_asset
from houqin.core.errors import InvalidInput
from houqin.frontends.web.context import current_actor, current_school, require_some
from houqin.frontends.web.views.actions import PRINT_POLICY
from houqin.frontends.web.views.objects import _kind

bp = Blueprint("labels", __name__)

ASSETS = "assets"


@bp.get("/a/<path:number>")
def scanned_label(number: str) -> Response:
    """The asset whose label was scanned."""
    require_some(VIEW)
    with current_school().read(current_actor()) as uow:
        asset = find_asset(uow, number.strip())
    return redirect(
        url_for("objects.show_object", area_name=ASSETS, kind_name=ASSETS, object_id=asset.id)
    )


def _filters() -> dict[str, str]:
    kind = _kind(ASSETS, ASSETS)
    names = {f.name for f in kind.filters}
    return {k: v.strip() for k, v in request.args.items() if k in names and v.strip()}


@bp.get("/assets/labels")
def label_sheet_page() -> Any:
    """How many labels the filters give, then (``show=1``) the sheet itself."""
    require_some(VIEW)
    filters = _filters()
    search = request.args.get("q", "").strip() or None
    refusal: InvalidInput | None = None
    count = 0
    with current_school().read(current_actor()) as uow:
        try:
            if request.args.get("show"):
                response = Response(
                    label_sheet(uow, search=search, **filters), mimetype="text/html"
                )
                response.headers["Content-Security-Policy"] = PRINT_POLICY
                return response
            count = count_labels(uow, search=search, **filters)
        except InvalidInput as exc:
            refusal = exc
    query = {**filters, **({"q": search} if search else {})}
    values: dict[str, Any] = {**query, "show": "1"}
    return render_template(
        "objects/labels.html",
        kind=_kind(ASSETS, ASSETS),
        query=query,
        count=count,
        too_many=count > MAX_LABELS,
        cap=MAX_LABELS,
        refusal=refusal,
        sheet_url=url_for("labels.label_sheet_page", **values),
    ), 400 if refusal is not None else 200
