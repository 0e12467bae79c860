"""Dates in front matter: YAML dates and times, or loosely written text, in the site's zone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from vhsheaven.load import fields
from vhsheaven.load.fields import Invalid

LOOSE_DATE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_date(value: Any, zone: ZoneInfo) -> dt.datetime:
    """A front-matter date: a YAML date or datetime, or text like 2026-2-3 or
    2026-02-03T20:30:00+01:00; a date or time without an offset is in the site's zone."""
    allowed = "a date like 2026-02-03, or a date and time like 2026-02-03T20:30:00+01:00"
    if isinstance(value, dt.datetime):
        # A time without an offset is a time in the site's zone, as a date alone is.
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone)
    match = LOOSE_DATE.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise Invalid(f"is not a date (got {fields.shown(value)})", allowed)
    try:
        return _date_from_match(match, zone)
    except ValueError as exc:
        raise Invalid(f"is not a real date (got {fields.shown(value)}: {exc})", allowed) from exc


def _date_from_match(match: re.Match[str], zone: ZoneInfo) -> dt.datetime:
    year, month, day, hour, minute, second, offset = match.groups()
    tz: dt.tzinfo = zone
    if offset:
        tz = dt.timezone.utc if offset == "Z" else _offset(offset)
    return dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        tzinfo=tz,
    )


def _offset(text: str) -> dt.timezone:
    digits = text.replace(":", "")
    sign = -1 if digits[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5])))
