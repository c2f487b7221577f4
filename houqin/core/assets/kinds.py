"""The asset area's object kinds: what every frontend lists, shows and edits (校产).

The register's kind carries the life-cycle actions (issue, return, lend…),
each offered only to assets whose status fits it; the movement ledger,
write-offs, damage reports and custody agreements are kinds of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import sqlalchemy as sa

from houqin.core.assets import categories as cat
from houqin.core.assets import custody, damage, model, movements, writeoffs
from houqin.core.assets import documents as docs
from houqin.core.assets import movement_model as mm
from houqin.core.assets import service as svc
from houqin.core.assets import tables as t
from houqin.core.assets import writeoff_model as wm
from houqin.core.assets.lines import AUDIT_TYPE
from houqin.core.assets.plugin import APPROVE_WRITEOFF, MANAGE, VIEW
from houqin.core.choices import label_of
from houqin.core.clock import school_today
from houqin.core.i18n import N_, Text
from houqin.core.kinds import (
    Area,
    KindAction,
    KindDocument,
    ListColumn,
    ListFilter,
    ObjectKind,
    RelatedList,
)
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork

AREA = Area("assets", N_("Assets"), order=10)


def _categories(uow: UnitOfWork) -> list[tuple[str, Text]]:
    rows = uow.conn.execute(
        sa.select(t.asset_category.c.code, t.asset_category.c.name).order_by(
            t.asset_category.c.code
        )
    )
    return [(code, f"{code} {name}") for code, name in rows]


def _departments(uow: UnitOfWork) -> list[tuple[str, Text]]:
    rows = uow.conn.execute(sa.select(o.department.c.name).order_by(o.department.c.name))
    return [(name, name) for (name,) in rows]


def _campuses(uow: UnitOfWork) -> list[tuple[str, Text]]:
    rows = uow.conn.execute(sa.select(o.campus.c.name).order_by(o.campus.c.name))
    return [(name, name) for (name,) in rows]


def _choices(enum: type[Enum]) -> Callable[[UnitOfWork], list[tuple[str, Text]]]:
    def options(_uow: UnitOfWork) -> list[tuple[str, Text]]:
        return [(member.value, label_of(member)) for member in enum]

    return options


_statuses = _choices(model.AssetStatus)


def _yes(_uow: UnitOfWork) -> list[tuple[str, Text]]:
    return [("yes", N_("yes"))]


def _fits(action: mm.MovementAction) -> Callable[[Any], bool]:
    def offered(asset: Any) -> bool:
        return bool(asset.status in mm.FITS[action])

    return offered


def _issuable(asset: Any) -> bool:
    if asset.status is model.AssetStatus.IN_USE:
        return asset.custodian_id is None and asset.school_class_id is None
    return bool(asset.status is model.AssetStatus.IDLE)


def _lend_prefill(uow: UnitOfWork, _asset: Any) -> dict[str, Any]:
    return {"due_on": movements.loan_due(uow, school_today(uow))}


def _move_prefill(_uow: UnitOfWork, asset: Any) -> dict[str, Any]:
    return {
        "campus": asset.campus,
        "building": asset.building,
        "room": asset.room,
        "department": asset.department,
        "custodian": asset.custodian_no or asset.custodian,
    }


def _return_prefill(_uow: UnitOfWork, asset: Any) -> dict[str, Any]:
    return {"condition": mm.Condition.GOOD.value}


def _damage_prefill(_uow: UnitOfWork, asset: Any) -> dict[str, Any]:
    return {
        "responsible": asset.custodian_no or asset.custodian,
        "school_class": asset.school_class,
    }


_SCRAPPABLE = frozenset(mm.FITS[mm.MovementAction.SCRAP])

ASSET_ACTIONS = (
    KindAction(
        "issue",
        N_("Issue"),
        mm.IssueInput,
        movements.issue_asset,
        MANAGE,
        help=N_("Issue it to a person, a class or a room (领用)"),
        offered=_issuable,
    ),
    KindAction(
        "return",
        N_("Return"),
        mm.ReturnInput,
        movements.return_asset,
        MANAGE,
        help=N_("Take it back from whoever holds it, noting its condition (归还)"),
        offered=lambda asset: (
            asset.status in mm.HELD
            and (asset.custodian_id is not None or asset.school_class_id is not None)
        ),
        prefill=_return_prefill,
    ),
    KindAction(
        "lend",
        N_("Lend"),
        mm.LendInput,
        movements.lend_asset,
        MANAGE,
        help=N_("Lend it to a person until a due date (借出)"),
        offered=_fits(mm.MovementAction.LEND),
        prefill=_lend_prefill,
    ),
    KindAction(
        "take_back",
        N_("Take back"),
        mm.TakeBackInput,
        movements.take_back_asset,
        MANAGE,
        help=N_("The borrower brings it back (收回)"),
        offered=_fits(mm.MovementAction.TAKE_BACK),
        prefill=_return_prefill,
    ),
    KindAction(
        "move",
        N_("Transfer"),
        mm.MoveInput,
        movements.move_asset,
        MANAGE,
        help=N_("Another department, custodian or place (调拨)"),
        offered=_fits(mm.MovementAction.MOVE),
        prefill=_move_prefill,
    ),
    KindAction(
        "to_repair",
        N_("Send to repair"),
        mm.RepairInput,
        movements.send_to_repair,
        MANAGE,
        offered=_fits(mm.MovementAction.TO_REPAIR),
    ),
    KindAction(
        "from_repair",
        N_("Back from repair"),
        mm.RepairBackInput,
        movements.back_from_repair,
        MANAGE,
        offered=_fits(mm.MovementAction.FROM_REPAIR),
    ),
    KindAction(
        "report_damage",
        N_("Report damage"),
        mm.DamageInput,
        damage.report_damage,
        MANAGE,
        help=N_("Whoever damages it pays (谁损坏谁赔偿)"),
        offered=_fits(mm.MovementAction.DAMAGE),
        prefill=_damage_prefill,
        result_kind="asset_damages",
    ),
    KindAction(
        "request_scrap",
        N_("Ask to scrap"),
        wm.ScrapInput,
        writeoffs.request_scrap,
        MANAGE,
        help=N_("A write-off request for approval (报废申请)"),
        offered=lambda asset: asset.status in _SCRAPPABLE,
        result_kind="asset_writeoffs",
    ),
)

REGISTER_DOCUMENTS = tuple(
    KindDocument(
        f"by_{by}",
        title,
        docs.summary_builder(by),
        VIEW,
        on_object=False,
        command=docs.AsOfInput,
    )
    for by, title in (
        ("department", N_("Summary by department")),
        ("location", N_("Summary by location")),
        ("category", N_("Summary by category")),
        ("status", N_("Summary by status")),
    )
)


def _pending(record: Any) -> bool:
    return bool(record.status is wm.WriteoffStatus.PENDING)


def _open(record: Any) -> bool:
    return bool(record.status is mm.DamageStatus.OPEN)


KINDS: tuple[ObjectKind, ...] = (
    ObjectKind(
        "assets",
        "assets",
        N_("asset"),
        N_("Asset register"),
        model.AssetInput,
        svc.create_asset,
        svc.update_asset,
        svc.delete_asset,
        svc.get_asset,
        svc.list_assets,
        VIEW,
        MANAGE,
        filters=(
            ListFilter("category", N_("Category"), _categories),
            ListFilter("department", N_("Department"), _departments),
            ListFilter("campus", N_("Campus"), _campuses),
            ListFilter("building", N_("Building")),
            ListFilter("room", N_("Room")),
            ListFilter("status", N_("Status"), _statuses),
            ListFilter("custodian", N_("Custodian")),
            ListFilter("acquired_from", N_("Acquired from")),
            ListFilter("acquired_to", N_("Acquired up to")),
        ),
        title=lambda asset: f"{asset.number} {asset.name}",
        extra_columns=(ListColumn("category_name", N_("Category name")),),
        audit_type=AUDIT_TYPE,
        actions=ASSET_ACTIONS,
        documents=REGISTER_DOCUMENTS,
        related=(
            RelatedList(
                "asset_movements", "number", lambda asset: asset.number, N_("Its movements")
            ),
        ),
    ),
    ObjectKind(
        "asset_categories",
        "assets",
        N_("asset category"),
        N_("Asset categories"),
        model.CategoryInput,
        cat.create_category,
        cat.update_category,
        cat.delete_category,
        cat.get_category,
        cat.list_categories,
        VIEW,
        MANAGE,
        title=lambda category: f"{category.code} {category.name}",
        extra_columns=(ListColumn("origin", N_("From")),),
        audit_type=cat.AUDIT_TYPE,
    ),
    ObjectKind(
        "asset_movements",
        "assets",
        N_("asset movement"),
        N_("Asset movements"),
        mm.NoInput,
        None,
        None,
        None,
        movements.get_movement,
        movements.list_movements,
        VIEW,
        MANAGE,
        filters=(
            ListFilter("number", N_("Asset number")),
            ListFilter("action", N_("Movement"), _choices(mm.MovementAction)),
            ListFilter("date_from", N_("From date")),
            ListFilter("date_to", N_("Up to")),
            ListFilter("department", N_("Department"), _departments),
            ListFilter("overdue", N_("Overdue loans"), _yes),
        ),
        title=lambda m: f"{m.number} {label_of(m.action)} {m.happened_on.isoformat()}",
        extra_columns=(
            ListColumn("happened_on", N_("Date")),
            ListColumn("number", N_("Asset number")),
            ListColumn("asset_name", N_("Asset name")),
            ListColumn("action", N_("Movement")),
            ListColumn("custodian_after", N_("Custodian")),
            ListColumn("borrower", N_("Borrower")),
            ListColumn("location_after", N_("Location")),
            ListColumn("due_on", N_("Due back on")),
            ListColumn("actor", N_("Recorded by")),
            ListColumn("note", N_("Note")),
        ),
    ),
    ObjectKind(
        "asset_writeoffs",
        "assets",
        N_("write-off"),
        N_("Write-offs"),
        wm.WriteoffInput,
        writeoffs.request_writeoff,
        None,
        writeoffs.delete_writeoff,
        writeoffs.get_writeoff,
        writeoffs.list_writeoffs,
        VIEW,
        MANAGE,
        filters=(
            ListFilter("status", N_("Status"), _choices(wm.WriteoffStatus)),
            ListFilter("kind", N_("Kind"), _choices(wm.WriteoffKind)),
        ),
        title=lambda w: w.number,
        extra_columns=(
            ListColumn("number", N_("Number")),
            ListColumn("status", N_("Status")),
            ListColumn("value", N_("Value")),
            ListColumn("net", N_("Net value")),
            ListColumn("requested_by", N_("Requested by")),
        ),
        audit_type=writeoffs.AUDIT_TYPE,
        actions=(
            KindAction(
                "approve",
                N_("Approve"),
                wm.ApproveInput,
                writeoffs.approve_writeoff,
                APPROVE_WRITEOFF,
                help=N_("At your step; the last approval writes the assets off"),
                offered=_pending,
            ),
            KindAction(
                "refuse",
                N_("Refuse"),
                wm.RefuseInput,
                writeoffs.refuse_writeoff,
                APPROVE_WRITEOFF,
                offered=_pending,
            ),
        ),
        documents=(KindDocument("form", N_("Write-off form"), docs.writeoff_form, VIEW),),
    ),
    ObjectKind(
        "asset_damages",
        "assets",
        N_("damage report"),
        N_("Damage and compensation"),
        mm.NoInput,
        None,
        None,
        None,
        damage.get_damage,
        damage.list_damages,
        VIEW,
        MANAGE,
        filters=(ListFilter("status", N_("Status"), _choices(mm.DamageStatus)),),
        title=lambda d: f"{d.number} {d.asset_name} {d.reported_on.isoformat()}",
        extra_columns=(
            ListColumn("reported_on", N_("Reported on")),
            ListColumn("number", N_("Asset number")),
            ListColumn("asset_name", N_("Asset name")),
            ListColumn("description", N_("What is damaged")),
            ListColumn("responsible", N_("Who damaged it")),
            ListColumn("school_class", N_("Class")),
            ListColumn("compensation", N_("Compensation")),
            ListColumn("status", N_("Status")),
        ),
        audit_type=damage.AUDIT_TYPE,
        actions=(
            KindAction(
                "compensate",
                N_("Compensation paid"),
                mm.CompensationInput,
                damage.record_compensation,
                MANAGE,
                offered=_open,
            ),
            KindAction(
                "waive",
                N_("Waive"),
                mm.WaiveInput,
                damage.waive_compensation,
                MANAGE,
                offered=_open,
            ),
        ),
    ),
    ObjectKind(
        "asset_custody",
        "assets",
        N_("custody agreement"),
        N_("Custody agreements"),
        custody.CustodyInput,
        custody.sign_custody,
        None,
        None,
        custody.get_custody,
        custody.list_custody,
        VIEW,
        MANAGE,
        filters=(
            ListFilter("term", N_("Term")),
            ListFilter("status", N_("Status"), _choices(custody.CustodyStatus)),
        ),
        title=lambda c: c.name,
        extra_columns=(ListColumn("status", N_("Status")), ListColumn("value", N_("Value"))),
        audit_type=custody.AUDIT_TYPE,
        documents=(
            KindDocument("agreement", N_("Custody agreement"), docs.custody_agreement, VIEW),
        ),
    ),
)
