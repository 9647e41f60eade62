"""One annual-fee window for every command: which fee applies on day T, and when to call."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import agenda, directory, eligibility, scripts
from amexcli.cards import Card, FeePosting, RetentionRecord
from amexcli.dates import day_in_month
from amexcli.resources import load
from conftest import Run

CLOSING_DAYS = (1, 15, 28, 29, 30, 31)
FEE_MONTHS = (1, 2, 12)
TWO_YEARS = [date(2027, 1, 1) + timedelta(days=n) for n in range(731)]  # 2028 is a leap year
HISTORIES = {
    "none": [],
    "accepted mid-2026": [RetentionRecord(1, "c", date(2026, 6, 10), "accepted")],
    "accepted in the fee month": [RetentionRecord(1, "c", date(2027, 1, 20), "accepted")],
}


def _fees(*dates: date) -> dict[str, FeePosting]:
    return {f"R{n}": FeePosting(d, 695.0) for n, d in enumerate(dates)}


def _bold_dates(text: str) -> set[str]:
    return set(re.findall(r"\*\*(\d{4}-\d{2}-\d{2})\*\*", text))


@pytest.mark.parametrize(("month", "closing"), list(itertools.product(FEE_MONTHS, CLOSING_DAYS)))
def test_eligibility_script_and_next_agree_on_every_day(month: int, closing: int) -> None:
    """For every day of two years: the window `fee_window` decides is the one eligibility
    reports, the retention script explains and `amex next` lists, with the same call advice."""
    card = Card("c", "Gold Card", annual_fee=250, fee_month=month, closing_day=closing)
    template = load("scripts.toml")["retention"]
    number = directory.build(load("numbers.toml"), {})[0]
    for (name, history), today in itertools.product(HISTORIES.items(), TWO_YEARS):
        fee = eligibility.fee_window(card, today=today)
        assert fee is not None and fee.statement is not None
        # the window itself: open on `today`, and the first not yet closed
        assert fee.window_closes >= today
        assert fee.statement == day_in_month(fee.statement.year, month, closing)
        assert fee.refund_deadline == fee.statement + timedelta(days=30)
        previous = day_in_month(fee.statement.year - 1, month, closing) + timedelta(days=30)
        assert previous < today
        # eligibility
        v = eligibility.check(card, history, today=today)
        assert (v.next_fee_month, v.fee_statement, v.refund_deadline) == (
            fee.month,
            fee.statement,
            fee.refund_deadline,
        )
        advice = eligibility.advise(fee, v.last_accepted, today=today)
        assert advice is not None
        # the retention script: the statement and the deadline it names in bold are these
        script = scripts.build(
            "retention", template, today=today, number=number, card=card, verdict=v
        ).markdown()
        fee_lines = [line for line in script.splitlines() if "annual fee posted" in line
                     or "annual fee should post" in line]  # fmt: skip
        assert len(fee_lines) == 1, (name, today)
        assert _bold_dates(fee_lines[0]) == {str(fee.statement), str(fee.refund_deadline)}
        assert f"by {advice.closes}" in script or f"by **{advice.closes}**" in script
        # next: the annual-fee item, dated when the window opens
        items = agenda.build(calls=[], cards={"c": card}, history=history, today=today, days=400)
        [item] = [i for i in items if i.kind == "annual-fee"]
        assert item.date == fee.statement
        assert item.uid == f"annual-fee-c-{fee.month}@amexcli"
        assert f"until {fee.refund_deadline}" in item.what
        assert item.what.endswith(eligibility.call_clause(advice))
        # and the advice never sends anyone past the window with a "wait"
        if advice.wait:
            assert advice.change is not None and advice.change <= fee.window_closes
            assert f"call on or after {advice.change}" in item.what


@given(
    st.dates(date(2020, 1, 1), date(2040, 12, 31)),
    st.one_of(st.none(), st.integers(1, 31)),
    st.one_of(st.none(), st.integers(1, 12)),
)
def test_a_recorded_posting_overrides_the_estimate(
    posted: date, closing: int | None, month: int | None
) -> None:
    """A posting read from a statement decides its fee year's window, estimated or not."""
    card = Card("c", "Gold", fee_month=month, closing_day=closing, fees=_fees(posted))
    fee = eligibility.fee_window(card, today=posted)
    assert fee is not None and fee.posted == posted and fee.first_day == posted
    assert fee.has_posted(posted) is True and fee.has_posted(posted - timedelta(days=1)) is False
    if closing is None:
        assert fee.statement is None and fee.refund_deadline is None
        assert fee.window_closes > posted + timedelta(days=30)
    else:
        assert fee.statement is not None
        assert 0 <= (fee.statement - posted).days < 31
        assert (
            fee.statement.day == day_in_month(fee.statement.year, fee.statement.month, closing).day
        )
        assert fee.window_closes == fee.refund_deadline == fee.statement + timedelta(days=30)
    # the same window on every day until it closes; the card's field and the argument agree
    assert eligibility.fee_window(card, today=fee.window_closes) == fee
    bare = Card("c", "Gold", fee_month=month, closing_day=closing)
    assert eligibility.fee_window(bare, today=posted, posted=[posted]) == fee
    assert eligibility.fee_window(card, today=fee.window_closes + timedelta(days=1)) != fee


