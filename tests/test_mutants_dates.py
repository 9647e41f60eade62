"""Dates at their edges, and the exact words a person reads when one is refused: the message is
the whole help a script or a person gets. Found by mutation testing (README "Development")."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from amexcli.dates import (
    add_months,
    day_in_month,
    days_in_month,
    in_range,
    iso_date,
    iso_datetime,
    months_between,
    parse_date,
    parse_datetime,
)
from amexcli.errors import InputError

ON = date(2026, 1, 1)
FORMS = "2026-03-20, 03/20/2026, 03/20, today, yesterday, tomorrow, or +30d, +2w, +3m from today"


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (lambda t: parse_date(t, what="--follow-up"), "soon",
         f"--follow-up 'soon' is not a date: use {FORMS}."),
        (lambda t: parse_datetime(t, what="--date"), "soon",
         f"--date 'soon' is not a date or time: use a date ({FORMS}),\n  a date and time "
         "(2026-03-20T19:05, 03/20/2026 19:05), or a time today (19:05)."),
        (lambda t: iso_date(t, what="calls.A1.follow_up"), "2026-3-20",
         "calls.A1.follow_up '2026-3-20' is not a date: use YYYY-MM-DD, e.g. 2026-03-20."),
        (lambda t: iso_datetime(t, what="at"), "2026-03-20 7pm",
         "at '2026-03-20 7pm' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
         "e.g. 2026-03-20T19:05."),
        (parse_date, "02/30/2026", "date '02/30/2026' does not exist: day is out of range for "
         "month (with slashes amex reads month/day/year, the US way)."),
        (parse_date, "2026-02-30",
         "date '2026-02-30' does not exist: day is out of range for month."),
        (lambda t: parse_date(t, today=ON), "+2000y",
         "date '+2000y' is out of range: amex takes 1900 to 2999."),
        (lambda t: parse_date(t, today=ON), "+99999m",
         "date '+99999m' is out of range: amex takes 1900 to 2999."),
        (lambda t: parse_date(t, today=ON), "-99999d",
         "date '-99999d' is out of range: amex takes 1900 to 2999."),
        (parse_date, "3000-01-01", "date '3000-01-01' is out of range: amex takes 1900 to 2999."),
        (iso_date, "2026-02-30",
         "date '2026-02-30' does not exist (day is out of range for month)."),
        (iso_date, "1899-12-31", "date '1899-12-31' is out of range: amex takes 1900 to 2999."),
        (iso_datetime, "3000-01-01T00:00",
         "date '3000-01-01T00:00' is out of range: amex takes 1900 to 2999."),
        (parse_datetime, "2026-03-20 25:00",
         "date: the time '25:00' does not exist (hour must be in 0..23)."),
        (iso_datetime, "2026-03-20T25:00",
         "date '2026-03-20T25:00' does not exist (hour must be in 0..23)."),
    ],
)  # fmt: skip
def test_a_refused_date_says_exactly_why(parse, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as e:
        parse(text)
    assert str(e.value) == message


def test_the_years_amex_takes_include_both_ends() -> None:
    assert in_range(date(1900, 1, 1)) and in_range(date(2999, 12, 31))
    assert not in_range(date(1899, 12, 31)) and not in_range(date(3000, 1, 1))
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("12/31/2999") == date(2999, 12, 31)
    assert parse_date("-1d", today=date(1900, 1, 2)) == date(1900, 1, 1)


def test_words_and_offsets_from_the_given_day() -> None:
    today = date(2026, 3, 31)
    assert parse_date("yesterday", today=today) == date(2026, 3, 30)
    assert parse_date("tomorrow", today=today) == date(2026, 4, 1)
    assert parse_date(" Today ", today=today) == today
    assert parse_date("+1w", today=today) == date(2026, 4, 7)
    assert parse_date("-1m", today=today) == date(2026, 2, 28)
    assert parse_date("+1y", today=date(2028, 2, 29)) == date(2029, 2, 28)
    assert parse_date("-3d", today=today) == date(2026, 3, 28)
    assert parse_date("+0d", today=today) == today


def test_datetimes_as_typed_and_as_filed() -> None:
    today = date(2026, 3, 20)
    assert parse_datetime("7:05", today=today) == datetime(2026, 3, 20, 7, 5)
    assert parse_datetime("7:05:09", today=today) == datetime(2026, 3, 20, 7, 5, 9)
    assert parse_datetime("yesterday 19:05", today=today) == datetime(2026, 3, 19, 19, 5)
    assert parse_datetime("2026-03-20t19:05", today=today) == datetime(2026, 3, 20, 19, 5)
    assert parse_datetime("03/20/2026", today=today) == datetime(2026, 3, 20)
    assert iso_datetime(" 2026-03-20 ") == datetime(2026, 3, 20)
    assert iso_datetime("2026-03-20 19:05") == datetime(2026, 3, 20, 19, 5)
    assert iso_datetime("2026-03-20T19:05:09") == datetime(2026, 3, 20, 19, 5, 9)
    assert iso_date(" 2026-03-20 ") == date(2026, 3, 20)


def test_month_arithmetic_clamps_and_counts_whole_months() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert months_between(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert months_between(date(2026, 3, 15), date(2026, 3, 14)) == 0
    assert months_between(date(2026, 3, 15), date(2025, 3, 15)) == 0
    assert months_between(date(2025, 3, 15), date(2026, 3, 15)) == 12
    assert months_between(date(2025, 3, 15), date(2026, 3, 14)) == 11
    assert day_in_month(2028, 2, 31) == date(2028, 2, 29)
    assert day_in_month(2026, 2, 31) == date(2026, 2, 28)
    assert day_in_month(2026, 4, 30) == date(2026, 4, 30)


def test_each_path_names_the_option_in_its_refusal() -> None:
    cases = [
        (lambda: parse_date("yesterday", today=date(1900, 1, 1), what="--date"),
         "--date 'yesterday' is out of range: amex takes 1900 to 2999."),
        (lambda: parse_date("tomorrow", today=date(2999, 12, 31), what="--follow-up"),
         "--follow-up 'tomorrow' is out of range: amex takes 1900 to 2999."),
        (lambda: iso_datetime("2026-02-30", what="calls.A1.at"),
         "calls.A1.at '2026-02-30' does not exist (day is out of range for month)."),
        (lambda: parse_datetime("02/30/2026 10:00", what="--date"),
         "--date '02/30/2026' does not exist: day is out of range for month (with slashes amex "
         "reads month/day/year, the US way)."),
    ]  # fmt: skip
    for parse, message in cases:
        with pytest.raises(InputError) as e:
            parse()
        assert str(e.value) == message


def test_a_yearless_date_is_refused_in_words_that_name_the_option() -> None:
    cases = [
        (lambda: parse_date("2/30", what="--follow-up", today=date(2026, 11, 26)),
         "--follow-up '2/30' does not exist (with slashes amex reads month/day, the US way)."),
        (lambda: parse_date("02/29", what="--as-of", today=date(2026, 11, 26)),
         "--as-of '02/29' does not exist in 2026 (with slashes amex reads month/day, the US way)."),
        (lambda: parse_date("1/1", what="--follow-up", today=date(2999, 12, 31), toward="future"),
         "--follow-up '1/1' is out of range: amex takes 1900 to 2999."),
        (lambda: parse_date("12/31", what="--date", today=date(1900, 1, 1), toward="past"),
         "--date '12/31' is out of range: amex takes 1900 to 2999."),
    ]  # fmt: skip
    for parse, message in cases:
        with pytest.raises(InputError) as e:
            parse()
        assert str(e.value) == message


def test_29_february_is_found_across_a_century_without_one() -> None:
    """2100 is no leap year: from 2097 the next 29 February is 2104, from 2103 the last 2096."""
    assert parse_date("2/29", today=date(2097, 1, 1), toward="future") == date(2104, 2, 29)
    assert parse_date("2/29", today=date(2103, 12, 31), toward="past") == date(2096, 2, 29)
    assert parse_date("2/29", today=date(2104, 2, 29), toward="past") == date(2104, 2, 29)


def test_every_month_has_the_days_the_calendar_gives_it() -> None:
    import calendar

    for year in (1900, 2000, 2023, 2024, 2100, 2999):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
