"""The terminal interface (Textual): ``make_app(config)`` and the contract with plugins.

Importing this package does not import Textual; :func:`make_app` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from houqin.frontends.tui.config import TuiConfig

if TYPE_CHECKING:
    from houqin.frontends.tui.app import HouqinApp


def make_app(config: TuiConfig | None = None) -> HouqinApp:
    """Open the school and return the app, ready to ``run()`` (see :mod:`.app`)."""
    from houqin.frontends.tui.app import make_app as make

    return make(config)


__all__ = ["TuiConfig", "make_app"]
