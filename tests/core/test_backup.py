"""Backups: a restored school is the school that was backed up, or nothing changes."""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.access import Actor
from houqin.core.backup import BackupError, _libpq, backup_school, restore_school
from houqin.core.builtin import CORE_MIGRATION
from houqin.core.commands import structure_command
from houqin.core.db.metadata import metadata
from houqin.core.db.migrate import heads
from houqin.core.db.tables import CORE_TABLES
from houqin.core.errors import ConfigurationError, SchemaMismatch
from houqin.core.i18n import use_language
from houqin.core.org import model, service
from houqin.core.school import School, init_school
from houqin.core.settings import set_setting
from houqin.core.testing import postgres_base_url

postgres = pytest.mark.postgres


CORE_HEADS = heads(CORE_MIGRATION)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with use_language("en"):
        yield


def _cmd(school: School, cls: type[Any], **data: Any) -> Any:
    return structure_command(school.converter, cls, data)


def _open(url: str, actor: Actor) -> School:
    school = School.open(url, plugins=[], require_schema=False)
    init_school(school, actor)
    return school


def _fill(school: School, actor: Actor) -> None:
    s = school
    with s.write(actor) as uow:
        for campus in ("东校区", "西校区"):
            service.create_campus(uow, _cmd(s, model.CampusInput, name=campus))
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="东校区", name="教学楼"))
        for room, area in (("101", "52.50"), ("102", None), ("201", "1,234.50")):
            service.create_room(
                uow,
                _cmd(s, model.RoomInput, campus="东校区", building="教学楼", name=room, area=area),
            )
        service.create_department(uow, _cmd(s, model.DepartmentInput, name="总务处"))
        service.create_department(
            uow, _cmd(s, model.DepartmentInput, name="后勤科", parent="总务处")
        )
        service.create_person(
            uow, _cmd(s, model.PersonInput, name="张老师", staff_no="T001", department="后勤科")
        )
        set_setting(uow, "school.name", "第一中学")


def _change(school: School, actor: Actor) -> None:
    """Add, remove and alter rows, as a day of work after the backup would."""
    s = school
    with s.write(actor) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="南校区"))
        room = next(r for r in service.list_rooms(uow).items if r.name == "102")
        service.delete_room(uow, room.id)
        set_setting(uow, "school.name", "第二中学")


def _snapshot(school: School) -> dict[str, Any]:
    """Every row of every table, in primary-key order, and the audit chain's verdict."""
    with school.engine.connect() as conn:
        present = set(sa.inspect(conn).get_table_names())
        assert set(CORE_TABLES) <= present
        shot: dict[str, Any] = {"tables": sorted(present)}
        for table in metadata.sorted_tables:
            if table.name in present:
                query = sa.select(table).order_by(*table.primary_key.columns)
                shot[table.name] = [tuple(row) for row in conn.execute(query)]
        shot["alembic_version"] = [
            tuple(row)
            for row in conn.exec_driver_sql("SELECT * FROM alembic_version ORDER BY version_num")
        ]
        shot["chain"] = audit.verify_chain(conn)
    return shot


def _campuses(school: School) -> list[str]:
    with school.engine.connect() as conn:
        return sorted(conn.exec_driver_sql("SELECT name FROM campus").scalars())


def _set_revision(school: School, revision: str) -> None:
    with school.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


# Both engines


def test_restore_brings_back_the_school_as_it_was_backed_up(
    houqin_school: School, houqin_database_url: str, houqin_operator: Actor, tmp_path: Path
) -> None:
    s, url = houqin_school, houqin_database_url
    _fill(s, houqin_operator)
    before = _snapshot(s)
    target = tmp_path / "backups" / "school.backup"

    report = backup_school(url, target)

    assert report.path == target
    assert report.revisions == CORE_HEADS
    assert report.size == target.stat().st_size > 0
    assert [p.name for p in target.parent.iterdir()] == ["school.backup"]
    _change(s, houqin_operator)
    assert _snapshot(s) != before

    restored = restore_school(target, url)

    assert restored.revisions == CORE_HEADS
    assert not restored.upgrade_needed
    after = _snapshot(s)
    assert after == before
    assert after["chain"].ok and after["chain"].events == before["chain"].events > 0
    School.open(url, plugins=[]).engine.dispose()


def test_backup_taken_during_a_write_holds_only_committed_work(
    houqin_school: School, houqin_database_url: str, houqin_operator: Actor, tmp_path: Path
) -> None:
    s, url = houqin_school, houqin_database_url
    _fill(s, houqin_operator)
    before = _snapshot(s)
    target = tmp_path / "school.backup"

    with s.write(houqin_operator) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="北校区"))
        backup_school(url, target)

    assert "北校区" in _campuses(s)
    restore_school(target, url)
    assert _snapshot(s) == before


