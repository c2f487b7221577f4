"""The unit of work: one transaction, the actor it acts for, and its audit events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from houqin.core.access import Actor
from houqin.core.audit import EventEntry, append_event, append_events
from houqin.core.types import Event

if TYPE_CHECKING:
    from houqin.core.school import School


class ReadOnlyError(RuntimeError):
    """A service tried to write inside a unit of work opened for reading."""


class UnitOfWork:
    """What a service function receives: the connection, the actor and the school.

    Opened by :meth:`School.write` (one transaction that commits on success and
    rolls back on any error) or :meth:`School.read`.
    """

    def __init__(self, school: School, conn: sa.Connection, actor: Actor, writable: bool) -> None:
        self.school = school
        self.conn = conn
        self.actor = actor
        self.writable = writable
        self.events: list[Event] = []

    def record(
        self,
        action: str,
        object_type: str,
        object_id: str | int,
        *,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> Event:
        """Append an audit event for a change made in this transaction."""
        if not self.writable:
            raise ReadOnlyError(action)
        event = append_event(
            self.conn,
            actor=self.actor.name,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
        )
        self.events.append(event)
        return event

    def record_many(self, entries: Iterable[EventEntry]) -> int:
        """Append the events of a bulk change (an import) at executemany speed.

        They are in the audit log like any other; plugins are not told of each
        one, so the caller records one summary event with :meth:`record` too.
        """
        if not self.writable:
            raise ReadOnlyError("bulk change")
        return append_events(self.conn, actor=self.actor.name, entries=entries)
