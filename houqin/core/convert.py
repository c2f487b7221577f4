"""The one cattrs converter: form fields and spreadsheet cells in, records out.

Built after the plugins are registered, so a plugin can add structure hooks
for its own value types through ``houqin_converter``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum, IntEnum, StrEnum
from typing import TYPE_CHECKING, Any

import cattrs

from houqin.core.choices import label_of, member_by_label
from houqin.core.i18n import N_, LazyText

if TYPE_CHECKING:
    from houqin.core.plugins import PluginHost


class ValueRefused(ValueError):
    """A value of the wrong kind; ``message`` tells the user what is expected."""

    def __init__(self, message: LazyText) -> None:
        super().__init__(message.msgid)
        self.message = message


_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> date:
    """A date from a date, a datetime, or text such as 2019-09-01, 2019.9.1, 2019年9月1日."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueRefused(N_("{value} is not a real date", value=text)) from None
    raise ValueRefused(N_("{value!r} is not a date (write it as 2024-09-01)", value=text))


def parse_decimal(value: Any) -> Decimal:
    """A Decimal from a number or text with thousands separators (“1,234.50”, “¥1 234”)."""
    if isinstance(value, bool):
        raise ValueRefused(N_("must be a number"))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        text = re.sub(r"[,，\s¥￥元]", "", str(value))
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueRefused(N_("{value!r} is not a number", value=str(value))) from None
    if not result.is_finite():
        raise ValueRefused(N_("must be a number"))
    return result


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueRefused(N_("must be a whole number"))
    if isinstance(value, int):
        return value
    try:
        number = parse_decimal(value)
    except ValueRefused:
        raise ValueRefused(N_("{value!r} is not a whole number", value=str(value))) from None
    if number != number.to_integral_value():
        raise ValueRefused(N_("{value!r} is not a whole number", value=str(value)))
    return int(number)


_TRUE = {"1", "true", "yes", "y", "on", "是", "有"}
_FALSE = {"0", "false", "no", "n", "off", "否", "无", ""}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueRefused(N_("{value!r} is not yes or no", value=str(value)))


def parse_str(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets hand whole numbers (room 101, staff no. 2001) back as floats.
        return str(int(value))
    return str(value).strip()


def _enum_hook(value: Any, cls: type[Enum]) -> Enum:
    if isinstance(value, cls):
        return value
    text = parse_str(value)
    try:
        # An IntEnum's values are ints: the text "2" (or the cell 2.0) must find them.
        return cls(int(text) if issubclass(cls, int) and re.fullmatch(r"-?\d+", text) else text)
    except ValueError:
        found = member_by_label(cls, text)
        if found is not None:
            return found
        choices = ", ".join(str(label_of(m)) for m in cls)
        raise ValueRefused(
            N_("{value!r} is not one of: {choices}", value=text, choices=choices)
        ) from None


def _text_hook(value: Any, cls: type[Any]) -> Any:
    # Dispatch by class also sends enums mixed with str here: they belong to the enum hook.
    return _enum_hook(value, cls) if issubclass(cls, Enum) else parse_str(value)


def make_converter(host: PluginHost | None = None) -> cattrs.Converter:
    """Build the converter with houqin's value rules, then let plugins add theirs."""
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    converter.register_structure_hook(date, lambda v, _t: parse_date(v))
    converter.register_structure_hook(Decimal, lambda v, _t: parse_decimal(v))
    converter.register_structure_hook(int, lambda v, _t: parse_int(v))
    converter.register_structure_hook(bool, lambda v, _t: parse_bool(v))
    # By class: cattrs' own str hook is registered by class and would win over a predicate.
    converter.register_structure_hook(str, _text_hook)
    # StrEnum and IntEnum must be named: singledispatch would otherwise take str or int.
    for base in (Enum, StrEnum, IntEnum):
        converter.register_structure_hook(base, _enum_hook)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    if host is not None:
        host.hook.houqin_converter(converter=converter)
    return converter
