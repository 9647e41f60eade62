"""Every catalogue credit of the Platinum, Gold and Green, set up from the catalogue, in the
right period on any day: months, quarters, halves and years from 1 January, Uber Cash's $20
more in December, Global Entry and TSA PreCheck counted from their use, a membership credit
spent by one use; `benefits list` and `next` say the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import agenda, benefits, catalogue, resources
from amexcli.dates import add_months, days_in_month

CAT = catalogue.parse(resources.load("catalogue.toml"))
SET_UP = [
    (CAT.entries[k], c) for k in ("platinum", "gold", "green") for c in CAT.entries[k].credits
]
days = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))


def benefit(
    entry: catalogue.Entry, credit: catalogue.Credit, uses: dict[str, Any] | None = None
) -> benefits.Benefit:
    table = benefits.table(benefits=[], card="c", **catalogue.benefit_fields(entry, credit))
    if uses:
        table["uses"] = uses
    return benefits.Benefit.from_table("b1", table)


def expected_calendar_period(day: date, every: str) -> tuple[date, date]:
    """The rule as a person says it, written apart from amexcli.benefits."""
    size = {"month": 1, "quarter": 3, "half": 6, "year": 12}[every]
    first_month = (day.month - 1) // size * size + 1
    last_month = first_month + size - 1
    return (
        date(day.year, first_month, 1),
        date(day.year, last_month, days_in_month(day.year, last_month)),
    )


@pytest.mark.parametrize(("entry", "credit"), SET_UP, ids=[f"{e.key}/{c.key}" for e, c in SET_UP])
@given(day=days)
def test_every_credit_is_in_its_period_with_its_amount(
    entry: catalogue.Entry, credit: catalogue.Credit, day: date
) -> None:
    s = benefits.status(benefit(entry, credit), None, today=day)
    if credit.every in benefits.ROLLING:
        assert (s.period_start, s.period_end, s.left) == (None, None, credit.amount)
        return
    assert credit.resets == "calendar"
    assert (s.period_start, s.period_end) == expected_calendar_period(day, credit.every)
    december = credit.extra_month == 12 and day.month == 12
    assert s.amount == credit.amount + (2000 if december else 0)
    assert s.left == s.amount


@given(day=days)
def test_uber_cash_is_15_a_month_and_35_in_december(day: date) -> None:
    plat = CAT.entries["platinum"]
    uber = plat.credit("uber-cash")
    assert uber is not None
    s = benefits.status(benefit(plat, uber), None, today=day)
    assert s.amount == (3500 if day.month == 12 else 1500)
    assert uber.yearly == 20000  # $15 x 12 + $20


@pytest.mark.parametrize("key", ["global-entry", "tsa-precheck"])
@given(used=days, later=st.integers(min_value=0, max_value=2500))
def test_a_credit_every_few_years_counts_from_its_use(key: str, used: date, later: int) -> None:
    plat = CAT.entries["platinum"]
    credit = plat.credit(key)
    assert credit is not None
    months = {"4-years": 48, "4.5-years": 54}[credit.every]
    day = used + timedelta(days=later)
    b = benefit(plat, credit, {"u1": {"date": used, "amount": credit.amount / 100}})
    s = benefits.status(b, None, today=day)
    again = add_months(used, months)
    if day < again:
        assert (s.period_start, s.period_end, s.left) == (used, again - timedelta(1), 0)
    else:
        assert (s.period_start, s.period_end, s.left) == (again, None, credit.amount)
    before = benefits.status(b, None, today=used - timedelta(1))
    assert (before.period_end, before.left) == (None, credit.amount)  # not used yet: open


@given(day=days, paid=st.integers(min_value=1, max_value=20900))
def test_a_membership_credit_is_spent_by_one_use(day: date, paid: int) -> None:
    plat = CAT.entries["platinum"]
    clear = plat.credit("clear")
    assert clear is not None and clear.renewal
    b = benefit(plat, clear, {"u1": {"date": day, "amount": paid / 100}})
    s = benefits.status(b, None, today=day)
    assert (s.used, s.left) == (paid, 0)
    next_year = benefits.status(b, None, today=date(day.year + 1, 1, 1))
    assert next_year.left == clear.amount


def agenda_items(bs: list[benefits.Benefit], today: date) -> list[agenda.Item]:
    return agenda.build(
        calls=[], cards={}, history=[], today=today, days=45, benefits=bs, offer_days=None
    )


@given(day=days)
def test_next_never_nags_about_a_4_year_credit_nor_a_paid_membership(day: date) -> None:
    plat = CAT.entries["platinum"]
    rolling = [benefit(plat, c) for c in plat.credits if c.every in benefits.ROLLING]
    clear = plat.credit("clear")
    assert clear is not None
    paid = benefit(plat, clear, {"u1": {"date": date(day.year, 1, 1), "amount": 199.0}})
    assert agenda_items([*rolling, paid], day) == []


def test_next_says_35_dollars_of_uber_cash_in_december() -> None:
    plat = CAT.entries["platinum"]
    uber = plat.credit("uber-cash")
    assert uber is not None
    items = agenda_items([benefit(plat, uber)], date(2026, 12, 20))
    assert [i.what for i in items] == ["$35 Uber Cash credit left on c, resets 2027-01-01."]
    items = agenda_items([benefit(plat, uber)], date(2026, 11, 20))
    assert next(i.what for i in items) == "$15 Uber Cash credit left on c, resets 2026-12-01."


@pytest.mark.parametrize(
    ("as_of", "uber", "lulu_start"),
    [
        ("2026-11-30", 15.0, "2026-10-01"),
        ("2026-12-01", 35.0, "2026-10-01"),
        ("2026-12-31", 35.0, "2026-10-01"),
        ("2027-01-01", 15.0, "2027-01-01"),
    ],
)
def test_benefits_list_on_the_boundary_days_of_december(
    cli: Callable[..., Any], as_of: str, uber: float, lulu_start: str
) -> None:
    assert cli("cards", "add", "plat", "--product", "Platinum", "--with-credits").exit_code == 0
    rows = {r["name"]: r for r in json.loads(cli("benefits", "--json", "--as-of", as_of).stdout)}
    assert rows["Uber Cash"]["amount"] == uber and rows["Uber Cash"]["left"] == uber
    assert rows["lululemon Credit"]["period_start"] == lulu_start
    assert rows["Global Entry Credit"]["period_end"] is None
    assert rows["Global Entry Credit"]["every"] == "4-years"


def test_using_a_4_year_credit_starts_its_period(cli: Callable[..., Any]) -> None:
    assert cli("cards", "add", "plat", "--product", "Platinum", "--with-credits").exit_code == 0
    r = cli("benefits", "use", "plat", "Global Entry Credit", "--date", "2025-03-10")
    assert r.exit_code == 0, r.output
    rows = {
        r["name"]: r for r in json.loads(cli("benefits", "--json", "--as-of", "2026-12-07").stdout)
    }
    ge = rows["Global Entry Credit"]
    assert (ge["period_start"], ge["period_end"], ge["left"]) == ("2025-03-10", "2029-03-09", 0.0)


@given(used=days, second=st.integers(min_value=1, max_value=1400))
def test_a_second_use_inside_the_4_years_stays_in_the_first_ones_period(
    used: date, second: int
) -> None:
    plat = CAT.entries["platinum"]
    credit = plat.credit("global-entry")
    assert credit is not None
    then = used + timedelta(days=second)  # 1400 days < 4 years
    uses = {"u1": {"date": used, "amount": 60.0}, "u2": {"date": then, "amount": 60.0}}
    s = benefits.status(benefit(plat, credit, uses), None, today=then)
    assert (s.period_start, s.period_end) == (used, add_months(used, 48) - timedelta(1))
    assert (s.used, s.left) == (12000, 0)
