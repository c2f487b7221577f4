"""The footer: every binding of the focused widget and its screen, in the user's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from houqin.frontends.tui.keys import describe


class HouqinFooter(Footer):
    """Textual's footer, with binding descriptions translated as they are drawn."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # Footer keys carry their binding's description as plain text.
            description = getattr(widget, "description", None)
            if isinstance(description, str):
                widget.description = describe(description)  # type: ignore[attr-defined]
            yield widget
