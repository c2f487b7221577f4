"""A database that goes away: a message in the app, nothing half-written, the app usable."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from houqin.core.access import operator_actor
from houqin.core.errors import Conflict
from houqin.core.org import tables as t
from houqin.frontends.tui.failures import Reporting
from houqin.frontends.tui.screens.form import FormScreen
from houqin.frontends.tui.screens.kind_list import KindListScreen
from houqin.frontends.tui.screens.login import LoginScreen
from tests.tui.conftest import MakeApp, log_in, settle


class Outage:
    """Makes every statement whose SQL contains ``match`` fail as a lost server would."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.match: str | None = None
        sa.event.listen(engine, "before_cursor_execute", self._check)

    def start(self, match: str = "") -> None:
        self.match = match.lower()

    def stop(self) -> None:
        self.match = None

    def _check(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if self.match is not None and self.match in statement.lower():
            error = self.engine.dialect.loaded_dbapi.OperationalError
            raise error("server closed the connection unexpectedly")


def spy_on_messages(app: Any) -> list[tuple[str, str]]:
    messages: list[tuple[str, str]] = []
    notify = app.notify

    def record(message: str, **options: Any) -> None:
        messages.append((message, options.get("severity", "information")))
        notify(message, **options)

    app.notify = record
    return messages


def room_count(app: Any) -> int:
    with app.school.read(operator_actor()) as uow:
        return int(uow.conn.execute(sa.select(sa.func.count()).select_from(t.room)).scalar_one())


async def test_a_lost_database_while_browsing_is_a_message_then_all_works_again(
    make_tui: MakeApp,
) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        outage = Outage(app.school.engine)
        messages = spy_on_messages(app)
        app.open("kind:rooms")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KindListScreen)

        outage.start()
        await pilot.press("slash", *"10", "enter")
        await settle(pilot)
        app.open("kind:people")
        await settle(pilot)
        assert app.screen is screen, "the screen stays when the next cannot be opened"
        assert len(messages) == 2
        for text, severity in messages:
            assert severity == "error"
            assert text.startswith("The database cannot be reached, nothing was changed")
            assert "Traceback" not in text

        outage.stop()
        screen.query_one("#filters").announce(done=True)
        await settle(pilot)
        assert screen.table.row_count == 3
        app.open("kind:people")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen) and app.screen.kind.name == "people"
        assert app.return_code is None and app._exception is None


async def test_a_save_cut_short_writes_nothing_and_can_be_tried_again(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        outage = Outage(app.school.engine)
        app.open("kind:rooms")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen.form
        for name, value in {"campus": "本部", "building": "教学楼", "name": "501"}.items():
            form.field_widget(name).value = value
        before = room_count(app)

        # The room's row is written, then the audit event fails: all of it is undone.
        outage.start("insert into audit_event")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert form.failure_shown.startswith("The database cannot be reached")
        outage.stop()
        assert room_count(app) == before

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KindListScreen)
        assert room_count(app) == before + 1


async def test_logging_in_without_a_database_says_so(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        outage = Outage(app.school.engine)
        outage.start()
        await log_in(pilot)
        assert isinstance(app.screen, LoginScreen)
        message = str(app.screen.query_one("#login-message").render())
        assert message.startswith("The database cannot be reached")
        outage.stop()
        await log_in(pilot)
        assert app.session is not None


async def test_a_refusal_in_a_reporting_block_is_shown_with_its_own_words(
    make_tui: MakeApp,
) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        messages = spy_on_messages(app)
        with Reporting(app) as block:
            raise Conflict("本部 is still in use and cannot be removed")
        with Reporting(app) as bug:
            raise KeyError("oops")
        assert isinstance(block.failed, Conflict) and isinstance(bug.failed, KeyError)
        assert messages[0] == ("本部 is still in use and cannot be removed", "error")
        assert messages[1][0].startswith("Something went wrong and nothing was changed (KeyError")
