"""Closing a count: reconciling N scans against the register copied when it opened.

A count over the whole generated register is opened and scanned as staff
would: most assets in their own room, one in fifty in another room (moved),
one in a hundred never scanned (missing), one in a hundred scanned twice,
one scan in two hundred an unknown tag (surplus). Ours is
:func:`close_count`: every difference listed as a result line with its
proposed adjustment, in the set-based statements of
:mod:`houqin.core.counts.results`. The baseline is one statement by hand
that counts the same three lists with a join. Both must find the same
missing, moved and surplus totals; between runs the count is reopened,
which drops its results.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bench.common import Databases, Result, Scale, generated_school, median, timed
from houqin.core.access import operator_actor
from houqin.core.counts import tables as ct
from houqin.core.counts.model import CountInput, ResultKind, ScanInput
from houqin.core.counts.results import close_count, reopen_count
from houqin.core.counts.service import open_count, scan_many
from houqin.core.school import School


def _scans(school: School, assets: int) -> list[ScanInput]:
    with school.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT a.number, c.name, b.name, r.name FROM asset a"
                " JOIN room r ON r.id = a.room_id JOIN building b ON b.id = a.building_id"
                " JOIN campus c ON c.id = a.campus_id ORDER BY a.id"
            )
        ).all()
    places = sorted({f"{c} {b} {r}" for _n, c, b, r in rows})
    scans: list[ScanInput] = []
    for i, (number, campus, building, room) in enumerate(rows):
        if i % 100 == 0:
            continue  # never found: missing
        place = f"{campus} {building} {room}"
        if i % 50 == 1:
            place = next(p for p in places[i % len(places) :] + places if p != place)
        scans.append(ScanInput(code=number, room=place))
        if i % 100 == 2:
            scans.append(ScanInput(code=number, room=place))  # scanned twice
        if i % 200 == 3:
            scans.append(ScanInput(code=f"WZ-{i:07d}", room=place))  # a tag nobody knows
    return scans


_BASELINE = """
SELECT
  (SELECT count(*) FROM count_expected e
    WHERE e.count_id = :count AND NOT EXISTS (
      SELECT 1 FROM count_scan s WHERE s.count_id = :count AND s.asset_id = e.asset_id
        AND s.outcome IN ('found', 'moved', 'extra'))) AS missing,
  (SELECT count(DISTINCT s.asset_id) FROM count_scan s JOIN asset a ON a.id = s.asset_id
    WHERE s.count_id = :count AND s.outcome IN ('moved', 'extra')
      AND s.room_id IS NOT NULL AND (a.room_id IS NULL OR a.room_id <> s.room_id)) AS moved,
  (SELECT count(DISTINCT s.code) FROM count_scan s
    WHERE s.count_id = :count AND s.outcome = 'unknown') AS surplus
"""


def _ours(school: School, count_id: int) -> tuple[int, int, int]:
    with school.write(operator_actor()) as uow:
        close_count(uow, count_id)
        found = dict(
            uow.conn.execute(
                sa.select(ct.count_result.c.outcome, sa.func.count())
                .where(ct.count_result.c.count_id == count_id)
                .group_by(ct.count_result.c.outcome)
            ).all()
        )
    return (
        found.get(ResultKind.MISSING.value, 0),
        found.get(ResultKind.MOVED.value, 0),
        found.get(ResultKind.SURPLUS.value, 0),
    )


def _baseline(school: School, count_id: int) -> tuple[int, int, int]:
    with school.engine.connect() as conn:
        row = conn.execute(sa.text(_BASELINE), {"count": count_id}).one()
    return int(row.missing), int(row.moved), int(row.surplus)


def measure(url: str, assets: int, runs: int) -> dict[str, Any]:
    school, _org = generated_school(url, assets)
    try:
        with school.write(operator_actor()) as uow:
            count_id = open_count(uow, CountInput(title="基准清点")).id
        scans = _scans(school, assets)
        with school.write(operator_actor()) as uow:
            scan_many(uow, count_id, scans)
        ours: list[float] = []
        base: list[float] = []
        results: set[tuple[int, int, int]] = set()
        for _ in range(runs):
            seconds, found = timed(lambda: _ours(school, count_id))
            ours.append(seconds)
            results.add(found)
            with school.write(operator_actor()) as uow:
                reopen_count(uow, count_id)
            seconds, found = timed(lambda: _baseline(school, count_id))
            base.append(seconds)
            results.add(found)
    finally:
        school.engine.dispose()
    return {"ours": ours, "baseline": base, "results": results, "scans": len(scans)}


def run(scale: Scale, dbs: Databases) -> list[Result]:
    found = measure_on(dbs, scale.count_scans, scale.runs)
    (missing, moved, surplus) = next(iter(found["results"]))
    return [
        Result(
            "count_close",
            "s",
            median(found["ours"]),
            median(found["baseline"]),
            3.0,
            note=f"{found['scans']} scans; {missing} missing, {moved} moved, {surplus} surplus",
            extra={"same_result": len(found["results"]) == 1, "found": [missing, moved, surplus]},
        )
    ]


def measure_on(dbs: Databases, scans: int, runs: int) -> dict[str, Any]:
    with dbs.fresh(dbs.main_name) as url:
        return measure(url, scans, runs)
