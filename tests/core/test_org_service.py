from decimal import Decimal

import pytest

from houqin.core import audit
from houqin.core.commands import structure_command
from houqin.core.errors import Conflict, InvalidInput
from houqin.core.org import model, service


def _cmd(school, cls, **data):
    return structure_command(school.converter, cls, data)


def test_rooms_are_created_listed_and_audited(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="东校区", name="教学楼"))
        room = service.create_room(
            uow,
            _cmd(
                s, model.RoomInput, campus="东校区", building="教学楼", name="101", area="1,234.50"
            ),
        )
    assert room.area == Decimal("1234.50")
    assert room.kind is model.RoomKind.CLASSROOM
    with s.read(houqin_operator) as uow:
        page = service.list_rooms(uow, campus="东校区", with_total=True)
        report = audit.verify_chain(uow.conn)
    assert [r.name for r in page.items] == ["101"]
    assert page.total == 1
    assert report.ok and report.events == 3


def test_duplicate_room_is_refused_and_nothing_is_written(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="东校区", name="教学楼"))
        service.create_room(
            uow, _cmd(s, model.RoomInput, campus="东校区", building="教学楼", name="101")
        )
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        service.create_room(
            uow, _cmd(s, model.RoomInput, campus="东校区", building="教学楼", name="102")
        )
        service.create_room(
            uow, _cmd(s, model.RoomInput, campus="东校区", building="教学楼", name="101")
        )
    assert caught.value.errors[0].field == "name"
    with s.read(houqin_operator) as uow:
        assert [r.name for r in service.list_rooms(uow).items] == ["101"]


def test_campus_in_use_cannot_be_removed(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        campus = service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        service.create_building(uow, _cmd(s, model.BuildingInput, campus="东校区", name="教学楼"))
    with pytest.raises(Conflict), s.write(houqin_operator) as uow:
        service.delete_campus(uow, campus.id)


def test_dry_run_applies_rules_then_keeps_nothing(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator, dry_run=True) as uow:
        campus = service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        assert campus.name == "东校区"
    with s.read(houqin_operator) as uow:
        assert service.list_campuses(uow).items == []
