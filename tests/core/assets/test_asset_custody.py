"""Custody agreements: signed per class or room and term, superseded, printed, missed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from houqin.core.assets import custody, movements, service
from houqin.core.assets.documents import custody_agreement
from houqin.core.assets.model import AssetStatus
from houqin.core.assets.movement_model import IssueInput
from houqin.core.dashboard import dashboard
from houqin.core.errors import InvalidInput
from houqin.core.i18n import render, use_language
from houqin.core.settings import set_setting

from .conftest import asset


@pytest.fixture(autouse=True)
def english():
    with use_language("en"):
        yield


def _fields(caught: pytest.ExceptionInfo[InvalidInput]) -> dict[str, str]:
    return {e.field: str(e.message) for e in caught.value.errors}


@pytest.mark.parametrize(
    ("day", "term"),
    [
        (date(2026, 9, 1), "2026-2027学年第一学期"),
        (date(2027, 1, 20), "2026-2027学年第一学期"),
        (date(2027, 2, 1), "2026-2027学年第二学期"),
        (date(2027, 8, 31), "2026-2027学年第二学期"),
    ],
)
def test_the_term_of_a_date(day, term):
    assert custody.term_of(day) == term


def test_a_class_signs_for_its_room_and_what_it_was_issued(classes, houqin_operator):
    school = classes
    with school.write(houqin_operator) as uow:
        set_setting(uow, "assets.current_term", "2026-2027学年第一学期")
        desks = service.create_asset(
            uow,
            asset(number="KZ-01", name="课桌椅", room="102", quantity=40, value=Decimal("12000")),
        )
        pc = service.create_asset(
            uow, asset(number="ZC-01", status=AssetStatus.IDLE, custodian=None, room="101")
        )
        movements.issue_asset(
            uow, pc.id, IssueInput(school_class="三年级2班", room="101", building="教学楼")
        )
        service.create_asset(uow, asset(number="ZC-02", room="101"))
        missing = [
            str(a.message) for a in dashboard(uow).alerts if a.name == "assets.custody_unsigned"
        ]
        first = custody.sign_custody(uow, custody.CustodyInput(school_class="三年级2班"))
        again = custody.sign_custody(
            uow, custody.CustodyInput(school_class="三年级2班", note="补签")
        )
        earlier = custody.get_custody(uow, first.id)
        doc = custody_agreement(uow, again.id)
        after = [a for a in dashboard(uow).alerts if a.name == "assets.custody_unsigned"]
    assert missing == [
        "Classes and rooms holding assets without a custody agreement for "
        "2026-2027学年第一学期: 2 (三年级2班、教学楼 101)"
    ]
    assert first.term == "2026-2027学年第一学期" and first.signed_by == "李娜"
    assert [line.number for line in first.lines] == ["KZ-01", "ZC-01"]
    assert first.lines[0].quantity == 40 and first.value == Decimal("16800.00")
    assert earlier.status is custody.CustodyStatus.SUPERSEDED
    assert again.status is custody.CustodyStatus.CURRENT
    assert desks.room == "102"
    assert render(doc.title, "en") == "Agreement on the use and care of property"
    facts = {render(k, "en"): v for k, v in doc.facts}
    assert facts["Class or room"] == "三年级2班" and facts["Term"] == "2026-2027学年第一学期"
    assert doc.tables[0].totals is not None
    assert doc.tables[0].totals[3:] == (41, Decimal("16800.00"))
    text = " ".join(render(p, "en") for p in doc.paragraphs)
    assert "谁损坏谁赔偿" in text and "end of the term" in text
    assert [render(s, "en") for s in doc.signatures] == ["Custodian", "Head of logistics", "Date"]
    assert [str(a.message).endswith("1 (教学楼 101)") for a in after] == [True]


def test_a_room_needs_someone_to_sign_and_something_to_sign_for(classes, houqin_operator):
    school = classes
    with school.write(houqin_operator) as uow:
        service.create_asset(uow, asset(number="ZC-01", building="行政楼", room="总务处"))
        with pytest.raises(InvalidInput) as caught:
            custody.sign_custody(uow, custody.CustodyInput(building="行政楼", room="总务处"))
        assert "signed_by" in _fields(caught)
        with pytest.raises(InvalidInput) as caught:
            custody.sign_custody(
                uow, custody.CustodyInput(building="行政楼", room="仓库", signed_by="1001")
            )
        assert "holds no assets" in _fields(caught)["room"]
        with pytest.raises(InvalidInput) as caught:
            custody.sign_custody(uow, custody.CustodyInput(school_class="一年级1班"))
        assert "signed_by" in _fields(caught)  # it has no head teacher
        with pytest.raises(InvalidInput) as caught:
            custody.sign_custody(
                uow, custody.CustodyInput(school_class="一年级1班", signed_by="1002")
            )
        assert "holds no assets" in _fields(caught)["school_class"]
        signed = custody.sign_custody(
            uow,
            custody.CustodyInput(
                building="行政楼", room="总务处", signed_by="1001", term="2025-2026学年第二学期"
            ),
        )
        listed = custody.list_custody(uow, term="2025-2026学年第二学期").items
    assert signed.custodian == "张伟" and signed.room == "总务处"
    assert [c.id for c in listed] == [signed.id]
