"""The life cycle's dashboard alerts: overdue loans, write-offs to approve, unpaid
compensation, classes and rooms without a custody agreement for the term."""

from __future__ import annotations

from houqin.core.assets.custody import current_term, unsigned
from houqin.core.assets.damage import unpaid_compensation
from houqin.core.assets.movements import overdue_loans
from houqin.core.assets.plugin import APPROVE_WRITEOFF, APPROVE_WRITEOFF_HIGH, MANAGE, VIEW
from houqin.core.assets.writeoffs import waiting_for
from houqin.core.dashboard import Alert
from houqin.core.i18n import N_
from houqin.core.uow import UnitOfWork

NAMES_SHOWN = 5
"""Borrowers, classes and rooms named in an alert; the rest are counted."""


def _names(names: list[str]) -> str:
    shown = "、".join(names[:NAMES_SHOWN])
    return shown + ("…" if len(names) > NAMES_SHOWN else "")


def lifecycle_alerts(uow: UnitOfWork) -> list[Alert]:
    """What needs doing in the life cycle, for the actor."""
    alerts: list[Alert] = []
    if not uow.actor.scope(VIEW).nothing:
        late = overdue_loans(uow)
        if late:
            borrowers = list(dict.fromkeys(m.borrower or "?" for m in late))
            alerts.append(
                Alert(
                    "assets.overdue_loans",
                    N_(
                        "Loans overdue: {count} ({borrowers})",
                        count=len(late),
                        borrowers=_names(borrowers),
                    ),
                    VIEW,
                    level="warning",
                    kind="asset_movements",
                )
            )
    for permission in (APPROVE_WRITEOFF, APPROVE_WRITEOFF_HIGH):
        if not uow.actor.scope(permission).nothing:
            waiting = waiting_for(uow)
            if waiting:
                alerts.append(
                    Alert(
                        "assets.writeoffs_waiting",
                        N_("Write-offs waiting for your approval: {count}", count=waiting),
                        permission,
                        level="info",
                        kind="asset_writeoffs",
                    )
                )
            break
    if not uow.actor.scope(MANAGE).nothing:
        count, total = unpaid_compensation(uow)
        if count:
            alerts.append(
                Alert(
                    "assets.unpaid_compensation",
                    N_(
                        "Compensation for damage not yet paid: {count} ({total} yuan)",
                        count=count,
                        total=f"{total:,.2f}",
                    ),
                    MANAGE,
                    level="info",
                    kind="asset_damages",
                )
            )
        missing = unsigned(uow)
        if missing:
            alerts.append(
                Alert(
                    "assets.custody_unsigned",
                    N_(
                        "Classes and rooms holding assets without a custody agreement for "
                        "{term}: {count} ({names})",
                        term=current_term(uow),
                        count=len(missing),
                        names=_names(missing),
                    ),
                    MANAGE,
                    level="info",
                    kind="asset_custody",
                )
            )
    return alerts
