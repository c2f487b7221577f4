"""Counting on a phone: the scanning page and the overview of a count.

The scanning page is a plain form: a text input with the focus, into which a
Bluetooth or USB scanner types a tag and presses Enter; the room is chosen
once and kept in the session. It works without JavaScript; with it
(``static/counts.js``) the page stays put and the focus returns to the input
after each scan. Every rule is the core's: the views only collect input and
show the outcomes and tallies the core returns.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from houqin.core.commands import structure_command
from houqin.core.counts import reports, results, service
from houqin.core.counts.model import CountKind, ScanInput
from houqin.core.counts.plugin import RUN, VIEW
from houqin.core.errors import Conflict, InvalidInput, NotFound
from houqin.core.i18n import render
from houqin.frontends.web.context import current_actor, current_school, require_some

bp = Blueprint("counts", __name__, url_prefix="/counts")

SHOWN_SCANS = 10
_ROOM_KEY = "counts.room.{id}"


@bp.get("/")
def index() -> str:
    """The open counts, each with a link to scan into it."""
    require_some(VIEW)
    with current_school().read(current_actor()) as uow:
        page = service.list_counts(uow, status="open", limit=100)
    return render_template("counts/index.html", counts=page.items)


def _scan_page(object_id: int, *, errors: Any = None, last: Any = None, status: int = 200) -> Any:
    with current_school().read(current_actor()) as uow:
        try:
            count = service.get_count(uow, object_id)
        except NotFound:
            abort(404)
        tally = reports.tallies(uow, object_id)
        recent = service.recent_scans(uow, object_id, SHOWN_SCANS)
        rooms = reports.scope_rooms(uow, object_id) if count.kind is CountKind.ASSETS else []
    return (
        render_template(
            "counts/scan.html",
            count=count,
            tally=tally,
            recent=recent,
            last=last or [],
            rooms=rooms,
            room=session.get(_ROOM_KEY.format(id=object_id), ""),
            errors=errors or [],
            stock=count.kind is CountKind.STOCK,
        ),
        status,
    )


@bp.get("/<int:object_id>/scan")
def scan_page(object_id: int) -> Any:
    """The scanning page: room, code, the last outcomes and the running tallies."""
    require_some(RUN)
    return _scan_page(object_id)


@bp.post("/<int:object_id>/scan")
def scan(object_id: int) -> Any:
    """Record what was typed or scanned (one code, or pasted lines); show the outcomes."""
    require_some(RUN)
    school = current_school()
    room = request.form.get("room", "").strip()
    session[_ROOM_KEY.format(id=object_id)] = room
    codes = [line for line in request.form.get("code", "").splitlines() if line.strip()]
    if not codes:
        return redirect(url_for("counts.scan_page", object_id=object_id))
    data = {
        "room": room,
        "quantity": request.form.get("quantity", ""),
        "condition": "damaged" if request.form.get("damaged") else "good",
        "note": request.form.get("note", ""),
        "responsible": request.form.get("responsible", ""),
        "school_class": request.form.get("school_class", ""),
    }
    try:
        commands = [
            structure_command(school.converter, ScanInput, {**data, "code": code}) for code in codes
        ]
        with school.write(current_actor()) as uow:
            outcomes = service.scan_many(uow, object_id, commands)
    except InvalidInput as exc:
        return _scan_page(object_id, errors=[e.describe() for e in exc.errors], status=400)
    except Conflict as exc:
        return _scan_page(object_id, errors=[render(exc.message)], status=409)
    return _scan_page(object_id, last=list(reversed(outcomes)))


@bp.get("/<int:object_id>/")
def overview(object_id: int) -> Any:
    """A count's progress per room, its tallies and, once closed, its result lists."""
    require_some(VIEW)
    with current_school().read(current_actor()) as uow:
        try:
            count = service.get_count(uow, object_id)
        except NotFound:
            abort(404)
        tally = reports.tallies(uow, object_id)
        progress = reports.room_progress(uow, object_id)
        lines = results.results_of_count(uow, object_id)
    by_outcome: dict[str, list[Any]] = {}
    for line in lines:
        by_outcome.setdefault(line.outcome.value, []).append(line)
    return render_template(
        "counts/overview.html",
        count=count,
        tally=tally,
        progress=progress,
        results=by_outcome,
        stock=count.kind is CountKind.STOCK,
    )


@bp.post("/<int:object_id>/room")
def choose_room(object_id: int) -> Response:
    """Remember the room chosen on the scanning page without scanning."""
    require_some(RUN)
    session[_ROOM_KEY.format(id=object_id)] = request.form.get("room", "").strip()
    return redirect(url_for("counts.scan_page", object_id=object_id))
