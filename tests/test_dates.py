"""Dates as people type them: one parser, every form to the same ISO date, bad forms named."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from amexcli import dates
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
from amexcli.money import format_cents, parse_dollars, parse_money, parse_month
from conftest import Run

TODAY = date(2026, 3, 20)


def test_every_form_names_the_same_day() -> None:
    """The forms of the issue, with today frozen, all parse to 2026-03-20."""
    anchored = {  # relative forms, anchored so that they land on the same day
        "today": TODAY,
        "yesterday": TODAY + timedelta(days=1),
        "tomorrow": TODAY - timedelta(days=1),
        "+30d": TODAY - timedelta(days=30),
        "+2w": TODAY - timedelta(weeks=2),
        "+3m": date(2025, 12, 20),
        "-1d": TODAY + timedelta(days=1),
        "+1y": date(2025, 3, 20),
    }
    for form in ("2026-03-20", "03/20/2026", "3/20/2026", "2026-3-20", " 2026-03-20 "):
        assert parse_date(form, today=date(1999, 1, 1)) == TODAY, form
    for form, today in anchored.items():
        assert parse_date(form, today=today) == TODAY, form
        assert parse_date(form.upper(), today=today) == TODAY, form


def test_datetime_forms_meet_at_one_minute() -> None:
    at = datetime(2026, 3, 20, 19, 5)
    for form in (
        "2026-03-20T19:05",
        "2026-03-20 19:05",
        "03/20/2026 19:05",
        "2026-3-20t19:05",
        "today 19:05",
        "19:05",
        "yesterday 19:05",
    ):
        today = TODAY + timedelta(days=1) if form.startswith("yesterday") else TODAY
        assert parse_datetime(form, today=today) == at, form
    assert parse_datetime("today", today=TODAY) == datetime(2026, 3, 20)
    assert parse_datetime("+2w", today=TODAY) == datetime(2026, 4, 3)


def test_offsets_count_calendar_months_and_clamp() -> None:
    assert parse_date("+1m", today=date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_date("+12m", today=date(2024, 2, 29)) == date(2025, 2, 28)
    assert parse_date("-2w", today=TODAY) == date(2026, 3, 6)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_iso_and_us_forms_agree_for_every_day(d: date) -> None:
    us = f"{d.month:02d}/{d.day:02d}/{d.year}"
    short = f"{d.year}-{d.month}-{d.day}"
    assert parse_date(d.isoformat()) == parse_date(us) == parse_date(short) == d


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2900, 12, 31)), st.integers(0, 600))
def test_offsets_move_from_the_given_today(today: date, n: int) -> None:
    assert parse_date(f"+{n}d", today=today) == today + timedelta(days=n)
    assert parse_date(f"+{n}w", today=today) == today + timedelta(weeks=n)
    assert parse_date(f"+{n}m", today=today) == add_months(today, n)


@pytest.mark.parametrize(
    "bad",
    [
        "next week",
        "3/20/26",
        "20260320",
        "2026/03/20",
        "+3",
        "3d",
        "+2x",
        "",
        "Mar 20",
        "\u0661\u0662/\u0660\u0661/\u0662\u0660\u0662\u0666",
    ],
)
def test_other_forms_name_the_accepted_ones(bad: str) -> None:
    for parse in (parse_date, parse_datetime):
        with pytest.raises(InputError) as e:
            parse(bad, what="--follow-up", today=TODAY)
        message = str(e.value)
        assert "--follow-up" in message
        for form in ("2026-03-20", "03/20/2026", "today", "+30d"):
            assert form in message, (bad, message)
    with pytest.raises(InputError, match="19:05"):
        parse_datetime("at seven", today=TODAY)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("2026-02-30", "day is out of range"),
        ("02/30/2026", "day is out of range"),
        ("20/03/2026", "month/day/year"),
        ("1899-12-31", "out of range"),
        ("+99999y", "out of range"),
    ],
)
def test_impossible_dates_say_why(bad: str, why: str) -> None:
    with pytest.raises(InputError, match=why):
        parse_date(bad, today=TODAY)


ON_HOLD = date(2026, 11, 26)  # a late-November evening on the phone


@pytest.mark.parametrize(
    ("typed", "toward", "means"),
    [
        ("03/20", "past", date(2026, 3, 20)),  # the call or offer of last March
        ("03/20", "future", date(2027, 3, 20)),  # a follow-up next March
        ("03/20", None, date(2026, 3, 20)),  # --as-of, --until: this year's
        ("12/05", "past", date(2025, 12, 5)),
        ("12/05", "future", date(2026, 12, 5)),
        ("12/05", None, date(2026, 12, 5)),
        ("11/26", "past", ON_HOLD),  # today is on both sides
        ("11/26", "future", ON_HOLD),
        ("11/25", "future", date(2027, 11, 25)),
        ("11/27", "past", date(2025, 11, 27)),
        ("2/29", "past", date(2024, 2, 29)),  # the leap day before
        ("2/29", "future", date(2028, 2, 29)),  # ... and after
        (" 3/2 ", None, date(2026, 3, 2)),
    ],
)
def test_a_date_without_its_year_is_the_one_the_option_means(
    typed: str, toward: dates.Toward, means: date
) -> None:
    assert parse_date(typed, today=ON_HOLD, toward=toward) == means
    assert parse_datetime(f"{typed} 19:05", today=ON_HOLD, toward=toward) == datetime.combine(
        means, datetime.min.time().replace(hour=19, minute=5)
    )


def _on(year: int, day: date) -> date | None:
    """`day`'s month and day in `year`, if that year has it."""
    try:
        return day.replace(year=year)
    except ValueError:
        return None


