"""Strict ISO dates and times from the command line, and calendar-month arithmetic."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from amexcli.errors import InputError

_D = TypeVar("_D", bound=date)

# Far enough apart for any card, and far enough from date.min/max that month arithmetic and a
# horizon of years ahead never overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")


def parse_date(value: str, *, what: str = "date") -> date:
    """`YYYY-MM-DD`, and a day that exists; anything else is bad input (exit 2)."""
    value = value.strip()
    if not _DATE.fullmatch(value):
        raise InputError(f"{what} {value!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-20.")
    return _existing(date.fromisoformat, value, what)


def in_range(value: date) -> bool:
    return FIRST_YEAR <= value.year <= LAST_YEAR


def parse_datetime(value: str, *, what: str = "date") -> datetime:
    """`YYYY-MM-DD` (meaning 00:00) or `YYYY-MM-DDTHH:MM`, local time."""
    value = value.strip()
    if _DATE.fullmatch(value):
        return datetime.combine(parse_date(value, what=what), datetime.min.time())
    if not _DATETIME.fullmatch(value):
        raise InputError(
            f"{what} {value!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
            "e.g. 2026-03-20T19:05."
        )
    return _existing(lambda v: datetime.fromisoformat(v.replace(" ", "T")), value, what)


def _existing(parse: Callable[[str], _D], value: str, what: str) -> _D:
    """`value` parsed, if that day (and time) exists and lies in the years amex takes."""
    try:
        parsed = parse(value)
    except ValueError as e:
        raise InputError(f"{what} {value!r} does not exist ({e}).") from None
    if not in_range(parsed):
        raise InputError(
            f"{what} {value!r} is out of range: amex takes {FIRST_YEAR} to {LAST_YEAR}."
        )
    return parsed


def add_months(start: date, months: int) -> date:
    """`start` plus calendar months, the day clamped to the month's end (01-31 + 1 = 02-28)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """The largest whole m with add_months(start, m) <= end (0 when end is before start+1)."""
    m = (end.year - start.year) * 12 + end.month - start.month
    while m > 0 and add_months(start, m) > end:
        m -= 1
    return max(m, 0)


def day_in_month(year: int, month: int, day: int) -> date:
    """`day` of the month, clamped to its end (day 31 of February is the 28th or 29th)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
