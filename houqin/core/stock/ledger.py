"""The ledger: stock in, issue, return, adjustment and transfer, costed first in, first out.

Each service writes one or two immutable movements and, in the same
transaction, changes the store's balance and its cost layers:

- what comes in adds to the balance (an upsert) and opens a layer at its cost;
- what goes out is taken from the balance by ``UPDATE … SET quantity =
  quantity - n WHERE … AND quantity >= n``; when no row is changed there is not
  enough and nothing is written. Whoever comes second to the last units
  waits for the first to commit (the row lock on PostgreSQL, ``BEGIN
  IMMEDIATE`` on SQLite) and then finds them gone. The CHECK on the column
  refuses a negative balance even if this rule were ever bypassed;
- the cost of what goes out is drawn from the oldest layers first, and the
  movement records that cost.

Rows are locked in one order everywhere (request, balances by store, layers,
the audit head), so two services never wait for each other in a circle.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from houqin.core.access import require
from houqin.core.choices import label_of
from houqin.core.db.metadata import utcnow
from houqin.core.errors import Conflict, InvalidInput
from houqin.core.i18n import N_
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as ot
from houqin.core.stock import tables as t
from houqin.core.stock.model import (
    AdjustInput,
    IssueInput,
    IssueOnRequest,
    Movement,
    MovementKind,
    OpeningInput,
    RequestStatus,
    ReturnInput,
    ReturnOnRequest,
    StockInInput,
    StockRequest,
    TransferInput,
    item_title,
)
from houqin.core.stock.plugin import MANAGE, VIEW
from houqin.core.stock.requests import (
    load_request,
    lock_for_issue,
    record_request_change,
    request_as_returned,
)
from houqin.core.stock.service import (
    ItemRef,
    StoreRef,
    audit,
    audit_entry,
    find_item,
    find_store,
    get_one,
    item_ref,
    require_store,
    store_scope,
    supplier_id,
    today,
)
from houqin.core.uow import UnitOfWork

CENT = Decimal("0.01")
COST_PLACES = Decimal("0.0001")
MAX_VALUE = Decimal("999999999999.99")


def money(value: Decimal) -> Decimal:
    """A value rounded to the fen, halves up, as an accountant rounds."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def unit_cost_of(value: Decimal, quantity: int) -> Decimal:
    return (value / quantity).quantize(COST_PLACES, rounding=ROUND_HALF_UP)


@attrs.frozen
class Draw:
    """What one movement took from one cost layer."""

    layer_id: int
    quantity: int
    value: Decimal
    received_on: date
    batch: str
    unit_cost: Decimal


# Balances -------------------------------------------------------------------------------


def _upsert(conn: sa.Connection) -> Any:
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


def add_to_balance(uow: UnitOfWork, item_id: int, store_id: int, quantity: int) -> None:
    """Add ``quantity`` (0 or more) to the balance, creating the row when it is the first."""
    b = t.stock_balance
    statement = (
        _upsert(uow.conn)(b)
        .values(item_id=item_id, store_id=store_id, quantity=quantity)
        .on_conflict_do_update(
            index_elements=[b.c.item_id, b.c.store_id],
            set_={"quantity": b.c.quantity + quantity},
        )
    )
    uow.conn.execute(statement)


# Statements of the busiest paths, built once (their bound values are named so as not to
# be taken for the columns an UPDATE or INSERT sets).
_b = t.stock_balance
_balance_q = sa.select(_b.c.quantity).where(
    _b.c.item_id == sa.bindparam("item"), _b.c.store_id == sa.bindparam("store")
)
_take_q = (
    _b.update()
    .where(
        _b.c.item_id == sa.bindparam("item"),
        _b.c.store_id == sa.bindparam("store"),
        _b.c.quantity >= sa.bindparam("n"),
    )
    .values(quantity=_b.c.quantity - sa.bindparam("n"))
)


