"""One page of the asset register, and the totals shown with it, at a million lines.

Ours is the web list view (``/assets/assets/?campus=…&category=…``) called
through Flask's test client by a logged-in administrator: the session check,
the service (filters, keyset page, total), the template. The baseline runs
the same SQL by hand: the statements the list service sent to the database
for that page (its count and its page), captured and replayed on the bare
DBAPI connection. The deep page starts at 90 % of the filtered rows, through
the cursor the pager would have handed out there.

The totals are :func:`asset_totals` against a hand-written ``count(*)`` and
``sum()`` over the same filter.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from bench.common import Databases, Result, Scale, generated_school, median, timed
from houqin.core.access import operator_actor
from houqin.core.assets import tables as at
from houqin.core.assets.categories import CategoryIndex, CategoryInfo
from houqin.core.assets.service import asset_totals
from houqin.core.listing import encode_cursor
from houqin.core.org import tables as o
from houqin.core.org import users
from houqin.core.org.model import UserInput
from houqin.core.school import School
from houqin.frontends.web import WebConfig, create_app

SECRET = "bench-secret-key-0123456789abcdef"
CAMPUS = "本部"
CATEGORY = "A02000000"  # 设备: computers, displays, air conditioners and the rest
FILTERS = {"campus": CAMPUS, "category": CATEGORY}
PAGE = 50
_ROW = re.compile(r'<a href="/assets/assets/\d+">([^<]+)</a>')


def web_app(school: School, url: str) -> Any:
    """The site over ``school`` with an administrator logged in; returns (app, client)."""
    with school.write(operator_actor()) as uow:
        users.add_user(uow, UserInput(username="bench", role="admin", password="bench-password-1"))
    with school.engine.connect() as conn:
        user_id, version = conn.execute(
            sa.select(o.user_account.c.id, o.user_account.c.session_version).where(
                o.user_account.c.username == "bench"
            )
        ).one()
    app = create_app(
        WebConfig(secret_key=SECRET, database_url=url, plugins=[], web_plugins={}, language="zh_CN")
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{version}"
        session["_fresh"] = True
        session["seen"] = int(time.time()) + 365 * 24 * 3600
    return app, client


@contextmanager
def captured(engine: sa.Engine) -> Iterator[list[tuple[str, Any]]]:
    """The statements and parameters sent to the database while the block runs."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def replay(engine: sa.Engine, statements: list[tuple[str, Any]]) -> list[list[Any]]:
    """Run the statements on the bare DBAPI connection in one transaction; their rows."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        results = []
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            results.append(list(cursor.fetchall()))
        raw.rollback()
        return results
    finally:
        raw.close()


def deep_cursor(school: School) -> str:
    """The cursor the pager hands out at 90 % of the filtered rows."""
    a = at.asset.c
    with school.read(operator_actor()) as uow:
        campus_id = uow.conn.execute(
            sa.select(o.campus.c.id).where(o.campus.c.name == CAMPUS)
        ).scalar_one()
        index = CategoryIndex.load(uow)
        found = index.find(CATEGORY)
        assert isinstance(found, CategoryInfo)
        category_ids = sorted(index.descendants(found.id))
        where = (a.campus_id == campus_id, a.category_id.in_(category_ids))
        total = uow.conn.execute(sa.select(sa.func.count()).where(*where)).scalar_one()
        number = uow.conn.execute(
            sa.select(a.number).where(*where).order_by(a.number).offset(int(total * 0.9)).limit(1)
        ).scalar_one()
    return encode_cursor([number])


def _page_url(after: str | None) -> str:
    query = "&".join(f"{k}={v}" for k, v in FILTERS.items())
    return f"/assets/assets/?{query}" + (f"&after={after}" if after else "")


def _list_statements(statements: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The count and the page: the statements that read the asset table."""
    return [(s, p) for s, p in statements if re.search(r"\bFROM asset\b", s)]


