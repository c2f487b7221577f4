"""The departments, places and people a register line names, found by set look-ups.

A single form asks for one or two names, so they are fetched as asked; an
import first loads the organisation whole (a few thousand rows at most, one
query per table), after which a name not in memory does not exist. Either
way no line costs a query of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs
import sqlalchemy as sa

from houqin.core.i18n import N_, LazyText
from houqin.core.org import tables as o
from houqin.core.uow import UnitOfWork


@attrs.frozen
class Place:
    """Where an asset stands: a campus, perhaps a building on it, perhaps a room in that."""

    campus_id: int
    campus: str
    building_id: int | None = None
    building: str | None = None
    room_id: int | None = None
    room: str | None = None


@attrs.frozen
class PersonRef:
    id: int
    name: str
    staff_no: str | None


@attrs.frozen
class Refusal:
    """Why a name was not found, and the field to blame."""

    field: str
    message: LazyText


_SEPARATORS = re.compile(r"[\s/／\\|｜_\-－—·,，、]+")


def place_key(text: str) -> str:
    """A location as compared: separators and spaces dropped, so 教学楼-101 finds 教学楼 101."""
    return _SEPARATORS.sub("", text).casefold()


def split_place(text: str) -> list[str]:
    """The parts of a location written with separators: ``本部/教学楼/101`` → three parts."""
    return [p for p in re.split(r"[\s/／\\|｜]+", text.strip()) if p]


class OrgNames:
    """Departments, campuses, buildings, rooms and people by the names staff write."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.complete = False
        self.departments: dict[str, int | None] = {}
        self.campuses: dict[str, int | None] = {}
        self.buildings: dict[tuple[int, str], int | None] = {}
        self.rooms: dict[tuple[int, str], int | None] = {}
        self.buildings_named: dict[str, list[tuple[int, int]]] = {}
        self.campus_names: dict[int, str] = {}
        self.staff_numbers: dict[str, PersonRef | None] = {}
        self.people_named: dict[str, list[PersonRef]] = {}
        self._place_index: dict[str, list[Place]] | None = None

    # Loading ----------------------------------------------------------------------------

    def load_all(self) -> OrgNames:
        """Read the whole organisation once; afterwards a name not found does not exist."""
        conn = self.uow.conn
        self.departments = {
            r.name: r.id for r in conn.execute(sa.select(o.department.c.id, o.department.c.name))
        }
        self.campuses = {
            r.name: r.id for r in conn.execute(sa.select(o.campus.c.id, o.campus.c.name))
        }
        self.campus_names = {v: k for k, v in self.campuses.items() if v is not None}
        self.buildings = {}
        self.buildings_named = {}
        for r in conn.execute(
            sa.select(o.building.c.id, o.building.c.campus_id, o.building.c.name)
        ):
            self._add_building(r.campus_id, r.name, r.id)
        self.rooms = {
            (r.building_id, r.name): r.id
            for r in conn.execute(sa.select(o.room.c.id, o.room.c.building_id, o.room.c.name))
        }
        self.staff_numbers = {}
        self.people_named = {}
        for r in conn.execute(sa.select(o.person.c.id, o.person.c.name, o.person.c.staff_no)):
            self._add_person(PersonRef(r.id, r.name, r.staff_no))
        self.complete = True
        self._place_index = None
        return self

    def _add_building(self, campus_id: int, name: str, building_id: int) -> None:
        self.buildings[(campus_id, name)] = building_id
        self.buildings_named.setdefault(name, []).append((campus_id, building_id))

    def _add_person(self, ref: PersonRef) -> None:
        if ref.staff_no:
            self.staff_numbers[ref.staff_no] = ref
        self.people_named.setdefault(ref.name, []).append(ref)

    def _one(self, query: sa.Select[Any]) -> int | None:
        found = self.uow.conn.execute(query).scalar()
        return None if found is None else int(found)

    # Departments and places ---------------------------------------------------------------

    def department(self, name: str) -> int | None:
        if name not in self.departments and not self.complete:
            self.departments[name] = self._one(
                sa.select(o.department.c.id).where(o.department.c.name == name)
            )
        return self.departments.get(name)

    def remember_department(self, name: str, department_id: int) -> None:
        self.departments[name] = department_id

    def campus(self, name: str) -> int | None:
        if name not in self.campuses and not self.complete:
            self.campuses[name] = self._one(sa.select(o.campus.c.id).where(o.campus.c.name == name))
        found = self.campuses.get(name)
        if found is not None:
            self.campus_names[found] = name
        return found

    def building(self, campus_id: int, name: str) -> int | None:
        key = (campus_id, name)
        if key not in self.buildings and not self.complete:
            self.buildings[key] = self._one(
                sa.select(o.building.c.id).where(
                    o.building.c.campus_id == campus_id, o.building.c.name == name
                )
            )
        return self.buildings.get(key)

    def buildings_called(self, name: str) -> list[tuple[int, int]]:
        """(campus id, building id) of every building of that name, on any campus."""
        if not self.complete and name not in self.buildings_named:
            rows = self.uow.conn.execute(
                sa.select(o.building.c.campus_id, o.building.c.id, o.campus.c.name)
                .join(o.campus, o.campus.c.id == o.building.c.campus_id)
                .where(o.building.c.name == name)
            )
            self.buildings_named[name] = []
            for r in rows:
                self.campus_names[r.campus_id] = r[2]
                self.buildings_named[name].append((r.campus_id, r.id))
        return self.buildings_named.get(name, [])

    def room(self, building_id: int, name: str) -> int | None:
        key = (building_id, name)
        if key not in self.rooms and not self.complete:
            self.rooms[key] = self._one(
                sa.select(o.room.c.id).where(
                    o.room.c.building_id == building_id, o.room.c.name == name
                )
            )
        return self.rooms.get(key)

    def remember_place(self, place: Place) -> None:
        self.campuses[place.campus] = place.campus_id
        self.campus_names[place.campus_id] = place.campus
        if place.building_id is not None and place.building is not None:
            if (place.campus_id, place.building) not in self.buildings:
                self._add_building(place.campus_id, place.building, place.building_id)
            if place.room_id is not None and place.room is not None:
                self.rooms[(place.building_id, place.room)] = place.room_id
        self._place_index = None

    def place(
        self, campus: str | None, building: str | None, room: str | None
    ) -> Place | Refusal | None:
        """The place named by the three location fields; None when none is given."""
        if not (campus or building or room):
            return None
        if room and not building:
            return Refusal("building", N_("give the building of room {room}", room=room))
        if campus:
            campus_id = self.campus(campus)
            if campus_id is None:
                return Refusal("campus", N_("there is no campus named {name}", name=campus))
            if not building:
                return Place(campus_id, campus)
            building_id = self.building(campus_id, building)
            if building_id is None:
                return Refusal(
                    "building",
                    N_("{campus} has no building named {name}", campus=campus, name=building),
                )
        else:
            assert building is not None
            found = self.buildings_called(building)
            if not found:
                return Refusal("building", N_("there is no building named {name}", name=building))
            if len(found) > 1:
                return Refusal(
                    "campus",
                    N_(
                        "more than one campus has a building named {name}: give the campus",
                        name=building,
                    ),
                )
            campus_id, building_id = found[0]
            campus = self.campus_names[campus_id]
        if not room:
            return Place(campus_id, campus, building_id, building)
        room_id = self.room(building_id, room)
        if room_id is None:
            return Refusal(
                "room", N_("{building} has no room {room}", building=building, room=room)
            )
        return Place(campus_id, campus, building_id, building, room_id, room)

    def place_from_text(self, text: str) -> Place | Refusal:
        """A place written in one cell (存放地点): 本部 教学楼 101, 教学楼101, 校长室…

        Compared without spaces and separators against every campus, building
        and room, alone and combined; the text must fit exactly one place.
        """
        if self._place_index is None:
            if not self.complete:
                self.load_all()
            self._place_index = self._build_place_index()
        found = self._place_index.get(place_key(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            return Refusal(
                "location",
                N_("{text} fits more than one place: write campus, building and room", text=text),
            )
        return Refusal(
            "location", N_("there is no place {text} (campus, building or room)", text=text)
        )

    def _build_place_index(self) -> dict[str, list[Place]]:
        index: dict[str, list[Place]] = {}

        def add(place: Place, *parts: str) -> None:
            entries = index.setdefault(place_key("".join(parts)), [])
            if place not in entries:
                entries.append(place)

        building_of: dict[int, Place] = {}
        for name, campus_id in self.campuses.items():
            if campus_id is not None:
                add(Place(campus_id, name), name)
        for (campus_id, name), building_id in self.buildings.items():
            if building_id is None:
                continue
            campus = self.campus_names[campus_id]
            place = Place(campus_id, campus, building_id, name)
            building_of[building_id] = place
            add(place, campus, name)
            add(place, name)
        for (building_id, name), room_id in self.rooms.items():
            holder = building_of.get(building_id)
            if room_id is None or holder is None:
                continue
            assert holder.building is not None
            place = attrs.evolve(holder, room_id=room_id, room=name)
            add(place, holder.campus, holder.building, name)
            add(place, holder.building, name)
            add(place, name)
        return index

    # People ---------------------------------------------------------------------------------

    def person(self, key: str) -> PersonRef | Refusal:
        """A person by staff number, else by a name only one person has."""
        if not self.complete and key not in self.staff_numbers:
            self._fetch_people(key)
        by_number = self.staff_numbers.get(key)
        if by_number is not None:
            return by_number
        named = self.people_named.get(key, [])
        if len(named) == 1:
            return named[0]
        if named:
            return Refusal(
                "custodian",
                N_("more than one person is called {key}: give the staff number", key=key),
            )
        return Refusal("custodian", N_("there is nobody with staff number or name {key}", key=key))

    def _fetch_people(self, key: str) -> None:
        c = o.person.c
        rows = self.uow.conn.execute(
            sa.select(c.id, c.name, c.staff_no).where(sa.or_(c.staff_no == key, c.name == key))
        )
        self.staff_numbers.setdefault(key, None)
        self.people_named.setdefault(key, [])
        for r in rows:
            ref = PersonRef(r.id, r.name, r.staff_no)
            if r.staff_no == key:
                self.staff_numbers[key] = ref
            if r.name == key and ref not in self.people_named[key]:
                self.people_named[key].append(ref)

    def remember_person(self, ref: PersonRef) -> None:
        self._add_person(ref)

    def campuses_known(self) -> Iterable[str]:
        return [name for name, found in self.campuses.items() if found is not None]
