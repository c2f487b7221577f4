"""What the terminal interface is started with: the database, language, plugins and clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import attrs


def _now() -> datetime:
    return datetime.now(UTC)


@attrs.frozen
class TuiConfig:
    """Settings of one run of the app.

    ``database_url`` is what ``--db`` names (None: ``HOUQIN_DATABASE_URL`` or
    the data folder). ``plugins`` lists the core plugins and ``tui_plugins``
    their TUI modules by plugin name; ``plugins=None`` takes the installed
    ones, with their TUI modules, from the entry points. Tests hand both in
    (``tui_plugins=None`` beside a list of plugins means no TUI modules).
    ``language`` None takes the school's setting (``school.language``, Chinese
    unless changed). ``clock`` gives the current time in UTC; tests fix it.
    ``theme`` is any Textual theme name; a light one suits a light terminal.
    ``cursor_blink`` is switched off for screenshots that must not depend on
    timing. ``page_size`` is how many rows a table reads at a time.
    """

    database_url: str | None = None
    language: str | None = None
    plugins: Sequence[Any] | None = None
    tui_plugins: Mapping[str, Any] | None = None
    clock: Callable[[], datetime] = _now
    theme: str | None = None
    cursor_blink: bool = True
    page_size: int = 100
