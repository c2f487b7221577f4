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
from houqin.core.uow import UnitOfWork
from tests.plugins.lostfound.tables import item

NAME = "lostfound"
RECORD = "lostfound.record"
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
    return [PermissionSpec(RECORD, N_("Record found items"), default_roles=(CLERK, "teacher"))]


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