def test_garbage_is_refused_and_the_school_is_unchanged(
    houqin_school: School, houqin_database_url: str, houqin_operator: Actor, tmp_path: Path
) -> None:
    s, url = houqin_school, houqin_database_url
    _fill(s, houqin_operator)
    before = _snapshot(s)
    garbage = tmp_path / "school.backup"
    garbage.write_bytes(b"not a backup at all\n" * 200)

    with pytest.raises(BackupError, match="is not a houqin backup"):
        restore_school(garbage, url)
    with pytest.raises(BackupError, match="there is no backup at"):
        restore_school(tmp_path / "missing.backup", url)
    assert _snapshot(s) == before


def test_backup_from_a_newer_houqin_is_refused_and_the_school_is_unchanged(
    houqin_school: School, houqin_database_url: str, houqin_operator: Actor, tmp_path: Path
) -> None:
    s, url = houqin_school, houqin_database_url
    _fill(s, houqin_operator)
    target = tmp_path / "newer.backup"
    _set_revision(s, "9999_from_the_future")
    backup_school(url, target)
    _set_revision(s, CORE_HEADS[0])
    _change(s, houqin_operator)
    before = _snapshot(s)

    with pytest.raises(SchemaMismatch, match="written by a newer houqin") as caught:
        restore_school(target, url)

    assert "9999_from_the_future" in str(caught.value)
    assert _snapshot(s) == before


# SQLite


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'live' / 'school.sqlite3'}"


def _journal_mode(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])


def test_sqlite_backup_is_one_file_and_restores_into_a_new_database(
    sqlite_url: str, houqin_operator: Actor, tmp_path: Path
) -> None:
    s = _open(sqlite_url, houqin_operator)
    _fill(s, houqin_operator)
    before = _snapshot(s)
    target = tmp_path / "school.backup"
    backup_school(sqlite_url, target)
    assert _journal_mode(target) == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["live", "school.backup"]

    fresh = tmp_path / "elsewhere" / "school.sqlite3"
    restore_school(target, str(fresh))

    copy = School.open(str(fresh), plugins=[])
    assert _snapshot(copy) == before
    assert _journal_mode(fresh) == "wal"
    copy.engine.dispose()
    restore_school(target, sqlite_url)
    assert _journal_mode(tmp_path / "live" / "school.sqlite3") == "wal"
    s.engine.dispose()


