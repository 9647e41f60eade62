"""Benefit periods as properties, and `amex benefits` through the installed `amex`."""

from __future__ import annotations

import calendar
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import benefits
from amexcli.benefits import CALENDAR_ANCHOR, EVERY, Benefit, Status, Use, period, status
from amexcli.cards import Card
from amexcli.dates import add_months
from amexcli.errors import DataFileError, InputError
from conftest import ANSI, Run

PERIODS_SAID = "month, quarter, half, year, 4-years, 4.5-years"
EVERY_SAYS = f"benefits.k.every must be one of {PERIODS_SAID}."

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


# Recurring credits at their edges: where a cardmember year starts and what amex says about it,
# what is left on a period's last day, what a broken benefit in the file is told, the uses a
# second import must not add twice.

PLAT = Card(key="plat", product="Platinum Card", opened=date(2019, 8, 20), fee_month=8)
FEE_ONLY = Card(key="gold", product="Gold Card", fee_month=3)
BARE = Card(key="green", product="Green Card")


def benefit(key: str = "b", **fields: Any) -> Benefit:
    table = {"card": "plat", "name": "Uber Cash", "amount": 15.0, "every": "month", **fields}
    return Benefit.from_table(key, table)


def use(day: date, cents: int, key: str = "u") -> Use:
    return Use(id=key, date=day, amount=cents)


# Periods and their anchors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "anchor", "expected"),
    [
        # the anchor's own day opens a period; the day before closes the previous one
        (date(2026, 8, 20), 12, date(2019, 8, 20), (date(2026, 8, 20), date(2027, 8, 19))),
        (date(2026, 8, 19), 12, date(2019, 8, 20), (date(2025, 8, 20), date(2026, 8, 19))),
        (date(2026, 1, 5), 1, date(2019, 8, 20), (date(2025, 12, 20), date(2026, 1, 19))),
        (date(2026, 1, 31), 1, CALENDAR_ANCHOR, (date(2026, 1, 1), date(2026, 1, 31))),
        (date(2026, 12, 31), 6, CALENDAR_ANCHOR, (date(2026, 7, 1), date(2026, 12, 31))),
        (date(2026, 10, 1), 3, CALENDAR_ANCHOR, (date(2026, 10, 1), date(2026, 12, 31))),
        # a day before the anchor (a card opened after the day asked about) still has a period
        (date(2019, 8, 1), 3, date(2019, 8, 20), (date(2019, 5, 20), date(2019, 8, 19))),
    ],
)
def test_period_edges(day: date, months: int, anchor: date, expected: tuple[date, date]) -> None:
    assert period(day, months=months, anchor=anchor) == expected


def test_a_calendar_benefit_counts_from_the_first_of_january_and_says_nothing() -> None:
    for card in (PLAT, FEE_ONLY, BARE, None):
        a = benefits.anchor("calendar", card)
        assert (a.day.month, a.day.day, a.note) == (1, 1, None)


def test_a_cardmember_year_counts_from_the_day_the_card_was_opened() -> None:
    assert benefits.anchor("cardmember", PLAT) == benefits.Anchor(date(2019, 8, 20), None)


def test_a_cardmember_year_without_an_opening_date_counts_from_the_fee_month() -> None:
    a = benefits.anchor("cardmember", FEE_ONLY)
    assert (a.day.month, a.day.day) == (3, 1)
    assert a.note == (
        "gold's opening date is unknown: its cardmember year is counted from its fee month (03)."
    )


def test_a_cardmember_year_without_anything_known_is_the_calendar_year() -> None:
    said = "its cardmember year is taken as the calendar year."
    bare = benefits.anchor("cardmember", BARE)
    assert bare == benefits.Anchor(
        CALENDAR_ANCHOR, f"green has no opening date or fee month: {said}"
    )
    unknown = benefits.anchor("cardmember", None)
    assert unknown == benefits.Anchor(
        CALENDAR_ANCHOR, f"its card has no opening date or fee month: {said}"
    )


# Status: used, left, resets ----------------------------------------------------------------