def test_a_posting_later_than_estimated_moves_that_year_only() -> None:
    card = Card("c", "Gold", fee_month=3, closing_day=15, fees=_fees(date(2026, 4, 2)))
    fee = eligibility.fee_window(card, today=date(2026, 4, 20))
    assert fee is not None
    assert (fee.statement, fee.refund_deadline) == (date(2026, 4, 15), date(2026, 5, 15))
    # without the posting that day would already be in next year's window
    assert eligibility.fee_window(Card("c", "Gold", fee_month=3, closing_day=15),
                                  today=date(2026, 4, 20)).month == "2027-03"  # type: ignore[union-attr]  # fmt: skip
    later = eligibility.fee_window(card, today=date(2026, 5, 16))
    assert later is not None and later.statement == date(2027, 3, 15) and later.posted is None


def test_each_recorded_posting_decides_its_own_year() -> None:
    card = Card("c", "Gold", fee_month=3, closing_day=15,
                fees=_fees(date(2025, 3, 3), date(2026, 2, 27), date(2026, 3, 2)))  # fmt: skip
    fee = eligibility.fee_window(card, today=date(2026, 3, 1))
    # two postings near 2026-03: the latest decides; 2025's is long closed
    assert fee is not None and fee.posted == date(2026, 3, 2) and fee.statement == date(2026, 3, 15)
    assert fee.has_posted(date(2026, 3, 1)) is False
    # no fee month on the card: the postings' month stands in for it
    bare = Card("c", "Gold", closing_day=15, fees=_fees(date(2025, 4, 3)))
    fee = eligibility.fee_window(bare, today=date(2026, 1, 1))
    assert fee is not None and (fee.month, fee.posted) == ("2026-04", None)
    assert eligibility.fee_window(Card("c", "Gold"), today=date(2026, 1, 1)) is None


def test_an_imported_fee_posting_moves_the_window_in_every_command(
    run: Run, datafile: Path
) -> None:
    run("cards", "add", "plat", "--product", "Platinum Card", "--fee-month", "3",
        "--closing-day", "15")  # fmt: skip
    datafile.write_text(
        datafile.read_text() + '[cards.plat.fees."R1"]\ndate = 2026-04-02\namount = 695.0\n'
    )
    v = json.loads(run("eligibility", "plat", "--as-of", "2026-04-20", "--json").stdout)
    assert (v["fee_statement"], v["refund_deadline"], v["refund_days_left"]) == (
        "2026-04-15",
        "2026-05-15",
        25,
    )
    out = run("script", "retention", "--card", "plat", "--as-of", "2026-04-20").stdout
    assert "**2026-05-15**" in out
    items = json.loads(run("next", "--as-of", "2026-04-20", "--days", "0", "--json").stdout)
    assert [i["date"] for i in items if i["kind"] == "annual-fee"] == ["2026-04-02"]


@pytest.mark.parametrize("month", [1, 2, 3, 6, 12])
def test_in_the_fee_month_the_fee_is_this_years(month: int) -> None:
    """Mutant killed: on any day of the fee month the fee is this year's, not next year's."""
    for year in (2027, 2028):
        first = date(year, month, 1)
        for day in range(day_in_month(year, month, 31).day):
            today = first + timedelta(days=day)
            for closing in (None, 1, 15, 31):
                card = Card("c", "Gold", fee_month=month, closing_day=closing)
                fee = eligibility.fee_window(card, today=today)
                v = eligibility.check(card, [], today=today)
                assert fee is not None and fee.month == f"{year}-{month:02d}", (today, closing)
                assert v.next_fee_month == fee.month


@pytest.fixture
def plat(run: Run) -> Run:
    r = run("cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695",
            "--fee-month", "3", "--closing-day", "15")  # fmt: skip
    assert r.returncode == 0, r.stderr
    return run


