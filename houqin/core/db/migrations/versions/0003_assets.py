"""fixed-asset register: categories (seeded with GB/T 14885-2022 classes) and assets

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STANDARD = "GB/T 14885-2022"
HOUQIN = "houqin"
TABLE = "政府会计准则第3号——固定资产 应用指南（财会〔2017〕4号）附：政府固定资产折旧年限表"
NOT_DEPRECIATED = (
    "政府会计准则第3号——固定资产：文物和陈列品、动植物、图书和档案、单独计价入账的土地不计提折旧"
)

# (code, name, parent code, depreciates, useful life in months, source of the life, origin)
#
# Codes are GB/T 14885-2022's: a letter and four pairs of digits (门类, 大类, 中类, 小类),
# trailing 00 pairs marking the level; the government procurement catalogue of 2022 uses
# the same codes. Those marked "seen" were read in a public copy of that catalogue; the
# others follow its structure and were not checked against the standard's text
# (unverified). The HQ codes are houqin's own, for classes schools keep that we could not
# place in the standard: a school re-files them under the codes its finance ledger uses.
CATEGORIES = [
    ("A01000000", "房屋和构筑物", None, True, None, "", STANDARD),  # seen (门类)
    (
        "A01010000",  # unverified
        "房屋",
        "A01000000",
        True,
        600,
        f"{TABLE}：房屋及构筑物—业务及管理用房 钢结构、钢筋混凝土结构 不低于50年"
        "（砖混结构、砖木结构 不低于30年，简易房 不低于8年：请按结构设子类）",
        STANDARD,
    ),
    (
        "A01020000",  # unverified
        "构筑物",
        "A01000000",
        True,
        96,
        f"{TABLE}：房屋及构筑物—构筑物 不低于8年",
        STANDARD,
    ),
    ("A01030000", "土地", "A01000000", False, None, NOT_DEPRECIATED, STANDARD),  # unverified
    ("A02000000", "设备", None, True, None, "", STANDARD),  # seen (门类)
    (
        "A02010000",
        "信息化设备",
        "A02000000",
        True,
        72,
        f"{TABLE}：通用设备—计算机设备 不低于6年",
        STANDARD,
    ),  # unverified name
    (
        "A02010100",
        "计算机",
        "A02010000",
        True,
        72,
        f"{TABLE}：通用设备—计算机设备 不低于6年",
        STANDARD,
    ),  # unverified name
    (
        "A02010104",
        "服务器",
        "A02010100",
        True,
        72,
        f"{TABLE}：通用设备—计算机设备 不低于6年",
        STANDARD,
    ),  # seen
    (
        "A02010105",
        "台式计算机",
        "A02010100",
        True,
        72,
        f"{TABLE}：通用设备—计算机设备 不低于6年",
        STANDARD,
    ),  # seen
    (
        "A02010108",
        "便携式计算机",
        "A02010100",
        True,
        72,
        f"{TABLE}：通用设备—计算机设备 不低于6年",
        STANDARD,
    ),  # seen
    (
        "A02010200",
        "网络设备",
        "A02010000",
        True,
        72,
        f"{TABLE}：通用设备—计算机设备 不低于6年",
        STANDARD,
    ),  # seen
    (
        "A02020000",
        "办公设备",
        "A02000000",
        True,
        72,
        f"{TABLE}：通用设备—办公设备 不低于6年",
        STANDARD,
    ),  # unverified name
    (
        "A02020100",
        "复印机",
        "A02020000",
        True,
        72,
        f"{TABLE}：通用设备—办公设备 不低于6年",
        STANDARD,
    ),  # seen
    (
        "A02020200",
        "投影仪",
        "A02020000",
        True,
        72,
        f"{TABLE}：通用设备—办公设备 不低于6年",
        STANDARD,
    ),  # seen
    (
        "A02021000",
        "打印机",
        "A02020000",
        True,
        72,
        f"{TABLE}：通用设备—办公设备 不低于6年",
        STANDARD,
    ),  # seen
    (
        "A02030000",
        "车辆",
        "A02000000",
        True,
        96,
        f"{TABLE}：通用设备—车辆 不低于8年",
        STANDARD,
    ),  # unverified name
    (
        "A02030500",
        "乘用车",
        "A02030000",
        True,
        96,
        f"{TABLE}：通用设备—车辆 不低于8年",
        STANDARD,
    ),  # seen
    (
        "A02060000",
        "电气设备",
        "A02000000",
        True,
        60,
        f"{TABLE}：通用设备—电气设备 不低于5年",
        STANDARD,
    ),  # unverified name
    (
        "A02061804",
        "空调机",
        "A02060000",
        True,
        60,
        f"{TABLE}：通用设备—电气设备 不低于5年",
        STANDARD,
    ),  # seen
    (
        "A02080000",
        "通信设备",
        "A02000000",
        True,
        60,
        f"{TABLE}：通用设备—通信设备 不低于5年",
        STANDARD,
    ),  # unverified
    (
        "A02090000",
        "广播、电视、电影设备",
        "A02000000",
        True,
        60,
        f"{TABLE}：通用设备—广播、电视、电影设备 不低于5年",
        STANDARD,
    ),  # unverified
    (
        "A02100000",
        "仪器仪表",
        "A02000000",
        True,
        60,
        f"{TABLE}：通用设备—仪器仪表 不低于5年",
        STANDARD,
    ),  # seen
    (
        "HQ01",
        "教学仪器",
        "A02000000",
        True,
        60,
        f"{TABLE}：专用设备—专用仪器仪表 5～10年（取下限）",
        HOUQIN,
    ),
    (
        "HQ02",
        "文体设备",
        "A02000000",
        True,
        60,
        f"{TABLE}：专用设备—文艺设备、体育设备 5～15年（取下限）",
        HOUQIN,
    ),
    (
        "HQ03",
        "食堂炊事设备",
        "A02000000",
        True,
        120,
        f"{TABLE}：专用设备—食品加工专用设备 10～15年（取下限）",
        HOUQIN,
    ),
    (
        "HQ04",
        "医疗设备",
        "A02000000",
        True,
        60,
        f"{TABLE}：专用设备—医疗设备 5～10年（取下限）",
        HOUQIN,
    ),
    ("A03000000", "文物和陈列品", None, False, None, NOT_DEPRECIATED, STANDARD),  # seen (门类)
    ("A04000000", "图书和档案", None, False, None, NOT_DEPRECIATED, STANDARD),  # seen (门类)
    ("A05000000", "家具和用具", None, True, None, "", STANDARD),  # seen (门类)
    (
        "A05010000",
        "家具",
        "A05000000",
        True,
        180,
        f"{TABLE}：家具、用具及装具—家具 不低于15年",
        STANDARD,
    ),  # seen
    (
        "A05020000",
        "用具",
        "A05000000",
        True,
        60,
        f"{TABLE}：家具、用具及装具—用具、装具 不低于5年",
        STANDARD,
    ),  # unverified
    (
        "A05030000",
        "被服装具",
        "A05000000",
        True,
        60,
        f"{TABLE}：家具、用具及装具—用具、装具 不低于5年",
        STANDARD,
    ),  # unverified name
    ("A06000000", "特种动植物", None, False, None, NOT_DEPRECIATED, STANDARD),  # seen (门类)
    (
        "A07000000",
        "物资",
        None,
        False,
        None,
        "物资是存货，不是固定资产，不计提折旧",
        STANDARD,
    ),  # seen (门类)
]


def upgrade() -> None:
    category = op.create_table(
        "asset_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("depreciable", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("useful_life_months", sa.Integer(), nullable=True),
        sa.Column("life_source", sa.String(length=300), server_default="", nullable=False),
        sa.Column("origin", sa.String(length=40), server_default="", nullable=False),
        sa.CheckConstraint("useful_life_months > 0", name=op.f("ck_asset_category_life_positive")),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["asset_category.id"],
            name=op.f("fk_asset_category_parent_id_asset_category"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset_category")),
        sa.UniqueConstraint("code", name=op.f("uq_asset_category_code")),
    )
    with op.batch_alter_table("asset_category", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_asset_category_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_asset_category_parent_id"), ["parent_id"], unique=False
        )

    op.create_table(
        "asset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("spec", sa.String(length=200), server_default="", nullable=False),
        sa.Column("unit", sa.String(length=10), server_default="", nullable=False),
        sa.Column("quantity", sa.Integer(), server_default="1", nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("acquired_by", sa.String(length=20), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=False),
        sa.Column("funding", sa.String(length=60), server_default="", nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("custodian_id", sa.Integer(), nullable=True),
        sa.Column("campus_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.String(length=500), server_default="", nullable=False),
        sa.Column("accumulated_depreciation", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("depreciation_as_of", sa.Date(), nullable=True),
        sa.Column("custom", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "accumulated_depreciation IS NULL OR (accumulated_depreciation >= 0 AND "
            "accumulated_depreciation <= value AND depreciation_as_of IS NOT NULL)",
            name=op.f("ck_asset_accumulated_within_value"),
        ),
        sa.CheckConstraint(
            "unit_price >= 0 AND value >= 0", name=op.f("ck_asset_amounts_not_negative")
        ),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_asset_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["building_id"], ["building.id"], name=op.f("fk_asset_building_id_building")
        ),
        sa.ForeignKeyConstraint(
            ["campus_id"], ["campus.id"], name=op.f("fk_asset_campus_id_campus")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["asset_category.id"],
            name=op.f("fk_asset_category_id_asset_category"),
        ),
        sa.ForeignKeyConstraint(
            ["custodian_id"], ["person.id"], name=op.f("fk_asset_custodian_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_asset_department_id_department")
        ),
        sa.ForeignKeyConstraint(["room_id"], ["room.id"], name=op.f("fk_asset_room_id_room")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_asset")),
        sa.UniqueConstraint("number", name=op.f("uq_asset_number")),
    )
    with op.batch_alter_table("asset", schema=None) as batch_op:
        for column in (
            "acquired_on",
            "building_id",
            "campus_id",
            "category_id",
            "custodian_id",
            "department_id",
            "room_id",
            "status",
        ):
            batch_op.create_index(batch_op.f(f"ix_asset_{column}"), [column], unique=False)

    op.bulk_insert(
        category,
        [
            {
                "code": code,
                "name": name,
                "parent_id": None,
                "depreciable": depreciable,
                "useful_life_months": life,
                "life_source": source,
                "origin": origin,
            }
            for code, name, _parent, depreciable, life, source, origin in CATEGORIES
        ],
    )
    # Ids are the database's own, so parents are linked by code once every row is in.
    children: dict[str, list[str]] = {}
    for code, _name, parent, *_rest in CATEGORIES:
        if parent is not None:
            children.setdefault(parent, []).append(code)
    table = sa.table("asset_category", sa.column("id"), sa.column("code"), sa.column("parent_id"))
    parent_row = table.alias("parent_row")
    for parent, codes in children.items():
        op.execute(
            table.update()
            .where(table.c.code.in_(codes))
            .values(
                parent_id=sa.select(parent_row.c.id)
                .where(parent_row.c.code == parent)
                .scalar_subquery()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("asset", schema=None) as batch_op:
        for column in (
            "status",
            "room_id",
            "department_id",
            "custodian_id",
            "category_id",
            "campus_id",
            "building_id",
            "acquired_on",
        ):
            batch_op.drop_index(batch_op.f(f"ix_asset_{column}"))
    op.drop_table("asset")
    with op.batch_alter_table("asset_category", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_asset_category_parent_id"))
        batch_op.drop_index(batch_op.f("ix_asset_category_name"))
    op.drop_table("asset_category")