@example(today=date(2297, 1, 1), day=date(2000, 2, 29))  # the next 29 February is in 2304
@given(
    st.dates(min_value=date(1910, 1, 1), max_value=date(2990, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),  # a leap year: any day
)
def test_a_yearless_date_is_the_nearest_on_its_side_of_today(today: date, day: date) -> None:
    typed = f"{day.month}/{day.day}"
    past = parse_date(typed, today=today, toward="past")
    future = parse_date(typed, today=today, toward="future")
    assert (past.month, past.day) == (future.month, future.day) == (day.month, day.day)
    assert past <= today <= future
    # the nearest: no year between holds that day on the same side (29 February: up to 8
    # years apart, as from 2096 to 2104, 2100 being no leap year)
    between = (_on(y, day) for y in range(past.year, future.year + 1))
    assert not any(x and (past < x < today or today < x < future) for x in between)
    if (day.month, day.day) != (2, 29):
        assert parse_date(typed, today=today).year == today.year


@pytest.mark.parametrize(
    ("bad", "why"),
    [("02/29", "does not exist in 2026"), ("13/01", "month/day"), ("2/30", "does not exist")],
)
def test_an_impossible_yearless_date_says_why(bad: str, why: str) -> None:
    with pytest.raises(InputError, match=why):
        parse_date(bad, today=ON_HOLD)


def test_a_time_that_does_not_exist() -> None:
    with pytest.raises(InputError, match="does not exist"):
        parse_datetime("25:00", today=TODAY)
    with pytest.raises(InputError, match="does not exist"):
        parse_datetime("2026-03-20T19:65", today=TODAY)


def test_files_keep_to_iso() -> None:
    assert iso_date("2026-03-20") == TODAY
    for bad in ("today", "03/20/2026", "2026-3-20"):
        with pytest.raises(InputError, match="YYYY-MM-DD"):
            iso_date(bad)


# money and months


@pytest.mark.parametrize("form", ["1234.50", "$1,234.50", "1,234.5", " $1234.50 ", "$1,234.50"])
def test_money_forms(form: str) -> None:
    assert parse_money(form) == Decimal("1234.50")


@pytest.mark.parametrize(
    "bad", ["1,23", "12.345", "abc", "", "$", "-5", "1.2.3", "\u0663\u0662\u0665", "1e3"]
)
def test_bad_money_names_the_forms(bad: str) -> None:
    with pytest.raises(InputError, match=r"\$1,234\.50|negative"):
        parse_money(bad, what="--credit")


def test_negative_money_only_when_allowed() -> None:
    assert parse_money("-$12.34", negative=True) == Decimal("-12.34")
    assert parse_money("-12.34", negative=True) == Decimal("-12.34")
    with pytest.raises(InputError, match="negative"):
        parse_money("-12.34")


@given(st.integers(0, 10**9 - 1), st.integers(0, 99))
def test_money_round_trips_through_its_text(dollars: int, cents: int) -> None:
    amount = Decimal(dollars) + Decimal(cents) / 100
    assert parse_money(format_cents(dollars * 100 + cents)) == amount
    assert parse_money(f"{dollars}.{cents:02d}") == amount


def test_whole_dollars() -> None:
    assert parse_dollars("$695") == parse_dollars("695.00") == 695
    with pytest.raises(InputError, match="whole dollars"):
        parse_dollars("695.50")


@pytest.mark.parametrize("form", ["9", "09", "September", "sep", "SEPT", "Sept.", "septem"])
def test_month_forms(form: str) -> None:
    assert parse_month(form) == 9


@pytest.mark.parametrize("bad", ["0", "13", "ju", "ma", "mayo", "", "nine"])
def test_bad_months_name_the_forms(bad: str) -> None:
    with pytest.raises(InputError, match="September"):
        parse_month(bad)


# through the installed amex


def test_cards_take_dollars_month_names_and_a_year(run: Run, datafile: Path) -> None:
    r = run(
        "cards", "add", "plat", "--product", "Platinum Card", "--member-since", "2019",
        "--annual-fee", "$695", "--fee-month", "September",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    card = json.loads(run("cards", "show", "plat", "--json").stdout)
    assert card["member_since"] == "2019-01-01"
    assert card["annual_fee"] == 695
    assert card["fee_month"] == 9
    assert (
        run(
            "cards", "edit", "plat", "--member-since", "03/01/2019", "--fee-month", "mar"
        ).returncode
        == 0
    )
    card = json.loads(run("cards", "show", "plat", "--json").stdout)
    assert (card["member_since"], card["fee_month"]) == ("2019-03-01", 3)


def test_cards_refuse_bad_amounts_and_months(run: Run, datafile: Path) -> None:
    run("cards", "add", "plat", "--product", "Platinum Card")
    r = run.rejected(datafile, "cards", "edit", "plat", "--annual-fee", "lots")
    assert "$1,234.50" in r.stderr
    r = run.rejected(datafile, "cards", "edit", "plat", "--fee-month", "Smarch")
    assert "September" in r.stderr
    r = run.rejected(datafile, "cards", "edit", "plat", "--member-since", "19")
    assert "03/20/2026" in r.stderr


def test_a_call_logged_with_us_dates_is_stored_iso(run: Run, datafile: Path) -> None:
    r = run("log", "add", "R1", "--date", "03/20/2026 19:05", "--follow-up", "4/1/2026")
    assert r.returncode == 0, r.stderr
    assert run("log", "list").stdout.split("\t")[1] == "2026-03-20T19:05"
    entry = json.loads(run("log", "show", "R1", "--json").stdout)
    assert (entry["at"], entry["follow_up"]) == ("2026-03-20T19:05", "2026-04-01")


def test_log_add_reads_03_20_as_last_march_and_a_follow_up_as_the_next_one(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dates, "_today", lambda today: today or ON_HOLD)
    r = cli("log", "add", "R1", "--date", "03/20 19:05", "--follow-up", "01/05")
    assert r.exit_code == 0, r.output
    assert cli("log", "edit", "R1", "--follow-up", "12/01").exit_code == 0
    entry = json.loads(cli("log", "show", "R1", "--json").stdout)
    assert (entry["at"], entry["follow_up"]) == ("2026-03-20T19:05", "2026-12-01")
    assert cli("log", "edit", "R1", "--follow-up", "1/5").exit_code == 0
    assert json.loads(cli("log", "show", "R1", "--json").stdout)["follow_up"] == "2027-01-05"


def test_yearless_dates_take_the_year_from_as_of(run: Run, datafile: Path) -> None:
    run("cards", "add", "plat", "--product", "Platinum Card")
    r = run("offers", "add", "plat", "--merchant", "Shop", "--credit", "$20", "--expires", "1/5",
            "--as-of", "2031-11-26")  # fmt: skip
    assert r.returncode == 0, r.stderr
    listed = json.loads(run("offers", "--json", "--as-of", "2031-11-26").stdout)
    assert [o["expires"] for o in listed] == ["2032-01-05"]
    r = run("script", "dispute", "--charge-date", "12/20", "--statement-date", "1/2",
            "--as-of", "2027-01-10", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    text = r.stdout
    assert "2026-12-20" in text and "statement of 2027-01-02" in text


def test_a_time_alone_is_today(run: Run, datafile: Path) -> None:
    before = date.today()
    assert run("log", "add", "R2", "--date", "7:54").returncode == 0
    after = date.today()
    at = json.loads(run("log", "show", "R2", "--json").stdout)["at"]
    assert at in (f"{before}T07:54", f"{after}T07:54")


def test_a_bad_date_is_exit_2_naming_the_forms(run: Run, datafile: Path) -> None:
    run("log", "add", "R1", "--date", "2026-03-20")
    r = run.rejected(datafile, "log", "edit", "R1", "--follow-up", "next week")
    assert "--follow-up 'next week' is not a date" in r.stderr
    assert "03/20/2026" in r.stderr and "+30d" in r.stderr
    assert run.rejected(datafile, "log", "due", "--as-of", "soon").returncode == 2
    r = run.rejected(datafile, "log", "add", "R9", "--date", "half past seven")
    assert "19:05" in r.stderr


def test_a_dispute_takes_its_amount_as_people_type_it(run: Run, datafile: Path) -> None:
    r = run("script", "dispute", "--merchant", "Shoes", "--amount", "$1,045.10", "--as-of",
            "2026-11-26")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "**Shoes**, **$1,045.10**" in r.stdout
    run("cards", "add", "plat", "--product", "Platinum Card")
    r = run.rejected(datafile, "script", "dispute", "--amount", "ten dollars")
    assert "$1,234.50" in r.stderr


# Dates at their edges, and the exact words a person reads when one is refused: the message is the
# whole help a script or a person gets.

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
