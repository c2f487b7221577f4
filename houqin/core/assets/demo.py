"""The demo school's asset register: what its rooms hold, priced and dated plausibly.

Each room gets what such a room has — a classroom its desks and chairs, a
lectern, a teaching display and an air conditioner; an office its desks,
computers and a printer; a laboratory its benches and instruments; a
computer room one line per computer — with prices of recent years, dates
from 2012 on, and as custodian the class's head teacher or a member of the
room's department. A few lines are idle or under repair, a few have nobody
responsible, and the oldest came over from a previous ledger with their
depreciation to the end of 2020. The same school always gets the same register.

Then a little of the life cycle, dated back from today: a repair, two loans
(one overdue), a damage a pupil is to pay for, a scrap request waiting for
approval, and this term's custody agreements of a few classes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from houqin.core.assets import custody, damage, movements, writeoffs
from houqin.core.assets import tables as t
from houqin.core.assets.depreciation import accumulated
from houqin.core.assets.model import AcquiredBy, AssetInput, AssetStatus
from houqin.core.assets.movement_model import DamageInput, LendInput, RepairBackInput, RepairInput
from houqin.core.assets.service import register_assets
from houqin.core.assets.writeoff_model import ScrapInput
from houqin.core.clock import school_today
from houqin.core.errors import InvalidInput
from houqin.core.org import tables as o
from houqin.core.org.model import RoomKind
from houqin.core.uow import UnitOfWork

SEED = 2024
CARRIED_OVER_AS_OF = date(2020, 12, 31)


class _Item(NamedTuple):
    """One kind of thing a room holds: name, spec, unit, category, price range, how many."""

    name: str
    spec: str
    unit: str
    category: str
    low: int
    high: int
    per_room: int = 1  # the quantity of one line; 0: a line per seat; -n: a unit per n seats


_DESKS = _Item("学生课桌椅", "单人升降式", "套", "A05010000", 280, 420, -1)
_CLASSROOM = (
    _DESKS,
    _Item("讲台", "钢木结构", "张", "A05010000", 600, 900),
    _Item("多媒体教学一体机", "86英寸 触控", "台", "A02020000", 11000, 16000),
    _Item("空调", "挂式 1.5匹", "台", "A02061804", 2800, 3600),
)
_OFFICE = (
    _Item("办公桌", "1.4米 钢木", "张", "A05010000", 900, 1500, -1),
    _Item("办公椅", "网布转椅", "把", "A05010000", 280, 460, -1),
    _Item("文件柜", "钢制 五节", "组", "A05010000", 800, 1200, 2),
    _Item("台式计算机", "i5/16G/512G", "台", "A02010105", 4300, 5800, 0),
    _Item("激光打印机", "A4 黑白", "台", "A02021000", 1300, 2200),
    _Item("空调", "挂式 1.5匹", "台", "A02061804", 2800, 3600),
)
_LABS = {
    "计算机": (
        _Item("学生计算机", "i5/16G/512G", "台", "A02010105", 4200, 5400, 0),
        _Item("教师计算机", "i7/32G/1T", "台", "A02010105", 6500, 7800),
        _Item("网络交换机", "48口 千兆", "台", "A02010200", 3600, 5200),
        _Item("投影仪", "5000流明", "台", "A02020200", 5200, 7600),
    ),
    "物理": (
        _Item("物理实验台", "双人 耐腐蚀台面", "张", "A05010000", 1800, 2600, -2),
        _Item("数字示波器", "双通道 100MHz", "台", "HQ01", 2400, 3800, 10),
        _Item("学生电源", "0-24V 直流", "台", "HQ01", 380, 520, 25),
    ),
    "化学": (
        _Item("化学实验台", "带水槽 耐酸碱", "张", "A05010000", 2600, 3400, -2),
        _Item("通风橱", "1.5米 钢木", "台", "HQ01", 9800, 13500, 2),
        _Item("电子天平", "0.01g", "台", "HQ01", 620, 980, 12),
    ),
    "生物": (
        _Item("生物实验台", "双人", "张", "A05010000", 1800, 2600, -2),
        _Item("光学显微镜", "1600倍 双目", "台", "HQ01", 680, 1150, 25),
    ),
    "科学": (
        _Item("科学实验桌", "六人 圆角", "张", "A05010000", 1600, 2400, 8),
        _Item("学生显微镜", "640倍", "台", "HQ01", 320, 480, 24),
    ),
    "电子": (
        _Item("电子实验台", "含仪器架", "张", "A05010000", 2200, 3000, -2),
        _Item("函数信号发生器", "20MHz", "台", "HQ01", 1500, 2300, 20),
    ),
    "机械": (
        _Item("数控车床", "CK6140", "台", "HQ01", 68000, 92000),
        _Item("台式钻床", "Z4116", "台", "HQ01", 2600, 3600, 4),
    ),
}
_LIBRARY = (
    _Item("双面钢制书架", "2米 六层", "组", "A05010000", 900, 1300, 20),
    _Item("阅览桌椅", "六人桌含椅", "套", "A05010000", 2600, 3600, 10),
    _Item("馆藏图书", "一批", "批", "A04000000", 80000, 180000),
)
_STOREROOM = (_Item("仓储货架", "中型 四层", "组", "A05010000", 450, 700, 6),)
_CANTEEN = (
    _Item("电蒸饭柜", "24盘", "台", "HQ03", 6800, 9200),
    _Item("消毒柜", "双门 高温", "台", "HQ03", 4200, 6200),
    _Item("四门冷藏柜", "1.2米", "台", "HQ03", 5400, 7600),
    _Item("不锈钢餐桌椅", "八人位", "套", "A05010000", 900, 1400, 20),
)
_CLINIC = (
    _Item("诊查床", "不锈钢", "张", "HQ04", 1200, 1800),
    _Item("电子血压计", "上臂式", "台", "HQ04", 380, 620, 2),
    _Item("医用冷藏箱", "2-8℃ 100L", "台", "HQ04", 3800, 5200),
)
_ACTIVITY = {
    "音乐": (_Item("立式钢琴", "121cm", "台", "HQ02", 18000, 26000),),
    "美术": (_Item("画架画板", "实木", "套", "A05010000", 160, 260, 40),),
    "篮球": (_Item("液压篮球架", "室内比赛级", "副", "HQ02", 16000, 23000, 2),),
    "乒乓": (_Item("乒乓球台", "比赛级", "张", "HQ02", 2800, 4200, 6),),
}
_HALL = (
    _Item("会议音响系统", "含功放话筒", "套", "A02090000", 18000, 32000),
    _Item("礼堂座椅", "软包联排", "个", "A05010000", 380, 520, -1),
)
_DORM_BED = _Item("学生床", "上下铺 钢制", "张", "A05010000", 600, 900, -1)
_NURSERY_BED = _Item("幼儿床", "实木 单层", "张", "A05010000", 260, 380, -1)

_FUNDING = ("财政拨款", "财政拨款", "财政拨款", "专项经费", "自筹经费")
_STATUSES = (
    (AssetStatus.IN_USE, 88),
    (AssetStatus.IDLE, 4),
    (AssetStatus.REPAIRING, 3),
    (AssetStatus.DAMAGED, 2),
    (AssetStatus.LENT, 1),
    (AssetStatus.SCRAPPED, 2),
)
_FIRST_DAY = date(2012, 3, 1)
_LAST_DAY = date(2024, 6, 28)


class _Room(NamedTuple):
    campus: str
    building: str
    name: str
    kind: RoomKind
    capacity: int | None


class _Holder(NamedTuple):
    department: str | None
    custodian: str | None


class _Register:
    """Draws the register for one school from its rooms, departments and people."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.rng = random.Random(SEED)
        self.sequence = 0
        self._read_organisation(uow)

    def _read_organisation(self, uow: UnitOfWork) -> None:
        conn = uow.conn
        self.rooms = [
            _Room(r.campus, r.building, r.name, RoomKind(r.kind), r.capacity)
            for r in conn.execute(
                sa.select(
                    o.campus.c.name.label("campus"),
                    o.building.c.name.label("building"),
                    o.room.c.name,
                    o.room.c.kind,
                    o.room.c.capacity,
                )
                .join(o.building, o.building.c.id == o.room.c.building_id)
                .join(o.campus, o.campus.c.id == o.building.c.campus_id)
                .order_by(o.campus.c.name, o.building.c.name, o.room.c.id)
            )
        ]
        staff = conn.execute(
            sa.select(o.person.c.staff_no, o.person.c.position, o.department.c.name)
            .join(o.department, o.department.c.id == o.person.c.department_id)
            .where(o.person.c.staff_no.is_not(None))
            .order_by(o.person.c.staff_no)
        ).all()
        self.members: dict[str, list[str]] = {}
        for staff_no, _position, department in staff:
            self.members.setdefault(department, []).append(staff_no)
        logistics = next(
            (d for _s, p, d in staff if p in ("后勤主任", "后勤管理处处长")),
            next(iter(self.members), None),
        )
        self.logistics = logistics
        keeper = next((s for s, p, _d in staff if p == "仓库保管员"), None)
        self.keeper = _Holder(logistics, keeper)
        classes = conn.execute(
            sa.select(
                o.building.c.name.label("building"),
                o.room.c.name.label("room"),
                o.campus.c.name.label("campus"),
                o.person.c.staff_no,
                o.department.c.name.label("department"),
            )
            .select_from(o.school_class)
            .join(o.room, o.room.c.id == o.school_class.c.room_id)
            .join(o.building, o.building.c.id == o.room.c.building_id)
            .join(o.campus, o.campus.c.id == o.building.c.campus_id)
            .join(o.person, o.person.c.id == o.school_class.c.head_teacher_id)
            .outerjoin(o.department, o.department.c.id == o.person.c.department_id)
        )
        self.classes = {
            (r.campus, r.building, r.room): _Holder(r.department, r.staff_no) for r in classes
        }

    def _holder(self, room: _Room) -> _Holder:
        found = self.classes.get((room.campus, room.building, room.name))
        if found is not None:
            return found
        if room.name in self.members:  # an office named after its department (总务处)
            return _Holder(room.name, self.rng.choice(self.members[room.name]))
        if room.kind in (RoomKind.STOREROOM, RoomKind.CANTEEN):
            return self.keeper
        department = self.logistics
        people = self.members.get(department or "", [])
        return _Holder(department, self.rng.choice(people) if people else None)

    def _items(self, room: _Room) -> tuple[_Item, ...]:
        name = room.name
        if room.kind == RoomKind.CLASSROOM:
            return _CLASSROOM
        if room.kind == RoomKind.OFFICE:
            return _OFFICE[:2] if "值班" in name else _OFFICE
        if room.kind == RoomKind.LAB:
            return next((items for key, items in _LABS.items() if key in name), _LABS["物理"])
        if room.kind == RoomKind.LIBRARY:
            return _LIBRARY if room.name in ("图书室", "借阅室", "借阅大厅") else _LIBRARY[:2]
        if room.kind == RoomKind.STOREROOM:
            return _STOREROOM
        if room.kind == RoomKind.CANTEEN:
            return _CANTEEN if "餐厅" not in name else _CANTEEN[3:]
        if room.kind == RoomKind.CLINIC:
            return _CLINIC
        if room.kind == RoomKind.ACTIVITY:
            found = next((items for key, items in _ACTIVITY.items() if key in name), None)
            return found if found is not None else _HALL
        if room.kind == RoomKind.DORMITORY:
            return (_NURSERY_BED,) if "寝室" in name else (_DORM_BED,)
        return ()

    def commands(self) -> Iterator[AssetInput]:
        for room in self.rooms:
            holder = self._holder(room)
            # One purchase date per room for what was fitted out together.
            fitted = self._day()
            for item in self._items(room):
                seats = room.capacity or 4
                if item.per_room == 0:
                    for _ in range(seats):
                        yield self._line(room, holder, item, 1, fitted)
                    continue
                quantity = seats // -item.per_room if item.per_room < 0 else item.per_room
                yield self._line(room, holder, item, max(quantity, 1), fitted)

    def _day(self) -> date:
        span = (_LAST_DAY - _FIRST_DAY).days
        return _FIRST_DAY + timedelta(days=self.rng.randrange(span))

    def _line(
        self, room: _Room, holder: _Holder, item: _Item, quantity: int, fitted: date
    ) -> AssetInput:
        rng = self.rng
        self.sequence += 1
        bought = fitted if rng.random() < 0.8 else self._day()
        price = Decimal(rng.randrange(item.low, item.high + 1) // 10 * 10)
        value = price * quantity
        status = rng.choices([s for s, _ in _STATUSES], weights=[w for _, w in _STATUSES])[0]
        custodian = holder.custodian if rng.random() > 0.04 else None
        carried = bought <= date(2018, 12, 31) and item.category.startswith("A02")
        prior = accumulated(value, bought, 72, CARRIED_OVER_AS_OF) if carried else None
        return AssetInput(
            number=f"{bought.year}{self.sequence:05d}",
            name=item.name,
            category=item.category,
            spec=item.spec,
            unit=item.unit,
            quantity=quantity,
            unit_price=price,
            value=value,
            acquired_by=AcquiredBy.DONATION if rng.random() < 0.02 else AcquiredBy.PURCHASE,
            acquired_on=bought,
            funding=rng.choice(_FUNDING),
            department=holder.department,
            custodian=custodian,
            campus=room.campus,
            building=room.building,
            room=room.name,
            status=status,
            accumulated_depreciation=prior,
            depreciation_as_of=CARRIED_OVER_AS_OF if carried else None,
        )


def add_demo_register(uow: UnitOfWork) -> int:
    """Register the demo school's assets in the demo's transaction; returns how many."""
    created = register_assets(uow, _Register(uow).commands()).created
    add_demo_life(uow)
    return created


def _assets(uow: UnitOfWork, status: AssetStatus, *, held: bool = False) -> list[int]:
    a = t.asset.c
    query = sa.select(a.id).where(a.status == status.value).order_by(a.number)
    if held:
        query = query.where(a.custodian_id.is_not(None), a.room_id.is_not(None))
    return list(uow.conn.execute(query).scalars())


def add_demo_life(uow: UnitOfWork) -> None:
    """A few movements, loans, a damage, a scrap request and custody agreements."""
    today = school_today(uow)
    staff = list(
        uow.conn.execute(
            sa.select(o.person.c.staff_no)
            .where(o.person.c.staff_no.is_not(None))
            .order_by(o.person.c.staff_no)
        ).scalars()
    )
    idle, in_use = _assets(uow, AssetStatus.IDLE), _assets(uow, AssetStatus.IN_USE, held=True)
    if len(idle) >= 2 and staff:
        movements.lend_asset(
            uow,
            idle[0],
            LendInput(
                borrower=staff[0],
                happened_on=today - timedelta(days=30),
                due_on=today - timedelta(days=16),
                note="外出培训借用",
            ),
        )
        movements.lend_asset(
            uow,
            idle[1],
            LendInput(borrower=staff[-1], happened_on=today - timedelta(days=3), note="公开课借用"),
        )
    if len(in_use) >= 2:
        movements.send_to_repair(
            uow,
            in_use[0],
            RepairInput(
                repairer="学校木工组",
                expected_on=today - timedelta(days=12),
                happened_on=today - timedelta(days=20),
                note="抽屉脱落",
            ),
        )
        movements.back_from_repair(
            uow,
            in_use[0],
            RepairBackInput(cost=Decimal("120.00"), happened_on=today - timedelta(days=10)),
        )
        pupil_class = uow.conn.execute(
            sa.select(o.school_class.c.name).order_by(o.school_class.c.id).limit(1)
        ).scalar()
        damage.report_damage(
            uow,
            in_use[1],
            DamageInput(
                description="课桌桌面被刻划损坏",
                responsible="李小明",
                school_class=pupil_class,
                compensation=Decimal("80.00"),
                happened_on=today - timedelta(days=7),
            ),
        )
    broken = _assets(uow, AssetStatus.DAMAGED)
    if broken:
        writeoffs.request_scrap(uow, broken[-1], ScrapInput(reason="损坏严重，无修复价值"))
    classes = uow.conn.execute(
        sa.select(o.school_class.c.name)
        .where(o.school_class.c.head_teacher_id.is_not(None), o.school_class.c.room_id.is_not(None))
        .order_by(o.school_class.c.id)
        .limit(3)
    ).scalars()
    for name in classes:
        try:
            with uow.conn.begin_nested():
                custody.sign_custody(uow, custody.CustodyInput(school_class=name, signed_on=today))
        except InvalidInput:
            continue  # a class whose room holds nothing has nothing to sign for
