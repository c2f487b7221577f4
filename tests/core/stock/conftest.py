"""A small school with a store: two campuses, departments, suppliers, two stores, items."""

from __future__ import annotations

import pytest

from houqin.core.org import model as om
from houqin.core.org import service as org
from houqin.core.stock import service as svc
from houqin.core.stock.model import ItemInput, StoreInput, SupplierInput


@pytest.fixture
def store(houqin_school, houqin_operator):
    """总务仓库 on 本部 and 东区仓库 on 东校区; A4复印纸 (BG001) and 粉笔 (JX001)."""
    s = houqin_school
    with s.write(houqin_operator) as uow:
        for campus in ("本部", "东校区"):
            org.create_campus(uow, om.CampusInput(campus))
        for department in ("教务处", "总务处"):
            org.create_department(uow, om.DepartmentInput(department))
        svc.create_supplier(uow, SupplierInput("城南文具", "周经理", "13800000000"))
        svc.create_store(uow, StoreInput("总务仓库", campus="本部"))
        svc.create_store(uow, StoreInput("东区仓库", campus="东校区"))
        svc.create_item(
            uow,
            ItemInput("A4复印纸", "包", "办公用品", "70g", "BG001", 10, 30, supplier="城南文具"),
        )
        svc.create_item(
            uow, ItemInput("粉笔", "盒", "教学耗材", code="JX001", minimum=5, target=20)
        )
    return s
