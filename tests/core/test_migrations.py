"""Migrations: upgraded schema equals the metadata; init repeats; foreign revisions refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from houqin.core import audit, builtin
from houqin.core.commands import structure_command
from houqin.core.db import migrate
from houqin.core.db.engine import create_engine
from houqin.core.errors import SchemaMismatch
from houqin.core.i18n import use_language
from houqin.core.org import model, service
from houqin.core.school import School, init_school

FUTURE = "9999_from_a_newer_houqin"


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the default language is Chinese."""
    with use_language("en"):
        yield


def _snapshot(engine: sa.Engine) -> dict[str, object]:
    """Every table with its columns and row count, and the stored revision."""
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        tables = sorted(inspector.get_table_names())
        found: dict[str, object] = {
            name: (
                [c["name"] for c in inspector.get_columns(name)],
                conn.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar(),
            )
            for name in tables
        }
        if "alembic_version" in tables:
            found["revision"] = migrate.current(conn, builtin.CORE_MIGRATION)
    return found


def test_upgraded_empty_database_is_exactly_the_metadata(houqin_school):
    s = houqin_school
    with s.engine.connect() as conn:
        assert migrate.differences(conn, s.migration_specs()) == []
        state = migrate.status(conn, builtin.CORE_MIGRATION)
        tables = set(sa.inspect(conn).get_table_names())
    assert state.state == "current"
    assert state.current == migrate.heads(builtin.CORE_MIGRATION)
    assert set(builtin.CORE_MIGRATION.tables) | {"alembic_version"} == tables


def test_differences_notices_a_drifted_schema(houqin_school):
    s = houqin_school
    with s.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_audit_event_at")
    with s.engine.connect() as conn:
        found = migrate.differences(conn, s.migration_specs())
    assert [(d[0], d[1].name) for d in found] == [("add_index", "ix_audit_event_at")]


def test_init_twice_is_harmless(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        service.create_campus(
            uow, structure_command(s.converter, model.CampusInput, {"name": "东校区"})
        )
    before = _snapshot(s.engine)
    assert init_school(s, houqin_operator) == []
    assert _snapshot(s.engine) == before
    with s.engine.connect() as conn:
        assert migrate.current(conn, builtin.CORE_MIGRATION) == migrate.heads(
            builtin.CORE_MIGRATION
        )
        assert migrate.differences(conn, s.migration_specs()) == []
        assert audit.verify_chain(conn).events == 1


def test_revision_from_newer_code_is_refused_and_nothing_changes(
    houqin_school, houqin_operator, houqin_database_url
):
    s = houqin_school
    with s.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{FUTURE}'")
    before = _snapshot(s.engine)
    assert before["revision"] == (FUTURE,)

    with pytest.raises(SchemaMismatch, match="newer") as caught:
        School.open(houqin_database_url, plugins=[])
    assert FUTURE in str(caught.value)
    with pytest.raises(SchemaMismatch, match="newer"):
        School.open(houqin_database_url, plugins=[], require_schema=False)
    with pytest.raises(SchemaMismatch, match=FUTURE), s.engine.begin() as conn:
        migrate.upgrade(conn, builtin.CORE_MIGRATION)
    with pytest.raises(SchemaMismatch):
        init_school(s, houqin_operator, name="别的学校")
    assert _snapshot(s.engine) == before


def test_database_without_a_school_asks_for_houqin_init(houqin_database_url, houqin_operator):
    with pytest.raises(SchemaMismatch, match="houqin init"):
        School.open(houqin_database_url, plugins=[])
    engine = create_engine(houqin_database_url)
    try:
        assert _snapshot(engine) == {}
    finally:
        engine.dispose()

    school = School.open(houqin_database_url, plugins=[], require_schema=False)
    try:
        init_school(school, houqin_operator)
        reopened = School.open(houqin_database_url, plugins=[])
        with reopened.engine.connect() as conn:
            assert migrate.status(conn, builtin.CORE_MIGRATION).state == "current"
        reopened.engine.dispose()
    finally:
        school.engine.dispose()
