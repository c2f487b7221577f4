"""Shared fixtures come from houqin.core.testing (the pytest11 plugin)."""

from collections.abc import Iterator

import pytest

from houqin.core import spreadsheet
from houqin.core.i18n import use_language


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Tests read messages in English unless they ask for Chinese (the product default)."""
    with use_language("en"):
        yield


@pytest.fixture(params=["whole", "streamed"])
def xlsx_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Read .xlsx files whole (calamine) and, in a second run, row by row (openpyxl).

    Large files are streamed; the threshold is lowered so that a small file takes
    that path too and every test of it holds for both readers.
    """
    if request.param == "streamed":
        monkeypatch.setattr(spreadsheet, "STREAM_ABOVE_BYTES", -1)
    return str(request.param)
