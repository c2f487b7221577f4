"""Migrations: one Alembic history and one version table per module.

The core's history lives in ``houqin/core/db/migrations`` with the table
``alembic_version``; a plugin's in its own folder with ``<plugin>_alembic_version``.
Every run is given the caller's connection, so ``houqin init`` upgrades the
core and the enabled plugins in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from houqin.core.db.metadata import metadata
from houqin.core.errors import SchemaMismatch
from houqin.core.i18n import N_
from houqin.core.types import MigrationSpec

CORE_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def version_table(spec: MigrationSpec) -> str:
    return "alembic_version" if spec.name == "core" else f"{spec.name}_alembic_version"


def _config(spec: MigrationSpec, conn: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(spec.script_location))
    cfg.attributes["connection"] = conn
    cfg.attributes["version_table"] = version_table(spec)
    cfg.attributes["tables"] = frozenset(spec.tables) | {version_table(spec)}
    return cfg


def heads(spec: MigrationSpec) -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(_config(spec)).get_heads())


def current(conn: sa.Connection, spec: MigrationSpec) -> tuple[str, ...]:
    ctx = MigrationContext.configure(conn, opts={"version_table": version_table(spec)})
    return tuple(ctx.get_current_heads())


@attrs.frozen
class ModuleStatus:
    """Where one module's schema stands against the code."""

    name: str
    current: tuple[str, ...]
    heads: tuple[str, ...]

    @property
    def state(self) -> str:
        """``missing``, ``behind`` or ``current`` (a newer schema is refused by :func:`status`)."""
        if not self.current:
            return "missing"
        if set(self.current) == set(self.heads):
            return "current"
        return "behind"


def status(conn: sa.Connection, spec: MigrationSpec) -> ModuleStatus:
    """The module's revision in the database, checked against the code's history."""
    found = current(conn, spec)
    script = ScriptDirectory.from_config(_config(spec))
    for revision in found:
        if not _known(script, revision):
            raise SchemaMismatch(
                N_(
                    "the database's {module} schema (revision {revision}) is newer than this "
                    "houqin; install the newer houqin that wrote it",
                    module=spec.name,
                    revision=revision,
                )
            )
    return ModuleStatus(spec.name, found, tuple(script.get_heads()))


def _known(script: ScriptDirectory, revision: str) -> bool:
    # Alembic raises, rather than returning None, for a revision it has never seen.
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(conn: sa.Connection, spec: MigrationSpec, revision: str = "heads") -> None:
    """Bring one module's tables up to ``revision`` inside the caller's transaction."""
    status(conn, spec)
    command.upgrade(_config(spec, conn), revision)


def differences(conn: sa.Connection, specs: Sequence[MigrationSpec]) -> list[Any]:
    """What differs between the database and the code's tables (empty when they match)."""
    owned = set()
    for spec in specs:
        owned |= set(spec.tables)

    def include(obj: Any, name: str | None, type_: str, reflected: bool, _compare: Any) -> bool:
        if type_ == "table":
            return name in owned
        return True

    ctx = MigrationContext.configure(
        conn,
        opts={"include_object": include, "compare_type": True, "compare_server_default": False},
    )
    return list(compare_metadata(ctx, metadata))
