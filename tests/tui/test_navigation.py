"""The dashboard, the sidebar, every screen, the footer and the command palette."""

from __future__ import annotations

from houqin.core.dashboard import dashboard
from houqin.core.i18n import render
from houqin.frontends.tui.keys import describe
from houqin.frontends.tui.screens.dashboard import DashboardScreen
from houqin.frontends.tui.screens.find_by_code import FindByCodeScreen
from houqin.frontends.tui.screens.form import FormScreen
from houqin.frontends.tui.screens.kind_list import KindListScreen
from houqin.frontends.tui.screens.users import UsersScreen
from houqin.frontends.tui.widgets.alert_line import AlertLine
from houqin.frontends.tui.widgets.dashboard_card import CardView
from houqin.frontends.tui.widgets.sidebar import Sidebar
from houqin.frontends.tui.widgets.virtual_table import VirtualTable
from tests.tui.conftest import TEACHER, MakeApp, log_in, settle


def sidebar_lines(app) -> list[str]:
    return [str(o.prompt).strip() for o in app.screen.query_one(Sidebar).options]


def footer_keys(app) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.binding.show}


async def test_the_dashboard_shows_the_cores_cards_and_alerts(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        assert isinstance(app.screen, DashboardScreen)
        with app.session.read() as uow:
            expected = dashboard(uow)
        cards = list(app.screen.query(CardView))
        alerts = list(app.screen.query(AlertLine))
        assert [c.card for c in cards] == expected.cards
        assert [a.alert for a in alerts] == expected.alerts
        assert any(c.card.name == "lostfound.waiting" for c in cards), "plugins' cards too"
        assert "org.classes_without_head_teacher" in [a.alert.name for a in alerts]
        assert render(alerts[0].alert.message) in str(alerts[0].render())
        assert "2024-09-02" in str(app.screen.query_one("#today").render())

        app.screen.query_one("#card-org-rooms").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen) and app.screen.kind.name == "rooms"


async def test_every_kind_and_screen_opens_from_the_sidebar(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        lines = sidebar_lines(app)
        for heading in ("Organisation", "Lost and found", "Administration"):
            assert heading in lines
        for kind in app.school.kinds.values():
            assert render(kind.plural) in lines
        assert "Lost-and-found desk" in lines

        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.highlighted = lines.index("Rooms")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen)
        assert app.screen.table.row_count == 6

        for kind in app.school.kinds.values():
            app.open(f"kind:{kind.name}")
            await settle(pilot)
            assert isinstance(app.screen, KindListScreen), kind.name
            assert app.screen.kind is kind
            assert app.screen.query_one(VirtualTable).columns, kind.name
        for target, screen_type in (
            ("users", UsersScreen),
            ("find", FindByCodeScreen),
            ("dashboard", DashboardScreen),
        ):
            app.open(target)
            await settle(pilot)
            assert isinstance(app.screen, screen_type)
        assert len(app.screen_stack) == 2, "main screens replace each other"


async def test_a_teacher_sees_only_what_their_role_allows(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, TEACHER)
        assert isinstance(app.screen, DashboardScreen)
        lines = sidebar_lines(app)
        assert "Users" not in lines
        with app.session.read() as uow:
            expected = dashboard(uow)
        assert [c.card for c in app.screen.query(CardView)] == expected.cards
        if "Rooms" in lines:
            app.open("kind:rooms")
            await settle(pilot)
            assert not {"n", "e", "d"} & footer_keys(app), "no forms without org.manage"


async def test_every_screen_shows_its_keys_in_the_footer(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        assert {"f2", "r"} <= footer_keys(app)
        app.open("kind:rooms")
        await settle(pilot)
        assert {"enter", "n", "e", "d", "slash", "f2"} <= footer_keys(app)
        await pilot.press("enter")
        await settle(pilot)
        assert {"escape", "e", "d"} <= footer_keys(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert {"ctrl+s", "escape"} <= footer_keys(app)
        footer_text = " ".join(
            str(key.render()) for key in app.screen.query("HouqinFooter FooterKey")
        )
        assert "Save" in footer_text and "Cancel" in footer_text


async def test_the_palette_offers_every_action_and_runs_it(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in (
            "Open: Rooms",
            "Open: Users",
            "Open: Lost-and-found desk",
            "New room",
            "New found item",
            "Count found items",
            "Change my password",
            "Log out",
            "Quit",
        ):
            assert title in titles
        app.open("kind:rooms")
        await settle(pilot)
        shown = {
            describe(b.binding.description)
            for b in app.screen.active_bindings.values()
            if b.binding.show
        }
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Open", "New", "Edit", "Remove", "Search", "Menu"} <= shown <= titles | {"palette"}
        await pilot.press("enter")
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Back", "Edit", "Remove"} <= titles, "every key of the footer, in the palette"
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"New room")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "New room"


async def test_a_plugin_screen_and_its_scanner_work_like_the_others(make_tui: MakeApp) -> None:
    from datetime import date

    from tests.plugins.lostfound import FoundItem, TagNumber, record_found_item
    from tests.plugins.lostfound.tui import DeskScreen

    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        with app.session.write() as uow:
            record_found_item(uow, FoundItem(TagNumber("LF-0007"), "蓝色水杯", date(2024, 9, 1)))
        app.open("screen:lostfound.desk")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        await pilot.press(*"LF-0007", "enter")
        await settle(pilot)
        assert str(app.screen.query_one("#item").render()) == "蓝色水杯"
