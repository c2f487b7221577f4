"""The demo school: an empty school filled with a believable organisation.

:func:`create_demo_school` lays out two campuses with their buildings and
rooms, the departments a school of the configured kind (``school.type``) has,
sixty to a hundred staff with generated Chinese names, the classes with their
head teachers and home rooms, and a login for each key role. Everything goes
through the public services in one unit of work, so every row is audited and
a refusal leaves nothing behind. The enabled plugins then add their part
through ``houqin_demo_data``.

The layout is the same for every seed; the seed decides the staff's names
(and so the role logins' user names), which repeat exactly for the same seed.
"""

from __future__ import annotations

import random
import secrets
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs
import sqlalchemy as sa

from houqin.core.access import ADMIN_ROLE, Actor
from houqin.core.builtin import (
    CORE_MIGRATION,
    FINANCE,
    LOGISTICS_HEAD,
    PRINCIPAL,
    REPAIR_STAFF,
    STAFF_ROLES,
    STOREKEEPER,
)
from houqin.core.builtin import TEACHER as TEACHER_ROLE
from houqin.core.db import migrate
from houqin.core.errors import Conflict
from houqin.core.i18n import N_, LazyText
from houqin.core.org import service
from houqin.core.org import tables as t
from houqin.core.org.model import (
    BuildingInput,
    CampusInput,
    ClassInput,
    DepartmentInput,
    PersonInput,
    RoomInput,
    RoomKind,
    UserInput,
)
from houqin.core.org.users import add_user
from houqin.core.school import School, init_school
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

ADMIN_USERNAME = "admin"


class StaffLogin(NamedTuple):
    """A demo login of one member of staff: the user name and its role."""

    username: str
    role: str


@attrs.frozen
class DemoSchool:
    """What :func:`create_demo_school` made, and how to log in to it.

    ``admin_password`` belongs to ``admin`` alone; every login in
    ``staff_logins`` uses the one shared ``demo_password``. Both are random
    and shown only here, so print them once.
    """

    school_type: str
    admin_username: str
    admin_password: str = attrs.field(repr=False)
    demo_password: str = attrs.field(repr=False)
    staff_logins: tuple[StaffLogin, ...]
    campuses: int
    buildings: int
    rooms: int
    departments: int
    people: int
    classes: int
    users: int

    @property
    def counts(self) -> dict[LazyText, int]:
        """How many of each thing were created, labelled for display, in a fixed order."""
        return {
            N_("Campuses"): self.campuses,
            N_("Buildings"): self.buildings,
            N_("Rooms"): self.rooms,
            N_("Departments"): self.departments,
            N_("Staff"): self.people,
            N_("Classes"): self.classes,
            N_("Users"): self.users,
        }


DEMO_NAMES = {
    "kindergarten": "阳光幼儿园",
    "primary": "实验小学",
    "secondary": "第一中学",
    "boarding": "育才寄宿制学校",
    "university": "示范大学",
}


def set_up_demo_school(
    school: School,
    actor: Actor,
    *,
    school_type: str = "primary",
    name: str | None = None,
    seed: int = 2024,
) -> DemoSchool:
    """Initialise a new or empty database as a demo school of ``school_type`` and fill it.

    A database that already holds a school is refused before anything is
    written, so its name, kind and modules stay as they were.
    """
    with school.engine.connect() as conn:
        has_schema = migrate.status(conn, CORE_MIGRATION).state != "missing"
    if has_schema:
        school.reload(require_schema=False)
        with school.read(actor) as uow:
            _refuse_unless_empty(uow)
    init_school(school, actor, name=name or DEMO_NAMES[school_type], school_type=school_type)
    return create_demo_school(school, actor, seed=seed)


def create_demo_school(school: School, actor: Actor, *, seed: int = 2024) -> DemoSchool:
    """Fill an initialised, empty school with a demo organisation in one transaction.

    The kind of school comes from the ``school.type`` setting (kindergarten,
    primary, secondary, boarding or university) and decides the buildings,
    departments, posts and classes. Logins:

    - ``admin`` (role admin) with a random ``admin_password``;
    - one login per key role, linked to the member of staff who holds the post
      (校长/园长 → principal, 后勤主任 → logistics_head, 仓库保管员 → storekeeper,
      会计 → finance, 水电工 → repair_staff, the head teacher of the first
      class → teacher), named after the person in pinyin (``zhangwei``), all
      with the same random ``demo_password``.

    Refused with :class:`Conflict`, changing nothing, when the school already
    has campuses, departments, people or users: the demo never writes over a
    real school. ``actor`` needs the rights to manage the organisation and
    users (the operator has them).
    """
    with school.write(actor) as uow:
        _refuse_unless_empty(uow)
        school_type = str(get_setting(uow, "school.type"))
        plan = _PLANS[school_type]()
        hires = _hire_staff(plan.posts, random.Random(seed))
        classes = _classes_with_head_teachers(plan.classes, hires)
        for campus in plan.campuses:
            service.create_campus(uow, campus)
        for building in plan.buildings:
            service.create_building(uow, building)
        for room in plan.rooms:
            service.create_room(uow, room)
        for department in plan.departments:
            service.create_department(uow, department)
        for hire in hires:
            service.create_person(uow, hire.person)
        for school_class in classes:
            service.create_class(uow, school_class)
        admin_password, demo_password = _passwords(uow)
        add_user(
            uow,
            UserInput(
                username=ADMIN_USERNAME,
                role=ADMIN_ROLE,
                display_name="系统管理员",
                password=admin_password,
            ),
        )
        logins = _add_staff_logins(uow, _login_holders(hires, classes), demo_password)
        school.host.hook.houqin_demo_data(uow=uow)
    return DemoSchool(
        school_type=school_type,
        admin_username=ADMIN_USERNAME,
        admin_password=admin_password,
        demo_password=demo_password,
        staff_logins=logins,
        campuses=len(plan.campuses),
        buildings=len(plan.buildings),
        rooms=len(plan.rooms),
        departments=len(plan.departments),
        people=len(hires),
        classes=len(classes),
        users=1 + len(logins),
    )


