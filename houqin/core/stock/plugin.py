"""The store's hooks: permissions, its area and kinds, dashboard cards, alerts, demo data."""

from __future__ import annotations

from collections.abc import Iterable

from houqin import __version__
from houqin.core.builtin import LOGISTICS_HEAD, STAFF_ROLES, STOREKEEPER
from houqin.core.dashboard import Alert, DashboardCard
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_
from houqin.core.kinds import Area, ObjectKind
from houqin.core.types import PermissionSpec, PluginInfo
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import Workbook

VIEW = "stock.view"
REQUEST = "stock.request"
MANAGE = "stock.manage"
APPROVE = "stock.approve"

REORDER_ALERTS_SHOWN = 10
"""Items below their minimum named one by one on the dashboard; the rest are counted."""


@hookimpl
def houqin_plugin_info() -> PluginInfo:
    return PluginInfo(name="stock", label=N_("Store"), version=__version__)


@hookimpl
def houqin_permissions() -> Iterable[PermissionSpec]:
    return [
        PermissionSpec(VIEW, N_("See the store's items, stock and requests"), STAFF_ROLES),
        PermissionSpec(REQUEST, N_("Ask the store for items for a department"), STAFF_ROLES),
        PermissionSpec(
            MANAGE,
            N_("Run the store: items, stock in, issue, returns, adjustments"),
            (STOREKEEPER,),
        ),
        PermissionSpec(APPROVE, N_("Approve or reject requests for items"), (LOGISTICS_HEAD,)),
    ]


@hookimpl
def houqin_areas() -> Iterable[Area]:
    from houqin.core.stock.kinds import AREA

    return [AREA]


@hookimpl
def houqin_object_kinds() -> Iterable[ObjectKind]:
    from houqin.core.stock.kinds import KINDS

    return KINDS


@hookimpl
def houqin_dashboard_cards(uow: UnitOfWork) -> Iterable[DashboardCard]:
    from houqin.core.stock import reports

    if uow.actor.scope(VIEW).nothing:
        return []
    summary = reports.store_summary(uow)
    return [
        DashboardCard(
            "stock.below_minimum",
            N_("Items below minimum"),
            str(summary.below_minimum),
            VIEW,
            kind="stock_balances",
            order=300,
        ),
        DashboardCard(
            "stock.value",
            N_("Value in store"),
            f"{summary.value:,.2f}",
            VIEW,
            detail=N_("yuan, at cost"),
            kind="stock_balances",
            order=310,
        ),
        DashboardCard(
            "stock.pending_requests",
            N_("Requests waiting for approval"),
            str(summary.pending_requests),
            VIEW,
            kind="stock_requests",
            order=320,
        ),
    ]


@hookimpl
def houqin_alerts(uow: UnitOfWork) -> Iterable[Alert]:
    from houqin.core.stock import reports

    alerts: list[Alert] = []
    if not uow.actor.scope(MANAGE).nothing:
        short = reports.reorder_list(uow, permission=MANAGE)
        for line in short[:REORDER_ALERTS_SHOWN]:
            alerts.append(
                Alert(
                    f"stock.reorder.{line.item_id}.{line.store_id}",
                    N_(
                        "{item} in {store}: {available} {unit} available, below the minimum "
                        "{minimum}; order {order} to reach {target}",
                        item=line.item,
                        store=line.store,
                        available=line.available,
                        unit=line.unit,
                        minimum=line.minimum,
                        order=line.reorder_quantity,
                        target=line.target,
                    ),
                    MANAGE,
                    level="danger" if line.on_hand == 0 else "warning",
                    kind="stock_balances",
                )
            )
        if len(short) > REORDER_ALERTS_SHOWN:
            alerts.append(
                Alert(
                    "stock.reorder.more",
                    N_(
                        "{count} more items are below their minimum",
                        count=len(short) - REORDER_ALERTS_SHOWN,
                    ),
                    MANAGE,
                    kind="stock_balances",
                )
            )
    if not uow.actor.scope(APPROVE).nothing:
        waiting = reports.pending_requests(uow, permission=APPROVE)
        if waiting:
            alerts.append(
                Alert(
                    "stock.requests_waiting",
                    N_("Requests for items waiting for your approval: {count}", count=waiting),
                    APPROVE,
                    level="info",
                    kind="stock_requests",
                )
            )
    return alerts


@hookimpl
def houqin_demo_data(uow: UnitOfWork) -> None:
    from houqin.core.stock.demo import add_demo_store

    add_demo_store(uow)


@hookimpl
def houqin_workbooks() -> Iterable[Workbook]:
    from houqin.core.stock.workbook import WORKBOOK

    return [WORKBOOK]
