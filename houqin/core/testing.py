"""Pytest fixtures for houqin and for plugin authors (registered through ``pytest11``).

Every test that asks for ``houqin_school`` gets a fresh, initialised school:
on SQLite in a temporary file, and again on PostgreSQL in a schema of its own
when ``HOUQIN_TEST_DATABASE_URL`` points at a server. Without that variable the
PostgreSQL runs are skipped with a message saying how to switch them on;
under ``CI=true`` they fail instead of skipping.

    def test_my_plugin(houqin_school_factory, houqin_operator):
        school = houqin_school_factory(plugins=[my_plugin], school_type="boarding")
        with school.write(houqin_operator) as uow:
            ...
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from houqin.core.access import Actor, operator_actor

TEST_URL_ENV = "HOUQIN_TEST_DATABASE_URL"
SWITCH_ON = (
    f"PostgreSQL tests are off: set {TEST_URL_ENV}="
    "postgresql://127.0.0.1:5432/test (any database the user may create schemas in)"
)

SchoolFactory = Callable[..., Any]


def postgres_base_url() -> str | None:
    """The server for PostgreSQL tests, or None (skipped outside CI, failing in CI)."""
    url = os.environ.get(TEST_URL_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {TEST_URL_ENV} is not set: PostgreSQL tests must run")
        pytest.skip(SWITCH_ON)
    from houqin.core.db.engine import resolve_url

    return resolve_url(url)


@pytest.fixture
def houqin_postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh PostgreSQL schema, dropped after the test."""
    base = postgres_base_url()
    assert base is not None
    schema = f"houqin_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL at {TEST_URL_ENV} cannot be reached ({exc.orig}); {SWITCH_ON}")
    url = sa.engine.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def houqin_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty database: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'school.sqlite3'}"
    return str(request.getfixturevalue("houqin_postgres_url"))


@pytest.fixture
def houqin_operator() -> Actor:
    """The actor of the person at the command line: every permission."""
    return operator_actor()


@pytest.fixture
def houqin_school_factory(
    houqin_database_url: str, houqin_operator: Actor
) -> Iterator[SchoolFactory]:
    """Open the test database with the given plugins, initialised unless ``init=False``."""
    from houqin.core.school import School, init_school

    opened: list[Any] = []

    def make(
        plugins: Sequence[Any] = (),
        *,
        school_type: str | None = None,
        name: str | None = None,
        init: bool = True,
    ) -> School:
        school = School.open(houqin_database_url, plugins=list(plugins), require_schema=False)
        opened.append(school)
        if init:
            init_school(school, houqin_operator, name=name, school_type=school_type)
        return school

    yield make
    for school in opened:
        school.engine.dispose()


@pytest.fixture
def houqin_school(houqin_school_factory: SchoolFactory) -> Any:
    """A fresh, initialised school with no optional plugins."""
    return houqin_school_factory()
