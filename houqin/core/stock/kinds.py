"""The store's object kinds: what every frontend lists, shows and edits (仓库).

The store's work is declared here as actions, so the web, the terminal
interface and the command line offer the same steps: stock in, adjust and
transfer on the stock list; approve, reject, issue, return and close on a
request. The ledger (``stock_movements``) is read-only: it changes only
through those actions. The monthly materials ledger (材料账) is a document
of the stock list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.choices import label_of
from houqin.core.convert import ValueRefused, parse_date
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, Text, render
from houqin.core.kinds import (
    Area,
    KindAction,
    KindDocument,
    ListColumn,
    ListFilter,
    ObjectKind,
    RelatedList,
)
from houqin.core.listing import Page
from houqin.core.org import tables as ot
from houqin.core.stock import balances, ledger, reports, requests
from houqin.core.stock import model as m
from houqin.core.stock import service as svc
from houqin.core.stock import tables as t
from houqin.core.stock.plugin import APPROVE, MANAGE, REQUEST, VIEW
from houqin.core.uow import UnitOfWork

AREA = Area("stock", N_("Store"), order=20)


def _distinct(column: sa.Column[str]) -> Callable[[UnitOfWork], list[tuple[str, Text]]]:
    def options(uow: UnitOfWork) -> list[tuple[str, Text]]:
        rows = uow.conn.execute(sa.select(column).distinct().order_by(column))
        return [(value, value) for (value,) in rows if value]

    return options


def _statuses(_uow: UnitOfWork) -> list[tuple[str, Text]]:
    return [(status.value, label_of(status)) for status in m.RequestStatus]


def _yes(_uow: UnitOfWork) -> list[tuple[str, Text]]:
    return [("yes", N_("yes"))]


def _movement_kinds(_uow: UnitOfWork) -> list[tuple[str, Text]]:
    return [(kind.value, label_of(kind)) for kind in m.MovementKind]


def _day(name: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueRefused as exc:
        raise InvalidInput.single(name, exc.message) from None


def list_ledger(
    uow: UnitOfWork,
    *,
    since: str | None = None,
    until: str | None = None,
    request: str | int | None = None,
    **filters: Any,
) -> Page[m.Movement]:
    """:func:`~houqin.core.stock.ledger.list_movements` with its filters as typed in a list."""
    number: int | None = None
    if request not in (None, ""):
        try:
            number = int(str(request).strip())
        except ValueError:
            raise InvalidInput.single("request", N_("must be a whole number")) from None
    return ledger.list_movements(
        uow,
        since=_day("since", since),
        until=_day("until", until),
        request=number,
        **filters,
    )


def _movement_title(movement: m.Movement) -> str:
    what = f"{movement.item} {movement.quantity} {movement.unit}"
    return f"{render(label_of(movement.kind))} #{movement.id}: {what}, {movement.store}"


@attrs.frozen
class _NoInput:
    """The ledger is written by the store's actions only: it has no form of its own."""


def _pending(request: m.StockRequest) -> bool:
    return request.status is m.RequestStatus.PENDING


def _issuable(request: m.StockRequest) -> bool:
    return request.status in m.OPEN_STATUSES


def _returnable(request: m.StockRequest) -> bool:
    return request.issued > request.returned


def _approval_prefill(_uow: UnitOfWork, request: m.StockRequest) -> dict[str, Any]:
    return {"quantity": request.quantity}


def _return_prefill(_uow: UnitOfWork, request: m.StockRequest) -> dict[str, Any]:
    returnable = request.issued - request.returned
    return {"quantity": returnable} if returnable > 0 else {}


STOCK_ACTIONS = (
    KindAction(
        "stock_in",
        N_("Stock in"),
        m.StockInInput,
        ledger.stock_in,
        MANAGE,
        on_object=False,
        help=N_("Put goods accepted from a delivery into a store."),
        result_kind="stock_movements",
    ),
    KindAction(
        "adjust",
        N_("Adjust"),
        m.AdjustInput,
        ledger.adjust_stock,
        MANAGE,
        on_object=False,
        help=N_("Correct what a store holds, with the reason."),
        result_kind="stock_movements",
    ),
    KindAction(
        "transfer",
        N_("Transfer"),
        m.TransferInput,
        ledger.transfer_stock,
        MANAGE,
        on_object=False,
        help=N_("Move items from one store to another."),
        result_kind="stock_movements",
    ),
)

REQUEST_ACTIONS = (
    KindAction(
        "approve",
        N_("Approve"),
        m.ApprovalInput,
        requests.approve_request,
        APPROVE,
        help=N_("Approve a request, or fewer of it."),
        offered=_pending,
        prefill=_approval_prefill,
    ),
    KindAction(
        "reject",
        N_("Reject"),
        m.DecisionNote,
        requests.reject_request,
        APPROVE,
        help=N_("Turn a request down."),
        offered=_pending,
    ),
    KindAction(
        "issue",
        N_("Issue"),
        m.IssueOnRequest,
        ledger.issue_on_request,
        MANAGE,
        help=N_("Hand out the items of an approved request."),
        offered=_issuable,
        result_kind="stock_movements",
    ),
    KindAction(
        "return",
        N_("Take back"),
        m.ReturnOnRequest,
        ledger.return_on_request,
        MANAGE,
        help=N_("Take back unused items of a request."),
        offered=_returnable,
        prefill=_return_prefill,
        result_kind="stock_movements",
    ),
    KindAction(
        "close",
        N_("Close"),
        m.DecisionNote,
        requests.close_request,
        MANAGE,
        help=N_("End an approved request; the rest is not needed."),
        offered=_issuable,
    ),
)

