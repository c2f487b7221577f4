"""Keyset paging: every row once, in order, across pages; cursors that were tampered with."""

from __future__ import annotations

import base64
import json

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.commands import structure_command
from houqin.core.errors import InvalidInput
from houqin.core.listing import MAX_PAGE_SIZE, decode_cursor, encode_cursor, fetch_page
from houqin.core.org import model, service
from houqin.core.org import tables as t

ROOMS = 1234
BUILDINGS = (("东校区", "教学楼"), ("东校区", "Lab"), ("东校区", "宿舍楼"), ("西校区", "教学楼"))
PREFIXES = ("", "A-", "b", "实验室", "Z")


def _cmd(school, cls, **data):
    return structure_command(school.converter, cls, data)


def _add_rooms(school, actor):
    """1,234 rooms in four buildings; the same room names recur in every building."""
    with school.write(actor) as uow:
        for campus in ("东校区", "西校区"):
            service.create_campus(uow, _cmd(school, model.CampusInput, name=campus))
        for campus, building in BUILDINGS:
            service.create_building(
                uow, _cmd(school, model.BuildingInput, campus=campus, name=building)
            )
        for i in range(ROOMS):
            campus, building = BUILDINGS[i % len(BUILDINGS)]
            number = i // len(BUILDINGS)
            service.create_room(
                uow,
                _cmd(
                    school,
                    model.RoomInput,
                    campus=campus,
                    building=building,
                    name=f"{PREFIXES[number % len(PREFIXES)]}{number}",
                    capacity=str(number % 7 * 10),
                ),
            )


def _all_pages(fetch, limit):
    """Follow the cursors from the first page to the last; return every page."""
    pages = [fetch(None, limit)]
    while pages[-1].next_cursor is not None:
        pages.append(fetch(pages[-1].next_cursor, limit))
        assert len(pages) <= ROOMS
    return pages


def _ids_in_order(conn, table, keys):
    """The order the database itself gives, without paging: the reference."""
    return list(conn.execute(sa.select(table.c[keys[-1].key]).order_by(*keys)).scalars())


# Building 1,234 rooms through the services takes seconds, so one test per backend
# checks every way of paging through them.
def test_keyset_paging_over_1234_rooms(houqin_school, houqin_operator):
    s = houqin_school
    _add_rooms(s, houqin_operator)
    with s.read(houqin_operator) as uow:
        _check_list_rooms(uow)
        _check_keys(uow)
        _check_filtered(uow)
        _check_page_size(uow)


def _check_list_rooms(uow):
    expected = _ids_in_order(uow.conn, t.room, [t.room.c.building_id, t.room.c.name, t.room.c.id])
    pages = _all_pages(
        lambda after, limit: service.list_rooms(uow, after=after, limit=limit, with_total=True),
        limit=100,
    )
    assert [len(p.items) for p in pages] == [100] * 12 + [34]
    assert {p.total for p in pages} == {ROOMS}
    seen = [room.id for page in pages for room in page.items]
    assert len(set(seen)) == ROOMS
    assert seen == expected
    building_ids = [r.building_id for page in pages for r in page.items]
    assert building_ids == sorted(building_ids)


KEY_SETS = {
    "integer": lambda: [t.room.c.id],
    "integer with ties": lambda: [t.room.c.capacity, t.room.c.id],
    "text with ties": lambda: [t.room.c.name, t.room.c.id],
    "text, text, integer": lambda: [
        t.room.c.kind,
        t.room.c.name,
        t.room.c.building_id,
        t.room.c.id,
    ],
}


def _check_keys(uow):
    query = sa.select(t.room)
    for name, make_keys in KEY_SETS.items():
        keys = make_keys()
        pages = _all_pages(
            lambda after, limit, keys=keys: fetch_page(
                uow.conn, query, keys, lambda row: row["id"], after=after, limit=limit
            ),
            limit=97,
        )
        seen = [room_id for page in pages for room_id in page.items]
        assert len(set(seen)) == ROOMS, name
        assert seen == _ids_in_order(uow.conn, t.room, keys), name


def _check_filtered(uow):
    pages = _all_pages(
        lambda after, limit: service.list_rooms(
            uow, campus="西校区", after=after, limit=limit, with_total=True
        ),
        limit=50,
    )
    west = [r for page in pages for r in page.items]
    assert {r.campus for r in west} == {"西校区"}
    assert len(west) == pages[0].total == len(set(west)) == ROOMS // len(BUILDINGS)


