"""The store's kinds drive the frontends: forms from strings, lists with filters, edits."""

from __future__ import annotations

import pytest

from houqin.core.commands import describe_command, input_values, structure_command
from houqin.core.errors import Conflict

from .helpers import approved, receive

STOCK_KINDS = [
    "stock_balances",
    "stock_items",
    "stock_requests",
    "stock_movements",
    "stock_stores",
    "stock_suppliers",
]


def _form(school, kind, **text):
    return structure_command(school.converter, school.kinds[kind].command, text)


def test_the_store_has_its_area_and_kinds(store):
    assert "stock" in [area.name for area in store.areas]
    assert [name for name, kind in store.kinds.items() if kind.area == "stock"] == STOCK_KINDS
    columns = [c.name for c in store.kinds["stock_balances"].columns]
    assert columns == ["item", "store", "minimum", "target", "unit", "on_hand", "promised", "value"]
    inputs = {spec.name: spec for spec in describe_command(store.kinds["stock_items"].command)}
    assert inputs["minimum"].kind == "int" and inputs["name"].required
    assert not inputs["code"].required


def test_each_kind_is_created_listed_edited_and_removed_from_form_text(store, houqin_operator):
    s = store
    kinds = s.kinds
    with s.write(houqin_operator) as uow:
        supplier = kinds["stock_suppliers"].create(
            uow, _form(s, "stock_suppliers", name="宏达五金", phone="13906718899")
        )
        item = kinds["stock_items"].create(
            uow,
            _form(
                s,
                "stock_items",
                name="LED灯管",
                spec="T8 18W",
                unit="根",
                category="水电维修材料",
                minimum="20",
                target="60",
                supplier="宏达五金",
            ),
        )
        assert item.code.startswith("WZ") and kinds["stock_items"].title(item) == "LED灯管 T8 18W"
        receive(uow, item.code, 5, "16")
        line = kinds["stock_balances"].list(uow, below_minimum="yes", store="总务仓库").items[0]
        assert (line.item, line.on_hand, line.reorder_quantity) == ("LED灯管 T8 18W", 5, 55)
        request = kinds["stock_requests"].create(
            uow,
            _form(
                s,
                "stock_requests",
                store="总务仓库",
                item="LED灯管",
                quantity="2",
                department="总务处",
            ),
        )
        assert kinds["stock_requests"].list(uow, status="pending").items == [request]
        for name, record in (
            ("stock_items", item),
            ("stock_suppliers", supplier),
            ("stock_requests", request),
            ("stock_balances", line),
            ("stock_stores", kinds["stock_stores"].list(uow).items[0]),
        ):
            kind = kinds[name]
            same = structure_command(s.converter, kind.command, input_values(kind.command, record))
            again = kind.update(uow, record.id, same)
            assert kind.get(uow, record.id) == again, name
        kinds["stock_requests"].delete(uow, request.id)
        kinds["stock_balances"].delete(uow, line.id)  # its own levels go; the stock stays
        assert kinds["stock_balances"].get(uow, line.id).on_hand == 5
        with pytest.raises(Conflict, match="still in use"):
            kinds["stock_items"].delete(uow, item.id)
        kinds["stock_suppliers"].delete(
            uow,
            kinds["stock_suppliers"].create(uow, _form(s, "stock_suppliers", name="临时")).id,
        )


def test_removing_a_store_that_held_stock_is_refused(store, houqin_operator):
    with store.write(houqin_operator) as uow:
        receive(uow, "BG001", 1, "1")
        approved(uow, "BG001", 1)
        kind = store.kinds["stock_stores"]
        main = next(st for st in kind.list(uow).items if st.name == "总务仓库")
        with pytest.raises(Conflict, match="总务仓库 is still in use"):
            kind.delete(uow, main.id)
        east = next(st for st in kind.list(uow).items if st.name == "东区仓库")
        kind.delete(uow, east.id)
