"""Asset categories: the GB/T 14885-2022 classes, the school's own and the modules'.

The standard classes a school uses most are stored by the migration, each
with the useful life the government accounting table gives it and the text
of that rule (政府会计准则第3号——固定资产 应用指南, 折旧年限表). A school
changes a life, adds its own sub-categories, and modules declare theirs
through ``houqin_asset_categories``. A new category takes its parent's
"depreciates" flag and useful life unless it says otherwise, and only a
depreciating class can hold depreciating sub-categories.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.model import Category, CategoryInput
from houqin.core.assets.plugin import MANAGE, VIEW
from houqin.core.errors import Conflict, InvalidInput, NotFound, PluginError
from houqin.core.i18n import DEFAULT_LANGUAGE, N_, Text, render
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.uow import UnitOfWork

SCHOOL_ORIGIN = "school"
AUDIT_TYPE = "asset_category"


@attrs.frozen
class AssetCategorySpec:
    """A category a module declares (see ``houqin_asset_categories``).

    ``depreciable`` and ``useful_life_months`` left as ``None`` are taken
    from the parent; ``source`` names the rule the useful life comes from.
    """

    code: str
    name: Text
    parent: str | None = None
    depreciable: bool | None = None
    useful_life_months: int | None = None
    source: Text = ""
    exchange_required: bool | None = None


# Reading --------------------------------------------------------------------------------

_parent = t.asset_category.alias("parent")
_category_q = sa.select(
    t.asset_category.c.id,
    t.asset_category.c.code,
    t.asset_category.c.name,
    _parent.c.code.label("parent"),
    _parent.c.name.label("parent_name"),
    t.asset_category.c.depreciable,
    t.asset_category.c.useful_life_months,
    t.asset_category.c.life_source,
    t.asset_category.c.origin,
    t.asset_category.c.exchange_required,
).outerjoin(_parent, _parent.c.id == t.asset_category.c.parent_id)


def _category(row: Any) -> Category:
    return Category(
        row["id"],
        row["code"],
        row["name"],
        row["parent"],
        row["parent_name"],
        bool(row["depreciable"]),
        row["useful_life_months"],
        row["life_source"],
        row["origin"],
        bool(row["exchange_required"]),
    )


def get_category(uow: UnitOfWork, object_id: int) -> Category:
    _require_view(uow)
    row = uow.conn.execute(_category_q.where(t.asset_category.c.id == object_id)).mappings().first()
    if row is None:
        raise NotFound(N_("asset category {id} does not exist", id=object_id))
    return _category(row)


def _require_view(uow: UnitOfWork) -> None:
    """Categories are the school's common vocabulary: seeing any assets is enough."""
    if uow.actor.scope(VIEW).nothing:
        require(uow.actor, VIEW, label=uow.school.access.label(VIEW))


def list_categories(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    parent: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Category]:
    """The stored categories by code; ``parent`` (a code) keeps those directly under it."""
    _require_view(uow)
    query = _category_q
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(t.asset_category.c.code.ilike(pattern), t.asset_category.c.name.ilike(pattern))
        )
    if parent:
        query = query.where(_parent.c.code == parent)
    return fetch_page(
        uow.conn,
        query,
        [t.asset_category.c.code],
        _category,
        after=after,
        limit=limit,
        with_total=with_total,
    )


@attrs.frozen
class CategoryInfo:
    """What the register needs to know of one category, from :class:`CategoryIndex`."""

    id: int
    code: str
    name: str
    parent_id: int | None
    depreciable: bool
    useful_life_months: int | None
    exchange_required: bool = False

    @property
    def life_in_force(self) -> int | None:
        """The months over which its assets depreciate; None when they do not."""
        return self.useful_life_months if self.depreciable else None