def _refuse_unless_empty(uow: UnitOfWork) -> None:
    for table in (t.campus, t.department, t.person, t.user_account):
        if uow.conn.execute(sa.select(table.c.id).limit(1)).first() is not None:
            raise Conflict(
                N_(
                    "this school already has campuses, departments, staff or users; "
                    "the demo is only created in an empty school, so nothing was changed"
                )
            )


# Passwords and logins -------------------------------------------------------------------

# Letters and digits that cannot be mistaken for one another when read aloud or copied.
_PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_password(length: int) -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


def _passwords(uow: UnitOfWork) -> tuple[str, str]:
    """A password for the administrator and a different one shared by the staff logins."""
    shortest = int(get_setting(uow, "auth.password_min_length"))
    admin = _new_password(max(16, shortest))
    shared = _new_password(max(12, shortest))
    while shared == admin:
        shared = _new_password(max(12, shortest))
    return admin, shared


def _login_holders(hires: Sequence[_Hire], classes: Sequence[ClassInput]) -> list[_Login]:
    """Who gets a login: the first holder of each post with a role, then a head teacher."""
    holders: list[_Login] = []
    seen_posts: set[_Post] = set()
    for hire in hires:
        if hire.post.role is not None and hire.post not in seen_posts:
            seen_posts.add(hire.post)
            holders.append(_Login(hire, hire.post.role))
    if classes:
        first_head = next(h for h in hires if h.person.staff_no == classes[0].head_teacher)
        holders.append(_Login(first_head, TEACHER_ROLE))
    return sorted(holders, key=lambda h: STAFF_ROLES.index(h.role))


def _add_staff_logins(
    uow: UnitOfWork, holders: Iterable[_Login], password: str
) -> tuple[StaffLogin, ...]:
    taken = {ADMIN_USERNAME}
    logins = []
    for holder in holders:
        username = holder.hire.pinyin
        number = 2
        while username in taken:
            username = f"{holder.hire.pinyin}{number}"
            number += 1
        taken.add(username)
        add_user(
            uow,
            UserInput(
                username=username,
                role=holder.role,
                display_name=holder.hire.person.name,
                password=password,
                staff_no=holder.hire.person.staff_no,
            ),
        )
        logins.append(StaffLogin(username, holder.role))
    return tuple(logins)


