"""The school a web worker serves, kept in step with the modules switched on or off.

Several workers (gunicorn processes, each with threads) share one database.
When an administrator switches a module in one of them, every other worker
must stop showing its pages at once. Before each request a worker reads the
list of enabled modules (one small query) and, when it differs from what it
loaded, opens the school afresh on the same engine and swaps it in; requests
already running finish with the school they started with.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from houqin.core.plugin_state import enabled_names
from houqin.core.school import School


class SchoolHolder:
    """Holds the current :class:`School` of this worker and replaces it when modules change."""

    def __init__(self, open_school: Callable[..., School]) -> None:
        self._open = open_school
        self._school = open_school()
        self._lock = threading.Lock()

    @property
    def school(self) -> School:
        return self._school

    def current(self) -> School:
        """The school with the modules the database says are on, reloading if they changed."""
        school = self._school
        with school.engine.connect() as conn:
            enabled = enabled_names(conn)
        optional = {p.info.name for p in school.host.optional()}
        if enabled & optional == set(school.active_plugins()):
            return school
        with self._lock:
            if self._school is school:
                self._school = self._open(engine=school.engine)
            return self._school

    def close(self) -> None:
        self._school.engine.dispose()
