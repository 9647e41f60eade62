"""Does the card pay for its fee: the fee year, the credits counted in it, `amex value`."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import eligibility, value
from amexcli.benefits import Benefit, Use
from amexcli.cards import Card
from amexcli.offers import Offer
from conftest import Run

PLAT = Card(key="plat", product="Platinum Card", annual_fee=695, fee_month=3, closing_day=15)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))
cards = st.builds(
    Card,
    key=st.just("plat"),
    product=st.just("Platinum Card"),
    annual_fee=st.just(695),
    fee_month=st.integers(1, 12),
    closing_day=st.one_of(st.none(), st.integers(1, 31)),
)


def test_fee_year_examples() -> None:
    # the day before the March 2026 fee posts: the year it renews
    fy = value.fee_year(PLAT, today=date(2026, 3, 14))
    assert (fy.start, fy.end, fy.note) == (date(2025, 3, 15), date(2026, 3, 14), None)
    # from the day it posts (its refund window open or not): the year that contains the day
    for day in (date(2026, 3, 15), date(2026, 3, 20), date(2026, 4, 15)):
        fy = value.fee_year(PLAT, today=day)
        assert (fy.start, fy.end) == (date(2026, 3, 15), date(2027, 3, 14))
    fy = value.fee_year(PLAT, today=date(2020, 1, 1), year=2026)
    assert (fy.start, fy.end) == (date(2025, 3, 15), date(2026, 3, 14))
    assert fy.label == (
        "--year 2026: the fee year that ends when the 2026 annual fee posts, on 2026-03-15"
    )
    bare = value.fee_year(Card(key="gold", product="Gold"), today=date(2026, 5, 1))
    assert (bare.start, bare.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert bare.note and "calendar year" in bare.note


@given(cards, days)
def test_fee_years_follow_the_fee_window(card: Card, today: date) -> None:
    """Laws: the fee year holds today; it ends the day before a fee posts (where the fee
    window places it) and the next starts that day; it is about a year long."""
    fy = value.fee_year(card, today=today)
    assert fy.start <= today <= fy.end
    fee = eligibility.fee_window(card, today=fy.end + timedelta(1))
    assert fee is not None and fee.opens == fy.end + timedelta(1)
    assert 365 - 3 <= (fy.end - fy.start).days + 1 <= 366 + 3
    assert value.fee_year(card, today=fy.end + timedelta(1)).start == fy.end + timedelta(1)


def test_credits_count_inside_the_year_only() -> None:
    uses = (
        Use("a", date(2025, 3, 14), 1000),  # the day before: last year
        Use("b", date(2025, 3, 15), 1500),  # first day
        Use("c", date(2026, 3, 14), 1500),  # last day
        Use("d", date(2026, 3, 15), 9900),  # next year
    )
    b = [Benefit("b1", "plat", "Uber Cash", 1500, "month", "calendar", ignored=True, uses=uses)]
    o = [
        Offer("o1", "plat", "Dell", 5000, used=date(2025, 12, 1)),
        Offer("o2", "plat", "Best Buy", 5000, used=date(2025, 12, 1), credited=4000),
        Offer("o3", "plat", "Open", 5000),
        Offer("o4", "gold", "Other card", 5000, used=date(2025, 12, 1)),
    ]
    v = value.compute(PLAT, b, o, today=date(2026, 3, 14))
    assert (v.benefits_used, v.offers_used, v.credits_used) == (3000, 9000, 12000)
    assert v.row() == {
        "card": "plat",
        "fee": 695.0,
        "credits_used": 120.0,
        "difference": -575.0,
        "year_start": date(2025, 3, 15),
        "year_end": date(2026, 3, 14),
    }


def test_sentences_claim_nothing_without_data() -> None:
    none = value.compute(PLAT, [], [], today=date(2026, 3, 14))
    assert value.sentence(none) is None
    nofee = value.compute(
        Card(key="plat", product="P", fee_month=3), [], [], today=date(2026, 3, 1)
    )
    assert value.sentence(nofee) is None and nofee.row()["difference"] is None
    uses = (Use("a", date(2025, 6, 1), 70000),)
    covered = value.compute(
        PLAT, [Benefit("b", "plat", "X", 70000, "year", "calendar", uses=uses)], [],
        today=date(2026, 3, 14),
    )  # fmt: skip
    assert (covered.row()["difference"], value.sentence(covered)) == (
        5.0,
        "The credits you used in the fee year 2025-03-15 to 2026-03-14 ($700) cover the $695 "
        "annual fee: the card paid for itself.",
    )


# Through the installed amex --------------------------------------------------------------

SEED = """\
schema_version = 1

