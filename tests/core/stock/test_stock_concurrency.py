"""Many storekeepers issuing the last units at the same moment: never one unit too many.

Each thread opens its own unit of work (``School.write``) on its own
connection and issues against its own approved request; they all start
together at a barrier. The conditional UPDATE on the balance lets exactly
as many through as there are units; the rest are refused with a message
saying how many are left, and the books still agree with the ledger.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from houqin.core.db.engine import create_engine
from houqin.core.errors import Conflict
from houqin.core.i18n import render
from houqin.core.school import School
from houqin.core.stock import balances, ledger
from houqin.core.stock import tables as t
from houqin.core.stock.model import IssueInput, MovementKind

from .helpers import approved, count, events, on_hand, receive

THREADS = {"sqlite": 30, "postgresql": 50}
UNITS = 10


def _race(school, actor, request_ids, quantities):
    """Issue every request in its own thread, all at once; (outcomes, seconds)."""
    barrier = threading.Barrier(len(request_ids))
    outcomes: list[tuple[str, str, int]] = []
    lock = threading.Lock()

    def issue(request_id, quantity):
        barrier.wait()
        try:
            with school.write(actor) as uow:
                ledger.issue_stock(uow, IssueInput(request_id, quantity))
            result = ("issued", "", quantity)
        except Conflict as exc:
            # A new thread starts in the default language: read the message in English.
            result = ("refused", render(exc.message, "en"), quantity)
        except Exception as exc:  # anything else is a failure of the test
            result = ("error", repr(exc), quantity)
        with lock:
            outcomes.append(result)

    threads = [
        threading.Thread(target=issue, args=(r, q))
        for r, q in zip(request_ids, quantities, strict=True)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, time.perf_counter() - started


@pytest.fixture
def wide_school(store, houqin_database_url):
    """The same school opened with a connection for every thread."""
    backend = "sqlite" if houqin_database_url.startswith("sqlite") else "postgresql"
    threads = THREADS[backend]
    engine = create_engine(houqin_database_url, pool_size=threads + 2, max_overflow=0)
    school = School.open(houqin_database_url, plugins=[], engine=engine)
    yield school, backend, threads
    engine.dispose()


def test_many_issuers_race_for_the_last_ten_units_and_none_is_oversold(
    wide_school, houqin_operator
):
    school, backend, threads = wide_school
    with school.write(houqin_operator) as uow:
        receive(uow, "BG001", UNITS, "21.50")
        request_ids = [approved(uow, "BG001", 1) for _ in range(threads)]
    before = events(school, houqin_operator)

    outcomes, seconds = _race(school, houqin_operator, request_ids, [1] * threads)

    tally = Counter(kind for kind, _, _ in outcomes)
    print(
        f"\n{backend}: {threads} threads, {tally['issued']} issued, "
        f"{tally['refused']} refused, {tally['error']} errors, {seconds:.2f} s"
    )
    assert tally == {"issued": UNITS, "refused": threads - UNITS}
    refusals = {message for kind, message, _ in outcomes if kind == "refused"}
    assert refusals == {
        "not enough A4复印纸 70g in 总务仓库: 0 包 on hand, 1 asked for; nothing was taken"
    }
    with school.read(houqin_operator) as uow:
        assert on_hand(uow, "BG001") == 0
        issued = ledger.list_movements(uow, kind=MovementKind.ISSUE.value, limit=500).items
        assert sum(m.quantity for m in issued) == -UNITS
        assert sum(m.value for m in issued) == -UNITS * 21.5
        assert count(uow, t.stock_layer_use) == UNITS
        assert balances.check_ledger(uow).ok
    # Each issue is two events (the movement and its request); refusals leave none.
    assert events(school, houqin_operator) == before + 2 * UNITS


def test_issuers_of_different_sizes_take_no_more_than_there_is(wide_school, houqin_operator):
    school, _backend, threads = wide_school
    sizes = [3, 4, 2, 5, 1] * (threads // 5)
    with school.write(houqin_operator) as uow:
        receive(uow, "BG001", UNITS, "2.00")
        request_ids = [approved(uow, "BG001", size) for size in sizes]

    outcomes, _seconds = _race(school, houqin_operator, request_ids, sizes)

    assert {kind for kind, _, _ in outcomes} <= {"issued", "refused"}
    with school.read(houqin_operator) as uow:
        left = on_hand(uow, "BG001")
        taken = -sum(
            m.quantity
            for m in ledger.list_movements(uow, kind=MovementKind.ISSUE.value, limit=500).items
        )
        assert balances.check_ledger(uow).ok
    assert left >= 0 and taken + left == UNITS
    assert taken == sum(size for kind, _, size in outcomes if kind == "issued")
    # The balance only goes down, so each refused request asked for more than is left now.
    assert all(size > left for kind, _, size in outcomes if kind == "refused")
