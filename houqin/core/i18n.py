"""Translations: gettext catalogs per domain, zh_CN by default, English second.

Source strings are English msgids; ``houqin/locale/zh_CN/LC_MESSAGES/houqin.po``
holds the Chinese text and is compiled to ``.mo`` with ``pybabel compile``.
Text that is built before the language is known (command labels, error
messages raised in services) is a :class:`LazyText`, translated when shown.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pathlib is not imported at run time: ``houqin --help`` does without it
    from pathlib import Path

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
CORE_DOMAIN = "houqin"

_LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "locale")
_domains: dict[str, str | Path] = {CORE_DOMAIN: _LOCALE_DIR}
_catalogs: dict[tuple[str, str], _gettext.NullTranslations] = {}
_language: ContextVar[str] = ContextVar("houqin_language", default=DEFAULT_LANGUAGE)


def normalize_language(value: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``en_US.UTF-8``… to one of :data:`LANGUAGES`."""
    if not value:
        return DEFAULT_LANGUAGE
    code = value.split(".")[0].replace("-", "_").lower()
    if code.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def language_from_environment() -> str:
    """The language asked for by ``HOUQIN_LANG``; zh_CN unless it says otherwise."""
    return normalize_language(os.environ.get("HOUQIN_LANG"))


def register_domain(domain: str, locale_dir: str | Path) -> None:
    """Let a plugin ship its own catalogs under ``locale_dir/<lang>/LC_MESSAGES``."""
    _domains[domain] = locale_dir
    for key in [k for k in _catalogs if k[0] == domain]:
        del _catalogs[key]


def get_language() -> str:
    return _language.get()


def set_language(language: str) -> None:
    _language.set(normalize_language(language))


@contextmanager
def use_language(language: str) -> Iterator[None]:
    token = _language.set(normalize_language(language))
    try:
        yield
    finally:
        _language.reset(token)


def _catalog(domain: str, language: str) -> _gettext.NullTranslations:
    key = (domain, language)
    found = _catalogs.get(key)
    if found is None:
        localedir = _domains.get(domain)
        found = (
            _gettext.translation(domain, localedir, languages=[language], fallback=True)
            if localedir is not None and language != "en"
            else _gettext.NullTranslations()
        )
        _catalogs[key] = found
    return found


def translate(msgid: str, domain: str = CORE_DOMAIN, language: str | None = None) -> str:
    """The text of ``msgid`` in ``language`` (the current language by default)."""
    return _catalog(domain, language or _language.get()).gettext(msgid)


def _(msgid: str, **params: Any) -> str:
    """Translate now, in the current language, and fill ``{name}`` placeholders."""
    text = translate(msgid)
    return text.format(**params) if params else text


class LazyText:
    """A message translated only when it is shown, in the language of that moment."""

    __slots__ = ("domain", "msgid", "params")

    def __init__(self, msgid: str, domain: str = CORE_DOMAIN, **params: Any) -> None:
        self.msgid = msgid
        self.domain = domain
        self.params: Mapping[str, Any] = params

    def render(self, language: str | None = None) -> str:
        text = translate(self.msgid, self.domain, language)
        if not self.params:
            return text
        shown = {
            k: v.render(language) if isinstance(v, LazyText) else v for k, v in self.params.items()
        }
        return text.format(**shown)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"LazyText({self.msgid!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyText):
            return (self.msgid, self.domain, dict(self.params)) == (
                other.msgid,
                other.domain,
                dict(other.params),
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.msgid, self.domain))


def N_(msgid: str, **params: Any) -> LazyText:
    """Mark ``msgid`` for translation when shown (see :class:`LazyText`)."""
    return LazyText(msgid, **params)


Text = str | LazyText


def render(text: Text, language: str | None = None) -> str:
    """Show ``text`` (plain or lazy) in ``language`` or the current one."""
    return text.render(language) if isinstance(text, LazyText) else text
