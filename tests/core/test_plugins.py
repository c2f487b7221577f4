"""The plugin mechanism end to end, with the lost-and-found test plugin."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from houqin.core import N_, PermissionSpec, PluginInfo, hookimpl
from houqin.core.commands import structure_command
from houqin.core.db import migrate
from houqin.core.errors import InvalidInput, PermissionDenied, PluginError
from houqin.core.org import model, service
from houqin.core.org.users import actor_for, add_user
from houqin.core.plugin_state import list_plugins, set_enabled
from houqin.core.plugins import PluginHost
from houqin.core.settings import get_setting, set_setting
from houqin.core.workbooks import ImportOutcome, ImportRequest, SheetOutcome, Workbook
from tests.plugins import lostfound


class Misspelled:
    @hookimpl
    def houqin_plugin_info(self) -> PluginInfo:
        return PluginInfo(name="typo", label="typo")

    @hookimpl
    def houqin_permisions(self) -> list[PermissionSpec]:  # misspelled on purpose
        return []


class Named:
    def __init__(self, name: str, permission: str = "", table: str = "") -> None:
        self.name = name
        self.permission = permission

    @hookimpl
    def houqin_plugin_info(self) -> PluginInfo:
        return PluginInfo(name=self.name, label=self.name)

    @hookimpl
    def houqin_permissions(self) -> list[PermissionSpec]:
        return [PermissionSpec(self.permission, N_("x"))] if self.permission else []


def test_a_misspelled_hook_is_refused_with_the_plugin_named() -> None:
    host = PluginHost()
    with pytest.raises(PluginError, match="typo"):
        host.add(Misspelled())
    assert "typo" not in host.installed


def test_two_plugins_with_one_name_are_refused_naming_both() -> None:
    host = PluginHost()
    host.add(Named("twin"), "first-package 1.0")
    with pytest.raises(PluginError) as caught:
        host.add(Named("twin"), "second-package 2.0")
    assert "first-package 1.0" in str(caught.value)
    assert "second-package 2.0" in str(caught.value)


def test_a_permission_declared_twice_is_refused_naming_both_plugins() -> None:
    # Namespaces keep optional plugins apart; the core's own areas share one.
    host = PluginHost()
    host.add(Named("aaa", permission="shared.x"), core=True)
    host.add(Named("bbb", permission="shared.x"), core=True)
    with pytest.raises(PluginError) as caught:
        host.collect("houqin_permissions")
    assert "aaa" in str(caught.value) and "bbb" in str(caught.value)


def test_a_plugin_must_keep_to_its_namespace(houqin_school_factory) -> None:
    with pytest.raises(PluginError, match=r"must start with 'intruder\.'"):
        houqin_school_factory([Named("intruder", permission="org.manage_everything")])


def test_hook_houqin_migrations_enabling_creates_tables_under_own_version_table(
    houqin_school_factory, houqin_operator
) -> None:
    school = houqin_school_factory([lostfound])
    assert school.active_plugins() == []
    with school.write(houqin_operator) as uow:
        set_enabled(uow, "lostfound", True)
    school.reload()
    assert school.active_plugins() == ["lostfound"]
    with school.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        assert {"lostfound_item", "lostfound_alembic_version"} <= tables
        assert migrate.current(conn, lostfound.houqin_migrations()) == ("lf02",)
        assert migrate.differences(conn, school.migration_specs()) == []


def test_hook_houqin_plugin_info_school_types_decide_what_init_enables(
    houqin_school_factory,
) -> None:
    school = houqin_school_factory([lostfound], school_type="boarding")
    assert school.active_plugins() == ["lostfound"]
    assert "lostfound.clerk" in school.access.roles


def test_a_disabled_plugin_contributes_nothing_and_keeps_its_data(
    houqin_school_factory, houqin_operator
) -> None:
    school = houqin_school_factory([lostfound], school_type="boarding")
    with school.write(houqin_operator) as uow:
        lostfound.record_found_item(
            uow, lostfound.FoundItem(lostfound.TagNumber("LF-0007"), "校服外套", date(2024, 9, 3))
        )
        set_enabled(uow, "lostfound", False)
    school.reload()
    assert "lostfound.record" not in school.access.permissions
    assert "lostfound.keep_days" not in school.settings.specs
    with school.read(houqin_operator) as uow:
        rows = {p.name: p.enabled for p in list_plugins(uow)}
        assert rows == {"lostfound": False}
        assert lostfound.count_items(uow) == 1
    with school.write(houqin_operator) as uow:
        set_enabled(uow, "lostfound", True)
    school.reload()
    with school.read(houqin_operator) as uow:
        assert lostfound.count_items(uow) == 1


def _users(school, operator):
    with school.write(operator) as uow:
        clerk = add_user(
            uow,
            structure_command(
                school.converter,
                model.UserInput,
                {"username": "wangfang", "role": "lostfound.clerk", "password": "a-long-password"},
            ),
        )
        storekeeper = add_user(
            uow,
            structure_command(
                school.converter,
                model.UserInput,
                {"username": "zhaolei", "role": "storekeeper", "password": "a-long-password"},
            ),
        )
    with school.read(operator) as uow:
        return actor_for(uow, clerk.id), actor_for(uow, storekeeper.id)


def _item(school):
    return structure_command(
        school.converter,
        lostfound.FoundItem,
        {"tag": "12", "description": "钥匙一串", "found_on": "2024年9月4日"},
    )


def test_hook_houqin_roles_gives_users_the_plugins_role(houqin_school_factory, houqin_operator):
    school = houqin_school_factory([lostfound], school_type="university")
    clerk, _storekeeper = _users(school, houqin_operator)
    assert clerk is not None
    assert clerk.can("lostfound.record")
    with school.write(clerk) as uow:
        lostfound.record_found_item(uow, _item(school))


def test_hook_houqin_permissions_are_checked_by_the_core(houqin_school_factory, houqin_operator):
    school = houqin_school_factory([lostfound], school_type="university")
    _clerk, storekeeper = _users(school, houqin_operator)
    assert storekeeper is not None
    # default_roles may name a core role: teachers may record found items too.
    assert "lostfound.record" in school.access.role_permissions["teacher"]
    with pytest.raises(PermissionDenied), school.write(storekeeper) as uow:
        lostfound.record_found_item(uow, _item(school))


def test_hook_houqin_settings_have_defaults_and_ranges(houqin_school_factory, houqin_operator):
    school = houqin_school_factory([lostfound], school_type="university")
    with school.write(houqin_operator) as uow:
        assert get_setting(uow, "lostfound.keep_days") == 90
        with pytest.raises(InvalidInput, match="7"):
            set_setting(uow, "lostfound.keep_days", "3")
        set_setting(uow, "lostfound.keep_days", "30")
    with school.read(houqin_operator) as uow:
        assert get_setting(uow, "lostfound.keep_days") == 30


def test_hook_houqin_converter_structures_the_plugins_own_types(houqin_school_factory):
    school = houqin_school_factory([lostfound], school_type="university")
    item = _item(school)
    assert item.tag == lostfound.TagNumber("LF-0012")
    assert item.found_on == date(2024, 9, 4)


def test_hook_houqin_on_event_hears_committed_events_only(
    houqin_school_factory, houqin_operator
) -> None:
    school = houqin_school_factory([lostfound], school_type="boarding")
    lostfound.heard.clear()
    with school.write(houqin_operator) as uow:
        service.create_campus(uow, model.CampusInput(name="东校区"))
    with pytest.raises(RuntimeError), school.write(houqin_operator) as uow:
        service.create_campus(uow, model.CampusInput(name="西校区"))
        raise RuntimeError("the operator pulled the plug")
    assert [e.action for e in lostfound.heard] == ["org.campus.created"]
    assert lostfound.heard[0].after is not None
    assert lostfound.heard[0].after["name"] == "东校区"


def test_hook_houqin_areas_and_kinds_come_from_enabled_plugins(
    houqin_school_factory, houqin_operator
) -> None:
    school = houqin_school_factory([lostfound], school_type="boarding")
    # The core's own areas (org, stock…) stay; the plugin's comes and goes.
    with_plugin = [a.name for a in school.areas]
    assert "lostfound" in with_plugin and "org" in with_plugin
    assert "lostfound_items" in school.kinds
    kind = school.kinds["lostfound_items"]
    assert [c.name for c in kind.columns] == ["tag", "description", "found_on", "handed_to"]
    with school.write(houqin_operator) as uow:
        created = kind.create(uow, _item(school))
        assert kind.title(created) == "LF-0012"
        assert kind.list(uow, with_total=True).total == 1
        set_enabled(uow, "lostfound", False)
    school.reload()
    assert "lostfound_items" not in school.kinds
    assert [a.name for a in school.areas] == [n for n in with_plugin if n != "lostfound"]


def test_hook_houqin_object_kinds_order_is_kept(houqin_school) -> None:
    kinds = houqin_school.kinds
    assert [name for name, kind in kinds.items() if kind.area == "org"] == [
        "campuses",
        "buildings",
        "rooms",
        "departments",
        "people",
        "classes",
    ]


def test_hook_houqin_dashboard_cards_are_filtered_by_permission(
    houqin_school_factory, houqin_operator
) -> None:
    from houqin.core.access import Actor
    from houqin.core.dashboard import dashboard

    school = houqin_school_factory([lostfound], school_type="boarding")
    with school.read(houqin_operator) as uow:
        names = [c.name for c in dashboard(uow).cards]
    shown = [name for name in names if name.split(".")[0] in ("lostfound", "org")]
    assert shown == ["lostfound.waiting", "org.rooms", "org.people", "org.classes"]
    with school.read(Actor(name="nobody")) as uow:
        assert dashboard(uow).cards == []


def test_hook_houqin_alerts_are_sorted_by_level(houqin_school_factory, houqin_operator) -> None:
    from houqin.core.dashboard import dashboard

    school = houqin_school_factory([lostfound], school_type="boarding")
    with school.write(houqin_operator) as uow:
        service.create_campus(uow, model.CampusInput(name="本部"))
        service.create_class(uow, model.ClassInput(campus="本部", name="一年级1班"))
        service.create_person(uow, model.PersonInput(name="王芳"))
        lostfound.record_found_item(
            uow, lostfound.FoundItem(lostfound.TagNumber("LF-0100"), "旧书包", date(2020, 1, 1))
        )
    with school.read(houqin_operator) as uow:
        alerts = dashboard(uow).alerts
    assert [a.name for a in alerts] == [
        "lostfound.overdue",
        "org.classes_without_head_teacher",
        "org.people_without_department",
    ]
    assert str(alerts[1].message) == "Classes without a head teacher: 1"


class Lending:
    """A plugin with a workbook of its own: one sheet of loans, read back as written."""

    @hookimpl
    def houqin_plugin_info(self) -> PluginInfo:
        return PluginInfo(name="lending", label=N_("Lending"))

    @hookimpl
    def houqin_workbooks(self) -> list[Workbook]:
        def run_import(_uow: object, path: object, _request: ImportRequest) -> ImportOutcome:
            return ImportOutcome((SheetOutcome(str(path), created=1),))

        def run_export(_uow: object, path: Path) -> None:
            path.write_text("loans")

        return [
            Workbook(
                "lending",
                "lending",
                N_("loans"),
                N_("One sheet of loans"),
                "org.manage",
                "org.view",
                run_import,
                run_export,
                "loans.xlsx",
            )
        ]


def test_hook_houqin_workbooks_come_from_the_core_and_enabled_plugins(
    houqin_school_factory, houqin_operator, tmp_path: Path
) -> None:
    school = houqin_school_factory([Lending()])
    assert "lending" not in school.workbooks  # installed, not yet switched on
    with school.write(houqin_operator) as uow:
        set_enabled(uow, "lending", True)
    school.reload()
    assert {"org", "assets", "stock", "lending"} <= set(school.workbooks)
    workbook = school.workbooks["lending"]
    with school.write(houqin_operator) as uow:
        outcome = workbook.run_import(uow, tmp_path / "loans.xlsx", ImportRequest())
        assert outcome.created == 1 and outcome.rejected == 0
        set_enabled(uow, "lending", False)
    school.reload()
    assert "lending" not in school.workbooks and "assets" in school.workbooks