def test_in_the_fee_month_itself_every_command_names_this_years_fee(plat: Run) -> None:
    """Mutant killed: `eligibility`, `script retention` and `next` on 2026-03-01 and 03-31."""
    for as_of in ("2026-03-01", "2026-03-15", "2026-03-31"):
        v = json.loads(plat("eligibility", "plat", "--as-of", as_of, "--json").stdout)
        assert (v["next_fee_month"], v["fee_statement"]) == ("2026-03", "2026-03-15")
        out = plat("script", "retention", "--card", "plat", "--as-of", as_of).stdout
        assert "**2026-03-15**" in out and "2027-03-15" not in out
        items = json.loads(plat("next", "--as-of", as_of, "--json").stdout)
        assert [i["date"] for i in items if i["kind"] == "annual-fee"] == ["2026-03-15"]


def test_next_keeps_the_fee_item_on_the_refund_deadline(plat: Run) -> None:
    """Mutant killed: the window closing a day early. 2026-04-14 is its last day."""
    items = json.loads(plat("next", "--as-of", "2026-04-14", "--days", "0", "--json").stdout)
    [fee] = [i for i in items if i["kind"] == "annual-fee"]
    assert fee["date"] == "2026-03-15" and "until 2026-04-14" in fee["what"]
    v = json.loads(plat("eligibility", "plat", "--as-of", "2026-04-14", "--json").stdout)
    assert (v["refund_deadline"], v["refund_days_left"]) == ("2026-04-14", 0)
    out = plat("script", "retention", "--card", "plat", "--as-of", "2026-04-14").stdout
    assert "by **2026-04-14** (the last day is today)" in out
    # the day after, the window has closed: next year's fee, and nothing due in 0 days
    r = plat("next", "--as-of", "2026-04-15", "--days", "0", "--json")
    assert (r.returncode, json.loads(r.stdout)) == (1, [])
    v = json.loads(plat("eligibility", "plat", "--as-of", "2026-04-15", "--json").stdout)
    assert (v["fee_statement"], v["refund_days_left"]) == ("2027-03-15", None)


@pytest.mark.parametrize(
    ("month", "closing", "as_of", "statement", "deadline", "left"),
    [
        ("3", "15", "2026-04-05", "2026-03-15", "2026-04-14", 9),  # the issue's own example
        ("12", "15", "2027-01-10", "2026-12-15", "2027-01-14", 4),  # across the year end
        ("12", "31", "2027-01-30", "2026-12-31", "2027-01-30", 0),
        ("2", "31", "2028-03-20", "2028-02-29", "2028-03-30", 10),  # 29 February
        ("2", "30", "2027-03-01", "2027-02-28", "2027-03-30", 29),
        ("1", "31", "2026-02-15", "2026-01-31", "2026-03-02", 15),
    ],
)  # fmt: skip
def test_a_posted_fee_keeps_its_window_after_the_fee_month(
    run: Run, month: str, closing: str, as_of: str, statement: str, deadline: str, left: int
) -> None:
    """The refund window of a posted fee no longer vanishes once the fee month has passed."""
    run("cards", "add", "c", "--product", "Gold Card", "--fee-month", month,
        "--closing-day", closing)  # fmt: skip
    v = json.loads(run("eligibility", "c", "--as-of", as_of, "--json").stdout)
    assert (v["fee_statement"], v["refund_deadline"], v["refund_days_left"]) == (
        statement,
        deadline,
        left,
    )
    out = run("script", "retention", "--card", "c", "--as-of", as_of).stdout
    assert f"posted on the statement that closed **{statement}**" in out
    assert f"by **{deadline}**" in out
    items = json.loads(run("next", "--as-of", as_of, "--days", "0", "--json").stdout)
    assert [(i["kind"], i["date"]) for i in items] == [("annual-fee", statement)]
    _, screen = run.tty("eligibility", "c", "--as-of", as_of)
    said = " ".join(screen.split())
    assert f"The annual fee posted on the statement that closed {statement}" in said
    assert f"closing the card by {deadline} gets it refunded" in said


