"""Per-school settings: defaults, typed values, ranges and choices, audited changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.access import Actor
from houqin.core.errors import InvalidInput, NotFound, PermissionDenied
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_, use_language
from houqin.core.plugin_state import enabled_names
from houqin.core.school import init_school
from houqin.core.settings import get_setting, list_settings, parse_value, set_setting, setting
from houqin.core.types import PluginInfo, SettingSpec

CORE_SETTINGS = [
    "assets.current_term",
    "assets.loan_days",
    "assets.writeoff_tier1",
    "assets.writeoff_tier2",
    "auth.lockout_minutes",
    "auth.max_failed_logins",
    "auth.password_min_length",
    "auth.session_idle_minutes",
    "school.language",
    "school.name",
    "school.timezone",
    "school.type",
    "school.web_address",
]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the default language is Chinese."""
    with use_language("en"):
        yield


class MealsPlugin:
    """A plugin declaring a decimal, a bool and an open-ended int setting."""

    @hookimpl
    def houqin_plugin_info(self):
        return PluginInfo("meals", N_("Meals"), school_types=("kindergarten",))

    @hookimpl
    def houqin_settings(self):
        return [
            SettingSpec(
                "meals.sample_grams",
                N_("Food sample weight"),
                "decimal",
                Decimal("125"),
                unit=N_("g"),
                minimum=Decimal("125"),
                maximum=Decimal("500"),
                source=N_("学校食品安全与营养健康管理规定 2019 art. 40"),
            ),
            SettingSpec("meals.keep_samples", N_("Keep food samples"), "bool", True),
            SettingSpec("meals.sample_hours", N_("Keep samples for"), "int", 48, minimum=48),
        ]


def _events(school, action="settings.changed"):
    ev = audit.audit_event
    with school.engine.connect() as conn:
        return (
            conn.execute(sa.select(ev).where(ev.c.action == action).order_by(ev.c.seq))
            .mappings()
            .all()
        )


def _messages(exc: InvalidInput) -> list[str]:
    return [e.describe("en") for e in exc.errors]


def test_defaults_are_listed_as_defaults(houqin_school, houqin_operator):
    s = houqin_school
    with s.read(houqin_operator) as uow:
        views = list_settings(uow)
    assert [v.spec.name for v in views] == CORE_SETTINGS
    assert all(v.is_default for v in views)
    values = {v.spec.name: v.value for v in views}
    assert values["auth.password_min_length"] == 8
    assert values["school.type"] == "primary"
    assert values["school.timezone"] == "Asia/Shanghai"
    with s.write(houqin_operator) as uow:
        set_setting(uow, "school.timezone", "Asia/Urumqi")
    with s.read(houqin_operator) as uow:
        changed = {v.spec.name: v for v in list_settings(uow)}
    assert not changed["school.timezone"].is_default
    assert changed["school.timezone"].value == "Asia/Urumqi"
    assert [n for n, v in changed.items() if not v.is_default] == ["school.timezone"]


