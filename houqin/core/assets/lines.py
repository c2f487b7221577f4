"""Checking and writing register lines, one or a million, with set look-ups and executemany.

:class:`LineChecker` turns a command into table values, resolving the names
it gives through :class:`~houqin.core.assets.names.OrgNames` and the
category index; :class:`RegisterWriter` writes checked lines a thousand at a
time by asset number, with their audit events appended in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP
from typing import Any, Generic, TypeVar

import attrs
import sqlalchemy as sa

from houqin.core.access import require
from houqin.core.assets import tables as t
from houqin.core.assets.categories import CategoryIndex, CategoryInfo, store_declared_categories
from houqin.core.assets.model import CENT, Asset, AssetInput
from houqin.core.assets.names import OrgNames, PersonRef, Place, Refusal
from houqin.core.assets.plugin import MANAGE
from houqin.core.assets.records import ASSET_QUERY, asset_from_row, column_value, record_of
from houqin.core.db.metadata import utcnow
from houqin.core.db.rows import insert_many
from houqin.core.errors import FieldError
from houqin.core.i18n import N_, Text
from houqin.core.uow import UnitOfWork

T = TypeVar("T")

AUDIT_TYPE = "asset"
BATCH_SIZE = 1000
ANALYZE_EVERY = 50_000
"""Lines written between two refreshes of PostgreSQL's statistics during one import."""

# The command's fields, grouped as they are kept when a spreadsheet leaves a column out.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "number": ("number",),
    "name": ("name",),
    "category": ("category_id",),
    "spec": ("spec",),
    "unit": ("unit",),
    "quantity": ("quantity",),
    "money": ("unit_price", "value"),
    "acquired_by": ("acquired_by",),
    "acquired_on": ("acquired_on",),
    "funding": ("funding",),
    "department": ("department_id",),
    "custodian": ("custodian_id",),
    "location": ("campus_id", "building_id", "room_id"),
    "status": ("status",),
    "notes": ("notes",),
    "depreciation": ("accumulated_depreciation", "depreciation_as_of"),
    "custom": ("custom",),
}
_GROUP_NAMES: dict[str, tuple[str, ...]] = {
    "category": ("category", "category_name"),
    "department": ("department",),
    "custodian": ("custodian", "custodian_no"),
    "location": ("campus", "building", "room"),
}


# Checking a line ------------------------------------------------------------------------


@attrs.frozen
class NamedThings:
    """What a line names by the names staff write: looked up by :meth:`LineChecker.resolve`."""

    category: str | None
    department: str | None
    custodian: str | None
    campus: str | None
    building: str | None
    room: str | None


@attrs.define
class Line(Generic[T]):
    """A register line on its way to the table: its columns, names for the record, its tag.

    ``given`` names the field groups the source gave; on an existing asset
    the other groups keep what it holds.
    """

    tag: T
    values: dict[str, Any]
    names: dict[str, Any]
    given: frozenset[str]
    category: CategoryInfo


