"""A hundred storekeepers issuing the last ten units at once, on SQLite and PostgreSQL.

Each thread has its own approved request and its own connection; all start
at one barrier. Ours runs :func:`issue_stock` in ``School.write``: the
request locked, the conditional UPDATE of the balance, the cost layers, the
movement and two audit events. The baseline, from the same number of
threads on the same pool, runs only the bare conditional UPDATE
``quantity = quantity - 1 WHERE quantity >= 1`` of another item's balance.
Both must let exactly ten through. Throughput is attempts per second from
the barrier to the last thread's end; the ratio is ours over the baseline's.

On SQLite ours also has what ``School.write`` adds in front of BEGIN
IMMEDIATE: the writers of one process queue on a lock per file
(:func:`houqin.core.db.engine.write_lock`); the baseline's raw connections
meet only SQLite's lock and its busy handler, as another process would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from bench.common import Databases, Result, Scale, median, open_school
from houqin.core.access import operator_actor
from houqin.core.errors import Conflict
from houqin.core.org import model as om
from houqin.core.org import service as org
from houqin.core.school import School
from houqin.core.stock import ledger, requests
from houqin.core.stock import service as svc
from houqin.core.stock import tables as t
from houqin.core.stock.model import (
    ApprovalInput,
    IssueInput,
    ItemInput,
    RequestInput,
    StockInInput,
    StoreInput,
)

STORE = "总务仓库"
ITEM, BARE_ITEM = "BG001", "BG002"


def _set_up(school: School) -> tuple[int, int]:
    """The store and its two items; returns the ids of the baseline item and the store."""
    with school.write(operator_actor()) as uow:
        org.create_campus(uow, om.CampusInput("本部"))
        org.create_department(uow, om.DepartmentInput("教务处"))
        svc.create_store(uow, StoreInput(STORE, campus="本部"))
        svc.create_item(uow, ItemInput("A4复印纸", "包", "办公用品", "70g", ITEM, 10, 30))
        svc.create_item(uow, ItemInput("白板笔", "支", "办公用品", "黑色", BARE_ITEM, 10, 30))
        ledger.stock_in(uow, StockInInput(STORE, BARE_ITEM, 1, Decimal("3.50")))
        item_id = uow.conn.execute(
            sa.select(t.stock_item.c.id).where(t.stock_item.c.code == BARE_ITEM)
        ).scalar_one()
        store_id = uow.conn.execute(
            sa.select(t.stock_store.c.id).where(t.stock_store.c.name == STORE)
        ).scalar_one()
    return int(item_id), int(store_id)


def _requests(school: School, threads: int, units: int) -> list[int]:
    """``units`` more units in the store and ``threads`` approved requests for one each."""
    with school.write(operator_actor()) as uow:
        ledger.stock_in(uow, StockInInput(STORE, ITEM, units, Decimal("21.50")))
        ids = []
        for _ in range(threads):
            made = requests.create_request(uow, RequestInput(STORE, ITEM, 1, "教务处"))
            requests.approve_request(uow, made.id, ApprovalInput(None))
            ids.append(made.id)
    return ids


def _race(threads: int, attempt: Callable[[int], bool]) -> tuple[float, int]:
    """Run ``attempt(i)`` in ``threads`` threads from one barrier; (seconds, successes)."""
    marks: dict[str, float] = {}

    def release() -> None:
        marks["start"] = time.perf_counter()

    barrier = threading.Barrier(threads, action=release)
    won: list[bool] = []
    ends: list[float] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        ok = attempt(i)
        with lock:
            won.append(ok)
            ends.append(time.perf_counter())

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=300)
    return max(ends) - marks["start"], sum(won)


def _warm(engine: sa.Engine, threads: int) -> None:
    """Open every pooled connection before the race, as a running site has them."""
    held = [engine.connect() for _ in range(threads)]
    for conn in held:
        conn.close()


# PostgreSQL allows 100 connections in all, shared with the other users of the server:
# there the threads share a pool of 40, as a web server's workers share theirs.
POSTGRES_POOL = 40


def race(url: str, threads: int, units: int, runs: int) -> dict[str, Any]:
    pool = threads if url.startswith("sqlite") else min(threads, POSTGRES_POOL)
    school = open_school(url, pool_size=pool, max_overflow=0, pool_timeout=300)
    engine = school.engine
    try:
        bare_item, store_id = _set_up(school)
        _warm(engine, pool)
        actor = operator_actor()
        ours_rates, base_rates, oversold = [], [], 0
        wins: set[tuple[str, int]] = set()
        sqlite = engine.dialect.name == "sqlite"
        for _ in range(runs):
            ids = _requests(school, threads, units)

            def issue(i: int, ids: list[int] = ids) -> bool:
                try:
                    with school.write(actor) as uow:
                        ledger.issue_stock(uow, IssueInput(ids[i], 1))
                    return True
                except Conflict:
                    return False

            seconds, won = _race(threads, issue)
            ours_rates.append(threads / seconds)
            wins.add(("ours", won))
            with engine.begin() as conn:
                conn.execute(
                    t.stock_balance.update()
                    .where(t.stock_balance.c.item_id == bare_item)
                    .values(quantity=units)
                )
                left = conn.execute(
                    sa.select(t.stock_balance.c.quantity).where(
                        t.stock_balance.c.item_id != bare_item
                    )
                ).scalar_one()
                oversold += max(0, -left) + max(0, won - units)

            def bare(_i: int) -> bool:
                raw = engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    if sqlite:
                        cursor.execute("BEGIN IMMEDIATE")
                    mark = "?" if sqlite else "%s"
                    cursor.execute(
                        "UPDATE stock_balance SET quantity = quantity - 1 "
                        f"WHERE item_id = {mark} AND store_id = {mark} AND quantity >= 1",
                        (bare_item, store_id),
                    )
                    taken = cursor.rowcount == 1
                    raw.commit()
                    return taken
                finally:
                    raw.close()

            seconds, won = _race(threads, bare)
            base_rates.append(threads / seconds)
            wins.add(("baseline", won))
    finally:
        engine.dispose()
    return {
        "ours": median(ours_rates),
        "baseline": median(base_rates),
        "wins": sorted(wins),
        "oversold": oversold,
        "pool": pool,
    }


def run(scale: Scale, dbs: Databases) -> list[Result]:
    results = []
    for backend in ("sqlite", "postgresql"):
        if not dbs.backend(backend):
            continue
        with dbs.fresh(backend) as url:
            found = race(url, scale.race_threads, scale.race_units, max(3, scale.runs))
        results.append(
            Result(
                f"stock_race_{backend}", "issues/s", found["ours"], found["baseline"], 0.5,
                higher_is_better=True,
                extra={
                    "threads": scale.race_threads,
                    "units": scale.race_units,
                    "issued_each_run": found["wins"],
                    "oversold": found["oversold"],
                    "connections": found["pool"],
                },
            )
        )  # fmt: skip
    return results
