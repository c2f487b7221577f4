"""Search text and a list's filters on one line; any change asks for the list again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Select

from houqin.core.i18n import _
from houqin.frontends.tui.messages import FiltersChanged

SEARCH_DELAY = 0.25


@attrs.frozen
class FilterChoice:
    """A filter of the list: its name, its label and its choices (none: free text)."""

    name: str
    label: str
    options: tuple[tuple[str, str], ...] | None = None


class FilterBar(Horizontal):
    """A search box and one input or drop-down per filter; posts :class:`FiltersChanged`."""

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        margin-bottom: 1;
        Input, Select {
            width: 1fr;
            margin-right: 1;
        }
        #search {
            width: 2fr;
        }
    }
    """

    def __init__(
        self,
        filters: Sequence[FilterChoice],
        *,
        id: str | None = None,
        initial: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.filters = list(filters)
        self.initial = dict(initial or {})
        self._timer: Timer | None = None
        self._announced: tuple[str | None, dict[str, str]] = (None, dict(self.initial))

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("Search…"), id="search", compact=True)
        for choice in self.filters:
            given = self.initial.get(choice.name, "")
            if choice.options is None:
                yield Input(
                    given, placeholder=choice.label, id=f"filter-{choice.name}", compact=True
                )
            else:
                select: Select[str] = Select(
                    [(label, value) for value, label in choice.options],
                    prompt=choice.label,
                    id=f"filter-{choice.name}",
                    compact=True,
                )
                if given in {value for value, _label in choice.options}:
                    select.value = given
                yield select

    @property
    def search(self) -> str | None:
        text = self.query_one("#search", Input).value.strip()
        return text or None

    @property
    def values(self) -> dict[str, str]:
        """The filters that are set, by name."""
        found: dict[str, str] = {}
        for choice in self.filters:
            widget = self.query_one(f"#filter-{choice.name}")
            if isinstance(widget, Select) and isinstance(widget.value, str):
                found[choice.name] = widget.value
            elif isinstance(widget, Input) and widget.value.strip():
                found[choice.name] = widget.value.strip()
        return found

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        # Wait for a pause in typing rather than reading the list at every key.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_DELAY, self.announce)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.announce(done=True)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        self.announce()

    def announce(self, *, done: bool = False) -> None:
        """Tell the screen what is asked for now; ``done`` after Enter."""
        asked = (self.search, self.values)
        if asked != self._announced or done:
            self._announced = asked
            self.post_message(FiltersChanged(self, asked[0], asked[1], done))
