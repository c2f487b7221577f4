"""How values look on a page and in an exported sheet: the Jinja filters of the site."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, g
from markupsafe import Markup, escape

from houqin.core.choices import label_of
from houqin.core.clock import school_zone
from houqin.core.i18n import LazyText, _, render
from houqin.frontends.web.context import current_actor, current_school


def cell(value: Any) -> Any:
    """A record's value for a person to read: labels for choices, yes/no, blank for nothing."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str or kind is int or kind is date:  # most cells: shown as they are
        return value
    if kind is Decimal:  # money and quantities, the next most
        return format(value, "f")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enum):
        return render(label_of(value))
    if isinstance(value, LazyText):
        return value.render()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date | int | float | str):
        return value
    return str(value)


class _CellHTML:
    """Values as the escaped text of their cells; each distinct value worked out once a page.

    A list repeats many values (a status, a department, a unit). Texts and other
    values are remembered apart, and the others by type too: ``Decimal("1")``,
    ``1`` and a text enum's member can be equal and still read differently.
    """

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.others: dict[tuple[type, Any], str] = {}

    def text(self, value: str) -> str:
        found = self.texts.get(value)
        if found is None:
            # Plain text (markup is never a plain str): html.escape costs half of escape().
            found = self.texts[value] = html.escape(value)
        return found

    def value(self, value: Any) -> str:
        if type(value) is str:
            return self.text(value)
        if value is None:
            return ""
        try:
            key = (type(value), value)
            found = self.others.get(key)
        except TypeError:  # unhashable: worked out every time
            return str(escape(cell(value)))
        if found is None:
            # escape() leaves markup a plugin made on purpose as it is, as a template would
            found = self.others[key] = str(escape(cell(value)))
        return found


def table_rows(
    headings: Sequence[str],
    names: Sequence[str],
    records: Iterable[Any],
    link: Callable[[Any], str],
    title: Callable[[Any], str],
) -> Markup:
    """The ``<tr>`` elements of a list: a row per record, a cell per attribute in ``names``.

    The first cell links to ``link(record)`` and reads ``title(record)`` when
    blank; each cell carries its column's heading in ``data-label`` (a phone
    shows rows as labelled cards). Built here rather than by a template loop: a
    page is 50 rows of twenty-odd cells, and per-cell template calls were half
    the cost of a request. Every value is escaped, as the template would.
    """
    escaped = _CellHTML()
    texts, value = escaped.texts, escaped.value
    first_name, *names = names
    first, *rest = [f'<td data-label="{escaped.text(str(h))}">' for h in headings]
    columns = list(zip(rest, names, strict=True))
    parts = []
    for record in records:
        shown = cell(getattr(record, first_name, None)) or title(record)
        parts.append(f'<tr>{first}<a href="{escaped.text(link(record))}">{value(shown)}</a></td>')
        for opening, name in columns:
            found = getattr(record, name, None)
            # Most cells are texts or blank: looked up here rather than through a call each.
            if found is None:
                text = ""
            elif type(found) is str and found in texts:
                text = texts[found]
            else:
                text = value(found)
            parts.append(f"{opening}{text}</td>")
        parts.append("</tr>\n")
    return Markup("".join(parts))


def select_options(choices: Iterable[tuple[str, Any]], selected: str | None) -> Markup:
    """The ``<option>`` elements of a filter's choices, ``selected`` marked; all escaped.

    A filter may offer every asset category: built here, not by a template loop.
    """
    lines = []
    selected = selected or None  # an empty choice is "all", which the template offers
    for value, label in choices:
        mark = " selected" if value == selected else ""
        lines.append(f'<option value="{escape(value)}"{mark}>{escape(render(label))}</option>\n')
    return Markup("".join(lines))


def _school_zone() -> ZoneInfo:
    zone: ZoneInfo | None = g.get("houqin_zone")
    if zone is None:
        with current_school().read(current_actor()) as uow:
            zone = school_zone(uow)
        g.houqin_zone = zone
    return zone


def local_time(value: datetime) -> str:
    """An instant in the school's time zone, to the minute."""
    return value.astimezone(_school_zone()).strftime("%Y-%m-%d %H:%M")


def role_label(name: str) -> Any:
    """A role's name as people read it (the name itself for a role no plugin declares now)."""
    spec = current_school().access.roles.get(name)
    return spec.label if spec is not None else name


def install(app: Flask) -> None:
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.filters["cell"] = cell
    app.jinja_env.filters["local_time"] = local_time
