"""Every message the code shows exists in Chinese, and the compiled catalog is current."""

from __future__ import annotations

import string

from houqin.core.errors import FieldError
from houqin.core.i18n import N_, normalize_language, render, use_language
from tools import i18n


def _fields(text: str) -> list[tuple[str, str, str]]:
    return sorted(
        (name, conv or "", spec or "")
        for _lit, name, spec, conv in string.Formatter().parse(text)
        if name is not None
    )


def test_every_message_has_a_chinese_translation() -> None:
    assert i18n.missing() == []


def test_translations_keep_every_placeholder() -> None:
    for message in i18n.load("zh_CN"):
        if message.id and message.string:
            assert _fields(message.id) == _fields(message.string), message.id


def test_the_compiled_catalog_matches_the_po_file() -> None:
    mo = i18n.po_path("zh_CN").with_suffix(".mo")
    assert mo.read_bytes() == i18n.compiled(i18n.load("zh_CN")), "run python tools/i18n.py compile"


def test_messages_are_chinese_by_default_and_english_on_request() -> None:
    error = FieldError("capacity", N_("must be at least {low}", low=0), row=7, label=N_("Capacity"))
    with use_language("zh_CN"):
        assert error.describe() == "第 7 行，容纳人数：不能小于 0"
    with use_language("en"):
        assert error.describe() == "row 7, Capacity: must be at least 0"
    assert render(N_("Campus"), "zh_CN") == "校区"


def test_language_names_are_normalised() -> None:
    assert normalize_language("en_US.UTF-8") == "en"
    assert normalize_language("zh-CN") == "zh_CN"
    assert normalize_language(None) == "zh_CN"
    assert normalize_language("fr") == "zh_CN"
