"""Every benchmark runs at a tiny size, and its baseline computes what ours computes.

No time is asserted: these check that ``python -m bench`` still works as the
code changes, and that each comparison is of equal work (the same rows
loaded, the same page, the same totals, none oversold, the same chain head).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import audit_chain, counts, imports, listing, startup, stock_race, tui, web_load
from bench.common import SCALES, Databases, Result, peak_rss_mb, postgres_reachable
from houqin.core.testing import TEST_URL_ENV

TINY = SCALES["tiny"]


@pytest.fixture
def dbs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Databases]:
    import os

    server = os.environ.get(TEST_URL_ENV)
    yield Databases(tmp_path, None, server if server and postgres_reachable(server) else None)


def _by_name(results: list[Result]) -> dict[str, Result]:
    return {r.name: r for r in results}


def test_imports_load_the_same_register(dbs: Databases) -> None:
    found = _by_name(imports.run(TINY, dbs))
    assert found["import_xlsx_sqlite"].extra["same_register"]
    assert found["import_xlsx_sqlite"].extra["register"][0] == TINY.import_rows
    if dbs.postgres:
        assert found["import_xlsx_postgresql"].extra["same_register"]


def test_list_pages_and_totals_match_the_sql_by_hand(dbs: Databases) -> None:
    found = _by_name(listing.run(TINY, dbs))
    assert found["list_first_page"].extra["same_page"]
    assert found["list_deep_page"].extra["same_page"]
    assert found["totals"].extra["same_totals"]


def test_the_stock_race_oversells_nothing(dbs: Databases) -> None:
    for result in stock_race.run(TINY, dbs):
        assert result.extra["oversold"] == 0
        assert {won for _side, won in result.extra["issued_each_run"]} == {TINY.race_units}


def test_closing_a_count_finds_what_the_join_by_hand_finds(dbs: Databases) -> None:
    (result,) = counts.run(TINY, dbs)
    assert result.extra["same_result"]
    missing, moved, surplus = result.extra["found"]
    assert missing == TINY.count_scans // 100 and moved > 0 and surplus > 0


def test_the_audit_chain_and_hashlib_end_on_the_same_head(dbs: Databases) -> None:
    (result,) = audit_chain.run(TINY, dbs)
    assert result.extra["same_head"]
    assert result.extra["raw_store_seconds"] > 0


def test_the_terminal_table_pages_down_at_both_sizes(dbs: Databases) -> None:
    (result,) = tui.run(TINY, dbs)
    for size in ("big", "small"):
        assert result.extra[size]["cursor_rows"] == [result.extra[size]["cursor_rows"][0]]
        assert result.extra[size]["cursor_rows"][0] > 0


def test_start_up_shows_the_commands_help() -> None:
    assert "Usage" in startup.help_text()


def test_both_web_servers_answer_every_request(dbs: Databases) -> None:
    (result,) = web_load.run(TINY, dbs)
    assert result.extra["statuses"] == [200]
    assert result.ours > 0 and result.baseline > 0


def test_a_probe_reports_its_own_peak_memory_not_the_bench_s() -> None:
    ballast = b"x" * (300 * 2**20)  # the bench has grown large before it starts a probe
    probe = subprocess.run(
        [sys.executable, "-c", "from bench.common import peak_rss_mb; print(peak_rss_mb())"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert len(ballast) and peak_rss_mb() > 300
    assert float(probe.stdout) < 200
