"""Writers of one process queue on a lock per SQLite file before BEGIN IMMEDIATE.

The lock (:func:`houqin.core.db.engine.write_lock`) is taken by
``School.write`` and let go when its transaction has ended, however it
ended, and before plugins hear the events. SQLite's own lock still decides
between processes; these tests check that the lock in front of it is shared,
always released, re-entrant and never waited on for ever.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from houqin.core.db import engine as db_engine
from houqin.core.db.engine import create_engine, write_lock
from houqin.core.org import model, service
from houqin.core.school import School, init_school


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'school.sqlite3'}"


@pytest.fixture
def school(sqlite_url, houqin_operator):
    s = School.open(sqlite_url, plugins=[], require_schema=False)
    init_school(s, houqin_operator)
    yield s
    s.engine.dispose()


def _free_elsewhere(lock: threading.RLock) -> bool:
    """Whether another thread can take ``lock`` at once (an RLock is always free to its owner)."""
    found: list[bool] = []

    def probe() -> None:
        took = lock.acquire(blocking=False)
        if took:
            lock.release()
        found.append(took)

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(timeout=10)
    return found == [True]


def _campus(uow, name: str) -> None:
    service.create_campus(uow, model.CampusInput(name=name))


def _campus_count(school, actor) -> int:
    with school.read(actor) as uow:
        return int(uow.conn.execute(sa.text("SELECT count(*) FROM campus")).scalar_one())


def test_engines_on_one_file_share_one_lock(tmp_path, sqlite_url):
    first, second = create_engine(sqlite_url), create_engine(sqlite_url)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(tmp_path / "school.sqlite3")
    third = create_engine(f"sqlite:///{link}")
    other = create_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        lock = write_lock(first)
        assert lock is not None
        assert write_lock(second) is lock and write_lock(third) is lock
        assert write_lock(other) is not lock
    finally:
        for e in (first, second, third, other):
            e.dispose()


def test_memory_and_postgresql_have_no_lock():
    memory = sa.create_engine("sqlite://")
    postgres = sa.create_engine("postgresql+psycopg://127.0.0.1/test")
    assert write_lock(memory) is None
    assert write_lock(postgres) is None


def test_the_lock_is_let_go_however_the_write_ends(school, houqin_operator):
    lock = write_lock(school.engine)
    assert lock is not None
    with school.write(houqin_operator) as uow:
        _campus(uow, "本部")
        assert not _free_elsewhere(lock)
    assert _free_elsewhere(lock)

    with pytest.raises(RuntimeError), school.write(houqin_operator) as uow:
        _campus(uow, "东校区")
        raise RuntimeError("the operator pulled the plug")
    assert _free_elsewhere(lock)

    with school.write(houqin_operator, dry_run=True) as uow:
        _campus(uow, "西校区")
    assert _free_elsewhere(lock)

    with pytest.raises(sa.exc.IntegrityError), school.write(houqin_operator) as uow:
        uow.conn.execute(sa.text("INSERT INTO campus (id, name) VALUES (1, 'x'), (1, 'y')"))
    assert _free_elsewhere(lock)

    # The writes after all that go through, and only the committed one was kept.
    with school.write(houqin_operator) as uow:
        _campus(uow, "南校区")
    assert _campus_count(school, houqin_operator) == 2


def test_plugins_hear_events_after_the_lock_is_let_go(school, houqin_operator, monkeypatch):
    lock = write_lock(school.engine)
    assert lock is not None
    heard: list[tuple[str, bool]] = []

    def on_event(event):
        heard.append((event.action, _free_elsewhere(lock)))
        # A listener may write in turn: it is not stuck behind the write it heard.
        if event.action == "org.campus.created":
            with school.write(houqin_operator) as uow:
                _campus(uow, "听到后建的校区")

    monkeypatch.setattr(school.host.hook, "houqin_on_event", on_event)
    with school.write(houqin_operator) as uow:
        _campus(uow, "本部")
    assert heard == [("org.campus.created", True), ("org.campus.created", True)]
    assert _campus_count(school, houqin_operator) == 2


def test_a_second_writer_waits_on_the_lock_not_in_sqlite(school, houqin_operator):
    began: list[str] = []

    @sa.event.listens_for(school.engine, "before_cursor_execute")
    def _began(conn, cursor, statement, *args):
        if statement == "BEGIN IMMEDIATE":
            began.append(threading.current_thread().name)

    inside, go_on, second_ready = threading.Event(), threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first() -> None:
        try:
            with school.write(houqin_operator) as uow:
                _campus(uow, "本部")
                inside.set()
                assert go_on.wait(timeout=30)
        except BaseException as exc:
            failures.append(exc)

    def second() -> None:
        try:
            assert inside.wait(timeout=30)
            second_ready.set()
            with school.write(houqin_operator) as uow:
                _campus(uow, "东校区")
        except BaseException as exc:
            failures.append(exc)

    one = threading.Thread(target=first, name="first")
    two = threading.Thread(target=second, name="second")
    one.start()
    two.start()
    assert second_ready.wait(timeout=30)
    two.join(timeout=0.3)  # time enough to reach BEGIN IMMEDIATE, if nothing held it back
    assert two.is_alive()
    assert began == ["first"]  # the second has not tried BEGIN IMMEDIATE: it waits on the lock
    go_on.set()
    one.join(timeout=30)
    two.join(timeout=30)
    assert failures == []
    assert began == ["first", "second"]
    assert _campus_count(school, houqin_operator) == 2


def test_a_nested_write_fails_on_sqlites_lock_instead_of_hanging(
    sqlite_url, houqin_operator, monkeypatch
):
    # A write inside another on one thread could never succeed (the outer one holds
    # SQLite's lock); the lock in front is re-entrant, so the inner one meets SQLite's
    # busy timeout and fails as it always did, and the outer one carries on.
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 200)
    s = School.open(sqlite_url, plugins=[], require_schema=False)
    try:
        init_school(s, houqin_operator)
        with s.write(houqin_operator) as outer:
            _campus(outer, "本部")
            with (
                pytest.raises(sa.exc.OperationalError, match="locked"),
                s.write(houqin_operator) as inner,
            ):
                _campus(inner, "东校区")
            _campus(outer, "西校区")
        assert _free_elsewhere(write_lock(s.engine))  # type: ignore[arg-type]
        assert _campus_count(s, houqin_operator) == 2
    finally:
        s.engine.dispose()


def test_a_writer_stops_waiting_on_a_lock_held_too_long(school, houqin_operator, monkeypatch):
    # Whatever holds the lock (here a thread that took it and sleeps), a writer waits at
    # most the busy timeout for it, then goes on to SQLite's lock, which decides.
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_TIMEOUT_MS", 200)
    lock = write_lock(school.engine)
    assert lock is not None
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            taken.set()
            done.wait(timeout=30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(timeout=30)
        with school.write(houqin_operator) as uow:
            _campus(uow, "本部")
    finally:
        done.set()
        holder.join(timeout=30)
    assert _campus_count(school, houqin_operator) == 1
