"""The unit of work: one transaction, the actor it acts for, and its audit events."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from houqin.core.access import Actor
from houqin.core.audit import (
    EventEntry,
    append_event,
    append_events,
    canonical_json,
    head_seq,
)
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

    def record_all(self, entries: Sequence[EventEntry]) -> list[Event]:
        """Append the events of one change, in order, as :meth:`record` would one by one.

        The audit head is locked and moved once for all of them (the events
        share one time), and plugins hear each of them, as with :meth:`record`.
        For a service that records two or three events; a bulk change with
        thousands uses :meth:`record_many`.
        """
        if not self.writable:
            raise ReadOnlyError(entries[0][0] if entries else "change")
        count = append_events(self.conn, actor=self.actor.name, entries=entries)
        if not count:
            return []
        first = head_seq(self.conn) - count + 1
        events = [
            Event(
                seq=first + i,
                action=action,
                object_type=object_type,
                object_id=str(object_id),
                actor=self.actor.name,
                before=_as_stored(before),
                after=_as_stored(after),
            )
            for i, (action, object_type, object_id, before, after) in enumerate(entries)
        ]
        self.events.extend(events)
        return events


def _as_stored(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A before or after as the audit log holds it (what :meth:`UnitOfWork.record` gives)."""
    text = canonical_json(value)
    return None if text is None else dict(json.loads(text))