def test_the_status_of_a_cardmember_year_benefit() -> None:
    b = benefit(
        name="CLEAR",
        amount=209.0,
        every="year",
        resets="cardmember",
        uses={
            "u1": {"date": date(2026, 8, 19), "amount": 100.0},  # last day of the old year
            "u2": {"date": date(2026, 8, 20), "amount": 50.0},  # first day of the new one
            "u3": {"date": date(2027, 8, 19), "amount": 9.99},
            "u4": {"date": date(2027, 8, 20), "amount": 1.0},
        },
    )
    s = status(b, PLAT, today=date(2026, 11, 26))
    assert (s.period_start, s.period_end, s.used, s.left) == (
        date(2026, 8, 20),
        date(2027, 8, 19),
        5999,
        14901,
    )
    assert s.resets_on == date(2027, 8, 20)
    assert s.note is None
    assert (
        status(b, FEE_ONLY, today=date(2026, 11, 26)).note
        == benefits.anchor("cardmember", FEE_ONLY).note
    )


def test_nothing_is_left_when_more_than_the_amount_was_used() -> None:
    b = benefit(uses={"u": {"date": date(2026, 1, 5), "amount": 20.0}})
    s = status(b, None, today=date(2026, 1, 31))
    assert (s.used, s.left) == (2000, 0)
    exactly = benefit(uses={"u": {"date": date(2026, 1, 5), "amount": 14.99}})
    assert status(exactly, None, today=date(2026, 1, 31)).left == 1


def test_the_json_row_of_a_status() -> None:
    b = benefit(note="December: $35", match="UBER", ignored=True)
    b = replace(b, uses=(use(date(2026, 2, 3), 550),))
    row = status(b, None, today=date(2026, 2, 28)).row()
    assert row == {
        "card": "plat",
        "name": "Uber Cash",
        "amount": 15.0,
        "every": "month",
        "resets": "calendar",
        "period_start": date(2026, 2, 1),
        "period_end": date(2026, 2, 28),
        "used": 5.5,
        "left": 9.5,
        "ignored": True,
    }
    assert list(row) == list(benefits.FIELDS)


def test_ending_takes_benefits_not_ignored_with_something_left_ending_by_the_horizon() -> None:
    today = date(2026, 1, 25)

    def s(name: str, end: date, used: int = 0, ignored: bool = False) -> Status:
        b = Benefit(name, "plat", name, 1500, "month", "calendar", ignored=ignored)
        return Status(b, date(2026, 1, 1), end, used, None)

    statuses = [
        s("today", today),
        s("horizon", date(2026, 1, 31)),
        s("after", date(2026, 2, 1)),
        s("past", date(2026, 1, 24)),
        s("spent", date(2026, 1, 31), used=1500),
        s("one cent", date(2026, 1, 31), used=1499),
        s("ignored", date(2026, 1, 31), ignored=True),
    ]
    found = benefits.ending(statuses, today=today, horizon=date(2026, 1, 31))
    assert [x.benefit.name for x in found] == ["today", "horizon", "one cent"]


# The file ------------------------------------------------------------------------------------


def test_every_field_is_read_from_the_file() -> None:
    b = benefit(
        "k",
        amount=15.5,
        every="quarter",
        resets="cardmember",
        note="n",
        match="UBER",
        ignored=True,
        uses={
            "z": {"date": date(2026, 1, 5), "amount": 1.0},
            "y": {"date": date(2026, 1, 5), "amount": 2.0, "reference": "320"},
            "x": {"date": date(2026, 1, 7), "amount": 3.0},
        },
    )
    assert b == Benefit(
        id="k",
        card="plat",
        name="Uber Cash",
        amount=1550,
        every="quarter",
        resets="cardmember",
        note="n",
        match="UBER",
        ignored=True,
        uses=(
            Use("y", date(2026, 1, 5), 200, "320"),
            Use("z", date(2026, 1, 5), 100, None),
            Use("x", date(2026, 1, 7), 300, None),
        ),
    )