class LineChecker:
    """Turns commands into table values, resolving names with set look-ups."""

    def __init__(
        self,
        uow: UnitOfWork,
        names: OrgNames,
        categories: CategoryIndex,
        *,
        default_as_of: date | None = None,
    ) -> None:
        self.uow = uow
        self.names = names
        self.categories = categories
        self.default_as_of = default_as_of
        self.today = date.today()

    def resolve(
        self, named: NamedThings, current: Asset | None = None
    ) -> tuple[CategoryInfo, int | None, PersonRef | None, Place | None] | list[FieldError]:
        """The category, department, custodian and place a line names, or why not.

        ``current`` is the asset an edit form started from: its custodian,
        named as the form shows them, is still that person even when another
        has the same name.
        """
        errors: list[FieldError] = []
        category = self.categories.find(named.category) if named.category else None
        if not isinstance(category, CategoryInfo) and category is not None:
            errors.append(FieldError("category", category))
        department_id = None
        if named.department:
            department_id = self.names.department(named.department)
            if department_id is None:
                errors.append(
                    FieldError(
                        "department",
                        N_("there is no department named {name}", name=named.department),
                    )
                )
        custodian: PersonRef | None = None
        if (
            current is not None
            and current.custodian_id is not None
            and named.custodian in (current.custodian, current.custodian_no)
        ):
            custodian = PersonRef(
                current.custodian_id, current.custodian or "", current.custodian_no
            )
        elif named.custodian:
            found = self.names.person(named.custodian)
            if isinstance(found, Refusal):
                errors.append(FieldError(found.field, found.message))
            else:
                custodian = found
        place = self.names.place(named.campus, named.building, named.room)
        if isinstance(place, Refusal):
            errors.append(FieldError(place.field, place.message))
        if errors or not isinstance(category, CategoryInfo) or isinstance(place, Refusal):
            return errors
        return category, department_id, custodian, place

    def check(
        self,
        cmd: AssetInput,
        tag: T,
        given: frozenset[str] = frozenset(FIELD_GROUPS),
        *,
        current: Asset | None = None,
    ) -> Line[T] | list[FieldError]:
        """The line's values, or every refusal that does not depend on the asset's history.

        ``current`` is the asset an edit form started from (see :meth:`resolve`).
        """
        errors: list[FieldError] = []

        def refuse(field: str, message: Text) -> None:
            errors.append(FieldError(field, message))

        named = self.resolve(
            NamedThings(
                cmd.category, cmd.department, cmd.custodian, cmd.campus, cmd.building, cmd.room
            ),
            current,
        )
        if isinstance(named, list):
            errors += named
            category, department_id, custodian, place = None, None, None, None
        else:
            category, department_id, custodian, place = named
        for field, when in (
            ("acquired_on", cmd.acquired_on),
            ("depreciation_as_of", cmd.depreciation_as_of),
        ):
            if when is not None and when > self.today:
                refuse(field, N_("{date} is in the future", date=when.isoformat()))
        if errors or category is None:
            return errors
        as_of = cmd.depreciation_as_of
        if cmd.accumulated_depreciation is not None and as_of is None:
            as_of = self.default_as_of
            if as_of is None:
                refuse(
                    "depreciation_as_of",
                    N_("give the date the accumulated depreciation was stated on"),
                )
                return errors
        values: dict[str, Any] = {
            "number": cmd.number,
            "name": cmd.name,
            "category_id": category.id,
            "spec": cmd.spec,
            "unit": cmd.unit,
            "quantity": cmd.quantity,
            "unit_price": cmd.unit_price,
            "value": cmd.value,
            "acquired_by": cmd.acquired_by.value,
            "acquired_on": cmd.acquired_on,
            "funding": cmd.funding,
            "department_id": department_id,
            "custodian_id": custodian.id if custodian else None,
            "campus_id": place.campus_id if place else None,
            "building_id": place.building_id if place else None,
            "room_id": place.room_id if place else None,
            "status": cmd.status.value,
            "notes": cmd.notes,
            "accumulated_depreciation": cmd.accumulated_depreciation,
            "depreciation_as_of": as_of if cmd.accumulated_depreciation is not None else None,
            "custom": cmd.custom.as_dict() or None,
        }
        names = {
            "category": category.code,
            "category_name": category.name,
            "department": cmd.department if department_id is not None else None,
            "custodian": custodian.name if custodian else None,
            "custodian_no": custodian.staff_no if custodian else None,
            "campus": place.campus if place else None,
            "building": place.building if place else None,
            "room": place.room if place else None,
        }
        return Line(tag, values, names, given, category)

    def finish(self, line: Line[T], before: Asset | None) -> list[FieldError]:
        """Complete ``line`` from the asset it changes, then apply the rules across fields.

        Fills the groups the source left out from ``before`` and works out
        value or unit price from the other; checks the accumulated
        depreciation against the value, the category and the dates.
        """
        values, names = line.values, line.names
        if before is not None:
            for group in set(FIELD_GROUPS) - line.given:
                for column in FIELD_GROUPS[group]:
                    values[column] = column_value(before, column)
                for name in _GROUP_NAMES.get(group, ()):
                    names[name] = getattr(before, name)
            if "category" not in line.given:
                line.category = self.categories.by_id[before.category_id]
        errors: list[FieldError] = []
        price, value, quantity = values["unit_price"], values["value"], values["quantity"]
        if price is None and value is None:
            return [FieldError("value", N_("give the value or the unit price"))]
        if value is None:
            values["value"] = price * quantity
        elif price is None:
            values["unit_price"] = value / quantity
        for column in ("unit_price", "value", "accumulated_depreciation"):
            if values[column] is not None:
                values[column] = values[column].quantize(CENT, ROUND_HALF_UP)
        accumulated = values["accumulated_depreciation"]
        if accumulated is not None:
            if accumulated > values["value"]:
                errors.append(
                    FieldError(
                        "accumulated_depreciation",
                        N_("is more than the value {value}", value=values["value"]),
                    )
                )
            if accumulated > 0 and not line.category.depreciable:
                errors.append(
                    FieldError(
                        "accumulated_depreciation",
                        N_(
                            "{category} does not depreciate: leave it empty",
                            category=line.category.name,
                        ),
                    )
                )
            if values["depreciation_as_of"] < values["acquired_on"]:
                errors.append(
                    FieldError("depreciation_as_of", N_("is before the asset was acquired"))
                )
        return errors

    def out_of_reach(self, line: Line[T], before: Asset | None) -> FieldError | None:
        """A refusal when the actor may not manage the line where it is or where it goes."""
        values = line.values
        if before is not None and not self.uow.actor.can(
            MANAGE, campus_id=before.campus_id, department_id=before.department_id
        ):
            return FieldError(
                "number",
                N_("asset {number} is not among the assets you manage", number=before.number),
            )
        if not self.uow.actor.can(
            MANAGE, campus_id=values["campus_id"], department_id=values["department_id"]
        ):
            return FieldError(
                "department" if values["department_id"] is not None else "campus",
                N_("you may not manage the assets of this campus or department"),
            )
        return None


