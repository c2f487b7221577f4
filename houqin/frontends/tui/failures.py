"""Turning a failed service call into a message the user can act on, never a traceback.

Every write runs in one transaction, so when any of these is raised nothing
was changed; the messages say so.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from textual.app import App

from houqin.core.errors import HouqinError, InvalidInput, PermissionDenied
from houqin.core.i18n import _

log = logging.getLogger(__name__)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def failure_title(exc: BaseException) -> str:
    """A short heading for the message about ``exc``."""
    if isinstance(exc, InvalidInput):
        return _("Please check the form")
    if isinstance(exc, PermissionDenied):
        return _("Not allowed")
    if isinstance(exc, HouqinError):
        return _("Refused")
    if isinstance(exc, sa.exc.SQLAlchemyError):
        return _("Database error")
    return _("Unexpected error")


def failure_text(exc: BaseException) -> str:
    """What went wrong, in the user's language, saying that nothing was changed.

    Refusals by the core carry their own message; a database that cannot be
    reached, or any other failure, is described in a line, and logged when it
    is a bug.
    """
    if isinstance(exc, HouqinError):
        return str(exc)
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError) or (
        isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated
    ):
        return _(
            "The database cannot be reached, nothing was changed: {reason}. "
            "Try again when it is back.",
            reason=_first_line(exc),
        )
    if isinstance(exc, sa.exc.SQLAlchemyError):
        return _("Database error, nothing was changed: {reason}", reason=_first_line(exc))
    log.error("unexpected failure in the terminal interface", exc_info=exc)
    return _(
        "Something went wrong and nothing was changed ({error}). "
        "The details are in the log; please tell the administrator.",
        error=f"{type(exc).__name__}: {_first_line(exc)}",
    )


class Reporting:
    """A ``with`` block whose failure becomes a message in the app instead of a crash.

    The rest of the block is skipped after a failure, so the lines after a
    service call inside it run only when the call succeeded::

        with Reporting(self.app):
            with session.write() as uow:
                kind.delete(uow, record.id)
            self.dismiss(True)

    ``failed`` tells afterwards whether the block was cut short.
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.failed: BaseException | None = None

    def __enter__(self) -> Reporting:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc is None or not isinstance(exc, Exception):
            return False
        self.failed = exc
        self.app.notify(failure_text(exc), title=failure_title(exc), severity="error", timeout=10)
        self.app.bell()
        return True