def take_from_balance(uow: UnitOfWork, item: ItemRef, store: StoreRef, quantity: int) -> None:
    """Take ``quantity`` off the balance, or refuse when the store holds fewer.

    The condition is in the UPDATE itself: checking first and writing after
    would let two people both see the last units and both take them.
    """
    place = {"item": item.id, "store": store.id}
    taken = uow.conn.execute(_take_q, {**place, "n": quantity})
    if taken.rowcount == 1:
        return
    left = uow.conn.execute(_balance_q, place).scalar() or 0
    raise Conflict(
        N_(
            "not enough {item} in {store}: {left} {unit} on hand, {asked} asked for; "
            "nothing was taken",
            item=item.title,
            store=store.name,
            left=left,
            unit=item.unit,
            asked=quantity,
        )
    )


def _lock_balances(uow: UnitOfWork, item_id: int, store_ids: Sequence[int]) -> None:
    """Lock (creating if needed) the balance rows of several stores, in store order."""
    for store_id in sorted(store_ids):
        add_to_balance(uow, item_id, store_id, 0)


# Cost layers ----------------------------------------------------------------------------


def _open_layer(
    uow: UnitOfWork,
    movement_id: int,
    item_id: int,
    store_id: int,
    *,
    received_on: date,
    batch: str,
    quantity: int,
    value: Decimal,
    unit_cost: Decimal,
) -> None:
    uow.conn.execute(
        t.stock_layer.insert().values(
            item_id=item_id,
            store_id=store_id,
            movement_id=movement_id,
            received_on=received_on,
            batch=batch,
            unit_cost=unit_cost,
            quantity=quantity,
            value=value,
            remaining=quantity,
            remaining_value=value,
        )
    )


_layer = t.stock_layer
_layers_q = (
    sa.select(
        _layer.c.id,
        _layer.c.remaining,
        _layer.c.remaining_value,
        _layer.c.received_on,
        _layer.c.batch,
        _layer.c.unit_cost,
    )
    .where(
        _layer.c.item_id == sa.bindparam("item"),
        _layer.c.store_id == sa.bindparam("store"),
        _layer.c.remaining > 0,
    )
    .order_by(_layer.c.received_on, _layer.c.id)
)
_draw_q = (
    _layer.update()
    .where(_layer.c.id == sa.bindparam("layer"), _layer.c.remaining == sa.bindparam("was"))
    .values(remaining=sa.bindparam("left"), remaining_value=sa.bindparam("left_value"))
)


def _draw(uow: UnitOfWork, item: ItemRef, store: StoreRef, quantity: int) -> list[Draw]:
    """Take ``quantity`` from the oldest layers first; the balance was already taken from.

    A layer's remaining value goes down by the cost drawn, and a layer drawn
    to its end gives up exactly what it had left, so no fen is lost to rounding.
    """
    rows = uow.conn.execute(_layers_q, {"item": item.id, "store": store.id}).all()
    draws: list[Draw] = []
    left = quantity
    for row in rows:
        if left == 0:
            break
        take = min(row.remaining, left)
        remaining_value = Decimal(row.remaining_value)
        cost = (
            remaining_value
            if take == row.remaining
            else money(remaining_value * take / row.remaining)
        )
        changed = uow.conn.execute(
            _draw_q,
            {
                "layer": row.id,
                "was": row.remaining,
                "left": row.remaining - take,
                "left_value": remaining_value - cost,
            },
        )
        if changed.rowcount != 1:
            raise Conflict(N_("the store's records changed while this was written; try again"))
        draws.append(Draw(row.id, take, cost, row.received_on, row.batch, row.unit_cost))
        left -= take
    if left:
        raise Conflict(
            N_(
                "the cost records of {item} in {store} hold less than its balance; "
                "run `houqin stock check` and correct the books",
                item=item.title,
                store=store.name,
            )
        )
    return draws


