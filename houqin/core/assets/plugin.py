"""The asset area's hooks: permissions, the 校产 area and its kinds, dashboard, demo data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from houqin import __version__
from houqin.core.builtin import LOGISTICS_HEAD, STAFF_ROLES, STOREKEEPER
from houqin.core.dashboard import Alert, DashboardCard
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_
from houqin.core.kinds import Area, ObjectKind
from houqin.core.types import PermissionSpec, PluginInfo
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import Workbook

if TYPE_CHECKING:
    import cattrs

VIEW = "assets.view"
MANAGE = "assets.manage"


@hookimpl
def houqin_plugin_info() -> PluginInfo:
    return PluginInfo(name="assets", label=N_("Assets"), version=__version__)


@hookimpl
def houqin_permissions() -> Iterable[PermissionSpec]:
    return [
        PermissionSpec(VIEW, N_("See the asset register"), STAFF_ROLES),
        PermissionSpec(
            MANAGE,
            N_("Register, change and import assets and their categories"),
            (LOGISTICS_HEAD, STOREKEEPER),
        ),
    ]


@hookimpl
def houqin_areas() -> Iterable[Area]:
    from houqin.core.assets.kinds import AREA

    return [AREA]


@hookimpl
def houqin_object_kinds() -> Iterable[ObjectKind]:
    from houqin.core.assets.kinds import KINDS

    return KINDS


@hookimpl
def houqin_converter(converter: cattrs.Converter) -> None:
    from houqin.core.assets.model import CustomFields, structure_custom

    converter.register_structure_hook(CustomFields, structure_custom)
    converter.register_unstructure_hook(CustomFields, lambda fields: fields.as_dict())


@hookimpl
def houqin_dashboard_cards(uow: UnitOfWork) -> Iterable[DashboardCard]:
    from houqin.core.assets.reports import money_text
    from houqin.core.assets.service import asset_totals

    if uow.actor.scope(VIEW).nothing:
        return []
    totals = asset_totals(uow)
    return [
        DashboardCard(
            "assets.count", N_("Assets"), str(totals.count), VIEW, kind="assets", order=100
        ),
        DashboardCard(
            "assets.value",
            N_("Value of the assets"),
            money_text(totals.value),
            VIEW,
            detail=N_("{quantity} items", quantity=totals.quantity),
            kind="assets",
            order=110,
        ),
    ]


@hookimpl
def houqin_alerts(uow: UnitOfWork) -> Iterable[Alert]:
    from houqin.core.assets.service import count_without_custodian, count_without_life

    if uow.actor.scope(VIEW).nothing:
        return []
    alerts = []
    unowned = count_without_custodian(uow)
    if unowned:
        alerts.append(
            Alert(
                "assets.without_custodian",
                N_("Assets in use with nobody responsible for them: {count}", count=unowned),
                MANAGE,
                level="warning",
                kind="assets",
            )
        )
    lifeless = count_without_life(uow)
    if lifeless:
        alerts.append(
            Alert(
                "assets.without_useful_life",
                N_(
                    "Assets whose category has no useful life, so they do not depreciate: {count}",
                    count=lifeless,
                ),
                MANAGE,
                level="info",
                kind="asset_categories",
            )
        )
    return alerts


@hookimpl
def houqin_demo_data(uow: UnitOfWork) -> None:
    from houqin.core.assets.demo import add_demo_register

    add_demo_register(uow)


@hookimpl
def houqin_workbooks() -> Iterable[Workbook]:
    from houqin.core.assets.workbook import WORKBOOK

    return [WORKBOOK]