def test_damaged_or_foreign_sqlite_files_are_refused(
    sqlite_url: str, houqin_operator: Actor, tmp_path: Path
) -> None:
    s = _open(sqlite_url, houqin_operator)
    _fill(s, houqin_operator)
    target = tmp_path / "school.backup"
    backup_school(sqlite_url, target)
    _change(s, houqin_operator)
    before = _snapshot(s)
    with target.open("r+b") as file:
        file.truncate(target.stat().st_size // 2)
    foreign = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")

    with pytest.raises(BackupError, match="is damaged"):
        restore_school(target, sqlite_url)
    with pytest.raises(BackupError, match="holds no houqin school"):
        restore_school(foreign, sqlite_url)
    assert _snapshot(s) == before
    s.engine.dispose()


def test_sqlite_backup_refusals_keep_the_previous_backup(
    sqlite_url: str, houqin_operator: Actor, tmp_path: Path
) -> None:
    s = _open(sqlite_url, houqin_operator)
    live = tmp_path / "live" / "school.sqlite3"
    target = tmp_path / "backups" / "school.backup"
    backup_school(sqlite_url, target)
    kept = target.read_bytes()
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()

    with pytest.raises(BackupError, match="holds no houqin school"):
        backup_school(str(empty), target)
    with pytest.raises(ConfigurationError, match="there is no database at"):
        backup_school(str(tmp_path / "nowhere.sqlite3"), target)
    with pytest.raises(BackupError, match="cannot be written over the database"):
        backup_school(sqlite_url, live)
    with pytest.raises(BackupError, match="is the database itself"):
        restore_school(live, sqlite_url)

    assert target.read_bytes() == kept
    assert [p.name for p in target.parent.iterdir()] == ["school.backup"]
    assert not (tmp_path / "nowhere.sqlite3").exists()
    School.open(sqlite_url, plugins=[]).engine.dispose()
    s.engine.dispose()


def test_missing_postgresql_tools_are_named_with_how_to_install_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The tools are looked for before any connection is tried: no server is needed.
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    url = "postgresql://127.0.0.1:9/school"
    archive = tmp_path / "school.backup"
    archive.write_bytes(b"PGDMP" + bytes(200))

    with pytest.raises(ConfigurationError, match="pg_dump was not found") as dump:
        backup_school(url, tmp_path / "new.backup")
    with pytest.raises(ConfigurationError, match="pg_restore was not found") as restore:
        restore_school(archive, url)

    for caught in (dump, restore):
        assert "apt-get install postgresql-client" in str(caught.value)
    assert not (tmp_path / "new.backup").exists()


# PostgreSQL


@pytest.fixture
def make_schema(houqin_postgres_url: str) -> Iterator[Callable[[], tuple[str, str]]]:
    """Create more schemas beside the test's own; each is dropped after the test."""
    base = postgres_base_url()
    assert base is not None
    admin = sa.create_engine(base)
    made: list[str] = []

    def make() -> tuple[str, str]:
        schema = f"houqin_test_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        made.append(schema)
        url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        return schema, url.render_as_string(hide_password=False)

    yield make
    with admin.begin() as conn:
        for schema in made:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.dispose()


@pytest.fixture
def pg_school(houqin_postgres_url: str, houqin_operator: Actor) -> Iterator[School]:
    school = _open(houqin_postgres_url, houqin_operator)
    yield school
    school.engine.dispose()


def _current_schema(school: School) -> str:
    with school.engine.connect() as conn:
        return str(conn.exec_driver_sql("SELECT current_schema()").scalar())


def _restore_leftovers(school: School) -> list[str]:
    """Schemas a restore set aside and failed to put back (other tests share the server)."""
    with school.engine.connect() as conn:
        names = conn.exec_driver_sql("SELECT nspname FROM pg_namespace").scalars()
        return [name for name in names if name.startswith("houqin_restore_")]


@postgres
def test_postgresql_restore_into_another_schema(
    pg_school: School,
    houqin_postgres_url: str,
    make_schema: Callable[[], tuple[str, str]],
    houqin_operator: Actor,
    tmp_path: Path,
) -> None:
    _fill(pg_school, houqin_operator)
    before = _snapshot(pg_school)
    original = _current_schema(pg_school)
    target = tmp_path / "school.backup"
    backup_school(houqin_postgres_url, target)
    copy_schema, copy_url = make_schema()

    restore_school(target, copy_url)

    copy = School.open(copy_url, plugins=[])
    assert _snapshot(copy) == before
    assert _snapshot(pg_school) == before
    _change(copy, houqin_operator)
    restore_school(target, copy_url)
    assert _snapshot(copy) == before
    assert _snapshot(pg_school) == before
    assert _current_schema(pg_school) == original
    assert _current_schema(copy) == copy_schema
    assert _restore_leftovers(pg_school) == []

    # A backup whose schema no longer exists in the database restores as well.
    second = tmp_path / "copy.backup"
    backup_school(copy_url, second)
    copy.engine.dispose()
    with pg_school.engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{copy_schema}" CASCADE')
    _, third_url = make_schema()
    restore_school(second, third_url)
    third = School.open(third_url, plugins=[])
    assert _snapshot(third) == before
    third.engine.dispose()


@postgres
def test_postgresql_failed_restore_leaves_the_school_as_it_was(
    pg_school: School,
    houqin_postgres_url: str,
    make_schema: Callable[[], tuple[str, str]],
    houqin_operator: Actor,
    tmp_path: Path,
) -> None:
    _fill(pg_school, houqin_operator)
    target = tmp_path / "school.backup"
    backup_school(houqin_postgres_url, target)
    _change(pg_school, houqin_operator)
    # A view someone added for reports: the restore cannot drop the table under it.
    with pg_school.engine.begin() as conn:
        conn.exec_driver_sql("CREATE VIEW campus_names AS SELECT name FROM campus")
    before = _snapshot(pg_school)

    with pytest.raises(BackupError, match="pg_restore failed") as same:
        restore_school(target, houqin_postgres_url)

    assert "depend" in str(same.value)
    assert _snapshot(pg_school) == before

    # The same failure while restoring into another schema undoes the renames too.
    _, copy_url = make_schema()
    restore_school(target, copy_url)
    copy = School.open(copy_url, plugins=[])
    _change(copy, houqin_operator)
    with copy.engine.begin() as conn:
        conn.exec_driver_sql("CREATE VIEW campus_names AS SELECT name FROM campus")
    copy_before = _snapshot(copy)
    with pytest.raises(BackupError, match="psql failed") as elsewhere:
        restore_school(target, copy_url)
    assert "depend" in str(elsewhere.value)
    assert _snapshot(copy) == copy_before
    assert _snapshot(pg_school) == before
    assert _restore_leftovers(pg_school) == []
    copy.engine.dispose()


@postgres
def test_postgresql_archives_without_a_school_or_from_a_newer_houqin_are_refused(
    pg_school: School,
    houqin_postgres_url: str,
    make_schema: Callable[[], tuple[str, str]],
    houqin_operator: Actor,
    tmp_path: Path,
) -> None:
    _fill(pg_school, houqin_operator)
    before = _snapshot(pg_school)
    other, _ = make_schema()
    with pg_school.engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE TABLE "{other}".notes (text TEXT)')
    foreign = tmp_path / "foreign.backup"
    conninfo, env = _libpq(sa.engine.make_url(postgres_base_url() or ""))
    subprocess.run(
        ["pg_dump", "--format=custom", f"--schema={other}", f"--file={foreign}", conninfo],
        env=env,
        check=True,
    )
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(b"PGDMP" + bytes(500))

    with pytest.raises(BackupError, match="holds no houqin school"):
        restore_school(foreign, houqin_postgres_url)
    with pytest.raises(BackupError, match="cannot be read as a pg_dump archive"):
        restore_school(damaged, houqin_postgres_url)
    assert _snapshot(pg_school) == before


@postgres
def test_a_backup_is_restored_only_into_the_same_kind_of_database(
    pg_school: School,
    houqin_postgres_url: str,
    sqlite_url: str,
    houqin_operator: Actor,
    tmp_path: Path,
) -> None:
    lite = _open(sqlite_url, houqin_operator)
    _fill(lite, houqin_operator)
    _fill(pg_school, houqin_operator)
    lite_backup, pg_backup = tmp_path / "lite.backup", tmp_path / "pg.backup"
    backup_school(sqlite_url, lite_backup)
    backup_school(houqin_postgres_url, pg_backup)
    _change(lite, houqin_operator)
    _change(pg_school, houqin_operator)
    lite_before, pg_before = _snapshot(lite), _snapshot(pg_school)

    with pytest.raises(BackupError, match="backup of a SQLite school") as into_pg:
        restore_school(lite_backup, houqin_postgres_url)
    with pytest.raises(BackupError, match="backup of a PostgreSQL school") as into_lite:
        restore_school(pg_backup, sqlite_url)

    assert "cannot be restored into PostgreSQL" in str(into_pg.value)
    assert "cannot be restored into SQLite" in str(into_lite.value)
    assert _snapshot(lite) == lite_before
    assert _snapshot(pg_school) == pg_before
    lite.engine.dispose()


@postgres
def test_postgresql_archive_that_breaks_off_changes_nothing(
    pg_school: School,
    houqin_postgres_url: str,
    make_schema: Callable[[], tuple[str, str]],
    houqin_operator: Actor,
    tmp_path: Path,
) -> None:
    _fill(pg_school, houqin_operator)
    target = tmp_path / "school.backup"
    backup_school(houqin_postgres_url, target)
    _, copy_url = make_schema()
    restore_school(target, copy_url)
    copy = School.open(copy_url, plugins=[])
    _change(pg_school, houqin_operator)
    _change(copy, houqin_operator)
    # The table of contents and the schema revision still read; the last table's rows do not.
    with target.open("r+b") as file:
        file.truncate(target.stat().st_size - 40)
    before, copy_before = _snapshot(pg_school), _snapshot(copy)

    with pytest.raises(BackupError, match="pg_restore failed"):
        restore_school(target, houqin_postgres_url)
    with pytest.raises(BackupError, match="pg_restore failed"):
        restore_school(target, copy_url)

    assert _snapshot(pg_school) == before
    assert _snapshot(copy) == copy_before
    copy.engine.dispose()


def test_postgresql_password_reaches_the_tools_through_the_environment() -> None:
    url = sa.engine.make_url(
        "postgresql+psycopg://houqin:s3cr%27t%20pw@db.school:5433/houqin"
        "?sslmode=require&options=-csearch_path%3Dschool_a"
    )

    conninfo, env = _libpq(url)

    assert env["PGPASSWORD"] == "s3cr't pw"
    assert "s3cr" not in conninfo
    assert conninfo == (
        "host='db.school' port='5433' user='houqin' dbname='houqin' sslmode='require' "
        "options='-csearch_path=school_a'"
    )
