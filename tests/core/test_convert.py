"""Conversion at the edges: dates, numbers, choices and whole commands from raw input."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum, IntEnum

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from houqin.core.commands import field, structure_command
from houqin.core.convert import (
    ValueRefused,
    make_converter,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
)
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_
from houqin.core.org.model import RoomInput, RoomKind, UserInput

converter = make_converter()


class Shift(IntEnum):
    DAY = 1
    NIGHT = 2


class Season(str, Enum):  # noqa: UP042 - plugins written before StrEnum do this
    SPRING = "spring"
    AUTUMN = "autumn"


@attrs.frozen
class DutyInput:
    """A command with an optional field that has no default."""

    who: str = field(label=N_("Who"))
    note: str | None = field(label=N_("Note"))
    shift: Shift = field(label=N_("Shift"), default=Shift.DAY)
    season: Season | None = field(label=N_("Season"), default=None)


def _refused(parse, value) -> str:
    with pytest.raises(ValueRefused) as caught:
        parse(value)
    return caught.value.message.render("en")


# Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2019-09-01",
        "2019-9-1",
        "2019.9.1",
        "2019/09/01",
        "2019年9月1日",
        "2019年9月1",
        "20190901",
        20190901,
        " 2019-09-01 ",
        datetime(2019, 9, 1, 8, 30),
        date(2019, 9, 1),
    ],
)
def test_dates_in_the_forms_schools_write(value):
    assert parse_date(value) == date(2019, 9, 1)


@pytest.mark.parametrize("value", ["2019-02-30", "2019.13.1", "2019年2月29日", "20190230"])
def test_impossible_dates_are_refused(value):
    assert _refused(parse_date, value) == f"{value} is not a real date"


@pytest.mark.parametrize("value", ["next monday", "01/09/2019", "2019-09", ""])
def test_text_that_is_no_date_is_refused(value):
    assert "is not a date" in _refused(parse_date, value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_every_written_form_reads_back_the_same_date(day):
    forms = [
        day.isoformat(),
        f"{day.year}.{day.month}.{day.day}",
        f"{day.year}/{day.month:02}/{day.day:02}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
    ]
    assert {parse_date(text) for text in forms} == {day}


# Numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("¥1 234", Decimal("1234")),
        ("￥1,234.5元", Decimal("1234.5")),
        ("1，234", Decimal("1234")),
        ("1\u00a0234.00", Decimal("1234.00")),
        ("-12.5", Decimal("-12.5")),
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
        (Decimal("3.14"), Decimal("3.14")),
    ],
)
def test_decimals_with_separators_and_currency(value, expected):
    parsed = parse_decimal(value)
    assert parsed == expected
    assert parsed.as_tuple() == expected.as_tuple()


@pytest.mark.parametrize("value", ["abc", "1.2.3", "", "12元5角"])
def test_text_that_is_no_number_is_refused(value):
    assert "is not a number" in _refused(parse_decimal, value)


@pytest.mark.parametrize(
    "value", ["NaN", "nan", "sNaN", "Infinity", "-inf", float("nan"), float("inf"), True]
)
def test_nan_infinity_and_booleans_are_not_numbers(value):
    assert _refused(parse_decimal, value) == "must be a number"


@given(
    st.decimals(
        min_value=Decimal("-999999999999.99"),
        max_value=Decimal("999999999999.99"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_money_survives_thousands_separators(amount):
    written = f"{amount:,}"
    assert parse_decimal(written) == amount
    assert parse_decimal("¥" + written.replace(",", "，")) == amount
    assert parse_decimal(written.replace(",", " ") + "元") == amount


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_survive_separators_and_spreadsheet_floats(number):
    assert parse_int(f"{number:,}") == number
    assert parse_int(str(number)) == number
    if abs(number) < 2**53:
        assert parse_int(float(number)) == number


@pytest.mark.parametrize("value", [1.5, "1.5", "1,5.5", "abc", "1e-1"])
def test_whole_number_refuses_fractions_and_text(value):
    assert "is not a whole number" in _refused(parse_int, value)


def test_whole_number_accepts_integral_forms_and_refuses_booleans():
    assert parse_int("3.0") == 3
    assert parse_int(3.0) == 3
    assert parse_int("1,000") == 1000
    assert _refused(parse_int, True) == "must be a whole number"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("是", True), ("否", False), ("Yes", True), (" n ", False), (1, True), (0, False)],
)
def test_yes_and_no(value, expected):
    assert parse_bool(value) is expected


def test_yes_or_no_refuses_other_text():
    assert _refused(parse_bool, "maybe") == "'maybe' is not yes or no"


# Choices --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("classroom", RoomKind.CLASSROOM),
        (" lab ", RoomKind.LAB),
        ("Classroom", RoomKind.CLASSROOM),
        ("Activity room", RoomKind.ACTIVITY),
        ("Laboratory", RoomKind.LAB),
        (RoomKind.OFFICE, RoomKind.OFFICE),
    ],
)
def test_choices_by_value_or_english_label(value, expected):
    assert converter.structure(value, RoomKind) is expected


def test_unknown_choice_lists_the_choices():
    with pytest.raises(ValueRefused) as caught:
        converter.structure("kitchen", RoomKind)
    message = caught.value.message
    assert message.msgid == "{value!r} is not one of: {choices}"
    assert message.params["value"] == "kitchen"


@pytest.mark.parametrize(
    ("value", "expected"), [(2, Shift.NIGHT), ("1", Shift.DAY), (2.0, Shift.NIGHT)]
)
def test_int_choices_by_value(value, expected):
    assert converter.structure(value, Shift) is expected


def test_choices_mixed_with_str_stay_choices():
    assert converter.structure(" autumn ", Season) is Season.AUTUMN
    with pytest.raises(ValueRefused):
        converter.structure("winter", Season)


# Text -----------------------------------------------------------------------------------


def test_text_is_trimmed_and_spreadsheet_numbers_read_as_written():
    assert converter.structure("  东校区 ", str) == "东校区"
    assert converter.structure(101.0, str) == "101"
    assert converter.structure(2.5, str) == "2.5"
    assert converter.structure(" 实验楼 ", str | None) == "实验楼"


# Whole commands -------------------------------------------------------------------------


def test_every_bad_field_is_reported_at_once_with_its_label():
    raw = {
        "campus": "  ",
        "building": "教学楼",
        "name": "",
        "kind": "kitchen",
        "floor": "abc",
        "area": "-1",
        "capacity": "1.5",
    }
    with pytest.raises(InvalidInput) as caught:
        structure_command(converter, RoomInput, raw, row=7, sheet="房间")
    errors = caught.value.errors
    assert [e.field for e in errors] == ["campus", "name", "kind", "floor", "area", "capacity"]
    assert all((e.row, e.sheet) == (7, "房间") for e in errors)
    described = [e.describe("en") for e in errors]
    assert described[0] == "sheet 房间, row 7, Campus: is required"
    assert described[1] == "sheet 房间, row 7, Room: is required"
    assert described[2].startswith("sheet 房间, row 7, Kind: 'kitchen' is not one of: ")
    assert described[3:] == [
        "sheet 房间, row 7, Floor: 'abc' is not a whole number",
        "sheet 房间, row 7, Area (m²): must be at least 0",
        "sheet 房间, row 7, Capacity: '1.5' is not a whole number",
    ]


def test_a_spreadsheet_row_becomes_a_command():
    cmd = structure_command(
        converter,
        RoomInput,
        {
            "campus": " 东校区 ",
            "building": "教学楼",
            "name": 101.0,
            "kind": "Laboratory",
            "floor": 1.0,
            "area": "1,234.50",
            "capacity": "",
            "not_a_field": "ignored",
        },
    )
    assert cmd == RoomInput(
        campus="东校区",
        building="教学楼",
        name="101",
        kind=RoomKind.LAB,
        floor=1,
        area=Decimal("1234.50"),
        capacity=None,
    )


def test_blank_optional_is_none_and_blank_required_is_required():
    cmd = structure_command(converter, DutyInput, {"who": "张三", "note": "   ", "shift": "2"})
    assert cmd == DutyInput(who="张三", note=None, shift=Shift.NIGHT)
    assert structure_command(converter, DutyInput, {"who": "李四"}).note is None
    with pytest.raises(InvalidInput) as caught:
        structure_command(converter, DutyInput, {"who": " ", "note": None})
    [error] = caught.value.errors
    assert (error.field, error.message.msgid) == ("who", "is required")
    assert error.describe("en") == "Who: is required"


def test_checks_run_after_conversion():
    with pytest.raises(InvalidInput) as caught:
        structure_command(
            converter, RoomInput, {"campus": "东" * 61, "building": "楼", "name": "1"}
        )
    assert [e.describe("en") for e in caught.value.errors] == ["Campus: at most 60 characters"]


def test_passwords_are_kept_exactly_as_typed():
    cmd = structure_command(
        converter, UserInput, {"username": " li ", "role": "teacher", "password": " two words "}
    )
    assert cmd.username == "li"
    assert cmd.password == " two words "


@attrs.frozen
class _Booking:
    room: str = field(label=N_("Room"))
    seats: int = field(label=N_("Seats"))

    def __attrs_post_init__(self) -> None:
        if self.seats > 40 and self.room == "101":
            raise ValueRefused(N_("must be at most {high}", high=40))


def test_a_refusal_of_the_whole_command_is_not_lost_among_its_fields():
    assert structure_command(converter, _Booking, {"room": "101", "seats": "30"}).seats == 30
    with pytest.raises(ValueRefused):
        structure_command(converter, _Booking, {"room": "101", "seats": "50"})