class CategoryIndex:
    """Every stored category in memory, found by id, code or name (the table is small)."""

    def __init__(self, rows: Iterable[CategoryInfo]) -> None:
        self.by_id: dict[int, CategoryInfo] = {}
        self.by_code: dict[str, CategoryInfo] = {}
        self.by_name: dict[str, list[CategoryInfo]] = {}
        for info in rows:
            self.add(info)

    @classmethod
    def load(cls, uow: UnitOfWork) -> CategoryIndex:
        c = t.asset_category.c
        rows = uow.conn.execute(
            sa.select(
                c.id,
                c.code,
                c.name,
                c.parent_id,
                c.depreciable,
                c.useful_life_months,
                c.exchange_required,
            )
        )
        return cls(
            CategoryInfo(
                r.id,
                r.code,
                r.name,
                r.parent_id,
                bool(r.depreciable),
                r.useful_life_months,
                bool(r.exchange_required),
            )
            for r in rows
        )

    def add(self, info: CategoryInfo) -> None:
        self.by_id[info.id] = info
        self.by_code[info.code] = info
        self.by_name.setdefault(info.name, []).append(info)

    def find(self, key: str) -> CategoryInfo | Text:
        """The category with code ``key``, else the one named ``key``; a refusal otherwise."""
        found = self.by_code.get(key)
        if found is not None:
            return found
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0]
        if named:
            return N_(
                "more than one category is called {name}: give the code ({codes})",
                name=key,
                codes=", ".join(sorted(i.code for i in named)),
            )
        return N_("there is no asset category with the code or name {key}", key=key)

    def nearest_parent(self, code: str) -> CategoryInfo | None:
        """The stored class a new GB/T 14885-2022 code belongs under, by its code's levels.

        Codes are a letter and four pairs of digits, trailing ``00`` pairs
        marking the level: A02100301 belongs under A02100300, else A02100000,
        else A02000000.
        """
        if not _GB_CODE.match(code):
            return None
        digits = code[1:]
        for level in (3, 2, 1):
            candidate = code[0] + digits[: level * 2] + "0" * (8 - level * 2)
            if candidate != code and candidate in self.by_code:
                return self.by_code[candidate]
        return None

    def descendants(self, root: int) -> set[int]:
        """``root`` and every category below it."""
        children: dict[int | None, list[int]] = {}
        for info in self.by_id.values():
            children.setdefault(info.parent_id, []).append(info.id)
        found = {root}
        stack = [root]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


_GB_CODE = re.compile(r"^[A-Z]\d{8}$")


# Declared by modules --------------------------------------------------------------------


def store_declared_categories(uow: UnitOfWork) -> int:
    """Store the categories enabled modules declare and the school does not have yet.

    Parents come before their children; returns how many were stored. A
    declared parent that is neither stored nor declared is the module's
    mistake and is refused naming it.
    """
    host = uow.school.host
    host.collect("houqin_asset_categories", key=lambda spec: spec.code)  # refuses duplicates
    by_plugin: dict[str, list[AssetCategorySpec]] = host.contributions_by_plugin(
        "houqin_asset_categories"
    )
    if not by_plugin:
        return 0
    index = CategoryIndex.load(uow)
    pending = [
        (plugin, spec)
        for plugin, specs in by_plugin.items()
        for spec in specs
        if spec.code not in index.by_code
    ]
    stored = 0
    while pending:
        waiting = []
        for plugin, spec in pending:
            parent = index.by_code.get(spec.parent) if spec.parent else None
            if spec.parent and parent is None:
                waiting.append((plugin, spec))
                continue
            cmd = CategoryInput(
                code=spec.code,
                name=render(spec.name, DEFAULT_LANGUAGE),
                parent=spec.parent,
                depreciable=spec.depreciable,
                useful_life_months=spec.useful_life_months,
                life_source=render(spec.source, DEFAULT_LANGUAGE),
                exchange_required=spec.exchange_required,
            )
            values = _category_values(uow, index, cmd, None)
            record = _insert_category(uow, {**values, "origin": plugin})
            index.add(_info(record, values))
            stored += 1
        if len(waiting) == len(pending):
            plugin, spec = waiting[0]
            raise PluginError(
                N_(
                    "module {plugin} declares the asset category {code} under {parent}, "
                    "which no one declares",
                    plugin=plugin,
                    code=spec.code,
                    parent=spec.parent,
                )
            )
        pending = waiting
    return stored


def _info(record: Category, values: Mapping[str, Any]) -> CategoryInfo:
    return CategoryInfo(
        record.id,
        record.code,
        record.name,
        values["parent_id"],
        record.depreciable,
        record.useful_life_months,
        record.exchange_required,
    )


# Writing --------------------------------------------------------------------------------


