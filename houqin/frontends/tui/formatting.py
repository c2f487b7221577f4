"""How a value from a record is written in a cell or a detail view."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from houqin.core.choices import label_of
from houqin.core.i18n import LazyText, _, render


def show(value: Any) -> str:
    """``value`` as text for a person: yes/no, choice labels, dates as 2024-09-02."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enum):
        return render(label_of(value))
    if isinstance(value, LazyText):
        return value.render()
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return ", ".join(show(v) for v in value)
    return str(value)
