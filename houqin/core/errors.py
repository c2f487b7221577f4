"""Errors the core raises; each frontend shows their message in the user's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from houqin.core.i18n import N_, LazyText, Text, render


class HouqinError(Exception):
    """A refusal a user can act on: the message says what is wrong and where."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return render(self.message)


class NotFound(HouqinError):
    """The object asked for does not exist."""


class PermissionDenied(HouqinError):
    """The actor lacks the permission for this object or scope."""


class Conflict(HouqinError):
    """The change would break a rule: a duplicate name, an object still in use…"""


class SchemaMismatch(HouqinError):
    """The database schema is older or newer than this version of houqin."""


class PluginError(HouqinError):
    """A plugin is unknown, misbehaves, or breaks the namespace rules."""


class ConfigurationError(HouqinError):
    """The database URL or another setting cannot be used."""


@attrs.frozen
class FieldError:
    """One invalid value: the field it belongs to and why it is refused.

    ``row`` and ``sheet`` are set when the value came from a spreadsheet, with
    ``row`` the row number a person sees in the spreadsheet program.
    """

    field: str
    message: Text
    row: int | None = None
    sheet: str | None = None
    label: Text | None = None

    def describe(self, language: str | None = None) -> str:
        where = []
        if self.sheet:
            where.append(render(N_("sheet {sheet}", sheet=self.sheet), language))
        if self.row is not None:
            where.append(render(N_("row {row}", row=self.row), language))
        name = render(self.label, language) if self.label is not None else self.field
        where.append(name)
        # TRANSLATORS: separates "sheet X", "row N" and the field's name.
        separator = render(N_(", "), language)
        return render(
            N_("{place}: {message}", place=separator.join(where), message=self.message), language
        )


class InvalidInput(HouqinError):
    """One or more values are refused; ``errors`` lists every one of them."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__(N_("{count} invalid value(s)", count=len(self.errors)))

    def __str__(self) -> str:
        return "\n".join(e.describe() for e in self.errors)

    @classmethod
    def single(cls, field: str, message: LazyText | str) -> InvalidInput:
        return cls([FieldError(field, message)])

    def with_labels(self, labels: Mapping[str, Text]) -> InvalidInput:
        """The same errors, each carrying its field's label where it had none."""
        return InvalidInput(
            [
                attrs.evolve(e, label=labels.get(e.field)) if e.label is None else e
                for e in self.errors
            ]
        )
