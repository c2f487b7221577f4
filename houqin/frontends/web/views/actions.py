"""Pages for what kinds declare besides their forms: a page per action and per document.

An action's form is drawn from its command, starts from its ``prefill`` and
runs the action in one transaction; refused fields come back marked, as on
the create form. A document with parameters first asks for them (a GET form,
so the printed page's address can be kept); the page is the core's
standalone A4 HTML, and ``?format=xlsx`` gives the same document as a
workbook. The core checks the permission of every action; the pages only
refuse someone who holds it nowhere.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from io import BytesIO
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from houqin.core.commands import labelled
from houqin.core.errors import Conflict, InvalidInput
from houqin.core.i18n import N_
from houqin.core.kinds import KindAction, KindDocument, ObjectKind
from houqin.core.printing import PrintDoc, render_html, sheet_of
from houqin.core.spreadsheet import write_xlsx
from houqin.frontends.web.context import current_actor, current_school, notify, require_some
from houqin.frontends.web.forms import build_form, read_command
from houqin.frontends.web.views.objects import _kind

bp = Blueprint("actions", __name__)

PRINT_POLICY = "; ".join(
    [
        "default-src 'none'",
        # The printed page is the core's standalone document: its own inline styles, no script.
        "style-src 'unsafe-inline'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _action(kind: ObjectKind, name: str, *, on_object: bool) -> KindAction:
    require_some(kind.view_permission)  # a stranger to the kind learns nothing of its actions
    found = kind.action(name)
    if found is None or found.on_object != on_object:
        abort(404)
    require_some(found.permission)
    return found


def _document(kind: ObjectKind, name: str, *, on_object: bool) -> KindDocument:
    require_some(kind.view_permission)
    found = kind.document(name)
    if found is None or found.on_object != on_object:
        abort(404)
    require_some(found.permission)
    return found


def _object_url(kind: ObjectKind, object_id: int) -> str:
    return url_for(
        "objects.show_object", area_name=kind.area, kind_name=kind.name, object_id=object_id
    )


def _list_url(kind: ObjectKind) -> str:
    return url_for("objects.list_objects", area_name=kind.area, kind_name=kind.name)


@bp.route("/<area_name>/<kind_name>/<int:object_id>/do/<action_name>", methods=["GET", "POST"])
def run_object_action(area_name: str, kind_name: str, object_id: int, action_name: str) -> Any:
    """The form of an action on one object (lend, approve, scrap…)."""
    kind = _kind(area_name, kind_name)
    action = _action(kind, action_name, on_object=True)
    school = current_school()
    with school.read(current_actor()) as uow:
        record = kind.get(uow, object_id)
        values = action.prefill(uow, record) if action.prefill is not None else {}
    if not action.offered_for(record):
        notify(
            N_(
                "{action} does not apply to {title} now.",
                action=action.label,
                title=kind.title(record),
            ),
            "error",
        )
        return redirect(_object_url(kind, object_id))
    return _action_page(kind, action, values, record)


@bp.route("/<area_name>/<kind_name>/do/<action_name>", methods=["GET", "POST"])
def run_kind_action(area_name: str, kind_name: str, action_name: str) -> Any:
    """The form of an action on the kind as a whole (stock in, a transfer…)."""
    kind = _kind(area_name, kind_name)
    action = _action(kind, action_name, on_object=False)
    return _action_page(kind, action, {}, None)


def _action_page(kind: ObjectKind, action: KindAction, values: dict[str, Any], record: Any) -> Any:
    cancel = _object_url(kind, record.id) if record is not None else _list_url(kind)
    if request.method != "POST":
        form = build_form(action.command, values)
        return _form(kind, action, form, record, cancel)
    school = current_school()
    try:
        cmd = read_command(school, action.command, request.form)
        with school.write(current_actor()) as uow, labelled(action.command):
            args = (record.id, cmd) if record is not None else (cmd,)
            result = action.run(uow, *args)
    except (InvalidInput, Conflict) as exc:
        form = build_form(action.command, request.form, exc)
        return _form(kind, action, form, record, cancel, status=400)
    return _after(kind, action, record, result)


def _form(
    kind: ObjectKind,
    action: KindAction,
    form: Any,
    record: Any,
    cancel: str,
    status: int = 200,
) -> Any:
    page = render_template(
        "objects/action.html",
        kind=kind,
        action=action,
        form=form,
        record=record,
        target=request.path,
        cancel=cancel,
    )
    return page, status


def _after(kind: ObjectKind, action: KindAction, record: Any, result: Any) -> Response:
    """Say it is done, then show what the action made (a movement) or the object itself."""
    made = result[0] if isinstance(result, tuple | list) and result else result
    target = kind if action.result_kind is None else current_school().kinds.get(action.result_kind)
    if target is not None and made is not None and hasattr(made, "id"):
        notify(N_("Done: {action}, {title}", action=action.label, title=target.title(made)))
        return redirect(_object_url(target, made.id))
    notify(N_("Done: {action}", action=action.label))
    return redirect(_object_url(kind, record.id) if record is not None else _list_url(kind))


@bp.get("/<area_name>/<kind_name>/<int:object_id>/print/<doc_name>")
def print_object_document(area_name: str, kind_name: str, object_id: int, doc_name: str) -> Any:
    """A document of one object, to print (``?format=xlsx``: as a workbook)."""
    kind = _kind(area_name, kind_name)
    document = _document(kind, doc_name, on_object=True)
    with current_school().read(current_actor()) as uow:
        record = kind.get(uow, object_id)
    if not document.offered_for(record):
        abort(404)
    return _document_page(kind, document, record)


@bp.get("/<area_name>/<kind_name>/print/<doc_name>")
def print_kind_document(area_name: str, kind_name: str, doc_name: str) -> Any:
    """A document of the kind (a monthly report), after asking for its parameters."""
    kind = _kind(area_name, kind_name)
    document = _document(kind, doc_name, on_object=False)
    return _document_page(kind, document, None)


def _document_page(kind: ObjectKind, document: KindDocument, record: Any) -> Any:
    school = current_school()
    command = None
    if document.command is not None:
        if not request.args.get("show"):
            return _parameters(kind, document, record, build_form(document.command, request.args))
        try:
            command = read_command(school, document.command, request.args)
        except InvalidInput as exc:
            form = build_form(document.command, request.args, exc)
            return _parameters(kind, document, record, form, status=400)
    try:
        named = labelled(document.command) if document.command else contextlib.nullcontext()
        with school.read(current_actor()) as uow, named:
            if record is not None:
                doc = document.build(uow, record.id, command)
            else:
                doc = document.build(uow, command)
    except InvalidInput as exc:
        if document.command is None:
            raise
        form = build_form(document.command, request.args, exc)
        return _parameters(kind, document, record, form, status=400)
    if request.args.get("format") == "xlsx":
        return _workbook(doc)
    response = Response(render_html(doc), mimetype="text/html")
    response.headers["Content-Security-Policy"] = PRINT_POLICY
    return response


def _parameters(
    kind: ObjectKind, document: KindDocument, record: Any, form: Any, status: int = 200
) -> Any:
    cancel = _object_url(kind, record.id) if record is not None else _list_url(kind)
    page = render_template(
        "objects/document.html",
        kind=kind,
        document=document,
        form=form,
        record=record,
        target=request.path,
        cancel=cancel,
    )
    return page, status


def _workbook(doc: PrintDoc) -> Response:
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(path, sheet_of(doc))
        with open(path, "rb") as written:
            data = BytesIO(written.read())
    finally:
        os.unlink(path)
    return send_file(data, mimetype=XLSX, as_attachment=True, download_name=f"{doc.file_name}.xlsx")
