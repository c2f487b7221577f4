"""The small records that hooks return. Each has a ``name``; the core rejects duplicates."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from houqin.core.i18n import Text

SCHOOL_TYPES: tuple[str, ...] = ("kindergarten", "primary", "secondary", "boarding", "university")


@attrs.frozen
class PluginInfo:
    """How a plugin introduces itself.

    ``school_types`` lists the kinds of school for which ``houqin init`` enables
    the plugin; an empty tuple means "never enabled by default".
    """

    name: str
    label: Text
    version: str = "0"
    description: Text = ""
    school_types: tuple[str, ...] = ()
    locale_dir: Path | None = None


@attrs.frozen
class PermissionSpec:
    """A permission, and the roles that hold it unless a school changes that.

    A plugin's permissions are named ``<plugin>.<what>``; the core's have its
    area as prefix (``org.manage``).
    """

    name: str
    label: Text
    default_roles: tuple[str, ...] = ()


@attrs.frozen
class RoleSpec:
    """A role staff can be given. ``admin`` holds every permission."""

    name: str
    label: Text
    description: Text = ""


SettingValue = int | Decimal | str | bool


@attrs.frozen
class SettingSpec:
    """A per-school setting with its default, its unit and where the number comes from.

    ``kind`` is one of ``int``, ``decimal``, ``str``, ``bool``, ``choice``.
    ``minimum``/``maximum`` bound numbers; ``choices`` bound a ``choice``.
    """

    name: str
    label: Text
    kind: str
    default: SettingValue
    unit: Text = ""
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    choices: tuple[str, ...] = ()
    source: Text = ""
    help: Text = ""


@attrs.frozen
class MigrationSpec:
    """Where a module's Alembic history lives and which tables it owns.

    Each module has its own version table, ``<name>_alembic_version`` (the core
    keeps ``alembic_version``).
    """

    name: str
    script_location: Path
    tables: tuple[str, ...]


@attrs.frozen
class Event:
    """A committed change, as plugins hear it through ``houqin_on_event``."""

    seq: int
    action: str
    object_type: str
    object_id: str
    actor: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
