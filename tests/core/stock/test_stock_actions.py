"""The store's steps as kind actions, the read-only ledger and the materials ledger (材料账)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.core.commands import structure_command
from houqin.core.errors import Conflict, InvalidInput
from houqin.core.printing import render_html, sheet_of
from houqin.core.stock.model import MovementKind, RequestStatus

from .helpers import approved, receive


def _command(school, cls, **text):
    return structure_command(school.converter, cls, text)


def test_the_stock_list_offers_stock_in_adjust_transfer_and_the_materials_ledger(store):
    balances = store.kinds["stock_balances"]
    assert [(a.name, a.on_object) for a in balances.actions] == [
        ("stock_in", False),
        ("adjust", False),
        ("transfer", False),
    ]
    assert [(d.name, d.on_object) for d in balances.documents] == [("materials_ledger", False)]
    requests = store.kinds["stock_requests"]
    assert [a.name for a in requests.actions] == ["approve", "reject", "issue", "return", "close"]
    assert all(a.on_object for a in requests.actions)


def test_request_actions_are_offered_as_the_request_moves_on(store, houqin_operator):
    kind = store.kinds["stock_requests"]
    with store.write(houqin_operator) as uow:
        receive(uow, "BG001", 20, "21.50")
        stock_in = store.kinds["stock_balances"].action("stock_in")
        made = stock_in.run(
            uow,
            _command(
                store,
                stock_in.command,
                store="总务仓库",
                item="BG001",
                quantity="5",
                unit_cost="20",
            ),
        )
        assert made.kind is MovementKind.STOCK_IN and made.quantity == 5
        pending = kind.create(
            uow,
            _command(
                store,
                kind.command,
                store="总务仓库",
                item="BG001",
                quantity="8",
                department="教务处",
            ),
        )

    def offered(record):
        return [a.name for a in kind.actions if a.offered_for(record)]

    assert offered(pending) == ["approve", "reject"]
    approve = kind.action("approve")
    with store.read(houqin_operator) as uow:
        assert approve.prefill(uow, pending) == {"quantity": 8}
    with store.write(houqin_operator) as uow:
        decided = approve.run(uow, pending.id, _command(store, approve.command, quantity="6"))
        assert decided.status is RequestStatus.APPROVED
        assert offered(decided) == ["issue", "close"]
        issue = kind.action("issue")
        movement = issue.run(uow, pending.id, _command(store, issue.command, quantity="4"))
        assert movement.kind is MovementKind.ISSUE and movement.request_id == pending.id
        assert issue.result_kind == "stock_movements"
        partly = kind.get(uow, pending.id)
        assert offered(partly) == ["issue", "return", "close"]
        back = kind.action("return")
        assert back.prefill(uow, partly) == {"quantity": 4}
        returned = back.run(uow, pending.id, _command(store, back.command, quantity="1"))
        assert returned.kind is MovementKind.RETURN
        close = kind.action("close")
        closed = close.run(uow, pending.id, _command(store, close.command, reason="够用了"))
    assert closed.status is RequestStatus.CLOSED
    assert offered(closed) == ["return"]
    with store.write(houqin_operator) as uow, pytest.raises(Conflict, match="already decided"):
        approve.run(uow, pending.id, _command(store, approve.command))


def test_the_ledger_is_a_read_only_kind_filtered_by_store_item_kind_and_dates(
    store, houqin_operator
):
    ledger = store.kinds["stock_movements"]
    assert (ledger.create, ledger.update, ledger.delete) == (None, None, None)
    with store.write(houqin_operator) as uow:
        receive(uow, "BG001", 20, "21.50")
        receive(uow, "JX001", 10, "8", store="东区仓库")
        request_id = approved(uow, "BG001", 5)
        issued = store.kinds["stock_requests"].action("issue")
        issued.run(uow, request_id, _command(store, issued.command))
    with store.read(houqin_operator) as uow:
        everything = ledger.list(uow, with_total=True)
        assert everything.total == 3
        assert ledger.list(uow, store="东区仓库", with_total=True).total == 1
        assert [m.kind for m in ledger.list(uow, kind="issue").items] == [MovementKind.ISSUE]
        assert ledger.list(uow, request=str(request_id), with_total=True).total == 1
        today = everything.items[0].occurred_on.isoformat()
        assert ledger.list(uow, since=today, until=today, with_total=True).total == 3
        with pytest.raises(InvalidInput) as refused:
            ledger.list(uow, since="next week")
        assert refused.value.errors[0].field == "since"
        first = ledger.get(uow, everything.items[0].id)
    assert ledger.title(first).startswith("Stock in #1: A4复印纸 70g 20 包, 总务仓库")
    assert [c.name for c in ledger.columns][:3] == ["occurred_on", "kind", "store"]


def test_the_materials_ledger_document_asks_for_a_month_and_totals_the_values(
    store, houqin_operator
):
    document = store.kinds["stock_balances"].document("materials_ledger")
    assert document.command is not None
    with pytest.raises(InvalidInput) as refused:
        _command(store, document.command, month="2024-13")
    assert "is not a month" in str(refused.value)
    with store.write(houqin_operator) as uow:
        made = receive(uow, "BG001", 20, "21.50")
    month = made.occurred_on.strftime("%Y-%m")
    with store.read(houqin_operator) as uow:
        doc = document.build(uow, _command(store, document.command, month=month))
    assert month in str(doc.title.render())
    (table,) = doc.tables
    assert table.totals is not None and table.totals[-1] == Decimal("430.00")
    assert "430.00" in render_html(doc)
    assert list(sheet_of(doc)[0].rows)[-1][-1] == Decimal("430.00")
