"""Shared fixtures come from houqin.core.testing (the pytest11 plugin)."""

from collections.abc import Iterator

import pytest

from houqin.core.i18n import use_language


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Tests read messages in English unless they ask for Chinese (the product default)."""
    with use_language("en"):
        yield
