"""The Alembic environment every houqin module's migrations run in.

A module's ``env.py`` is one call to :func:`run_migrations`: the core hands in
the connection, the version table and the tables the module owns.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from houqin.core.db.metadata import metadata


def run_migrations() -> None:
    config = context.config
    conn = config.attributes.get("connection")
    if conn is None:
        raise RuntimeError("houqin migrations run only through houqin.core.db.migrate")
    owned: frozenset[str] = config.attributes["tables"]

    def include(obj: Any, name: str | None, type_: str, reflected: bool, _compare: Any) -> bool:
        return type_ != "table" or name in owned

    context.configure(
        connection=conn,
        target_metadata=metadata,
        version_table=config.attributes["version_table"],
        include_object=include,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
