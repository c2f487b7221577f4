"""Commands: attrs classes that describe one change, with labels and checks per field.

A command is the single description of a form, a CLI call and a spreadsheet
row. :func:`field` attaches the label, help text and checks;
:func:`structure_command` turns raw input (text from a form or a cell) into a
command and reports every invalid field at once; :func:`describe_command`
tells a frontend which inputs to draw.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, cast

import attrs
import cattrs

from houqin.core.choices import label_of
from houqin.core.convert import ValueRefused
from houqin.core.errors import FieldError, InvalidInput
from houqin.core.i18n import N_, LazyText, Text

C = TypeVar("C")

Check = Callable[[Any], LazyText | None]
METADATA_KEY = "houqin"


@attrs.frozen
class FieldInfo:
    """What a frontend shows for one field of a command."""

    label: Text
    help: Text = ""
    checks: tuple[Check, ...] = ()
    widget: str | None = None


def field(
    *,
    label: Text,
    help: Text = "",
    default: Any = attrs.NOTHING,
    checks: Sequence[Check] = (),
    widget: str | None = None,
) -> Any:
    """Declare a command field with its label, help text and checks.

    Checks are functions that return a message when a value is refused and
    ``None`` when it is fine; they are skipped for ``None``.
    """
    info = FieldInfo(label, help, tuple(checks), widget)
    return attrs.field(
        default=default,
        metadata={METADATA_KEY: info},
        validator=_validator(info.checks) if checks else None,
    )


def _validator(checks: tuple[Check, ...]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def run(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        for check in checks:
            message = check(value)
            if message is not None:
                raise ValueRefused(message)

    return run


def _run_checks(checks: Sequence[Check], value: Any) -> list[LazyText]:
    if value is None:
        return []
    return [m for check in checks if (m := check(value)) is not None]


def info_of(attribute: attrs.Attribute[Any]) -> FieldInfo:
    found = attribute.metadata.get(METADATA_KEY)
    return found if isinstance(found, FieldInfo) else FieldInfo(label=attribute.name)


# Checks ---------------------------------------------------------------------------------


def not_blank(value: Any) -> LazyText | None:
    return N_("must not be empty") if isinstance(value, str) and not value.strip() else None


def max_length(limit: int) -> Check:
    def check(value: Any) -> LazyText | None:
        if isinstance(value, str) and len(value) > limit:
            return N_("at most {limit} characters", limit=limit)
        return None

    return check


def at_least(low: int | Decimal) -> Check:
    def check(value: Any) -> LazyText | None:
        return N_("must be at least {low}", low=low) if value < low else None

    return check


def at_most(high: int | Decimal) -> Check:
    def check(value: Any) -> LazyText | None:
        return N_("must be at most {high}", high=high) if value > high else None

    return check


# Structuring ----------------------------------------------------------------------------


def _is_optional(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(tp)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@attrs.frozen
class _Field:
    """A command field as structuring needs it, worked out once per class."""

    attribute: attrs.Attribute[Any]
    info: FieldInfo
    type: Any
    optional: bool
    target: Any
    """The type a given value is structured to: ``T`` for ``T | None``."""
    exact: bool
    """Text kept exactly as typed: a password's spaces are part of it."""
    name: str
    has_default: bool


@functools.cache
def _fields_of(cls: type[Any]) -> tuple[_Field, ...]:
    """Each field of a command class with its info, type and whether it may be None.

    Worked out once per class: an import structures a command per row.
    """
    hints = typing.get_type_hints(cls)
    found = []
    for a in attrs.fields(cls):
        tp = hints[a.name]
        optional = _is_optional(tp)
        inner = [t for t in typing.get_args(tp) if t is not type(None)] if optional else []
        target = inner[0] if len(inner) == 1 else tp
        info = info_of(a)
        found.append(
            _Field(
                a,
                info,
                tp,
                optional,
                target,
                exact=info.widget == "password",
                name=a.name,
                has_default=a.default is not attrs.NOTHING,
            )
        )
    return tuple(found)


_HOOKS: dict[int, tuple[cattrs.Converter, dict[Any, Any]]] = {}
_CONVERTERS_KEPT = 8


def _kept(converter: cattrs.Converter) -> dict[Any, Any]:
    """What is remembered of ``converter``: its hooks by type, by command class.

    Converters can be neither hashed nor weakly referenced: they are told
    apart by identity, and only the last few a process used are remembered
    (one per open school; tests open thousands).
    """
    kept = _HOOKS.get(id(converter))
    if kept is None or kept[0] is not converter:
        if len(_HOOKS) >= _CONVERTERS_KEPT:
            _HOOKS.clear()
        kept = _HOOKS[id(converter)] = (converter, {})
    return kept[1]


def _hook(converter: cattrs.Converter, tp: Any) -> Callable[[Any, Any], Any]:
    """The converter's structure function for ``tp``, looked up once per converter and type."""
    hooks = _kept(converter)
    found = hooks.get(tp)
    if found is None:
        found = hooks[tp] = converter.get_structure_hook(tp)
    return cast(Callable[[Any, Any], Any], found)


def _hooks(converter: cattrs.Converter, cls: type[Any]) -> tuple[Callable[[Any, Any], Any], ...]:
    """The structure function of each field of ``cls``, in field order, looked up once."""
    kept = _kept(converter)
    key = ("fields of", cls)  # beside the hooks of single types, never one of them
    found = kept.get(key)
    if found is None:
        found = kept[key] = tuple(
            _hook(converter, spec.target) for spec in _fields_of(cast(Any, cls))
        )
    return cast(tuple[Callable[[Any, Any], Any], ...], found)


