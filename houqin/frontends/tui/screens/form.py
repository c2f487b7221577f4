"""A form in a dialog: any command class, saved in one transaction or not at all."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from houqin.core.commands import labelled, structure_command
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, _
from houqin.core.uow import UnitOfWork
from houqin.frontends.tui.failures import failure_text
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.session import Session
from houqin.frontends.tui.widgets.command_form import CommandForm
from houqin.frontends.tui.widgets.footer import HouqinFooter

Submit = Callable[[UnitOfWork, Any], Any]
Refusal = Callable[[Any], InvalidInput | None]


class FormScreen(ModalScreen[Any]):
    """Asks for the fields of ``command`` and saves them with ``submit(uow, command)``.

    Dismissed with what ``submit`` returned, or None when cancelled. A refused
    value keeps the dialog open with the core's message under its field; a
    failed save (a conflict, a lost database) is shown above the fields.
    Either way nothing was written.

    Some services answer a refusal rather than raise it, so that their record
    of the attempt is committed (a wrong current password counts towards the
    pause): ``refused(result)`` turns such an answer into the errors to show.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        key("ctrl+s", "save", N_("Save")),
        key("escape", "cancel", N_("Cancel")),
    ]

    def __init__(
        self,
        title: str,
        command: type[Any],
        submit: Submit,
        session: Session,
        values: Mapping[str, Any] | None = None,
        refused: Refusal | None = None,
        intro: str = "",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.refused = refused
        self.intro = intro
        self.form_title = title
        self.command = command
        self.submit = submit
        self.session = session
        self.values = values
        self.saved: Any = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.form_title, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="dialog-text muted", markup=False)
            yield CommandForm(self.command, self.values)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save"), variant="primary", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
        yield HouqinFooter()

    @property
    def form(self) -> CommandForm:
        return self.query_one(CommandForm)

    def action_save(self) -> None:
        form = self.form
        form.clear_errors()
        try:
            command = structure_command(
                self.session.school.converter, self.command, form.raw_values()
            )
            with self.session.write() as uow, labelled(self.command):
                result = self.submit(uow, command)
        except InvalidInput as exc:
            form.show_errors(exc)
            self.app.bell()
            return
        except Exception as exc:  # shown in the dialog; the transaction was rolled back
            form.show_failure(failure_text(exc))
            self.app.bell()
            return
        refusal = self.refused(result) if self.refused is not None else None
        if refusal is not None:
            form.show_errors(refusal)
            self.app.bell()
            return
        self.saved = result
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter moves to the next input; on the last one it saves."""
        event.stop()
        inputs = list(self.form.query(Input))
        if inputs and event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()
