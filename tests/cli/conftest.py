from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from click.testing import CliRunner, Result

from houqin.cli import build
from houqin.core.i18n import use_language

Run = Callable[..., Result]


@pytest.fixture
def houqin_cli(houqin_database_url: str) -> Run:
    """Run ``houqin --db <test database> ARGS`` in-process; Chinese unless ``lang`` says."""

    def run(
        *args: str,
        input: str | None = None,
        lang: str = "zh_CN",
        plugins: Sequence[Any] = (),
    ) -> Result:
        with use_language(lang):
            group = build(plugins=list(plugins))
            return CliRunner().invoke(
                group, ["--db", houqin_database_url, *args], input=input, catch_exceptions=False
            )

    return run
