"""The store's object kinds: what every frontend lists, shows and edits (仓库)."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from houqin.core.choices import label_of
from houqin.core.i18n import N_, Text
from houqin.core.kinds import Area, ListColumn, ListFilter, ObjectKind
from houqin.core.org import tables as ot
from houqin.core.stock import balances, requests
from houqin.core.stock import model as m
from houqin.core.stock import service as svc
from houqin.core.stock import tables as t
from houqin.core.stock.plugin import MANAGE, REQUEST, VIEW
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
