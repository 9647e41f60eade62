"""Benefit periods as properties, and `amex benefits` through the installed `amex`."""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import benefits
from amexcli.benefits import CALENDAR_ANCHOR, EVERY, Benefit, Use, period, status
from amexcli.cards import Card
from amexcli.dates import add_months
from conftest import ANSI, Run

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
month_ends = st.builds(
    lambda y, m: date(y, m, calendar.monthrange(y, m)[1]),
    st.integers(1990, 2090),
    st.integers(1, 12),
)
leap_days = st.sampled_from([date(y, 2, 29) for y in range(1992, 2089, 4)])
anchors = st.one_of(days, month_ends, leap_days, st.just(CALENDAR_ANCHOR))
lengths = st.sampled_from(sorted(EVERY.values()))


def months_from(anchor: date, d: date) -> int:
    return (d.year - anchor.year) * 12 + d.month - anchor.month


@given(days, lengths, anchors)
def test_the_period_holds_the_day(day: date, months: int, anchor: date) -> None:
    start, end = period(day, months=months, anchor=anchor)
    assert start <= day <= end


@given(days, lengths, anchors)
def test_a_period_starts_on_a_step_from_the_anchor(day: date, months: int, anchor: date) -> None:
    """Law: the start is add_months(anchor, k * months) for a whole k, counted from the anchor
    itself (so a period opening on the 31st or on 29 February never drifts)."""
    start, end = period(day, months=months, anchor=anchor)
    steps = months_from(anchor, start)
    assert steps % months == 0
    assert start == add_months(anchor, steps)
    assert end == add_months(anchor, steps + months) - timedelta(1)


@given(days, lengths, anchors)
def test_periods_tile_the_calendar(day: date, months: int, anchor: date) -> None:
    """Law: the first and the last day of a period are in it, and the next day opens the next."""
    start, end = period(day, months=months, anchor=anchor)
    assert period(start, months=months, anchor=anchor) == (start, end)
    assert period(end, months=months, anchor=anchor) == (start, end)
    following = period(end + timedelta(1), months=months, anchor=anchor)
    assert following[0] == end + timedelta(1)
    assert period(start - timedelta(1), months=months, anchor=anchor)[1] == start - timedelta(1)


@given(days, st.sampled_from(sorted(EVERY)))
def test_calendar_periods(day: date, every: str) -> None:
    """Months, quarters from January, halves from January and July, calendar years."""
    months = EVERY[every]
    start, end = period(day, months=months, anchor=CALENDAR_ANCHOR)
    assert start.day == 1 and (start.month - 1) % months == 0 and start.year == day.year
    assert end.day == calendar.monthrange(end.year, end.month)[1]
    assert months_from(start, end) == months - 1


@given(days, st.one_of(month_ends, leap_days), lengths)
def test_cardmember_periods_from_a_month_end_clamp(day: date, opened: date, months: int) -> None:
    """Opened on a 31st or on 29 February: each period starts on that day, clamped."""
    start, _ = period(day, months=months, anchor=opened)
    assert start.day == min(opened.day, calendar.monthrange(start.year, start.month)[1])


@given(days, lengths, anchors, st.integers(1, 5000))
def test_a_use_counts_in_the_period_of_its_date(
    day: date, months: int, anchor: date, cents: int
) -> None:
    """A use on a period's last (or first) day counts in that period; the day after, it does not."""
    start, end = period(day, months=months, anchor=anchor)
    every = next(k for k, v in EVERY.items() if v == months)
    card = Card(key="plat", product="Platinum Card", opened=anchor)  # periods count from it

    def used(*on: date) -> int:
        uses = tuple(Use(id=f"u{i}", date=d, amount=cents) for i, d in enumerate(on))
        b = Benefit("b", "plat", "Credit", 10_000, every, "cardmember", uses=uses)
        return status(b, card, today=day).used

    assert used(end) == cents
    assert used(start) == cents
    assert used(end + timedelta(1)) == 0
    assert used(start - timedelta(1)) == 0
    assert used(start, end, end + timedelta(1)) == 2 * cents