def _measure_page(engine: sa.Engine, client: Any, after: str | None, runs: int) -> dict[str, Any]:
    url = _page_url(after)
    with captured(engine) as statements:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    ours_numbers = _ROW.findall(response.get_data(as_text=True))
    mine = _list_statements(statements)
    replayed = replay(engine, mine)
    page_rows = next(rows for rows in reversed(replayed) if rows and len(rows[0]) > 1)
    by_hand = [str(row[1]) for row in page_rows[:PAGE]]  # column 1 is the asset number
    ours_times = [timed(lambda: client.get(url))[0] for _ in range(runs)]
    base_times = [timed(lambda: replay(engine, mine))[0] for _ in range(runs)]
    return {
        "ours": median(ours_times),
        "baseline": median(base_times),
        "same_page": ours_numbers == by_hand and len(by_hand) > 0,
        "statements_in_request": len(statements),
        "statements_replayed": len(mine),
    }


def list_results(school: School, url: str, rows: int, runs: int, backend: str) -> list[Result]:
    app, client = web_app(school, url)
    client.get(_page_url(None))  # templates compiled, caches warm: what a running site has
    engine = app.extensions["houqin_school"].school.engine
    first = _measure_page(engine, client, None, runs)
    deep = _measure_page(engine, client, deep_cursor(school), runs)
    app.extensions["houqin_school"].close()
    common = {"rows": rows, "backend": backend, "filters": FILTERS}
    return [
        Result(
            "list_first_page", "s", first["ours"], first["baseline"], 3.0,
            extra={**common, **{k: v for k, v in first.items() if k not in ("ours", "baseline")}},
        ),
        Result(
            "list_deep_page", "s", deep["ours"], deep["baseline"], 3.0,
            extra={**common, **{k: v for k, v in deep.items() if k not in ("ours", "baseline")}},
        ),
        Result(
            "list_deep_vs_first", "s", deep["ours"], first["ours"], 1.5,
            note="our deep page over our first page",
            extra=common,
        ),
    ]  # fmt: skip


def _one(cursor: Any) -> Any:
    row = cursor.fetchone()
    assert row is not None
    return row


def _totals_by_hand(school: School) -> tuple[int, int, int]:
    raw = school.engine.raw_connection()
    try:
        cursor = raw.cursor()
        mark = "?" if school.engine.dialect.name == "sqlite" else "%s"
        cursor.execute(f"SELECT id FROM campus WHERE name = {mark}", (CAMPUS,))
        (campus_id,) = _one(cursor)
        cursor.execute(
            f"WITH RECURSIVE sub(id) AS (SELECT id FROM asset_category WHERE code = {mark} "
            "UNION ALL SELECT c.id FROM asset_category c JOIN sub ON c.parent_id = sub.id) "
            "SELECT count(*), coalesce(sum(quantity), 0), "
            "coalesce(sum(CAST(round(value * 100) AS BIGINT)), 0) "
            f"FROM asset WHERE campus_id = {mark} AND category_id IN (SELECT id FROM sub)",
            (CATEGORY, campus_id),
        )
        lines, quantity, fen = _one(cursor)
        raw.rollback()
    finally:
        raw.close()
    return int(lines), int(quantity), int(fen)


def totals_result(school: School, rows: int, runs: int, backend: str) -> Result:
    actor = operator_actor()

    def ours() -> tuple[int, int, int]:
        with school.read(actor) as uow:
            found = asset_totals(uow, **FILTERS)
        return found.count, found.quantity, int(found.value * 100)

    same = ours() == _totals_by_hand(school)
    ours_times = [timed(ours)[0] for _ in range(runs)]
    base_times = [timed(lambda: _totals_by_hand(school))[0] for _ in range(runs)]
    return Result(
        "totals", "s", median(ours_times), median(base_times), 1.5,
        extra={"rows": rows, "backend": backend, "filters": FILTERS, "same_totals": same},
    )  # fmt: skip


def run(scale: Scale, dbs: Databases) -> list[Result]:
    backend = dbs.main_name
    runs = max(5, scale.runs * 3)
    with dbs.fresh(backend) as url:
        school, _org = generated_school(url, scale.list_rows)
        try:
            results = list_results(school, url, scale.list_rows, runs, backend)
            results.append(totals_result(school, scale.list_rows, runs, backend))
        finally:
            school.engine.dispose()
    return results
