"""The school a web worker serves, and what it keeps of its data, in step with changes.

Several workers (gunicorn processes, each with threads) share one database.
When an administrator switches a module in one of them, every other worker
must stop showing its pages at once. Before each request a worker reads the
school's data version (one small query: switching a module is audited like
every change, see :func:`~houqin.core.kinds.data_version`); when it moved, the
worker reads the list of enabled modules and, when that differs from what it
loaded, opens the school afresh on the same engine and swaps it in. Requests
already running finish with the school they started with. The same version
says when what the worker keeps (:class:`KeptData`) must be worked out again.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from houqin.core.kinds import data_version
from houqin.core.plugin_state import enabled_names
from houqin.core.school import School

T = TypeVar("T")


class SchoolHolder:
    """Holds the current :class:`School` of this worker and replaces it when modules change."""

    def __init__(self, open_school: Callable[..., School]) -> None:
        self._open = open_school
        self._school = open_school()
        self._lock = threading.Lock()
        # The school last found to have the modules the database says are on, and the
        # data version read just before: while the version stays, so do the modules.
        self._checked: tuple[School, int] | None = None

    @property
    def school(self) -> School:
        return self._school

    def current(self) -> tuple[School, int]:
        """The school with the modules the database says are on, and the data version.

        Reloads the school if modules were switched; the version is read first,
        so what is worked out from the data afterwards is at least that recent.
        """
        school = self._school
        with school.engine.connect() as conn:
            version = data_version(conn)
            if self._checked == (school, version):
                return school, version
            enabled = enabled_names(conn)
        optional = {p.info.name for p in school.host.optional()}
        if enabled & optional != set(school.active_plugins()):
            with self._lock:
                if self._school is school:
                    self._school = self._open(engine=school.engine)
                school = self._school
        self._checked = (school, version)
        return school, version

    def close(self) -> None:
        self._school.engine.dispose()


class KeptData:
    """What a worker works out from a school's data alone, kept while the data is unchanged.

    Filter choices and settings are read on most pages but change seldom.
    Each is kept with the :func:`~houqin.core.kinds.data_version` it was
    worked out at or after; a request that reads another version finds
    nothing kept and works it out again. Per School object: a school reopened
    with other modules keeps nothing of the old one's.
    """

    def __init__(self) -> None:
        self._kept: weakref.WeakKeyDictionary[School, tuple[int, dict[Hashable, Any]]] = (
            weakref.WeakKeyDictionary()
        )
        self._lock = threading.Lock()

    def get(self, school: School, version: int, key: Hashable, work_out: Callable[[], T]) -> T:
        """The value kept for ``key`` at ``version``, else ``work_out()`` (and keep it)."""
        with self._lock:
            kept = self._kept.get(school)
            if kept is None or kept[0] < version:
                kept = self._kept[school] = (version, {})
            if kept[0] == version and key in kept[1]:
                found: T = kept[1][key]
                return found
        value = work_out()  # outside the lock: it may query the database
        with self._lock:
            current = self._kept.get(school)
            # Kept only if no request has seen a newer version meanwhile.
            if current is not None and current[0] == version:
                current[1][key] = value
        return value