def test_a_verdict_that_improves_after_the_window_gives_both_choices(plat: Run) -> None:
    """Window 03-15..04-14, last offer accepted 2025-05-01: never "wait" past the deadline."""
    plat("retention", "add", "plat", "--date", "2025-05-01", "--accepted")
    for as_of in ("2026-02-01", "2026-03-16", "2026-04-14"):
        out = plat("script", "retention", "--card", "plat", "--as-of", as_of).stdout
        assert "Wait if you can" not in out
        assert "call between then" not in out
        said = " ".join(out.split())
        assert (
            "**An offer becomes maybe only on 2026-05-01, after the refund window closes on "
            "2026-04-14.** Choose: call by 2026-04-14, when an offer is unlikely and closing the "
            "card still refunds the fee; or keep the card through the year, paying the fee, and "
            "call on or after 2026-05-01."
        ) in said
        _, screen = plat.tty("eligibility", "plat", "--as-of", as_of)
        said = " ".join(screen.split())
        assert "An offer becomes maybe only on 2026-05-01, after this window closes" in said
        assert "call by 2026-04-14 (an offer is unlikely until then)" in said
        assert "Call on or after 2026-05-01" not in said
        items = json.loads(plat("next", "--as-of", as_of, "--json").stdout)
        [fee] = [i for i in items if i["kind"] == "annual-fee"]
        assert "call by 2026-04-14 with that verdict, or keep the card" in fee["what"]


def test_a_verdict_that_improves_inside_the_window_says_wait_for_it(plat: Run) -> None:
    plat("retention", "add", "plat", "--date", "2025-03-20", "--accepted")
    out = plat("script", "retention", "--card", "plat", "--as-of", "2026-03-16").stdout
    assert "**Call on or after 2026-03-20, and by 2026-04-14**" in out
    _, screen = plat.tty("eligibility", "plat", "--as-of", "2026-03-16")
    assert "Call on or after 2026-03-20 and by 2026-04-14" in " ".join(screen.split())


def test_verdicts_carry_the_rule_of_thumb_and_massachusetts_once(plat: Run) -> None:
    out = plat("script", "retention", "--card", "plat", "--as-of", "2026-01-10").stdout
    assert "rule of thumb that no source confirms" in out
    assert out.count("Massachusetts") == 1
    assert "Call once the fee has posted" in out
    _, screen = plat.tty("eligibility", "plat", "--as-of", "2026-01-10")
    assert "rule of thumb" in screen and screen.count("Massachusetts") == 1
    assert "Call once it has posted" in " ".join(screen.split())
    bare = plat("script", "retention", "--as-of", "2026-01-10").stdout
    assert bare.count("Massachusetts") == 1
    helptext = plat("cards", "add", "--help", env={"COLUMNS": "200"}).stdout
    assert "Month whose statement shows the annual fee" in " ".join(helptext.split())


def test_exactly_24_months_is_not_over_24_months(plat: Run) -> None:
    plat("retention", "add", "plat", "--date", "2024-01-10", "--accepted")
    out = plat("script", "retention", "--card", "plat", "--as-of", "2026-01-10").stdout
    assert "2024-01-10, 24 months ago (24 months or more)" in out
    assert "over 24 months" not in out


def test_first_year_of_a_card_warns_about_the_welcome_bonus(plat: Run) -> None:
    plat("cards", "add", "new", "--product", "Gold Card", "--opened", "2025-02-28")
    v = json.loads(plat("eligibility", "new", "--as-of", "2026-02-27", "--json").stdout)
    assert v["first_year_ends"] == "2026-02-28"
    out = plat("script", "retention", "--card", "new", "--as-of", "2026-02-27").stdout
    assert "**Its welcome-bonus year** (opened 2025-02-28) runs until 2026-02-28" in out
    assert "welcome bonus" in out
    _, screen = plat.tty("eligibility", "new", "--as-of", "2026-02-27")
    assert "welcome bonus" in screen
    # from its first anniversary on, and on a card without the date, nothing is said
    v = json.loads(plat("eligibility", "new", "--as-of", "2026-02-28", "--json").stdout)
    assert v["first_year_ends"] is None
    out = plat("script", "retention", "--card", "new", "--as-of", "2026-02-28").stdout
    assert "welcome bonus" not in out
    out = plat("script", "retention", "--card", "plat", "--as-of", "2026-02-27").stdout
    assert "welcome bonus" not in out
    assert plat("cards", "edit", "plat", "--opened", "2026-01-01").returncode == 0
    assert json.loads(plat("cards", "show", "plat", "--json").stdout)["opened"] == "2026-01-01"


def test_leap_day_opening_ends_its_first_year_on_28_february(run: Run) -> None:
    run("cards", "add", "leap", "--product", "Gold Card", "--opened", "2028-02-29")
    v = json.loads(run("eligibility", "leap", "--as-of", "2029-02-27", "--json").stdout)
    assert v["first_year_ends"] == "2029-02-28"