# Staff ----------------------------------------------------------------------------------


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"王 wang 李 li"`` → ``(("王", "wang"), ("李", "li"))``."""
    words = text.split()
    return tuple(zip(words[::2], words[1::2], strict=True))


# The common surnames, most frequent first (the draw favours the front of the list).
_SURNAMES = _pairs(
    """王 wang 李 li 张 zhang 刘 liu 陈 chen 杨 yang 黄 huang 赵 zhao 吴 wu 周 zhou
    徐 xu 孙 sun 马 ma 朱 zhu 胡 hu 郭 guo 何 he 高 gao 林 lin 罗 luo 郑 zheng 梁 liang
    谢 xie 宋 song 唐 tang 许 xu 韩 han 冯 feng 邓 deng 曹 cao 彭 peng 曾 zeng 肖 xiao
    田 tian 董 dong 袁 yuan 潘 pan 于 yu 蒋 jiang 蔡 cai 余 yu 杜 du 叶 ye 程 cheng 苏 su
    魏 wei 吕 lv 丁 ding 任 ren 沈 shen 姚 yao 卢 lu 姜 jiang 崔 cui 钟 zhong 谭 tan 陆 lu
    汪 wang 范 fan 金 jin 石 shi 廖 liao 贾 jia 夏 xia 韦 wei 付 fu 方 fang 白 bai 邹 zou
    孟 meng 熊 xiong 秦 qin 邱 qiu 江 jiang 尹 yin 薛 xue 闫 yan 段 duan 雷 lei 侯 hou
    龙 long 史 shi 陶 tao 黎 li 贺 he 顾 gu 毛 mao 郝 hao 龚 gong 邵 shao 万 wan 钱 qian
    严 yan 覃 qin 武 wu 戴 dai 莫 mo 孔 kong 向 xiang 汤 tang 欧阳 ouyang 司马 sima"""
)
_SURNAME_WEIGHTS = tuple(1 / (rank + 8) for rank in range(len(_SURNAMES)))

# Given names of the generations that staff a school today, with their pinyin.
_FEMALE = _pairs(
    """秀英 xiuying 桂英 guiying 秀兰 xiulan 玉兰 yulan 丽娟 lijuan 海燕 haiyan
    晓燕 xiaoyan 晓红 xiaohong 春梅 chunmei 丽华 lihua 淑珍 shuzhen 美玲 meiling
    雪梅 xuemei 婷婷 tingting 丹丹 dandan 静怡 jingyi 欣怡 xinyi 晓丽 xiaoli
    艳红 yanhong 丽萍 liping 红梅 hongmei 玉梅 yumei 慧敏 huimin 文静 wenjing
    晓雯 xiaowen 佳慧 jiahui 雅琴 yaqin 凤霞 fengxia 翠兰 cuilan 秀梅 xiumei
    丽君 lijun 亚楠 yanan 思琪 siqi 梦婷 mengting 晓玲 xiaoling 金凤 jinfeng
    桂芳 guifang 淑华 shuhua 海霞 haixia 春燕 chunyan 秋菊 qiuju 颖 ying 敏 min
    静 jing 丽 li 艳 yan 芳 fang 娜 na 娟 juan 霞 xia 燕 yan 婷 ting 雪 xue 琳 lin
    洁 jie 倩 qian 萍 ping 莉 li 蕾 lei 璐 lu 瑶 yao 雯 wen 红 hong 梅 mei 慧 hui"""
)
_MALE = _pairs(
    """建国 jianguo 建华 jianhua 建军 jianjun 国强 guoqiang 志强 zhiqiang 志明 zhiming
    永刚 yonggang 永强 yongqiang 海涛 haitao 海波 haibo 文华 wenhua 文斌 wenbin
    晓东 xiaodong 晓明 xiaoming 立新 lixin 立军 lijun 建平 jianping 德明 deming
    俊杰 junjie 明辉 minghui 志勇 zhiyong 春雷 chunlei 卫东 weidong 振华 zhenhua
    国华 guohua 建伟 jianwei 红军 hongjun 宏伟 hongwei 鹏飞 pengfei 浩宇 haoyu
    子健 zijian 家豪 jiahao 文博 wenbo 天宇 tianyu 金山 jinshan 学军 xuejun
    福生 fusheng 伟 wei 强 qiang 磊 lei 军 jun 勇 yong 杰 jie 涛 tao 超 chao
    刚 gang 斌 bin 波 bo 峰 feng 鹏 peng 辉 hui 浩 hao 亮 liang 鑫 xin 凯 kai
    毅 yi 健 jian 龙 long 明 ming 华 hua 平 ping 东 dong 飞 fei 宇 yu"""
)


class _NameMaker:
    """Draws distinct, plausible names: a common surname and a given name of the right sex."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def draw(self, female_share: float) -> tuple[str, str]:
        """A new (name, pinyin) pair, female with probability ``female_share``."""
        while True:
            name, pinyin = self._one(female_share)
            if name not in self.used:
                self.used.add(name)
                return name, pinyin

    def _one(self, female_share: float) -> tuple[str, str]:
        rng = self.rng
        surname, surname_pinyin = rng.choices(_SURNAMES, weights=_SURNAME_WEIGHTS)[0]
        given, given_pinyin = rng.choice(_FEMALE if rng.random() < female_share else _MALE)
        return surname + given, surname_pinyin + given_pinyin


@attrs.frozen
class _Post:
    """``count`` people hold ``position`` in ``department``.

    The first holder of a post with a ``role`` gets a login with that role;
    holders of a ``heads_class`` post become the head teachers of the
    department's classes, in order.
    """

    department: str
    position: str
    count: int = 1
    female_share: float = 0.5
    role: str | None = None
    heads_class: bool = False


@attrs.frozen
class _Hire:
    post: _Post
    person: PersonInput
    pinyin: str


@attrs.frozen
class _Login:
    hire: _Hire
    role: str


_PHONE_PREFIXES = ("138", "139", "137", "136")


def _hire_staff(posts: Sequence[_Post], rng: random.Random) -> list[_Hire]:
    """People for every post, numbered in order, with made-up phones (13x 0000 xxxx)."""
    names = _NameMaker(rng)
    hires: list[_Hire] = []
    for post in posts:
        for _ in range(post.count):
            number = len(hires) + 1
            name, pinyin = names.draw(post.female_share)
            person = PersonInput(
                name=name,
                staff_no=f"{1000 + number}",
                department=post.department,
                position=post.position,
                phone=f"{rng.choice(_PHONE_PREFIXES)}0000{number:04d}",
            )
            hires.append(_Hire(post, person, pinyin))
    return hires


