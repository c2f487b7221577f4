"""An input for a USB barcode scanner, which types a tag as fast keystrokes and then Enter.

A scanner in keyboard mode is a very fast typist: the code arrives in a burst
of key presses ending with Enter (some scanners are set to end with Tab), at
times as one pasted block holding several codes. This input turns each code
into a :class:`~houqin.frontends.tui.messages.Scanned` message with the
whitespace and control characters a scanner adds stripped, clears itself at
once so the next scan starts empty, and keeps the focus, so a person counting
a storeroom can scan one tag after another without touching the keyboard.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.widgets import Input

from houqin.core.i18n import N_
from houqin.frontends.tui.keys import key
from houqin.frontends.tui.messages import Scanned


def clean_code(raw: str) -> str:
    """A scanned code without surrounding whitespace or the control characters scanners add."""
    return "".join(ch for ch in raw if ch.isprintable()).strip()


class ScannerInput(Input):
    """Takes codes from a scanner or the keyboard; posts :class:`Scanned` for each one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        key("tab", "scan", N_("Scan"), show=False),
    ]

    def __init__(
        self,
        *,
        placeholder: str = "",
        keep_focus: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(placeholder=placeholder, name=name, id=id, classes=classes)
        self.keep_focus = keep_focus
        self.scanned: int = 0

    def _emit(self, raw: str) -> None:
        code = clean_code(raw)
        if code:
            self.scanned += 1
            self.post_message(Scanned(self, code))

    async def action_submit(self) -> None:
        """Enter: the scanner's (or the typist's) code is complete."""
        raw = self.value
        self.value = ""
        self._emit(raw)
        if self.keep_focus:
            self.focus()

    async def action_scan(self) -> None:
        """Tab, as some scanners end a code: the same as Enter."""
        await self.action_submit()

    def _on_paste(self, event: events.Paste) -> None:
        # A burst delivered as one paste may hold several codes, one a line.
        lines = event.text.splitlines()
        if len(lines) <= 1 and not event.text.endswith(("\n", "\r")):
            return  # one code without its Enter: let Input insert it
        event.stop()
        event.prevent_default()
        first, *rest = lines or [""]
        self._emit(self.value + first)
        self.value = ""
        for line in rest:
            self._emit(line)

    def on_blur(self, _event: events.Blur) -> None:
        if self.keep_focus and self.screen.is_current and self.is_attached:
            # A scan that starts while focus is elsewhere would be lost; come back at
            # once unless the user moved on (another input, a button) on purpose.
            self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        focused = self.screen.focused
        if focused is None and self.is_attached:
            self.focus()