def test_what_a_benefit_is_without_the_optional_fields() -> None:
    b = benefit("k")
    assert (b.resets, b.note, b.match, b.ignored, b.uses) == ("calendar", None, None, False, ())
    assert benefit(ignored=False).ignored is False


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"card": None}, "benefits.k: a benefit needs a card, a name and an amount."),
        ({"name": None}, "benefits.k: a benefit needs a card, a name and an amount."),
        ({"amount": None}, "benefits.k: a benefit needs a card, a name and an amount."),
        ({"every": None}, EVERY_SAYS),
        ({"every": "week"}, EVERY_SAYS),
        ({"resets": "never"}, "benefits.k.resets must be one of calendar, cardmember."),
        ({"uses": 5}, "benefits.k.uses must hold tables such as [benefits.k.uses.ID]."),
        ({"uses": {"u": 5}}, "benefits.k.uses must hold tables such as [benefits.k.uses.ID]."),
        ({"uses": {"u": {"amount": 1.0}}}, "benefits.k.uses.u: a use needs a date and an amount."),
        (
            {"uses": {"u": {"date": date(2026, 1, 1)}}},
            "benefits.k.uses.u: a use needs a date and an amount.",
        ),
        (
            {"uses": {"u": {"date": date(2026, 1, 1), "amount": 1.0, "reference": 5}}},
            "benefits.k.uses.u.reference must be a str, not 5; fix it in the data file.",
        ),
    ],
)
def test_a_broken_benefit_in_the_file_is_told_where(fields: dict[str, Any], says: str) -> None:
    table = {"card": "plat", "name": "Uber Cash", "amount": 15.0, "every": "month", **fields}
    table = {k: v for k, v in table.items() if v is not None}
    with pytest.raises(DataFileError) as e:
        Benefit.from_table("k", table)
    assert str(e.value) == says


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("card", 1),
        ("name", 1),
        ("amount", "15"),
        ("every", 1),
        ("resets", 1),
        ("note", 1),
        ("match", 1),
        ("ignored", "yes"),
    ],
)
def test_a_wrong_field_of_a_benefit_is_named_with_its_benefit(name: str, wrong: object) -> None:
    table = {"card": "plat", "name": "Uber Cash", "amount": 15.0, "every": "month", name: wrong}
    with pytest.raises(DataFileError) as e:
        Benefit.from_table("1ngg0q67da6ab", table)
    assert str(e.value).startswith(f"benefits.1ngg0q67da6ab.{name} must be ")


@pytest.mark.parametrize(("name", "wrong"), [("date", "2026-01-05"), ("amount", -1)])
def test_a_wrong_field_of_a_use_is_named_with_its_use(name: str, wrong: object) -> None:
    use = {"date": date(2026, 1, 5), "amount": 15.0, name: wrong}
    table = {"card": "plat", "name": "Uber", "amount": 15.0, "every": "month", "uses": {"u": use}}
    with pytest.raises(DataFileError) as e:
        Benefit.from_table("b", table)
    assert str(e.value).startswith(f"benefits.b.uses.u.{name} must be ")


def test_load_sorts_by_card_then_name_in_any_case_then_id() -> None:
    section = {
        "4": {"card": "plat", "name": "uber", "amount": 1.0, "every": "month"},
        "3": {"card": "plat", "name": "Airline", "amount": 1.0, "every": "year"},
        "2": {"card": "gold", "name": "Dining", "amount": 1.0, "every": "month"},
        "1": {"card": "plat", "name": "Uber", "amount": 1.0, "every": "month"},
        "0": {"card": "plat", "name": "saks", "amount": 1.0, "every": "half"},
    }
    assert [b.id for b in benefits.load(section)] == ["2", "3", "0", "1", "4"]


# Finding and adding ---------------------------------------------------------------------------


def test_a_benefit_is_found_by_name_in_any_case_and_spacing_on_its_card_only() -> None:
    uber = benefit("1")
    gold = benefit("2", card="gold", name="Dining")
    assert benefits.find([gold, uber], "plat", "  uber   CASH ") == uber
    with pytest.raises(InputError) as e:
        benefits.find([gold, uber], "plat", "Dining")
    assert str(e.value) == (
        "plat has no benefit 'Dining' (known: 'Uber Cash'). "
        "Add it with `amex benefits add plat NAME --amount N --every month`."
    )
    with pytest.raises(InputError) as e:
        benefits.find([gold], "plat", "Uber")
    assert "(known: none yet)" in str(e.value)
    saks = benefit("3", name="Saks")
    with pytest.raises(InputError) as e:
        benefits.find([saks, gold, uber], "plat", "Dining")
    assert "(known: 'Saks', 'Uber Cash')" in str(e.value)