@attrs.frozen
class _Class:
    """A class whose head teacher is the next free ``heads_class`` holder of ``department``."""

    campus: str
    name: str
    grade: str
    department: str
    building: str | None = None
    room: str | None = None


def _classes_with_head_teachers(
    classes: Sequence[_Class], hires: Sequence[_Hire]
) -> list[ClassInput]:
    free: defaultdict[str, deque[_Hire]] = defaultdict(deque)
    for hire in hires:
        if hire.post.heads_class:
            free[hire.post.department].append(hire)
    return [
        ClassInput(
            campus=c.campus,
            name=c.name,
            grade=c.grade,
            head_teacher=free[c.department].popleft().person.staff_no,
            building=c.building,
            room=c.room,
        )
        for c in classes
    ]


# Plans ----------------------------------------------------------------------------------


class _Room(NamedTuple):
    floor: int
    name: str
    kind: RoomKind
    area: str
    capacity: int | None = None


_K = RoomKind  # short, for the room tables below


class _Plan:
    """The commands that make up one kind of demo school, in the order they are run."""

    def __init__(self) -> None:
        self.campuses: list[CampusInput] = []
        self.buildings: list[BuildingInput] = []
        self.rooms: list[RoomInput] = []
        self.departments: list[DepartmentInput] = []
        self.posts: list[_Post] = []
        self.classes: list[_Class] = []

    def campus(self, name: str, code: str, address: str) -> None:
        self.campuses.append(CampusInput(name=name, code=code, address=address))

    def building(
        self, campus: str, name: str, use: str, floors: int, rooms: Iterable[_Room]
    ) -> None:
        self.buildings.append(BuildingInput(campus=campus, name=name, floors=floors, use=use))
        for room in rooms:
            self.rooms.append(
                RoomInput(
                    campus=campus,
                    building=name,
                    name=room.name,
                    kind=room.kind,
                    floor=room.floor,
                    area=Decimal(room.area),
                    capacity=room.capacity,
                )
            )

    def department(
        self,
        name: str,
        *posts: _Post,
        parent: str | None = None,
        campus: str | None = None,
    ) -> None:
        self.departments.append(DepartmentInput(name=name, parent=parent, campus=campus))
        self.posts.extend(attrs.evolve(post, department=name) for post in posts)

    def grades(
        self,
        campus: str,
        building: str,
        grades: Sequence[str],
        per_grade: int,
        class_name: Callable[[str, int], str],
        *,
        group: Callable[[str], str],
        classroom: tuple[str, int],
        first_number: int = 1,
        bedroom: bool = False,
        upper_floors: Iterable[_Room] = (),
    ) -> None:
        """A teaching building with one grade a floor, and the classes that live in it.

        Each floor holds the grade's classrooms (and, in a kindergarten, a
        bedroom for each), the grade office and a toilet; ``upper_floors`` adds
        special rooms. Classes are numbered from ``first_number``; ``group``
        names the grade group (年级组) whose teachers run them.
        """
        area, capacity = classroom
        rooms: list[_Room] = []
        for floor, grade in enumerate(grades, start=1):
            for n in range(per_grade):
                number = f"{floor}{n + 1:02d}"
                rooms.append(_Room(floor, number, _K.CLASSROOM, area, capacity))
                if bedroom:
                    rooms.append(_Room(floor, f"{number}寝室", _K.DORMITORY, "60", capacity))
                name = class_name(grade, first_number + n)
                self.classes.append(_Class(campus, name, grade, group(grade), building, number))
            rooms.append(_Room(floor, f"{floor}{per_grade + 1:02d}", _K.OFFICE, "36", 8))
            rooms.append(_Room(floor, f"{floor}楼卫生间", _K.TOILET, "24"))
        rooms.extend(upper_floors)
        self.building(campus, building, "教学", max(r.floor for r in rooms), rooms)

    def grade_groups(
        self,
        parent: str,
        head_teacher: _Post,
        *,
        per_class: Sequence[_Post] = (),
        per_group: Sequence[_Post] = (),
    ) -> None:
        """A grade group for the classes planned so far, staffed for the classes it runs.

        A group whose classes are all on one campus belongs to that campus.
        """
        campuses: dict[str, set[str]] = {}
        for c in self.classes:
            campuses.setdefault(c.department, set()).add(c.campus)
        for name, where in campuses.items():
            count = sum(1 for c in self.classes if c.department == name)
            self.department(
                name,
                attrs.evolve(head_teacher, count=count),
                *(attrs.evolve(p, count=p.count * count) for p in per_class),
                *per_group,
                parent=parent,
                campus=next(iter(where)) if len(where) == 1 else None,
            )

    def gatehouse(self, campus: str) -> None:
        self.building(campus, "门卫室", "安保", 1, [_Room(1, "值班室", _K.OFFICE, "15", 2)])

    def dormitory(self, campus: str, name: str, floors: int, per_floor: int, beds: int) -> None:
        area = "32" if beds > 4 else "24"
        rooms = [
            _Room(1, "宿管值班室", _K.OFFICE, "16", 2),
            _Room(1, "洗衣房", _K.OTHER, "20"),
        ]
        rooms += [
            _Room(floor, f"{floor}{n:02d}", _K.DORMITORY, area, beds)
            for floor in range(1, floors + 1)
            for n in range(1, per_floor + 1)
        ]
        self.building(campus, name, "宿舍", floors, rooms)


