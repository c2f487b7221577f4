"""Backups of a school: one file to keep, and the way back from it.

A SQLite school is copied with SQLite's online backup API, so a backup taken
while the web app writes holds one consistent moment; the copy is a single
self-contained file (rollback journal, not WAL). A PostgreSQL school is written
with ``pg_dump --format=custom``. Either way the backup is written beside its
final name and renamed into place only once it has been read back and checked,
so a half-written backup never carries the real name.

Restoring checks the file before anything is touched: what kind of backup it
is, that it holds a houqin school, and that this houqin knows its schema. The
school is then replaced in one transaction; when anything fails the database
stays as it was. Moving a school between SQLite and PostgreSQL is not a
restore and is refused.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

import attrs
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from houqin.core.builtin import CORE_MIGRATION
from houqin.core.db import migrate
from houqin.core.db.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    check_connection,
    create_engine,
    resolve_url,
)
from houqin.core.errors import ConfigurationError, HouqinError, SchemaMismatch
from houqin.core.i18n import N_

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_DUMP_MAGIC = b"PGDMP"
_VERSION_TABLE = migrate.version_table(CORE_MIGRATION)
# pg_restore --list prints "<id>; <catalog> <oid> TABLE <schema> <name> <owner>";
# a table's catalog is pg_class (1259), which tells it from its "TABLE DATA" entry.
_ARCHIVED_VERSION_TABLE = re.compile(
    rf"^\d+; 1259 \d+ TABLE (.+?) {_VERSION_TABLE}(?: |$)", re.MULTILINE
)
_SEARCH_PATH = re.compile(r"(?:-c\s*|--)search[_-]path=(\S+)")
_CLEAN_RESTORE = ("--clean", "--if-exists", "--no-owner", "--no-password")


class BackupError(HouqinError):
    """A backup cannot be written, or a file cannot be restored from."""


@attrs.frozen
class BackupReport:
    """What :func:`backup_school` wrote: the file, the school it copies, its schema."""

    path: Path
    source: str
    engine: str
    revisions: tuple[str, ...]
    size: int


@attrs.frozen
class RestoreReport:
    """What :func:`restore_school` brought back.

    ``upgrade_needed`` says the backup's schema is older than this houqin:
    the school opens after ``houqin db upgrade``.
    """

    path: Path
    target: str
    engine: str
    revisions: tuple[str, ...]
    upgrade_needed: bool


def backup_school(url: str | None, path: Path) -> BackupReport:
    """Write a backup of the school at ``url`` (resolved as ``--db`` is) to ``path``.

    SQLite: a consistent copy through the online backup API, checked with
    ``PRAGMA integrity_check``. PostgreSQL: ``pg_dump --format=custom``, only the
    schema the URL's ``options=-csearch_path=<schema>`` names when it names one.
    A file already at ``path`` is replaced only when the new backup is complete
    and has been read back. Raises :class:`BackupError` when the database holds
    no school or a tool fails, :class:`ConfigurationError` for a URL that cannot
    be used or missing PostgreSQL client tools.
    """
    parsed = _parse(url)
    path = Path(path).expanduser().absolute()
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == SQLITE:
        revisions = _backup_sqlite(_sqlite_file(parsed), path)
    else:
        revisions = _backup_postgresql(parsed, path, shown)
    return BackupReport(path, shown, parsed.get_backend_name(), revisions, path.stat().st_size)


def restore_school(path: Path, url: str | None) -> RestoreReport:
    """Replace the school at ``url`` with the one in the backup at ``path``.

    The backup must come from the same kind of database (SQLite or PostgreSQL),
    hold a houqin school, and have a schema this houqin knows (an older one is
    fine: upgrade it afterwards). It is all or nothing: on any failure the
    school at ``url`` is left as it was. Connections the web app holds open see
    the old school until the restore commits, then the restored one.

    SQLite: the file is checked with ``PRAGMA integrity_check`` and copied in
    with the online backup API; a target file that does not exist is created.
    PostgreSQL: ``pg_restore --clean --if-exists --no-owner`` of the school's
    schema into the schema the URL's search_path names (``public`` or the
    server's default when it names none), which must exist. Objects that are
    not in the backup stay. A backup of another schema is restored under the
    target's name, which needs ``psql`` as well.

    Raises :class:`BackupError` for a file that is not a houqin backup, is
    damaged or comes from the other kind of database, and when a tool fails
    (its message included); :class:`SchemaMismatch` for a backup from a newer
    houqin; :class:`ConfigurationError` for a URL that cannot be used or
    missing PostgreSQL client tools.
    """
    parsed = _parse(url)
    path = Path(path).expanduser().absolute()
    shown = parsed.render_as_string(hide_password=True)
    kind = _backup_kind(path)
    backend = parsed.get_backend_name()
    if kind != backend:
        raise BackupError(
            N_(
                "{path} is a backup of a {kind} school and cannot be restored into {engine}: "
                "restore it into a {kind} database (moving a school between SQLite and "
                "PostgreSQL is not done by restoring a backup)",
                path=path,
                kind=ENGINE_NAMES[kind],
                engine=ENGINE_NAMES[backend],
            )
        )
    if backend == SQLITE:
        revisions = _restore_sqlite(path, _sqlite_file(parsed))
    else:
        revisions = _restore_postgresql(path, parsed, shown)
    upgrade_needed = set(revisions) != set(migrate.heads(CORE_MIGRATION))
    return RestoreReport(path, shown, backend, revisions, upgrade_needed)


def _parse(url: str | None) -> URL:
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise ConfigurationError(
            N_("the database URL {url!r} cannot be read", url=resolved)
        ) from exc
    if parsed.get_backend_name() not in ENGINE_NAMES:
        raise ConfigurationError(
            N_(
                "houqin runs on SQLite or PostgreSQL, not {backend}",
                backend=parsed.get_backend_name(),
            )
        )
    return parsed


def _backup_kind(path: Path) -> str:
    try:
        with path.open("rb") as file:
            head = file.read(len(_SQLITE_MAGIC))
    except FileNotFoundError as exc:
        raise BackupError(N_("there is no backup at {path}", path=path)) from exc
    except OSError as exc:
        raise BackupError(N_("cannot read {path}: {reason}", path=path, reason=exc)) from exc
    if head == _SQLITE_MAGIC:
        return SQLITE
    if head.startswith(_PG_DUMP_MAGIC):
        return POSTGRESQL
    raise BackupError(
        N_(
            "{path} is not a houqin backup: it is neither a SQLite database nor a "
            "pg_dump archive in custom format",
            path=path,
        )
    )


def _check_known(revisions: Sequence[str], path: Path) -> None:
    script = ScriptDirectory(str(CORE_MIGRATION.script_location))
    known = {revision.revision for revision in script.walk_revisions()}
    for revision in revisions:
        if revision not in known:
            raise SchemaMismatch(
                N_(
                    "{path} was written by a newer houqin (schema revision {revision}); "
                    "restore it with that version of houqin or a later one",
                    path=path,
                    revision=revision,
                )
            )


@contextmanager
def _staged(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path``, moved onto it only when the block succeeds."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise BackupError(
            N_("cannot write the backup {path}: {reason}", path=path, reason=exc)
        ) from exc
    partial = Path(name)
    try:
        yield partial
        try:
            _sync(partial)
            os.replace(partial, path)
            _sync_folder(path.parent)
        except OSError as exc:
            raise BackupError(
                N_("cannot write the backup {path}: {reason}", path=path, reason=exc)
            ) from exc
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)


def _sync(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _sync_folder(folder: Path) -> None:
    # The rename is durable only once the folder is; Windows cannot open a folder.
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


# SQLite


def _sqlite_file(parsed: URL) -> Path:
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise ConfigurationError(
            N_(
                "{url} is not a SQLite database file that can be backed up or restored",
                url=parsed.render_as_string(hide_password=True),
            )
        )
    return Path(database).expanduser().absolute()


def _sqlite_connect(path: Path, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    return conn


def _sqlite_school(file: Path, shown: Path) -> tuple[str, ...]:
    """Check ``file`` page by page and return its core schema revisions."""
    try:
        with closing(_sqlite_connect(file, "ro")) as conn:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(
                    N_("{path} is damaged: {problem}", path=shown, problem=problems[0])
                )
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (_VERSION_TABLE,),
            ).fetchone()
            rows = conn.execute(f"SELECT version_num FROM {_VERSION_TABLE}") if found else []
            revisions = tuple(sorted(str(row[0]) for row in rows))
    except sqlite3.DatabaseError as exc:
        raise BackupError(N_("{path} is damaged: {problem}", path=shown, problem=exc)) from exc
    if not revisions:
        raise BackupError(N_("{path} holds no houqin school", path=shown))
    return revisions


def _backup_sqlite(source: Path, path: Path) -> tuple[str, ...]:
    if path.resolve() == source.resolve():
        raise BackupError(
            N_("a backup cannot be written over the database it copies: choose another file")
        )
    if not source.is_file():
        raise ConfigurationError(N_("there is no database at {path}", path=source))
    with _staged(path) as partial:
        try:
            with (
                closing(_sqlite_connect(source, "rw")) as src,
                closing(_sqlite_connect(partial, "rw")) as copy,
            ):
                # One step: the whole copy is read in a single read transaction.
                src.backup(copy)
                # A backup is one file to carry around: no -wal or -shm beside it.
                copy.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.Error as exc:
            raise BackupError(
                N_("cannot back up {source}: {reason}", source=source, reason=exc)
            ) from exc
        return _sqlite_school(partial, source)


def _restore_sqlite(path: Path, target: Path) -> tuple[str, ...]:
    if path.resolve() == target.resolve():
        raise BackupError(N_("{path} is the database itself, not a backup of it", path=path))
    revisions = _sqlite_school(path, path)
    _check_known(revisions, path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(_sqlite_connect(path, "ro")) as src,
            closing(_sqlite_connect(target, "rwc")) as dest,
        ):
            dest.execute("PRAGMA synchronous=FULL")
            # The copy is one write transaction on the target: all of it or none.
            src.backup(dest)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(
            N_(
                "cannot restore into {target}: {reason}; the database was not changed",
                target=target,
                reason=exc,
            )
        ) from exc
    return revisions


# PostgreSQL


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigurationError(
            N_(
                "{tool} was not found: backing up and restoring a PostgreSQL school needs "
                "the PostgreSQL client tools on the PATH (on Debian or Ubuntu: "
                "apt-get install postgresql-client)",
                tool=name,
            )
        )
    return found


def _run(tool: str, args: Sequence[str], env: dict[str, str]) -> str:
    """Run a PostgreSQL client tool; its stderr becomes the message when it fails."""
    done = subprocess.run([tool, *args], env=env, capture_output=True, check=False)
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise BackupError(N_("{tool} failed: {error}", tool=Path(tool).name, error=error))
    return done.stdout.decode("utf-8", "replace")


def _libpq(parsed: URL) -> tuple[str, dict[str, str]]:
    """The connection string for the client tools, and their environment with the password."""
    params: dict[str, str] = {}
    if parsed.host:
        params["host"] = parsed.host
    if parsed.port is not None:
        params["port"] = str(parsed.port)
    if parsed.username:
        params["user"] = parsed.username
    if parsed.database:
        params["dbname"] = parsed.database
    password = parsed.password
    for key, value in parsed.query.items():
        text = value if isinstance(value, str) else ",".join(value)
        if key == "password":
            password = text
        else:
            params[key] = text
    env = dict(os.environ)
    # PGPASSWORD, not the command line, which other users of the machine can read.
    if password is not None:
        env["PGPASSWORD"] = str(password)
    conninfo = " ".join(f"{key}={_libpq_value(value)}" for key, value in params.items())
    return conninfo, env


def _libpq_value(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _url_schema(parsed: URL) -> str | None:
    """The schema ``options=-csearch_path=<schema>`` puts first, if the URL names one."""
    options = parsed.query.get("options")
    if options is None:
        return None
    text = options if isinstance(options, str) else " ".join(options)
    match = _SEARCH_PATH.search(text)
    if match is None:
        return None
    return match.group(1).split(",")[0].strip().strip('"') or None


def _pg_engine(parsed: URL) -> sa.Engine:
    engine = create_engine(parsed.render_as_string(hide_password=False))
    check_connection(engine)
    return engine


def _school_schema(conn: sa.Connection, parsed: URL, shown: str) -> str:
    """The schema the school at ``parsed`` lives in: the one its search_path names."""
    named = _url_schema(parsed)
    schema = named or conn.exec_driver_sql("SELECT current_schema()").scalar()
    exists = (
        schema is not None
        and conn.execute(
            sa.text("SELECT 1 FROM pg_namespace WHERE nspname = :name"), {"name": schema}
        ).first()
    )
    if schema is None or not exists:
        raise ConfigurationError(
            N_(
                "the database {url} has no schema {schema} to hold the school: create it first",
                url=shown,
                schema=schema or "public",
            )
        )
    return str(schema)


def _archived_schools(pg_restore: str, archive: Path, env: dict[str, str]) -> list[str]:
    """The schemas of the archive that hold a houqin school."""
    try:
        listing = _run(pg_restore, ["--list", str(archive)], env)
    except BackupError as exc:
        raise BackupError(
            N_("{path} cannot be read as a pg_dump archive: {error}", path=archive, error=exc)
        ) from exc
    return sorted(set(_ARCHIVED_VERSION_TABLE.findall(listing)))


def _archived_revisions(
    pg_restore: str, archive: Path, schema: str, env: dict[str, str], shown: Path | str
) -> tuple[str, ...]:
    script = _run(
        pg_restore,
        [
            "--data-only",
            f"--schema={schema}",
            f"--table={_VERSION_TABLE}",
            "--file=-",
            str(archive),
        ],
        env,
    )
    revisions: list[str] = []
    inside = False
    for line in script.splitlines():
        if inside and line == "\\.":
            break
        if inside:
            revisions.append(line)
        inside = inside or (line.startswith("COPY ") and "FROM stdin;" in line)
    if not revisions:
        raise BackupError(N_("{path} holds no houqin school", path=shown))
    return tuple(sorted(revisions))


def _backup_postgresql(parsed: URL, path: Path, shown: str) -> tuple[str, ...]:
    pg_dump, pg_restore = _tool("pg_dump"), _tool("pg_restore")
    engine = _pg_engine(parsed)
    try:
        with engine.connect() as conn:
            schema = _school_schema(conn, parsed, shown)
            if not migrate.current(conn, CORE_MIGRATION):
                raise BackupError(N_("{path} holds no houqin school", path=shown))
    finally:
        engine.dispose()
    conninfo, env = _libpq(parsed)
    with _staged(path) as partial:
        args = ["--format=custom", "--no-password", f"--file={partial}", f"--dbname={conninfo}"]
        if _url_schema(parsed) is not None:
            # --schema takes a pattern: quoted, the name is matched as written.
            args.append(f"--schema={_ident(schema)}")
        _run(pg_dump, args, env)
        if schema not in _archived_schools(pg_restore, partial, env):
            raise BackupError(N_("{path} holds no houqin school", path=shown))
        return _archived_revisions(pg_restore, partial, schema, env, shown)


def _pick_school(schools: Sequence[str], target: str, path: Path) -> str:
    if target in schools:
        return target
    if len(schools) == 1:
        return schools[0]
    if not schools:
        raise BackupError(N_("{path} holds no houqin school", path=path))
    raise BackupError(
        N_(
            "{path} holds several houqin schools (schemas {schemas}): restore into a URL "
            "whose options=-csearch_path=<schema> names one of them",
            path=path,
            schemas=", ".join(schools),
        )
    )


def _restore_postgresql(path: Path, parsed: URL, shown: str) -> tuple[str, ...]:
    pg_restore = _tool("pg_restore")
    conninfo, env = _libpq(parsed)
    engine = _pg_engine(parsed)
    try:
        with engine.connect() as conn:
            target = _school_schema(conn, parsed, shown)
            schemas = set(conn.exec_driver_sql("SELECT nspname FROM pg_namespace").scalars())
        source = _pick_school(_archived_schools(pg_restore, path, env), target, path)
        revisions = _archived_revisions(pg_restore, path, source, env, path)
        _check_known(revisions, path)
        if source == target:
            args = [*_CLEAN_RESTORE, "--single-transaction", f"--schema={source}"]
            _run(pg_restore, [*args, f"--dbname={conninfo}", str(path)], env)
        else:
            psql = _tool("psql")
            steps = _renamed_restore(source, target, source in schemas)
            _restore_elsewhere(pg_restore, psql, path, source, steps, conninfo, env)
        with engine.connect() as conn:
            restored = migrate.current(conn, CORE_MIGRATION)
    finally:
        engine.dispose()
    if set(restored) != set(revisions):
        raise BackupError(
            N_(
                "the restore of {path} ran, but {url} does not hold the school",
                path=path,
                url=shown,
            )
        )
    return revisions


def _renamed_restore(source: str, target: str, source_exists: bool) -> tuple[str, str]:
    """The statements around a restore of schema ``source`` into schema ``target``.

    pg_dump names the schema in every statement and pg_restore cannot rename it,
    so for the length of the transaction the target takes the archive's schema
    name, and the schema that holds that name steps aside.
    """
    hold = f"houqin_restore_{uuid.uuid4().hex[:12]}"
    before = [f"ALTER SCHEMA {_ident(target)} RENAME TO {_ident(source)}"]
    after = [f"ALTER SCHEMA {_ident(source)} RENAME TO {_ident(target)}"]
    if source_exists:
        before.insert(0, f"ALTER SCHEMA {_ident(source)} RENAME TO {_ident(hold)}")
        after.append(f"ALTER SCHEMA {_ident(hold)} RENAME TO {_ident(source)}")
    return "; ".join(before), "; ".join(after)


def _restore_elsewhere(
    pg_restore: str,
    psql: str,
    path: Path,
    source: str,
    steps: tuple[str, str],
    conninfo: str,
    env: dict[str, str],
) -> None:
    """Run the renames and the archive's script in one psql transaction.

    The script goes through a file, not a pipe: psql would commit a stream
    that broke off half way.
    """
    before, after = steps
    with tempfile.TemporaryDirectory(prefix="houqin-restore-") as folder:
        script = Path(folder) / "restore.sql"
        args = [*_CLEAN_RESTORE, f"--schema={source}", f"--file={script}", str(path)]
        _run(pg_restore, args, env)
        _run(
            psql,
            [
                "--no-psqlrc",
                "--quiet",
                "--no-password",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                f"--command={before}",
                f"--file={script}",
                f"--command={after}",
                f"--dbname={conninfo}",
            ],
            env,
        )