def _record_uses(uow: UnitOfWork, movement_id: int, draws: Sequence[Draw]) -> None:
    uow.conn.execute(
        t.stock_layer_use.insert(),
        [
            {
                "movement_id": movement_id,
                "layer_id": d.layer_id,
                "quantity": d.quantity,
                "value": d.value,
            }
            for d in draws
        ],
    )


# Movements ------------------------------------------------------------------------------


def _write_movement(
    uow: UnitOfWork,
    kind: MovementKind,
    item: ItemRef,
    store: StoreRef,
    quantity: int,
    value: Decimal,
    *,
    occurred_on: date,
    **more: Any,
) -> int:
    values = _movement_values(uow, kind, item, store, quantity, value, occurred_on, more)
    new_id = uow.conn.execute(t.stock_movement.insert().values(**values)).inserted_primary_key
    assert new_id is not None
    return int(new_id[0])


def _movement_values(
    uow: UnitOfWork,
    kind: MovementKind,
    item: ItemRef,
    store: StoreRef,
    quantity: int,
    value: Decimal,
    occurred_on: date,
    more: dict[str, Any],
) -> dict[str, Any]:
    return {
        "kind": kind.value,
        "item_id": item.id,
        "store_id": store.id,
        "quantity": quantity,
        "value": value,
        "unit_cost": unit_cost_of(abs(value), abs(quantity)),
        "occurred_on": occurred_on,
        "recorded_at": utcnow(),
        "actor": uow.actor.name,
        **more,
    }


_insert_movement_q = t.stock_movement.insert().returning(*t.stock_movement.columns)


def _write_issue(
    uow: UnitOfWork,
    request: StockRequest,
    item: ItemRef,
    store: StoreRef,
    quantity: int,
    value: Decimal,
    *,
    occurred_on: date,
    recipient: str,
    note: str,
) -> Movement:
    """Write the movement of an issue and return it as :func:`load_movement` would read it.

    The row comes back from ``INSERT … RETURNING``; what the ledger query
    joins in (item, store, department) is what the request and item say.
    """
    more = {
        "request_id": request.id,
        "department_id": request.department_id,
        "recipient": recipient,
        "note": note,
    }
    values = _movement_values(
        uow, MovementKind.ISSUE, item, store, -quantity, -value, occurred_on, more
    )
    row = uow.conn.execute(_insert_movement_q, values).mappings().one()
    return _movement(
        {
            **row,
            "code": item.code,
            "item_name": item.name,
            "spec": item.spec,
            "unit": item.unit,
            "store": store.name,
            "supplier": None,  # an issue names no supplier
            "department": request.department,
        }
    )


def _not_in_future(uow: UnitOfWork, day: date | None, field: str) -> date:
    now = today(uow)
    if day is None:
        return now
    if day > now:
        raise InvalidInput.single(field, N_("{day} has not come yet", day=day.isoformat()))
    return day


def _value_of(quantity: int, unit_cost: Decimal, field: str = "unit_cost") -> Decimal:
    value = money(unit_cost * quantity)
    if value > MAX_VALUE:
        raise InvalidInput.single(field, N_("the value of this line is too large"))
    return value


def _managed(
    uow: UnitOfWork, store_name: str, item_key: str, *, in_use: bool = False
) -> tuple[StoreRef, ItemRef]:
    """The store and item a command names, once the actor may run that store."""
    store = find_store(uow, store_name)
    require(uow.actor, MANAGE, campus_id=store.campus_id)
    item = find_item(uow, item_key)
    if in_use and not item.active:
        raise InvalidInput.single(
            "item", N_("{item} is marked as no longer in use", item=item.title)
        )
    return store, item