def _p(position: str, count: int = 1, female_share: float = 0.5, role: str | None = None) -> _Post:
    """A post whose department is filled in by :meth:`_Plan.department`."""
    return _Post("", position, count, female_share, role)


_HEAD_TEACHER = _Post("", "班主任", female_share=0.75, heads_class=True)
_CN_NUMBERS = "一二三四五六"


def _school_offices(plan: _Plan, moral: str, *, extra_cooks: int = 0) -> None:
    """The offices of a primary or secondary school (德育处 or 政教处 as ``moral``)."""
    plan.department("校长室", _p("校长", 1, 0.35, PRINCIPAL), _p("副校长", 2, 0.5))
    plan.department("办公室", _p("办公室主任", 1, 0.6), _p("文员", 1, 0.9))
    plan.department(
        "教务处",
        _p("教务主任", 1, 0.6),
        _p("教务干事", 1, 0.8),
        _p("实验员", 1, 0.6),
        _p("图书管理员", 1, 0.9),
    )
    plan.department(moral, _p(f"{moral[:2]}主任", 1, 0.6), _p(f"{moral[:2]}干事", 1, 0.7))
    plan.department(
        "总务处",
        _p("后勤主任", 1, 0.2, LOGISTICS_HEAD),
        _p("仓库保管员", 1, 0.6, STOREKEEPER),
        _p("水电工", 2, 0.0, REPAIR_STAFF),
        _p("木工", 1, 0.0),
        _p("绿化工", 1, 0.3),
        _p("保洁员", 3, 0.8),
    )
    plan.department("财务室", _p("会计", 1, 0.9, FINANCE), _p("出纳", 1, 0.9))
    plan.department("保卫科", _p("保卫科长", 1, 0.1), _p("保安", 4, 0.05))
    plan.department("医务室", _p("校医", 2, 0.8), parent="总务处")
    plan.department(
        "食堂",
        _p("食堂管理员", 1, 0.4),
        _p("厨师", 3 + extra_cooks, 0.3),
        _p("帮厨", 3 + extra_cooks, 0.7),
        parent="总务处",
    )


