"""The counts' hooks: permissions, their kinds in the asset area, alerts for open counts."""

from __future__ import annotations

from collections.abc import Iterable

from houqin import __version__
from houqin.core.builtin import LOGISTICS_HEAD, PRINCIPAL, STAFF_ROLES, STOREKEEPER
from houqin.core.dashboard import Alert
from houqin.core.hookspecs import hookimpl
from houqin.core.i18n import N_
from houqin.core.kinds import ObjectKind
from houqin.core.types import PermissionSpec, PluginInfo
from houqin.core.uow import UnitOfWork

VIEW = "counts.view"
RUN = "counts.run"
APPROVE = "counts.approve"


@hookimpl
def houqin_plugin_info() -> PluginInfo:
    return PluginInfo(name="counts", label=N_("Counts"), version=__version__)


@hookimpl
def houqin_permissions() -> Iterable[PermissionSpec]:
    return [
        PermissionSpec(VIEW, N_("See counts of the assets and the store"), STAFF_ROLES),
        PermissionSpec(RUN, N_("Open, scan and close counts"), (LOGISTICS_HEAD, STOREKEEPER)),
        PermissionSpec(
            APPROVE,
            N_("Approve a count's results and apply them to the books"),
            (LOGISTICS_HEAD, PRINCIPAL),
        ),
    ]


@hookimpl
def houqin_object_kinds() -> Iterable[ObjectKind]:
    from houqin.core.counts.kinds import KINDS

    return KINDS


@hookimpl
def houqin_alerts(uow: UnitOfWork) -> Iterable[Alert]:
    from houqin.core.counts.model import CountStatus
    from houqin.core.counts.service import counts_by_status

    alerts: list[Alert] = []
    if not uow.actor.scope(RUN).nothing:
        still_open = counts_by_status(uow, CountStatus.OPEN, RUN)
        if still_open:
            alerts.append(
                Alert(
                    "counts.open",
                    N_("Counts still open for scanning: {count}", count=still_open),
                    RUN,
                    level="info",
                    kind="counts",
                )
            )
    if not uow.actor.scope(APPROVE).nothing:
        waiting = counts_by_status(uow, CountStatus.CLOSED, APPROVE)
        if waiting:
            alerts.append(
                Alert(
                    "counts.waiting",
                    N_("Closed counts waiting for approval: {count}", count=waiting),
                    APPROVE,
                    level="warning",
                    kind="counts",
                )
            )
    return alerts
