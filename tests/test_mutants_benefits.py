"""Recurring credits at their edges: where a cardmember year starts and what amex says about it,
what is left on a period's last day, what a broken benefit in the file is told, the uses a second
import must not add twice. Found by mutation testing (README "Development")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from amexcli import benefits
from amexcli.benefits import CALENDAR_ANCHOR, Benefit, Status, Use, period, status
from amexcli.cards import Card
from amexcli.errors import DataFileError, InputError

PERIODS_SAID = "month, quarter, half, year, 4-years, 4.5-years"
EVERY_SAYS = f"benefits.k.every must be one of {PERIODS_SAID}."

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
