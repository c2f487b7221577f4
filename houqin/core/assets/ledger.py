"""How finance ledgers write the register: their headings, their values, their totals rows.

The headings are the ones staff and finance systems use, in their many
spellings; the first of each is what the export writes. Values are read as
ledgers write them — dates as Excel numbers or text with a time of day,
amounts with ¥ and thousands separators or a dash for none, quantities
with their unit (10台), statuses and ways of acquisition in everyday words
— before the command converter checks them. :class:`TotalsCheck` holds a
合计 or 小计 row against the rows read above it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from houqin.core.assets.lines import FIELD_GROUPS
from houqin.core.assets.model import AcquiredBy, AssetInput, AssetStatus
from houqin.core.commands import describe_command
from houqin.core.convert import ValueRefused, parse_decimal
from houqin.core.errors import FieldError
from houqin.core.i18n import N_, LazyText, Text
from houqin.core.spreadsheet import Column, Record

# Headings -------------------------------------------------------------------------------

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": (
        "资产编号",
        "资产编码",
        "固定资产编号",
        "卡片编号",
        "资产卡片号",
        "财产编号",
        "编号",
        "asset number",
        "asset no",
        "asset tag",
    ),
    "name": ("资产名称", "名称", "财产名称", "设备名称", "品名", "asset name", "name"),
    "category": (
        "资产分类代码",
        "分类代码",
        "资产分类编码",
        "分类编码",
        "国标分类代码",
        "类别代码",
        "category code",
    ),
    "spec": ("规格型号", "规格", "型号", "品牌型号", "规格及型号", "spec", "model"),
    "unit": ("计量单位", "单位", "unit"),
    "quantity": ("数量", "资产数量", "qty", "quantity"),
    "unit_price": ("单价(元)", "单价", "单位价格", "unit price"),
    "value": (
        "价值(元)",
        "价值",
        "金额",
        "原值",
        "资产原值",
        "账面原值",
        "账面价值",
        "总价",
        "总金额",
        "value",
        "amount",
    ),
    "acquired_by": ("取得方式", "增加方式", "来源方式", "购置方式", "acquired by"),
    "acquired_on": (
        "取得日期",
        "购置日期",
        "购入日期",
        "购买日期",
        "采购日期",
        "acquired on",
        "purchase date",
    ),
    "funding": ("经费来源", "资金来源", "经费来源名称", "经费类型", "funding", "funding source"),
    "department": ("使用部门", "部门", "所属部门", "使用科室", "使用单位", "department"),
    "custodian": ("使用人", "保管人", "责任人", "领用人", "使用人姓名", "custodian"),
    "campus": ("校区", "所属校区", "campus"),
    "building": ("楼宇", "所在楼宇", "楼栋", "building"),
    "room": ("房间", "房间号", "教室", "room"),
    "status": ("使用状况", "使用状态", "资产状态", "状态", "现状", "status"),
    "notes": ("备注", "说明", "notes", "remarks"),
    "accumulated_depreciation": (
        "累计折旧(元)",
        "累计折旧",
        "累计折旧额",
        "已提折旧",
        "accumulated depreciation",
    ),
    "depreciation_as_of": (
        "折旧截止日期",
        "累计折旧截止日期",
        "折旧计提至",
        "depreciation as of",
    ),
    "custom": ("自定义字段", "扩展信息", "custom fields"),
}

# Columns that are not command fields: the importer turns them into fields.
_EXTRA = (
    # After 资产分类代码 on export, so a person sees the name beside the code.
    (
        "category_name",
        N_("Category name"),
        ("资产分类名称", "分类名称", "资产分类", "资产类别", "类别", "category name"),
        "category",
    ),
    (
        "custodian_no",
        N_("Custodian's staff number"),
        ("使用人工号", "保管人工号", "责任人工号", "工号", "staff no"),
        "custodian",
    ),
    (
        "location",
        N_("Location"),
        ("存放地点", "存放地址", "放置地点", "存放位置", "所在位置", "地点", "location"),
        None,
    ),
)


def _columns() -> tuple[Column, ...]:
    columns: list[Column] = []
    for spec in describe_command(AssetInput):
        label = spec.label if isinstance(spec.label, LazyText) else N_(spec.label)
        # The number, name and date are required; the category may come by code or by name.
        required = spec.name in ("number", "name", "acquired_on")
        columns.append(Column(spec.name, label, _SYNONYMS[spec.name], required=required))
        for field, extra_label, synonyms, after in _EXTRA:
            if after == spec.name:
                columns.append(Column(field, extra_label, synonyms))
    location = next(e for e in _EXTRA if e[0] == "location")
    columns.append(Column(location[0], location[1], location[2]))
    return tuple(columns)


COLUMNS = _columns()
"""The columns the import reads, in the order the export writes them."""

EXPORT_COLUMNS = tuple(c for c in COLUMNS if c.field != "location")
COLUMN_LABELS: dict[str, Text] = {c.field: c.label for c in COLUMNS}

# Which field group each column belongs to, for keeping what a file leaves out.
GROUP_OF = {
    **{field: field for field in FIELD_GROUPS},
    "unit_price": "money",
    "value": "money",
    "category_name": "category",
    "custodian_no": "custodian",
    "campus": "location",
    "building": "location",
    "room": "location",
    "location": "location",
    "accumulated_depreciation": "depreciation",
    "depreciation_as_of": "depreciation",
}


# Values as ledgers write them -----------------------------------------------------------

_STATUS_WORDS = {
    "在用": AssetStatus.IN_USE,
    "正常": AssetStatus.IN_USE,
    "正常使用": AssetStatus.IN_USE,
    "使用中": AssetStatus.IN_USE,
    "闲置": AssetStatus.IDLE,
    "停用": AssetStatus.IDLE,
    "未使用": AssetStatus.IDLE,
    "借出": AssetStatus.LENT,
    "出借": AssetStatus.LENT,
    "外借": AssetStatus.LENT,
    "维修中": AssetStatus.REPAIRING,
    "维修": AssetStatus.REPAIRING,
    "送修": AssetStatus.REPAIRING,
    "待修": AssetStatus.REPAIRING,
    "损坏": AssetStatus.DAMAGED,
    "待报废": AssetStatus.DAMAGED,
    "报废": AssetStatus.SCRAPPED,
    "已报废": AssetStatus.SCRAPPED,
    "盘亏": AssetStatus.MISSING,
    "丢失": AssetStatus.MISSING,
    "遗失": AssetStatus.MISSING,
}
_ACQUIRED_WORDS = {
    "购置": AcquiredBy.PURCHASE,
    "购买": AcquiredBy.PURCHASE,
    "新购": AcquiredBy.PURCHASE,
    "采购": AcquiredBy.PURCHASE,
    "购入": AcquiredBy.PURCHASE,
    "捐赠": AcquiredBy.DONATION,
    "接受捐赠": AcquiredBy.DONATION,
    "受赠": AcquiredBy.DONATION,
    "调入": AcquiredBy.TRANSFER_IN,
    "无偿调入": AcquiredBy.TRANSFER_IN,
    "调拨": AcquiredBy.TRANSFER_IN,
    "划拨": AcquiredBy.TRANSFER_IN,
    "自建": AcquiredBy.SELF_BUILT,
    "自行建造": AcquiredBy.SELF_BUILT,
    "自制": AcquiredBy.SELF_BUILT,
    "盘盈": AcquiredBy.SURPLUS,
    "置换": AcquiredBy.EXCHANGE,
    "置换换入": AcquiredBy.EXCHANGE,
    "其他": AcquiredBy.OTHER,
}
_NOTHING = {"-", "--", "—", "——", "/", "无"}
_TIME_OF_DAY = re.compile(r"^(\S+)\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_COUNTED = re.compile(r"^\s*(\d+(?:\.0+)?)\s*[^\d\s.]{1,2}\s*$")  # 10台, 3 套
_PARENTHESISED = re.compile(r"^[(（]\s*(.+?)\s*[)）]$")  # (1,234.00) is negative in accounting


def _date_cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _EXCEL_EPOCH + timedelta(days=int(value))  # an Excel date kept as a number
    if isinstance(value, str):
        text = value.strip()
        match = _TIME_OF_DAY.match(text)
        return match.group(1) if match else text
    return value


def _amount_cell(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text in _NOTHING:
            return None
        match = _PARENTHESISED.match(text)
        return f"-{match.group(1)}" if match else text
    return value


def _count_cell(value: Any) -> Any:
    if isinstance(value, str):
        match = _COUNTED.match(value)
        return match.group(1) if match else value
    return value


def _word_cell(words: dict[str, Enum]) -> Any:
    def normalise(value: Any) -> Any:
        if isinstance(value, str):
            found = words.get(re.sub(r"\s+", "", value))
            return found.value if found is not None else value
        return value

    return normalise


CELLS = {
    "acquired_on": _date_cell,
    "depreciation_as_of": _date_cell,
    "unit_price": _amount_cell,
    "value": _amount_cell,
    "accumulated_depreciation": _amount_cell,
    "quantity": _count_cell,
    "status": _word_cell(dict(_STATUS_WORDS)),
    "acquired_by": _word_cell(dict(_ACQUIRED_WORDS)),
}


def lenient_amount(value: Any) -> Decimal | None:
    """A number for the totals check, whatever else the cell holds (¥, 元, 台…)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return parse_decimal(value)
    text = re.sub(r"[^\d.\-]", "", str(value))
    try:
        return parse_decimal(text) if text else None
    except ValueRefused:
        return None


