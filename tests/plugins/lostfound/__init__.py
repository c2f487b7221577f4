"""失物招领 — a small lost-and-found register, written as a third-party plugin would be.

It owns a table (``lostfound_item``) with its own migration history, declares
a role, a permission and a setting, registers a converter hook for its own
value type, adds a CLI command, hears events and adds demo data.
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
from houqin.core.errors import NotFound
from houqin.core.kinds import Area, ObjectKind
from houqin.core.listing import Page, fetch_page
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


def _record(row: Any) -> FoundItemRecord:
    return FoundItemRecord(row["id"], row["tag"], row["description"], row["found_on"])


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
    return [lostfound_cli]


@hookimpl
def houqin_areas() -> Iterable[Area]:
    return [Area(NAME, N_("Lost and found"), order=50)]


@hookimpl
def houqin_object_kinds() -> Iterable[ObjectKind]:
    return [
        ObjectKind(
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
        )
    ]


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
