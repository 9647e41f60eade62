"""`next --days N` includes the horizon day itself: with --days 0, what is due today."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def kinds(cli: Callable[..., Any], today: str, days: str) -> list[tuple[str, str]]:
    r = cli("next", "--as-of", today, "--days", days, "--json")
    assert r.exit_code in (0, 1), r.output
    return [(i["date"], i["kind"]) for i in json.loads(r.stdout or "[]")]


def test_days_0_on_the_day_the_fee_statement_closes_shows_the_fee(
    cli: Callable[..., Any],
) -> None:
    r = cli("cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695",
            "--fee-month", "12", "--closing-day", "7", "--opened", "2019-11-20")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert kinds(cli, "2026-12-07", "0") == [("2026-12-07", "annual-fee")]
    assert kinds(cli, "2026-12-06", "1") == [("2026-12-07", "annual-fee")]  # the last day in
    assert kinds(cli, "2026-12-05", "1") == []  # a day short
