"""What every subcommand shares: the school it opens, the operator, output and errors."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any, NoReturn, TypeVar

import click
import sqlalchemy as sa

from houqin.core.access import Actor, operator_actor
from houqin.core.choices import label_of
from houqin.core.errors import HouqinError, InvalidInput
from houqin.core.i18n import Text, _, render
from houqin.core.school import School

T = TypeVar("T")


class CliContext:
    """The ``--db`` chosen and the school opened from it, once per run."""

    def __init__(self, db: str | None, plugins: Sequence[Any] | None = None) -> None:
        self.db = db
        self.plugins = plugins
        self._school: School | None = None
        self.actor: Actor = operator_actor()

    def school(self, *, require_schema: bool = True) -> School:
        if self._school is None:
            self._school = School.open(self.db, plugins=self.plugins, require_schema=require_schema)
        return self._school


def cli_context() -> CliContext:
    obj = click.get_current_context().find_root().obj
    assert isinstance(obj, CliContext)
    return obj


def run_reporting_errors(call: Callable[[], T], ctx: click.Context) -> T:
    """Run a command; show a refusal as a message in the user's language, exit 1."""
    try:
        return call()
    except InvalidInput as exc:
        click.secho(_("Refused, nothing was changed:"), fg="red", err=True)
        for error in exc.errors:
            click.echo(f"  - {error.describe()}", err=True)
        ctx.exit(1)
    except HouqinError as exc:
        click.secho(_("Error: {message}", message=str(exc)), fg="red", err=True)
        ctx.exit(1)
    except sa.exc.OperationalError as exc:
        if os.environ.get("HOUQIN_DEBUG"):
            raise
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        click.secho(
            _("Database error, nothing was changed: {reason}", reason=reason), fg="red", err=True
        )
        ctx.exit(1)
    raise AssertionError("unreachable")


def fail(message: Text) -> NoReturn:
    click.secho(_("Error: {message}", message=render(message)), fg="red", err=True)
    click.get_current_context().exit(1)
    raise AssertionError("unreachable")


def done(message: Text) -> None:
    click.secho(render(message), fg="green")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enum):
        return render(label_of(value))
    return render(value) if isinstance(value, str) or hasattr(value, "render") else str(value)


def echo_table(headers: Sequence[Text], rows: Iterable[Sequence[Any]]) -> int:
    """Print aligned columns (Chinese characters count double); returns the row count."""
    shown = [[render(h) for h in headers]] + [[cell(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in shown) for i in range(len(headers))]
    for index, row in enumerate(shown):
        line = "  ".join(_pad(text, widths[i]) for i, text in enumerate(row)).rstrip()
        click.echo(click.style(line, bold=True) if index == 0 else line)
    return len(shown) - 1