def _receive(
    uow: UnitOfWork,
    kind: MovementKind,
    store: StoreRef,
    item: ItemRef,
    *,
    quantity: int,
    value: Decimal,
    unit_cost: Decimal,
    received_on: date,
    batch: str,
    **more: Any,
) -> Movement:
    add_to_balance(uow, item.id, store.id, quantity)
    movement_id = _write_movement(
        uow, kind, item, store, quantity, value, occurred_on=received_on, batch=batch, **more
    )
    _open_layer(
        uow,
        movement_id,
        item.id,
        store.id,
        received_on=received_on,
        batch=batch,
        quantity=quantity,
        value=value,
        unit_cost=unit_cost,
    )
    return load_movement(uow, movement_id)


def stock_in(uow: UnitOfWork, cmd: StockInInput) -> Movement:
    """Put goods accepted from a delivery into a store (入库), at their unit cost."""
    store, item = _managed(uow, cmd.store, cmd.item, in_use=True)
    supplier = supplier_id(uow, cmd.supplier) if cmd.supplier else item.supplier_id
    movement = _receive(
        uow,
        MovementKind.STOCK_IN,
        store,
        item,
        quantity=cmd.quantity,
        value=_value_of(cmd.quantity, cmd.unit_cost),
        unit_cost=cmd.unit_cost,
        received_on=_not_in_future(uow, cmd.received_on, "received_on"),
        batch=cmd.batch,
        supplier_id=supplier,
        document=cmd.delivery_note,
        accepted_by=cmd.accepted_by,
        note=cmd.note,
    )
    audit(uow, "stock.movement.received", movement)
    return movement


def record_opening(uow: UnitOfWork, cmd: OpeningInput) -> Movement | None:
    """Load what a store held before houqin kept its books (期初), at its cost.

    Returns None when the line holds no quantity (it set only levels, which
    the importer does through :func:`houqin.core.stock.balances.set_levels`).
    """
    store = find_store(uow, cmd.store)
    require(uow.actor, MANAGE, campus_id=store.campus_id)
    item = find_item(uow, cmd.item, spec=cmd.spec)
    if cmd.quantity == 0:
        return None
    if cmd.amount is None and cmd.unit_cost is None:
        raise InvalidInput.single("unit_cost", N_("give the unit cost or the amount"))
    value = (
        money(cmd.amount)
        if cmd.amount is not None
        else _value_of(cmd.quantity, cmd.unit_cost or Decimal(0))
    )
    if value > MAX_VALUE:
        raise InvalidInput.single("amount", N_("the value of this line is too large"))
    movement = _receive(
        uow,
        MovementKind.OPENING,
        store,
        item,
        quantity=cmd.quantity,
        value=value,
        unit_cost=cmd.unit_cost if cmd.unit_cost is not None else unit_cost_of(value, cmd.quantity),
        received_on=_not_in_future(uow, cmd.received_on, "received_on"),
        batch=cmd.batch,
    )
    audit(uow, "stock.movement.opened", movement)
    return movement


_r = t.stock_request
_issue_request_q = (
    _r.update()
    .where(
        _r.c.id == sa.bindparam("request"),
        _r.c.status.in_([RequestStatus.APPROVED.value, RequestStatus.PARTLY_ISSUED.value]),
        _r.c.issued + sa.bindparam("n") <= _r.c.approved,
    )
    .values(
        issued=_r.c.issued + sa.bindparam("n"),
        issued_value=_r.c.issued_value + sa.bindparam("v"),
        status=sa.case(
            (_r.c.issued + sa.bindparam("n") == _r.c.approved, RequestStatus.ISSUED.value),
            else_=RequestStatus.PARTLY_ISSUED.value,
        ),
    )
    .returning(*_r.columns)
)


