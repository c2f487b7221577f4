"""The register: register, change, remove; scope; every filter; totals from SQL; history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.access import Actor, Grant
from houqin.core.assets import service
from houqin.core.assets import tables as t
from houqin.core.assets.model import AcquiredBy, AssetStatus, CustomFields
from houqin.core.assets.plugin import MANAGE, VIEW
from houqin.core.commands import input_values, structure_command
from houqin.core.dashboard import dashboard
from houqin.core.errors import InvalidInput, NotFound, PermissionDenied
from houqin.core.org import tables as o

from .conftest import asset


def _fields(caught: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {e.field: str(e.message) for e in caught.value.errors}


def _campus(school, name):
    with school.read(Actor("t", superuser=True)) as uow:
        return uow.conn.execute(sa.select(o.campus.c.id).where(o.campus.c.name == name)).scalar()


def test_register_change_and_remove_an_asset_with_its_history(school, houqin_operator):
    with school.write(houqin_operator) as uow:
        created = service.create_asset(
            uow, asset(custom=CustomFields.parse("品牌: 联想; 序列号: SN1"))
        )
    assert created.number == "ZC-0001"
    assert (created.category, created.category_name) == ("A02010105", "台式计算机")
    assert created.value == Decimal("4800.00")  # unit price × quantity
    assert (created.custodian, created.custodian_no, created.department) == (
        "王芳",
        "1003",
        "信息中心",
    )
    assert created.location == "本部 教学楼 101"
    assert created.status is AssetStatus.IN_USE and created.acquired_by is AcquiredBy.PURCHASE
    assert created.custom.as_dict() == {"品牌": "联想", "序列号": "SN1"}

    with school.write(houqin_operator) as uow:
        values = input_values(service.AssetInput, service.get_asset(uow, created.id))
        values.update(quantity="3", value="14,100.00", unit_price=None, room="102", status="idle")
        cmd = structure_command(school.converter, service.AssetInput, values)
        changed = service.update_asset(uow, created.id, cmd)
        unchanged = service.update_asset(uow, created.id, cmd)
    assert (changed.quantity, changed.unit_price, changed.value) == (
        3,
        Decimal("4700.00"),
        Decimal("14100.00"),
    )
    assert changed.room == "102" and changed.status is AssetStatus.IDLE
    assert unchanged == changed

    with school.write(houqin_operator) as uow:
        service.delete_asset(uow, created.id)
        with pytest.raises(NotFound):
            service.get_asset(uow, created.id)
        history = audit.latest_events(uow, object_type="asset", object_id=str(created.id))
        assert audit.verify_chain(uow.conn).ok
    assert [e.action for e in history] == [
        "assets.asset.removed",
        "assets.asset.changed",
        "assets.asset.created",
    ]
    assert history[1].before["room"] == "101" and history[1].after["room"] == "102"
    assert history[2].after["custom"] == {"品牌": "联想", "序列号": "SN1"}


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"department": "后勤处"}, "department", "there is no department named 后勤处"),
        ({"custodian": "王芳"}, "custodian", "more than one person is called 王芳"),
        ({"custodian": "赵六"}, "custodian", "there is nobody"),
        ({"building": None}, "building", "give the building of room 101"),
        ({"room": "909"}, "room", "教学楼 has no room 909"),
        ({"campus": None, "building": "教学楼"}, "campus", "more than one campus"),
        ({"category": "A09999999"}, "category", "there is no asset category"),
        ({"unit_price": None}, "value", "give the value or the unit price"),
        ({"acquired_on": date(2999, 1, 1)}, "acquired_on", "in the future"),
        (
            {"accumulated_depreciation": Decimal("9999"), "depreciation_as_of": date(2024, 1, 31)},
            "accumulated_depreciation",
            "is more than the value",
        ),
        (
            {
                "category": "A04000000",
                "accumulated_depreciation": Decimal("10"),
                "depreciation_as_of": date(2024, 1, 31),
            },
            "accumulated_depreciation",
            "does not depreciate",
        ),
        ({"accumulated_depreciation": Decimal("10")}, "depreciation_as_of", "give the date"),
    ],
)
def test_a_line_that_breaks_a_rule_is_refused_naming_the_field(
    school, houqin_operator, given, field, message
):
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        service.create_asset(uow, asset(**given))
    assert message in _fields(caught)[field]
    with school.read(houqin_operator) as uow:
        assert service.list_assets(uow, with_total=True).total == 0


def test_amounts_are_refused_negative_or_finer_than_a_fen_and_numbers_are_unique(
    school, houqin_operator
):
    with pytest.raises(InvalidInput) as caught:
        structure_command(
            school.converter,
            service.AssetInput,
            {
                "number": "X",
                "name": "椅",
                "category": "家具",
                "acquired_on": "2020-1-1",
                "value": "-5",
                "unit_price": "1.234",
            },
        )
    assert _fields(caught) == {
        "value": "must be at least 0",
        "unit_price": "at most two decimal places",
    }
    with school.write(houqin_operator) as uow:
        service.create_asset(uow, asset())
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        service.create_asset(uow, asset(name="另一台"))
    assert "already used" in _fields(caught)["number"]


def _register(school, actor):
    """Six assets across campuses, departments, categories, statuses and years."""
    lines = [
        asset(number="A1", value=Decimal("100.10"), unit_price=None, acquired_on=date(2019, 1, 5)),
        asset(
            number="A2",
            category="A05010000",
            name="课桌椅",
            quantity=40,
            unit_price=Decimal("300"),
            department="教务处",
            custodian="1002",
            room="102",
        ),
        asset(
            number="A3",
            category="便携式计算机",
            status=AssetStatus.REPAIRING,
            custodian=None,
            acquired_on=date(2024, 2, 29),
        ),
        asset(
            number="B1",
            campus="东校区",
            department="总务处",
            custodian="张伟",
            unit_price=Decimal("0.99"),
        ),
        asset(
            number="B2",
            campus="东校区",
            building=None,
            room=None,
            department=None,
            custodian=None,
            category="A04000000",
            name="图书",
            value=Decimal("50000"),
            unit_price=None,
        ),
        asset(
            number="C1",
            campus=None,
            building=None,
            room=None,
            department="总务处",
            status=AssetStatus.SCRAPPED,
            category="A02061804",
            name="空调",
        ),
    ]
    with school.write(actor) as uow:
        counts = service.register_assets(uow, lines)
    assert (counts.created, counts.updated) == (6, 0)


@pytest.mark.parametrize(
    ("filters", "numbers"),
    [
        ({}, ["A1", "A2", "A3", "B1", "B2", "C1"]),
        ({"category": "A02010100"}, ["A1", "A3", "B1"]),  # 计算机 and what lies below it
        ({"category": "家具"}, ["A2"]),
        ({"department": "总务处"}, ["B1", "C1"]),
        ({"campus": "东校区"}, ["B1", "B2"]),
        ({"building": "教学楼"}, ["A1", "A2", "A3", "B1"]),
        ({"campus": "本部", "building": "教学楼", "room": "102"}, ["A2"]),
        ({"room": "101"}, ["A1", "A3", "B1"]),
        ({"status": "repairing"}, ["A3"]),
        ({"status": "Scrapped"}, ["C1"]),
        ({"custodian": "张伟"}, ["B1"]),
        ({"custodian": "王芳"}, ["A1", "C1"]),  # a shared name finds either of them
        ({"acquired_from": "2024-01-01"}, ["A3"]),
        ({"acquired_to": "2019/12/31"}, ["A1"]),
        ({"search": "课桌"}, ["A2"]),
    ],
)
def test_every_filter_of_the_list_and_its_totals(school, houqin_operator, filters, numbers):
    _register(school, houqin_operator)
    with school.read(houqin_operator) as uow:
        page = service.list_assets(uow, with_total=True, **filters)
        totals = service.asset_totals(uow, **filters)
    assert [a.number for a in page.items] == numbers
    assert page.total == totals.count == len(numbers)
    assert totals.quantity == sum(a.quantity for a in page.items)
    assert totals.value == sum((a.value for a in page.items), Decimal("0.00"))


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"department": "后勤处"}, "department"),
        ({"campus": "西校区"}, "campus"),
        ({"building": "图书馆"}, "building"),
        ({"room": "999"}, "room"),
        ({"status": "丢了"}, "status"),
        ({"category": "不存在"}, "category"),
        ({"custodian": "nobody"}, "custodian"),
        ({"acquired_from": "2024-02-30"}, "acquired_from"),
    ],
)
def test_a_filter_naming_nothing_known_is_refused_not_empty(
    school, houqin_operator, filters, field
):
    with pytest.raises(InvalidInput) as caught, school.read(houqin_operator) as uow:
        service.list_assets(uow, **filters)
    assert list(_fields(caught)) == [field]


def test_keyset_pages_walk_the_register_in_number_order(school, houqin_operator):
    with school.write(houqin_operator) as uow:
        service.register_assets(uow, [asset(number=f"N{i:04d}") for i in range(0, 230, 7)])
    seen, after = [], None
    with school.read(houqin_operator) as uow:
        while True:
            page = service.list_assets(uow, after=after, limit=4)
            seen += [a.number for a in page.items]
            if page.next_cursor is None:
                break
            after = page.next_cursor
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 33


def test_scope_by_campus_and_department(school, houqin_operator):
    _register(school, houqin_operator)
    east = _campus(school, "东校区")
    with school.read(houqin_operator) as uow:
        department = uow.conn.execute(
            sa.select(o.department.c.id).where(o.department.c.name == "教务处")
        ).scalar()
    keeper = Actor(
        "east_keeper",
        grants=frozenset({Grant(VIEW, campus_id=east), Grant(MANAGE, campus_id=east)}),
    )
    teacher = Actor("dean", grants=frozenset({Grant(VIEW, department_id=department)}))
    with school.read(keeper) as uow:
        assert [a.number for a in service.list_assets(uow).items] == ["B1", "B2"]
        assert service.asset_totals(uow).value == Decimal("50000.99")
        other = service.find_asset(uow, "B1")
        with pytest.raises(PermissionDenied):
            service.find_asset(uow, "A1")
    with school.read(teacher) as uow:
        assert [a.number for a in service.list_assets(uow).items] == ["A2"]
    with school.write(keeper) as uow:
        service.create_asset(uow, asset(number="B3", campus="东校区"))
    with pytest.raises(PermissionDenied), school.write(keeper) as uow:
        service.create_asset(uow, asset(number="A9"))  # 本部 is not the keeper's
    with pytest.raises(PermissionDenied), school.write(keeper) as uow:
        service.update_asset(uow, other.id, asset(number="B1", campus="本部"))  # nor moving there
    with pytest.raises(PermissionDenied), school.write(Actor("nobody")) as uow:
        service.create_asset(uow, asset(number="Z1"))


def test_dashboard_counts_the_register_and_warns_of_assets_without_custodian(
    school, houqin_operator
):
    _register(school, houqin_operator)
    with school.read(houqin_operator) as uow:
        board = dashboard(uow)
    cards = {c.name: c for c in board.cards}
    assert cards["assets.count"].value == "6"
    assert cards["assets.value"].value == "¥71,701.09"
    alerts = {a.name: a for a in board.alerts}
    # A3 (under repair) and B2 have nobody; only A3 is not "in use", so one remains.
    assert alerts["assets.without_custodian"].message.params == {"count": 1}
    assert "assets.without_useful_life" not in alerts
    with school.read(Actor("nobody")) as uow:
        assert not [c for c in dashboard(uow).cards if c.name.startswith("assets.")]


def test_register_assets_writes_history_in_bulk_and_refuses_all_on_one_error(
    school, houqin_operator
):
    with school.read(houqin_operator) as uow:
        before = audit.verify_chain(uow.conn).events
    with pytest.raises(InvalidInput) as caught, school.write(houqin_operator) as uow:
        service.register_assets(
            uow, [asset(number="D1"), asset(number="D1"), asset(number="D2", room="909")]
        )
    assert [(e.row, e.field) for e in caught.value.errors] == [(2, "number"), (3, "room")]
    heard = []
    with school.write(houqin_operator) as uow:
        service.register_assets(uow, [asset(number=f"D{i}") for i in range(1, 2501)])
        heard = [e.action for e in uow.events]
    assert heard == ["assets.registered"]
    with school.read(houqin_operator) as uow:
        report = audit.verify_chain(uow.conn)
        stored = uow.conn.execute(sa.select(sa.func.count()).select_from(t.asset)).scalar()
    assert report.ok and report.events == before + 2501
    assert stored == 2500
