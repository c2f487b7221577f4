"""What each store holds: balances with their levels and value, and the ledger check.

A balance row keeps the quantity on hand of one item in one store; its value
is what is left of the item's cost layers there, and "promised" is what
approved requests still wait for. :func:`check_ledger` recomputes every
balance from the movements and compares.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.convert import ValueRefused, parse_bool
from houqin.core.db.metadata import Money
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, LazyText
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.stock import tables as t
from houqin.core.stock.ledger import add_to_balance
from houqin.core.stock.model import OPEN_STATUSES, Balance, StockLevelInput, item_title
from houqin.core.stock.plugin import MANAGE, VIEW
from houqin.core.stock.service import (
    audit,
    find_item,
    find_store,
    get_one,
    require_any,
    require_store,
    store_scope,
    with_search,
)
from houqin.core.uow import UnitOfWork

_b, _i, _s = t.stock_balance, t.stock_item, t.stock_store


def _promised() -> sa.Subquery:
    r = t.stock_request
    return (
        sa.select(
            r.c.item_id,
            r.c.store_id,
            sa.func.sum(r.c.approved - r.c.issued).label("promised"),
        )
        .where(r.c.status.in_([s.value for s in OPEN_STATUSES]))
        .group_by(r.c.item_id, r.c.store_id)
        .subquery("promised")
    )


def _values() -> sa.Subquery:
    layer = t.stock_layer
    return (
        sa.select(
            layer.c.item_id,
            layer.c.store_id,
            sa.func.sum(layer.c.remaining_value, type_=Money).label("value"),
        )
        .where(layer.c.remaining > 0)
        .group_by(layer.c.item_id, layer.c.store_id)
        .subquery("layer_value")
    )


_promised_sq = _promised()
_values_sq = _values()
MINIMUM = sa.func.coalesce(_b.c.minimum, _i.c.minimum)
TARGET = sa.func.coalesce(_b.c.target, _i.c.target)
PROMISED = sa.func.coalesce(_promised_sq.c.promised, 0)
BELOW_MINIMUM = _b.c.quantity - PROMISED < MINIMUM

_balance_q = (
    sa.select(
        _b.c.id,
        _b.c.item_id,
        _i.c.name.label("item_name"),
        _i.c.spec,
        _i.c.code,
        _i.c.unit,
        _i.c.category,
        _b.c.store_id,
        _s.c.name.label("store"),
        _s.c.campus_id,
        _b.c.quantity,
        sa.func.coalesce(_values_sq.c.value, 0).label("value"),
        MINIMUM.label("minimum"),
        TARGET.label("target"),
        (_b.c.minimum.is_not(None) | _b.c.target.is_not(None)).label("own_levels"),
        PROMISED.label("promised"),
    )
    .join(_i, _i.c.id == _b.c.item_id)
    .join(_s, _s.c.id == _b.c.store_id)
    .outerjoin(
        _promised_sq,
        sa.and_(_promised_sq.c.item_id == _b.c.item_id, _promised_sq.c.store_id == _b.c.store_id),
    )
    .outerjoin(
        _values_sq,
        sa.and_(_values_sq.c.item_id == _b.c.item_id, _values_sq.c.store_id == _b.c.store_id),
    )
)


def balance_record(row: Any) -> Balance:
    return Balance(
        id=row["id"],
        item_id=row["item_id"],
        item=item_title(row["item_name"], row["spec"]),
        code=row["code"],
        unit=row["unit"],
        category=row["category"],
        store_id=row["store_id"],
        store=row["store"],
        campus_id=row["campus_id"],
        on_hand=row["quantity"],
        value=Decimal(row["value"]).quantize(Decimal("0.01")),
        minimum=row["minimum"],
        target=row["target"],
        own_levels=bool(row["own_levels"]),
        promised=int(row["promised"]),
    )


def get_balance(uow: UnitOfWork, balance_id: int) -> Balance:
    """One item in one store, for those who see the store."""
    found = get_one(
        uow,
        _balance_q.where(_b.c.id == balance_id),
        balance_record,
        N_("stock line {id} does not exist", id=balance_id),
    )
    require_store(uow, VIEW, found.campus_id)
    return found


def find_balance(uow: UnitOfWork, item_id: int, store_id: int) -> Balance | None:
    row = (
        uow.conn.execute(_balance_q.where(_b.c.item_id == item_id, _b.c.store_id == store_id))
        .mappings()
        .first()
    )
    return None if row is None else balance_record(row)


def balances_query(
    uow: UnitOfWork,
    *,
    store: str | None = None,
    category: str | None = None,
    item: str | None = None,
    below_minimum: bool | None = None,
    search: str | None = None,
    permission: str = VIEW,
) -> sa.Select[Any]:
    """The balances query with its filters, limited to the stores ``permission`` reaches."""
    query = with_search(_balance_q, search, _i.c.name, _i.c.code, _i.c.spec)
    if store:
        query = query.where(_b.c.store_id == find_store(uow, store).id)
    if category:
        query = query.where(_i.c.category == category)
    if item:
        query = query.where(_b.c.item_id == find_item(uow, item).id)
    if below_minimum is not None:
        query = query.where(BELOW_MINIMUM if below_minimum else sa.not_(BELOW_MINIMUM))
    return store_scope(uow, query, _s.c.campus_id, permission)


BALANCE_KEYS = (_s.c.name.label("store"), _i.c.name.label("item_name"), _i.c.spec, _b.c.id)


def list_balances(
    uow: UnitOfWork,
    *,
    store: str | None = None,
    category: str | None = None,
    item: str | None = None,
    below_minimum: bool | str | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Balance]:
    """What the stores hold, by store and item; ``below_minimum`` keeps those to reorder."""
    require_any(uow, VIEW)
    query = balances_query(
        uow,
        store=store,
        category=category,
        item=item,
        below_minimum=_flag(below_minimum, "below_minimum"),
        search=search,
    )
    return fetch_page(
        uow.conn,
        query,
        list(BALANCE_KEYS),
        balance_record,
        after=after,
        limit=limit,
        with_total=with_total,
    )


def _flag(value: bool | str | None, field: str) -> bool | None:
    """A yes/no filter as a frontend passes it: a bool, or text such as "yes" or "是"."""
    if value is None or isinstance(value, bool):
        return value
    if not value.strip():
        return None
    try:
        return parse_bool(value)
    except ValueRefused as exc:
        raise InvalidInput.single(field, exc.message) from None


# Levels ---------------------------------------------------------------------------------


def set_levels(uow: UnitOfWork, cmd: StockLevelInput) -> Balance:
    """Give a store its own minimum and target for an item (empty: the item's apply)."""
    store = find_store(uow, cmd.store)
    require(uow.actor, MANAGE, campus_id=store.campus_id)
    item = find_item(uow, cmd.item)
    item_levels = uow.conn.execute(
        sa.select(_i.c.minimum, _i.c.target).where(_i.c.id == item.id)
    ).one()
    minimum = cmd.minimum if cmd.minimum is not None else item_levels.minimum
    target = cmd.target if cmd.target is not None else item_levels.target
    if target < minimum:
        raise InvalidInput.single(
            "target", N_("must be at least the minimum stock ({minimum})", minimum=minimum)
        )
    before = find_balance(uow, item.id, store.id)
    add_to_balance(uow, item.id, store.id, 0)
    uow.conn.execute(
        _b.update()
        .where(_b.c.item_id == item.id, _b.c.store_id == store.id)
        .values(minimum=cmd.minimum, target=cmd.target)
    )
    after = find_balance(uow, item.id, store.id)
    assert after is not None
    audit(uow, "stock.balance.levels_set", after, before)
    return after


def update_levels(uow: UnitOfWork, balance_id: int, cmd: StockLevelInput) -> Balance:
    """Set the levels of one stock line; the command must name its item and store."""
    before = get_balance(uow, balance_id)
    named = find_balance(uow, find_item(uow, cmd.item).id, find_store(uow, cmd.store).id)
    if named is None or named.id != balance_id:
        raise InvalidInput.single(
            "item", N_("this line is {item} in {store}", item=before.item, store=before.store)
        )
    return set_levels(uow, cmd)


def clear_levels(uow: UnitOfWork, balance_id: int) -> None:
    """Drop a store's own levels for an item; a line that never held anything goes."""
    before = get_balance(uow, balance_id)
    require(uow.actor, MANAGE, campus_id=before.campus_id)
    moved = uow.conn.execute(
        sa.select(t.stock_movement.c.id)
        .where(
            t.stock_movement.c.item_id == before.item_id,
            t.stock_movement.c.store_id == before.store_id,
        )
        .limit(1)
    ).first()
    if moved is None and before.on_hand == 0:
        uow.conn.execute(_b.delete().where(_b.c.id == balance_id))
        audit(uow, "stock.balance.removed", None, before)
        return
    uow.conn.execute(_b.update().where(_b.c.id == balance_id).values(minimum=None, target=None))
    after = get_balance(uow, balance_id)
    audit(uow, "stock.balance.levels_cleared", after, before)


# The ledger check -----------------------------------------------------------------------


@attrs.frozen
class LedgerDifference:
    """Where the books disagree with the ledger for one item in one store."""

    item: str
    store: str
    what: LazyText
    ledger: Decimal
    recorded: Decimal


@attrs.frozen
class LedgerCheck:
    lines: int
    differences: list[LedgerDifference]

    @property
    def ok(self) -> bool:
        return not self.differences


def check_ledger(uow: UnitOfWork) -> LedgerCheck:
    """Recompute every balance from the movements and compare (the reader's stores).

    Three things must agree for each item in each store: the quantity the
    movements add up to and the balance; that quantity and what the cost
    layers have left; the value of the movements and the value left in the
    layers. Anything else means the books were changed outside houqin.
    """
    require_any(uow, MANAGE)
    m, layer = t.stock_movement, t.stock_layer
    ledger = _sums(
        uow,
        sa.select(
            m.c.item_id,
            m.c.store_id,
            sa.func.sum(m.c.quantity),
            sa.func.sum(m.c.value, type_=Money),
        ).group_by(m.c.item_id, m.c.store_id),
        m.c.store_id,
    )
    layers = _sums(
        uow,
        sa.select(
            layer.c.item_id,
            layer.c.store_id,
            sa.func.sum(layer.c.remaining),
            sa.func.sum(layer.c.remaining_value, type_=Money),
        ).group_by(layer.c.item_id, layer.c.store_id),
        layer.c.store_id,
    )
    balances = _sums(
        uow,
        sa.select(_b.c.item_id, _b.c.store_id, _b.c.quantity, sa.literal(0)),
        _b.c.store_id,
    )
    pairs = sorted(set(ledger) | set(layers) | set(balances))
    zero = (Decimal(0), Decimal(0))
    found: list[tuple[tuple[int, int], LazyText, Decimal, Decimal]] = []
    for pair in pairs:
        quantity, value = ledger.get(pair, zero)
        checks = (
            (N_("quantity on hand"), quantity, balances.get(pair, zero)[0]),
            (N_("quantity in cost layers"), quantity, layers.get(pair, zero)[0]),
            (N_("value in cost layers"), value, layers.get(pair, zero)[1]),
        )
        found += [(pair, what, want, have) for what, want, have in checks if want != have]
    names = _names(uow, {pair for pair, *_ in found})
    differences = [
        LedgerDifference(*names[pair], what, want, have) for pair, what, want, have in found
    ]
    return LedgerCheck(len(pairs), differences)


def _sums(
    uow: UnitOfWork, query: sa.Select[Any], store_col: Any
) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    scoped = store_scope(uow, query.join(_s, _s.c.id == store_col), _s.c.campus_id, MANAGE)
    return {
        (item_id, store_id): (Decimal(quantity or 0), Decimal(value or 0).quantize(Decimal("0.01")))
        for item_id, store_id, quantity, value in uow.conn.execute(scoped)
    }


def _names(uow: UnitOfWork, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, str]]:
    """The item's and the store's names for each (item, store) pair."""
    if not pairs:
        return {}
    item_ids = {i for i, _ in pairs}
    store_ids = {s for _, s in pairs}
    items = {
        row.id: item_title(row.name, row.spec)
        for row in uow.conn.execute(
            sa.select(_i.c.id, _i.c.name, _i.c.spec).where(_i.c.id.in_(item_ids))
        )
    }
    stores = {
        row.id: row.name
        for row in uow.conn.execute(sa.select(_s.c.id, _s.c.name).where(_s.c.id.in_(store_ids)))
    }
    return {(i, s): (items[i], stores[s]) for i, s in pairs}