def structure_command(
    converter: cattrs.Converter,
    cls: type[C],
    data: Mapping[str, Any],
    *,
    row: int | None = None,
    sheet: str | None = None,
) -> C:
    """Build ``cls`` from raw input, or raise :class:`InvalidInput` listing every bad field.

    Blank text counts as "not given": the field's default applies, an optional
    field becomes ``None`` and a required one is reported as missing.

    Input that converts is handed to the class at once, whose validators run
    the fields' checks; only when something is refused are the fields gone
    through again, one by one, to name every bad one (an import structures a
    command per row, and most rows are good).
    """
    fields = _fields_of(cast(Any, cls))
    values: dict[str, Any] = {}
    for spec, hook in zip(fields, _hooks(converter, cls), strict=True):
        name = spec.name
        raw = data.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if spec.has_default:
                continue
            if not spec.optional:
                break
            values[name] = None
        elif spec.exact and isinstance(raw, str):
            values[name] = raw
        else:
            try:
                values[name] = hook(raw, spec.target)
            except (ValueRefused, cattrs.BaseValidationError, ValueError, TypeError):
                break
    else:
        try:
            return cls(**values)
        except ValueRefused:
            errors = _field_errors(converter, fields, data, row=row, sheet=sheet)
            if not errors:  # refused by the class as a whole, not by a field's check
                raise
            raise InvalidInput(errors) from None
    raise InvalidInput(_field_errors(converter, fields, data, row=row, sheet=sheet))


def _field_errors(
    converter: cattrs.Converter,
    fields: Sequence[_Field],
    data: Mapping[str, Any],
    *,
    row: int | None,
    sheet: str | None,
) -> list[FieldError]:
    """Every field of ``data`` that is missing, does not convert or fails a check."""
    errors: list[FieldError] = []
    for spec in fields:
        attribute, info = spec.attribute, spec.info
        raw = data.get(attribute.name)
        message: Text | None = None
        if _blank(raw):
            if attribute.default is not attrs.NOTHING or spec.optional:
                continue
            message = N_("is required")
        else:
            try:
                value = (
                    raw
                    if spec.exact and isinstance(raw, str)
                    else (_hook(converter, spec.target)(raw, spec.target))
                )
            except ValueRefused as exc:
                message = exc.message
            except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
                message = _describe_failure(exc, spec.type)
            else:
                refused = _run_checks(info.checks, value) if info.checks else None
                if not refused:
                    continue
                message = refused[0]
        errors.append(FieldError(attribute.name, message, row=row, sheet=sheet, label=info.label))
    return errors


_KIND_WORDS = {
    "bool": N_("yes or no"),
    "int": N_("a whole number"),
    "decimal": N_("a number"),
    "date": N_("a date"),
    "choice": N_("one of the choices"),
    "str": N_("text"),
}


def _describe_failure(exc: BaseException, tp: Any) -> LazyText:
    if isinstance(exc, cattrs.BaseValidationError):
        for sub in exc.exceptions:
            if isinstance(sub, ValueRefused):
                return sub.message
        return N_("{detail}", detail="; ".join(cattrs.transform_error(exc)))
    return N_("must be {kind}", kind=_KIND_WORDS[_kind(tp)])


# Describing -----------------------------------------------------------------------------


@attrs.frozen
class InputSpec:
    """One input of a form drawn from a command class."""

    name: str
    label: Text
    help: Text
    kind: str
    required: bool
    default: Any
    choices: tuple[tuple[str, Text], ...] = ()
    widget: str | None = None


def _kind(tp: Any) -> str:
    if _is_optional(tp):
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    if isinstance(tp, type):
        if issubclass(tp, bool):
            return "bool"
        if issubclass(tp, int):
            return "int"
        if issubclass(tp, Decimal):
            return "decimal"
        if issubclass(tp, date):
            return "date"
        if issubclass(tp, Enum):
            return "choice"
    return "str"


def describe_command(cls: type[Any]) -> list[InputSpec]:
    """The inputs a frontend draws for ``cls``, in declaration order."""
    return list(_described(cast(Any, cls)))


@functools.cache
def _described(cls: type[Any]) -> tuple[InputSpec, ...]:
    # Worked out once per class: a list page asks for its columns on every row.
    hints = typing.get_type_hints(cls)
    specs = []
    for attribute in attrs.fields(cls):
        tp = hints[attribute.name]
        info = info_of(attribute)
        base = tp
        if _is_optional(tp):
            base = next(a for a in typing.get_args(tp) if a is not type(None))
        choices = (
            tuple((str(m.value), label_of(m)) for m in base)
            if isinstance(base, type) and issubclass(base, Enum)
            else ()
        )
        default = None if attribute.default is attrs.NOTHING else attribute.default
        specs.append(
            InputSpec(
                name=attribute.name,
                label=info.label,
                help=info.help,
                kind=_kind(tp),
                required=attribute.default is attrs.NOTHING and not _is_optional(tp),
                default=default,
                choices=choices,
                widget=info.widget,
            )
        )
    return tuple(specs)


def input_values(cls: type[Any], record: Any) -> dict[str, Any]:
    """The current values of ``record`` for the fields of command ``cls``.

    An edit form starts from these; a CLI ``edit`` changes only the options given.
    """
    values = {}
    for attribute in attrs.fields(cls):
        if hasattr(record, attribute.name):
            value = getattr(record, attribute.name)
            values[attribute.name] = value.value if isinstance(value, Enum) else value
    return values


@contextmanager
def labelled(cls: type[Any]) -> Iterator[None]:
    """Give the field errors a service raises the labels of ``cls``'s fields."""
    try:
        yield
    except InvalidInput as exc:
        labels = {a.name: info_of(a).label for a in attrs.fields(cls)}
        raise exc.with_labels(labels) from None
