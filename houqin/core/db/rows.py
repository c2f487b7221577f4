"""Rows in and out: a reader per record class, and the insert and update every service shares."""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

import attrs
import sqlalchemy as sa

from houqin.core.errors import Conflict
from houqin.core.i18n import N_

R = TypeVar("R")

_TAKEN = N_("this conflicts with an existing record (same name, code or number)")


def reader(
    cls: type[R], convert: Mapping[str, Callable[[Any], Any]] | None = None
) -> Callable[[Any], R]:
    """A function building ``cls`` from a row whose column labels are the record's field names.

    Enum fields get their member back from the stored value, and booleans are
    made ``bool`` (SQLite hands back 0 and 1); ``convert`` gives other fields a
    function of the stored value (a JSON column read into a record of its own).
    """
    names = [f.name for f in attrs.fields(typing.cast(Any, cls))]
    hints = typing.get_type_hints(cls)
    enums = {n: t for n, t in hints.items() if isinstance(t, type) and issubclass(t, Enum)}
    flags = {n for n, t in hints.items() if t is bool}
    converted = dict(convert or {})

    def make(row: Any) -> R:
        values = {name: row[name] for name in names}
        for name, enum in enums.items():
            values[name] = enum(values[name])
        for name in flags:
            values[name] = bool(values[name])
        for name, function in converted.items():
            values[name] = function(values[name])
        return cls(**values)

    return make


def insert_row(conn: sa.Connection, table: sa.Table, values: Mapping[str, Any]) -> int:
    """Insert one row and return its id; a unique name or code already taken is a Conflict."""
    try:
        new_id = conn.execute(table.insert().values(**values)).inserted_primary_key
    except sa.exc.IntegrityError as exc:
        raise Conflict(_TAKEN) from exc
    assert new_id is not None
    return int(new_id[0])


def update_row(
    conn: sa.Connection, table: sa.Table, object_id: int, values: Mapping[str, Any]
) -> None:
    """Change the row ``object_id``; a unique name or code already taken is a Conflict."""
    try:
        conn.execute(table.update().where(table.c.id == object_id).values(**values))
    except sa.exc.IntegrityError as exc:
        raise Conflict(_TAKEN) from exc


def insert_many(conn: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows of the same columns in the caller's transaction, at the driver's own pace.

    For bulk writes (an import of a whole ledger and its audit events). Each
    value is bound as an INSERT statement would bind it, by its column type's
    processing for this database, worked out once per column; the rows then go
    to the driver in one call: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.
    Building an executemany through SQLAlchemy costs more than the insert itself.
    Every row gives the same columns, and every column with a default computed
    in Python (``default=``); server defaults apply as usual.
    """
    if not rows:
        return
    dialect = conn.dialect
    names = list(rows[0])
    # The rows go past SQLAlchemy's INSERT: a column default computed in Python would be lost.
    unfilled = [c.name for c in table.columns if c.default is not None and c.name not in names]
    if unfilled:
        raise ValueError(f"insert_many into {table.name} must give {', '.join(unfilled)}")
    processing = [
        (position, found)
        for position, name in enumerate(names)
        if (found := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    values = []
    for row in rows:
        bound = [row[name] for name in names]
        for position, process in processing:
            bound[position] = process(bound[position])
        values.append(bound)
    quote = dialect.identifier_preparer.quote
    target = f"{dialect.identifier_preparer.format_table(table)} ({', '.join(map(quote, names))})"
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor() as cursor, cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for bound in values:
                copy.write_row(bound)
    elif dialect.name == "sqlite":
        marks = ", ".join("?" * len(names))
        conn.exec_driver_sql(f"INSERT INTO {target} VALUES ({marks})", list(map(tuple, values)))
    else:
        conn.execute(table.insert(), list(rows))