def _check_page_size(uow):
    big = service.list_rooms(uow, limit=10_000)
    tiny = service.list_rooms(uow, limit=0)
    assert len(big.items) == MAX_PAGE_SIZE and big.next_cursor is not None
    assert big.total is None
    assert len(tiny.items) == 1


def _add_campuses(school, actor, count):
    with school.write(actor) as uow:
        for n in range(count):
            service.create_campus(uow, _cmd(school, model.CampusInput, name=f"校区{n:02}"))


def _audit_page(uow, after, limit):
    ev = audit.audit_event
    return fetch_page(
        uow.conn,
        sa.select(ev.c.seq, ev.c.at),
        [ev.c.at, ev.c.seq],
        lambda row: row["seq"],
        after=after,
        limit=limit,
    )


def test_datetime_keys_page_through_the_audit_log(houqin_school, houqin_operator):
    _add_campuses(houqin_school, houqin_operator, 30)
    with houqin_school.read(houqin_operator) as uow:
        pages = _all_pages(lambda after, limit: _audit_page(uow, after, limit), limit=7)
        with pytest.raises(InvalidInput):
            _audit_page(uow, encode_cursor(["2024-09-01 08:00:00", 3]), 7)
    assert [seq for page in pages for seq in page.items] == list(range(1, 31))
    assert len(pages) == 5


def test_campuses_page_by_name(houqin_school, houqin_operator):
    _add_campuses(houqin_school, houqin_operator, 12)
    with houqin_school.read(houqin_operator) as uow:
        pages = _all_pages(
            lambda after, limit: service.list_campuses(
                uow, after=after, limit=limit, with_total=True
            ),
            limit=5,
        )
    assert [[c.name for c in p.items] for p in pages] == [
        [f"校区{n:02}" for n in range(start, min(start + 5, 12))] for start in (0, 5, 10)
    ]
    assert {p.total for p in pages} == {12}
    assert pages[-1].next_cursor is None


def _raw_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


TAMPERED = [
    pytest.param("not a cursor!", id="not-base64"),
    pytest.param(_raw_cursor("[1, 2"), id="broken-json"),
    pytest.param(base64.urlsafe_b64encode(b"\xff\xfe[1]").decode(), id="not-utf8"),
    pytest.param(_raw_cursor('{"building_id": 1}'), id="not-a-list"),
    pytest.param(encode_cursor([1, "101"]), id="too-short"),
    pytest.param(encode_cursor([1, "101", 5, 6]), id="too-long"),
    pytest.param(encode_cursor(["教学楼", "101", 5]), id="text-for-integer"),
    pytest.param(encode_cursor([[1], "101", 5]), id="list-for-integer"),
    pytest.param(encode_cursor([1, {"name": "101"}, 5]), id="object-for-text"),
    pytest.param(encode_cursor([None, "101", 5]), id="null"),
    pytest.param(encode_cursor([10**30, "101", 5]), id="integer-overflow"),
    pytest.param(encode_cursor([1, "101", 2**31]), id="beyond-integer-column"),
    pytest.param(_raw_cursor('[1e400, "101", 5]'), id="infinite"),
    pytest.param(_raw_cursor('[NaN, "101", 5]'), id="nan"),
    pytest.param(_raw_cursor("[" * 100_000), id="deeply-nested"),
]


@pytest.mark.parametrize("cursor", TAMPERED)
def test_tampered_cursor_is_refused(houqin_school, houqin_operator, cursor):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="东校区", name="教学楼"))
        service.create_room(
            uow, _cmd(s, model.RoomInput, campus="东校区", building="教学楼", name="101")
        )
    with s.read(houqin_operator) as uow:
        with pytest.raises(InvalidInput) as caught:
            service.list_rooms(uow, after=cursor)
        assert [e.field for e in caught.value.errors] == ["cursor"]
        # The refusal leaves the transaction usable.
        assert [r.name for r in service.list_rooms(uow).items] == ["101"]


def test_cursor_from_another_list_is_refused(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        for name in ("东校区", "西校区"):
            service.create_campus(uow, _cmd(s, model.CampusInput, name=name))
    with s.read(houqin_operator) as uow:
        campuses = service.list_campuses(uow, limit=1)
        assert campuses.next_cursor is not None
        with pytest.raises(InvalidInput):
            service.list_rooms(uow, after=campuses.next_cursor)


def test_cursor_round_trip_keeps_text_and_numbers():
    values = ["实验室 101", 42, "2024-09-01"]
    assert decode_cursor(encode_cursor(values), 3) == values
    assert "=" not in encode_cursor(values)
    assert json.loads(base64.urlsafe_b64decode(encode_cursor([1]) + "==")) == [1]
