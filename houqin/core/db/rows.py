"""Records from result rows: one reader per record class instead of a constructor each."""

from __future__ import annotations

import typing
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import attrs

R = TypeVar("R")


def reader(cls: type[R]) -> Callable[[Any], R]:
    """A function building ``cls`` from a row whose column labels are the record's field names.

    Enum fields get their member back from the stored value, and booleans are
    made ``bool`` (SQLite hands back 0 and 1).
    """
    names = [f.name for f in attrs.fields(typing.cast(Any, cls))]
    hints = typing.get_type_hints(cls)
    enums = {n: t for n, t in hints.items() if isinstance(t, type) and issubclass(t, Enum)}
    flags = {n for n, t in hints.items() if t is bool}

    def make(row: Any) -> R:
        values = {name: row[name] for name in names}
        for name, enum in enums.items():
            values[name] = enum(values[name])
        for name in flags:
            values[name] = bool(values[name])
        return cls(**values)

    return make
