"""Every area's workbook: import with a preview of every error, export.

An uploaded file is first imported in a dry run: every rule runs, every bad
value of every sheet is listed with its sheet, row and column, and the
transaction is rolled back. Only when the preview is clean — or, for a
workbook that can keep the valid rows of a file, when the user chooses to
leave the bad rows out — can the same file be imported for real, by the
same user, from the same session. The organisation, the asset register and
the store all come through here, as will any plugin's
:class:`~houqin.core.workbooks.Workbook`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from houqin.core.errors import FieldError, InvalidInput
from houqin.core.i18n import N_
from houqin.core.workbooks import ImportOutcome, ImportRequest, Workbook
from houqin.frontends.web.context import current_actor, current_school, notify, require_some

bp = Blueprint("workbooks", __name__)

SESSION_KEY = "workbook_import"
KEEP_UPLOADS_SECONDS = 3600
REJECTS_NAME = "rejects.xlsx"
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]")


def upload_dir() -> Path:
    folder = Path(current_app.config["HOUQIN_UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _clean_old_uploads(folder: Path) -> None:
    cutoff = time.time() - KEEP_UPLOADS_SECONDS
    for entry in folder.iterdir():
        if entry.is_dir() and entry.stat().st_mtime < cutoff:
            shutil.rmtree(entry, ignore_errors=True)


def _file_name(original: str) -> str:
    """The uploaded file's own name, kept (a CSV's sheet is named after it) but made harmless."""
    name = _UNSAFE.sub("_", Path(original.replace("\\", "/")).name).strip(". ")
    return name[-120:] or "upload.xlsx"


def _folder(token: str) -> Path | None:
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        return None
    folder = upload_dir() / token
    return folder if folder.is_dir() else None


def _stored(token: str) -> Path | None:
    folder = _folder(token)
    files = sorted(p for p in folder.iterdir() if p.name != REJECTS_NAME) if folder else []
    return files[0] if files else None


def _forget(token: str) -> None:
    shutil.rmtree(upload_dir() / token, ignore_errors=True)
    kept = session.get(SESSION_KEY)
    if isinstance(kept, dict) and kept.get("token") == token:
        session.pop(SESSION_KEY)


def _workbook(name: str) -> Workbook:
    found = current_school().workbooks.get(name)
    if found is None:
        abort(404)
    return found


def _request(workbook: Workbook, form: Any, folder: Path) -> ImportRequest:
    chosen = frozenset(c.name for c in workbook.choices if form.get(c.name) == "yes")
    keep_valid = workbook.keeps_valid_rows and form.get("keep_valid") == "yes"
    return ImportRequest(chosen, folder / REJECTS_NAME if keep_valid else None)


def _run(
    workbook: Workbook, path: Path, wanted: ImportRequest, *, dry_run: bool
) -> tuple[ImportOutcome | None, list[FieldError]]:
    try:
        with current_school().write(current_actor(), dry_run=dry_run) as uow:
            return workbook.run_import(uow, path, wanted), []
    except InvalidInput as exc:
        return None, exc.errors


def _page(workbook: Workbook, status: int = 200, **values: Any) -> Any:
    values.setdefault("outcome", None)
    values.setdefault("errors", [])
    values.setdefault("token", None)
    values.setdefault("chosen", {})
    return render_template("workbooks/import.html", workbook=workbook, **values), status


@bp.route("/<workbook_name>/import", methods=["GET", "POST"])
def import_workbook(workbook_name: str) -> Any:
    """Upload a file and see what it would do, every error included, before anything is kept."""
    workbook = _workbook(workbook_name)
    require_some(workbook.import_permission)
    if request.method != "POST":
        return _page(workbook)
    chosen = {key: request.form.get(key, "") for key in ("keep_valid", *_choice_names(workbook))}
    upload = request.files.get("workbook")
    if upload is None or not upload.filename:
        errors = [FieldError("workbook", N_("choose a file to import"), label=N_("File"))]
        return _page(workbook, 400, errors=errors, chosen=chosen)
    folder = upload_dir()
    _clean_old_uploads(folder)
    old = session.get(SESSION_KEY)
    if isinstance(old, dict) and isinstance(old.get("token"), str):
        _forget(old["token"])
    token = secrets.token_urlsafe(24)
    target = folder / token
    target.mkdir(mode=0o700)
    path = target / _file_name(upload.filename)
    upload.save(path)
    wanted = _request(workbook, request.form, target)
    outcome, errors = _run(workbook, path, wanted, dry_run=True)
    if errors:
        _forget(token)
        return _page(workbook, 400, errors=errors, chosen=chosen)
    session[SESSION_KEY] = {"token": token, "workbook": workbook.name, "chosen": chosen}
    return _page(workbook, outcome=outcome, token=token, file_name=path.name, chosen=chosen)


def _choice_names(workbook: Workbook) -> list[str]:
    return [c.name for c in workbook.choices]


@bp.post("/<workbook_name>/import/confirm")
def confirm_import(workbook_name: str) -> Any:
    """Import the previewed file for real, with the choices of its preview, in one transaction."""
    workbook = _workbook(workbook_name)
    require_some(workbook.import_permission)
    token = request.form.get("token", "")
    kept = session.get(SESSION_KEY)
    path = None
    if (
        isinstance(kept, dict)
        and kept.get("token") == token
        and kept.get("workbook") == workbook_name
    ):
        path = _stored(token)
    if path is None or not isinstance(kept, dict):
        notify(N_("That preview has expired; please upload the file again."), "error")
        return redirect(url_for("workbooks.import_workbook", workbook_name=workbook_name))
    wanted = _request(workbook, kept.get("chosen", {}), path.parent)
    outcome, errors = _run(workbook, path, wanted, dry_run=False)
    if errors or outcome is None:
        _forget(token)
        return _page(workbook, 400, errors=errors)
    message = N_(
        "Imported {name}: {created} created, {updated} changed.",
        name=path.name,
        created=outcome.created,
        updated=outcome.updated,
    )
    if outcome.rejects is None:
        _forget(token)
        notify(message, "success")
        return redirect(url_for("workbooks.import_workbook", workbook_name=workbook_name))
    notify(message, "success")
    return _page(workbook, outcome=outcome, rejects_token=token, done=True)


@bp.get("/<workbook_name>/import/rejects/<token>")
def download_rejects(workbook_name: str, token: str) -> Response:
    """The rows an import left out, each with its reason, to correct and import again."""
    workbook = _workbook(workbook_name)
    require_some(workbook.import_permission)
    kept = session.get(SESSION_KEY)
    folder = _folder(token)
    if not (isinstance(kept, dict) and kept.get("token") == token) or folder is None:
        abort(404)
    rejects = folder / REJECTS_NAME
    if not rejects.exists():
        abort(404)
    return send_file(
        BytesIO(rejects.read_bytes()),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"rejects-{Path(workbook.file_name).stem}.xlsx",
    )


@bp.get("/<workbook_name>/export.xlsx")
def export_workbook(workbook_name: str) -> Response:
    """All the user may see, in the workbook the import reads back."""
    workbook = _workbook(workbook_name)
    require_some(workbook.export_permission)
    handle, temp = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        with current_school().read(current_actor()) as uow:
            workbook.run_export(uow, Path(temp))
        data = BytesIO(Path(temp).read_bytes())
    finally:
        os.unlink(temp)
    return send_file(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=workbook.file_name,
    )
