"""Generic screens for any object kind: search, filters, detail, forms with the core's errors."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from houqin.core.access import operator_actor
from houqin.core.audit import audit_event
from houqin.core.org import service
from houqin.frontends.tui.screens.confirm import ConfirmScreen
from houqin.frontends.tui.screens.form import FormScreen
from houqin.frontends.tui.screens.kind_detail import KindDetailScreen
from houqin.frontends.tui.screens.kind_list import KindListScreen
from houqin.frontends.tui.widgets.command_form import CommandForm
from tests.tui.conftest import MakeApp, log_in, settle


def fill(form: CommandForm, **values: str) -> None:
    for name, value in values.items():
        form.field_widget(name).value = value  # type: ignore[attr-defined]


def room_names(app) -> list[str]:
    with app.session.read() as uow:
        return [f"{r.building} {r.name}" for r in service.list_rooms(uow, limit=500).items]


async def test_a_form_with_errors_saves_nothing_then_saves_when_corrected(
    make_tui: MakeApp,
) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("kind:rooms")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        form = app.screen.form
        assert [s.name for s in form.specs][:3] == ["campus", "building", "name"]
        fill(form, campus="本部", name="401", floor="four", capacity="-3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen), "the dialog stays open"
        assert form.errors_shown == {
            "building": "is required",
            "floor": "'four' is not a whole number",
            "capacity": "must be at least 0",
        }
        assert app.focused is form.field_widget("building")
        assert "教学楼 401" not in room_names(app)

        fill(form, building="没有这栋楼", floor="4", capacity="40")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert set(form.errors_shown) == {"building"}, "the service's own refusal, under its field"
        assert "没有这栋楼" in form.errors_shown["building"]

        fill(form, building="教学楼")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen)
        assert "教学楼 401" in room_names(app)
        assert app.screen.table.row_count == 7


async def test_a_conflict_is_shown_in_the_form_and_enter_moves_on(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("kind:campuses")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen.form
        await pilot.press(*"BB", "enter")
        await settle(pilot)
        assert app.focused is form.field_widget("code")
        fill(form, name="本部")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert form.errors_shown or form.failure_shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen)


async def test_detail_edit_and_remove_with_a_question_first(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("kind:rooms")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KindDetailScreen)
        record = app.screen.record
        shown = [str(w.render()) for w in app.screen.query(".record-value")]
        assert record.name in shown and "本部" in shown
        assert "org.room.created" in [
            str(w.render()) for w in app.screen.query("HistoryView Label")
        ]

        await pilot.press("e")
        await settle(pilot)
        form = app.screen.form
        assert form.field_widget("name").value == record.name
        fill(form, capacity="50")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KindDetailScreen)
        assert app.screen.record.capacity == 50

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, KindDetailScreen)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen), "back to the list, read again"
        assert app.screen.table.row_count == 5
    with app.school.read(operator_actor()) as uow:
        actions = list(uow.conn.execute(sa.select(audit_event.c.action)).scalars())
    assert "org.room.changed" in actions and "org.room.removed" in actions


async def test_search_and_filters_narrow_the_list(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("kind:rooms")
        await settle(pilot)
        screen = app.screen
        assert screen.table.row_count == 6
        await pilot.press("slash")
        await pilot.press(*"30", "enter")
        await settle(pilot)
        assert screen.search == "30" and screen.table.row_count == 1
        assert app.focused is screen.table, "Enter in the search box goes on to the list"
        screen.query_one("#search").value = ""
        screen.query_one("#filter-kind").value = "lab"
        await settle(pilot)
        screen.query_one("#filters").announce(done=True)
        await settle(pilot)
        assert screen.filters == {"kind": "lab"}
        assert [screen.table.record_at(0).name] == ["305"]
        screen.query_one("#filter-building").value = "没有这栋楼"
        screen.query_one("#filters").announce(done=True)
        await settle(pilot)
        assert screen.table.row_count == 0


async def test_a_plugins_kind_gets_the_same_screens(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        app.open("kind:lostfound_items")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen.form
        fill(form, tag="12", description="黑色雨伞", found_on="2024-09-02")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen)
        record = app.screen.table.record_at(0)
        assert (record.tag, record.found_on) == ("LF-0012", date(2024, 9, 2))
