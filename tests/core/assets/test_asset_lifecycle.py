"""The life cycle: issue, return, lend, take back, transfer, repair, damage, 以旧换新."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.access import Actor, Grant
from houqin.core.assets import damage, movements, service
from houqin.core.assets import tables as t
from houqin.core.assets.categories import create_category
from houqin.core.assets.model import AssetStatus, CategoryInput
from houqin.core.assets.movement_model import (
    CompensationInput,
    Condition,
    DamageInput,
    DamageStatus,
    IssueInput,
    LendInput,
    MoveInput,
    MovementAction,
    RepairBackInput,
    RepairInput,
    ReturnInput,
    TakeBackInput,
    WaiveInput,
)
from houqin.core.assets.plugin import MANAGE, VIEW
from houqin.core.clock import school_today
from houqin.core.dashboard import dashboard
from houqin.core.errors import Conflict, InvalidInput, PermissionDenied
from houqin.core.i18n import use_language
from houqin.core.org import tables as o
from houqin.core.settings import set_setting

from .conftest import asset


@pytest.fixture(autouse=True)
def english():
    with use_language("en"):
        yield


def _fields(caught: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {e.field: str(e.message) for e in caught.value.errors}


def _register(school, actor, **given):
    with school.write(actor) as uow:
        return service.create_asset(uow, asset(**given))


def _idle(school, actor, number="ZC-0001", **given):
    return _register(school, actor, number=number, status=AssetStatus.IDLE, custodian=None, **given)


def test_issue_to_a_person_then_return_in_good_condition(school, houqin_operator):
    idle = _idle(school, houqin_operator)
    with school.write(houqin_operator) as uow:
        issued = movements.issue_asset(
            uow, idle.id, IssueInput(custodian="1002", room="102", building="教学楼")
        )
    assert issued.status is AssetStatus.IN_USE
    assert (issued.custodian, issued.department, issued.room) == ("李娜", "教务处", "102")
    with school.write(houqin_operator) as uow:
        back = movements.return_asset(uow, idle.id, ReturnInput(condition=Condition.WORN))
        page = movements.list_movements(uow, number="ZC-0001", with_total=True)
        history = audit.latest_events(uow, object_type="asset", object_id=str(idle.id))
    assert back.status is AssetStatus.IDLE and back.custodian is None
    assert page.total == 2
    issue, ret = page.items
    assert issue.action is MovementAction.ISSUE and ret.action is MovementAction.RETURN
    assert (issue.custodian_before, issue.custodian_after) == (None, "李娜")
    assert (issue.department_before, issue.department_after) == ("信息中心", "教务处")
    assert issue.room_before == "101" and issue.room_after == "102"
    assert ret.condition == "worn" and ret.status_after is AssetStatus.IDLE
    assert issue.actor == houqin_operator.name
    assert [e.action for e in history][:2] == ["assets.asset.return", "assets.asset.issue"]


def test_issue_to_a_class_uses_its_room_and_head_teacher_and_a_damaged_return_opens_a_report(
    classes, houqin_operator
):
    school = classes
    idle = _idle(school, houqin_operator)
    with school.write(houqin_operator) as uow:
        issued = movements.issue_asset(uow, idle.id, IssueInput(school_class="三年级2班"))
    assert (issued.school_class, issued.custodian, issued.room) == ("三年级2班", "李娜", "102")
    with school.write(houqin_operator) as uow:
        back = movements.return_asset(
            uow,
            idle.id,
            ReturnInput(condition=Condition.DAMAGED, note="屏幕碎裂", responsible="张小华"),
        )
        reports = damage.list_damages(uow).items
    assert back.status is AssetStatus.DAMAGED and back.school_class is None
    (report,) = reports
    assert (report.description, report.responsible, report.responsible_id) == (
        "屏幕碎裂",
        "张小华",
        None,
    )
    assert report.status is DamageStatus.OPEN and report.found_in_id is not None


def test_issue_refusals_name_the_field(school, houqin_operator):
    idle = _idle(school, houqin_operator)
    busy = _register(school, houqin_operator, number="ZC-0002")
    with school.write(houqin_operator) as uow:
        with pytest.raises(InvalidInput) as caught:
            movements.issue_asset(uow, idle.id, IssueInput())
        assert "custodian" in _fields(caught)
        with pytest.raises(InvalidInput) as caught:
            movements.issue_asset(uow, idle.id, IssueInput(custodian="王芳"))
        assert "more than one person" in _fields(caught)["custodian"]
        with pytest.raises(InvalidInput) as caught:
            movements.issue_asset(uow, idle.id, IssueInput(school_class="九年级9班"))
        assert "school_class" in _fields(caught)
        tomorrow = school_today(uow) + timedelta(days=1)
        with pytest.raises(InvalidInput) as caught:
            movements.issue_asset(uow, idle.id, IssueInput(custodian="1001", happened_on=tomorrow))
        assert "has not come yet" in _fields(caught)["happened_on"]
        with pytest.raises(Conflict, match="in use by 王芳"):
            movements.issue_asset(uow, busy.id, IssueInput(custodian="1001"))


def test_lend_take_back_and_the_overdue_alert(school, houqin_operator):
    first = _idle(school, houqin_operator)
    second = _register(school, houqin_operator, number="ZC-0002")
    with school.write(houqin_operator) as uow:
        set_setting(uow, "assets.loan_days", "7")
        today = school_today(uow)
        lent = movements.lend_asset(uow, first.id, LendInput(borrower="1001"))
        late = movements.lend_asset(
            uow,
            second.id,
            LendInput(
                borrower="1002",
                happened_on=today - timedelta(days=20),
                due_on=today - timedelta(days=6),
            ),
        )
        with pytest.raises(Conflict, match="Lent out: it cannot be Lent"):
            movements.lend_asset(uow, first.id, LendInput(borrower="1001"))
        overdue = movements.list_movements(uow, overdue="yes").items
        alerts = {a.name: str(a.message) for a in dashboard(uow).alerts}
        (loan,) = movements.list_movements(uow, number="ZC-0001").items
    assert lent.status is late.status is AssetStatus.LENT
    assert loan.due_on == today + timedelta(days=7) and loan.borrower == "张伟"
    assert [m.number for m in overdue] == ["ZC-0002"]
    assert overdue[0].overdue_on(today)
    assert "Loans overdue: 1 (李娜)" in alerts["assets.overdue_loans"]

    with school.write(houqin_operator) as uow:
        back = movements.take_back_asset(uow, second.id, TakeBackInput(condition=Condition.GOOD))
        assert movements.list_movements(uow, overdue="yes").items == []
        with pytest.raises(Conflict, match="In use: it cannot be Taken back"):
            movements.take_back_asset(uow, second.id, TakeBackInput(condition=Condition.GOOD))
        closing = movements.list_movements(uow, number="ZC-0002", action="take_back").items[0]
        alerts = {a.name for a in dashboard(uow).alerts}
    assert back.status is AssetStatus.IN_USE  # as before the loan
    assert closing.closes_id == loan.id + 1
    assert "assets.overdue_loans" not in alerts


def test_move_changes_only_what_is_given(school, houqin_operator):
    found = _register(school, houqin_operator)
    with school.write(houqin_operator) as uow:
        moved = movements.move_asset(
            uow, found.id, MoveInput(room="102", custodian="1001", note="调整")
        )
        with pytest.raises(InvalidInput) as caught:
            movements.move_asset(uow, found.id, MoveInput())
        assert "department" in _fields(caught)
        with pytest.raises(InvalidInput) as caught:
            movements.move_asset(uow, found.id, MoveInput(room="999"))
        assert "room" in _fields(caught)
        with pytest.raises(InvalidInput) as caught:
            movements.move_asset(uow, found.id, MoveInput(department="后勤部"))
        assert "department" in _fields(caught)
    assert (moved.campus, moved.building, moved.room) == ("本部", "教学楼", "102")
    assert (moved.custodian, moved.department) == ("张伟", "信息中心")


def test_a_scoped_manager_may_not_act_on_or_move_to_another_campus(school, houqin_operator):
    found = _register(school, houqin_operator)
    with school.read(houqin_operator) as uow:
        ids = dict(uow.conn.execute(sa.select(o.campus.c.name, o.campus.c.id)).all())
    east = Actor("east", grants=frozenset({Grant(MANAGE, campus_id=ids["东校区"]), Grant(VIEW)}))
    main = Actor("main", grants=frozenset({Grant(MANAGE, campus_id=ids["本部"]), Grant(VIEW)}))
    with school.write(east) as uow, pytest.raises(PermissionDenied):
        movements.send_to_repair(uow, found.id, RepairInput(repairer="木工组"))
    with school.write(main) as uow, pytest.raises(PermissionDenied):
        movements.move_asset(uow, found.id, MoveInput(campus="东校区", building="教学楼"))
    with school.read(houqin_operator) as uow:
        assert movements.list_movements(uow).items == []


def test_repair_cycle_records_who_and_the_cost(school, houqin_operator):
    found = _register(school, houqin_operator)
    with school.write(houqin_operator) as uow:
        today = school_today(uow)
        sent = movements.send_to_repair(
            uow, found.id, RepairInput(repairer="电脑维修部", expected_on=today)
        )
        with pytest.raises(Conflict):
            movements.lend_asset(uow, found.id, LendInput(borrower="1001"))
        fixed = movements.back_from_repair(uow, found.id, RepairBackInput(cost=Decimal("85.50")))
        movements.send_to_repair(uow, found.id, RepairInput(repairer="电脑维修部"))
        broken = movements.back_from_repair(uow, found.id, RepairBackInput(fixed=False))
        ledger = movements.list_movements(uow, number="ZC-0001").items
    assert sent.status is AssetStatus.REPAIRING
    assert fixed.status is AssetStatus.IN_USE and broken.status is AssetStatus.DAMAGED
    assert [m.action for m in ledger] == [
        MovementAction.TO_REPAIR,
        MovementAction.FROM_REPAIR,
        MovementAction.TO_REPAIR,
        MovementAction.FROM_REPAIR,
    ]
    assert ledger[0].repairer == "电脑维修部" and ledger[0].due_on == today
    assert ledger[1].cost == Decimal("85.50") and ledger[1].closes_id == ledger[0].id
    assert not ledger[0].open and not ledger[2].open


def test_damage_compensation_and_waiving(classes, houqin_operator):
    school = classes
    found = _register(school, houqin_operator)
    other = _register(school, houqin_operator, number="ZC-0002")
    with school.write(houqin_operator) as uow:
        report = damage.report_damage(
            uow,
            found.id,
            DamageInput(
                description="键盘进水",
                responsible="陈小明",
                school_class="三年级2班",
                compensation=Decimal("60.00"),
            ),
        )
        staff = damage.report_damage(
            uow,
            other.id,
            DamageInput(description="摔坏", responsible="1001", send_to_repair=True),
        )
        alerts = {a.name: str(a.message) for a in dashboard(uow).alerts}
        repairing = service.get_asset(uow, other.id)
    assert (report.responsible, report.school_class, report.compensation) == (
        "陈小明",
        "三年级2班",
        Decimal("60.00"),
    )
    assert staff.responsible == "张伟" and staff.responsible_id is not None
    assert staff.repair_id is not None and repairing.status is AssetStatus.REPAIRING
    assert "1 (60.00 yuan)" in alerts["assets.unpaid_compensation"]

    with school.write(houqin_operator) as uow:
        paid = damage.record_compensation(uow, report.id, CompensationInput(receipt="R-7"))
        with pytest.raises(Conflict, match="already settled"):
            damage.waive_compensation(uow, report.id, WaiveInput(reason="意外"))
        with pytest.raises(InvalidInput) as caught:
            damage.record_compensation(uow, staff.id, CompensationInput())
        assert "amount" in _fields(caught)
        waived = damage.waive_compensation(uow, staff.id, WaiveInput(reason="公务使用中意外"))
        alerts = {a.name for a in dashboard(uow).alerts}
    assert paid.status is DamageStatus.COMPENSATED and paid.paid == Decimal("60.00")
    assert paid.receipt == "R-7" and paid.paid_on is not None
    assert waived.status is DamageStatus.WAIVED and waived.settled_note == "公务使用中意外"
    assert "assets.unpaid_compensation" not in alerts


def _exchange_category(school, actor):
    with school.write(actor) as uow:
        create_category(
            uow,
            CategoryInput(
                code="XS-01", name="教学用具", parent="A02000000", exchange_required=True
            ),
        )
        child = create_category(
            uow, CategoryInput(code="XS-0101", name="教鞭", parent="XS-01", useful_life_months=24)
        )
    assert child.exchange_required  # taken from the parent


def test_new_for_old_needs_the_old_one_and_returns_it_in_the_same_transaction(
    school, houqin_operator
):
    _exchange_category(school, houqin_operator)
    old = _register(school, houqin_operator, number="JB-OLD", category="XS-0101")
    new = _idle(school, houqin_operator, number="JB-NEW", category="XS-0101")
    computer = _register(school, houqin_operator, number="ZC-0009")
    with school.write(houqin_operator) as uow:
        with pytest.raises(InvalidInput) as caught:
            movements.issue_asset(uow, new.id, IssueInput(custodian="1003"))
        assert "issued only against the old one" in _fields(caught)["old_asset"]
        with pytest.raises(InvalidInput) as caught:
            movements.issue_asset(
                uow,
                new.id,
                IssueInput(custodian="1003", old_asset="ZC-0009", old_condition=Condition.WORN),
            )
        assert "not a 教鞭" in _fields(caught)["old_asset"]
        with pytest.raises(InvalidInput) as caught:
            movements.issue_asset(uow, new.id, IssueInput(custodian="1003", old_asset="JB-OLD"))
        assert "old_condition" in _fields(caught)
        issued = movements.issue_asset(
            uow,
            new.id,
            IssueInput(custodian="1003", old_asset="JB-OLD", old_condition=Condition.WORN),
        )
        returned = service.get_asset(uow, old.id)
    assert issued.status is AssetStatus.IN_USE and issued.custodian == "王芳"
    assert returned.status is AssetStatus.IDLE and returned.custodian is None
    assert computer.status is AssetStatus.IN_USE


def test_a_failing_action_changes_nothing(school, houqin_operator):
    _exchange_category(school, houqin_operator)
    old = _register(school, houqin_operator, number="JB-OLD", category="XS-0101")
    new = _idle(school, houqin_operator, number="JB-NEW", category="XS-0101")
    with pytest.raises(PermissionDenied), school.write(houqin_operator) as uow:
        movements.issue_asset(
            uow,
            new.id,
            IssueInput(custodian="1003", old_asset="JB-OLD", old_condition=Condition.GOOD),
        )
        raise PermissionDenied("a later step of the same transaction fails")
    with school.read(houqin_operator) as uow:
        assert service.get_asset(uow, old.id).status is AssetStatus.IN_USE
        assert service.get_asset(uow, new.id).status is AssetStatus.IDLE
        assert (
            uow.conn.execute(sa.select(sa.func.count()).select_from(t.asset_movement)).scalar() == 0
        )


def test_nothing_is_done_to_a_scrapped_asset(school, houqin_operator):
    gone = _register(school, houqin_operator, status=AssetStatus.SCRAPPED)
    with school.write(houqin_operator) as uow:
        for run, cmd in (
            (movements.lend_asset, LendInput(borrower="1001")),
            (movements.move_asset, MoveInput(room="102")),
            (movements.return_asset, ReturnInput(condition=Condition.GOOD)),
            (damage.report_damage, DamageInput(description="x")),
        ):
            with pytest.raises(Conflict, match="left the books"):
                run(uow, gone.id, cmd)


def test_movement_filters_refuse_what_they_do_not_know(school, houqin_operator):
    with school.read(houqin_operator) as uow:
        for filters, name in (
            ({"action": "fly"}, "action"),
            ({"date_from": "soon"}, "date_from"),
            ({"department": "后勤部"}, "department"),
            ({"overdue": "maybe"}, "overdue"),
        ):
            with pytest.raises(InvalidInput) as caught:
                movements.list_movements(uow, **filters)
            assert name in _fields(caught)
        assert movements.list_movements(uow, date_from=date(2020, 1, 1)).items == []
