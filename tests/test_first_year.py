"""A card's first year: no renewal to negotiate, so no "likely" and no "call now" before the
first renewal, which every command names as the moment, with its date."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from amexcli import eligibility
from amexcli.cards import Card

Cli = Callable[..., Any]
OPENED = date(2025, 1, 10)
LIKELY = re.compile(r"\blikely\b", re.IGNORECASE)  # "unlikely" is not "likely"
CALL_NOW = re.compile(r"call now", re.IGNORECASE)


def _ok(cli: Cli, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, r.output
    return r


@pytest.fixture
def new_cards(cli: Cli) -> Cli:
    """Cards opened on the same day, each placing its fee differently."""
    common = ("--opened", str(OPENED), "--annual-fee", "895")
    _ok(cli, "cards", "add", "plat", "--product", "Platinum Card", "--fee-month", "1",
        "--closing-day", "15", *common)  # fmt: skip
    _ok(cli, "cards", "add", "gold", "--product", "Gold Card", "--fee-month", "2", *common)
    _ok(cli, "cards", "add", "green", "--product", "Green Card", *common)  # no fee month
    _ok(cli, "cards", "add", "biz", "--product", "Business Platinum", "--fee-month", "1",
        "--closing-day", "28", *common)  # fmt: skip
    return cli


def test_the_issue_s_card_is_told_to_wait_for_its_first_renewal(cli: Cli) -> None:
    _ok(cli, "cards", "add", "plat", "--product", "Platinum Card", "--opened", "2025-01-10",
        "--fee-month", "1")  # fmt: skip
    v = json.loads(_ok(cli, "eligibility", "plat", "--as-of", "2025-01-20", "--json").stdout)
    assert (v["verdict"], v["next_change"], v["first_renewal"]) == (
        "unlikely", "2026-01-01", "2026-01-01",
    )  # fmt: skip
    assert v["next_fee_month"] == "2026-01"  # the renewal's, not the opening fee's
    script = _ok(cli, "script", "retention", "--card", "plat", "--as-of", "2025-01-20").stdout
    assert "this card is in its first year" in script
    assert "first renewal, from **2026-01-01**" in script
    assert not LIKELY.search(script.replace("12- and 24-month", "")) and not CALL_NOW.search(script)
    r = cli("next", "--as-of", "2025-01-20", "--json")  # nothing to call about for a year
    assert (r.exit_code, json.loads(r.stdout)) == (1, [])
    r = cli("next", "--as-of", "2025-12-20", "--json")  # the first renewal, named as such
    [item] = json.loads(r.stdout)
    assert (item["kind"], item["date"]) == ("annual-fee", "2026-01-01")
    assert item["what"].startswith("First renewal. ")
    assert "first moment to ask for a retention offer" in item["what"]


def test_next_never_says_likely_or_call_now_in_a_card_s_first_400_days(new_cards: Cli) -> None:
    seen = set()
    for n in range(400):
        day = OPENED + timedelta(days=n)
        r = new_cards("next", "--as-of", str(day), "--json")
        assert r.exit_code in (0, 1), r.output
        for item in json.loads(r.stdout or "[]"):
            said = f"{item['what']} {item['command']}"
            assert not LIKELY.search(said), (day, said)
            assert not CALL_NOW.search(said), (day, said)
            seen.add((item["kind"], item["card"]))
    # the first renewal was named for every card with a fee month
    assert {("annual-fee", "plat"), ("annual-fee", "gold"), ("annual-fee", "biz")} <= seen


@pytest.mark.parametrize(
    ("card", "renewal"),
    [
        (Card("a", "A", fee_month=1, closing_day=15, opened=OPENED), date(2026, 1, 15)),
        (Card("b", "B", fee_month=2, opened=OPENED), date(2026, 2, 1)),
        (Card("c", "C", opened=OPENED), date(2026, 1, 10)),  # no fee month: the anniversary
        # six months after opening is 2025-07-10: a fee on or before it is the opening fee's
        (Card("d", "D", fee_month=7, closing_day=10, opened=OPENED), date(2026, 7, 10)),
        (Card("e", "E", fee_month=7, closing_day=11, opened=OPENED), date(2025, 7, 11)),
        # without `opened`, a recent member-since bounds the card's age
        (Card("f", "F", fee_month=1, member_since=OPENED), date(2026, 1, 1)),
    ],
)
def test_the_first_renewal_is_the_first_fee_more_than_six_months_after_opening(
    card: Card, renewal: date
) -> None:
    assert eligibility.renewal_day(card) == renewal
    before = eligibility.check(card, [], today=renewal - timedelta(days=1))
    assert (before.verdict, before.first_renewal, before.next_change) == (
        "unlikely", renewal, renewal,
    )  # fmt: skip
    on = eligibility.check(card, [], today=renewal)
    assert (on.verdict, on.first_renewal) == ("likely", None)


def test_an_old_card_has_no_first_year() -> None:
    card = Card("p", "P", member_since=date(2015, 3, 1), fee_month=3, closing_day=15)
    v = eligibility.check(card, [], today=date(2026, 1, 5))
    assert (v.verdict, v.first_renewal) == ("likely", None)


def test_eligibility_value_and_script_name_the_first_renewal(new_cards: Cli) -> None:
    day = "2025-03-01"
    v = json.loads(_ok(new_cards, "eligibility", "plat", "--as-of", day, "--json").stdout)
    assert (v["verdict"], v["first_renewal"], v["refund_deadline"]) == (
        "unlikely", "2026-01-15", "2026-02-14",
    )  # fmt: skip
    from amexcli import output

    # the terminal's sentences (value and eligibility speak only there)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(output, "stdout_is_tty", lambda: True)
        mp.setenv("COLUMNS", "300")
        said = _ok(new_cards, "eligibility", "plat", "--as-of", day).stdout
        worth = _ok(new_cards, "value", "plat", "--as-of", day).stdout
    said = " ".join(said.split())
    assert "The moment to call is its first renewal, from 2026-01-15." in said
    assert "Call once it has posted, from 2026-01-15 and by 2026-02-14" in said
    assert not LIKELY.search(said.replace("12 and 24 months", ""))
    assert "first renewal, from 2026-01-15" in " ".join(worth.split())
    script = _ok(new_cards, "script", "retention", "--card", "gold", "--as-of", day).stdout
    assert "first renewal, from **2026-02-01**" in script
    assert not CALL_NOW.search(script)
