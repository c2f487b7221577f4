"""One form for every command class: its inputs drawn from ``describe_command``.

The same class that structures a web form, a CLI call and a spreadsheet row
decides which inputs appear here, in what order, which are required, what
they are called and which choices they offer. The form hands back the raw
text; the core structures and checks it, and the errors it raises are shown
under the fields they belong to.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from houqin.core.commands import InputSpec, describe_command
from houqin.core.errors import InvalidInput
from houqin.core.i18n import _, render

LABEL_WIDTH_LIMIT = 24
_PLACEHOLDERS = {"date": "YYYY-MM-DD"}


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


class CommandForm(VerticalScroll, can_focus=False):
    """Inputs for the fields of ``command``, filled from ``values`` (an edit) or the defaults."""

    DEFAULT_CSS = """
    CommandForm {
        height: auto;
        max-height: 100%;
        padding: 0 1;
        & > #form-failure {
            color: $text-error;
            background: $error-muted;
            padding: 0 1;
            margin-bottom: 1;
            display: none;
        }
        .form-field {
            height: auto;
        }
        .form-row {
            height: 1;
        }
        .form-label {
            padding-right: 1;
            color: $text-muted;
            &.-required {
                color: $foreground;
            }
        }
        .form-note {
            color: $text-muted;
            padding-left: 2;
            &.-error {
                color: $text-error;
                text-style: bold;
            }
            &.-empty {
                display: none;
            }
        }
        Input, Select {
            margin: 0;
        }
        Input:focus {
            background: $primary-muted;
        }
        Checkbox {
            margin: 0;
            padding: 0;
            border: none;
            background: transparent;
        }
    }
    """

    def __init__(
        self,
        command: type[Any],
        values: Mapping[str, Any] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.command = command
        self.specs: list[InputSpec] = describe_command(command)
        self.initial: dict[str, Any] = dict(values or {})
        self.errors_shown: dict[str, str] = {}
        """The messages under the fields, by field name (what a test or a screen reader reads)."""
        self.failure_shown = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="form-failure")
        labels = [render(spec.label) + (" *" if spec.required else "") for spec in self.specs]
        width = min(LABEL_WIDTH_LIMIT, max((cell_len(label) for label in labels), default=0) + 1)
        for spec, label in zip(self.specs, labels, strict=True):
            with Vertical(classes="form-field"):
                with Horizontal(classes="form-row"):
                    shown = Label(
                        label,
                        classes="form-label -required" if spec.required else "form-label",
                        id=f"label-{spec.name}",
                    )
                    shown.styles.width = width
                    yield shown
                    yield self._input_for(spec)
                help_text = render(spec.help)
                yield Static(
                    help_text,
                    id=f"note-{spec.name}",
                    classes="form-note" + ("" if help_text else " -empty"),
                )

    def _input_for(self, spec: InputSpec) -> Widget:
        value = self.initial.get(spec.name, spec.default)
        widget_id = f"field-{spec.name}"
        if spec.kind == "bool":
            return Checkbox("", value=bool(value), id=widget_id, compact=True)
        if spec.kind == "choice":
            options = [(render(label), key) for key, label in spec.choices]
            current = _as_text(value)
            return Select(
                options,
                value=current if current in {k for k, _label in spec.choices} else Select.NULL,
                allow_blank=not spec.required,
                prompt=_("(choose)"),
                id=widget_id,
                compact=True,
            )
        return Input(
            _as_text(value),
            placeholder=_PLACEHOLDERS.get(spec.kind, ""),
            password=spec.widget == "password",
            id=widget_id,
            compact=True,
        )

    def on_mount(self) -> None:
        if self.specs:
            self.field_widget(self.specs[0].name).focus()

    def field_widget(self, name: str) -> Widget:
        return self.query_one(f"#field-{name}")

    def raw_values(self) -> dict[str, Any]:
        """What the user entered, as text (or yes/no, or a choice's value), by field name."""
        values: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.field_widget(spec.name)
            if isinstance(widget, Checkbox):
                values[spec.name] = widget.value
            elif isinstance(widget, Select):
                values[spec.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
        return values

    def clear_errors(self) -> None:
        """Back to the help texts, as before the first save."""
        failure = self.query_one("#form-failure", Static)
        failure.update("")
        failure.display = False
        self.errors_shown = {}
        self.failure_shown = ""
        for spec in self.specs:
            note = self.query_one(f"#note-{spec.name}", Static)
            help_text = render(spec.help)
            note.update(help_text)
            note.set_class(False, "-error")
            note.set_class(not help_text, "-empty")
            self.field_widget(spec.name).set_class(False, "-invalid")

    def show_errors(self, error: InvalidInput) -> None:
        """Put each message under its field; those of no field of this form go on top."""
        self.clear_errors()
        names = {spec.name for spec in self.specs}
        elsewhere = []
        first: Widget | None = None
        for field_error in error.errors:
            if field_error.field not in names:
                elsewhere.append(field_error.describe())
                continue
            note = self.query_one(f"#note-{field_error.field}", Static)
            message = render(field_error.message)
            self.errors_shown[field_error.field] = message
            note.update(message)
            note.set_class(True, "-error")
            note.set_class(False, "-empty")
            widget = self.field_widget(field_error.field)
            widget.set_class(True, "-invalid")
            first = first or widget
        if elsewhere:
            self.show_failure("\n".join(elsewhere))
        if first is not None:
            first.focus()
            self.scroll_to_widget(first)

    def show_failure(self, text: str) -> None:
        """A message about the whole form (a conflict, a lost database), above the fields."""
        failure = self.query_one("#form-failure", Static)
        failure.update(text)
        failure.display = True
        self.failure_shown = text
        self.scroll_home(animate=False)
