"""Engine set-up: URL resolution, SQLite PRAGMAs, PostgreSQL through psycopg 3."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from houqin.core.errors import ConfigurationError
from houqin.core.i18n import N_

ENV_URL = "HOUQIN_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def default_database_path() -> Path:
    """The embedded database in the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("houqin")) / "houqin.sqlite3"


def resolve_url(url: str | None) -> str:
    """``--db`` first, then ``HOUQIN_DATABASE_URL``, then the user's data folder.

    A plain path means a SQLite file; ``postgresql://`` means psycopg 3.
    """
    url = url or os.environ.get(ENV_URL) or None
    if url is None:
        path = default_database_path()
        return f"sqlite:///{path}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def create_engine(url: str | None = None, **kwargs: Any) -> sa.Engine:
    """An engine for ``url`` with the durability settings houqin relies on."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise ConfigurationError(
            N_("the database URL {url!r} cannot be read", url=resolved)
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigurationError(
                    N_("cannot create the folder {folder}: {reason}", folder=folder, reason=exc)
                ) from exc
        engine = sa.create_engine(parsed, **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise ConfigurationError(
            N_(
                "houqin runs on SQLite or PostgreSQL, not {backend}",
                backend=parsed.get_backend_name(),
            )
        )
    try:
        return sa.create_engine(parsed, pool_pre_ping=True, **kwargs)
    except NoSuchModuleError as exc:
        raise ConfigurationError(
            N_("PostgreSQL needs psycopg 3: pip install 'houqin[pg]'")
        ) from exc
    except ModuleNotFoundError as exc:
        raise ConfigurationError(
            N_("PostgreSQL needs psycopg 3: pip install 'houqin[pg]'")
        ) from exc


def _configure_sqlite(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event decide how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # A unit of work that writes takes the write lock before it reads,
        # so that two writers never both read a stale value (BEGIN IMMEDIATE).
        if conn.get_execution_options().get("houqin_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


# Writers of one process queue here, one lock per SQLite file, before BEGIN IMMEDIATE.
_write_locks: dict[str, threading.RLock] = {}
_write_locks_guard = threading.Lock()


def sqlite_file(engine: sa.Engine) -> str | None:
    """The real path of the SQLite file ``engine`` opens; None for PostgreSQL or memory."""
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    if str(url.query.get("uri", "")).lower() in ("true", "1"):
        return None
    return os.path.realpath(database)


def write_lock(engine: sa.Engine) -> threading.RLock | None:
    """The lock this process's writers to ``engine``'s SQLite file queue on, if it has one.

    SQLite lets one transaction write at a time. A writer that finds the file
    locked sleeps in SQLite's busy handler, in steps growing to 100 ms, and
    tries again, so with many threads waiting the file mostly lies idle.
    Writers of one process therefore take this lock first and wait on it
    instead: they are woken the moment the one before them is done. The lock
    is re-entrant, so a write nested in another on one thread meets SQLite's
    own lock, as it did without this one; other processes meet only SQLite's
    lock and its busy timeout. Engines on one file share one lock.
    """
    path = sqlite_file(engine)
    if path is None:
        return None
    with _write_locks_guard:
        return _write_locks.setdefault(path, threading.RLock())


@contextmanager
def queued(lock: threading.RLock | None) -> Iterator[None]:
    """Hold ``lock`` (from :func:`write_lock`) for the block; no wait when it is None.

    A writer gives up waiting after the busy timeout and goes on to SQLite's
    own lock, which then decides: nothing waits on this lock for ever.
    """
    if lock is None:
        yield
        return
    held = lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        yield
    finally:
        if held:
            lock.release()


def check_connection(engine: sa.Engine) -> None:
    """Open one connection now, so a bad URL fails with a message, not a traceback."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigurationError(
            N_(
                "cannot open the database {url}: {reason}",
                url=engine.url.render_as_string(hide_password=True),
                reason=reason,
            )
        ) from exc