def issue_stock(uow: UnitOfWork, cmd: IssueInput) -> Movement:
    """Hand out items against an approved request (领用), all that is left of it or part.

    Refused, with nothing written, when the request is not approved or is
    already issued, when more is asked than is left of it, or when the store
    holds too few.

    Many storekeepers may issue from one store at once, and from the balance
    onwards they go one at a time, so the work after the balance is taken is
    kept to few statements: the movement and the request come back from
    their INSERT and UPDATE (``RETURNING``), and the two events are appended
    to the audit log together.
    """
    start = lock_for_issue(uow, cmd.request)
    request, item = start.request, start.item
    store = StoreRef(request.store_id, request.store, request.campus_id)
    require(uow.actor, MANAGE, campus_id=store.campus_id)
    if request.status not in (RequestStatus.APPROVED, RequestStatus.PARTLY_ISSUED):
        raise Conflict(
            N_(
                "request {id} is {status}: only an approved request is issued",
                id=request.id,
                status=label_of(request.status),
            )
        )
    outstanding = request.outstanding
    quantity = cmd.quantity if cmd.quantity is not None else outstanding
    if quantity > outstanding:
        raise InvalidInput.single(
            "quantity",
            N_("only {left} of request {id} are left to issue", left=outstanding, id=request.id),
        )
    take_from_balance(uow, item, store, quantity)
    draws = _draw(uow, item, store, quantity)
    value = sum((d.value for d in draws), Decimal(0))
    movement = _write_issue(
        uow,
        request,
        item,
        store,
        quantity,
        value,
        occurred_on=today(uow, start.zone),
        recipient=cmd.recipient,
        note=cmd.note,
    )
    _record_uses(uow, movement.id, draws)
    done = uow.conn.execute(
        _issue_request_q, {"request": request.id, "n": quantity, "v": value}
    ).first()
    if done is None:
        raise Conflict(N_("request {id} changed while it was issued; try again", id=request.id))
    after = request_as_returned(request, done._mapping)
    uow.record_all(
        [
            audit_entry(uow, "stock.movement.issued", movement),
            audit_entry(uow, "stock.request.issued", after, request),
        ]
    )
    return movement


def return_stock(uow: UnitOfWork, cmd: ReturnInput) -> Movement:
    """Take back unused items of a request (退库) at the cost they went out at."""
    request = load_request(uow, cmd.request, lock=True)
    store = StoreRef(request.store_id, request.store, request.campus_id)
    require(uow.actor, MANAGE, campus_id=store.campus_id)
    returnable = request.issued - request.returned
    if cmd.quantity > returnable:
        raise InvalidInput.single(
            "quantity",
            N_(
                "only {left} of request {id} were issued and not returned",
                left=returnable,
                id=request.id,
            ),
        )
    value_out = request.issued_value - request.returned_value
    value = (
        value_out if cmd.quantity == returnable else money(value_out * cmd.quantity / returnable)
    )
    item = item_ref(uow, request.item_id)
    on = today(uow)
    movement = _receive(
        uow,
        MovementKind.RETURN,
        store,
        item,
        quantity=cmd.quantity,
        value=value,
        unit_cost=unit_cost_of(value, cmd.quantity),
        received_on=on,
        batch=f"R{request.id}",
        request_id=request.id,
        department_id=request.department_id,
        note=cmd.note,
    )
    r = t.stock_request
    done = uow.conn.execute(
        r.update()
        .where(r.c.id == request.id, r.c.returned + cmd.quantity <= r.c.issued)
        .values(returned=r.c.returned + cmd.quantity, returned_value=r.c.returned_value + value)
    )
    if done.rowcount != 1:
        raise Conflict(N_("request {id} changed while it was issued; try again", id=request.id))
    audit(uow, "stock.movement.returned", movement)
    record_request_change(uow, "stock.request.returned", request)
    return movement


def issue_on_request(uow: UnitOfWork, request_id: int, cmd: IssueOnRequest) -> Movement:
    """:func:`issue_stock` for the request ``request_id``: the "issue" action of a request."""
    return issue_stock(uow, IssueInput(request_id, cmd.quantity, cmd.recipient, cmd.note))


def return_on_request(uow: UnitOfWork, request_id: int, cmd: ReturnOnRequest) -> Movement:
    """:func:`return_stock` for the request ``request_id``: the "return" action of a request."""
    return return_stock(uow, ReturnInput(request_id, cmd.quantity, cmd.note))


