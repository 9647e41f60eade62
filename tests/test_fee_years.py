"""Fee years tile the calendar, and `amex value` counts a year's credits up to its day only."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amexcli import value
from amexcli.benefits import Benefit, Use
from amexcli.cards import Card, FeePosting
from amexcli.offers import Offer

Cli = Callable[..., Any]
FIRST, LAST = date(2020, 1, 1), date(2035, 12, 31)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


EVERY_DAY = _days(FIRST, LAST)


@settings(max_examples=10, deadline=None)
@given(
    fee_month=st.one_of(st.none(), st.integers(1, 12)),
    closing_day=st.one_of(st.none(), st.integers(1, 31)),
    postings=st.lists(st.dates(date(2018, 1, 1), date(2037, 12, 31)), max_size=6),
    uses=st.lists(
        st.tuples(st.dates(date(2019, 1, 1), date(2036, 12, 31)), st.integers(1, 100_000)),
        max_size=12,
    ),
)
def test_every_day_is_in_exactly_one_fee_year_and_value_counts_only_it(
    fee_month: int | None,
    closing_day: int | None,
    postings: list[date],
    uses: list[tuple[date, int]],
) -> None:
    fees = {f"R{i}": FeePosting(d, 695.0) for i, d in enumerate(postings)}
    card = Card("plat", "Platinum Card", annual_fee=695, fee_month=fee_month,
                closing_day=closing_day, fees=fees)  # fmt: skip
    half = len(uses) // 2  # benefit uses and offers used alike
    used = tuple(Use(f"u{i}", d, c) for i, (d, c) in enumerate(uses[:half]))
    benefit = Benefit("b", "plat", "Credit", 100, "month", "calendar", uses=used)
    offers = [Offer(f"o{i}", "plat", "Shop", c, used=d) for i, (d, c) in enumerate(uses[half:])]
    previous = None
    for day in EVERY_DAY:
        fy = value.fee_year(card, today=day)
        assert fy.start <= day <= fy.end
        if previous is not None and previous != (fy.start, fy.end):
            # a new year starts the day after the last one ended: no gap, no overlap
            assert fy.start == previous[1] + timedelta(days=1) == day
        previous = (fy.start, fy.end)
        v = value.compute(card, [benefit], offers, today=day)
        assert (v.year_start, v.year_end) == (fy.start, fy.end)
        assert v.credits_used == sum(c for d, c in uses if fy.start <= d <= day)


# The card: fee month 4, but the fee posted on 03/15 (the statement said so).

SEED = """\
schema_version = 1

[cards.plat]
product = "Platinum Card"
annual_fee = 695
fee_month = 4
closing_day = 15

[cards.plat.fees."320260740000000001"]
date = 2026-03-15
amount = 695.0

[benefits.1ngg0q67da6ab]
card = "plat"
name = "Resy"
amount = 100.0
every = "quarter"

[benefits.1ngg0q67da6ab.uses.1ngg0q7sg64cd]
date = 2026-04-02
amount = 40.0

[benefits.1ngg0q67da6ab.uses.1ngg0q7sg65cd]
date = 2026-04-05
amount = 60.0

[offers.1ngg0r240m0ab]
card = "plat"
merchant = "Dell"
credit = 200.0
used = 2026-01-10
"""


@pytest.fixture
def seeded(datafile: Path) -> Path:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(SEED)
    return datafile


def _value(cli: Cli, *args: str) -> dict[str, Any]:
    r = cli("value", "plat", "--json", *args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def test_a_fee_that_posted_early_leaves_no_hole(cli: Cli, seeded: Path) -> None:
    for day in _days(date(2026, 3, 15), date(2026, 4, 14)):  # the days the hole covered
        v = _value(cli, "--as-of", str(day))
        assert (v["year_start"], v["year_end"]) == ("2026-03-15", "2027-04-14"), day
        counted = (40 if day >= date(2026, 4, 2) else 0) + (60 if day >= date(2026, 4, 5) else 0)
        assert v["credits_used"] == counted, day
    before = _value(cli, "--as-of", "2026-03-14")
    assert (before["year_start"], before["year_end"]) == ("2025-04-15", "2026-03-14")


def test_value_as_of_never_counts_a_use_after_its_day(cli: Cli, seeded: Path) -> None:
    # the offer used on 2026-01-10 is in the fee year of 2025-06-01, but after that day
    assert _value(cli, "--as-of", "2025-06-01")["credits_used"] == 0.0
    assert _value(cli, "--as-of", "2026-01-09")["credits_used"] == 0.0
    assert _value(cli, "--as-of", "2026-01-10")["credits_used"] == 200.0


def test_value_year_says_which_fee_year_it_means(
    cli: Cli, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amexcli import output

    v = _value(cli, "--year", "2026")
    assert (v["year_start"], v["year_end"], v["credits_used"]) == (
        "2025-04-15", "2026-03-14", 200.0,
    )  # fmt: skip
    monkeypatch.setattr(output, "stdout_is_tty", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    r = cli("value", "plat", "--year", "2026")
    assert r.exit_code == 0, r.output
    assert (
        "(--year 2026: the fee year that ends when the 2026 annual fee posts, on 2026-03-15)"
        in r.stdout
    )


# The same card, its fee and its credits read from a download in each layout.


@pytest.mark.parametrize("layout", ["basic", "extended", "extended-no-account"])
def test_a_download_with_an_early_fee_leaves_no_hole(cli: Cli, tmp_path: Path, layout: str) -> None:
    from statement_files import FEES, csv_text, row

    def ok(*args: str) -> Any:
        r = cli(*args)
        assert r.exit_code == 0, r.output
        return r

    ok("cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695",
       "--fee-month", "4", "--closing-day", "15", "--last5", "12345")  # fmt: skip
    ok("benefits", "add", "plat", "Resy", "--amount", "100", "--every", "quarter",
       "--match", "AMEX RESY CREDIT")  # fmt: skip
    rows = [
        row("03/15/2026", "ANNUAL MEMBERSHIP FEE", "695.00", category=FEES),
        row("03/20/2026", "RESY NEW YORK NY", "-40.00"),  # a restaurant's refund, not the credit
        row("04/02/2026", "AMEX RESY CREDIT", "-40.00", category=FEES),
        row("04/05/2026", "AMEX RESY CREDIT", "-60.00", category=FEES),
    ]
    csv = tmp_path / "activity.csv"
    csv.write_text(csv_text(layout, rows), newline="")
    card = ("--card", "plat") if layout == "extended-no-account" else ()
    r = ok("statement", "import", str(csv), *card, "--as-of", "2026-04-10", "--json")
    assert [i["kind"] for i in json.loads(r.stdout)] == ["annual-fee", "fee-month", "credit",
                                                          "credit"]  # fmt: skip
    # the card still says fee month 4: every day from the posting on is in the new year
    for day in _days(date(2026, 3, 15), date(2026, 4, 14)):
        v = _value(cli, "--as-of", str(day))
        assert (v["year_start"], v["year_end"]) == ("2026-03-15", "2027-04-14"), day
    assert _value(cli, "--as-of", "2026-04-04")["credits_used"] == 40.0
    assert _value(cli, "--as-of", "2026-04-05")["credits_used"] == 100.0
    assert _value(cli, "--as-of", "2026-03-14")["year_end"] == "2026-03-14"