[cards.plat]
product = "Platinum Card"
annual_fee = 695
fee_month = 3
closing_day = 15

[cards.gold]
product = "Gold Card"

[offers.1ngg0r240m0ab]
card = "plat"
merchant = "Best Buy"
credit = 50.0
used = 2025-12-20

[benefits.1ngg0q67da6ab]
card = "plat"
name = "Uber Cash"
amount = 15.0
every = "month"

[benefits.1ngg0q67da6ab.uses.1ngg0q7sg64cd]
date = 2025-12-03
amount = 15.0

[benefits.1ngg0q67da6ab.uses.1ngg0q7sg65cd]
date = 2026-12-03
amount = 15.0
"""


@pytest.fixture
def seeded(datafile: Path) -> Path:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(SEED)
    return datafile


def test_value_fields_and_years(run: Run, seeded: Path) -> None:
    one = json.loads(run("value", "plat", "--json", "--as-of", "2026-03-14").stdout)
    assert one == {
        "card": "plat",
        "fee": 695.0,
        "credits_used": 65.0,
        "difference": -630.0,
        "year_start": "2025-03-15",
        "year_end": "2026-03-14",
    }
    every = run("value", "--as-of", "2026-03-14")
    assert every.returncode == 0 and every.stderr == ""
    assert every.stdout == (
        "gold\t\t0.00\t\t2026-01-01\t2026-12-31\nplat\t695.00\t65.00\t-630.00\t2025-03-15\t2026-03-14\n"
    )
    later = run("value", "plat", "--year", "2027")
    assert later.stdout == "plat\t695.00\t15.00\t-680.00\t2026-03-15\t2027-03-14\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["value", "nope"],
        ["value", "plat", "--year", "2026", "--as-of", "2026-01-01"],
        ["value", "--year", "26"],
        ["value", "--as-of", "2026-02-30"],
    ],
)
def test_bad_input_is_exit_2(run: Run, seeded: Path, argv: list[str]) -> None:
    run.rejected(seeded, *argv)


def test_the_retention_script_says_how_far_the_credits_go(run: Run, seeded: Path) -> None:
    argv = ("script", "retention", "--card", "plat", "--as-of", "2026-03-20")
    short = run(*argv)
    assert short.returncode == 0, short.stderr
    assert "I've used about $65 of the credits against a $695 fee." in short.stdout
    assert "paid for itself" not in short.stdout
    # $700 more in the same fee year: now the credits cover the fee, and the script says so
    r = run("benefits", "use", "plat", "Uber Cash", "--amount", "700", "--date", "2026-01-05")
    assert r.returncode == 0
    covered = run(*argv)
    assert "I've used about" not in covered.stdout
    assert (
        "By your own records the card paid for itself this fee year** (2025-03-15 to "
        "2026-03-14): you used $765 of credits against the $695 fee"
    ) in covered.stdout
    assert "You may not want to risk closing it" in covered.stdout


def test_the_retention_script_claims_nothing_without_data(run: Run, seeded: Path) -> None:
    seeded.write_text(SEED.split("[offers.", maxsplit=1)[0])  # only the cards
    r = run("script", "retention", "--card", "plat", "--as-of", "2026-03-20")
    assert r.returncode == 0, r.stderr
    assert "I've used about" not in r.stdout and "paid for itself" not in r.stdout
    assert "struggling to justify the $695 annual fee this year" in r.stdout
