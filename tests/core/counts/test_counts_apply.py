"""Applying a count of assets: moves, one write-off request of kind loss, damage reports."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.assets.service import find_asset
from houqin.core.counts.apply import apply_count
from houqin.core.counts.model import Condition, CountStatus, ResultKind
from houqin.core.counts.results import close_count, decide_result, list_results
from houqin.core.counts.service import open_count, scan_many
from houqin.core.errors import Conflict
from tests.core.counts.conftest import ROOM_102, count_of, scanned


def _closed(school, operator):
    with school.write(operator) as uow:
        count = open_count(uow, count_of(campus="本部"))
        scan_many(
            uow,
            count.id,
            [
                scanned("ZC-0001", room=ROOM_102),  # moved
                scanned("ZC-0002", condition=Condition.DAMAGED, note="桌腿断了"),
                scanned("ZC-0004", room=ROOM_102),
                scanned("NEW-1"),
            ],
        )
        close_count(uow, count.id)
    return count


def test_applying_moves_writes_off_and_reports_damage(register, houqin_operator) -> None:
    count = _closed(register, houqin_operator)
    with register.write(houqin_operator) as uow:
        applied = apply_count(uow, count.id)
        moved = find_asset(uow, "ZC-0001")
        damaged = find_asset(uow, "ZC-0002")
        lines = {r.code: r for r in list_results(uow, count=count.id, limit=100).items}
    assert applied.status is CountStatus.APPLIED
    assert moved.room == "102"
    assert damaged.status.value in ("damaged", "repairing")
    assert lines["ZC-0003"].outcome is ResultKind.MISSING
    assert lines["ZC-0003"].applied.startswith("write-off ")
    assert lines["ZC-0001"].applied == "moved"
    assert lines["ZC-0002"].applied.startswith("damage ")
    assert lines["NEW-1"].outcome is ResultKind.SURPLUS and lines["NEW-1"].applied == ""
    with register.read(houqin_operator) as uow:
        actions = [
            row.action
            for row in uow.conn.execute(
                sa.select(audit.audit_event.c.action).where(
                    audit.audit_event.c.action.like("counts.%")
                )
            )
        ]
    assert actions[-1] == "counts.count.applied"
    with pytest.raises(Conflict), register.write(houqin_operator) as uow:
        apply_count(uow, count.id)


def test_lines_left_out_are_not_applied(register, houqin_operator) -> None:
    count = _closed(register, houqin_operator)
    with register.write(houqin_operator) as uow:
        for line in list_results(uow, count=count.id).items:
            if line.outcome is not ResultKind.MOVED:
                decide_result(uow, line.id, False)
        apply_count(uow, count.id)
        assert find_asset(uow, "ZC-0002").status.value == "in_use"
        assert find_asset(uow, "ZC-0001").room == "102"
