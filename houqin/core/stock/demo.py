"""The demo school's store: a general store and a canteen store with a month of history.

Suppliers, three dozen items in five categories, opening stock dated the
first of last month, deliveries at changing prices (so issues cost across
batches), requests in every state, a return, a transfer, a breakage, and a
few items below their minimum so the dashboard has reorders to show. All of
it goes through the services, so it is audited like real work.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from houqin.core.org import service as org
from houqin.core.stock import ledger, requests
from houqin.core.stock import service as svc
from houqin.core.stock.model import (
    AdjustInput,
    ApprovalInput,
    DecisionNote,
    IssueInput,
    ItemInput,
    OpeningInput,
    RequestInput,
    ReturnInput,
    StockInInput,
    StoreInput,
    SupplierInput,
    TransferInput,
)
from houqin.core.stock.reports import month_start
from houqin.core.uow import UnitOfWork

SUPPLIERS = (
    SupplierInput("城南文具批发部", "周经理", "0571-86012345", "城南路88号"),
    SupplierInput("洁美清洁用品商行", "李红", "13805712233", "建设路16号"),
    SupplierInput("宏达五金水电", "王建国", "13906718899", "工业园区3幢"),
    SupplierInput("育才教学用品公司", "陈老师", "0571-88776655", "文教路120号"),
)
_PAPER, _CLEAN, _HARDWARE, _TEACHING = (s.name for s in SUPPLIERS)

# name, spec, unit, category, minimum, target, supplier, opening quantity, unit cost
_ITEMS: tuple[tuple[str, str, str, str, int, int, str, int, str], ...] = (
    ("A4复印纸", "70g 500张", "包", "办公用品", 20, 60, _PAPER, 48, "21.50"),
    ("A3复印纸", "70g 500张", "包", "办公用品", 5, 15, _PAPER, 9, "43.00"),
    ("中性笔", "0.5mm 黑色", "支", "办公用品", 100, 300, _PAPER, 240, "1.20"),
    ("中性笔芯", "0.5mm 黑色", "支", "办公用品", 100, 400, _PAPER, 310, "0.45"),
    ("红色水笔", "0.5mm", "支", "办公用品", 50, 200, _PAPER, 120, "1.30"),
    ("订书机", "12号", "个", "办公用品", 5, 15, _PAPER, 11, "18.00"),
    ("订书钉", "12号", "盒", "办公用品", 20, 60, _PAPER, 45, "2.50"),
    ("档案盒", "A4 55mm", "个", "办公用品", 30, 100, _PAPER, 26, "6.80"),
    ("长尾夹", "41mm", "盒", "办公用品", 10, 30, _PAPER, 22, "9.50"),
    ("硒鼓", "HP 88A", "个", "办公用品", 3, 8, _PAPER, 5, "135.00"),
    ("白板笔", "黑色", "支", "教学耗材", 50, 150, _TEACHING, 96, "2.20"),
    ("粉笔", "无尘 白色", "盒", "教学耗材", 40, 120, _TEACHING, 85, "4.50"),
    ("彩色粉笔", "无尘 12色", "盒", "教学耗材", 10, 40, _TEACHING, 18, "6.00"),
    ("板擦", "", "个", "教学耗材", 20, 60, _TEACHING, 34, "3.50"),
    ("作业本", "16K", "本", "教学耗材", 500, 1500, _TEACHING, 1200, "0.80"),
    ("试卷纸", "8K", "包", "教学耗材", 20, 60, _TEACHING, 40, "28.00"),
    ("洗手液", "500ml", "瓶", "清洁用品", 30, 90, _CLEAN, 64, "12.80"),
    ("消毒液", "84 2.5kg", "桶", "清洁用品", 10, 30, _CLEAN, 21, "25.00"),
    ("垃圾袋", "大号 50只", "卷", "清洁用品", 40, 120, _CLEAN, 75, "8.50"),
    ("拖把", "棉线", "把", "清洁用品", 10, 30, _CLEAN, 16, "22.00"),
    ("扫帚", "", "把", "清洁用品", 10, 30, _CLEAN, 14, "15.00"),
    ("抹布", "", "条", "清洁用品", 50, 150, _CLEAN, 90, "2.00"),
    ("卫生纸", "10卷", "提", "清洁用品", 30, 80, _CLEAN, 52, "19.90"),
    ("洗洁精", "1.5kg", "瓶", "清洁用品", 10, 30, _CLEAN, 20, "11.50"),
    ("LED灯管", "T8 18W", "根", "水电维修材料", 20, 60, _HARDWARE, 36, "16.00"),
    ("LED灯泡", "E27 9W", "个", "水电维修材料", 20, 50, _HARDWARE, 28, "7.50"),
    ("电线", "BV2.5 100米", "卷", "水电维修材料", 2, 6, _HARDWARE, 4, "210.00"),
    ("开关面板", "86型 单开", "个", "水电维修材料", 10, 30, _HARDWARE, 18, "9.00"),
    ("插座面板", "86型 五孔", "个", "水电维修材料", 10, 30, _HARDWARE, 15, "11.00"),
    ("水龙头", "4分 不锈钢", "个", "水电维修材料", 5, 15, _HARDWARE, 8, "35.00"),
    ("生料带", "", "卷", "水电维修材料", 20, 60, _HARDWARE, 30, "1.50"),
    ("PPR管件", "20mm 弯头", "个", "水电维修材料", 20, 60, _HARDWARE, 40, "1.80"),
    ("门锁", "球形锁", "把", "水电维修材料", 3, 10, _HARDWARE, 6, "45.00"),
    ("劳保手套", "线手套", "副", "劳保用品", 50, 200, _HARDWARE, 120, "1.60"),
    ("口罩", "一次性 50只", "盒", "劳保用品", 20, 60, _CLEAN, 30, "18.00"),
    ("雨衣", "", "件", "劳保用品", 5, 20, _CLEAN, 12, "28.00"),
)

GENERAL_STORE = "总务仓库"
CANTEEN_STORE = "食堂库房"
_STORE_ROOMS = ("行政仓库", "后勤仓库", "物资仓库")


class _Place(NamedTuple):
    campus: str | None
    building: str | None = None
    room: str | None = None


def _storeroom(uow: UnitOfWork, names: tuple[str, ...], campus: str | None = None) -> _Place:
    """The first storeroom found with one of ``names`` (on ``campus`` if given)."""
    rooms = org.list_rooms(uow, campus=campus, kind="storeroom", limit=500).items
    for name in names:
        for room in rooms:
            if room.name == name:
                return _Place(room.campus, room.building, room.name)
    first_campus = org.list_campuses(uow, limit=1).items
    return _Place(campus or (first_campus[0].name if first_campus else None))


def _keeper(uow: UnitOfWork) -> str | None:
    keepers = org.list_people(uow, search="仓库保管员", limit=1).items
    if keepers:
        return keepers[0].staff_no or keepers[0].name
    found = [p for p in org.list_people(uow, limit=500).items if p.position == "仓库保管员"]
    return (found[0].staff_no or found[0].name) if found else None


def add_demo_store(uow: UnitOfWork) -> None:
    """Fill the store of the demo school; the organisation must exist already."""
    for each in SUPPLIERS:
        svc.create_supplier(uow, each)
    keeper = _keeper(uow)
    place = _storeroom(uow, _STORE_ROOMS)
    general = svc.create_store(
        uow,
        StoreInput(GENERAL_STORE, place.campus, place.building, place.room, keeper, "学校行政仓库"),
    )
    food = _storeroom(uow, ("食品仓库",), general.campus)
    canteen = svc.create_store(
        uow, StoreInput(CANTEEN_STORE, food.campus, food.building, food.room, None, "食堂自用")
    )
    today = svc.today(uow)
    opening_day = month_start(month_start(today) - timedelta(days=1))
    codes: dict[str, str] = {}
    for name, spec, unit, category, minimum, target, supplier, quantity, cost in _ITEMS:
        item = svc.create_item(
            uow, ItemInput(name, unit, category, spec, None, minimum, target, supplier)
        )
        codes[name] = item.code
        ledger.record_opening(
            uow,
            OpeningInput(general.name, item.code, quantity, Decimal(cost), received_on=opening_day),
        )
    last_month = opening_day + timedelta(days=20)
    this_month = month_start(today)
    for name, quantity, cost, delivered in (
        ("A4复印纸", 40, "22.80", last_month),
        ("粉笔", 60, "4.60", last_month),
        ("洗手液", 48, "13.50", this_month),
        ("LED灯管", 24, "15.50", this_month),
    ):
        ledger.stock_in(
            uow,
            StockInInput(
                general.name,
                codes[name],
                quantity,
                Decimal(cost),
                batch=f"{delivered:%Y%m}-01",
                received_on=delivered,
                delivery_note=f"SH{delivered:%Y%m%d}{len(name)}",
                accepted_by="总务处",
            ),
        )
    ledger.transfer_stock(
        uow, TransferInput(codes["洗洁精"], general.name, canteen.name, 8, "食堂补货")
    )
    ledger.transfer_stock(
        uow, TransferInput(codes["劳保手套"], general.name, canteen.name, 30, "食堂补货")
    )
    ledger.adjust_stock(uow, AdjustInput(general.name, codes["LED灯泡"], -2, "搬运中摔碎 (盘亏)"))
    _demo_requests(uow, general.name, codes)


def _demo_requests(uow: UnitOfWork, store: str, codes: dict[str, str]) -> None:
    departments = [d.name for d in org.list_departments(uow, limit=20).items]
    if not departments:
        return

    def department(n: int) -> str:
        return departments[n % len(departments)]

    def ask(name: str, quantity: int, n: int, purpose: str) -> int:
        request = requests.create_request(
            uow, RequestInput(store, codes[name], quantity, department(n), purpose)
        )
        return request.id

    issued = [
        ("A4复印纸", 50, 0, "期中考试印卷", None),
        ("粉笔", 70, 1, "各班本月用量", None),
        ("作业本", 400, 2, "新生作业本", None),
        ("中性笔", 60, 3, "办公用笔", None),
        ("垃圾袋", 40, 4, "教学楼保洁", None),
        ("LED灯管", 20, 5, "教室照明维修", 12),
    ]
    for name, quantity, n, purpose, part in issued:
        request_id = ask(name, quantity, n, purpose)
        requests.approve_request(uow, request_id, ApprovalInput())
        ledger.issue_stock(uow, IssueInput(request_id, part, recipient="领用人"))
    returned = ask("档案盒", 20, 6, "年终归档")
    requests.approve_request(uow, returned, ApprovalInput(15))
    ledger.issue_stock(uow, IssueInput(returned))
    ledger.return_stock(uow, ReturnInput(returned, 3, "多领退回"))
    requests.approve_request(
        uow, ask("硒鼓", 2, 7, "打印机换硒鼓"), ApprovalInput(note="下周一领取")
    )
    requests.reject_request(
        uow, ask("A3复印纸", 10, 8, "宣传海报"), DecisionNote("请联系广告公司打印")
    )
    ask("消毒液", 6, 9, "卫生间消毒")
    ask("白板笔", 30, 10, "教研组备用")
