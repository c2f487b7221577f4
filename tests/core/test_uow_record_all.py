"""``UnitOfWork.record_all``: several events of one change, appended with one move of the head."""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.core import audit
from houqin.core.uow import ReadOnlyError


def _verify(school, actor):
    with school.read(actor) as uow:
        return audit.verify_chain(uow.conn)


def test_record_all_gives_what_record_would_one_by_one(houqin_school, houqin_operator):
    s = houqin_school
    start = _verify(s, houqin_operator).events
    entries = [
        ("x.thing.made", "x_thing", 7, None, {"price": Decimal("1.50"), "name": "甲"}),
        ("x.thing.changed", "x_thing", "7", {"name": "甲"}, {"name": "乙"}),
        ("x.thing.removed", "x_thing", 7, {"name": "乙"}, None),
    ]
    with s.write(houqin_operator) as uow:
        one = uow.record("x.other.made", "x_other", 1, after={"a": 1})
        many = uow.record_all(entries)
        assert uow.events == [one, *many]
    with s.write(houqin_operator) as uow:
        singly = [
            uow.record(action, kind, oid, before=before, after=after)
            for action, kind, oid, before, after in entries
        ]
    assert [e.seq for e in many] == [start + 2, start + 3, start + 4]
    # Apart from the numbers, the same events as recording them one by one.
    assert [(e.action, e.object_type, e.object_id, e.actor, e.before, e.after) for e in many] == [
        (e.action, e.object_type, e.object_id, e.actor, e.before, e.after) for e in singly
    ]
    assert many[0].after == {"price": "1.50", "name": "甲"}
    report = _verify(s, houqin_operator)
    assert report.ok, report.problem
    assert report.events == start + 7
    with s.read(houqin_operator) as uow:
        stored = {e.seq: e for e in audit.latest_events(uow, limit=10)}
    for event in many:
        assert (stored[event.seq].action, stored[event.seq].after) == (event.action, event.after)


def test_record_all_of_nothing_records_nothing(houqin_school, houqin_operator):
    s = houqin_school
    start = _verify(s, houqin_operator).events
    with s.write(houqin_operator) as uow:
        assert uow.record_all([]) == []
        assert uow.events == []
    assert _verify(s, houqin_operator).events == start


def test_record_all_is_refused_when_reading(houqin_school, houqin_operator):
    with pytest.raises(ReadOnlyError), houqin_school.read(houqin_operator) as uow:
        uow.record_all([("x.thing.made", "x_thing", 1, None, {})])
