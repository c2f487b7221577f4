"""失物招领 — a small lost-and-found register, written as a third-party plugin would be.

It owns a table (``lostfound_item``) with its own migration history, declares
a role, a permission and a setting, registers a converter hook for its own
value type, adds a CLI command, hears events and adds demo data. Its kind
has an action (hand an item back to its owner) and a document (the receipt
the owner signs), which every frontend offers without code of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import click
import sqlalchemy as sa

from houqin.core import (
    N_,
    Event,
    MigrationSpec,
    PermissionSpec,
    PluginInfo,
    RoleSpec,
    SettingSpec,
    hookimpl,
)
from houqin.core.access import require
from houqin.core.commands import field, not_blank
from houqin.core.dashboard import Alert, DashboardCard
from houqin.core.errors import Conflict, InvalidInput, NotFound
from houqin.core.kinds import Area, KindAction, KindDocument, ListColumn, ObjectKind
from houqin.core.listing import Page, fetch_page
from houqin.core.printing import PrintDoc, PrintTable
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork
from tests.plugins.lostfound.tables import item

NAME = "lostfound"
RECORD = "lostfound.record"
VIEW = "lostfound.view"
CLERK = "lostfound.clerk"

heard: list[Event] = []


@attrs.frozen
class TagNumber:
    """The number on the tag tied to a found item, always written LF-0001."""

    value: str


def parse_tag(raw: Any, _type: Any) -> TagNumber:
    text = str(raw).strip().upper()
    if not text.startswith("LF-"):
        text = f"LF-{int(text):04d}"
    return TagNumber(text)


@attrs.frozen
class FoundItem:
    tag: TagNumber = field(label=N_("Tag"))
    description: str = field(label=N_("Description"), checks=(not_blank,))
    found_on: date = field(label=N_("Found on"))


def record_found_item(uow: UnitOfWork, cmd: FoundItem) -> int:
    require(uow.actor, RECORD)
    new_id = uow.conn.execute(
        item.insert().values(tag=cmd.tag.value, description=cmd.description, found_on=cmd.found_on)
    ).inserted_primary_key
    assert new_id is not None
    uow.record(
        "lostfound.item.recorded",
        "lostfound_item",
        new_id[0],
        after={"tag": cmd.tag.value, "description": cmd.description},
    )
    return int(new_id[0])


@attrs.frozen
class FoundItemRecord:
    id: int
    tag: str
    description: str
    found_on: date
    handed_to: str | None = None
    handed_on: date | None = None


def _record(row: Any) -> FoundItemRecord:
    return FoundItemRecord(
        row["id"],
        row["tag"],
        row["description"],
        row["found_on"],
        row["handed_to"],
        row["handed_on"],
    )


@attrs.frozen
class HandBack:
    owner: str = field(label=N_("Owner"), help=N_("Who took the item"), checks=(not_blank,))
    handed_on: date | None = field(label=N_("Handed back on"), default=None)


def hand_back(uow: UnitOfWork, object_id: int, cmd: HandBack) -> FoundItemRecord:
    """Give a found item back to its owner; an item goes back once."""
    require(uow.actor, RECORD)
    before = get_item(uow, object_id)
    if before.handed_to is not None:
        raise Conflict(N_("{tag} was already handed back", tag=before.tag))
    day = cmd.handed_on or date.today()
    if day < before.found_on:
        raise InvalidInput.single("handed_on", N_("must not be before the day it was found"))
    uow.conn.execute(
        item.update().where(item.c.id == object_id).values(handed_to=cmd.owner, handed_on=day)
    )
    uow.record("lostfound.item.handed_back", "lostfound_item", object_id, after={"to": cmd.owner})
    return get_item(uow, object_id)


def receipt(uow: UnitOfWork, object_id: int, _params: None) -> PrintDoc:
    """The receipt (领取单) the owner signs when an item is handed back."""
    found = get_item(uow, object_id)
    return PrintDoc(
        title=N_("Receipt for a found item"),
        facts=(
            (N_("Tag"), found.tag),
            (N_("Found on"), found.found_on),
            (N_("Handed back to"), found.handed_to),
            (N_("Handed back on"), found.handed_on),
        ),
        tables=(
            PrintTable(
                (N_("Tag"), N_("Description"), N_("Quantity")),
                ((found.tag, found.description, 1),),
                totals=(N_("Total"), "", 1),
            ),
        ),
        paragraphs=(N_("I have received the item above in good order."),),
        signatures=(N_("Owner"), N_("Clerk")),
        file_name=f"receipt-{found.tag}",
    )


def get_item(uow: UnitOfWork, object_id: int) -> FoundItemRecord:
    require(uow.actor, VIEW)
    row = uow.conn.execute(sa.select(item).where(item.c.id == object_id)).mappings().first()
    if row is None:
        raise NotFound(N_("no such item"))
    return _record(row)


def create_item(uow: UnitOfWork, cmd: FoundItem) -> FoundItemRecord:
    return get_item(uow, record_found_item(uow, cmd))


def update_item(uow: UnitOfWork, object_id: int, cmd: FoundItem) -> FoundItemRecord:
    require(uow.actor, RECORD)
    uow.conn.execute(
        item.update()
        .where(item.c.id == object_id)
        .values(tag=cmd.tag.value, description=cmd.description, found_on=cmd.found_on)
    )
    uow.record("lostfound.item.changed", "lostfound_item", object_id)
    return get_item(uow, object_id)


def delete_item(uow: UnitOfWork, object_id: int) -> None:
    require(uow.actor, RECORD)
    uow.conn.execute(item.delete().where(item.c.id == object_id))
    uow.record("lostfound.item.returned", "lostfound_item", object_id)


def list_items(
    uow: UnitOfWork,
    *,
    search: str | None = None,
    after: str | None = None,
    limit: int = 50,
    with_total: bool = False,
) -> Page[FoundItemRecord]:
    require(uow.actor, VIEW)
    query = sa.select(item)
    if search:
        query = query.where(item.c.description.ilike(f"%{search}%"))
    return fetch_page(
        uow.conn,
        query,
        [item.c.tag, item.c.id],
        _record,
        after=after,
        limit=limit,
        with_total=with_total,
    )


def count_items(uow: UnitOfWork) -> int:
    return int(uow.conn.execute(sa.select(sa.func.count()).select_from(item)).scalar_one())


@hookimpl
def houqin_plugin_info() -> PluginInfo:
    return PluginInfo(
        name=NAME,
        label=N_("Lost and found"),
        version="1.0",
        school_types=("boarding", "university"),
    )


@hookimpl
def houqin_permissions() -> Iterable[PermissionSpec]:
    return [
        PermissionSpec(RECORD, N_("Record found items"), default_roles=(CLERK, "teacher")),
        PermissionSpec(VIEW, N_("See found items"), default_roles=(CLERK, "teacher")),
    ]


@hookimpl
def houqin_roles() -> Iterable[RoleSpec]:
    return [RoleSpec(CLERK, N_("Lost-and-found clerk"))]


@hookimpl
def houqin_settings() -> Iterable[SettingSpec]:
    return [
        SettingSpec(
            "lostfound.keep_days",
            N_("Keep found items for"),
            "int",
            90,
            unit=N_("days"),
            minimum=7,
            maximum=365,
        )
    ]


@hookimpl
def houqin_migrations() -> MigrationSpec:
    return MigrationSpec(NAME, Path(__file__).parent / "migrations", tables=(item.name,))


@hookimpl
def houqin_converter(converter: Any) -> None:
    converter.register_structure_hook(TagNumber, parse_tag)


@hookimpl
def houqin_on_event(event: Event) -> None:
    heard.append(event)


@hookimpl
def houqin_demo_data(uow: UnitOfWork) -> None:
    record_found_item(uow, FoundItem(TagNumber("LF-0001"), "蓝色水杯", date(2024, 9, 2)))


@click.group(NAME, help="Lost and found")
def lostfound_cli() -> None:
    pass


@lostfound_cli.command("count")
def count_cmd() -> None:
    from houqin.cli.context import cli_context

    ctx = cli_context()
    school = ctx.school()
    with school.read(ctx.actor) as uow:
        click.echo(str(count_items(uow)))


@hookimpl
def houqin_cli_commands() -> Iterable[click.Command]:
    from houqin.cli.kinds import kind_group

    if "items" not in lostfound_cli.commands:
        lostfound_cli.add_command(kind_group(KIND, "items"))
    return [lostfound_cli]


@hookimpl
def houqin_areas() -> Iterable[Area]:
    return [Area(NAME, N_("Lost and found"), order=50)]


KIND = ObjectKind(
    "lostfound_items",
    NAME,
    N_("found item"),
    N_("Found items"),
    FoundItem,
    create_item,
    update_item,
    delete_item,
    get_item,
    list_items,
    view_permission=VIEW,
    manage_permission=RECORD,
    title=lambda record: record.tag,
    extra_columns=(ListColumn("handed_to", N_("Handed back to")),),
    actions=(
        KindAction(
            "hand_back",
            N_("Hand back"),
            HandBack,
            hand_back,
            RECORD,
            help=N_("Give the item back to its owner."),
            offered=lambda record: record.handed_to is None,
        ),
    ),
    documents=(
        KindDocument(
            "receipt",
            N_("Receipt"),
            receipt,
            VIEW,
            offered=lambda record: record.handed_to is not None,
        ),
    ),
)


@hookimpl
def houqin_object_kinds() -> Iterable[ObjectKind]:
    return [KIND]


@hookimpl
def houqin_dashboard_cards(uow: UnitOfWork) -> Iterable[DashboardCard]:
    return [
        DashboardCard(
            "lostfound.waiting",
            N_("Found items waiting"),
            str(count_items(uow)),
            permission=VIEW,
            kind="lostfound_items",
        )
    ]


@hookimpl
def houqin_alerts(uow: UnitOfWork) -> Iterable[Alert]:
    keep = int(get_setting(uow, "lostfound.keep_days"))
    oldest = uow.conn.execute(sa.select(sa.func.min(item.c.found_on))).scalar()
    if oldest is not None and (date.today() - oldest).days > keep:
        return [
            Alert(
                "lostfound.overdue",
                N_("Found items kept longer than {days} days", days=keep),
                permission=VIEW,
                level="warning",
                kind="lostfound_items",
            )
        ]
    return []
