"""Kinds of objects and areas: what the frontends draw lists, detail pages and forms from.

A kind bundles a command class with the services that create, change, remove,
fetch and list its objects, the filters its list offers and the columns it
shows. The web and the terminal interface build their pages and screens from
these records alone; the core and plugins contribute them through the
``houqin_areas`` and ``houqin_object_kinds`` hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa

from houqin.core.audit import head_seq
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
    """A filter a list offers; ``options`` gives the values to choose from, if any.

    ``options`` must depend on the school's data alone, never on who asks:
    frontends keep the choices until :func:`data_version` changes.
    """

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
class KindAction:
    """Something staff do to one object of a kind (lend, scrap…) or to the kind (stock in).

    ``run(uow, object_id, command)`` when ``on_object``, else ``run(uow,
    command)``; it returns what it made or changed (a record, or a tuple of
    records). ``offered(record)`` says whether the action fits the object as
    it is now (no "take back" for an asset that is not lent); ``prefill(uow,
    record)`` gives the form's starting values. When ``result_kind`` names a
    kind, frontends go to that kind's page of the returned record afterwards
    (a scrap request opens the write-off it created).
    """

    name: str
    label: Text
    command: type[Any]
    run: Callable[..., Any]
    permission: str
    on_object: bool = True
    help: Text = ""
    offered: Callable[[Any], bool] | None = None
    prefill: Callable[[UnitOfWork, Any], dict[str, Any]] | None = None
    result_kind: str | None = None

    def offered_for(self, record: Any) -> bool:
        return self.offered is None or self.offered(record)


@attrs.frozen
class KindDocument:
    """A printable document of one object (报损表, 责任书) or of the kind (a report).

    ``build(uow, object_id, command)`` when ``on_object``, else ``build(uow,
    command)``, returns a :class:`~houqin.core.printing.PrintDoc`; ``command``
    is the class of the document's parameters (an as-of date, a month), or
    ``None`` when it has none (``build`` is then given ``None``).
    """

    name: str
    label: Text
    build: Callable[..., Any]
    permission: str
    on_object: bool = True
    command: type[Any] | None = None
    offered: Callable[[Any], bool] | None = None

    def offered_for(self, record: Any) -> bool:
        return self.offered is None or self.offered(record)


@attrs.frozen
class RelatedList:
    """A list of another kind that belongs to an object: an asset's movements, a count's results.

    Frontends link from the object's page to the list of ``kind`` filtered by
    ``filter`` = ``value(record)``; the link shows only to those who may see that kind.
    """

    kind: str
    filter: str
    value: Callable[[Any], Any]
    label: Text


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
    create: Callable[..., Any] | None
    update: Callable[..., Any] | None
    delete: Callable[..., None] | None
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
    actions: tuple[KindAction, ...] = ()
    documents: tuple[KindDocument, ...] = ()
    related: tuple[RelatedList, ...] = ()

    def action(self, name: str) -> KindAction | None:
        return next((a for a in self.actions if a.name == name), None)

    def document(self, name: str) -> KindDocument | None:
        return next((d for d in self.documents if d.name == name), None)

    @property
    def columns(self) -> tuple[ListColumn, ...]:
        """The command's fields, then any extra columns of the record."""
        from_command = tuple(
            ListColumn(spec.name, spec.label)
            for spec in describe_command(self.command)
            if spec.widget != "password"
        )
        return from_command + self.extra_columns


@attrs.frozen
class RelatedLink:
    """A related list as a frontend links to it: the kind, its filter and the value."""

    related: RelatedList
    kind: ObjectKind
    value: str


def related_links(
    kinds: Mapping[str, ObjectKind], kind: ObjectKind, record: Any, can: Callable[[str], bool]
) -> list[RelatedLink]:
    """The related lists of ``record`` whose kind the school has and the user may see."""
    found = []
    for related in kind.related:
        target = kinds.get(related.kind)
        if target is not None and can(target.view_permission):
            found.append(RelatedLink(related, target, str(related.value(record))))
    return found


def data_version(conn: sa.Connection) -> int:
    """A number that grows whenever a service changes anything in the school: one small query.

    Every change a service makes is in the audit log, so its last sequence
    number tells whether anything changed. What is worked out from the school's
    data alone (a filter's choices, a setting, the modules that are on) may be
    kept while it stays the same; read it before working the value out, so a
    change made meanwhile leaves the kept value newer than its number, never older.
    """
    return head_seq(conn)
