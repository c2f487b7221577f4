"""The school's clock: times are stored in UTC and read in the school's time zone.

``school.timezone`` names the zone; a name the machine does not know falls
back to China Standard Time, so a typo never stops a page from showing.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from houqin.core.settings import get_setting
from houqin.core.uow import UnitOfWork

DEFAULT_ZONE = "Asia/Shanghai"


def zone_named(name: str) -> ZoneInfo:
    """The zone called ``name``, or China Standard Time when there is none by that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def school_zone(uow: UnitOfWork) -> ZoneInfo:
    """The school's time zone (``school.timezone``)."""
    return zone_named(str(get_setting(uow, "school.timezone")))


def school_today(uow: UnitOfWork) -> date:
    """Today's date where the school is."""
    return datetime.now(school_zone(uow)).date()


def local_day(uow: UnitOfWork, instant: datetime) -> date:
    """The school's date at ``instant`` (an approval at 01:30 in Beijing is that day's)."""
    return instant.astimezone(school_zone(uow)).date()
