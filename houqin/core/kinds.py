"""Kinds of objects and areas: what the frontends draw lists, detail pages and forms from.

A kind bundles a command class with the services that create, change, remove,
fetch and list its objects, the filters its list offers and the columns it
shows. The web and the terminal interface build their pages and screens from
these records alone; the core and plugins contribute them through the
``houqin_areas`` and ``houqin_object_kinds`` hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from houqin.core.commands import describe_command
from houqin.core.i18n import Text

if TYPE_CHECKING:
    from houqin.core.uow import UnitOfWork


@attrs.frozen
class Area:
    """A part of the application with its own menu entry (组织机构, 校产, 报修…)."""

    name: str
    label: Text
    order: int = 100


@attrs.frozen
class ListFilter:
    """A filter a list offers; ``options`` gives the values to choose from, if any."""

    name: str
    label: Text
    options: Callable[[UnitOfWork], list[tuple[str, Text]]] | None = None


@attrs.frozen
class ListColumn:
    """A column of a list: the record attribute it shows and its heading."""

    name: str
    label: Text


def _name_of(record: Any) -> str:
    return str(record.name)


@attrs.frozen
class ObjectKind:
    """One kind of object (rooms, people…) and the services that handle it.

    Service signatures: ``create(uow, command)``, ``update(uow, id, command)``,
    ``delete(uow, id)``, ``get(uow, id)``, and ``list(uow, *, search, after,
    limit, with_total, **filters)`` returning a :class:`~houqin.core.listing.Page`.
    """

    name: str
    area: str
    label: Text
    plural: Text
    command: type[Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., None]
    get: Callable[..., Any]
    list: Callable[..., Any]
    view_permission: str
    manage_permission: str
    filters: tuple[ListFilter, ...] = ()
    title: Callable[[Any], str] = _name_of
    extra_columns: tuple[ListColumn, ...] = ()
    audit_type: str | None = None
    """The ``object_type`` its services record in the audit log; when set, a detail
    page shows the object's history to those who may read the log."""

    @property
    def columns(self) -> tuple[ListColumn, ...]:
        """The command's fields, then any extra columns of the record."""
        from_command = tuple(
            ListColumn(spec.name, spec.label)
            for spec in describe_command(self.command)
            if spec.widget != "password"
        )
        return from_command + self.extra_columns