def test_a_new_benefit_table_holds_what_was_given() -> None:
    t = benefits.table(
        benefits=[benefit(card="gold")],  # the same name on another card is fine
        card="plat",
        name="  Uber   Cash ",
        amount=1550,
        every="month",
        resets="cardmember",
        note="December: $35",
        match="  UBER ",
    )
    assert t == {
        "card": "plat",
        "name": "Uber Cash",
        "amount": 15.5,
        "every": "month",
        "resets": "cardmember",
        "note": "December: $35",
        "match": "UBER",
    }
    bare = benefits.table(
        benefits=[], card="plat", name="Saks", amount=5000, every="half",
        resets="calendar", note=None, match=None,
    )  # fmt: skip
    assert bare == {
        "card": "plat", "name": "Saks", "amount": 50.0, "every": "half", "resets": "calendar"
    }  # fmt: skip


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ({"name": " \t"}, "the benefit's NAME must not be empty."),
        ({"name": "uber  CASH"}, "plat already has a benefit 'uber CASH'; choose another name."),
        ({"every": "week"}, "--every must be one of " + PERIODS_SAID + ", not 'week'."),
        ({"resets": "never"}, "--resets must be one of calendar, cardmember, not 'never'."),
        ({"match": "  "}, "--match must not be empty."),
    ],
)
def test_a_new_benefit_is_refused_with_the_reason(given: dict[str, Any], says: str) -> None:
    args: dict[str, Any] = {
        "card": "plat", "name": "Saks", "amount": 5000, "every": "half", "resets": "calendar",
        "note": None, "match": None, **given,
    }  # fmt: skip
    with pytest.raises(InputError) as e:
        benefits.table(benefits=[benefit()], **args)
    assert str(e.value) == says


def test_a_use_is_added_under_its_id_with_its_day_and_amount() -> None:
    t: dict[str, Any] = {"card": "plat", "name": "Uber Cash", "amount": 15.0, "every": "month"}
    key = benefits.add_use(t, on=date(2026, 1, 5), amount=1550, use_id="u1")
    assert key == "u1"
    assert t["uses"] == {"u1": {"date": date(2026, 1, 5), "amount": 15.5}}
    again = benefits.add_use(t, on=date(2026, 1, 6), amount=100, use_id="u1")
    assert again is not None and again != "u1"  # the id is taken: another is drawn
    assert t["uses"]["u1"] == {"date": date(2026, 1, 5), "amount": 15.5}
    assert t["uses"][again] == {"date": date(2026, 1, 6), "amount": 1.0}


def test_a_use_from_a_statement_keeps_its_reference_and_is_added_once() -> None:
    t: dict[str, Any] = {"card": "plat", "name": "Uber Cash", "amount": 15.0, "every": "month"}
    key = benefits.add_use(t, on=date(2026, 1, 5), amount=1500, reference="320", use_id="u1")
    assert t["uses"] == {"u1": {"date": date(2026, 1, 5), "amount": 15.0, "reference": "320"}}
    assert benefits.add_use(t, on=date(2026, 1, 5), amount=1500, reference="320") is None
    other = benefits.add_use(t, on=date(2026, 1, 5), amount=1500, reference="321")
    assert key == "u1" and other is not None and len(t["uses"]) == 2


def test_an_empty_match_matches_nothing() -> None:
    b = Benefit("b", "plat", "Uber Cash", 1500, "month", "calendar", match="")
    assert not benefits.matches(b, "UBER")
    assert not benefits.matches(b, "")
    spaced = Benefit("b", "plat", "Uber Cash", 1500, "month", "calendar", match=" Uber ")
    assert benefits.matches(spaced, "uber")
