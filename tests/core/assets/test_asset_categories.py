"""Categories: the standard classes, the school's own, and the modules' through a hook."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from houqin.core import N_, AssetCategorySpec, PluginInfo, hookimpl
from houqin.core.assets import service
from houqin.core.assets.categories import (
    create_category,
    delete_category,
    list_categories,
    update_category,
)
from houqin.core.assets.model import CategoryInput
from houqin.core.errors import Conflict, InvalidInput, PluginError

from .conftest import asset


def _by_code(school, actor):
    with school.read(actor) as uow:
        return {c.code: c for c in list_categories(uow, limit=500).items}


def test_the_standard_classes_are_seeded_with_their_useful_lives_and_sources(
    houqin_school, houqin_operator
):
    found = _by_code(houqin_school, houqin_operator)
    assert {"A01000000", "A02000000", "A03000000", "A04000000", "A05000000", "A06000000"} <= set(
        found
    )
    computer = found["A02010105"]
    assert (computer.name, computer.parent, computer.useful_life_months) == (
        "台式计算机",
        "A02010100",
        72,
    )
    assert "政府会计准则第3号" in computer.life_source and "不低于6年" in computer.life_source
    assert found["A05010000"].useful_life_months == 180
    for code in (
        "A03000000",
        "A04000000",
        "A06000000",
        "A01030000",
    ):  # 文物, 图书档案, 动植物, 土地
        assert not found[code].depreciable and found[code].useful_life_months is None
        assert "不计提折旧" in found[code].life_source
    assert found["A02000000"].depreciable and found["A02000000"].useful_life_months is None
    assert {c.origin for c in found.values()} == {"GB/T 14885-2022", "houqin"}


def test_a_school_category_takes_its_parents_life_unless_it_says_otherwise(
    houqin_school, houqin_operator
):
    with houqin_school.write(houqin_operator) as uow:
        brick = create_category(
            uow,
            CategoryInput(
                code="A01010001",
                name="砖混结构房屋",
                parent="A01010000",
                useful_life_months=360,
                life_source="不低于30年",
            ),
        )
        desks = create_category(
            uow, CategoryInput(code="XS-01", name="学生课桌椅", parent="A05010000")
        )
        relic = create_category(
            uow, CategoryInput(code="XS-02", name="校史陈列品", parent="A03000000")
        )
        with pytest.raises(InvalidInput) as caught:
            create_category(
                uow, CategoryInput(code="XS-03", name="x", parent="A03000000", depreciable=True)
            )
        assert caught.value.errors[0].field == "depreciable"
        with pytest.raises(InvalidInput):
            create_category(uow, CategoryInput(code="XS-01", name="重复"))
        with pytest.raises(InvalidInput) as caught:
            update_category(
                uow, desks.id, CategoryInput(code="XS-01", name="学生课桌椅", parent="XS-01")
            )
        assert caught.value.errors[0].field == "parent"
    assert (brick.useful_life_months, brick.origin) == (360, "school")
    assert (desks.useful_life_months, desks.depreciable) == (180, True)
    assert "家具" in desks.life_source
    assert (relic.depreciable, relic.useful_life_months) == (False, None)

    with houqin_school.write(houqin_operator) as uow:
        service.create_asset(
            uow,
            asset(
                category="XS-01",
                campus=None,
                building=None,
                room=None,
                department=None,
                custodian=None,
            ),
        )
        with pytest.raises(Conflict):
            delete_category(uow, desks.id)
        furniture = _by_code(houqin_school, houqin_operator)["A05000000"]
        with pytest.raises(InvalidInput) as caught:
            update_category(
                uow,
                furniture.id,
                CategoryInput(code="A05000000", name="家具和用具", depreciable=False),
            )
        assert "学生课桌椅" in str(caught.value.errors[0].message)
        changed = update_category(
            uow,
            desks.id,
            CategoryInput(code="XS-01", name="课桌椅", parent="A05010000", useful_life_months=120),
        )
        delete_category(uow, relic.id)
    assert changed.useful_life_months == 120


def _module(name, specs):
    @hookimpl
    def houqin_plugin_info():
        return PluginInfo(name=name, label=name, version="1", school_types=("boarding",))

    @hookimpl
    def houqin_asset_categories():
        return specs

    return SimpleNamespace(
        houqin_plugin_info=houqin_plugin_info, houqin_asset_categories=houqin_asset_categories
    )


def test_hook_houqin_asset_categories_are_stored_when_the_register_needs_them(
    houqin_school_factory, houqin_operator
):
    beds = _module(
        "dorms",
        [
            AssetCategorySpec("DORM-02", N_("Bunk beds"), parent="DORM-01"),  # child first
            AssetCategorySpec(
                "DORM-01",
                N_("Dormitory furniture"),
                parent="A05010000",
                useful_life_months=120,
                source=N_("school rule"),
            ),
        ],
    )
    school = houqin_school_factory([beds], school_type="boarding")
    with school.read(houqin_operator) as uow:
        assert "DORM-01" not in {c.code for c in list_categories(uow, limit=500).items}
        # A list filtered by a declared category not stored yet is empty, not refused.
        assert service.list_assets(uow, category="DORM-02").items == []
    with school.write(houqin_operator) as uow:
        bed = service.create_asset(
            uow,
            asset(
                category="DORM-02",
                name="上下铺",
                campus=None,
                building=None,
                room=None,
                department=None,
                custodian=None,
            ),
        )
    found = _by_code(school, houqin_operator)
    assert (found["DORM-01"].origin, found["DORM-01"].useful_life_months) == ("dorms", 120)
    assert (found["DORM-02"].parent, found["DORM-02"].useful_life_months) == ("DORM-01", 120)
    assert found["DORM-01"].life_source == "school rule"
    assert bed.category_name == "Bunk beds"
    # The school may change a module's category; storing again leaves it as the school set it.
    with school.write(houqin_operator) as uow:
        update_category(
            uow,
            found["DORM-02"].id,
            CategoryInput(code="DORM-02", name="双层床", parent="DORM-01", useful_life_months=96),
        )
        service.create_asset(
            uow,
            asset(
                number="ZC-0002",
                category="双层床",
                campus=None,
                building=None,
                room=None,
                department=None,
                custodian=None,
            ),
        )
    assert _by_code(school, houqin_operator)["DORM-02"].useful_life_months == 96


def test_hook_houqin_asset_categories_mistakes_name_the_module(
    houqin_school_factory, houqin_operator
):
    orphan = _module("orphans", [AssetCategorySpec("ORPH-1", "孤儿", parent="NOWHERE")])
    school = houqin_school_factory([orphan], school_type="boarding")
    with pytest.raises(PluginError, match="orphans"), school.write(houqin_operator) as uow:
        service.create_asset(uow, asset())
    twice = _module("twice", [AssetCategorySpec("T-1", "一"), AssetCategorySpec("T-1", "二")])
    other = houqin_school_factory([twice], school_type="boarding")
    with pytest.raises(PluginError, match="declared twice"), other.write(houqin_operator) as uow:
        service.create_asset(uow, asset())
