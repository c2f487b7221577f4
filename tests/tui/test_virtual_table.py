"""The virtual table reads only what is on screen, however long the list."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from textual.app import App, ComposeResult

from houqin.core.access import operator_actor
from houqin.core.listing import Page
from houqin.core.org import tables as t
from houqin.frontends.tui.messages import PageLoadFailed, RowSelected
from houqin.frontends.tui.screens.kind_list import KindListScreen
from houqin.frontends.tui.widgets.virtual_table import Column, VirtualTable
from tests.tui.conftest import MakeApp, log_in, settle

MILLION = 1_000_000


class Numbers:
    """A keyset source of ``count`` numbered rows that counts the pages asked for."""

    def __init__(self, count: int, fail_after: int | None = None) -> None:
        self.count = count
        self.fail_after = fail_after
        self.calls: list[str | None] = []

    def __call__(self, after: str | None, limit: int, with_total: bool) -> Page[Any]:
        if with_total:
            return Page([], None, self.count)  # the table counts apart, in a thread
        self.calls.append(after)
        if self.fail_after is not None and len(self.calls) > self.fail_after:
            raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))
        start = int(after) + 1 if after is not None else 0
        stop = min(start + limit, self.count)
        items = [{"n": n, "name": f"第{n}行"} for n in range(start, stop)]
        more = stop < self.count
        return Page(items, str(stop - 1) if more else None, self.count if with_total else None)


class TableApp(App[None]):
    def __init__(self, source: Numbers, page_size: int = 100, jump_budget: float = 0.3) -> None:
        super().__init__()
        self.source = source
        self.page_size = page_size
        self.jump_budget = jump_budget
        self.selected: list[Any] = []
        self.failures: list[Exception] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable(page_size=self.page_size, cached_pages=5, jump_budget=self.jump_budget)

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.load(
            self.source,
            [Column("No.", lambda r: str(r["n"])), Column("Name", lambda r: r["name"])],
        )
        table.focus()

    def on_row_selected(self, event: RowSelected) -> None:
        self.selected.append(event.record)

    def on_page_load_failed(self, event: PageLoadFailed) -> None:
        self.failures.append(event.error)


async def test_a_million_rows_cost_a_page_to_show_and_a_page_more_to_scroll() -> None:
    source = Numbers(MILLION)
    app = TableApp(source, jump_budget=0)  # End then reads exactly one more page
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        table = app.query_one(VirtualTable)
        assert table.total == MILLION
        assert len(source.calls) == 1, "the first screen needs the first page only"
        assert table.row_count == 100 and table.has_more

        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row == 10 * 19, "19 rows fit under the header"
        assert table.cursor_record["n"] == 190
        assert len(source.calls) == 2

        await pilot.press("end")
        await pilot.pause()
        # One page further, then the next page as it comes into view.
        assert (table.cursor_row, table.row_count) == (299, 400)
        assert table.cursor_record["n"] == 299
        await pilot.press("end", "end")
        await pilot.pause()
        assert (table.cursor_row, table.row_count) == (699, 800)
        assert len(table._pages) <= 5, "only a few pages are kept in memory"

        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_record["n"] == 0, "an evicted page is read again from its cursor"
        assert source.calls[-1] is None

        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.selected == [{"n": 2, "name": "第2行"}]


async def test_end_walks_to_the_real_end_of_a_shorter_list() -> None:
    source = Numbers(1234)
    app = TableApp(source, page_size=50)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_record["n"] == 1233
        assert not table.has_more and table.row_count == 1234
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1233


async def test_a_page_that_cannot_be_read_is_reported_not_raised() -> None:
    source = Numbers(MILLION, fail_after=1)
    app = TableApp(source)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        for _ in range(7):
            await pilot.press("pagedown")
        await pilot.pause()
        assert len(app.failures) == 1
        assert isinstance(app.failures[0], sa.exc.OperationalError)
        assert table.row_count == 100 and not table.has_more
        assert table.cursor_row == 99, "the rows read before stay usable"


def add_rooms(url: str, count: int) -> None:
    """``count`` rooms in one statement (executemany), as an import would."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as conn:
            building = conn.execute(
                sa.select(t.building.c.id).where(t.building.c.name == "教学楼")
            ).scalar_one()
            conn.execute(
                t.room.insert(),
                [
                    {"building_id": building, "name": f"B{n:06d}", "kind": "classroom"}
                    for n in range(count)
                ],
            )
    finally:
        engine.dispose()


async def test_twenty_thousand_rooms_page_through_the_rooms_screen(
    make_tui: MakeApp, tui_url: str
) -> None:
    add_rooms(tui_url, 20_000)
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("kind:rooms")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KindListScreen)
        table = screen.table
        assert table.total == 20_006
        assert table.pages_read == 1
        assert "1 of 20,006" in str(screen.query_one("#count").render())

        for _ in range(12):
            await pilot.press("pagedown")
        await settle(pilot)
        assert table.cursor_row > 100
        assert table.pages_read <= 3
        # 教学楼's five seeded rooms (101…202) sort before B000000.
        assert table.cursor_record.name == f"B{table.cursor_row - 5:06d}"

        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row > 200
        last = table.cursor_record
        assert last is not None

        await pilot.press("home")
        await settle(pilot)
        assert table.cursor_record.name == "101"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.record.name == "101"
    with app.school.read(operator_actor()) as uow:
        assert uow.conn.execute(sa.select(sa.func.count()).select_from(t.room)).scalar() == 20_006
