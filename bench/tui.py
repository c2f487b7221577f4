"""The register in the terminal at a million lines against the same screen at ten thousand.

The table is the terminal interface's :class:`VirtualTable` over the asset
list service with the register's columns, as the kind list screen shows it
(and counting the total in a thread, as it does). Measured, in a new
process per run so that peak memory is the screen's own: the time from the
app's start to the first painted screen, plus ten page-downs, each from key
press to repainted screen. Ours is the big register; the baseline the small one.

Each probe runs ``python -m bench.tui URL``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

from textual.app import App, ComposeResult

from bench.common import (
    Databases,
    Result,
    Scale,
    generated_school,
    in_subprocess,
    median,
    peak_rss_mb,
)
from houqin.core.access import operator_actor
from houqin.core.assets.kinds import KINDS
from houqin.core.assets.service import list_assets
from houqin.core.listing import Page
from houqin.core.school import School
from houqin.frontends.tui.screens.kind_list import kind_columns
from houqin.frontends.tui.widgets.virtual_table import VirtualTable

SIZE = (120, 40)
PAGE_DOWNS = 10


class RegisterApp(App[None]):
    """The asset register in a VirtualTable, nothing else."""

    def __init__(self, school: School) -> None:
        super().__init__()
        self.school = school

    def compose(self) -> ComposeResult:
        yield VirtualTable()

    def on_mount(self) -> None:
        actor = operator_actor()

        def read(after: str | None, limit: int, with_total: bool) -> Page[Any]:
            with self.school.read(actor) as uow:
                return list_assets(uow, after=after, limit=limit, with_total=with_total)

        table = self.query_one(VirtualTable)
        table.load(read, kind_columns(KINDS[0]))
        table.focus()


async def _measure(app: RegisterApp) -> dict[str, Any]:
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first_paint = time.perf_counter() - started
        paged = time.perf_counter()
        for _ in range(PAGE_DOWNS):
            await pilot.press("pagedown")
            await pilot.pause()
        page_downs = time.perf_counter() - paged
        table = app.query_one(VirtualTable)
        row = table.cursor_row
    return {"first_paint": first_paint, "page_downs": page_downs, "cursor_row": row}


def _probe() -> None:
    school = School.open(sys.argv[1], plugins=[])
    try:
        found = asyncio.run(_measure(RegisterApp(school)))
    finally:
        school.engine.dispose()
    print(json.dumps({**found, "peak_mb": peak_rss_mb()}))


def _screen(dbs: Databases, rows: int, runs: int) -> dict[str, Any]:
    with dbs.fresh(dbs.main_name) as url:
        school, _org = generated_school(url, rows)
        school.engine.dispose()
        probes = [in_subprocess("bench.tui", url) for _ in range(runs)]
    return {
        "total": median([p["first_paint"] + p["page_downs"] for p in probes]),
        "first_paint": median([p["first_paint"] for p in probes]),
        "page_downs": median([p["page_downs"] for p in probes]),
        "peak_mb": max(p["peak_mb"] for p in probes),
        "cursor_rows": sorted({p["cursor_row"] for p in probes}),
    }


def run(scale: Scale, dbs: Databases) -> list[Result]:
    small_rows, big_rows = scale.tui_rows
    runs = max(3, scale.runs)
    small = _screen(dbs, small_rows, runs)
    big = _screen(dbs, big_rows, runs)
    return [
        Result(
            "tui_table", "s", big["total"], small["total"], 1.5,
            note=f"{big_rows:,} rows over {small_rows:,} rows: first paint and ten page-downs",
            extra={"big": big, "small": small, "backend": dbs.main_name},
        )
    ]  # fmt: skip


if __name__ == "__main__":
    _probe()
