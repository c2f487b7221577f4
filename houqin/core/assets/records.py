"""Register lines as records: the query that reads them, and the record of a written line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from houqin.core.assets import tables as t
from houqin.core.assets.model import AcquiredBy, Asset, AssetStatus, CustomFields
from houqin.core.db.rows import reader
from houqin.core.org import tables as o

_custodian = o.person.alias("custodian")
ASSET_QUERY = (
    sa.select(
        t.asset,
        t.asset_category.c.code.label("category"),
        t.asset_category.c.name.label("category_name"),
        o.department.c.name.label("department"),
        _custodian.c.name.label("custodian"),
        _custodian.c.staff_no.label("custodian_no"),
        o.campus.c.name.label("campus"),
        o.building.c.name.label("building"),
        o.room.c.name.label("room"),
        o.school_class.c.name.label("school_class"),
    )
    .join(t.asset_category, t.asset_category.c.id == t.asset.c.category_id)
    .outerjoin(o.department, o.department.c.id == t.asset.c.department_id)
    .outerjoin(_custodian, _custodian.c.id == t.asset.c.custodian_id)
    .outerjoin(o.campus, o.campus.c.id == t.asset.c.campus_id)
    .outerjoin(o.building, o.building.c.id == t.asset.c.building_id)
    .outerjoin(o.room, o.room.c.id == t.asset.c.room_id)
    .outerjoin(o.school_class, o.school_class.c.id == t.asset.c.school_class_id)
)


asset_from_row = reader(Asset, {"custom": CustomFields.of})
"""The record of a row of :data:`ASSET_QUERY` (its labels are the record's field names)."""


def record_of(
    asset_id: int,
    values: Mapping[str, Any],
    names: Mapping[str, Any],
    created_at: Any,
    before: Asset | None = None,
) -> Asset:
    """The record a written line reads back as, built without reading it back.

    A line never changes what the life cycle keeps (class, disposal date):
    those are taken from ``before``, the asset the line changes.
    """
    return Asset(
        id=asset_id,
        number=values["number"],
        name=values["name"],
        category_id=values["category_id"],
        category=names["category"],
        category_name=names["category_name"],
        spec=values["spec"],
        unit=values["unit"],
        quantity=values["quantity"],
        unit_price=values["unit_price"],
        value=values["value"],
        acquired_by=AcquiredBy(values["acquired_by"]),
        acquired_on=values["acquired_on"],
        funding=values["funding"],
        department_id=values["department_id"],
        department=names["department"],
        custodian_id=values["custodian_id"],
        custodian=names["custodian"],
        custodian_no=names["custodian_no"],
        campus_id=values["campus_id"],
        campus=names["campus"],
        building_id=values["building_id"],
        building=names["building"],
        room_id=values["room_id"],
        room=names["room"],
        status=AssetStatus(values["status"]),
        notes=values["notes"],
        accumulated_depreciation=values["accumulated_depreciation"],
        depreciation_as_of=values["depreciation_as_of"],
        custom=CustomFields.of(values["custom"]),
        created_at=created_at,
        school_class_id=before.school_class_id if before else None,
        school_class=before.school_class if before else None,
        disposed_on=before.disposed_on if before else None,
    )


def column_value(record: Asset, column: str) -> Any:
    """A record's attribute as the table stores it."""
    value = getattr(record, column)
    if isinstance(value, CustomFields):
        return value.as_dict() or None
    if isinstance(value, AcquiredBy | AssetStatus):
        return value.value
    return value
