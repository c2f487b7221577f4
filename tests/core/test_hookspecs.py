"""The spec file is the contract: every hook is documented and has a test of its own."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from houqin.core import hookspecs

HOOKS = sorted(
    name
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("houqin_")
)
TESTS = Path(__file__).resolve().parents[1]


def test_there_are_hooks() -> None:
    assert len(HOOKS) >= 8


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_an_example(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert len(doc.splitlines()[0]) > 20, f"{hook} needs a one-line summary"
    assert "Example::" in doc, f"{hook} needs an example"
    assert "@hookimpl" in doc


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test_of_its_own(hook: str) -> None:
    pattern = re.compile(rf"def test_hook_{hook}[_(]")
    found = [p for p in TESTS.rglob("test_*.py") if pattern.search(p.read_text("utf-8"))]
    assert found, f"no test named test_hook_{hook}… under tests/"
