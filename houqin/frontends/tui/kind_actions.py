"""Create, change and remove an object of any kind: the forms and questions they need.

The list screen, the detail screen and the command palette all call these,
so the three ways of doing a thing behave the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from houqin.core.commands import input_values
from houqin.core.i18n import _, render
from houqin.core.kinds import ObjectKind
from houqin.frontends.tui.failures import Reporting
from houqin.frontends.tui.screens.confirm import ConfirmScreen
from houqin.frontends.tui.screens.form import FormScreen

if TYPE_CHECKING:
    from houqin.frontends.tui.app import HouqinApp

Done = Callable[[Any], None]


def open_create_form(app: HouqinApp, kind: ObjectKind, on_done: Done | None = None) -> None:
    """Ask for a new object of ``kind``; ``on_done`` receives it once saved."""
    session = app.session
    if session is None:
        return

    def saved(record: Any) -> None:
        if record is None:
            return
        app.notify(_("Saved: {title}", title=kind.title(record)), title=render(kind.plural))
        if on_done is not None:
            on_done(record)

    app.push_screen(
        FormScreen(_("New {what}", what=render(kind.label)), kind.command, kind.create, session),
        saved,
    )


def open_edit_form(
    app: HouqinApp, kind: ObjectKind, object_id: int, on_done: Done | None = None
) -> None:
    """Change the object ``object_id``, starting from its current values."""
    session = app.session
    if session is None:
        return
    with Reporting(app):
        with session.read() as uow:
            record = kind.get(uow, object_id)

        def submit(uow: Any, command: Any) -> Any:
            return kind.update(uow, object_id, command)

        def saved(changed: Any) -> None:
            if changed is None:
                return
            app.notify(_("Saved: {title}", title=kind.title(changed)), title=render(kind.plural))
            if on_done is not None:
                on_done(changed)

        app.push_screen(
            FormScreen(
                _("Change {title}", title=kind.title(record)),
                kind.command,
                submit,
                session,
                input_values(kind.command, record),
            ),
            saved,
        )


def confirm_delete(
    app: HouqinApp, kind: ObjectKind, record: Any, on_done: Done | None = None
) -> None:
    """Ask before removing ``record``; remove it in one transaction when confirmed."""
    session = app.session
    if session is None:
        return
    title = kind.title(record)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        with Reporting(app):
            with session.write() as uow:
                kind.delete(uow, record.id)
            app.notify(_("Removed: {title}", title=title), title=render(kind.plural))
            if on_done is not None:
                on_done(record)

    app.push_screen(
        ConfirmScreen(
            _("Remove this {what}?", what=render(kind.label)),
            _("{title} will be removed. This cannot be undone.", title=title),
            yes=_("Remove"),
        ),
        answered,
    )
