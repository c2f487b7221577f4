"""Counts of the asset register: opening, every scan outcome, closing, applying."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from houqin.core.counts import tables as t
from houqin.core.counts.model import (
    Condition,
    CountStatus,
    ResultKind,
    ScanOutcome,
)
from houqin.core.counts.reports import count_report, room_progress, tallies
from houqin.core.counts.results import close_count, decide_result, list_results, reopen_count
from houqin.core.counts.service import list_counts, number_from_scan, open_count, scan, scan_many
from houqin.core.errors import Conflict, InvalidInput
from tests.core.counts.conftest import ROOM_101, ROOM_102, count_of, scanned


def test_number_from_scan_takes_a_bare_number_or_a_label_url() -> None:
    assert number_from_scan("ZC-0001") == "ZC-0001"
    assert number_from_scan("  ZC-0001\r\n") == "ZC-0001"
    assert number_from_scan("https://houqin.example.edu.cn/a/ZC-0001") == "ZC-0001"
    assert number_from_scan("http://localhost:8000/a/ZC-0001/?from=qr#top") == "ZC-0001"
    assert number_from_scan("http://x/a/%E8%B5%84-1") == "资-1"


def test_opening_copies_the_scope_in_one_statement(register, houqin_operator) -> None:
    with register.write(houqin_operator) as uow:
        count = open_count(uow, count_of(campus="本部"))
        whole = open_count(uow, count_of("全校"))
        building = open_count(
            uow, count_of("教学楼 102", campus="本部", building="教学楼", room="102")
        )
    assert (count.expected, whole.expected, building.expected) == (4, 5, 1)
    assert count.status is CountStatus.OPEN
    assert count.scope == "本部"
    with register.read(houqin_operator) as uow:
        rows = uow.conn.execute(
            sa.select(sa.func.count())
            .select_from(t.count_expected)
            .where(t.count_expected.c.count_id == count.id)
        ).scalar_one()
        assert rows == 4
        assert [c.title for c in list_counts(uow, status="open").items] == [
            "期末清点",
            "全校",
            "教学楼 102",
        ]


def test_a_scope_that_names_nothing_is_refused_naming_the_field(register, houqin_operator) -> None:
    with pytest.raises(InvalidInput) as refused, register.write(houqin_operator) as uow:
        open_count(uow, count_of(campus="西校区"))
    assert [e.field for e in refused.value.errors] == ["campus"]
    with pytest.raises(InvalidInput) as refused, register.write(houqin_operator) as uow:
        open_count(uow, count_of(store="总务仓库"))
    assert [e.field for e in refused.value.errors] == ["store"]


def test_every_scan_outcome(register, houqin_operator) -> None:
    with register.write(houqin_operator) as uow:
        count = open_count(uow, count_of(campus="本部"))
        outcomes = scan_many(
            uow,
            count.id,
            [
                scanned("ZC-0001"),
                scanned("http://localhost:8000/a/ZC-0002"),
                scanned("ZC-0004"),  # belongs in 102
                scanned("ZC-0005"),  # 东校区: outside this count
                scanned("ZC-9999"),  # no such asset
                scanned("ZC-0001"),  # again
                scanned("ZC-9999"),  # again
            ],
        )
    assert [s.outcome for s in outcomes] == [
        ScanOutcome.FOUND,
        ScanOutcome.FOUND,
        ScanOutcome.MOVED,
        ScanOutcome.EXTRA,
        ScanOutcome.UNKNOWN,
        ScanOutcome.DUPLICATE,
        ScanOutcome.DUPLICATE,
    ]
    assert outcomes[1].code == "ZC-0002"
    assert outcomes[2].expected_room == ROOM_102 and outcomes[2].room == ROOM_101
    with register.read(houqin_operator) as uow:
        counted = tallies(uow, count.id)
        progress = {
            p.room: (p.expected, p.found, p.scanned_here) for p in room_progress(uow, count.id)
        }
    assert (counted.expected, counted.scanned, counted.found, counted.moved) == (4, 5, 2, 1)
    assert (counted.extra, counted.unknown, counted.duplicate, counted.left) == (1, 1, 2, 1)
    assert progress[ROOM_101] == (3, 2, 5)
    assert progress[ROOM_102] == (1, 1, 0)


def test_a_duplicate_in_a_later_transaction_is_flagged_too(register, houqin_operator) -> None:
    with register.write(houqin_operator) as uow:
        count = open_count(uow, count_of(campus="本部"))
        first = scan(uow, count.id, scanned("ZC-0001"))
    with register.write(houqin_operator) as uow:
        again = scan(uow, count.id, scanned("ZC-0001", room=ROOM_102))
    assert (first.outcome, again.outcome) == (ScanOutcome.FOUND, ScanOutcome.DUPLICATE)


def test_a_bad_room_refuses_the_whole_batch_naming_the_line(register, houqin_operator) -> None:
    with register.write(houqin_operator) as uow:
        count = open_count(uow, count_of(campus="本部"))
    with pytest.raises(InvalidInput) as refused, register.write(houqin_operator) as uow:
        scan_many(uow, count.id, [scanned("ZC-0001"), scanned("ZC-0002", room="火星 999")])
    assert [(e.field, e.row) for e in refused.value.errors] == [("room", 2)]
    with register.read(houqin_operator) as uow:
        assert tallies(uow, count.id).scanned == 0


def test_closing_lists_missing_moved_surplus_and_damaged(register, houqin_operator) -> None:
    with register.write(houqin_operator) as uow:
        count = open_count(uow, count_of(campus="本部"))
        scan_many(
            uow,
            count.id,
            [
                scanned("ZC-0001", condition=Condition.DAMAGED, note="屏幕碎", school_class=""),
                scanned("ZC-0004"),
                scanned("ZC-0005"),
                scanned("XX-1"),
                scanned("XX-1"),
            ],
        )
        closed = close_count(uow, count.id)
    assert closed.status is CountStatus.CLOSED
    with register.read(houqin_operator) as uow:
        lines = list_results(uow, count=count.id, limit=100).items
        report = count_report(uow, count.id)
    found = sorted((r.outcome.value, r.code) for r in lines)
    assert found == [
        ("damaged", "ZC-0001"),
        ("missing", "ZC-0002"),
        ("missing", "ZC-0003"),
        ("moved", "ZC-0004"),
        ("moved", "ZC-0005"),
        ("surplus", "XX-1"),
    ]
    missing_value = sum((r.value for r in lines if r.outcome is ResultKind.MISSING), Decimal(0))
    assert missing_value == Decimal("1500.00")
    facts = {str(label): value for label, value in report.facts}
    assert facts["Value of the missing"] == Decimal("1500.00")
    assert facts["Books match the shelves (帐物相符)"] is False
    assert [str(s) for s in report.signatures] == [
        "Counted by",
        "Supervised by",
        "Head of logistics",
    ]
    with pytest.raises(Conflict), register.write(houqin_operator) as uow:
        scan(uow, count.id, scanned("ZC-0002"))


def test_reopening_drops_the_results_until_closed_again(register, houqin_operator) -> None:
    with register.write(houqin_operator) as uow:
        count = open_count(uow, count_of(campus="本部", building="教学楼", room="101"))
        close_count(uow, count.id)
        reopened = reopen_count(uow, count.id)
        scan_many(uow, count.id, [scanned(n) for n in ("ZC-0001", "ZC-0002", "ZC-0003")])
        close_count(uow, count.id)
        lines = list_results(uow, count=count.id).items
        report = count_report(uow, count.id)
    assert reopened.status is CountStatus.OPEN
    assert lines == []
    assert dict((str(k), v) for k, v in report.facts)["Books match the shelves (帐物相符)"] is True


def test_a_result_line_can_be_left_out_before_applying(register, houqin_operator) -> None:
    with register.write(houqin_operator) as uow:
        count = open_count(uow, count_of(campus="本部"))
        close_count(uow, count.id)
        line = list_results(uow, count=count.id, outcome="missing").items[0]
        left_out = decide_result(uow, line.id, False)
    assert line.accepted and not left_out.accepted
    with pytest.raises(InvalidInput) as refused, register.read(houqin_operator) as uow:
        list_results(uow, outcome="lost")
    assert refused.value.errors[0].field == "outcome"
