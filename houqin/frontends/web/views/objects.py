"""Pages for every kind of object the core and the enabled plugins declare.

One set of views serves campuses, rooms, a plugin's found items alike: a list
with search, the kind's filters, keyset paging and the total; a detail page
with the object's history; create and edit forms drawn from the kind's
command; removal after a confirmation; the list as an .xlsx workbook. A
plugin gets all of them by declaring an :class:`~houqin.core.kinds.ObjectKind`.
A read-only kind (no create, update or delete) has no such buttons and its
form addresses answer 404. The buttons of the kind's actions and documents
lead to :mod:`houqin.frontends.web.views.actions`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from functools import partial
from io import BytesIO
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from houqin.core.audit import VIEW as AUDIT_VIEW
from houqin.core.audit import latest_events
from houqin.core.commands import input_values, labelled
from houqin.core.errors import Conflict, InvalidInput
from houqin.core.i18n import N_, get_language, render
from houqin.core.kinds import ListFilter, ObjectKind, related_links
from houqin.core.listing import MAX_PAGE_SIZE, Page
from houqin.core.spreadsheet import SheetData, write_xlsx
from houqin.core.uow import UnitOfWork
from houqin.frontends.web.context import (
    current_actor,
    current_school,
    kept,
    may,
    notify,
    require_some,
)
from houqin.frontends.web.forms import build_form, read_command
from houqin.frontends.web.render import cell, select_options, table_rows

bp = Blueprint("objects", __name__)

PAGE_SIZE = 50


def _kind(area_name: str, kind_name: str) -> ObjectKind:
    """The kind named in the address, if the school has it (a disabled plugin's has gone)."""
    found = current_school().kinds.get(kind_name)
    if found is None or found.area != area_name:
        abort(404)
    return found


def _filters(kind: ObjectKind) -> dict[str, str]:
    return {f.name: value for f in kind.filters if (value := request.args.get(f.name, "").strip())}


def _options(uow: UnitOfWork, kind: ObjectKind) -> list[tuple[ListFilter, Markup | None]]:
    """Each filter with its choices as ``<option>`` elements (None: typed in, not chosen)."""
    choices = kept(
        ("choices", kind.name),
        lambda: [f.options(uow) if f.options is not None else None for f in kind.filters],
    )
    language = get_language()
    shown: list[tuple[ListFilter, Markup | None]] = []
    for f, found in zip(kind.filters, choices, strict=True):
        chosen = request.args.get(f.name)
        if found is None:
            shown.append((f, None))
        elif chosen:
            shown.append((f, select_options(found, chosen)))
        else:  # as a list is first shown: the same for everyone who reads this language
            key = ("options", kind.name, f.name, language)
            shown.append((f, kept(key, partial(select_options, found, None))))
    return shown


def _fetch(uow: UnitOfWork, kind: ObjectKind, after: str | None, limit: int) -> Page[Any]:
    search = request.args.get("q", "").strip() or None
    page: Page[Any] = kind.list(
        uow, search=search, after=after, limit=limit, with_total=True, **_filters(kind)
    )
    return page


@bp.get("/<area_name>/<kind_name>/")
def list_objects(area_name: str, kind_name: str) -> str:
    """One page of the list, searched and filtered as the address says."""
    spec = _kind(area_name, kind_name)
    # A list shows only what the actor may see; someone who may see none of it is refused.
    require_some(spec.view_permission)
    school = current_school()
    refusal: InvalidInput | None = None
    with school.read(current_actor()) as uow:
        try:
            page = _fetch(uow, spec, request.args.get("after") or None, PAGE_SIZE)
        except InvalidInput as exc:  # an unknown campus in a filter, a stale page link
            refusal = exc
            page = Page([], None, 0)
        options = _options(uow, spec)
    query = {k: v for k, v in request.args.items() if k != "after" and v}
    columns = spec.columns
    headings = [render(c.label) for c in columns]
    # A record's page is the list's address and its id (see show_object's route).
    address = url_for("objects.list_objects", area_name=spec.area, kind_name=spec.name)
    return render_template(
        "objects/list.html",
        kind=spec,
        headings=headings,
        rows=table_rows(
            headings,
            [c.name for c in columns],
            page.items,
            link=lambda record: f"{address}{record.id}",
            title=spec.title,
        ),
        page=page,
        options=options,
        query=query,
        refusal=refusal,
        can_create=spec.create is not None and may(spec.manage_permission),
        actions=[a for a in spec.actions if not a.on_object and may(a.permission)],
        documents=[d for d in spec.documents if not d.on_object and may(d.permission)],
        labels_url=_labels_url(spec, query),
        next_url=_list_url(spec, query, page.next_cursor) if page.next_cursor else None,
        first_url=_list_url(spec, query, None) if request.args.get("after") else None,
    )


def _labels_url(kind: ObjectKind, query: dict[str, str]) -> str | None:
    """The "print labels" page for the asset register, with the list's search and filters."""
    from houqin.core.assets.plugin import VIEW as ASSET_VIEW

    if kind.name != "assets" or not may(ASSET_VIEW):
        return None
    values: dict[str, Any] = dict(query)
    return url_for("labels.label_sheet_page", **values)


def _list_url(kind: ObjectKind, query: dict[str, str], after: str | None) -> str:
    values: dict[str, Any] = {**query, "area_name": kind.area, "kind_name": kind.name}
    if after:
        values["after"] = after
    return url_for("objects.list_objects", **values)


@bp.get("/<area_name>/<kind_name>/export.xlsx")
def export_objects(area_name: str, kind_name: str) -> Response:
    """The whole list, as searched and filtered, in an .xlsx workbook."""
    spec = _kind(area_name, kind_name)
    require_some(spec.view_permission)
    columns = spec.columns
    with current_school().read(current_actor()) as uow:
        rows = [[cell(getattr(item, c.name, None)) for c in columns] for item in _every(uow, spec)]
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        headings = [render(c.label) for c in columns]
        write_xlsx(path, [SheetData(render(spec.plural)[:31], headings, rows)])
        with open(path, "rb") as written:
            data = BytesIO(written.read())
    finally:
        os.unlink(path)
    return send_file(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"{render(spec.plural)}.xlsx",
    )


def _every(uow: UnitOfWork, kind: ObjectKind) -> Iterator[Any]:
    after: str | None = None
    while True:
        page = _fetch(uow, kind, after, MAX_PAGE_SIZE)
        yield from page.items
        if page.next_cursor is None:
            return
        after = page.next_cursor


@bp.get("/<area_name>/<kind_name>/<int:object_id>")
def show_object(area_name: str, kind_name: str, object_id: int) -> str:
    """One object, and its history for those who may read the audit log."""
    spec = _kind(area_name, kind_name)
    actor = current_actor()
    with current_school().read(actor) as uow:
        record = spec.get(uow, object_id)
        history = (
            latest_events(uow, object_type=spec.audit_type, object_id=str(object_id), limit=20)
            if spec.audit_type and actor.can(AUDIT_VIEW)
            else None
        )
    manage = may(spec.manage_permission)
    return render_template(
        "objects/detail.html",
        kind=spec,
        record=record,
        history=history,
        can_edit=spec.update is not None and manage,
        can_delete=spec.delete is not None and manage,
        actions=[
            a for a in spec.actions if a.on_object and may(a.permission) and a.offered_for(record)
        ],
        documents=[
            d for d in spec.documents if d.on_object and may(d.permission) and d.offered_for(record)
        ],
        related=related_links(current_school().kinds, spec, record, may),
    )


@bp.route("/<area_name>/<kind_name>/new", methods=["GET", "POST"])
def create_object(area_name: str, kind_name: str) -> Any:
    """The form for a new object; sent back with every refused field marked."""
    spec = _kind(area_name, kind_name)
    create = spec.create
    if create is None:
        abort(404)  # a read-only kind: its objects come from elsewhere
    require_some(spec.manage_permission)
    if request.method != "POST":
        return _form_page(spec, build_form(spec.command))
    school = current_school()
    try:
        cmd = read_command(school, spec.command, request.form)
        with school.write(current_actor()) as uow, labelled(spec.command):
            record = create(uow, cmd)
    except (InvalidInput, Conflict) as exc:
        return _form_page(spec, build_form(spec.command, request.form, exc), status=400)
    notify(N_("Saved: {title}", title=spec.title(record)), "success")
    return redirect(
        url_for(
            "objects.show_object", area_name=spec.area, kind_name=spec.name, object_id=record.id
        )
    )


@bp.route("/<area_name>/<kind_name>/<int:object_id>/edit", methods=["GET", "POST"])
def edit_object(area_name: str, kind_name: str, object_id: int) -> Any:
    """The form to change an object, filled with what it holds now."""
    spec = _kind(area_name, kind_name)
    update = spec.update
    if update is None:
        abort(404)
    require_some(spec.manage_permission)
    school = current_school()
    with school.read(current_actor()) as uow:
        record = spec.get(uow, object_id)
    if request.method != "POST":
        values = input_values(spec.command, record)
        return _form_page(spec, build_form(spec.command, values), record)
    try:
        cmd = read_command(school, spec.command, request.form)
        with school.write(current_actor()) as uow, labelled(spec.command):
            record = update(uow, object_id, cmd)
    except (InvalidInput, Conflict) as exc:
        return _form_page(spec, build_form(spec.command, request.form, exc), record, status=400)
    notify(N_("Saved: {title}", title=spec.title(record)), "success")
    return redirect(
        url_for(
            "objects.show_object", area_name=spec.area, kind_name=spec.name, object_id=object_id
        )
    )


def _form_page(kind: ObjectKind, form: Any, record: Any = None, status: int = 200) -> Any:
    return render_template("objects/form.html", kind=kind, form=form, record=record), status


@bp.route("/<area_name>/<kind_name>/<int:object_id>/delete", methods=["GET", "POST"])
def delete_object(area_name: str, kind_name: str, object_id: int) -> Any:
    """Ask first; remove on the confirming POST, or say what still uses the object."""
    spec = _kind(area_name, kind_name)
    delete = spec.delete
    if delete is None:
        abort(404)
    require_some(spec.manage_permission)
    school = current_school()
    with school.read(current_actor()) as uow:
        record = spec.get(uow, object_id)
    if request.method != "POST":
        return render_template("objects/delete.html", kind=spec, record=record)
    try:
        with school.write(current_actor()) as uow:
            delete(uow, object_id)
    except (Conflict, InvalidInput) as exc:
        message = exc.message if not isinstance(exc, InvalidInput) else str(exc)
        notify(message, "error")
        return redirect(
            url_for(
                "objects.show_object", area_name=spec.area, kind_name=spec.name, object_id=object_id
            )
        )
    notify(N_("Removed: {title}", title=spec.title(record)), "success")
    return redirect(url_for("objects.list_objects", area_name=spec.area, kind_name=spec.name))
