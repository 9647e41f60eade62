"""Without the closing day, the refund deadline is given at its earliest, never weeks late."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from amexcli import eligibility
from amexcli.cards import Card

Cli = Callable[..., Any]
FIX = "`amex cards edit gold --closing-day N`"


@pytest.fixture
def gold(cli: Cli) -> Cli:
    r = cli("cards", "add", "gold", "--product", "Gold Card", "--annual-fee", "325",
            "--fee-month", "2")  # fmt: skip
    assert r.exit_code == 0, r.output
    return cli


def _next_fee(cli: Cli, day: str) -> str:
    items = json.loads(cli("next", "--as-of", day, "--json").stdout)
    [item] = [i for i in items if i["kind"] == "annual-fee"]
    return str(item["what"])


def test_next_gives_the_earliest_possible_deadline_and_how_to_know_it(gold: Cli) -> None:
    said = _next_fee(gold, "2026-02-01")
    assert "by 2026-03-03 to be safe" in said  # 30 days after 1 February, the earliest closing
    assert "2026-03-30 at the latest" in said and FIX in said
    assert "by 2026-03-30 at the latest;" not in said  # the old, up to four weeks late, answer


def test_once_the_earliest_deadline_has_passed_it_says_it_may_have(gold: Cli) -> None:
    said = _next_fee(gold, "2026-03-16")
    assert "Call by 2026-03-30" not in said
    assert "may already have passed" in said and "2026-03-03 at the earliest" in said
    assert FIX in said


def test_the_script_and_eligibility_agree(gold: Cli) -> None:
    script = gold("script", "retention", "--card", "gold", "--as-of", "2026-02-10").stdout
    assert "by 2026-03-03 to be safe" in script and "--closing-day N" in script
    card = Card("gold", "Gold Card", fee_month=2)
    v = eligibility.check(card, [], today=date(2026, 2, 10))
    timing = eligibility.timing_sentence(v)
    assert timing is not None and "by 2026-03-03 to be safe" in timing
    # with the closing day, the exact day and nothing else
    exact = eligibility.check(Card("gold", "G", fee_month=2, closing_day=20), [],
                              today=date(2026, 2, 10))  # fmt: skip
    said = eligibility.timing_sentence(exact)
    assert said is not None and "by 2026-03-22:" in said and "to be safe" not in said
