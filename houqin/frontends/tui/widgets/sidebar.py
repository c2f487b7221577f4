"""The sidebar: the areas and what the user may open in each, one line a screen."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from houqin.frontends.tui.messages import Navigate
from houqin.frontends.tui.navigation import NavEntry


class Sidebar(OptionList):
    """Headings for the areas, entries under them; Enter opens the entry's screen."""

    DEFAULT_CSS = """
    Sidebar {
        width: 24;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        scrollbar-size-vertical: 1;
        height: 1fr;
        max-height: 100%;
        border: none;
        border-right: vkey $border-blurred;
        padding: 0;
        background: $panel;
        &:focus {
            border: none;
            border-right: vkey $border;
        }
        & > .option-list--option-disabled {
            color: $text-accent;
            text-style: bold;
        }
    }
    """

    def __init__(self, entries: Sequence[NavEntry], current: str | None = None) -> None:
        options = [
            Option(f" {e.label}", id=e.target)
            if e.target is not None
            else Option(e.label, disabled=True)
            for e in entries
        ]
        super().__init__(*options, id="sidebar")
        self._current = current

    def on_mount(self) -> None:
        if self._current is not None:
            with suppress(OptionDoesNotExist):
                self.highlighted = self.get_option_index(self._current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(Navigate(event.option.id, self))
