"""Custody agreements (财产使用与保管责任书) of classes and rooms, term by term.

A class's head teacher (or whoever keeps a room) signs for what it holds at
the start of a term: the agreement keeps a copy of that list, so it still
says what was signed for after the assets move on. Signing again for the
same class or room and term supersedes the earlier agreement. A class holds
the assets issued to it and those in its home room.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.movement_model import GONE
from houqin.core.assets.moves import day_of, find_class
from houqin.core.assets.names import OrgNames, Refusal
from houqin.core.assets.plugin import MANAGE, VIEW
from houqin.core.choices import choice_labels
from houqin.core.clock import school_today
from houqin.core.commands import field, max_length
from houqin.core.db.metadata import utcnow
from houqin.core.db.rows import reader
from houqin.core.errors import InvalidInput, NotFound
from houqin.core.i18n import N_
from houqin.core.listing import DEFAULT_PAGE_SIZE, Page, fetch_page
from houqin.core.org import tables as o
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

AUDIT_TYPE = "asset_custody"
CURRENT_TERM = "assets.current_term"


@choice_labels({"current": N_("Current"), "superseded": N_("Superseded")})
class CustodyStatus(StrEnum):
    CURRENT = "current"
    SUPERSEDED = "superseded"


@attrs.frozen
class CustodyLine:
    """An asset as it stood when the agreement was signed."""

    asset_id: int
    number: str
    name: str
    spec: str
    quantity: int
    value: Decimal


@attrs.frozen
class Custody:
    """A signed custody agreement and the list of assets it covers."""

    id: int
    school_class_id: int | None
    school_class: str | None
    campus_id: int | None
    campus: str | None
    building: str | None
    room_id: int | None
    room: str | None
    term: str
    signed_on: date
    signed_by: str
    custodian: str
    status: CustodyStatus
    note: str
    recorded_by: str
    recorded_at: datetime
    lines: tuple[CustodyLine, ...] = ()

    @property
    def name(self) -> str:
        holder = self.school_class or " ".join(p for p in (self.building, self.room) if p)
        return f"{holder} {self.term}"

    @property
    def value(self) -> Decimal:
        return sum((line.value for line in self.lines), Decimal("0.00"))


@attrs.frozen(kw_only=True)
class CustodyInput:
    """Sign a custody agreement for a class, or for a room that no class keeps."""

    school_class: str | None = field(
        label=N_("Class"), default=None, help=N_("The class's name (campus/name if needed)")
    )
    campus: str | None = field(label=N_("Campus"), default=None)
    building: str | None = field(label=N_("Building"), default=None)
    room: str | None = field(label=N_("Room"), default=None)
    term: str | None = field(
        label=N_("Term"),
        default=None,
        help=N_("Such as 2026-2027学年第一学期; empty: the current term"),
        checks=(max_length(40),),
    )
    signed_on: date | None = field(label=N_("Signed on"), default=None, help=N_("Empty: today"))
    signed_by: str | None = field(
        label=N_("Signed by"),
        default=None,
        help=N_("Staff number or name; empty: the class's head teacher"),
    )
    custodian: str | None = field(label=N_("Custodian"), default=None, help=N_("Empty: who signs"))
    note: str = field(label=N_("Note"), default="", checks=(max_length(500),))


def term_of(day: date) -> str:
    """The school term ``day`` falls in: September to January the first, February to August
    the second (2026-10-08 → 2026-2027学年第一学期)."""
    if day.month >= 9:
        return f"{day.year}-{day.year + 1}学年第一学期"
    if day.month == 1:
        return f"{day.year - 1}-{day.year}学年第一学期"
    return f"{day.year - 1}-{day.year}学年第二学期"


def current_term(uow: UnitOfWork, day: date | None = None) -> str:
    """The setting ``assets.current_term`` when set, else the term of ``day`` (today)."""
    configured = str(get_setting(uow, CURRENT_TERM) or "").strip()
    return configured or term_of(day or school_today(uow))


# Reading --------------------------------------------------------------------------------

_c = t.asset_custody
_signer = o.person.alias("signer")
_keeper = o.person.alias("keeper")
_room_building = o.building.alias("room_building")
_room_campus = o.campus.alias("room_campus")
CUSTODY_QUERY = (
    sa.select(
        _c.c.id,
        _c.c.school_class_id,
        o.school_class.c.name.label("school_class"),
        sa.func.coalesce(o.school_class.c.campus_id, _room_campus.c.id).label("campus_id"),
        _room_campus.c.name.label("campus"),
        _room_building.c.name.label("building"),
        _c.c.room_id,
        o.room.c.name.label("room"),
        _c.c.term,
        _c.c.signed_on,
        _signer.c.name.label("signed_by"),
        _keeper.c.name.label("custodian"),
        _c.c.status,
        _c.c.note,
        _c.c.recorded_by,
        _c.c.recorded_at,
    )
    .outerjoin(o.school_class, o.school_class.c.id == _c.c.school_class_id)
    .outerjoin(o.room, o.room.c.id == _c.c.room_id)
    .outerjoin(_room_building, _room_building.c.id == o.room.c.building_id)
    .outerjoin(_room_campus, _room_campus.c.id == _room_building.c.campus_id)
    .join(_signer, _signer.c.id == _c.c.signed_by_id)
    .join(_keeper, _keeper.c.id == _c.c.custodian_id)
)
_HEAD = [f.name for f in attrs.fields(Custody) if f.name != "lines"]


def _custody(row: Any) -> Custody:
    """An agreement from its row; its lines are read apart."""
    values = {name: row[name] for name in _HEAD}
    values["status"] = CustodyStatus(row["status"])
    return Custody(**values)


_line = reader(CustodyLine)


def _load(uow: UnitOfWork, custody_id: int) -> Custody:
    row = uow.conn.execute(CUSTODY_QUERY.where(_c.c.id == custody_id)).mappings().first()
    if row is None:
        raise NotFound(N_("custody agreement {id} does not exist", id=custody_id))
    lines = uow.conn.execute(
        sa.select(t.asset_custody_line)
        .where(t.asset_custody_line.c.custody_id == custody_id)
        .order_by(t.asset_custody_line.c.number)
    ).mappings()
    return attrs.evolve(_custody(row), lines=tuple(_line(r) for r in lines))


def get_custody(uow: UnitOfWork, custody_id: int) -> Custody:
    """One agreement with its list, for those who see the assets of its campus."""
    found = _load(uow, custody_id)
    require(uow.actor, VIEW, campus_id=found.campus_id, label=uow.school.access.label(VIEW))
    return found


def list_custody(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    term: str | None = None,
    status: str | None = None,
    after: str | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    with_total: bool = False,
) -> Page[Custody]:
    """Agreements in the order they were signed; ``term`` and ``status`` narrow them."""
    query = CUSTODY_QUERY
    if search and search.strip():
        pattern = f"%{search.strip()}%"
        query = query.where(
            sa.or_(o.school_class.c.name.ilike(pattern), o.room.c.name.ilike(pattern))
        )
    if term:
        query = query.where(_c.c.term == term)
    if status:
        try:
            query = query.where(_c.c.status == CustodyStatus(status).value)
        except ValueError:
            raise InvalidInput.single(
                "status", N_("unknown value {value!r}", value=status)
            ) from None
    scope = uow.actor.scope(VIEW)
    if not scope.everything:
        campus = sa.func.coalesce(o.school_class.c.campus_id, _room_campus.c.id)
        query = query.where(
            campus.in_(sorted(scope.campus_ids)) if scope.campus_ids else sa.false()
        )
    return fetch_page(
        uow.conn, query, [_c.c.id], _custody, after=after, limit=limit, with_total=with_total
    )


# Signing --------------------------------------------------------------------------------

_HELD = ~t.asset.c.status.in_([s.value for s in GONE])


def _person(uow: UnitOfWork, key: str, field: str) -> int:
    found = OrgNames(uow).person(key)
    if isinstance(found, Refusal):
        raise InvalidInput.single(field, found.message)
    return found.id


def sign_custody(uow: UnitOfWork, cmd: CustodyInput) -> Custody:
    """Sign the agreement of a class or room for a term, listing what it holds now."""
    a = t.asset.c
    target: dict[str, Any]
    if cmd.school_class:
        klass = find_class(uow, cmd.school_class)
        campus_id = klass.campus_id
        held = a.school_class_id == klass.id
        if klass.room_id is not None:
            held = sa.or_(held, a.room_id == klass.room_id)
        target = {"school_class_id": klass.id, "room_id": None}
        default_signer = klass.head_teacher_id
        field_name = "school_class"
    else:
        place = OrgNames(uow).place(cmd.campus, cmd.building, cmd.room)
        if isinstance(place, Refusal):
            raise InvalidInput.single(place.field, place.message)
        if place is None or place.room_id is None:
            raise InvalidInput.single(
                "school_class", N_("give the class, or the building and room, that signs")
            )
        campus_id = place.campus_id
        held = a.room_id == place.room_id
        target = {"school_class_id": None, "room_id": place.room_id}
        default_signer = None
        field_name = "room"
    require(uow.actor, MANAGE, campus_id=campus_id, label=uow.school.access.label(MANAGE))
    if cmd.signed_by:
        signer = _person(uow, cmd.signed_by, "signed_by")
    elif default_signer is not None:
        signer = default_signer
    else:
        raise InvalidInput.single("signed_by", N_("give who signs the agreement"))
    keeper = _person(uow, cmd.custodian, "custodian") if cmd.custodian else signer
    signed_on = day_of(uow, cmd.signed_on, "signed_on")
    term = (cmd.term or "").strip() or current_term(uow, signed_on)
    assets = uow.conn.execute(
        sa.select(a.id, a.number, a.name, a.spec, a.quantity, a.value)
        .where(held, _HELD)
        .order_by(a.number)
    ).all()
    if not assets:
        raise InvalidInput.single(field_name, N_("holds no assets to sign for"))
    same = sa.and_(
        _c.c.term == term,
        _c.c.status == CustodyStatus.CURRENT.value,
        _c.c.school_class_id == target["school_class_id"]
        if target["school_class_id"] is not None
        else _c.c.room_id == target["room_id"],
    )
    superseded = list(uow.conn.execute(sa.select(_c.c.id).where(same)).scalars())
    if superseded:
        uow.conn.execute(
            _c.update().where(_c.c.id.in_(superseded)).values(status=CustodyStatus.SUPERSEDED.value)
        )
    new_id = uow.conn.execute(
        _c.insert().values(
            **target,
            term=term,
            signed_on=signed_on,
            signed_by_id=signer,
            custodian_id=keeper,
            status=CustodyStatus.CURRENT.value,
            note=cmd.note,
            recorded_by=uow.actor.name,
            recorded_at=utcnow(),
        )
    ).inserted_primary_key
    assert new_id is not None
    custody_id = int(new_id[0])
    uow.conn.execute(
        t.asset_custody_line.insert(),
        [
            {
                "custody_id": custody_id,
                "asset_id": r.id,
                "number": r.number,
                "name": r.name,
                "spec": r.spec,
                "quantity": r.quantity,
                "value": r.value,
            }
            for r in assets
        ],
    )
    record = _load(uow, custody_id)
    conv = uow.school.converter
    uow.record(
        "assets.custody.signed",
        AUDIT_TYPE,
        custody_id,
        after={**conv.unstructure(record), "superseded": superseded},
    )
    return record


# Who has not signed ---------------------------------------------------------------------


def unsigned(uow: UnitOfWork, term: str | None = None) -> list[str]:
    """Classes and rooms that hold assets but have no current agreement for the term.

    A class holds the assets issued to it and those of its home room; a room
    is counted on its own only when no class has it as home room.
    """
    term = term or current_term(uow)
    a = t.asset.c
    signed = sa.select(_c.c.id).where(_c.c.term == term, _c.c.status == CustodyStatus.CURRENT.value)
    k = o.school_class.c
    classes = uow.conn.execute(
        sa.select(k.name)
        .where(
            sa.or_(
                sa.exists().where(a.school_class_id == k.id, _HELD),
                sa.exists().where(a.room_id == k.room_id, _HELD),
            ),
            ~sa.exists(signed.where(_c.c.school_class_id == k.id)),
        )
        .order_by(k.name)
    ).scalars()
    home_rooms = sa.select(k.room_id).where(k.room_id.is_not(None))
    rooms = uow.conn.execute(
        sa.select(o.building.c.name, o.room.c.name)
        .join(o.building, o.building.c.id == o.room.c.building_id)
        .where(
            sa.exists().where(a.room_id == o.room.c.id, _HELD),
            o.room.c.id.not_in(home_rooms),
            ~sa.exists(signed.where(_c.c.room_id == o.room.c.id)),
        )
        .order_by(o.building.c.name, o.room.c.name)
    ).all()
    return list(classes) + [f"{building} {room}" for building, room in rooms]
