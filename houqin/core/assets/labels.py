"""Asset labels (资产标签): a QR code that opens the asset, its number, name and place.

A label's QR code carries a stable address, ``{school.web_address}/a/{number}``:
the web site sends whoever scans it to the asset's page (after logging in),
and a scanner at a count or in the terminal interface reads the number back
with :func:`number_from_scan`, whether it is given the address or the bare
number. :func:`label_sheet` prints the labels of part of the register on A4
sheets of 3 × 8 self-adhesive labels (70 × 37 mm).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import segno
import sqlalchemy as sa
from markupsafe import Markup

from houqin.core.assets import tables as t
from houqin.core.assets.model import Asset
from houqin.core.assets.records import ASSET_QUERY, asset_from_row
from houqin.core.assets.service import filter_assets, scoped
from houqin.core.errors import InvalidInput
from houqin.core.i18n import N_, _
from houqin.core.printing import html_language, template_environment
from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

MAX_LABELS = 2000
"""The most labels one sheet prints: a browser prints 84 pages, not a whole register."""

LABELS_PER_PAGE = 24
_ASSET_PATH = re.compile(r"/a/([^/?#]+)/?$")


def web_address(uow: UnitOfWork) -> str:
    """The school's web address (the ``school.web_address`` setting), without a final slash."""
    return str(get_setting(uow, "school.web_address")).strip().rstrip("/")


def asset_url(base: str, number: str) -> str:
    """The address a label's QR code carries: ``{base}/a/{number}``."""
    return f"{base.rstrip('/')}/a/{quote(number, safe='')}"


def number_from_scan(text: str) -> str:
    """The asset number in what a scanner read: the number itself or a label's address.

    ``ZC-2024-0001`` and ``https://houqin.example.cn/a/ZC-2024-0001`` both
    give ``ZC-2024-0001``; anything else is returned trimmed, as typed.
    """
    code = text.strip()
    if not code:
        raise InvalidInput.single("code", N_("nothing was scanned"))
    if "://" in code:
        found = _ASSET_PATH.search(urlsplit(code).path)
        if found is not None:
            return unquote(found.group(1)).strip()
    return code


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an inline SVG element, sized by the page's CSS."""
    return str(segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True))


def count_labels(uow: UnitOfWork, *, search: str | None = None, **filters: Any) -> int:
    """How many assets the filters select (what a sheet would print), among those visible."""
    base = sa.select(sa.func.count()).select_from(t.asset)
    query = scoped(uow, filter_assets(uow, base, search=search, **filters))
    return int(uow.conn.execute(query).scalar_one())


def labelled_assets(uow: UnitOfWork, *, search: str | None = None, **filters: Any) -> list[Asset]:
    """The assets a sheet prints, in number order; refused beyond :data:`MAX_LABELS`."""
    count = count_labels(uow, search=search, **filters)
    if count > MAX_LABELS:
        raise InvalidInput.single(
            "filters",
            N_(
                "{count} assets match, but one sheet prints at most {cap} labels: "
                "choose a room, a department or a category and print them part by part",
                count=count,
                cap=MAX_LABELS,
            ),
        )
    query = scoped(uow, filter_assets(uow, ASSET_QUERY, search=search, **filters))
    rows = uow.conn.execute(query.order_by(t.asset.c.number)).mappings()
    return [asset_from_row(row) for row in rows]


def label_sheet(uow: UnitOfWork, *, search: str | None = None, **filters: Any) -> str:
    """A print-ready HTML page of labels for the assets the filters select.

    Filters are those of the register's list (``room``, ``department``,
    ``category``, ``acquired_from`` for the assets bought since a day…); the
    actor sees, and so prints, only the assets their permission reaches.
    """
    return render_labels(uow, labelled_assets(uow, search=search, **filters))


def render_labels(uow: UnitOfWork, assets: list[Asset]) -> str:
    """The page of labels for ``assets``, 24 to an A4 sheet, each with its QR code."""
    base = web_address(uow)
    school = str(get_setting(uow, "school.name"))
    labels = [
        {
            "qr": Markup(qr_svg(asset_url(base, asset.number))),
            "number": asset.number,
            "name": asset.name,
            "location": asset.location,
        }
        for asset in assets
    ]
    pages = [labels[i : i + LABELS_PER_PAGE] for i in range(0, len(labels), LABELS_PER_PAGE)]
    return (
        template_environment()
        .get_template("labels.html")
        .render(
            lang=html_language(),
            title=_("Asset labels"),
            school=school,
            pages=pages,
            empty=_("No asset matches these filters."),
        )
    )
