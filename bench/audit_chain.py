"""The audit chain: append events in bulk, then verify the whole log.

Ours is :func:`append_events` of N asset-sized events in one transaction
followed by :func:`verify_chain` over the log. The baseline is hashlib over
the same bytes: the chain of SHA-256 digests of the stored events' text,
computed twice (once as appending does, once as verifying does), with no
database. It must end on the same hash as the log's head.

Hashing alone is not the work a tamper-evident log does, so a second
baseline is reported beside it (in ``extra``): the database driver storing
the same rows in a copy of the table with one ``executemany``, committing,
reading them back in order and hashing them — the raw engine doing the
storage part of ours without the event building, JSON and checks.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from functools import partial
from typing import Any

import sqlalchemy as sa

from bench.common import Databases, Organisation, Result, Scale, median, open_school, timed
from houqin.core.audit import EventEntry, append_events, audit_event, audit_head, verify_chain
from houqin.core.school import School


def _entries(count: int) -> list[EventEntry]:
    """What an import records: the created asset's fields, as the converter gives them."""
    org = Organisation.for_assets(count)
    return [
        ("assets.asset.created", "asset", i, None, {
            **line._asdict(),
            "acquired_on": line.acquired_on.isoformat(),
            "unit_price": Decimal(line.unit_price),
            "value": Decimal(line.value),
        })
        for i, line in enumerate(org.assets(count), start=1)
    ]  # fmt: skip


def _texts(school: School, after_seq: int) -> list[bytes]:
    """The text of every event after ``after_seq``, as the chain hashes it."""
    with school.engine.connect() as conn:
        texts = []
        for row in conn.execute(
            sa.select(audit_event).where(audit_event.c.seq > after_seq).order_by(audit_event.c.seq)
        ).mappings():
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
            texts.append(text.encode("utf-8"))
    return texts


def _chain(start: str, texts: list[bytes]) -> str:
    prev = start
    for text in texts:
        prev = hashlib.sha256(prev.encode() + text).hexdigest()
    return prev


def _hashlib_twice(start: str, texts: list[bytes]) -> str:
    _chain(start, texts)
    return _chain(start, texts)


_COPY = "audit_copy"
_COPY_COLUMNS = [c.name for c in audit_event.columns]


def _stored_rows(school: School, after_seq: int) -> list[tuple[Any, ...]]:
    """The stored events after ``after_seq`` as the driver returns them."""
    raw = school.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            f"SELECT {', '.join(_COPY_COLUMNS)} FROM {audit_event.name} WHERE seq > {after_seq}"
            " ORDER BY seq"
        )
        return [tuple(r) for r in cursor.fetchall()]
    finally:
        raw.close()


def _raw_store(school: School, rows: list[tuple[Any, ...]], start: str, texts: list[bytes]) -> str:
    """The driver alone: insert the rows into a copy, commit, read them back, hash them."""
    raw = school.engine.raw_connection()
    try:
        cursor = raw.cursor()
        mark = "?" if school.engine.dialect.paramstyle == "qmark" else "%s"
        if school.engine.dialect.name == "sqlite":
            cursor.execute("BEGIN")  # the school's SQLite connections leave BEGIN to the caller
        cursor.executemany(
            f"INSERT INTO {_COPY} ({', '.join(_COPY_COLUMNS)})"
            f" VALUES ({', '.join([mark] * len(_COPY_COLUMNS))})",
            rows,
        )
        raw.commit()
        cursor.execute(f"SELECT {', '.join(_COPY_COLUMNS)} FROM {_COPY} ORDER BY seq")
        read = cursor.fetchall()
        assert len(read) == len(rows)
        return _chain(start, texts)
    finally:
        raw.close()


def _copy_table(school: School) -> None:
    copy = audit_event.to_metadata(sa.MetaData(), name=_COPY)
    for index in list(copy.indexes):
        copy.indexes.discard(index)
    copy.create(school.engine)


def run(scale: Scale, dbs: Databases) -> list[Result]:
    entries = _entries(scale.audit_events)
    ours_times: list[float] = []
    base_times: list[float] = []
    raw_times: list[float] = []
    same = True
    for _ in range(scale.runs):
        with dbs.fresh(dbs.main_name) as url:
            school = open_school(url)
            try:
                with school.engine.connect() as conn:
                    before, start = conn.execute(
                        sa.select(audit_head.c.seq, audit_head.c.hash)
                    ).one()

                def ours(school: School = school) -> Any:
                    with school.engine.begin() as conn:
                        append_events(conn, actor="bench", entries=entries)
                    with school.engine.connect() as conn:
                        return verify_chain(conn)

                seconds, report = timed(ours)
                assert report.ok, report.problem
                ours_times.append(seconds)
                texts = _texts(school, int(before))
                seconds, last = timed(partial(_hashlib_twice, str(start), texts))
                base_times.append(seconds)
                with school.engine.connect() as conn:
                    head = conn.execute(sa.select(audit_head.c.hash)).scalar_one()
                rows = _stored_rows(school, int(before))
                _copy_table(school)
                seconds, stored_last = timed(partial(_raw_store, school, rows, str(start), texts))
                raw_times.append(seconds)
                same = same and last == head == stored_last
            finally:
                school.engine.dispose()
    return [
        Result(
            "audit_append_verify", "s", median(ours_times), median(base_times), 1.5,
            extra={
                "events": scale.audit_events, "backend": dbs.main_name, "same_head": same,
                "raw_store_seconds": median(raw_times),
                "ratio_to_raw_store": round(median(ours_times) / median(raw_times), 2),
            },
        )
    ]  # fmt: skip
