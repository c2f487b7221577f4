"""Short ways to do the store's everyday steps in tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from houqin.core import audit
from houqin.core.org import model as om
from houqin.core.org import users
from houqin.core.stock import ledger, requests
from houqin.core.stock import tables as t
from houqin.core.stock.model import ApprovalInput, IssueInput, RequestInput, StockInInput


def receive(uow, item, quantity, cost, store="总务仓库", on: date | None = None, batch=""):
    return ledger.stock_in(
        uow,
        StockInInput(store, item, quantity, Decimal(cost), batch=batch, received_on=on),
    )


def approved(uow, item, quantity, store="总务仓库", department="教务处", approve=None):
    """A request made and approved (all of it, or ``approve``); returns its id."""
    request = requests.create_request(uow, RequestInput(store, item, quantity, department))
    requests.approve_request(uow, request.id, ApprovalInput(approve))
    return request.id


def issue(uow, request_id, quantity=None):
    return ledger.issue_stock(uow, IssueInput(request_id, quantity))


def on_hand(uow, item_code, store="总务仓库"):
    b, i, s = t.stock_balance, t.stock_item, t.stock_store
    found = uow.conn.execute(
        sa.select(b.c.quantity)
        .join(i, i.c.id == b.c.item_id)
        .join(s, s.c.id == b.c.store_id)
        .where(i.c.code == item_code, s.c.name == store)
    ).scalar()
    return found or 0


def count(uow, table):
    return uow.conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def events(school, actor):
    with school.read(actor) as uow:
        report = audit.verify_chain(uow.conn)
    assert report.ok, report.problem
    return report.events


def login(school, operator, username, role, campus=None, department=None):
    """A user with one role (limited to a campus or department) and the actor they act as."""
    with school.write(operator) as uow:
        user = users.add_user(
            uow,
            om.UserInput(
                username=username,
                role=role,
                password="correct horse battery",
                campus=campus,
                department=department,
            ),
        )
    with school.read(operator) as uow:
        return users.actor_for(uow, user.id)