class TotalsCheck:
    """Sums of the amount columns as read, to check each 合计/小计 row against."""

    FIELDS = ("quantity", "value", "accumulated_depreciation")

    def __init__(self) -> None:
        self.whole = dict.fromkeys(self.FIELDS, Decimal(0))
        self.section = dict.fromkeys(self.FIELDS, Decimal(0))
        self.checked = 0

    def add(self, values: dict[str, Any]) -> None:
        for field in self.FIELDS:
            amount = lenient_amount(_amount_cell(values.get(field)))
            if amount is not None:
                self.whole[field] += amount
                self.section[field] += amount

    def check(self, totals: Record, sheet: str, errors: list[FieldError]) -> None:
        """A totals row agrees with the rows since the last totals row, or with all rows above."""
        agreed = True
        for field in self.FIELDS:
            stated = lenient_amount(totals.values.get(field))
            if stated is None or stated in (self.whole[field], self.section[field]):
                continue
            agreed = False
            errors.append(
                FieldError(
                    field,
                    N_(
                        "the totals row says {stated} but the rows above it add up to {read}: "
                        "rows are missing or wrong",
                        stated=_plain(stated),
                        read=_plain(self.whole[field]),
                    ),
                    row=totals.row,
                    sheet=sheet,
                    label=COLUMN_LABELS[field],
                )
            )
        self.checked += agreed
        self.section = dict.fromkeys(self.FIELDS, Decimal(0))


def _plain(amount: Decimal) -> str:
    return f"{amount:,.2f}" if amount != amount.to_integral_value() else f"{amount:,.0f}"