def test_period_examples() -> None:
    assert period(date(2024, 2, 29), months=1, anchor=CALENDAR_ANCHOR) == (
        date(2024, 2, 1),
        date(2024, 2, 29),
    )
    assert period(date(2026, 5, 15), months=3, anchor=CALENDAR_ANCHOR) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert period(date(2026, 9, 30), months=6, anchor=CALENDAR_ANCHOR) == (
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    # opened 2024-02-29: the cardmember year runs 28 February to 27 February until a leap year
    assert period(date(2026, 1, 10), months=12, anchor=date(2024, 2, 29)) == (
        date(2025, 2, 28),
        date(2026, 2, 27),
    )
    assert period(date(2028, 3, 1), months=12, anchor=date(2024, 2, 29)) == (
        date(2028, 2, 29),
        date(2029, 2, 27),
    )
    # opened on the 31st, monthly: February's period starts on its last day, March's on the 31st
    anchor = date(2025, 1, 31)
    assert period(date(2025, 3, 15), months=1, anchor=anchor) == (
        date(2025, 2, 28),
        date(2025, 3, 30),
    )


def test_cardmember_anchor_falls_back_to_the_fee_month_and_says_so() -> None:
    card = Card(key="plat", product="Platinum Card", fee_month=3)
    a = benefits.anchor("cardmember", card)
    assert a.day == date(2000, 3, 1) and a.note and "fee month" in a.note
    bare = benefits.anchor("cardmember", Card(key="gold", product="Gold Card"))
    assert bare.day == CALENDAR_ANCHOR and bare.note and "calendar year" in bare.note
    assert benefits.anchor("calendar", card).note is None


def test_add_use_is_idempotent_by_reference() -> None:
    t: dict[str, object] = {"card": "plat", "name": "Uber Cash", "amount": 15.0, "every": "month"}
    first = benefits.add_use(t, on=date(2026, 1, 5), amount=1500, reference="320")
    assert first is not None
    assert benefits.add_use(t, on=date(2026, 1, 5), amount=1500, reference="320") is None
    assert benefits.add_use(t, on=date(2026, 1, 6), amount=500) is not None
    b = Benefit.from_table("b1", t)
    assert [(u.date, u.amount, u.reference) for u in b.uses] == [
        (date(2026, 1, 5), 1500, "320"),
        (date(2026, 1, 6), 500, None),
    ]


def test_match_ignores_case_and_spacing() -> None:
    b = Benefit("b", "plat", "Uber Cash", 1500, "month", "calendar", match="uber  trip")
    assert benefits.matches(b, "UBER TRIP   help.uber.com")
    assert not benefits.matches(b, "LYFT")
    assert not benefits.matches(Benefit("c", "plat", "X", 1, "month", "calendar"), "UBER")


# Through the installed amex --------------------------------------------------------------

SEED = """\
schema_version = 1

[cards.plat]
product = "Platinum Card"
annual_fee = 695
fee_month = 3
closing_day = 15
"""


@pytest.fixture
def seeded(datafile: Path) -> Path:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(SEED)
    return datafile


def test_add_use_list(run: Run, seeded: Path) -> None:
    assert run("benefits", "add", "plat", "Uber Cash", "--amount", "$15", "--every", "month",
               "--match", "UBER").returncode == 0  # fmt: skip
    r = run("benefits", "use", "plat", "uber cash", "--date", "2026-01-31")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    listed = json.loads(run("benefits", "--json", "--as-of", "2026-01-31").stdout)
    assert listed == [
        {
            "card": "plat",
            "name": "Uber Cash",
            "amount": 15.0,
            "every": "month",
            "resets": "calendar",
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "used": 15.0,
            "left": 0.0,
            "ignored": False,
        }
    ]
    february = run("benefits", "list", "--as-of", "2026-02-01")
    assert february.stdout == (
        "plat\tUber Cash\t15.00\tmonth\tcalendar\t2026-02-01\t2026-02-28\t0.00\t15.00\tfalse\n"
    )
    assert ANSI not in february.stdout
    # nothing left in January: a use without --amount is refused, with --amount it is kept
    r = run.rejected(seeded, "benefits", "use", "plat", "Uber Cash", "--date", "2026-01-10")
    assert "nothing is left" in r.stderr
    r = run("benefits", "use", "plat", "Uber Cash", "--date", "2026-01-10", "--amount", "5")
    assert r.returncode == 0 and "more than" in r.stderr
    assert "15.99" not in seeded.read_text()
    assert 'match = "UBER"' in seeded.read_text()


def test_ignored_benefits_leave_the_list(run: Run, seeded: Path) -> None:
    run("benefits", "add", "plat", "Saks", "--amount", "50", "--every", "half")
    assert run("benefits", "ignore", "plat", "saks").returncode == 0
    assert run("benefits", "--as-of", "2026-01-01").stdout == ""
    shown = json.loads(run("benefits", "list", "--all", "--json", "--as-of", "2026-08-01").stdout)
    assert [(b["name"], b["ignored"], b["period_start"]) for b in shown] == [
        ("Saks", True, "2026-07-01")
    ]
    assert run("benefits", "ignore", "plat", "Saks", "--undo").returncode == 0
    assert run("benefits", "--as-of", "2026-01-01").stdout.startswith("plat\tSaks\t50.00\thalf")


@pytest.mark.parametrize(
    "argv",
    [
        ["benefits", "add", "plat", "X", "--amount", "-15", "--every", "month"],
        ["benefits", "add", "plat", "X", "--amount", "0", "--every", "month"],
        ["benefits", "add", "plat", "X", "--amount", "15.999", "--every", "month"],
        ["benefits", "add", "plat", "X", "--amount", "15", "--every", "week"],
        ["benefits", "add", "plat", "X", "--amount", "15", "--every", "month", "--resets", "no"],
        ["benefits", "add", "nope", "X", "--amount", "15", "--every", "month"],
        ["benefits", "add", "plat", " ", "--amount", "15", "--every", "month"],
        ["benefits", "add", "plat", "uber cash", "--amount", "15", "--every", "month"],
        ["benefits", "use", "plat", "Nope"],
        ["benefits", "use", "nope", "Uber Cash"],
        ["benefits", "use", "plat", "Uber Cash", "--amount", "-1"],
        ["benefits", "use", "plat", "Uber Cash", "--date", "2026-02-30"],
        ["benefits", "ignore", "plat", "Nope"],
        ["benefits", "list", "--card", "nope"],
    ],
)
def test_bad_input_is_exit_2_and_leaves_the_file(run: Run, seeded: Path, argv: list[str]) -> None:
    run("benefits", "add", "plat", "Uber Cash", "--amount", "15", "--every", "month")
    run.rejected(seeded, *argv)


def test_cardmember_year_from_the_fee_month_is_said(run: Run, seeded: Path) -> None:
    r = run("benefits", "add", "plat", "CLEAR", "--amount", "209", "--every", "year",
            "--resets", "cardmember")  # fmt: skip
    assert r.returncode == 0 and "fee month" in r.stderr
    shown = json.loads(run("benefits", "--json", "--as-of", "2026-02-28").stdout)
    assert (shown[0]["period_start"], shown[0]["period_end"]) == ("2025-03-01", "2026-02-28")


def test_completion_lists_benefit_names(run: Run, seeded: Path) -> None:
    run("benefits", "add", "plat", "Uber Cash", "--amount", "15", "--every", "month")
    r = run("__complete", "benefits")
    assert r.stdout == "plat\nUber Cash\n"
