"""Calendar-month arithmetic and the verdict boundaries, as properties."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from amexcli.dates import add_months, months_between
from amexcli.eligibility import LIKELY, MAYBE, UNLIKELY, verdict_at

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
month_ends = st.builds(
    lambda y, m: date(y, m, calendar.monthrange(y, m)[1]),
    st.integers(1990, 2090),
    st.integers(1, 12),
)
leap_days = st.sampled_from([date(y, 2, 29) for y in range(1992, 2089, 4)])
starts = st.one_of(dates, month_ends, leap_days)
counts = st.integers(0, 400)


@given(starts, counts)
def test_month_and_day_clamped(d: date, n: int) -> None:
    """Law: the month moves by exactly n; the day is the start's, clamped to the month's end."""
    got = add_months(d, n)
    assert (got.year * 12 + got.month) - (d.year * 12 + d.month) == n
    assert got.day == min(d.day, calendar.monthrange(got.year, got.month)[1])


@given(starts, counts)
def test_never_before_the_start(d: date, n: int) -> None:
    assert add_months(d, n) >= d
    assert add_months(d, n + 1) > add_months(d, n)


@given(starts, counts, counts)
def test_adding_in_two_steps(d: date, m: int, n: int) -> None:
    """Law: two steps never overshoot one step, and equal it unless the first step clamped
    the day (01-31 + 1 month = 02-28, + 1 more = 03-28, not 03-31)."""
    two_steps = add_months(add_months(d, m), n)
    assert two_steps <= add_months(d, m + n)
    if add_months(d, m).day == d.day:
        assert two_steps == add_months(d, m + n)


@given(starts)
def test_twelve_twice_is_twenty_four(d: date) -> None:
    """Law: +12 then +12 equals +24. Only 29 February clamps, and two years after a leap year is
    never a leap year, so the clamping that could differ cannot occur here."""
    assert add_months(add_months(d, 12), 12) == add_months(d, 24)


def test_clamping_examples() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 48) == date(2028, 2, 29)


@given(starts, st.integers(0, 40 * 366))
def test_months_between_is_the_largest_whole_count(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    m = months_between(start, end)
    assert add_months(start, m) <= end < add_months(start, m + 1)


@given(starts)
def test_verdict_boundaries(last: date) -> None:
    one_day = timedelta(days=1)
    twelve, twenty_four = add_months(last, 12), add_months(last, 24)
    assert verdict_at(last, last) == (UNLIKELY, twelve, MAYBE)
    assert verdict_at(last, twelve - one_day) == (UNLIKELY, twelve, MAYBE)
    assert verdict_at(last, twelve) == (MAYBE, twenty_four, LIKELY)
    assert verdict_at(last, twenty_four - one_day) == (MAYBE, twenty_four, LIKELY)
    assert verdict_at(last, twenty_four) == (LIKELY, None, None)


def test_verdict_boundaries_from_leap_day_and_month_end() -> None:
    assert verdict_at(date(2024, 2, 29), date(2025, 2, 27))[0] == UNLIKELY
    assert verdict_at(date(2024, 2, 29), date(2025, 2, 28))[0] == MAYBE
    assert verdict_at(date(2024, 2, 29), date(2026, 2, 27))[0] == MAYBE
    assert verdict_at(date(2024, 2, 29), date(2026, 2, 28))[0] == LIKELY
    assert verdict_at(date(2025, 1, 31), date(2026, 1, 30))[0] == UNLIKELY
    assert verdict_at(date(2025, 1, 31), date(2026, 1, 31))[0] == MAYBE
    assert verdict_at(None, date(2026, 1, 1)) == (LIKELY, None, None)