def _latest_cost(uow: UnitOfWork, item_id: int) -> Decimal | None:
    layer = t.stock_layer
    found = uow.conn.execute(
        sa.select(layer.c.unit_cost)
        .where(layer.c.item_id == item_id)
        .order_by(layer.c.received_on.desc(), layer.c.id.desc())
        .limit(1)
    ).scalar()
    return None if found is None else Decimal(found)


def adjust_stock(uow: UnitOfWork, cmd: AdjustInput) -> Movement:
    """Correct what a store holds (盘盈, 盘亏, 损耗…), with the reason on the ledger.

    A surplus comes in at the unit cost given, else at the item's latest
    cost; a loss goes out at first-in, first-out cost and never below zero.
    """
    store, item = _managed(uow, cmd.store, cmd.item)
    on = _not_in_future(uow, cmd.occurred_on, "occurred_on")
    if cmd.quantity > 0:
        unit_cost = cmd.unit_cost if cmd.unit_cost is not None else _latest_cost(uow, item.id)
        if unit_cost is None:
            raise InvalidInput.single(
                "unit_cost",
                N_("{item} has no cost on record yet: give the unit cost", item=item.title),
            )
        movement = _receive(
            uow,
            MovementKind.ADJUSTMENT,
            store,
            item,
            quantity=cmd.quantity,
            value=_value_of(cmd.quantity, unit_cost),
            unit_cost=unit_cost,
            received_on=on,
            batch="",
            note=cmd.reason,
        )
    else:
        quantity = -cmd.quantity
        take_from_balance(uow, item, store, quantity)
        draws = _draw(uow, item, store, quantity)
        value = sum((d.value for d in draws), Decimal(0))
        movement_id = _write_movement(
            uow,
            MovementKind.ADJUSTMENT,
            item,
            store,
            -quantity,
            -value,
            occurred_on=on,
            note=cmd.reason,
        )
        _record_uses(uow, movement_id, draws)
        movement = load_movement(uow, movement_id)
    audit(uow, "stock.movement.adjusted", movement)
    return movement


def transfer_stock(uow: UnitOfWork, cmd: TransferInput) -> tuple[Movement, Movement]:
    """Move items to another store (调拨): out of one, into the other, at the same cost.

    Returns the two linked movements (out, in). Each layer drawn in the
    first store arrives in the second with its date, batch and cost, so
    first-in, first-out keeps its order there.
    """
    source, item = _managed(uow, cmd.from_store, cmd.item)
    destination = find_store(uow, cmd.to_store, "to_store")
    require(uow.actor, MANAGE, campus_id=destination.campus_id)
    if destination.id == source.id:
        raise InvalidInput.single(
            "to_store", N_("must be another store than the one it comes from")
        )
    _lock_balances(uow, item.id, [source.id, destination.id])
    take_from_balance(uow, item, source, cmd.quantity)
    draws = _draw(uow, item, source, cmd.quantity)
    value = sum((d.value for d in draws), Decimal(0))
    on = today(uow)
    out_id = _write_movement(
        uow,
        MovementKind.TRANSFER_OUT,
        item,
        source,
        -cmd.quantity,
        -value,
        occurred_on=on,
        note=cmd.note,
    )
    _record_uses(uow, out_id, draws)
    add_to_balance(uow, item.id, destination.id, cmd.quantity)
    in_id = _write_movement(
        uow,
        MovementKind.TRANSFER_IN,
        item,
        destination,
        cmd.quantity,
        value,
        occurred_on=on,
        note=cmd.note,
        linked_id=out_id,
    )
    for draw in draws:
        _open_layer(
            uow,
            in_id,
            item.id,
            destination.id,
            received_on=draw.received_on,
            batch=draw.batch,
            quantity=draw.quantity,
            value=draw.value,
            unit_cost=draw.unit_cost,
        )
    out, into = load_movement(uow, out_id), load_movement(uow, in_id)
    audit(uow, "stock.movement.transferred", into, out_id=out.id, from_store=source.name)
    return out, into


