"""The ledger: balances, FIFO cost, never negative, transfers, adjustments, the check."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core.errors import Conflict, InvalidInput
from houqin.core.stock import balances, ledger
from houqin.core.stock import service as svc
from houqin.core.stock import tables as t
from houqin.core.stock.model import (
    AdjustInput,
    ItemInput,
    MovementKind,
    RequestStatus,
    ReturnInput,
    StockInInput,
    TransferInput,
)
from houqin.core.stock.requests import get_request

from .helpers import approved, count, events, issue, on_hand, receive


def _layers(uow, code, store="总务仓库"):
    layer, i, s = t.stock_layer, t.stock_item, t.stock_store
    rows = uow.conn.execute(
        sa.select(layer.c.batch, layer.c.remaining, layer.c.remaining_value)
        .join(i, i.c.id == layer.c.item_id)
        .join(s, s.c.id == layer.c.store_id)
        .where(i.c.code == code, s.c.name == store, layer.c.remaining > 0)
        .order_by(layer.c.received_on, layer.c.id)
    )
    return [(r.batch, r.remaining, Decimal(r.remaining_value)) for r in rows]


def test_stock_in_issue_and_return_move_balance_layers_and_ledger_together(store, houqin_operator):
    s = store
    before = events(s, houqin_operator)
    with s.write(houqin_operator) as uow:
        received = receive(uow, "BG001", 20, "21.50", batch="2024-09")
        request_id = approved(uow, "A4复印纸", 8)
        issued = issue(uow, request_id)
        returned = ledger.return_stock(uow, ReturnInput(request_id, 3, "多领"))
    assert received.kind is MovementKind.STOCK_IN
    assert (received.quantity, received.value, received.supplier) == (
        20,
        Decimal("430.00"),
        "城南文具",
    )
    assert (issued.kind, issued.quantity, issued.value) == (
        MovementKind.ISSUE,
        -8,
        Decimal("-172.00"),
    )
    assert issued.unit_cost == Decimal("21.5000") and issued.department == "教务处"
    assert (returned.quantity, returned.value) == (3, Decimal("64.50"))
    with s.read(houqin_operator) as uow:
        assert on_hand(uow, "BG001") == 15
        line = balances.list_balances(uow, item="BG001").items[0]
        request = get_request(uow, request_id)
        assert balances.check_ledger(uow).ok
    assert (line.on_hand, line.value) == (15, Decimal("322.50"))
    assert (request.status, request.issued, request.returned) == (RequestStatus.ISSUED, 8, 3)
    # in, request created + approved, issue (movement + request), return (movement + request)
    assert events(s, houqin_operator) == before + 7


def test_issues_cost_the_oldest_batches_first(store, houqin_operator):
    s = store
    today = date.today()
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 10, "2.50", on=today - timedelta(days=5), batch="second")
        # Recorded later, delivered earlier: first in, first out goes by the delivery date.
        receive(uow, "BG001", 10, "2.00", on=today - timedelta(days=9), batch="first")
        receive(uow, "BG001", 5, "3.00", on=today, batch="third")
        first = issue(uow, approved(uow, "BG001", 12))
        second_id = approved(uow, "BG001", 10)
        second = issue(uow, second_id)
        left = _layers(uow, "BG001")
        back = ledger.return_stock(uow, ReturnInput(second_id, 2))
    assert first.value == Decimal("-25.00")  # 10 × 2.00 + 2 × 2.50
    assert second.value == Decimal("-26.00")  # 8 × 2.50 + 2 × 3.00
    assert second.unit_cost == Decimal("2.6000")
    assert left == [("third", 3, Decimal("9.00"))]
    assert back.value == Decimal("5.20")  # at the cost the request's items went out at
    with s.read(houqin_operator) as uow:
        assert balances.check_ledger(uow).ok
        assert balances.list_balances(uow, item="BG001").items[0].value == Decimal("14.20")


def test_a_layer_drawn_to_its_end_gives_up_exactly_what_it_had_left(store, houqin_operator):
    with store.write(houqin_operator) as uow:
        receive(uow, "JX001", 3, "3.3333")  # 3 boxes for 10.00
        costs = [issue(uow, approved(uow, "JX001", 1)).value for _ in range(3)]
        uses = uow.conn.execute(sa.select(sa.func.sum(t.stock_layer_use.c.value))).scalar()
    assert costs == [Decimal("-3.33"), Decimal("-3.34"), Decimal("-3.33")]
    assert sum(costs) == Decimal("-10.00") and Decimal(uses) == Decimal("10.00")


def test_nothing_is_taken_when_the_store_holds_too_few(store, houqin_operator):
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 5, "20")
        request_id = approved(uow, "BG001", 8)
    before = events(s, houqin_operator)
    with pytest.raises(Conflict) as caught, s.write(houqin_operator) as uow:
        issue(uow, request_id)
    assert str(caught.value) == (
        "not enough A4复印纸 70g in 总务仓库: 5 包 on hand, 8 asked for; nothing was taken"
    )
    with (
        pytest.raises(Conflict, match="5 包 on hand, 6 asked for"),
        s.write(houqin_operator) as uow,
    ):
        ledger.adjust_stock(uow, AdjustInput("总务仓库", "BG001", -6, "破损"))
    with pytest.raises(Conflict, match="not enough"), s.write(houqin_operator) as uow:
        ledger.transfer_stock(uow, TransferInput("BG001", "总务仓库", "东区仓库", 9))
    with s.read(houqin_operator) as uow:
        assert on_hand(uow, "BG001") == 5
        assert count(uow, t.stock_movement) == 1
        request = get_request(uow, request_id)
        assert (request.status, request.issued) == (RequestStatus.APPROVED, 0)
        assert balances.check_ledger(uow).ok
    assert events(s, houqin_operator) == before
    with s.write(houqin_operator) as uow:  # part of it can go
        assert issue(uow, request_id, 5).quantity == -5
        assert get_request(uow, request_id).status is RequestStatus.PARTLY_ISSUED


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE stock_balance SET quantity = -1",
        "UPDATE stock_layer SET remaining = quantity + 1",
        "UPDATE stock_layer SET remaining_value = -1",
        "UPDATE stock_request SET issued = approved + 1",
        "UPDATE stock_request SET returned = issued + 1",
        "UPDATE stock_movement SET quantity = -quantity",
        "UPDATE stock_movement SET quantity = 0",
        "UPDATE stock_item SET target = minimum - 1",
    ],
    ids=[
        "balance",
        "layer",
        "layer-value",
        "issued",
        "returned",
        "sign",
        "zero",
        "target",
    ],
)
def test_the_database_itself_refuses_broken_books(store, houqin_operator, statement):
    with store.write(houqin_operator) as uow:
        receive(uow, "BG001", 5, "20")
        issue(uow, approved(uow, "BG001", 2))
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.exec_driver_sql(statement)


def test_a_transfer_moves_batches_with_their_dates_and_costs(store, houqin_operator):
    s = store
    today = date.today()
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 4, "2.00", on=today - timedelta(days=3), batch="old")
        receive(uow, "BG001", 10, "3.00", on=today, batch="new")
        out, into = ledger.transfer_stock(
            uow, TransferInput("BG001", "总务仓库", "东区仓库", 6, "东区补货")
        )
        east = _layers(uow, "BG001", "东区仓库")
        drawn = issue(uow, approved(uow, "BG001", 5, store="东区仓库"))
    assert (out.kind, out.quantity, out.value) == (MovementKind.TRANSFER_OUT, -6, Decimal("-14.00"))
    assert (into.kind, into.quantity, into.value) == (MovementKind.TRANSFER_IN, 6, Decimal("14.00"))
    assert into.linked_id == out.id and into.store == "东区仓库"
    assert east == [("old", 4, Decimal("8.00")), ("new", 2, Decimal("6.00"))]
    assert drawn.value == Decimal("-11.00")
    with s.read(houqin_operator) as uow:
        assert (on_hand(uow, "BG001"), on_hand(uow, "BG001", "东区仓库")) == (8, 1)
        assert balances.check_ledger(uow).ok
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        ledger.transfer_stock(uow, TransferInput("BG001", "总务仓库", "总务仓库", 1))
    assert caught.value.errors[0].field == "to_store"


def test_adjustments_need_a_reason_and_cost_surpluses(store, houqin_operator):
    s = store
    with s.write(houqin_operator) as uow:
        with pytest.raises(InvalidInput) as caught:
            ledger.adjust_stock(uow, AdjustInput("总务仓库", "BG001", 2, "盘盈"))
        assert caught.value.errors[0].field == "unit_cost"
        receive(uow, "BG001", 10, "20.00")
        receive(uow, "BG001", 10, "22.00")
        surplus = ledger.adjust_stock(uow, AdjustInput("总务仓库", "BG001", 2, "盘盈"))
        loss = ledger.adjust_stock(uow, AdjustInput("总务仓库", "BG001", -11, "受潮报损"))
    assert (surplus.quantity, surplus.value, surplus.note) == (2, Decimal("44.00"), "盘盈")
    assert (loss.quantity, loss.value) == (-11, Decimal("-222.00"))
    converter = s.converter
    from houqin.core.commands import structure_command

    with pytest.raises(InvalidInput) as caught:
        structure_command(
            converter, AdjustInput, {"store": "总务仓库", "item": "BG001", "quantity": "0"}
        )
    assert {e.field for e in caught.value.errors} == {"quantity", "reason"}


def test_dates_to_come_and_items_out_of_use_are_refused(store, houqin_operator):
    s = store
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        receive(uow, "BG001", 1, "1", on=date.today() + timedelta(days=2))
    assert caught.value.errors[0].field == "received_on"
    with s.write(houqin_operator) as uow:
        item = svc.find_item(uow, "JX001")
        svc.update_item(
            uow, item.id, ItemInput("粉笔", "盒", "教学耗材", code="JX001", active=False)
        )
    with pytest.raises(InvalidInput, match="no longer in use"), s.write(houqin_operator) as uow:
        ledger.stock_in(uow, StockInInput("总务仓库", "JX001", 1, Decimal(1)))


def test_the_check_finds_books_changed_behind_the_ledgers_back(store, houqin_operator):
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 10, "20")
        receive(uow, "JX001", 10, "4", store="东区仓库")
        assert balances.check_ledger(uow).ok
    with s.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE stock_balance SET quantity = quantity + 3 WHERE item_id = "
            "(SELECT id FROM stock_item WHERE code = 'BG001')"
        )
        conn.exec_driver_sql(
            "UPDATE stock_layer SET remaining_value = 1 WHERE store_id = "
            "(SELECT id FROM stock_store WHERE name = '东区仓库')"
        )
    with s.read(houqin_operator) as uow:
        found = balances.check_ledger(uow)
    assert not found.ok and found.lines == 2
    assert [(d.item, d.store, d.what.msgid, d.ledger, d.recorded) for d in found.differences] == [
        ("A4复印纸 70g", "总务仓库", "quantity on hand", Decimal(10), Decimal(13)),
        ("粉笔", "东区仓库", "value in cost layers", Decimal("40.00"), Decimal("1.00")),
    ]


def test_the_ledger_lists_by_item_store_kind_and_request(store, houqin_operator):
    with store.write(houqin_operator) as uow:
        receive(uow, "BG001", 10, "20")
        receive(uow, "JX001", 10, "4")
        request_id = approved(uow, "BG001", 4)
        issue(uow, request_id, 1)
        issue(uow, request_id, 3)
        everything = ledger.list_movements(uow, with_total=True)
        of_request = ledger.list_movements(uow, request=request_id)
        issues = ledger.list_movements(uow, kind="issue", item="BG001")
        first_page = ledger.list_movements(uow, limit=2)
        second_page = ledger.list_movements(uow, limit=2, after=first_page.next_cursor)
        with pytest.raises(InvalidInput):
            ledger.list_movements(uow, kind="stolen")
    assert everything.total == 4
    assert [m.quantity for m in of_request.items] == [-1, -3]
    assert [m.id for m in issues.items] == [m.id for m in of_request.items]
    assert [m.id for m in first_page.items + second_page.items] == [m.id for m in everything.items]