# Writing --------------------------------------------------------------------------------


@attrs.define
class WriteCounts:
    """Assets a write created, changed, and found already as given."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


_COLUMNS = [c for group in FIELD_GROUPS.values() for c in group]
_UPDATE = (
    t.asset.update()
    .where(t.asset.c.id == sa.bindparam("b_id"))
    .values({c: sa.bindparam(f"b_{c}") for c in _COLUMNS})
)


class RegisterWriter(Generic[T]):
    """Creates or changes assets by asset number, a batch at a time, in the caller's transaction.

    :meth:`add` queues a checked line; when the batch is full it is written:
    one query reads the assets the batch's numbers already name, then one
    ``executemany`` inserts the new ones, one updates the changed ones, and
    their audit events are appended together. A line the batch refuses
    (the actor may not manage the asset, its accumulated depreciation no
    longer fits…) goes to ``on_refused`` with its errors and is not written.
    With ``writing`` off the batches are only checked: an import that
    already failed still reports every problem of the file.
    """

    def __init__(
        self,
        uow: UnitOfWork,
        checker: LineChecker,
        on_refused: Callable[[T, list[FieldError]], None],
        *,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.uow = uow
        self.checker = checker
        self.on_refused = on_refused
        self.batch_size = batch_size
        self.writing = True
        self.counts = WriteCounts()
        self._batch: list[Line[T]] = []
        self._analyzed = 0

    def add(self, line: Line[T]) -> None:
        self._batch.append(line)
        if len(self._batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Check the queued lines against the register and write them."""
        batch, self._batch = self._batch, []
        if not batch:
            return
        existing = self._existing([line.values["number"] for line in batch])
        ready: list[tuple[Line[T], Asset | None]] = []
        for line in batch:
            before = existing.get(line.values["number"])
            errors = self.checker.finish(line, before)
            beyond = self.checker.out_of_reach(line, before)
            if beyond is not None:
                errors.append(beyond)
            if errors:
                self.on_refused(line.tag, errors)
            else:
                ready.append((line, before))
        if self.writing:
            self._write(ready)

    def _existing(self, numbers: list[str]) -> dict[str, Asset]:
        """The registered assets among ``numbers``, found by the number's index first.

        Looked up through the unique index alone, then read with their names only if
        there are any: a first import finds none, and on PostgreSQL a join over an
        asset table grown inside the same transaction (its statistics still say
        empty) was planned as a scan of every row for every batch.
        """
        conn = self.uow.conn
        ids = list(
            conn.execute(sa.select(t.asset.c.id).where(t.asset.c.number.in_(numbers))).scalars()
        )
        if not ids:
            return {}
        rows = conn.execute(ASSET_QUERY.where(t.asset.c.id.in_(ids))).mappings()
        return {found.number: found for found in map(asset_from_row, rows)}

    def _refresh_statistics(self) -> None:
        """On PostgreSQL, let the planner see how big the register has grown (every 50k)."""
        conn = self.uow.conn
        if conn.dialect.name != "postgresql":
            return
        if self.counts.created // ANALYZE_EVERY != self._analyzed:
            self._analyzed = self.counts.created // ANALYZE_EVERY
            conn.exec_driver_sql(f"ANALYZE {t.asset.name}")

    def _write(self, ready: Sequence[tuple[Line[T], Asset | None]]) -> None:
        now = utcnow()
        conv = self.uow.school.converter
        events: list[tuple[str, str, int, Any, Any]] = []
        new = [line for line, before in ready if before is None]
        if new:
            conn = self.uow.conn
            insert_many(conn, t.asset, [{**line.values, "created_at": now} for line in new])
            # Read the new ids back by number: RETURNING in parameter order would make SQLite
            # insert one row per statement.
            numbers = [line.values["number"] for line in new]
            found = conn.execute(
                sa.select(t.asset.c.number, t.asset.c.id).where(t.asset.c.number.in_(numbers))
            )
            ids = {number: asset_id for number, asset_id in found}
            for line in new:
                asset_id = ids[line.values["number"]]
                record = record_of(asset_id, line.values, line.names, now)
                events.append(
                    ("assets.asset.created", AUDIT_TYPE, asset_id, None, conv.unstructure(record))
                )
            self.counts.created += len(new)
        changed: list[tuple[Asset, Asset]] = []
        for line, before in ready:
            if before is not None:
                after = record_of(before.id, line.values, line.names, before.created_at, before)
                if after == before:
                    self.counts.unchanged += 1
                else:
                    changed.append((before, after))
        if changed:
            self.uow.conn.execute(
                _UPDATE,
                [
                    {"b_id": after.id, **{f"b_{c}": column_value(after, c) for c in _COLUMNS}}
                    for _, after in changed
                ],
            )
            events += [
                (
                    "assets.asset.changed",
                    AUDIT_TYPE,
                    after.id,
                    conv.unstructure(before),
                    conv.unstructure(after),
                )
                for before, after in changed
            ]
            self.counts.updated += len(changed)
        self.uow.record_many(events)
        self._refresh_statistics()


def checker_for(uow: UnitOfWork, *, default_as_of: date | None = None) -> LineChecker:
    """A checker over the stored categories, the modules' among them."""
    store_declared_categories(uow)
    return LineChecker(uow, OrgNames(uow), CategoryIndex.load(uow), default_as_of=default_as_of)


def require_manage_somewhere(uow: UnitOfWork) -> None:
    """Refuse an actor who manages the assets of no campus or department at all."""
    if uow.actor.scope(MANAGE).nothing:
        require(uow.actor, MANAGE, label=uow.school.access.label(MANAGE))