def _administration(offices: Sequence[str]) -> list[_Room]:
    """The rooms of an office building: four offices a floor, stores, a meeting room on top."""
    rooms = [_Room(1, "行政仓库", _K.STOREROOM, "80"), _Room(1, "档案室", _K.STOREROOM, "30")]
    rooms += [_Room(1 + i // 4, name, _K.OFFICE, "30", 6) for i, name in enumerate(offices)]
    rooms.append(_Room(rooms[-1].floor + 1, "会议室", _K.OFFICE, "80", 40))
    return rooms


def _canteen_building(plan: _Plan, campus: str, name: str, seats: int, *, staff: int) -> None:
    """A canteen: pupils' hall, kitchen, food store, sample room; a staff hall upstairs."""
    rooms = [
        _Room(1, "学生餐厅", _K.CANTEEN, str(seats * 6 // 5), seats),
        _Room(1, "厨房", _K.CANTEEN, "220"),
        _Room(1, "食品仓库", _K.STOREROOM, "40"),
        _Room(1, "留样间", _K.OTHER, "8"),
    ]
    if staff:
        rooms.append(_Room(2, "教工餐厅", _K.CANTEEN, "180", staff))
    plan.building(campus, name, "餐饮", 2 if staff else 1, rooms)


def _sports_hall(plan: _Plan, campus: str) -> None:
    plan.building(
        campus,
        "体育馆",
        "体育",
        2,
        [
            _Room(1, "室内篮球场", _K.ACTIVITY, "800", 300),
            _Room(1, "体育器材室", _K.STOREROOM, "60"),
            _Room(2, "乒乓球室", _K.ACTIVITY, "200", 40),
        ],
    )


def _office_building(plan: _Plan, moral: str) -> None:
    offices = ["总务处", "财务室", "保卫科", "办公室", "教务处", moral, "校长室"]
    rooms = [*_administration(offices), _Room(1, "医务室", _K.CLINIC, "40", 4)]
    plan.building("本部", "行政楼", "办公", 3, rooms)


def _primary() -> _Plan:
    plan = _Plan()
    plan.campus("本部", "BB", "学府路18号")
    plan.campus("东校区", "DX", "东环路266号")
    _school_offices(plan, "德育处")
    plan.department("东校区管理办公室", _p("校区主任", 1, 0.5), campus="东校区")

    def grades(campus: str, names: Sequence[str], upper_floors: Sequence[_Room] = ()) -> None:
        plan.grades(
            campus,
            "教学楼",
            names,
            4,
            lambda grade, n: f"{grade}{n}班",
            group=lambda grade: f"{grade}组",
            classroom=("64", 45),
            upper_floors=upper_floors,
        )

    grades(
        "东校区",
        ["一年级", "二年级"],
        [
            _Room(1, "医务室", _K.CLINIC, "30", 4),
            _Room(3, "音乐教室", _K.ACTIVITY, "90", 45),
            _Room(3, "美术教室", _K.ACTIVITY, "90", 45),
            _Room(3, "图书室", _K.LIBRARY, "120", 50),
        ],
    )
    grades("本部", ["三年级", "四年级", "五年级", "六年级"])
    plan.grade_groups(
        "教务处",
        _HEAD_TEACHER,
        per_group=[_p("数学教师", 1, 0.7), _p("英语教师", 1, 0.9)],
    )
    plan.building(
        "本部",
        "综合楼",
        "综合",
        4,
        [
            _Room(1, "科学实验室", _K.LAB, "90", 48),
            _Room(1, "科学仪器室", _K.STOREROOM, "40"),
            _Room(2, "计算机教室", _K.LAB, "100", 50),
            _Room(2, "音乐教室", _K.ACTIVITY, "90", 50),
            _Room(3, "美术教室", _K.ACTIVITY, "90", 50),
            _Room(3, "图书室", _K.LIBRARY, "160", 60),
            _Room(3, "阅览室", _K.LIBRARY, "120", 60),
            _Room(4, "多功能厅", _K.ACTIVITY, "300", 300),
        ],
    )
    _office_building(plan, "德育处")
    _canteen_building(plan, "本部", "食堂", 500, staff=120)
    _canteen_building(plan, "东校区", "食堂", 300, staff=0)
    _sports_hall(plan, "本部")
    plan.gatehouse("本部")
    plan.gatehouse("东校区")
    return plan


def _middle(*, boarding: bool) -> _Plan:
    """A complete secondary school: senior grades at 本部, junior grades at 东校区."""
    plan = _Plan()
    plan.campus("本部", "BB", "学府路18号")
    plan.campus("东校区", "DX", "东环路266号")
    _school_offices(plan, "政教处", extra_cooks=3 if boarding else 1)
    if boarding:
        plan.department("宿管科", _p("宿管科长", 1, 0.5), _p("宿管员", 8, 0.5), parent="总务处")
    for campus, grades in (
        ("东校区", ["初一", "初二", "初三"]),
        ("本部", ["高一", "高二", "高三"]),
    ):
        plan.grades(
            campus,
            "教学楼",
            grades,
            4,
            lambda grade, n: f"{grade}({n})班",
            group=lambda grade: f"{grade}年级组",
            classroom=("72", 50),
        )
        plan.building(
            campus,
            "实验楼",
            "教学",
            3,
            [
                _Room(1, "物理实验室", _K.LAB, "96", 50),
                _Room(1, "物理准备室", _K.STOREROOM, "40"),
                _Room(2, "化学实验室", _K.LAB, "96", 50),
                _Room(2, "化学药品室", _K.STOREROOM, "30"),
                _Room(3, "生物实验室", _K.LAB, "96", 50),
                _Room(3, "计算机教室", _K.LAB, "110", 55),
            ],
        )
        _canteen_building(plan, campus, "食堂", 800, staff=150 if campus == "本部" else 0)
        plan.gatehouse(campus)
    plan.grade_groups(
        "教务处",
        attrs.evolve(_HEAD_TEACHER, female_share=0.6),
        per_group=[_p("语文教师", 1, 0.7), _p("数学教师", 1, 0.5)],
    )
    _office_building(plan, "政教处")
    plan.building(
        "本部",
        "图书馆",
        "图书",
        3,
        [
            _Room(1, "借阅室", _K.LIBRARY, "200", 40),
            _Room(2, "阅览室", _K.LIBRARY, "300", 120),
            _Room(2, "电子阅览室", _K.LIBRARY, "120", 50),
            _Room(3, "书库", _K.STOREROOM, "260"),
        ],
    )
    plan.building(
        "东校区",
        "综合楼",
        "综合",
        2,
        [
            _Room(1, "医务室", _K.CLINIC, "30", 4),
            _Room(1, "后勤仓库", _K.STOREROOM, "60"),
            _Room(2, "音乐教室", _K.ACTIVITY, "90", 50),
            _Room(2, "美术教室", _K.ACTIVITY, "90", 50),
        ],
    )
    _sports_hall(plan, "本部")
    if boarding:
        plan.dormitory("本部", "男生宿舍1号楼", 4, 8, 8)
        plan.dormitory("本部", "女生宿舍1号楼", 4, 8, 8)
        plan.dormitory("东校区", "男生宿舍2号楼", 3, 8, 8)
        plan.dormitory("东校区", "女生宿舍2号楼", 3, 8, 8)
    return plan


def _kindergarten() -> _Plan:
    plan = _Plan()
    plan.campus("本园", "BY", "学府路20号")
    plan.campus("分园", "FY", "东环路58号")
    plan.department("园长室", _p("园长", 1, 0.9, PRINCIPAL), _p("副园长", 1, 0.9))
    plan.department(
        "保教处",
        _p("保教主任", 1, 0.95),
        _p("教研组长", 1, 0.95),
        _p("音乐教师", 1, 0.9),
        _p("舞蹈教师", 1, 0.9),
        _p("美术教师", 1, 0.8),
        _p("英语教师", 1, 0.9),
    )
    plan.department(
        "后勤组",
        _p("后勤主任", 1, 0.7, LOGISTICS_HEAD),
        _p("仓库保管员", 1, 0.7, STOREKEEPER),
        _p("水电工", 1, 0.0, REPAIR_STAFF),
        _p("采购员", 1, 0.5),
        _p("保洁员", 3, 0.9),
        _p("保安", 4, 0.05),
    )
    plan.department("财务室", _p("会计", 1, 0.95, FINANCE), _p("出纳", 1, 0.95))
    plan.department("保健室", _p("保健医生", 2, 0.95), _p("营养员", 1, 0.9), parent="后勤组")
    plan.department(
        "食堂",
        _p("食堂管理员", 1, 0.5),
        _p("厨师", 4, 0.4),
        _p("帮厨", 2, 0.8),
        parent="后勤组",
    )
    plan.department("分园办公室", _p("分园主任", 1, 0.9), _p("文员", 1, 0.9), campus="分园")
    # Small children live on the ground floor; the branch continues the class numbers.
    for campus, per_grade, first_number in (("本园", 2, 1), ("分园", 1, 3)):
        plan.grades(
            campus,
            "教学楼",
            ["小班", "中班", "大班"],
            per_grade,
            lambda grade, n: f"{grade[0]}{_CN_NUMBERS[n - 1]}班",
            group=lambda grade: f"{grade}组",
            classroom=("90", 30),
            first_number=first_number,
            bedroom=True,
        )
        plan.building(
            campus,
            "厨房",
            "餐饮",
            1,
            [
                _Room(1, "操作间", _K.CANTEEN, "120"),
                _Room(1, "食品仓库", _K.STOREROOM, "30"),
                _Room(1, "留样间", _K.OTHER, "6"),
            ],
        )
        plan.gatehouse(campus)
    plan.grade_groups(
        "保教处",
        attrs.evolve(_HEAD_TEACHER, female_share=0.97),
        per_class=[_p("配班教师", 1, 0.97), _p("保育员", 1, 1.0)],
    )
    plan.building(
        "本园",
        "综合楼",
        "综合",
        2,
        [
            _Room(1, "园长室", _K.OFFICE, "30", 4),
            _Room(1, "财务室", _K.OFFICE, "24", 4),
            _Room(1, "保健室", _K.CLINIC, "30", 4),
            _Room(1, "隔离室", _K.CLINIC, "15", 2),
            _Room(1, "后勤仓库", _K.STOREROOM, "60"),
            _Room(2, "多功能厅", _K.ACTIVITY, "200", 120),
            _Room(2, "美工室", _K.ACTIVITY, "60", 30),
            _Room(2, "图书室", _K.LIBRARY, "50", 30),
            _Room(2, "保教处", _K.OFFICE, "30", 6),
        ],
    )
    return plan


_COLLEGES = ("计算机学院", "经济管理学院", "外国语学院", "机械工程学院")
_UNIVERSITY_CLASSES = (
    ("东校区", "2024级计算机1班", "计算机学院"),
    ("东校区", "2024级计算机2班", "计算机学院"),
    ("东校区", "2024级会计1班", "经济管理学院"),
    ("本部", "2023级市场营销1班", "经济管理学院"),
    ("本部", "2023级英语1班", "外国语学院"),
    ("本部", "2022级机械1班", "机械工程学院"),
)


def _university() -> _Plan:
    plan = _Plan()
    plan.campus("本部", "BB", "大学路1号")
    plan.campus("东校区", "DX", "科教大道99号")
    plan.department(
        "党政办公室",
        _p("校长", 1, 0.2, PRINCIPAL),
        _p("副校长", 2, 0.3),
        _p("办公室主任", 1, 0.5),
        _p("秘书", 1, 0.7),
    )
    plan.department("教务处", _p("处长", 1, 0.4), _p("科员", 2, 0.7))
    plan.department("学生工作处", _p("处长", 1, 0.4), _p("科员", 1, 0.6))
    plan.department(
        "后勤管理处",
        _p("后勤管理处处长", 1, 0.2, LOGISTICS_HEAD),
        _p("副处长", 1, 0.3),
        _p("科员", 2, 0.6),
    )
    plan.department(
        "维修服务中心",
        _p("主任", 1, 0.1),
        _p("水电工", 3, 0.0, REPAIR_STAFF),
        _p("木工", 1, 0.0),
        _p("空调维修工", 1, 0.0),
        parent="后勤管理处",
    )
    plan.department(
        "饮食服务中心",
        _p("主任", 1, 0.4),
        _p("厨师", 4, 0.3),
        _p("食品安全员", 1, 0.6),
        parent="后勤管理处",
    )
    plan.department("公寓管理中心", _p("主任", 1, 0.5), _p("宿管员", 4, 0.5), parent="后勤管理处")
    plan.department(
        "资产管理处",
        _p("处长", 1, 0.3),
        _p("仓库保管员", 2, 0.5, STOREKEEPER),
        _p("资产管理员", 1, 0.6),
    )
    plan.department("财务处", _p("处长", 1, 0.5), _p("会计", 2, 0.9, FINANCE), _p("出纳", 1, 0.9))
    plan.department("保卫处", _p("处长", 1, 0.1), _p("保安", 4, 0.05))
    plan.department("校医院", _p("院长", 1, 0.5), _p("医生", 2, 0.6), _p("护士", 2, 1.0))
    plan.department("图书馆", _p("馆长", 1, 0.5), _p("馆员", 2, 0.8))
    for college in _COLLEGES:
        plan.department(
            college,
            _p("院长", 1, 0.3),
            attrs.evolve(_HEAD_TEACHER, position="辅导员", count=2, female_share=0.6),
            _p("教师", 3, 0.5),
        )
    plan.classes.extend(
        _Class(campus, name, name[:5], college) for campus, name, college in _UNIVERSITY_CLASSES
    )
    # Two large lecture halls and four classrooms a floor.
    lecture = [
        _Room(floor, f"{floor}{n:02d}", _K.CLASSROOM, *(("150", 120) if n <= 2 else ("80", 60)))
        for floor in range(1, 5)
        for n in range(1, 7)
    ]
    plan.building("本部", "第一教学楼", "教学", 4, lecture)
    plan.building("东校区", "第二教学楼", "教学", 4, lecture)
    plan.building(
        "本部",
        "实验楼",
        "教学",
        3,
        [
            *(_Room(1, f"计算机实验室{n}", _K.LAB, "120", 60) for n in range(1, 5)),
            _Room(2, "电子实验室", _K.LAB, "100", 40),
            _Room(2, "物理实验室", _K.LAB, "100", 40),
            _Room(3, "机械实训室", _K.LAB, "200", 40),
            _Room(3, "器材库", _K.STOREROOM, "60"),
        ],
    )
    plan.building(
        "本部",
        "图书馆",
        "图书",
        5,
        [
            _Room(1, "借阅大厅", _K.LIBRARY, "600", 200),
            _Room(2, "社科阅览室", _K.LIBRARY, "500", 200),
            _Room(3, "自然科学阅览室", _K.LIBRARY, "500", 200),
            _Room(4, "自习室", _K.LIBRARY, "400", 160),
            _Room(5, "书库", _K.STOREROOM, "800"),
        ],
    )
    plan.building(
        "本部",
        "行政楼",
        "办公",
        3,
        _administration(
            ["党政办公室", "教务处", "学生工作处", "后勤管理处", "资产管理处", "财务处", "保卫处"],
        ),
    )
    plan.building(
        "本部",
        "校医院",
        "医疗",
        2,
        [
            _Room(1, "门诊室", _K.CLINIC, "40", 6),
            _Room(1, "药房", _K.STOREROOM, "30"),
            _Room(2, "观察室", _K.CLINIC, "60", 8),
        ],
    )
    _canteen_building(plan, "本部", "第一食堂", 1200, staff=200)
    _canteen_building(plan, "东校区", "第二食堂", 800, staff=0)
    _sports_hall(plan, "本部")
    plan.building(
        "东校区",
        "后勤服务楼",
        "后勤",
        2,
        [
            _Room(1, "维修服务中心", _K.OFFICE, "40", 8),
            _Room(1, "物资仓库", _K.STOREROOM, "200"),
            _Room(1, "配电房", _K.OTHER, "60"),
            _Room(2, "公寓管理中心", _K.OFFICE, "40", 6),
        ],
    )
    plan.dormitory("本部", "学生公寓1号楼", 5, 8, 4)
    plan.dormitory("本部", "学生公寓2号楼", 5, 8, 4)
    plan.dormitory("东校区", "学生公寓3号楼", 5, 8, 4)
    plan.gatehouse("本部")
    plan.gatehouse("东校区")
    return plan


_PLANS: dict[str, Callable[[], _Plan]] = {
    "kindergarten": _kindergarten,
    "primary": _primary,
    "secondary": lambda: _middle(boarding=False),
    "boarding": lambda: _middle(boarding=True),
    "university": _university,
}
"""The demo organisation of each kind of school (``school.type``)."""
