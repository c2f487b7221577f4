"""A room list in the terminal: Textual's DataTable against houqin's VirtualTable.

Both read the same rooms through the same service (``list_rooms``, keyset
pages) from a SQLite school made for the run. The DataTable must be given
every row before it can show one; the VirtualTable reads the page on screen
and the next ones as the cursor reaches them.

    python bench/tui_table.py                  # 10 000 and 100 000 rooms
    python bench/tui_table.py 10000 1000000    # any sizes; DataTable skipped above --datatable-max

Prints, per size and table: the time to the first painted screen (from the
app's start, the same start-up cost included for both) and the median time
of one page-down (key press to repainted screen), in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from houqin.core.access import operator_actor
from houqin.core.listing import MAX_PAGE_SIZE, Page
from houqin.core.org import service
from houqin.core.org import tables as t
from houqin.core.org.model import BuildingInput, CampusInput
from houqin.core.school import School, init_school
from houqin.frontends.tui.formatting import show
from houqin.frontends.tui.widgets.virtual_table import Column, VirtualTable

SIZE = (120, 40)
PAGE_DOWNS = 15
BUILDINGS = 50

Source = Callable[[str | None, int, bool], Page[Any]]


def make_school(folder: Path, rooms: int) -> School:
    school = School.open(f"sqlite:///{folder / 'bench.sqlite3'}", plugins=[], require_schema=False)
    actor = operator_actor()
    init_school(school, actor)
    with school.write(actor) as uow:
        service.create_campus(uow, CampusInput("本部"))
        for b in range(BUILDINGS):
            service.create_building(uow, BuildingInput("本部", f"楼{b:02d}"))
        ids = list(uow.conn.execute(sa.select(t.building.c.id).order_by(t.building.c.id)).scalars())
    per_building = -(-rooms // BUILDINGS)
    rows = [
        {
            "building_id": ids[i // per_building],
            "name": f"{i:07d}",
            "floor": i % 9 + 1,
            "kind": "classroom",
            "capacity": 45,
        }
        for i in range(rooms)
    ]
    with school.engine.begin() as conn:
        for start in range(0, len(rows), 50_000):
            conn.execute(t.room.insert(), rows[start : start + 50_000])
    return school


def room_source(school: School) -> Source:
    actor = operator_actor()

    def read(after: str | None, limit: int, with_total: bool) -> Page[Any]:
        with school.read(actor) as uow:
            page: Page[Any] = service.list_rooms(
                uow, after=after, limit=limit, with_total=with_total
            )
        return page

    return read


COLUMNS = [
    Column("Campus", lambda r: r.campus),
    Column("Building", lambda r: r.building),
    Column("Room", lambda r: r.name),
    Column("Kind", lambda r: show(r.kind)),
    Column("Floor", lambda r: show(r.floor)),
    Column("Capacity", lambda r: show(r.capacity)),
]


class DataTableApp(App[None]):
    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*(c.label for c in COLUMNS))
        after: str | None = None
        while True:
            page = self.source(after, MAX_PAGE_SIZE, False)
            table.add_rows([tuple(c.value(r) for c in COLUMNS) for r in page.items])
            if page.next_cursor is None:
                break
            after = page.next_cursor
        table.focus()


class VirtualTableApp(App[None]):
    def __init__(self, source: Source) -> None:
        super().__init__()
        self.source = source

    def compose(self) -> ComposeResult:
        yield VirtualTable()

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.load(self.source, COLUMNS)
        table.focus()


async def measure(app: App[None]) -> tuple[float, float]:
    started = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first_paint = time.perf_counter() - started
        steps = []
        for _ in range(PAGE_DOWNS):
            step = time.perf_counter()
            await pilot.press("pagedown")
            await pilot.pause()
            steps.append(time.perf_counter() - step)
    return first_paint * 1000, statistics.median(steps) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--datatable-max", type=int, default=100_000)
    args = parser.parse_args()
    print(f"{'rows':>9}  {'table':<13} {'first paint ms':>15} {'page-down ms':>13}")
    for rows in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            school = make_school(Path(folder), rows)
            try:
                source = room_source(school)
                contenders: list[tuple[str, App[None]]] = [
                    ("VirtualTable", VirtualTableApp(source))
                ]
                if rows <= args.datatable_max:
                    contenders.insert(0, ("DataTable", DataTableApp(source)))
                for name, app in contenders:
                    first, page_down = asyncio.run(measure(app))
                    print(f"{rows:>9,}  {name:<13} {first:>15.0f} {page_down:>13.1f}")
            finally:
                school.engine.dispose()


if __name__ == "__main__":
    main()
