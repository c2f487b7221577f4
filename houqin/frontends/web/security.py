"""Refusals, error pages and the headers every answer carries.

The core decides who may do what; here its refusals become pages: 403 for a
missing permission, 404 for a missing object, a "please reload" page for an
expired form, and a plain 500 page that never shows a stack trace. Every
refusal goes to the ``houqin.security`` logger with who asked and for what;
failed logins are in the audit log too, written by the core.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from houqin.core.errors import (
    Conflict,
    HouqinError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    PluginError,
)
from houqin.core.i18n import N_, Text

security_log = logging.getLogger("houqin.security")
log = logging.getLogger(__name__)

# Scripts and styles come from our own static folder only; no inline code at all.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _who() -> str:
    actor = g.get("houqin_actor")
    return actor.name if actor is not None else f"anonymous@{request.remote_addr}"


def log_refusal(kind: str, detail: object = "") -> None:
    """Write one refusal to the security log: what, who, which page, why."""
    security_log.warning(
        "%s: %s %s %s %s", kind, _who(), request.method, request.path, detail or ""
    )


def _page(status: int, title: Text, message: Text, *, reload: bool = False) -> tuple[str, int]:
    return (
        render_template("error.html", status=status, title=title, message=message, reload=reload),
        status,
    )


def install(app: Flask) -> None:
    """Register the error pages and the response headers on ``app``."""

    @app.errorhandler(PermissionDenied)
    def permission_denied(exc: PermissionDenied) -> tuple[str, int]:
        log_refusal("forbidden", exc)
        return _page(403, N_("Not allowed"), exc.message)

    @app.errorhandler(NotFound)
    def not_found(exc: NotFound) -> tuple[str, int]:
        return _page(404, N_("Not found"), exc.message)

    @app.errorhandler(Conflict)
    def conflict(exc: Conflict) -> tuple[str, int]:
        return _page(409, N_("Not done"), exc.message)

    @app.errorhandler(InvalidInput)
    def invalid(exc: InvalidInput) -> tuple[str, int]:
        return _page(400, N_("Not done"), "; ".join(e.describe() for e in exc.errors))

    @app.errorhandler(HouqinError)
    def refused(exc: HouqinError) -> tuple[str, int]:
        return _page(400, N_("Not done"), exc.message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> tuple[str, int]:
        log_refusal("csrf", exc.description)
        return _page(
            400,
            N_("This form has expired"),
            N_(
                "The page was open too long or was sent from elsewhere, so nothing was saved. "
                "Please reload the page and send it again."
            ),
            reload=True,
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        if exc.code is None or exc.code < 400:
            return exc
        if exc.code == 403:
            log_refusal("forbidden", exc.description)
        titles = {
            403: N_("Not allowed"),
            404: N_("Not found"),
            405: N_("Not allowed here"),
            413: N_("The file is too large"),
        }
        messages = {
            404: N_("There is no such page. It may have been removed or switched off."),
            413: N_("The file is larger than this site accepts."),
        }
        title = titles.get(exc.code, N_("The request was refused"))
        return _page(exc.code, title, messages.get(exc.code, title))

    @app.errorhandler(PluginError)
    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> tuple[str, int]:
        # The details go to the server's log only: a user never sees a stack trace.
        log.exception("error while serving %s %s", request.method, request.path)
        return (
            render_template(
                "error.html",
                status=500,
                title=N_("Something went wrong"),
                message=N_(
                    "The page could not be shown and nothing was changed. "
                    "If it happens again, tell the administrator the time it happened."
                ),
                reload=False,
            ),
            500,
        )

    @app.after_request
    def headers(response: Response) -> Response:
        # A printed document (views.actions) sets a stricter policy of its own: no
        # script, no request anywhere, only the inline styles of its standalone page.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if g.get("houqin_actor") is not None:
            # Pages of a logged-in user are never kept by a shared computer's cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response
