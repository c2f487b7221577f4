"""An issue reads its movement and request back from ``RETURNING`` and audits both at once.

What it returns, what it stores and what plugins hear must be what reading
the rows back would give: the movement as the ledger shows it, the request
before and after as :func:`get_request` shows them, two events in the chain.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from houqin.core import audit
from houqin.core.errors import Conflict, InvalidInput, NotFound
from houqin.core.stock import ledger
from houqin.core.stock.model import MovementKind, RequestStatus
from houqin.core.stock.requests import get_request

from .helpers import approved, events, issue, on_hand, receive


def _plain(school, record):
    data = school.converter.unstructure(record)
    data.pop("on_hand", None)
    return data


def _latest(school, actor, limit):
    with school.read(actor) as uow:
        return list(reversed(audit.latest_events(uow, limit=limit)))


@pytest.mark.parametrize("parts", [[None], [2, 3], [1, 1, 3]])
def test_an_issue_returns_and_audits_what_reading_back_gives(
    store, houqin_operator, monkeypatch, parts
):
    s = store
    heard = []
    monkeypatch.setattr(s.host.hook, "houqin_on_event", lambda event: heard.append(event))
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 3, "20.00", batch="A")
        receive(uow, "BG001", 4, "21.75", batch="B")
        request_id = approved(uow, "BG001", 5)
    for quantity in parts:
        heard.clear()
        with s.read(houqin_operator) as uow:
            before = get_request(uow, request_id)
        with s.write(houqin_operator) as uow:
            movement = issue(uow, request_id, quantity)
            written = list(uow.events)
        with s.read(houqin_operator) as uow:
            assert movement == ledger.get_movement(uow, movement.id)
            after = get_request(uow, request_id)
        assert movement.kind is MovementKind.ISSUE and movement.request_id == request_id
        assert movement.department == "教务处" and movement.supplier is None
        stored = _latest(s, houqin_operator, 2)
        assert [(e.action, e.object_type, e.object_id) for e in stored] == [
            ("stock.movement.issued", "stock_movement", str(movement.id)),
            ("stock.request.issued", "stock_request", str(request_id)),
        ]
        assert stored[0].before is None
        assert stored[0].after == _plain(s, movement)
        assert stored[1].before == _plain(s, before)
        assert stored[1].after == _plain(s, after)
        # Plugins hear both, with the numbers and contents they have in the log.
        assert heard == written
        assert [(e.seq, e.action, e.before, e.after) for e in heard] == [
            (x.seq, x.action, x.before, x.after) for x in stored
        ]
    assert after.status is RequestStatus.ISSUED and after.issued == 5
    assert after.issued_value == Decimal("60.00") + Decimal("43.50")  # 3 × 20.00 + 2 × 21.75
    events(s, houqin_operator)  # the chain verifies


def test_a_refused_issue_writes_nothing(store, houqin_operator):
    s = store
    with s.write(houqin_operator) as uow:
        receive(uow, "BG001", 2, "20.00")
        too_many = approved(uow, "BG001", 3)
        pending = approved(uow, "BG001", 1)
    before = events(s, houqin_operator)
    with pytest.raises(Conflict, match="not enough"), s.write(houqin_operator) as uow:
        issue(uow, too_many)
    with pytest.raises(InvalidInput), s.write(houqin_operator) as uow:
        issue(uow, pending, 2)
    with pytest.raises(NotFound), s.write(houqin_operator) as uow:
        issue(uow, 999_999)
    assert events(s, houqin_operator) == before
    with s.read(houqin_operator) as uow:
        assert on_hand(uow, "BG001") == 2
        assert get_request(uow, too_many).issued == 0


def test_the_date_of_an_issue_is_the_schools(store, houqin_operator):
    # The time zone is read with the request; a stored one is used like the default.
    from houqin.core.settings import set_setting
    from houqin.core.stock.service import today

    s = store
    with s.write(houqin_operator) as uow:
        set_setting(uow, "school.timezone", "Pacific/Kiritimati")
        receive(uow, "BG001", 1, "20.00")
        request_id = approved(uow, "BG001", 1)
    with s.write(houqin_operator) as uow:
        movement = issue(uow, request_id)
        assert movement.occurred_on == today(uow)
