"""Key bindings whose footer text follows the user's language.

Textual keeps a binding's description as plain text in a class attribute,
made when the module is imported; the language is only known when the app
runs. :func:`key` keeps the English msgid there, and the footer
(:class:`~houqin.frontends.tui.widgets.footer.HouqinFooter`) translates it
when it draws.
"""

from __future__ import annotations

from textual.binding import Binding

from houqin.core.i18n import CORE_DOMAIN, N_, LazyText, translate

# The command palette's own binding, described by Textual in English.
PALETTE = N_("palette")

_domains: dict[str, str] = {}


def key(
    keys: str,
    action: str,
    description: LazyText,
    *,
    show: bool = True,
    priority: bool = False,
    key_display: str | None = None,
) -> Binding:
    """A binding described by ``description``, shown in the current language."""
    if description.domain != CORE_DOMAIN:
        _domains[description.msgid] = description.domain
    return Binding(
        keys, action, description.msgid, show=show, priority=priority, key_display=key_display
    )


def describe(description: str) -> str:
    """The footer text of a binding made by :func:`key` (or Textual's own), translated."""
    if not description:
        return description
    return translate(description, _domains.get(description, CORE_DOMAIN))
