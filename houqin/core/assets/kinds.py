"""The asset area's object kinds: what every frontend lists, shows and edits (校产)."""

from __future__ import annotations

import sqlalchemy as sa

from houqin.core.assets import categories as cat
from houqin.core.assets import model
from houqin.core.assets import service as svc
from houqin.core.assets import tables as t
from houqin.core.assets.lines import AUDIT_TYPE
from houqin.core.assets.plugin import MANAGE, VIEW
from houqin.core.choices import label_of
from houqin.core.i18n import N_, Text
from houqin.core.kinds import Area, ListColumn, ListFilter, ObjectKind
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork

AREA = Area("assets", N_("Assets"), order=10)


def _categories(uow: UnitOfWork) -> list[tuple[str, Text]]:
    rows = uow.conn.execute(
        sa.select(t.asset_category.c.code, t.asset_category.c.name).order_by(
            t.asset_category.c.code
        )
    )
    return [(code, f"{code} {name}") for code, name in rows]


def _departments(uow: UnitOfWork) -> list[tuple[str, Text]]:
    rows = uow.conn.execute(sa.select(o.department.c.name).order_by(o.department.c.name))
    return [(name, name) for (name,) in rows]


def _campuses(uow: UnitOfWork) -> list[tuple[str, Text]]:
    rows = uow.conn.execute(sa.select(o.campus.c.name).order_by(o.campus.c.name))
    return [(name, name) for (name,) in rows]


def _statuses(_uow: UnitOfWork) -> list[tuple[str, Text]]:
    return [(status.value, label_of(status)) for status in model.AssetStatus]


KINDS: tuple[ObjectKind, ...] = (
    ObjectKind(
        "assets",
        "assets",
        N_("asset"),
        N_("Asset register"),
        model.AssetInput,
        svc.create_asset,
        svc.update_asset,
        svc.delete_asset,
        svc.get_asset,
        svc.list_assets,
        VIEW,
        MANAGE,
        filters=(
            ListFilter("category", N_("Category"), _categories),
            ListFilter("department", N_("Department"), _departments),
            ListFilter("campus", N_("Campus"), _campuses),
            ListFilter("building", N_("Building")),
            ListFilter("room", N_("Room")),
            ListFilter("status", N_("Status"), _statuses),
            ListFilter("custodian", N_("Custodian")),
            ListFilter("acquired_from", N_("Acquired from")),
            ListFilter("acquired_to", N_("Acquired up to")),
        ),
        title=lambda asset: f"{asset.number} {asset.name}",
        extra_columns=(ListColumn("category_name", N_("Category name")),),
        audit_type=AUDIT_TYPE,
    ),
    ObjectKind(
        "asset_categories",
        "assets",
        N_("asset category"),
        N_("Asset categories"),
        model.CategoryInput,
        cat.create_category,
        cat.update_category,
        cat.delete_category,
        cat.get_category,
        cat.list_categories,
        VIEW,
        MANAGE,
        title=lambda category: f"{category.code} {category.name}",
        extra_columns=(ListColumn("origin", N_("From")),),
        audit_type=cat.AUDIT_TYPE,
    ),
)
