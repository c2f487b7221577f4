"""The demo school's register: a few hundred plausible assets, placed, priced and in charge."""

from __future__ import annotations

import time
from datetime import date

import pytest

from houqin.core import audit
from houqin.core.assets import service
from houqin.core.assets.model import AssetStatus
from houqin.core.assets.reports import depreciation_report
from houqin.core.demo import create_demo_school


@pytest.mark.parametrize("school_type", ["kindergarten", "university"])
def test_the_demo_school_has_a_register_of_what_its_rooms_hold(
    houqin_school_factory, houqin_operator, school_type
):
    school = houqin_school_factory(school_type=school_type)
    started = time.perf_counter()
    create_demo_school(school, houqin_operator)
    assert time.perf_counter() - started < 30  # generous; about 2 s on a quiet machine
    with school.read(houqin_operator) as uow:
        page = service.list_assets(uow, limit=500, with_total=True)
        everything = list(page.items)
        while page.next_cursor:
            page = service.list_assets(uow, after=page.next_cursor, limit=500)
            everything += page.items
        report = depreciation_report(uow, date(2024, 12, 31))
        assert audit.verify_chain(uow.conn).ok
    assert 150 <= len(everything) <= 1000
    assert all(a.room and a.department for a in everything)
    assert {"台式计算机", "学生课桌椅", "空调"} & {a.name for a in everything}
    with_custodian = sum(a.custodian is not None for a in everything)
    assert 0.85 * len(everything) <= with_custodian < len(everything)
    statuses = {a.status for a in everything}
    assert AssetStatus.IN_USE in statuses and len(statuses) >= 3
    assert all(date(2012, 1, 1) <= a.acquired_on <= date(2024, 6, 30) for a in everything)
    assert any(a.accumulated_depreciation is not None for a in everything)
    assert 0 < report.total.accumulated < report.total.value
