"""Importing a ledger: ``houqin assets import`` against calamine and a bare insert.

Ours is what the command runs: :func:`import_assets` in one ``School.write``
(headings read in their Chinese spellings, every value converted and
checked, names resolved, asset numbers looked up, an audit event per asset).
The baseline reads the same .xlsx with calamine, maps the names to ids with
dictionaries and inserts the rows in one transaction — ``executemany`` of
sqlite3 on SQLite, ``COPY`` of psycopg on PostgreSQL. Both start from the
same organisation in a fresh database and must end with the same register.

Peak memory is measured in a subprocess per side (``ru_maxrss``), which
runs ``python -m bench.imports PROBE URL FILE``.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from python_calamine import CalamineWorkbook

from bench.common import (
    ACQUIRED_CODE,
    LEDGER_HEADINGS,
    STATUS_CODE,
    Databases,
    Organisation,
    OrgIds,
    Result,
    Scale,
    add_organisation,
    in_subprocess,
    ledger_row,
    median,
    open_school,
    peak_rss_mb,
    timed,
)
from houqin.core.access import operator_actor
from houqin.core.assets import tables as at
from houqin.core.assets.importer import import_assets
from houqin.core.db.engine import resolve_url
from houqin.core.db.metadata import utcnow
from houqin.core.spreadsheet import SheetData, write_xlsx

COLUMNS = (
    "number", "name", "category_id", "spec", "unit", "quantity", "unit_price", "value",
    "acquired_by", "acquired_on", "funding", "department_id", "custodian_id", "campus_id",
    "building_id", "room_id", "status", "notes", "created_at",
)  # fmt: skip


def write_ledger(path: Path, org: Organisation, rows: int) -> Path:
    """The register as a finance system exports it: title rows, headings, lines."""
    write_xlsx(
        path,
        [SheetData("固定资产", list(LEDGER_HEADINGS), (ledger_row(a) for a in org.assets(rows)))],
    )
    return path


def register_summary(engine: sa.Engine) -> tuple[int, int, int]:
    """Lines, quantity and value in fen of the register: what both sides must agree on."""
    a = at.asset.c
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(a.quantity), 0),
                sa.func.coalesce(
                    sa.func.sum(sa.cast(sa.func.round(a.value * 100), sa.BigInteger)), 0
                ),
            )
        ).one()
    return int(row[0]), int(row[1]), int(row[2])


# Ours -----------------------------------------------------------------------------------


def import_ours(url: str, ledger: Path) -> int:
    """``houqin assets import LEDGER`` as the command runs it; returns the lines created."""
    school = open_school_only(url)
    try:
        with school.write(operator_actor()) as uow:
            report = import_assets(uow, ledger)
    finally:
        school.engine.dispose()
    return report.created


def open_school_only(url: str) -> Any:
    from houqin.core.school import School

    return School.open(url, plugins=[])


# Baseline -------------------------------------------------------------------------------


def _ledger_lines(ledger: Path) -> Iterator[list[Any]]:
    sheet = CalamineWorkbook.from_path(str(ledger)).get_sheet_by_index(0)
    rows = iter(sheet.iter_rows())
    headings = next(rows)
    position = [headings.index(h) for h in LEDGER_HEADINGS]
    for row in rows:
        yield [row[p] for p in position]


def _table_values(cells: list[Any], ids: OrgIds, now: str) -> tuple[Any, ...]:
    # fmt: off
    (number, name, category, spec, unit, quantity, price, value, acquired_by, acquired_on,
     funding, department, _custodian, custodian_no, campus, building, room, status) = cells
    # fmt: on
    day = acquired_on.date() if isinstance(acquired_on, datetime) else acquired_on
    assert isinstance(day, date)
    return (
        str(number), name, ids.categories[category], spec, unit, int(quantity), price, value,
        ACQUIRED_CODE[acquired_by], day.isoformat(), funding, ids.departments[department],
        ids.people[custodian_no], ids.campuses[campus], ids.buildings[(campus, building)],
        ids.rooms[(campus, building, room)], STATUS_CODE[status], "", now,
    )  # fmt: skip


def org_ids(url: str) -> OrgIds:
    from houqin.core.org import tables as o

    engine = sa.create_engine(resolve_url(url))
    try:
        with engine.connect() as conn:
            buildings = {
                (r[0], r[1]): r[2]
                for r in conn.execute(
                    sa.select(o.campus.c.name, o.building.c.name, o.building.c.id).join(
                        o.campus, o.campus.c.id == o.building.c.campus_id
                    )
                )
            }
            rooms = {
                (r[0], r[1], r[2]): r[3]
                for r in conn.execute(
                    sa.select(o.campus.c.name, o.building.c.name, o.room.c.name, o.room.c.id)
                    .join(o.building, o.building.c.id == o.room.c.building_id)
                    .join(o.campus, o.campus.c.id == o.building.c.campus_id)
                )
            }
            return OrgIds(
                dict(
                    conn.execute(sa.select(at.asset_category.c.code, at.asset_category.c.id)).all()
                ),
                dict(conn.execute(sa.select(o.department.c.name, o.department.c.id)).all()),
                dict(conn.execute(sa.select(o.person.c.staff_no, o.person.c.id)).all()),
                dict(conn.execute(sa.select(o.campus.c.name, o.campus.c.id)).all()),
                buildings,
                rooms,
            )
    finally:
        engine.dispose()


def import_baseline(url: str, ledger: Path) -> int:
    """calamine, dictionaries, and one executemany (SQLite) or COPY (PostgreSQL)."""
    ids = org_ids(url)
    now = utcnow().replace(tzinfo=None).isoformat(sep=" ")
    lines = (_table_values(cells, ids, now) for cells in _ledger_lines(ledger))
    if url.startswith("sqlite"):
        return _insert_sqlite(url, lines)
    return _copy_postgres(url, lines)


def _insert_sqlite(url: str, lines: Iterator[tuple[Any, ...]]) -> int:
    conn = sqlite3.connect(sa.engine.make_url(url).database or "", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("BEGIN IMMEDIATE")
    marks = ", ".join("?" * len(COLUMNS))
    cursor = conn.executemany(f"INSERT INTO asset ({', '.join(COLUMNS)}) VALUES ({marks})", lines)
    count = cursor.rowcount
    conn.execute("COMMIT")
    conn.close()
    return count


def _copy_postgres(url: str, lines: Iterator[tuple[Any, ...]]) -> int:
    import psycopg

    parsed = sa.engine.make_url(resolve_url(url))
    options = parsed.query.get("options")
    with psycopg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname=parsed.database,
        options=str(options) if options else "",
    ) as pg:
        count = 0
        with (
            pg.cursor() as cursor,
            cursor.copy(f"COPY asset ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for values in lines:
                copy.write_row(values)
                count += 1
        pg.commit()
    return count


# The workload ---------------------------------------------------------------------------


def _prepared(url: str, org: Organisation) -> None:
    school = open_school(url)
    add_organisation(school.engine, org)
    school.engine.dispose()


def _one_side(
    dbs: Databases, backend: str, org: Organisation, ledger: Path, ours: bool
) -> tuple[float, tuple[int, int, int], float | None]:
    with dbs.fresh(backend) as url:
        _prepared(url, org)
        seconds, created = timed(lambda: (import_ours if ours else import_baseline)(url, ledger))
        engine = sa.create_engine(resolve_url(url))
        summary = register_summary(engine)
        engine.dispose()
        assert created == summary[0], (created, summary)
    return seconds, summary, None


def _peak_memory(dbs: Databases, backend: str, org: Organisation, ledger: Path, side: str) -> float:
    with dbs.fresh(backend) as url:
        _prepared(url, org)
        probe = in_subprocess("bench.imports", side, url, str(ledger))
    return float(probe["peak_mb"])


def measure(
    dbs: Databases,
    backend: str,
    rows: int,
    runs: int,
    *,
    name: str,
    target: float,
    memory: bool = True,
) -> Result:
    """Import ``rows`` generated lines ``runs`` times each way into ``backend``."""
    org = Organisation.for_assets(rows)
    ledger = write_ledger(dbs.folder / f"ledger-{rows}.xlsx", org, rows)
    ours_times: list[float] = []
    base_times: list[float] = []
    summaries = set()
    for _ in range(runs):
        seconds, summary, _m = _one_side(dbs, backend, org, ledger, ours=True)
        ours_times.append(seconds)
        summaries.add(("ours", summary))
        seconds, summary, _m = _one_side(dbs, backend, org, ledger, ours=False)
        base_times.append(seconds)
        summaries.add(("baseline", summary))
    same = len({s for _side, s in summaries}) == 1
    extra: dict[str, Any] = {
        "rows": rows,
        "backend": backend,
        "file_mb": round(ledger.stat().st_size / 2**20, 1),
        "same_register": same,
        "register": sorted(summaries)[0][1],
        "ours_rows_per_s": round(rows / median(ours_times)),
        "baseline_rows_per_s": round(rows / median(base_times)),
        "runs_ours": ours_times,
        "runs_baseline": base_times,
    }
    if memory:
        extra["peak_mb_ours"] = round(_peak_memory(dbs, backend, org, ledger, "ours"), 1)
        extra["peak_mb_baseline"] = round(_peak_memory(dbs, backend, org, ledger, "baseline"), 1)
    ledger.unlink()
    return Result(name, "s", median(ours_times), median(base_times), target, extra=extra)


def run(scale: Scale, dbs: Databases) -> list[Result]:
    results = [
        measure(dbs, "sqlite", scale.import_rows, scale.runs, name="import_xlsx_sqlite", target=2.0)
    ]
    if scale.pg_import_rows and dbs.postgres:
        results.append(
            measure(
                dbs, "postgresql", scale.pg_import_rows, 1 if scale.name == "full" else scale.runs,
                name="import_xlsx_postgresql", target=3.0,
            )
        )  # fmt: skip
    return results


def _probe() -> None:
    import json

    side, url, ledger = sys.argv[1:4]
    created = (import_ours if side == "ours" else import_baseline)(url, Path(ledger))
    print(json.dumps({"created": created, "peak_mb": peak_rss_mb()}))


if __name__ == "__main__":
    _probe()
