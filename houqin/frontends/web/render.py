"""How values look on a page and in an exported sheet: the Jinja filters of the site."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, g

from houqin.core.choices import label_of
from houqin.core.clock import school_zone
from houqin.core.i18n import LazyText, _, render
from houqin.frontends.web.context import current_actor, current_school


def cell(value: Any) -> Any:
    """A record's value for a person to read: labels for choices, yes/no, blank for nothing."""
    if value is None:
        return ""
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