def _category_values(
    uow: UnitOfWork, index: CategoryIndex, cmd: CategoryInput, exclude: int | None
) -> dict[str, Any]:
    taken = index.by_code.get(cmd.code)
    if taken is not None and taken.id != exclude:
        raise InvalidInput.single(
            "code",
            N_("the category {code} already exists ({name})", code=cmd.code, name=taken.name),
        )
    parent = None
    if cmd.parent:
        parent = index.by_code.get(cmd.parent)
        if parent is None:
            raise InvalidInput.single(
                "parent", N_("there is no asset category with the code {code}", code=cmd.parent)
            )
        if exclude is not None and parent.id in index.descendants(exclude):
            raise InvalidInput.single(
                "parent", N_("a category cannot sit under itself or one of its sub-categories")
            )
    depreciable = cmd.depreciable
    if depreciable is None:
        depreciable = parent.depreciable if parent is not None else True
    if depreciable and parent is not None and not parent.depreciable:
        raise InvalidInput.single(
            "depreciable",
            N_("{parent} does not depreciate, so nothing under it can", parent=parent.name),
        )
    if not depreciable and exclude is not None:
        # Depreciating sub-categories under a class that no longer does would be a contradiction.
        moving = [
            index.by_id[i].name
            for i in index.descendants(exclude) - {exclude}
            if index.by_id[i].depreciable
        ]
        if moving:
            raise InvalidInput.single(
                "depreciable",
                N_(
                    "these sub-categories still depreciate; change them first: {names}",
                    names="、".join(sorted(moving)),
                ),
            )
    life = cmd.useful_life_months
    source = cmd.life_source
    if life is None and depreciable and parent is not None:
        life = parent.useful_life_months
        source = source or _parent_source(uow, parent.id)
    exchange = cmd.exchange_required
    if exchange is None:
        exchange = parent.exchange_required if parent is not None else False
    return {
        "code": cmd.code,
        "name": cmd.name,
        "parent_id": parent.id if parent is not None else None,
        "depreciable": depreciable,
        "useful_life_months": life if depreciable else None,
        "life_source": source,
        "exchange_required": exchange,
    }


def _parent_source(uow: UnitOfWork, parent_id: int) -> str:
    found = uow.conn.execute(
        sa.select(t.asset_category.c.life_source).where(t.asset_category.c.id == parent_id)
    ).scalar()
    return str(found or "")


def _insert_category(uow: UnitOfWork, values: Mapping[str, Any]) -> Category:
    try:
        new_id = uow.conn.execute(t.asset_category.insert().values(**values)).inserted_primary_key
    except sa.exc.IntegrityError as exc:
        raise Conflict(N_("the category {code} already exists", code=values["code"])) from exc
    assert new_id is not None
    record = get_category(uow, int(new_id[0]))
    _audit(uow, "assets.category.created", record)
    return record


def _audit(
    uow: UnitOfWork, action: str, obj: Category | None, before: Category | None = None
) -> None:
    conv = uow.school.converter
    target = obj if obj is not None else before
    assert target is not None
    uow.record(
        action,
        AUDIT_TYPE,
        target.id,
        before=conv.unstructure(before) if before is not None else None,
        after=conv.unstructure(obj) if obj is not None else None,
    )


def create_category(uow: UnitOfWork, cmd: CategoryInput) -> Category:
    """Add a category of the school's own (whole-school asset management needed)."""
    require(uow.actor, MANAGE, label=uow.school.access.label(MANAGE))
    store_declared_categories(uow)
    values = _category_values(uow, CategoryIndex.load(uow), cmd, None)
    return _insert_category(uow, {**values, "origin": SCHOOL_ORIGIN})


def update_category(uow: UnitOfWork, object_id: int, cmd: CategoryInput) -> Category:
    """Change a category; its assets depreciate over the new useful life from then on."""
    require(uow.actor, MANAGE, label=uow.school.access.label(MANAGE))
    before = get_category(uow, object_id)
    values = _category_values(uow, CategoryIndex.load(uow), cmd, object_id)
    try:
        uow.conn.execute(
            t.asset_category.update().where(t.asset_category.c.id == object_id).values(**values)
        )
    except sa.exc.IntegrityError as exc:
        raise Conflict(N_("the category {code} already exists", code=cmd.code)) from exc
    after = get_category(uow, object_id)
    if after != before:
        _audit(uow, "assets.category.changed", after, before)
    return after


def delete_category(uow: UnitOfWork, object_id: int) -> None:
    """Remove a category that no asset and no sub-category uses."""
    require(uow.actor, MANAGE, label=uow.school.access.label(MANAGE))
    before = get_category(uow, object_id)
    try:
        # In a savepoint, so that a refusal leaves the caller's transaction usable.
        with uow.conn.begin_nested():
            uow.conn.execute(t.asset_category.delete().where(t.asset_category.c.id == object_id))
    except sa.exc.IntegrityError as exc:
        raise Conflict(
            N_(
                "{name} is still used by assets or sub-categories and cannot be removed",
                name=before.name,
            )
        ) from exc
    _audit(uow, "assets.category.removed", None, before)
