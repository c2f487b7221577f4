"""The audit log: every change, appended in the writer's transaction, chained by hashes.

Each event stores the SHA-256 of the previous event's hash and its own
canonical text. ``audit_head`` holds the sequence number and hash of the last
event; writers lock it, so events are appended one at a time and in order.
:func:`verify_chain` finds the first event that was changed, deleted or moved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.db.metadata import UTCDateTime, metadata, utcnow
from houqin.core.db.rows import insert_many
from houqin.core.i18n import N_, LazyText
from houqin.core.types import Event

if TYPE_CHECKING:
    from houqin.core.uow import UnitOfWork

VIEW = "audit.view"

GENESIS_HASH = "0" * 64

audit_event = sa.Table(
    "audit_event",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(120), nullable=False),
    sa.Column("action", sa.String(120), nullable=False),
    sa.Column("object_type", sa.String(60), nullable=False),
    sa.Column("object_id", sa.String(60), nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.Index(None, "object_type", "object_id"),
    sa.Index(None, "at"),
)

audit_head = sa.Table(
    "audit_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.CheckConstraint("id = 1", name="single_row"),
)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, LazyText):
        return value.msgid
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot record {type(value).__name__} in the audit log")


def canonical_json(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default
    )


_HEAD_SEQ = sa.select(audit_head.c.seq).where(audit_head.c.id == 1)


def head_seq(conn: sa.Connection) -> int:
    """The sequence number of the last event appended (0 before the first)."""
    return int(conn.execute(_HEAD_SEQ).scalar() or 0)


def _digest(prev_hash: str, row: Mapping[str, Any]) -> str:
    text = "\x1f".join(
        [
            str(row["seq"]),
            row["at"].isoformat(),
            row["actor"],
            row["action"],
            row["object_type"],
            row["object_id"],
            row["before"] if row["before"] is not None else "\x00",
            row["after"] if row["after"] is not None else "\x00",
        ]
    )
    return hashlib.sha256((prev_hash + text).encode("utf-8")).hexdigest()


def append_event(
    conn: sa.Connection,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str | int,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> Event:
    """Append one event in the caller's transaction and move the head."""
    head_query = sa.select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    if conn.dialect.name != "sqlite":
        head_query = head_query.with_for_update()
    head = conn.execute(head_query).one()
    row = {
        "seq": head.seq + 1,
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "before": canonical_json(before),
        "after": canonical_json(after),
    }
    row["hash"] = _digest(head.hash, row)
    row["prev_hash"] = head.hash
    conn.execute(audit_event.insert().values(**row))
    conn.execute(
        audit_head.update().where(audit_head.c.id == 1).values(seq=row["seq"], hash=row["hash"])
    )
    return Event(
        seq=row["seq"],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        actor=actor,
        before=json.loads(row["before"]) if row["before"] else None,
        after=json.loads(row["after"]) if row["after"] else None,
    )


EventEntry = tuple[str, str, str | int, Mapping[str, Any] | None, Mapping[str, Any] | None]
"""(action, object type, object id, before, after) of one event in a bulk append."""

BULK_CHUNK = 1000


def append_events(conn: sa.Connection, *, actor: str, entries: Iterable[EventEntry]) -> int:
    """Append many events in the caller's transaction: the head is locked and moved once.

    For bulk changes (an import of a whole ledger): the chain is computed in
    Python and the rows are inserted a thousand at a time with executemany,
    so the log costs a few statements per thousand events, not three per
    event. Returns how many were appended.
    """
    head_query = sa.select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
    if conn.dialect.name != "sqlite":
        head_query = head_query.with_for_update()
    head = conn.execute(head_query).one()
    seq, prev_hash = head.seq, head.hash
    at = utcnow()
    chunk: list[dict[str, Any]] = []
    count = 0
    for action, object_type, object_id, before, after in entries:
        seq += 1
        row = {
            "seq": seq,
            "at": at,
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "before": canonical_json(before),
            "after": canonical_json(after),
        }
        row["hash"] = _digest(prev_hash, row)
        row["prev_hash"] = prev_hash
        prev_hash = row["hash"]
        chunk.append(row)
        count += 1
        if len(chunk) >= BULK_CHUNK:
            insert_many(conn, audit_event, chunk)
            chunk = []
    if chunk:
        insert_many(conn, audit_event, chunk)
    if count:
        conn.execute(
            audit_head.update().where(audit_head.c.id == 1).values(seq=seq, hash=prev_hash)
        )
    return count


@attrs.frozen
class ChainReport:
    """The outcome of :func:`verify_chain`: how many events, and the first bad one."""

    events: int
    first_bad_seq: int | None = None
    problem: LazyText | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows(conn: sa.Connection) -> Iterator[sa.Row[Any]]:
    result = conn.execution_options(yield_per=5000).execute(
        sa.select(audit_event).order_by(audit_event.c.seq)
    )
    yield from result


def verify_chain(conn: sa.Connection) -> ChainReport:
    """Recompute the chain from the first event; stop at the first that does not fit."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    for row in _rows(conn):
        data = row._mapping
        if data["seq"] != expected_seq:
            return ChainReport(
                count,
                expected_seq,
                N_(
                    "event {seq} is missing (the next stored one is {found})",
                    seq=expected_seq,
                    found=data["seq"],
                ),
            )
        if data["prev_hash"] != prev_hash:
            return ChainReport(
                count,
                data["seq"],
                N_(
                    "event {seq} does not follow the event before it (deleted or moved)",
                    seq=data["seq"],
                ),
            )
        if _digest(prev_hash, dict(data)) != data["hash"]:
            return ChainReport(
                count,
                data["seq"],
                N_("event {seq} was changed after it was written", seq=data["seq"]),
            )
        prev_hash = data["hash"]
        expected_seq += 1
        count += 1
    head = conn.execute(sa.select(audit_head.c.seq, audit_head.c.hash)).one()
    if head.seq != count or head.hash != prev_hash:
        return ChainReport(
            count,
            count + 1,
            N_(
                "the log ends at event {count} but {head} were written: the last ones were deleted",
                count=count,
                head=head.seq,
            ),
        )
    return ChainReport(count)


@attrs.frozen
class AuditEntry:
    """One stored event as a person reads it in the log."""

    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def latest_events(
    uow: UnitOfWork,
    *,
    limit: int = 50,
    object_type: str | None = None,
    object_id: str | None = None,
) -> list[AuditEntry]:
    """The newest events first, optionally only those of one object."""
    require(uow.actor, VIEW, label=uow.school.access.label(VIEW))
    query = sa.select(audit_event).order_by(audit_event.c.seq.desc()).limit(max(1, limit))
    if object_type:
        query = query.where(audit_event.c.object_type == object_type)
    if object_id:
        query = query.where(audit_event.c.object_id == object_id)
    return [
        AuditEntry(
            seq=r.seq,
            at=r.at,
            actor=r.actor,
            action=r.action,
            object_type=r.object_type,
            object_id=r.object_id,
            before=json.loads(r.before) if r.before else None,
            after=json.loads(r.after) if r.after else None,
        )
        for r in uow.conn.execute(query)
    ]
