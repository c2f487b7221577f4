"""The organisation in one workbook: import with a preview of every error, export.

An uploaded workbook is first imported in a dry run: every rule runs, every
bad value of every sheet is listed with its sheet, row and column, and the
transaction is rolled back. Only when the preview is clean can the same file
be imported for real, by the same user, from the same session.
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
from houqin.core.org.importer import ImportReport, export_org, import_org
from houqin.core.org.plugin import MANAGE, VIEW
from houqin.frontends.web.context import current_actor, current_school, notify, require_some

bp = Blueprint("org", __name__, url_prefix="/org")

SESSION_KEY = "org_import"
KEEP_UPLOADS_SECONDS = 3600
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


def _stored(token: str) -> Path | None:
    if not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", token):
        return None
    folder = upload_dir() / token
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return files[0] if files else None


def _forget(token: str) -> None:
    shutil.rmtree(upload_dir() / token, ignore_errors=True)
    if session.get(SESSION_KEY) == token:
        session.pop(SESSION_KEY)


def _run(path: Path, *, dry_run: bool) -> tuple[ImportReport | None, list[FieldError]]:
    try:
        with current_school().write(current_actor(), dry_run=dry_run) as uow:
            return import_org(uow, path), []
    except InvalidInput as exc:
        return None, exc.errors


@bp.route("/import", methods=["GET", "POST"])
def import_workbook() -> Any:
    """Upload a workbook and see what it would do, every error included, before anything is kept."""
    require_some(MANAGE)
    if request.method != "POST":
        return render_template("org/import.html", report=None, errors=[], token=None)
    upload = request.files.get("workbook")
    if upload is None or not upload.filename:
        errors = [FieldError("workbook", N_("choose a file to import"), label=N_("File"))]
        return render_template("org/import.html", report=None, errors=errors, token=None), 400
    folder = upload_dir()
    _clean_old_uploads(folder)
    old = session.get(SESSION_KEY)
    if isinstance(old, str):
        _forget(old)
    token = secrets.token_urlsafe(24)
    target = folder / token
    target.mkdir(mode=0o700)
    path = target / _file_name(upload.filename)
    upload.save(path)
    report, errors = _run(path, dry_run=True)
    if errors:
        _forget(token)
        return render_template("org/import.html", report=None, errors=errors, token=None), 400
    session[SESSION_KEY] = token
    return render_template("org/import.html", report=report, errors=[], token=token, name=path.name)


@bp.post("/import/confirm")
def confirm_import() -> Any:
    """Import the previewed file for real, in one transaction."""
    require_some(MANAGE)
    token = request.form.get("token", "")
    path = _stored(token) if token and session.get(SESSION_KEY) == token else None
    if path is None:
        notify(N_("That preview has expired; please upload the file again."), "error")
        return redirect(url_for("org.import_workbook"))
    report, errors = _run(path, dry_run=False)
    _forget(token)
    if errors:
        return render_template("org/import.html", report=None, errors=errors, token=None), 400
    assert report is not None
    notify(
        N_(
            "Imported {name}: {created} created, {updated} changed.",
            name=path.name,
            created=report.created,
            updated=report.updated,
        ),
        "success",
    )
    return redirect(url_for("org.import_workbook"))


@bp.get("/export.xlsx")
def export_workbook() -> Response:
    """The whole organisation the user may see, in the workbook the import reads."""
    require_some(VIEW)
    handle, name = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        with current_school().read(current_actor()) as uow:
            export_org(uow, name)
        data = BytesIO(Path(name).read_bytes())
    finally:
        os.unlink(name)
    return send_file(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name="组织机构.xlsx",
    )
