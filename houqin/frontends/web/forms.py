"""Forms drawn from command classes: one mechanism for every form of the site.

:func:`build_form` turns a command class (what :func:`describe_command` says of
it), the values to show and the refusal from the core into a :class:`Form`
that ``macros/forms.html`` draws; :func:`read_command` turns what the browser
sent back into the command through the core's :func:`structure_command`, so
the web shows exactly the per-field messages the CLI and the TUI show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

import attrs
from werkzeug.datastructures import MultiDict

from houqin.core.commands import describe_command, structure_command
from houqin.core.errors import FieldError, HouqinError, InvalidInput
from houqin.core.i18n import Text
from houqin.core.school import School

C = TypeVar("C")

Choices = Sequence[tuple[str, Text]]


@attrs.frozen
class FormField:
    """One input as the template draws it."""

    name: str
    label: Text
    help: Text
    kind: str
    required: bool
    widget: str | None
    value: str
    choices: tuple[tuple[str, Text], ...] = ()
    error: Text | None = None

    @property
    def input_type(self) -> str:
        """The HTML input to draw: password, date, checkbox, select or text."""
        if self.widget == "password":
            return "password"
        if self.kind == "bool":
            return "checkbox"
        if self.choices:
            return "select"
        if self.kind == "date":
            return "date"
        return "text"

    @property
    def input_mode(self) -> str | None:
        """The phone keyboard to offer: digits for whole numbers, a decimal point for amounts."""
        return {"int": "numeric", "decimal": "decimal"}.get(self.kind)

    @property
    def checked(self) -> bool:
        return self.value == "true"


@attrs.frozen
class Form:
    """A form drawn from a command: its fields, and the messages that belong to none of them."""

    fields: tuple[FormField, ...]
    errors: tuple[str, ...] = ()


def as_text(value: Any) -> str:
    """A value as a form shows it: ISO dates, enum values, true/false, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def build_form(
    cls: type[Any],
    values: Mapping[str, Any] | None = None,
    refusal: HouqinError | None = None,
    *,
    choices: Mapping[str, Choices] | None = None,
) -> Form:
    """The form for ``cls`` showing ``values`` (or the defaults) and the core's ``refusal``.

    ``choices`` offers a list for a text field whose values come from the
    school (roles, languages). Passwords are never sent back to the browser.
    """
    values = values or {}
    choices = choices or {}
    field_errors: dict[str, Text] = {}
    loose: list[str] = []
    specs = describe_command(cls)
    names = {spec.name for spec in specs}
    if isinstance(refusal, InvalidInput):
        for error in refusal.errors:
            if error.field in names and error.field not in field_errors:
                field_errors[error.field] = error.message
            elif error.field not in names:
                loose.append(error.describe())
    elif refusal is not None:
        loose.append(str(refusal))
    fields = []
    for spec in specs:
        shown = values.get(spec.name, spec.default)
        offered = tuple(choices.get(spec.name, spec.choices))
        if offered and (not spec.required or shown in (None, "")):
            # Nothing is chosen for the user: a required list starts blank, so a slip
            # cannot make someone an administrator.
            offered = (("", ""), *offered)
        fields.append(
            FormField(
                name=spec.name,
                label=spec.label,
                help=spec.help,
                kind=spec.kind,
                required=spec.required,
                widget=spec.widget,
                value="" if spec.widget == "password" else as_text(shown),
                choices=offered,
                error=field_errors.get(spec.name),
            )
        )
    return Form(tuple(fields), tuple(loose))


def submitted_values(cls: type[Any], form: MultiDict[str, str]) -> dict[str, str]:
    """The text the browser sent for each field of ``cls``; an unticked box says "false"."""
    values: dict[str, str] = {}
    for spec in describe_command(cls):
        if spec.kind == "bool":
            values[spec.name] = "true" if form.get(spec.name) else "false"
        else:
            values[spec.name] = form.get(spec.name, "")
    return values


def read_command(school: School, cls: type[C], form: MultiDict[str, str]) -> C:
    """The command the form describes, or :class:`InvalidInput` naming every bad field."""
    return structure_command(school.converter, cls, submitted_values(cls, form))


def field_error(name: str, message: Text) -> InvalidInput:
    """A refusal of one field, for checks the web makes before calling a service."""
    return InvalidInput([FieldError(name, message)])