# Reading the ledger ---------------------------------------------------------------------

_supplier = t.stock_supplier
_movement_q = (
    sa.select(
        t.stock_movement,
        t.stock_item.c.code,
        t.stock_item.c.name.label("item_name"),
        t.stock_item.c.spec,
        t.stock_item.c.unit,
        t.stock_store.c.name.label("store"),
        t.stock_store.c.campus_id,
        _supplier.c.name.label("supplier"),
        ot.department.c.name.label("department"),
    )
    .join(t.stock_item, t.stock_item.c.id == t.stock_movement.c.item_id)
    .join(t.stock_store, t.stock_store.c.id == t.stock_movement.c.store_id)
    .outerjoin(_supplier, _supplier.c.id == t.stock_movement.c.supplier_id)
    .outerjoin(ot.department, ot.department.c.id == t.stock_movement.c.department_id)
)


def _movement(row: Any) -> Movement:
    return Movement(
        id=row["id"],
        kind=MovementKind(row["kind"]),
        item_id=row["item_id"],
        item=item_title(row["item_name"], row["spec"]),
        code=row["code"],
        unit=row["unit"],
        store_id=row["store_id"],
        store=row["store"],
        quantity=row["quantity"],
        value=Decimal(row["value"]),
        unit_cost=None if row["unit_cost"] is None else Decimal(row["unit_cost"]),
        occurred_on=row["occurred_on"],
        recorded_at=row["recorded_at"],
        actor=row["actor"],
        supplier=row["supplier"],
        batch=row["batch"],
        request_id=row["request_id"],
        department=row["department"],
        recipient=row["recipient"],
        document=row["document"],
        accepted_by=row["accepted_by"],
        note=row["note"],
        linked_id=row["linked_id"],
    )


def load_movement(uow: UnitOfWork, movement_id: int) -> Movement:
    return get_one(
        uow,
        _movement_q.where(t.stock_movement.c.id == movement_id),
        _movement,
        N_("movement {id} does not exist", id=movement_id),
    )


def get_movement(uow: UnitOfWork, movement_id: int) -> Movement:
    """One line of the ledger, for those who may see its store."""
    found = get_one(
        uow,
        _movement_q.where(t.stock_movement.c.id == movement_id),
        lambda row: (row["campus_id"], _movement(row)),
        N_("movement {id} does not exist", id=movement_id),
    )
    require_store(uow, VIEW, found[0])
    return found[1]


def list_movements(
    uow: UnitOfWork,
    *,
    item: str | None = None,
    store: str | None = None,
    kind: str | None = None,
    request: int | None = None,
    since: date | None = None,
    until: date | None = None,
    search: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Movement]:
    """The ledger in the order it was written, filtered; only stores the reader may see."""
    m = t.stock_movement
    query = _movement_q
    if item:
        query = query.where(m.c.item_id == find_item(uow, item).id)
    if store:
        query = query.where(m.c.store_id == find_store(uow, store).id)
    if kind:
        try:
            query = query.where(m.c.kind == MovementKind(kind).value)
        except ValueError:
            raise InvalidInput.single(
                "kind", N_("{value!r} is not a kind of movement", value=kind)
            ) from None
    if request is not None:
        query = query.where(m.c.request_id == request)
    if since is not None:
        query = query.where(m.c.occurred_on >= since)
    if until is not None:
        query = query.where(m.c.occurred_on <= until)
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(m.c.note.ilike(pattern), m.c.batch.ilike(pattern), m.c.document.ilike(pattern))
        )
    query = store_scope(uow, query, t.stock_store.c.campus_id)
    return fetch_page(
        uow.conn, query, [m.c.id], _movement, after=after, limit=limit, with_total=with_total
    )
