"""Dates and times as people type them, and calendar-month arithmetic.

One parser for every date the command line takes (`parse_date`, `parse_datetime`): ISO
`2026-03-20`, `2026-3-20`, US `03/20/2026`, `today`, `yesterday`, `tomorrow` and offsets from today
(`+30d`, `+2w`, `+3m`, `-1y`). A US date without its year, `03/20`, is the 20 March a person on
the phone means: for something that happened (`toward="past"`), the last one on or before today;
for something due (`toward="future"`), the next one on or after today; otherwise this year's.
Output is always ISO. Files (imports, the data file) are read with
the strict ISO forms (`iso_date`, `iso_datetime`): a word like `today` means nothing in a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeVar

from amexcli.errors import InputError

_D = TypeVar("_D", bound=date)
Toward = Literal["past", "future"] | None

# Far enough apart for any card, and far enough from date.min/max that month arithmetic and a
# horizon of years ahead never overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999

DATE_FORMS = (
    "2026-03-20, 03/20/2026, 03/20, today, yesterday, tomorrow, or +30d, +2w, +3m from today"
)
DATETIME_FORMS = (
    f"a date ({DATE_FORMS}),\n"
    "  a date and time (2026-03-20T19:05, 03/20/2026 19:05), or a time today (19:05)"
)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_US = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", re.ASCII)
_OFFSET = re.compile(r"([+-])(\d{1,5})([dwmy])", re.ASCII)
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)
_DAY_AND_TIME = re.compile(r"(.+?)(?:[ t]\s*(\d{1,2}:\d{2}(?::\d{2})?))?", re.ASCII)
_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_STRICT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_STRICT_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?", re.ASCII)


def parse_date(
    value: str, *, what: str = "date", today: date | None = None, toward: Toward = None
) -> date:
    """A date as a person types it (see the module); anything else is bad input (exit 2).

    `today` anchors the words, offsets and dates without a year (default: the real today);
    `toward` says which year a date without one is in.
    """
    found = _date(value.strip().lower(), what, today, toward)
    if found is None:
        raise InputError(f"{what} {value!r} is not a date: use {DATE_FORMS}.")
    return found


def parse_datetime(
    value: str, *, what: str = "date", today: date | None = None, toward: Toward = None
) -> datetime:
    """A date (meaning 00:00), a date and a time, or a time alone (today at that time)."""
    text = value.strip().lower()
    if _TIME.fullmatch(text):
        day_text, clock = "today", text
    elif m := _DAY_AND_TIME.fullmatch(text):
        day_text, clock = m.group(1), m.group(2) or ""
    else:
        day_text, clock = text, ""
    day = _date(day_text.strip(), what, today, toward)
    at = _time(clock, what) if clock else time()
    if day is None or at is None:
        raise InputError(f"{what} {value!r} is not a date or time: use {DATETIME_FORMS}.")
    return datetime.combine(day, at)


def iso_date(value: str, *, what: str = "date") -> date:
    """Strictly `YYYY-MM-DD`, as files write it."""
    value = value.strip()
    if not _STRICT_DATE.fullmatch(value):
        raise InputError(f"{what} {value!r} is not a date: use YYYY-MM-DD, e.g. 2026-03-20.")
    return _existing(date.fromisoformat, value, what)


def iso_datetime(value: str, *, what: str = "date") -> datetime:
    """Strictly `YYYY-MM-DD` (meaning 00:00) or `YYYY-MM-DDTHH:MM[:SS]`, as files write it."""
    value = value.strip()
    if _STRICT_DATE.fullmatch(value):
        return datetime.combine(iso_date(value, what=what), time())
    if not _STRICT_DATETIME.fullmatch(value):
        raise InputError(
            f"{what} {value!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
            "e.g. 2026-03-20T19:05."
        )
    return _existing(lambda v: datetime.fromisoformat(v.replace(" ", "T")), value, what)


def in_range(value: date) -> bool:
    return FIRST_YEAR <= value.year <= LAST_YEAR


def _date(text: str, what: str, today: date | None, toward: Toward) -> date | None:
    """The date `text` names, None when it is no form of a date; an impossible one is an error."""
    if text in _WORDS:
        return _checked(_today(today) + timedelta(days=_WORDS[text]), text, what)
    if m := _OFFSET.fullmatch(text):
        sign, count, unit = m.group(1), int(m.group(2)), m.group(3)
        n = -count if sign == "-" else count
        base = _today(today)
        try:
            if unit in "dw":
                moved = base + timedelta(days=n * (7 if unit == "w" else 1))
            else:
                moved = add_months(base, n * (12 if unit == "y" else 1))
        except (OverflowError, ValueError):
            moved = date.max
        return _checked(moved, text, what)
    if m := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _US.fullmatch(text):
        month, day = int(m.group(1)), int(m.group(2))
        if m.group(3) is None:
            return _yearless(month, day, text, what, _today(today), toward)
        year = int(m.group(3))
    else:
        return None
    try:
        found = date(year, month, day)
    except ValueError as e:
        us = " (with slashes amex reads month/day/year, the US way)" if "/" in text else ""
        raise InputError(f"{what} {text!r} does not exist: {e}{us}.") from None
    return _checked(found, text, what)


def _yearless(month: int, day: int, text: str, what: str, today: date, toward: Toward) -> date:
    """`month`/`day` this year, or the last or next one on the side of today `toward` names."""
    if toward is None:
        years = [today.year]
    else:  # leap years are at most 8 apart (2096, 2104): 29 February is always found
        step = -1 if toward == "past" else 1
        years = list(range(today.year, today.year + 9 * step, step))
    for year in years:
        try:
            found = date(year, month, day)
        except ValueError:
            continue  # 29 February outside a leap year: the leap year before or after
        if toward is None or (found <= today if toward == "past" else found >= today):
            return _checked(found, text, what)
    leap_day = f" in {today.year}" if (month, day) == (2, 29) else ""
    raise InputError(
        f"{what} {text!r} does not exist{leap_day} (with slashes amex reads month/day, the US way)."
    )


def _time(text: str, what: str) -> time | None:
    m = _TIME.fullmatch(text)
    if m is None:
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    try:
        return time(hour, minute, second)
    except ValueError as e:
        raise InputError(f"{what}: the time {text!r} does not exist ({e}).") from None


def _today(today: date | None) -> date:
    return today if today is not None else date.today()


def _checked(value: date, text: str, what: str) -> date:
    if not in_range(value):
        raise InputError(
            f"{what} {text!r} is out of range: amex takes {FIRST_YEAR} to {LAST_YEAR}."
        )
    return value


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
    return date(year, month, min(start.day, days_in_month(year, month)))


def months_between(start: date, end: date) -> int:
    """The largest whole m with add_months(start, m) <= end (0 when end is before start+1)."""
    m = (end.year - start.year) * 12 + end.month - start.month
    while m > 0 and add_months(start, m) > end:
        m -= 1
    return max(m, 0)


def day_in_month(year: int, month: int, day: int) -> date:
    """`day` of the month, clamped to its end (day 31 of February is the 28th or 29th)."""
    return date(year, month, min(day, days_in_month(year, month)))


def days_in_month(year: int, month: int) -> int:
    """28 to 31 (calendar.monthrange's answer, without importing calendar at start-up)."""
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - date(year, month, 1)).days
