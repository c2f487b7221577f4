"""The terminal interface's plugin hooks: screens and palette commands."""

from __future__ import annotations

import types
from typing import Any

import pytest

from houqin.core.access import operator_actor
from houqin.core.builtin import STOREKEEPER
from houqin.core.errors import PluginError
from houqin.core.i18n import N_
from houqin.core.org.model import UserInput
from houqin.core.org.users import add_user
from houqin.core.plugin_state import set_enabled
from houqin.frontends.tui.hookspecs import TuiCommand, TuiScreen, hookimpl
from houqin.frontends.tui.plugins import TuiPlugins
from houqin.frontends.tui.screens.base import MainScreen
from tests.plugins import lostfound
from tests.plugins.lostfound import tui as lostfound_tui
from tests.plugins.lostfound.tui import DeskScreen
from tests.tui.conftest import PASSWORD, TEACHER, MakeApp, log_in, settle


def tui_module(**hooks: Any) -> types.ModuleType:
    module = types.ModuleType("some_plugin_tui")
    for name, function in hooks.items():
        setattr(module, name, hookimpl(function))
    return module


async def test_hook_houqin_tui_screens_adds_an_entry_and_a_screen(make_tui: MakeApp) -> None:
    app = make_tui()
    assert [s.name for s in app.plugins.screens] == ["lostfound.desk"]
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        targets = [e.target for e in app.navigation()]
        assert "screen:lostfound.desk" in targets
        lostfound_heading = [e.label for e in app.navigation()].index("Lost and found")
        assert targets[lostfound_heading + 1 :].index("screen:lostfound.desk") < 3
        app.open("screen:lostfound.desk")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)
        assert app.screen.target == "screen:lostfound.desk", "its sidebar entry is highlighted"


async def test_hook_houqin_tui_commands_run_from_the_palette(make_tui: MakeApp) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        messages: list[str] = []
        notify = app.notify
        app.notify = lambda message, **kw: (messages.append(message), notify(message, **kw))  # type: ignore[method-assign]
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Count found")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert messages == ["0 found items waiting"]


async def test_hook_houqin_tui_commands_and_screens_follow_the_users_permissions(
    make_tui: MakeApp,
) -> None:
    app = make_tui()
    with app.school.write(operator_actor()) as uow:
        add_user(uow, UserInput("cangku", STOREKEEPER, password=PASSWORD))
    async with app.run_test(size=(80, 24)) as pilot:
        for username, holds in ((TEACHER, True), ("cangku", False)):
            await log_in(pilot, username)
            assert app.session.can(lostfound.VIEW) is holds
            titles = {c.title for c in app.get_system_commands(app.screen)}
            assert ("Count found items" in titles) is holds
            assert ("screen:lostfound.desk" in [e.target for e in app.navigation()]) is holds
            app.action_log_out()
            await settle(pilot)


def test_hook_houqin_tui_screens_of_a_disabled_plugin_contribute_nothing(
    houqin_school_factory: Any,
) -> None:
    school = houqin_school_factory(plugins=[lostfound], school_type="boarding")
    assert TuiPlugins(school, {"lostfound": lostfound_tui}).screens
    with school.write(operator_actor()) as uow:
        set_enabled(uow, "lostfound", False)
    school.reload()
    plugins = TuiPlugins(school, {"lostfound": lostfound_tui})
    assert plugins.screens == [] and plugins.commands == []


def test_hook_houqin_tui_screens_names_stay_in_the_plugins_namespace(
    houqin_school_factory: Any,
) -> None:
    school = houqin_school_factory(plugins=[lostfound], school_type="boarding")

    def houqin_tui_screens() -> list[TuiScreen]:
        return [TuiScreen("desk", N_("Desk"), MainScreen, lostfound.VIEW)]

    def houqin_tui_commands() -> list[TuiCommand]:
        command = TuiCommand("lostfound.x", N_("X"), lambda app: None, lostfound.VIEW)
        return [command, command]

    with pytest.raises(PluginError, match=r"must start with 'lostfound\.'"):
        TuiPlugins(school, {"lostfound": tui_module(houqin_tui_screens=houqin_tui_screens)})
    with pytest.raises(PluginError, match="declared twice"):
        TuiPlugins(school, {"lostfound": tui_module(houqin_tui_commands=houqin_tui_commands)})


def test_hook_houqin_tui_screens_misspelled_is_refused(houqin_school_factory: Any) -> None:
    school = houqin_school_factory(plugins=[lostfound], school_type="boarding")

    def houqin_tui_screen() -> list[TuiScreen]:
        return []

    with pytest.raises(PluginError, match="is broken"):
        TuiPlugins(school, {"lostfound": tui_module(houqin_tui_screen=houqin_tui_screen)})
