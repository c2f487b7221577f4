"""Write-offs: requested, approved by value tier, refused or withdrawn; the 报损表."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core.access import Actor, Grant
from houqin.core.assets import movements, service, writeoffs
from houqin.core.assets import tables as t
from houqin.core.assets.depreciation import depreciation_of
from houqin.core.assets.documents import AsOfInput, register_summary, writeoff_form
from houqin.core.assets.model import AssetStatus
from houqin.core.assets.movement_model import LendInput, MovementAction
from houqin.core.assets.plugin import APPROVE_WRITEOFF, APPROVE_WRITEOFF_HIGH, MANAGE, VIEW
from houqin.core.assets.reports import depreciation_report
from houqin.core.assets.writeoff_model import (
    ApprovalStep,
    ApproveInput,
    RefuseInput,
    ScrapInput,
    WriteoffInput,
    WriteoffKind,
    WriteoffStatus,
)
from houqin.core.dashboard import dashboard
from houqin.core.errors import Conflict, InvalidInput, PermissionDenied
from houqin.core.i18n import render, use_language
from houqin.core.settings import set_setting

from .conftest import asset

HEAD = Actor("head", grants=frozenset({Grant(APPROVE_WRITEOFF), Grant(MANAGE), Grant(VIEW)}))
PRINCIPAL = Actor(
    "principal",
    grants=frozenset({Grant(APPROVE_WRITEOFF), Grant(APPROVE_WRITEOFF_HIGH), Grant(VIEW)}),
)
KEEPER = Actor("keeper", grants=frozenset({Grant(MANAGE), Grant(VIEW)}))


@pytest.fixture(autouse=True)
def english():
    with use_language("en"):
        yield


def _fields(caught: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {e.field: str(e.message) for e in caught.value.errors}


@pytest.fixture
def register(school, houqin_operator):
    """Three computers of 4,800 bought 2023-09-01 (72 months' life)."""
    with school.write(houqin_operator) as uow:
        return [service.create_asset(uow, asset(number=f"ZC-000{i}")) for i in (1, 2, 3)]


def _status(school, asset_id):
    with school.read(Actor("t", superuser=True)) as uow:
        return service.get_asset(uow, asset_id)


def test_a_small_write_off_is_approved_by_the_head_and_scraps_the_asset(school, register):
    first = register[0]
    with school.write(KEEPER) as uow:
        request = writeoffs.request_scrap(
            uow, first.id, ScrapInput(reason="主板烧毁", happened_on=date(2024, 9, 15))
        )
    assert request.number.startswith("BS") and request.number.endswith("-0001")
    assert request.status is WriteoffStatus.PENDING and request.assets == "ZC-0001"
    # 12 months of 72 by September 2024: 800.00
    assert (request.value, request.accumulated, request.net) == (
        Decimal("4800.00"),
        Decimal("800.00"),
        Decimal("4000.00"),
    )
    assert _status(school, first.id).status is AssetStatus.IN_USE  # pending changes nothing

    with school.write(KEEPER) as uow, pytest.raises(PermissionDenied):
        writeoffs.approve_writeoff(uow, request.id, ApproveInput())
    with school.write(HEAD) as uow:
        assert {a.name for a in dashboard(uow).alerts} >= {"assets.writeoffs_waiting"}
        done = writeoffs.approve_writeoff(uow, request.id, ApproveInput(note="同意"))
        ledger = movements.list_movements(uow, number="ZC-0001").items
        spent = depreciation_of(uow, first.id, date(2026, 6, 30))
        report = depreciation_report(uow, date(2026, 6, 30))
        held = depreciation_report(uow, date(2026, 6, 30), held_only=True)
    assert done.status is WriteoffStatus.APPROVED
    assert [(a.step, a.by_name) for a in done.approvals] == [(ApprovalStep.HEAD, "head")]
    scrapped = _status(school, first.id)
    assert scrapped.status is AssetStatus.SCRAPPED and scrapped.disposed_on == date(2024, 9, 15)
    assert [m.action for m in ledger] == [MovementAction.SCRAP]
    assert ledger[0].writeoff_id == request.id
    # Depreciation stopped in September 2024, in Python and in SQL alike.
    assert spent.accumulated == Decimal("800.00") and spent.this_month == 0
    assert report.total.accumulated == Decimal("800.00") + 2 * Decimal("2200.00")
    assert held.total.count == 2


def test_above_tier_one_two_different_people_approve(school, register, houqin_operator):
    with school.write(houqin_operator) as uow:
        set_setting(uow, "assets.writeoff_tier1", "5000")
    with school.write(KEEPER) as uow:
        request = writeoffs.request_writeoff(
            uow, WriteoffInput(assets="ZC-0001, ZC-0002", reason="淘汰")
        )
    assert request.value == Decimal("9600.00")
    with school.write(houqin_operator) as uow:
        first = writeoffs.approve_writeoff(uow, request.id, ApproveInput())
        with pytest.raises(Conflict, match="another person must approve the rest"):
            writeoffs.approve_writeoff(uow, request.id, ApproveInput())
    assert first.status is WriteoffStatus.PENDING
    assert first.approvals[0].step is ApprovalStep.PRINCIPAL  # the highest step first
    assert _status(school, register[0].id).status is AssetStatus.IN_USE
    with school.write(HEAD) as uow:
        done = writeoffs.approve_writeoff(uow, request.id, ApproveInput())
    assert done.status is WriteoffStatus.APPROVED
    assert {a.step for a in done.approvals} == {ApprovalStep.HEAD, ApprovalStep.PRINCIPAL}
    assert _status(school, register[1].id).status is AssetStatus.SCRAPPED


def test_above_tier_two_the_filing_number_comes_before_the_last_approval(
    school, register, houqin_operator
):
    with school.write(houqin_operator) as uow:
        set_setting(uow, "assets.writeoff_tier1", "1000")
        set_setting(uow, "assets.writeoff_tier2", "2000")
    with school.write(KEEPER) as uow:
        request = writeoffs.request_writeoff(
            uow, WriteoffInput(assets="ZC-0003", kind=WriteoffKind.LOSS, reason="盘亏")
        )
    with school.write(PRINCIPAL) as uow:
        writeoffs.approve_writeoff(uow, request.id, ApproveInput())
    with school.write(HEAD) as uow:
        with pytest.raises(InvalidInput) as caught:
            writeoffs.approve_writeoff(uow, request.id, ApproveInput())
        assert "filing_no" in _fields(caught)
        done = writeoffs.approve_writeoff(
            uow, request.id, ApproveInput(filing_no="教财备〔2026〕12号")
        )
    assert done.filing_no == "教财备〔2026〕12号"
    assert _status(school, register[2].id).status is AssetStatus.MISSING


def test_refused_and_withdrawn_write_offs_change_no_asset(school, register):
    with school.write(KEEPER) as uow:
        refused = writeoffs.request_writeoff(uow, WriteoffInput(assets="ZC-0001", reason="旧"))
        withdrawn = writeoffs.request_writeoff(uow, WriteoffInput(assets="ZC-0002", reason="旧"))
    with school.write(HEAD) as uow:
        done = writeoffs.refuse_writeoff(uow, refused.id, RefuseInput(reason="尚可使用"))
        with pytest.raises(PermissionDenied, match="only keeper"):
            writeoffs.delete_writeoff(uow, withdrawn.id)
        with pytest.raises(Conflict, match="already decided"):
            writeoffs.approve_writeoff(uow, refused.id, ApproveInput())
    with school.write(KEEPER) as uow:
        with pytest.raises(Conflict, match="only one waiting"):
            writeoffs.delete_writeoff(uow, refused.id)
        writeoffs.delete_writeoff(uow, withdrawn.id)
        left = writeoffs.list_writeoffs(uow, with_total=True)
    assert done.status is WriteoffStatus.REFUSED and done.approvals[0].decision == "refused"
    assert left.total == 1
    assert {_status(school, a.id).status for a in register} == {AssetStatus.IN_USE}


def test_requests_refuse_unknown_repeated_busy_and_unfit_assets(school, register):
    with school.write(KEEPER) as uow:
        movements.lend_asset(uow, register[2].id, LendInput(borrower="1001"))
        writeoffs.request_writeoff(uow, WriteoffInput(assets="ZC-0001", reason="旧"))
        for numbers, message in (
            ("ZC-9999", "no assets numbered ZC-9999"),
            ("ZC-0002 ZC-0002", "more than once"),
            ("ZC-0001", "already in write-off"),
            ("ZC-0003", "Lent out"),
            ("，", "give the numbers"),
        ):
            with pytest.raises(InvalidInput) as caught:
                writeoffs.request_writeoff(uow, WriteoffInput(assets=numbers, reason="旧"))
            assert message in _fields(caught)["assets"]
        loss = writeoffs.request_writeoff(
            uow, WriteoffInput(assets="ZC-0003", kind=WriteoffKind.LOSS, reason="借出未还")
        )
    assert loss.kind is WriteoffKind.LOSS


def test_the_write_off_form_and_the_register_summaries(school, register, houqin_operator):
    with school.write(KEEPER) as uow:
        request = writeoffs.request_writeoff(
            uow,
            WriteoffInput(assets="ZC-0001\nZC-0002", reason="淘汰", happened_on=date(2024, 9, 1)),
        )
    with school.write(HEAD) as uow:
        writeoffs.approve_writeoff(uow, request.id, ApproveInput(note="同意"))
        form = writeoff_form(uow, request.id)
        by_status = register_summary(uow, "status", AsOfInput(as_of=date(2025, 1, 1)))
        by_place = register_summary(uow, "location", AsOfInput(as_of=date(2024, 1, 1)))
    assert render(form.title, "en") == "Fixed asset write-off form"
    facts = {render(k, "en"): v for k, v in form.facts}
    assert facts["Number"] == request.number and facts["School"]
    (table,) = form.tables
    assert [row[0] for row in table.rows] == ["ZC-0001", "ZC-0002"]
    assert table.rows[0][1:4] == ("台式计算机", "i5/16G", "2023-09-01")
    assert table.totals is not None and table.totals[4:] == (
        Decimal("9600.00"),
        Decimal("1600.00"),
        Decimal("8000.00"),
    )
    assert any("淘汰" in render(p, "en") for p in form.paragraphs)
    assert any("head" in render(p, "en") for p in form.paragraphs)
    assert [render(s, "en") for s in form.signatures] == [
        "Handled by",
        "Asset keeper",
        "Head of logistics",
    ]
    (summary,) = by_status.tables
    assert [(render(r[0], "en"), r[1]) for r in summary.rows] == [("In use", 1)]
    assert by_place.tables[0].rows[0][:2] == ("本部 教学楼", 3)


def test_the_movements_written_on_approval_can_be_counted(school, register):
    with school.write(KEEPER) as uow:
        request = writeoffs.request_writeoff(
            uow, WriteoffInput(assets="ZC-0001 ZC-0002", reason="x")
        )
    with school.write(HEAD) as uow:
        writeoffs.approve_writeoff(uow, request.id, ApproveInput())
        count = uow.conn.execute(
            sa.select(sa.func.count())
            .select_from(t.asset_movement)
            .where(t.asset_movement.c.writeoff_id == request.id)
        ).scalar()
    assert count == 2
