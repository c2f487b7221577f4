"""The names of the installed plugins, without importing ``importlib.metadata`` when none is.

``importlib.metadata`` costs about 20 ms to import (it pulls in the ``email``
package), twice what the bare interpreter takes to start; ``houqin --help``
needs only the names of the plugins, and a school with no plugin installed
needs nothing of it at all. So a quick look comes first: the
distributions :func:`importlib.metadata.entry_points` would read are the
``*.dist-info`` and ``*.egg-info`` folders on ``sys.path`` (and ``EGG-INFO`` in
an ``.egg`` folder), and a distribution can declare an entry point of the
group only in an ``entry_points.txt`` that contains the group's name. If no
such file does, the group is empty; otherwise, or when the look cannot be sure
(a zip file on ``sys.path``, a finder other than Python's own that finds
distributions), ``importlib.metadata`` answers. The look parses nothing: a
group name found by mistake (in a comment, in a longer group's name) only
costs the slow way.
"""

from __future__ import annotations

import os
import sys

GROUP = "houqin.plugins"

# What importlib.metadata's PathDistribution.read_text takes for "no such file".
_ABSENT = (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError)


def entry_point_names(group: str = GROUP) -> list[str]:
    """The names of the entry points of ``group``, as ``importlib.metadata`` lists them."""
    if not may_declare(group):
        return []
    from importlib.metadata import entry_points

    return [ep.name for ep in entry_points(group=group)]


def may_declare(group: str = GROUP) -> bool:
    """False only if no distribution ``importlib.metadata`` can see declares ``group``."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            return True  # distributions found elsewhere than in sys.path's folders
    needle = group.encode()
    for root in sys.path:
        try:
            children = os.listdir(root or ".")
        except OSError:
            if os.path.exists(root):
                return True  # a zip file: importlib.metadata looks inside
            continue
        base_is_egg = os.path.basename(root).lower().endswith(".egg")
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")) or (base_is_egg and low == "egg-info"):
                try:
                    with open(os.path.join(root, child, "entry_points.txt"), "rb") as file:
                        if needle in file.read():
                            return True
                except _ABSENT:
                    continue
                except OSError:
                    return True  # importlib.metadata would say what is wrong
    return False
