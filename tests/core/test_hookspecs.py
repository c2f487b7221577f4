"""The spec files are the contract: every hook is documented and has a test of its own.

The core's hooks (``houqin/core/hookspecs.py``), the web frontend's
(``houqin/frontends/web/hookspecs.py``) and the terminal interface's
(``houqin/frontends/tui/hookspecs.py``) are held to the same rules.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from houqin.core import hookspecs
from houqin.frontends.tui import hookspecs as tui_hookspecs
from houqin.frontends.web import hookspecs as web_hookspecs

SPEC_MODULES = (hookspecs, web_hookspecs, tui_hookspecs)
SPECS = {
    name: fn
    for module in SPEC_MODULES
    for name, fn in inspect.getmembers(module, inspect.isfunction)
    if name.startswith("houqin_") and fn.__module__ == module.__name__
}
HOOKS = sorted(SPECS)
TESTS = Path(__file__).resolve().parents[1]


def test_there_are_hooks() -> None:
    assert len(HOOKS) >= 8
    assert {"houqin_web_blueprints", "houqin_web_menu_links", "houqin_web_dashboard_panels"} <= set(
        HOOKS
    )
    assert {"houqin_tui_screens", "houqin_tui_commands"} <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_an_example(hook: str) -> None:
    doc = inspect.getdoc(SPECS[hook]) or ""
    assert len(doc.splitlines()[0]) > 20, f"{hook} needs a one-line summary"
    assert "Example::" in doc, f"{hook} needs an example"
    assert "@hookimpl" in doc


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test_of_its_own(hook: str) -> None:
    pattern = re.compile(rf"def test_hook_{hook}[_(]")
    found = [p for p in TESTS.rglob("test_*.py") if pattern.search(p.read_text("utf-8"))]
    assert found, f"no test named test_hook_{hook}… under tests/"