MATERIALS_LEDGER = KindDocument(
    "materials_ledger",
    N_("Materials ledger"),
    reports.materials_ledger,
    VIEW,
    on_object=False,
    command=m.MonthlyLedgerInput,
)

STORE_FILTER = ListFilter("store", N_("Store"), _distinct(t.stock_store.c.name))
CATEGORY_FILTER = ListFilter("category", N_("Category"), _distinct(t.stock_item.c.category))

KINDS: tuple[ObjectKind, ...] = (
    ObjectKind(
        "stock_balances",
        "stock",
        N_("stock line"),
        N_("Stock on hand"),
        m.StockLevelInput,
        balances.set_levels,
        balances.update_levels,
        balances.clear_levels,
        balances.get_balance,
        balances.list_balances,
        VIEW,
        MANAGE,
        filters=(
            STORE_FILTER,
            CATEGORY_FILTER,
            ListFilter("below_minimum", N_("Below minimum"), _yes),
        ),
        title=lambda line: line.name,
        extra_columns=(
            ListColumn("unit", N_("Unit")),
            ListColumn("on_hand", N_("On hand")),
            ListColumn("promised", N_("Promised")),
            ListColumn("value", N_("Value (yuan)")),
        ),
        audit_type="stock_balance",
        actions=STOCK_ACTIONS,
        documents=(MATERIALS_LEDGER,),
    ),
    ObjectKind(
        "stock_items",
        "stock",
        N_("item"),
        N_("Items"),
        m.ItemInput,
        svc.create_item,
        svc.update_item,
        svc.delete_item,
        svc.get_item,
        svc.list_items,
        VIEW,
        MANAGE,
        filters=(
            CATEGORY_FILTER,
            ListFilter("supplier", N_("Usual supplier"), _distinct(t.stock_supplier.c.name)),
        ),
        title=lambda item: item.title,
        extra_columns=(ListColumn("on_hand", N_("On hand")),),
        audit_type="stock_item",
        related=(
            RelatedList("stock_movements", "item", lambda item: item.code, N_("Its movements")),
        ),
    ),
    ObjectKind(
        "stock_requests",
        "stock",
        N_("request"),
        N_("Requests for items"),
        m.RequestInput,
        requests.create_request,
        requests.update_request,
        requests.delete_request,
        requests.get_request,
        requests.list_requests,
        VIEW,
        REQUEST,
        filters=(
            ListFilter("status", N_("Status"), _statuses),
            STORE_FILTER,
            ListFilter("department", N_("Department"), _distinct(ot.department.c.name)),
        ),
        title=lambda request: request.name,
        extra_columns=(
            ListColumn("status", N_("Status")),
            ListColumn("approved", N_("Approved")),
            ListColumn("issued", N_("Issued")),
            ListColumn("requested_by", N_("Requested by")),
        ),
        audit_type="stock_request",
        actions=REQUEST_ACTIONS,
        related=(
            RelatedList(
                "stock_movements", "request", lambda request: request.id, N_("Its movements")
            ),
        ),
    ),
    ObjectKind(
        "stock_movements",
        "stock",
        N_("movement"),
        N_("Ledger"),
        _NoInput,
        None,
        None,
        None,
        ledger.get_movement,
        list_ledger,
        VIEW,
        MANAGE,
        filters=(
            STORE_FILTER,
            ListFilter("item", N_("Item")),
            ListFilter("kind", N_("Kind"), _movement_kinds),
            ListFilter("since", N_("From (date)")),
            ListFilter("until", N_("To (date)")),
            ListFilter("request", N_("Request")),
        ),
        title=_movement_title,
        extra_columns=(
            ListColumn("occurred_on", N_("Date")),
            ListColumn("kind", N_("Kind")),
            ListColumn("store", N_("Store")),
            ListColumn("item", N_("Item")),
            ListColumn("quantity", N_("Quantity")),
            ListColumn("unit", N_("Unit")),
            ListColumn("value", N_("Value (yuan)")),
            ListColumn("department", N_("Department")),
            ListColumn("recipient", N_("Received by")),
            ListColumn("actor", N_("Recorded by")),
            ListColumn("note", N_("Note")),
        ),
        audit_type="stock_movement",
    ),
    ObjectKind(
        "stock_stores",
        "stock",
        N_("store"),
        N_("Stores"),
        m.StoreInput,
        svc.create_store,
        svc.update_store,
        svc.delete_store,
        svc.get_store,
        svc.list_stores,
        VIEW,
        MANAGE,
        filters=(ListFilter("campus", N_("Campus"), _distinct(ot.campus.c.name)),),
        audit_type="stock_store",
    ),
    ObjectKind(
        "stock_suppliers",
        "stock",
        N_("supplier"),
        N_("Suppliers"),
        m.SupplierInput,
        svc.create_supplier,
        svc.update_supplier,
        svc.delete_supplier,
        svc.get_supplier,
        svc.list_suppliers,
        VIEW,
        MANAGE,
        audit_type="stock_supplier",
    ),
)
