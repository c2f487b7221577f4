"""Requests for items: ask, approve or reject, issue in parts, return, close; who may do what."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.errors import Conflict, InvalidInput, PermissionDenied
from houqin.core.stock import balances, ledger, requests
from houqin.core.stock import service as svc
from houqin.core.stock.model import (
    ApprovalInput,
    DecisionNote,
    IssueInput,
    RequestInput,
    RequestStatus,
    ReturnInput,
    StockInInput,
    StoreInput,
)

from .helpers import login, receive


@pytest.fixture
def people(store, houqin_operator):
    """A teacher of 教务处, the head of logistics, a storekeeper of 东校区 only, the storekeeper."""
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 20, "20.00")
        receive(uow, "BG001", 20, "20.00", store="东区仓库")
    return {
        "teacher": login(s, houqin_operator, "wangfang", "teacher", department="教务处"),
        "other_teacher": login(s, houqin_operator, "lina", "teacher", department="总务处"),
        "head": login(s, houqin_operator, "zhaoqiang", "logistics_head"),
        "keeper": login(s, houqin_operator, "sunli", "storekeeper"),
        "east_keeper": login(s, houqin_operator, "zhoujie", "storekeeper", campus="东校区"),
    }


def _ask(school, actor, quantity=10, department="教务处", store="总务仓库"):
    with school.write(actor) as uow:
        return requests.create_request(
            uow, RequestInput(store, "A4复印纸", quantity, department, "期中考试")
        )


def test_a_request_goes_from_asking_to_issuing_with_every_step_audited(store, people):
    s = store
    asked = _ask(s, people["teacher"])
    assert (asked.status, asked.requested_by, asked.department) == (
        RequestStatus.PENDING,
        "wangfang",
        "教务处",
    )
    with pytest.raises(PermissionDenied), s.write(people["teacher"]) as uow:
        requests.approve_request(uow, asked.id, ApprovalInput())
    with s.write(people["head"]) as uow:
        decided = requests.approve_request(uow, asked.id, ApprovalInput(8, "先领8包"))
    assert (decided.status, decided.approved, decided.decided_by) == (
        RequestStatus.APPROVED,
        8,
        "zhaoqiang",
    )
    with pytest.raises(PermissionDenied), s.write(people["head"]) as uow:
        ledger.issue_stock(uow, IssueInput(asked.id))
    with s.write(people["keeper"]) as uow:
        first = ledger.issue_stock(uow, IssueInput(asked.id, 5, "王芳"))
        assert requests.get_request(uow, asked.id).status is RequestStatus.PARTLY_ISSUED
        with pytest.raises(InvalidInput, match="only 3 of request"):
            ledger.issue_stock(uow, IssueInput(asked.id, 4))
        ledger.issue_stock(uow, IssueInput(asked.id))
        done = requests.get_request(uow, asked.id)
    assert first.recipient == "王芳" and first.actor == "sunli"
    assert (done.status, done.issued, done.issued_value) == (
        RequestStatus.ISSUED,
        8,
        Decimal("160.00"),
    )
    with pytest.raises(Conflict, match="is Issued"), s.write(people["keeper"]) as uow:
        ledger.issue_stock(uow, IssueInput(asked.id, 1))
    with s.write(people["keeper"]) as uow:
        ledger.return_stock(uow, ReturnInput(asked.id, 2))
        with pytest.raises(InvalidInput, match="only 6 of request"):
            ledger.return_stock(uow, ReturnInput(asked.id, 7))
    with s.read(people["head"]) as uow:
        steps = uow.conn.execute(
            sa.select(audit.audit_event.c.action, audit.audit_event.c.actor)
            .where(
                audit.audit_event.c.object_type == "stock_request",
                audit.audit_event.c.object_id == str(asked.id),
            )
            .order_by(audit.audit_event.c.seq)
        ).all()
    assert [tuple(step) for step in steps] == [
        ("stock.request.created", "wangfang"),
        ("stock.request.approved", "zhaoqiang"),
        ("stock.request.issued", "sunli"),
        ("stock.request.issued", "sunli"),
        ("stock.request.returned", "sunli"),
    ]


def test_a_rejected_request_is_never_issued_and_a_decision_is_made_once(store, people):
    s = store
    asked = _ask(s, people["teacher"])
    with s.write(people["head"]) as uow:
        rejected = requests.reject_request(uow, asked.id, DecisionNote("本月已超量"))
    assert (rejected.status, rejected.decision_note) == (RequestStatus.REJECTED, "本月已超量")
    with pytest.raises(Conflict, match="already decided"), s.write(people["head"]) as uow:
        requests.approve_request(uow, asked.id, ApprovalInput())
    with (
        pytest.raises(Conflict, match="only an approved request"),
        s.write(people["keeper"]) as uow,
    ):
        ledger.issue_stock(uow, IssueInput(asked.id))
    other = _ask(s, people["teacher"], 3)
    with (
        pytest.raises(InvalidInput, match="at most the 3 asked for"),
        s.write(people["head"]) as uow,
    ):
        requests.approve_request(uow, other.id, ApprovalInput(4))


def test_the_asker_changes_or_withdraws_a_request_only_while_it_waits(store, people):
    s = store
    asked = _ask(s, people["teacher"], 10)
    with s.write(people["teacher"]) as uow:
        changed = requests.update_request(
            uow, asked.id, RequestInput("总务仓库", "BG001", 12, "教务处")
        )
    assert changed.quantity == 12
    with pytest.raises(PermissionDenied), s.write(people["other_teacher"]) as uow:
        requests.delete_request(uow, asked.id)
    with s.write(people["teacher"]) as uow:
        requests.delete_request(uow, asked.id)
    again = _ask(s, people["teacher"], 2)
    with s.write(people["head"]) as uow:
        requests.approve_request(uow, again.id, ApprovalInput())
    with pytest.raises(Conflict, match="only a request waiting"), s.write(people["teacher"]) as uow:
        requests.delete_request(uow, again.id)


def test_staff_ask_only_for_their_own_department_and_see_only_its_requests(store, people):
    s = store
    _ask(s, people["teacher"])
    _ask(s, people["other_teacher"], department="总务处")
    with pytest.raises(PermissionDenied), s.write(people["teacher"]) as uow:
        requests.create_request(uow, RequestInput("总务仓库", "BG001", 1, "总务处"))
    with s.read(people["teacher"]) as uow:
        mine = requests.list_requests(uow, with_total=True)
        # Every store is open to ask from, whatever the campus.
        stores = [store.name for store in svc.list_stores(uow).items]
    assert [r.department for r in mine.items] == ["教务处"] and mine.total == 1
    assert stores == ["东区仓库", "总务仓库"]
    with s.read(people["head"]) as uow:
        assert requests.list_requests(uow, with_total=True).total == 2
        assert requests.list_requests(uow, status="pending", department="总务处").items
        with pytest.raises(InvalidInput):
            requests.list_requests(uow, status="lost")


def test_a_campus_storekeeper_runs_only_the_stores_of_that_campus(store, people):
    s = store
    keeper = people["east_keeper"]
    with pytest.raises(PermissionDenied), s.write(keeper) as uow:
        ledger.stock_in(uow, StockInInput("总务仓库", "BG001", 1, Decimal(1)))
    with pytest.raises(PermissionDenied), s.write(keeper) as uow:
        svc.create_store(uow, StoreInput("本部二库", campus="本部"))
    with s.write(keeper) as uow:
        ledger.stock_in(uow, StockInInput("东区仓库", "BG001", 1, Decimal(1)))
        assert [b.store for b in balances.list_balances(uow).items] == ["东区仓库"]
        assert [st.name for st in svc.list_stores(uow).items] == ["东区仓库"]
    asked = _ask(s, people["teacher"], 2)
    with s.write(people["head"]) as uow:
        requests.approve_request(uow, asked.id, ApprovalInput())
    with pytest.raises(PermissionDenied), s.write(keeper) as uow:
        ledger.issue_stock(uow, IssueInput(asked.id))


def test_closing_an_approved_request_frees_what_it_had_promised(store, people):
    s = store
    asked = _ask(s, people["teacher"], 10)
    with s.write(people["head"]) as uow:
        requests.approve_request(uow, asked.id, ApprovalInput())
    with s.write(people["keeper"]) as uow:
        ledger.issue_stock(uow, IssueInput(asked.id, 4))
        promised = balances.list_balances(uow, store="总务仓库").items[0].promised
        closed = requests.close_request(uow, asked.id, DecisionNote("其余不需要了"))
        after = balances.list_balances(uow, store="总务仓库").items[0].promised
    assert (promised, after) == (6, 0)
    assert (closed.status, closed.issued, closed.outstanding) == (RequestStatus.CLOSED, 4, 0)
    with pytest.raises(Conflict), s.write(people["keeper"]) as uow:
        requests.close_request(uow, asked.id, DecisionNote("again"))
    waiting = _ask(s, people["teacher"])
    with pytest.raises(PermissionDenied), s.write(people["teacher"]) as uow:
        requests.close_request(uow, waiting.id, DecisionNote("x"))


def test_nobody_without_a_grant_sees_the_store(store):
    from houqin.core.access import Actor

    with store.read(Actor(name="visitor")) as uow:
        with pytest.raises(PermissionDenied):
            svc.list_items(uow)
        with pytest.raises(PermissionDenied):
            balances.list_balances(uow)
        assert requests.list_requests(uow, with_total=True).total == 0
