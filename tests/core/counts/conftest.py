"""A school with assets in rooms, and one with a store, to count."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from houqin.core.assets.service import register_assets
from houqin.core.counts.model import CountInput, ScanInput
from tests.core.assets.conftest import asset, school  # noqa: F401  (the fixture is used here)
from tests.core.stock.conftest import store  # noqa: F401
from tests.core.stock.helpers import receive

ROOM_101 = "本部 教学楼 101"
ROOM_102 = "本部 教学楼 102"


@pytest.fixture
def register(school: Any, houqin_operator: Any) -> Any:  # noqa: F811
    """Five assets: ZC-0001…0003 in 本部 教学楼 101, ZC-0004 in 102, ZC-0005 in 东校区."""
    with school.write(houqin_operator) as uow:
        register_assets(
            uow,
            [
                asset(number="ZC-0001"),
                asset(number="ZC-0002", unit_price=Decimal("1200.00")),
                asset(number="ZC-0003", unit_price=Decimal("300.00")),
                asset(number="ZC-0004", room="102"),
                asset(number="ZC-0005", campus="东校区"),
            ],
        )
    return school


@pytest.fixture
def stocked(store: Any, houqin_operator: Any) -> Any:  # noqa: F811
    """总务仓库 holds 20 packs of A4 paper at 25.00 and 10 boxes of chalk at 3.50."""
    with store.write(houqin_operator) as uow:
        receive(uow, "BG001", 20, "25.00")
        receive(uow, "JX001", 10, "3.50")
    return store


def count_of(title: str = "期末清点", **scope: Any) -> CountInput:
    values: dict[str, Any] = {"title": title, "purpose": "term_end", **scope}
    if "kind" not in values:
        values["kind"] = "assets"
    from houqin.core.counts.model import CountKind, CountPurpose

    values["kind"] = CountKind(values["kind"])
    values["purpose"] = CountPurpose(values["purpose"])
    return CountInput(**values)


def scanned(code: str, room: str | None = ROOM_101, **more: Any) -> ScanInput:
    return ScanInput(code=code, room=room, **more)
