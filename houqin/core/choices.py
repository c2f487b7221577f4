"""Enums whose members carry translatable labels (room kinds, asset statuses…).

The converter accepts a member's value or its label in any language houqin
speaks, so a spreadsheet may say 教室 where the code says ``classroom``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TypeVar

from houqin.core.i18n import LANGUAGES, LazyText, Text

E = TypeVar("E", bound=Enum)

_CHOICE_LABELS: dict[type[Enum], dict[Enum, Text]] = {}


def choice_labels(labels: Mapping[str, Text]) -> Callable[[type[E]], type[E]]:
    """Give an enum's members labels; the converter then accepts a label as well as a value."""

    def register(cls: type[E]) -> type[E]:
        _CHOICE_LABELS[cls] = {cls(value): label for value, label in labels.items()}
        return cls

    return register


def label_of(member: Enum) -> Text:
    """A member's label, or its value where none was given."""
    return _CHOICE_LABELS.get(type(member), {}).get(member, str(member.value))


def member_by_label(cls: type[E], text: str) -> E | None:
    """The member whose label reads ``text`` in any language houqin speaks."""
    for member, label in _CHOICE_LABELS.get(cls, {}).items():
        if isinstance(label, LazyText):
            if any(label.render(lang) == text for lang in LANGUAGES):
                return member  # type: ignore[return-value]
        elif label == text:
            return member  # type: ignore[return-value]
    return None
