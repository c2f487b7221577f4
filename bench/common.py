"""What every workload shares: sizes, timing, results, fresh databases, generated schools.

A workload gets a :class:`Scale` and a :class:`Databases` and returns
:class:`Result` records. Each run that writes gets a database of its own: a
SQLite file in a temporary folder, or a PostgreSQL schema created for it and
dropped after. The school in it is generated in bulk (not through the demo,
which registers a few thousand lines through the services): two campuses of
buildings and rooms, the offices and teaching groups of a secondary school,
staff with Chinese names, and assets drawn from what each kind of room holds
in the demo register, with its GB/T category codes, prices and statuses.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import sqlalchemy as sa

from houqin.core.access import operator_actor
from houqin.core.assets import demo as asset_demo
from houqin.core.assets import tables as at
from houqin.core.db.engine import create_engine, resolve_url
from houqin.core.db.metadata import utcnow
from houqin.core.demo import _NameMaker
from houqin.core.org import tables as o
from houqin.core.school import School, init_school

DEFAULT_POSTGRES = "postgresql://127.0.0.1:5432/test"


# Sizes ----------------------------------------------------------------------------------


@attrs.frozen
class Scale:
    """How big each workload is and how often it is repeated."""

    name: str
    runs: int
    import_rows: int
    pg_import_rows: int | None
    list_rows: int
    totals_rows: int
    count_scans: int
    race_threads: int
    race_units: int
    tui_rows: tuple[int, int]
    startup_runs: int
    audit_events: int
    web_rows: int
    web_seconds: float
    web_clients: int


SCALES = {
    "tiny": Scale("tiny", 1, 300, 300, 600, 600, 300, 12, 4, (200, 600), 1, 300, 300, 0.5, 2),
    "small": Scale(
        "small",
        3,
        3000,
        None,
        30_000,
        30_000,
        3000,
        100,
        10,
        (2000, 20_000),
        5,
        5000,
        10_000,
        2.0,
        4,
    ),
    "full": Scale(
        "full",
        3,
        100_000,
        1_000_000,
        1_000_000,
        1_000_000,
        100_000,
        100,
        10,
        (10_000, 1_000_000),
        10,
        100_000,
        100_000,
        8.0,
        4,
    ),
}


# Results --------------------------------------------------------------------------------


@attrs.frozen
class Result:
    """One workload's figures: medians in seconds (or a rate), the ratio and its target.

    ``ratio`` is ours over the baseline for times and ours over the baseline
    for rates too; ``higher_is_better`` says which way the target points.
    """

    name: str
    unit: str
    ours: float
    baseline: float
    target: float
    higher_is_better: bool = False
    note: str = ""
    extra: dict[str, Any] = attrs.field(factory=dict)

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool:
        return self.ratio >= self.target if self.higher_is_better else self.ratio <= self.target

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "ours": self.ours,
            "baseline": self.baseline,
            "ratio": round(self.ratio, 3),
            "target": ("≥ " if self.higher_is_better else "≤ ") + str(self.target),
            "met": self.met,
            "note": self.note,
            "extra": self.extra,
        }


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call took, and what it returned."""
    started = time.perf_counter()
    value = run()
    return time.perf_counter() - started, value


def peak_rss_mb() -> float:
    """The largest resident size this process has had since it started its program, in MB.

    Read from ``VmHWM`` where Linux gives it: ``ru_maxrss`` survives ``execve``,
    so a probe started by a bench that had grown large would report the bench's
    own peak instead of its own (every probe then showed the same figure).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_subprocess(module: str, *args: str, timeout: float = 3600) -> dict[str, Any]:
    """Run ``python -m module args`` and read the JSON object it prints last."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=Path(__file__).parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{done.stderr[-3000:]}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


# Databases ------------------------------------------------------------------------------


