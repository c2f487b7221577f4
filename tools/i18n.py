"""Keep the translation catalogs in step with the code.

    python tools/i18n.py update    # extract msgids, merge into every .po (keeps translations)
    python tools/i18n.py compile   # write the .mo files the application loads
    python tools/i18n.py missing   # list msgids without a Chinese translation

Source strings are English; zh_CN is the default language of the application.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "houqin"
LOCALE = PACKAGE / "locale"
DOMAIN = "houqin"
LANGUAGES = ("zh_CN",)
KEYWORDS = {"_": None, "N_": None}
TEMPLATES = "frontends/web/templates/**.html"
METHOD_MAP = [("**.py", "python"), (TEMPLATES, "jinja2.ext:babel_extract")]
OPTIONS_MAP = {TEMPLATES: {"trimmed": "true"}}


def extract() -> Catalog:
    """Every msgid marked with ``_()`` or ``N_()`` in the package and ``{{ _("…") }}`` in its
    web templates (Jinja's own extractor reads those)."""
    catalog = Catalog(project="houqin", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=METHOD_MAP,
        options_map=OPTIONS_MAP,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="houqin")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(
                handle,
                catalog,
                width=100,
                omit_header=False,
                ignore_obsolete=True,
                include_previous=False,
                sort_output=True,
                no_location=True,
            )


def compile_all() -> None:
    for language in LANGUAGES:
        po_path(language).with_suffix(".mo").write_bytes(compiled(load(language)))


def missing() -> list[str]:
    template = extract()
    out = []
    for language in LANGUAGES:
        catalog = load(language)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id)
            if found is None or not found.string or found.fuzzy:
                out.append(f"{language}: {message.id}")
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "missing"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "missing":
        gaps = missing()
        print("\n".join(gaps) or "every message is translated")
        return 1 if gaps else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
