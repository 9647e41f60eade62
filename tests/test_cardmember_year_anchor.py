"""A cardmember-year benefit counts from the day the card was opened, even when the card also
has a member-since year (which is the member's, not this card's)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def test_cardmember_year_counts_from_opened_not_member_since(cli: Callable[..., Any]) -> None:
    r = cli("cards", "add", "plat", "--product", "Platinum Card", "--opened", "2019-11-20",
            "--member-since", "2015")  # fmt: skip
    assert r.exit_code == 0, r.output
    r = cli("benefits", "add", "plat", "Hotel credit", "--amount", "100", "--every", "year",
            "--resets", "cardmember")  # fmt: skip
    assert r.exit_code == 0, r.output
    for today, start, end in (
        ("2026-11-19", "2025-11-20", "2026-11-19"),  # the last day of a cardmember year
        ("2026-11-20", "2026-11-20", "2027-11-19"),  # the first day of the next
    ):
        r = cli("benefits", "list", "--as-of", today, "--json")
        [row] = json.loads(r.stdout)
        assert (row["period_start"], row["period_end"]) == (start, end), today
