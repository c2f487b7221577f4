"""An object's page links to the lists that belong to it: an asset's movements."""

from __future__ import annotations

from houqin.core.assets.movement_model import LendInput
from houqin.core.assets.movements import lend_asset
from tests.web.conftest import Site, text
from tests.web.test_kind_actions import _assets


def test_an_assets_page_links_to_its_own_movements(site: Site) -> None:
    first, second = _assets(site)
    with site.school.write(site.operator) as uow:
        lend_asset(uow, first, LendInput(borrower="张伟"))
        lend_asset(uow, second, LendInput(borrower="张伟"))
    client = site.client_for("head")
    page = text(client.get(f"/assets/assets/{first}"))
    link = page.split('data-related="asset_movements" href="')[1].split('"')[0]
    assert link == "/assets/asset_movements/?number=ZC-0001"
    movements = text(client.get(link))
    assert "ZC-0001" in movements and "ZC-0002" not in movements
    assert "1 in all" in movements


def test_no_link_to_a_list_the_user_may_not_see(site: Site) -> None:
    (first, _second) = _assets(site)
    site.add_user("keeper", "storekeeper")
    page = text(site.client_for("teacher").get(f"/org/rooms/{site.room_id}"))
    assert "data-related" not in page  # rooms declare no related list
    teacher_view = text(site.client_for("teacher").get(f"/assets/assets/{first}"))
    assert 'data-related="asset_movements"' in teacher_view  # teachers see the register
