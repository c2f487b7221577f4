"""Per-school settings: declared by the core and plugins, each with default, unit and source.

Only changed values are stored; a setting never set reads as its default, so a
regulation's number can change in a later release without touching the data.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.db.metadata import UTCDateTime, metadata, utcnow
from houqin.core.errors import FieldError, InvalidInput, NotFound
from houqin.core.i18n import N_, LazyText
from houqin.core.types import SettingSpec, SettingValue
from houqin.core.uow import UnitOfWork

MANAGE = "settings.manage"

setting = sa.Table(
    "setting",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.String(120), nullable=False),
)

_TRUE = {"1", "true", "yes", "on", "是", "开"}
_FALSE = {"0", "false", "no", "off", "否", "关"}


@attrs.frozen
class SettingView:
    """A setting as shown to a user: its declaration and the value in force."""

    spec: SettingSpec
    value: SettingValue
    is_default: bool


class SettingsRegistry:
    """The settings declared by the core and the enabled plugins."""

    def __init__(self, specs: Iterable[SettingSpec]) -> None:
        self.specs: dict[str, SettingSpec] = {s.name: s for s in specs}

    def spec(self, name: str) -> SettingSpec:
        try:
            return self.specs[name]
        except KeyError:
            raise NotFound(N_("there is no setting named {name!r}", name=name)) from None


def parse_value(spec: SettingSpec, raw: str | SettingValue) -> SettingValue:
    """Turn text into the setting's type and check its range; refuse with the allowed range."""
    text = str(raw).strip()
    value: SettingValue
    if spec.kind == "int":
        try:
            value = int(text)
        except ValueError:
            raise _refuse(spec, N_("must be a whole number")) from None
    elif spec.kind == "decimal":
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _refuse(spec, N_("must be a number")) from None
        if not value.is_finite():
            raise _refuse(spec, N_("must be a number"))
    elif spec.kind == "bool":
        lowered = text.lower()
        if lowered in _TRUE:
            value = True
        elif lowered in _FALSE:
            value = False
        else:
            raise _refuse(spec, N_("must be true or false"))
    elif spec.kind == "choice":
        if text not in spec.choices:
            raise _refuse(spec, N_("must be one of: {choices}", choices=", ".join(spec.choices)))
        value = text
    else:
        if not text:
            raise _refuse(spec, N_("must not be empty"))
        value = text
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        low, high = spec.minimum, spec.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            raise _refuse(
                spec,
                N_(
                    "must be between {low} and {high} {unit}",
                    low=_bound(low),
                    high=_bound(high),
                    unit=spec.unit,
                ),
            )
    return value


def _bound(value: int | Decimal | None) -> str:
    return "…" if value is None else str(value)


def _refuse(spec: SettingSpec, message: LazyText) -> InvalidInput:
    return InvalidInput([FieldError(spec.name, message, label=spec.label)])


def _encode(value: SettingValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _stored(uow: UnitOfWork) -> dict[str, str]:
    rows = uow.conn.execute(sa.select(setting.c.name, setting.c.value))
    return {name: value for name, value in rows}


def get_setting(uow: UnitOfWork, name: str) -> SettingValue:
    """The value in force for ``name``: the stored one, else the default."""
    spec = uow.school.settings.spec(name)
    raw = uow.conn.execute(sa.select(setting.c.value).where(setting.c.name == name)).scalar()
    return spec.default if raw is None else parse_value(spec, raw)


def list_settings(uow: UnitOfWork) -> list[SettingView]:
    """Every declared setting with the value in force, sorted by name."""
    stored = _stored(uow)
    views = []
    for name, spec in sorted(uow.school.settings.specs.items()):
        raw = stored.get(name)
        value = spec.default if raw is None else parse_value(spec, raw)
        views.append(SettingView(spec, value, raw is None))
    return views


def set_setting(uow: UnitOfWork, name: str, raw: str | SettingValue) -> SettingView:
    """Store a new value after checking its type and range; audited."""
    require(uow.actor, MANAGE, label=uow.school.access.label(MANAGE))
    spec = uow.school.settings.spec(name)
    value = parse_value(spec, raw)
    old = uow.conn.execute(sa.select(setting.c.value).where(setting.c.name == name)).scalar()
    values = {"value": _encode(value), "updated_at": utcnow(), "updated_by": uow.actor.name}
    if old is None:
        uow.conn.execute(setting.insert().values(name=name, **values))
    else:
        uow.conn.execute(setting.update().where(setting.c.name == name).values(**values))
    uow.record(
        "settings.changed",
        "setting",
        name,
        before=None if old is None else {"value": old},
        after={"value": _encode(value)},
    )
    return SettingView(spec, value, False)
