"""A small school to register assets in: two campuses, their rooms, offices and staff."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from houqin.core.assets.model import AssetInput
from houqin.core.commands import structure_command
from houqin.core.org import model, service


def org_command(school: Any, cls: type[Any], **data: Any) -> Any:
    return structure_command(school.converter, cls, data)


@pytest.fixture
def school(houqin_school: Any, houqin_operator: Any) -> Any:
    """本部 (教学楼 101, 102; 行政楼 总务处) and 东校区 (教学楼 101), three offices, four staff."""
    s = houqin_school
    with s.write(houqin_operator) as uow:
        for campus in ("本部", "东校区"):
            service.create_campus(uow, org_command(s, model.CampusInput, name=campus))
        for campus, building, rooms in (
            ("本部", "教学楼", ("101", "102")),
            ("本部", "行政楼", ("总务处", "仓库")),
            ("东校区", "教学楼", ("101",)),
        ):
            service.create_building(
                uow, org_command(s, model.BuildingInput, campus=campus, name=building)
            )
            for room in rooms:
                service.create_room(
                    uow,
                    org_command(s, model.RoomInput, campus=campus, building=building, name=room),
                )
        for name in ("总务处", "教务处", "信息中心"):
            service.create_department(uow, org_command(s, model.DepartmentInput, name=name))
        for name, staff_no, department in (
            ("张伟", "1001", "总务处"),
            ("李娜", "1002", "教务处"),
            ("王芳", "1003", "信息中心"),
            ("王芳", "1004", "教务处"),  # two people share a name
        ):
            service.create_person(
                uow,
                org_command(
                    s, model.PersonInput, name=name, staff_no=staff_no, department=department
                ),
            )
    return s


def asset(**given: Any) -> AssetInput:
    """A desktop computer in 本部 教学楼 101, changed by ``given``."""
    values: dict[str, Any] = {
        "number": "ZC-0001",
        "name": "台式计算机",
        "category": "A02010105",
        "spec": "i5/16G",
        "unit": "台",
        "quantity": 1,
        "unit_price": Decimal("4800.00"),
        "acquired_on": date(2023, 9, 1),
        "department": "信息中心",
        "custodian": "1003",
        "campus": "本部",
        "building": "教学楼",
        "room": "101",
    }
    values.update(given)
    return AssetInput(**values)


@pytest.fixture
def classes(school: Any, houqin_operator: Any) -> Any:
    """Two classes: 三年级2班 in 本部 教学楼 102 (head teacher 李娜), 一年级1班 without a room."""
    with school.write(houqin_operator) as uow:
        service.create_class(
            uow,
            org_command(
                school,
                model.ClassInput,
                campus="本部",
                name="三年级2班",
                head_teacher="1002",
                building="教学楼",
                room="102",
            ),
        )
        service.create_class(
            uow, org_command(school, model.ClassInput, campus="本部", name="一年级1班")
        )
    return school