@attrs.frozen
class Databases:
    """Where runs put their data: SQLite files, and PostgreSQL when a server answers.

    ``main`` is the backend of workloads that run on one (``--db``);
    ``postgres`` the server that the PostgreSQL-only and both-backends
    workloads use, or None when it cannot be reached.
    """

    folder: Path
    main: str | None
    postgres: str | None

    @property
    def main_name(self) -> str:
        return "postgresql" if self.main else "sqlite"

    @contextmanager
    def fresh(self, backend: str, **engine: Any) -> Iterator[str]:
        """The URL of an empty database of ``backend`` ("sqlite" or "postgresql"), removed after."""
        if backend == "sqlite":
            path = self.folder / f"bench-{uuid.uuid4().hex[:10]}.sqlite3"
            try:
                yield f"sqlite:///{path}"
            finally:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            return
        base = self.main if self.main and backend == self.main_name else self.postgres
        assert base is not None, "no PostgreSQL server for this run"
        with postgres_schema(base) as url:
            yield url

    def backend(self, name: str) -> bool:
        return name == "sqlite" or self.postgres is not None


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A URL whose connections use a new schema of the server at ``base``, dropped after."""
    resolved = resolve_url(base)
    schema = f"houqin_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(resolved)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = sa.engine.make_url(resolved).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def postgres_reachable(url: str) -> bool:
    try:
        engine = sa.create_engine(resolve_url(url))
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        engine.dispose()
        return True
    except Exception:
        return False


def open_school(url: str, **engine: Any) -> School:
    """The school at ``url``, initialised (schema, built-in categories) if it is new."""
    made = create_engine(url, **engine) if engine else None
    school = School.open(url, plugins=[], require_schema=False, engine=made)
    init_school(school, operator_actor())
    return school


@contextmanager
def temporary_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="houqin-bench-") as folder:
        yield Path(folder)


# A generated school ---------------------------------------------------------------------

CAMPUSES = ("本部", "东校区")
# (name, use, floors, rooms a floor, what its rooms hold)
BUILDINGS = (
    ("教学楼A", "教学", 5, 10, "classroom"),
    ("教学楼B", "教学", 5, 10, "classroom"),
    ("实验楼", "教学", 4, 8, "lab"),
    ("行政楼", "办公", 4, 8, "office"),
    ("图书馆", "教学", 3, 4, "library"),
    ("学生公寓1号楼", "住宿", 6, 20, "dormitory"),
    ("食堂", "餐饮", 2, 4, "canteen"),
    ("体育馆", "体育", 2, 4, "activity"),
)
ROOM_KINDS = {
    "classroom": "classroom",
    "lab": "lab",
    "office": "office",
    "library": "library",
    "dormitory": "dormitory",
    "canteen": "canteen",
    "activity": "activity",
}
DEPARTMENTS = (
    "校长室",
    "办公室",
    "教务处",
    "德育处",
    "总务处",
    "财务室",
    "保卫科",
    "医务室",
    "信息中心",
    "语文组",
    "数学组",
    "英语组",
    "理化生组",
    "政史地组",
    "体育组",
    "艺术组",
)
# Which departments hold what each kind of room holds.
HOLDERS = {
    "classroom": ("语文组", "数学组", "英语组", "政史地组"),
    "lab": ("理化生组", "信息中心"),
    "office": ("校长室", "办公室", "教务处", "德育处", "总务处", "财务室", "保卫科"),
    "library": ("教务处",),
    "dormitory": ("德育处", "总务处"),
    "canteen": ("总务处",),
    "activity": ("体育组", "艺术组"),
}
_LAB_ITEMS = tuple(item for items in asset_demo._LABS.values() for item in items)
_ACTIVITY_ITEMS = (
    *(item for items in asset_demo._ACTIVITY.values() for item in items),
    *asset_demo._HALL,
)
ITEMS: dict[str, tuple[Any, ...]] = {
    "classroom": asset_demo._CLASSROOM,
    "lab": _LAB_ITEMS,
    "office": asset_demo._OFFICE,
    "library": asset_demo._LIBRARY,
    "dormitory": (asset_demo._DORM_BED,),
    "canteen": asset_demo._CANTEEN,
    "activity": _ACTIVITY_ITEMS,
}
STATUSES = (
    ("in_use", "在用", 88),
    ("idle", "闲置", 4),
    ("repairing", "维修中", 3),
    ("damaged", "损坏", 2),
    ("lent", "借出", 1),
    ("scrapped", "报废", 2),
)
FUNDING = ("财政拨款", "财政拨款", "财政拨款", "专项经费", "自筹经费")
FIRST_DAY = date(2012, 3, 1)
LAST_DAY = date(2024, 6, 28)


class Room(NamedTuple):
    campus: str
    building: str
    name: str
    holds: str
    floor: int


class Person(NamedTuple):
    staff_no: str
    name: str
    department: str


class AssetLine(NamedTuple):
    """One register line as a ledger writes it."""

    number: str
    name: str
    category: str
    spec: str
    unit: str
    quantity: int
    unit_price: int
    value: int
    acquired_by: str
    acquired_on: date
    funding: str
    department: str
    custodian: str
    custodian_no: str
    campus: str
    building: str
    room: str
    status: str


LEDGER_HEADINGS = (
    "资产编号",
    "资产名称",
    "资产分类代码",
    "规格型号",
    "计量单位",
    "数量",
    "单价",
    "价值(元)",
    "取得方式",
    "取得日期",
    "经费来源",
    "使用部门",
    "使用人",
    "使用人工号",
    "校区",
    "楼宇",
    "房间",
    "使用状况",
)
STATUS_WORD = {code: word for code, word, _ in STATUSES}
STATUS_CODE = {word: code for code, word, _ in STATUSES}
ACQUIRED_WORD = {"purchase": "购置", "donation": "捐赠"}
ACQUIRED_CODE = {word: code for code, word in ACQUIRED_WORD.items()}


@attrs.frozen
class Organisation:
    """The campuses, buildings, rooms, departments and staff of a generated school."""

    rooms: tuple[Room, ...]
    people: tuple[Person, ...]

    @classmethod
    def for_assets(cls, assets: int, seed: int = 2024) -> Organisation:
        """A school big enough for ``assets`` lines: about 250 lines a room, 400 a person."""
        rng = random.Random(seed)
        wanted_rooms = max(40, assets // 250)
        per_round = sum(floors * per_floor for _, _, floors, per_floor, _ in BUILDINGS) * len(
            CAMPUSES
        )
        copies = -(-wanted_rooms // per_round)
        rooms: list[Room] = []
        for campus in CAMPUSES:
            for copy in range(copies):
                for name, _use, floors, per_floor, holds in BUILDINGS:
                    building = name if copy == 0 else f"{name}{copy + 1}"
                    for floor in range(1, floors + 1):
                        for number in range(1, per_floor + 1):
                            rooms.append(
                                Room(campus, building, f"{floor}{number:02d}", holds, floor)
                            )
        names = _NameMaker(rng)
        people = tuple(
            Person(f"T{i:05d}", names.draw(0.6)[0], DEPARTMENTS[i % len(DEPARTMENTS)])
            for i in range(1, max(60, assets // 400) + 1)
        )
        return cls(tuple(rooms), people)

    def assets(self, count: int, seed: int = 2024) -> Iterator[AssetLine]:
        """``count`` register lines, the same ones for the same seed."""
        rng = random.Random(seed)
        members: dict[str, list[Person]] = {}
        for person in self.people:
            members.setdefault(person.department, []).append(person)
        span = (LAST_DAY - FIRST_DAY).days
        statuses = [code for code, _, _ in STATUSES]
        weights = [w for _, _, w in STATUSES]
        for i in range(count):
            room = self.rooms[rng.randrange(len(self.rooms))]
            item = rng.choice(ITEMS[room.holds])
            department = rng.choice(HOLDERS[room.holds])
            custodian = rng.choice(members[department])
            bought = FIRST_DAY + timedelta(days=rng.randrange(span))
            price = rng.randrange(item.low, item.high + 1) // 10 * 10
            quantity = 1 if item.per_room <= 0 or rng.random() < 0.7 else item.per_room
            yield AssetLine(
                number=f"{bought.year}{i:07d}",
                name=item.name,
                category=item.category,
                spec=item.spec,
                unit=item.unit,
                quantity=quantity,
                unit_price=price,
                value=price * quantity,
                acquired_by="donation" if rng.random() < 0.02 else "purchase",
                acquired_on=bought,
                funding=rng.choice(FUNDING),
                department=department,
                custodian=custodian.name,
                custodian_no=custodian.staff_no,
                campus=room.campus,
                building=room.building,
                room=room.name,
                status=rng.choices(statuses, weights)[0],
            )


def ledger_row(line: AssetLine) -> list[Any]:
    """A line as a finance ledger writes it, in the order of :data:`LEDGER_HEADINGS`."""
    return [
        line.number,
        line.name,
        line.category,
        line.spec,
        line.unit,
        line.quantity,
        line.unit_price,
        line.value,
        ACQUIRED_WORD[line.acquired_by],
        line.acquired_on,
        line.funding,
        line.department,
        line.custodian,
        line.custodian_no,
        line.campus,
        line.building,
        line.room,
        STATUS_WORD[line.status],
    ]


@attrs.frozen
class OrgIds:
    """The ids the generated organisation got in one database."""

    categories: dict[str, int]
    departments: dict[str, int]
    people: dict[str, int]
    campuses: dict[str, int]
    buildings: dict[tuple[str, str], int]
    rooms: dict[tuple[str, str, str], int]


def add_organisation(engine: sa.Engine, org: Organisation) -> OrgIds:
    """Write the organisation with a few executemany statements; returns its ids."""
    with engine.begin() as conn:
        conn.execute(o.campus.insert(), [{"name": c} for c in CAMPUSES])
        campuses = dict(conn.execute(sa.select(o.campus.c.name, o.campus.c.id)).all())
        buildings = {(r.campus, r.building): r for r in org.rooms}
        floors = {name: f for name, _u, f, _p, _h in BUILDINGS}
        uses = {name: u for name, u, _f, _p, _h in BUILDINGS}
        conn.execute(
            o.building.insert(),
            [
                {
                    "campus_id": campuses[campus],
                    "name": name,
                    "floors": floors.get(name.rstrip("0123456789"), 4),
                    "use": uses.get(name.rstrip("0123456789"), ""),
                }
                for campus, name in buildings
            ],
        )
        building_ids = {
            (r.campus, r.building): r.id
            for r in conn.execute(
                sa.select(
                    o.campus.c.name.label("campus"),
                    o.building.c.name.label("building"),
                    o.building.c.id,
                ).join(o.campus, o.campus.c.id == o.building.c.campus_id)
            )
        }
        conn.execute(
            o.room.insert(),
            [
                {
                    "building_id": building_ids[(r.campus, r.building)],
                    "name": r.name,
                    "floor": r.floor,
                    "kind": ROOM_KINDS[r.holds],
                    "capacity": 45 if r.holds == "classroom" else None,
                }
                for r in org.rooms
            ],
        )
        room_ids = {
            (r.campus, r.building, r.room): r.id
            for r in conn.execute(
                sa.select(
                    o.campus.c.name.label("campus"),
                    o.building.c.name.label("building"),
                    o.room.c.name.label("room"),
                    o.room.c.id,
                )
                .join(o.building, o.building.c.id == o.room.c.building_id)
                .join(o.campus, o.campus.c.id == o.building.c.campus_id)
            )
        }
        conn.execute(o.department.insert(), [{"name": d} for d in DEPARTMENTS])
        departments = dict(conn.execute(sa.select(o.department.c.name, o.department.c.id)).all())
        conn.execute(
            o.person.insert(),
            [
                {
                    "name": p.name,
                    "staff_no": p.staff_no,
                    "department_id": departments[p.department],
                    "position": "教师",
                }
                for p in org.people
            ],
        )
        people = dict(conn.execute(sa.select(o.person.c.staff_no, o.person.c.id)).all())
        categories = dict(
            conn.execute(sa.select(at.asset_category.c.code, at.asset_category.c.id)).all()
        )
    return OrgIds(categories, departments, people, campuses, building_ids, room_ids)


def table_row(line: AssetLine, ids: OrgIds, created_at: Any) -> dict[str, Any]:
    """A line as the asset table holds it."""
    return {
        "number": line.number,
        "name": line.name,
        "category_id": ids.categories[line.category],
        "spec": line.spec,
        "unit": line.unit,
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "value": line.value,
        "acquired_by": line.acquired_by,
        "acquired_on": line.acquired_on,
        "funding": line.funding,
        "department_id": ids.departments[line.department],
        "custodian_id": ids.people[line.custodian_no],
        "campus_id": ids.campuses[line.campus],
        "building_id": ids.buildings[(line.campus, line.building)],
        "room_id": ids.rooms[(line.campus, line.building, line.room)],
        "status": line.status,
        "notes": "",
        "accumulated_depreciation": None,
        "depreciation_as_of": None,
        "custom": None,
        "created_at": created_at,
    }


def generated_school(url: str, assets: int, **engine: Any) -> tuple[School, Organisation]:
    """A school at ``url`` with ``assets`` register lines, written in bulk."""
    school = open_school(url, **engine)
    org = Organisation.for_assets(assets)
    ids = add_organisation(school.engine, org)
    now = utcnow()
    chunk: list[dict[str, Any]] = []
    with school.engine.begin() as conn:
        for line in org.assets(assets):
            chunk.append(table_row(line, ids, now))
            if len(chunk) >= 20_000:
                conn.execute(at.asset.insert(), chunk)
                chunk = []
        if chunk:
            conn.execute(at.asset.insert(), chunk)
        conn.exec_driver_sql("ANALYZE")
    return school, org


def environment_note() -> str:
    """The load on the machine as the run starts (the other helpers share it)."""
    load = os.getloadavg()
    return f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
