"""The asset area's hooks: permissions, settings, the 校产 area and its kinds, dashboard,
alerts, demo data."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from houqin import __version__
from houqin.core.builtin import LOGISTICS_HEAD, PRINCIPAL, STAFF_ROLES, STOREKEEPER
from houqin.core.dashboard import Alert, DashboardCard
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_
from houqin.core.kinds import Area, ObjectKind
from houqin.core.types import PermissionSpec, PluginInfo, SettingSpec
from houqin.core.uow import UnitOfWork
from houqin.core.workbooks import Workbook

if TYPE_CHECKING:
    import cattrs

VIEW = "assets.view"
MANAGE = "assets.manage"
APPROVE_WRITEOFF = "assets.approve_writeoff"
APPROVE_WRITEOFF_HIGH = "assets.approve_writeoff_high"

_DISPOSAL_RULES = N_(
    "行政事业性国有资产管理条例 (2021) and the 国有资产处置 rules of the school's education "
    "and finance authorities; the amounts differ by province and school"
)


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
        PermissionSpec(
            APPROVE_WRITEOFF,
            N_("Approve scrapping and writing off assets (head of logistics' step)"),
            (LOGISTICS_HEAD, PRINCIPAL),
        ),
        PermissionSpec(
            APPROVE_WRITEOFF_HIGH,
            N_("Approve large write-offs of assets (principal's step)"),
            (PRINCIPAL,),
        ),
    ]


@hookimpl
def houqin_settings() -> Iterable[SettingSpec]:
    return [
        SettingSpec(
            "assets.loan_days",
            N_("Usual loan period of an asset"),
            "int",
            14,
            unit=N_("days"),
            minimum=1,
            maximum=365,
            help=N_("The due date a loan gets when none is given"),
        ),
        SettingSpec(
            "assets.writeoff_tier1",
            N_("Write-offs the head of logistics approves alone, up to"),
            "decimal",
            Decimal("10000"),
            unit=N_("yuan of book value"),
            minimum=Decimal(0),
            source=_DISPOSAL_RULES,
            help=N_(
                "Above this total book value (原值) the principal approves too. A default: "
                "set your school's own amount from its 资产处置 rules"
            ),
        ),
        SettingSpec(
            "assets.writeoff_tier2",
            N_("Write-offs without the authority's filing, up to"),
            "decimal",
            Decimal("200000"),
            unit=N_("yuan of book value"),
            minimum=Decimal(0),
            source=_DISPOSAL_RULES,
            help=N_(
                "Above this total book value the education or finance authority's approval or "
                "filing number (主管部门/财政备案) is entered before the last approval. A "
                "default: set your school's own amount from its 资产处置 rules"
            ),
        ),
        SettingSpec(
            "assets.current_term",
            N_("Current term"),
            "str",
            "",
            help=N_(
                "The term custody agreements are signed for, such as 2026-2027学年第一学期; "
                "empty: worked out from the date (September to January the first term, "
                "February to August the second)"
            ),
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
    from houqin.core.assets.alerts import lifecycle_alerts
    from houqin.core.assets.service import count_without_custodian, count_without_life

    alerts = []
    if not uow.actor.scope(VIEW).nothing:
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
                        "Assets whose category has no useful life, so they do not depreciate: "
                        "{count}",
                        count=lifeless,
                    ),
                    MANAGE,
                    level="info",
                    kind="asset_categories",
                )
            )
    return alerts + lifecycle_alerts(uow)


@hookimpl
def houqin_demo_data(uow: UnitOfWork) -> None:
    from houqin.core.assets.demo import add_demo_register

    add_demo_register(uow)


@hookimpl
def houqin_workbooks() -> Iterable[Workbook]:
    from houqin.core.assets.workbook import WORKBOOK

    return [WORKBOOK]