def test_set_setting_stores_the_typed_value_and_audits(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        view = set_setting(uow, "auth.password_min_length", " 10 ")
        assert get_setting(uow, "auth.password_min_length") == 10
    assert view.value == 10 and not view.is_default
    with s.write(houqin_operator) as uow:
        set_setting(uow, "auth.password_min_length", 12)
    with s.read(houqin_operator) as uow:
        value = get_setting(uow, "auth.password_min_length")
        stored = uow.conn.execute(sa.select(setting)).mappings().one()
    assert value == 12 and isinstance(value, int)
    assert (stored["name"], stored["value"], stored["updated_by"]) == (
        "auth.password_min_length",
        "12",
        houqin_operator.name,
    )
    events = _events(s)
    assert [(e["object_id"], e["before"], e["after"]) for e in events] == [
        ("auth.password_min_length", None, '{"value":"10"}'),
        ("auth.password_min_length", '{"value":"10"}', '{"value":"12"}'),
    ]
    assert all(e["actor"] == houqin_operator.name for e in events)


@pytest.mark.parametrize("raw", ["5", "129", "-1"])
def test_int_out_of_range_names_the_range_and_changes_nothing(houqin_school, houqin_operator, raw):
    s = houqin_school
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        set_setting(uow, "auth.password_min_length", raw)
    [error] = caught.value.errors
    assert error.field == "auth.password_min_length"
    assert _messages(caught.value) == ["Shortest password: must be between 6 and 128 characters"]
    with s.read(houqin_operator) as uow:
        assert get_setting(uow, "auth.password_min_length") == 8
    assert _events(s) == []


def test_boundaries_of_the_range_are_accepted(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        assert set_setting(uow, "auth.password_min_length", "6").value == 6
        assert set_setting(uow, "auth.password_min_length", "128").value == 128


def test_choice_outside_the_choices_is_refused(houqin_school, houqin_operator):
    s = houqin_school
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        set_setting(uow, "school.type", "college")
    [message] = _messages(caught.value)
    assert message == (
        "Kind of school: must be one of: kindergarten, primary, secondary, boarding, university"
    )
    with pytest.raises(InvalidInput), s.write(houqin_operator) as uow:
        set_setting(uow, "school.language", "fr")
    with s.write(houqin_operator) as uow:
        assert set_setting(uow, "school.language", "en").value == "en"
    with s.read(houqin_operator) as uow:
        assert get_setting(uow, "school.type") == "primary"


INT = SettingSpec("x.count", "Count", "int", 1)
DECIMAL = SettingSpec("x.grams", "Grams", "decimal", Decimal("1"))
BOOL = SettingSpec("x.on", "On", "bool", True)
TEXT = SettingSpec("x.text", "Text", "str", "a")


@pytest.mark.parametrize(
    ("spec", "raw", "expected"),
    [
        (INT, "ten", "must be a whole number"),
        (INT, "1.5", "must be a whole number"),
        (INT, "", "must be a whole number"),
        (INT, True, "must be a whole number"),
        (DECIMAL, "abc", "must be a number"),
        (DECIMAL, "NaN", "must be a number"),
        (DECIMAL, "-Infinity", "must be a number"),
        (BOOL, "maybe", "must be true or false"),
        (BOOL, "2", "must be true or false"),
        (TEXT, "   ", "must not be empty"),
    ],
)
def test_values_of_the_wrong_kind_are_refused(spec, raw, expected):
    with pytest.raises(InvalidInput) as caught:
        parse_value(spec, raw)
    assert [(e.field, e.message.msgid) for e in caught.value.errors] == [(spec.name, expected)]


@pytest.mark.parametrize(
    ("spec", "raw", "value"),
    [
        (INT, " 42 ", 42),
        (DECIMAL, "0.50", Decimal("0.50")),
        (BOOL, "是", True),
        (BOOL, "OFF", False),
        (BOOL, False, False),
        (TEXT, "  Asia/Shanghai ", "Asia/Shanghai"),
    ],
)
def test_values_of_the_right_kind_are_converted(spec, raw, value):
    parsed = parse_value(spec, raw)
    assert parsed == value
    assert type(parsed) is type(value)


def test_unknown_setting_is_not_found(houqin_school, houqin_operator):
    s = houqin_school
    with pytest.raises(NotFound, match=r"school\.colour"), s.write(houqin_operator) as uow:
        set_setting(uow, "school.colour", "red")
    with pytest.raises(NotFound), s.read(houqin_operator) as uow:
        get_setting(uow, "school.colour")
    assert _events(s) == []


def test_changing_settings_needs_the_permission(houqin_school, houqin_operator):
    s = houqin_school
    teacher = Actor("li", grants=s.access.grants_for([("teacher", None, None)]))
    head = Actor("wang", grants=s.access.grants_for([("logistics_head", None, None)]))
    with pytest.raises(PermissionDenied), s.write(teacher) as uow:
        set_setting(uow, "school.name", "第一中学")
    with s.write(head) as uow:
        set_setting(uow, "school.name", "第一中学")
    assert [e["actor"] for e in _events(s)] == ["wang"]


def test_plugin_settings_keep_their_type_through_storage(houqin_school_factory, houqin_operator):
    s = houqin_school_factory([MealsPlugin()], school_type="kindergarten")
    with s.write(houqin_operator) as uow:
        set_setting(uow, "meals.sample_grams", "150.5")
        set_setting(uow, "meals.keep_samples", "否")
        set_setting(uow, "meals.sample_hours", "72")
    with s.read(houqin_operator) as uow:
        assert get_setting(uow, "meals.sample_grams") == Decimal("150.5")
        assert get_setting(uow, "meals.keep_samples") is False
        assert get_setting(uow, "meals.sample_hours") == 72
        views = {v.spec.name: v for v in list_settings(uow)}
    assert str(views["meals.sample_grams"].spec.source).startswith("学校食品安全")
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        set_setting(uow, "meals.sample_grams", "100")
    assert _messages(caught.value) == ["Food sample weight: must be between 125 and 500 g"]
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        set_setting(uow, "meals.sample_hours", "24")
    [message] = _messages(caught.value)
    assert message.startswith("Keep samples for: ") and "48" in message


def test_init_school_stores_name_and_kind(houqin_school_factory, houqin_operator):
    s = houqin_school_factory([MealsPlugin()], name="阳光幼儿园", school_type="kindergarten")
    with s.read(houqin_operator) as uow:
        assert get_setting(uow, "school.name") == "阳光幼儿园"
        assert get_setting(uow, "school.type") == "kindergarten"
        assert enabled_names(uow.conn) == {"meals"}
        assert "meals.sample_grams" in {v.spec.name for v in list_settings(uow)}
    changes = {e["object_id"]: e["after"] for e in _events(s)}
    assert changes == {
        "school.name": '{"value":"阳光幼儿园"}',
        "school.type": '{"value":"kindergarten"}',
    }
    assert len(_events(s, "plugins.enabled")) == 1

    assert init_school(s, houqin_operator, name="阳光第二幼儿园") == []
    with s.read(houqin_operator) as uow:
        assert get_setting(uow, "school.name") == "阳光第二幼儿园"
        assert get_setting(uow, "school.type") == "kindergarten"
    with pytest.raises(InvalidInput):
        init_school(s, houqin_operator, name="别的学校", school_type="college")
    with s.read(houqin_operator) as uow:
        assert get_setting(uow, "school.name") == "阳光第二幼儿园"
        assert get_setting(uow, "school.type") == "kindergarten"
