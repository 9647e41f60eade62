"""What the dispute and financial-review scripts claim, and on whose word."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Cli = Callable[..., Any]


def _text(cli: Cli, *args: str) -> str:
    r = cli("script", *args, "--json")
    assert r.exit_code == 0, r.output
    script = json.loads(r.stdout)
    return "\n".join(line for s in script["sections"] for line in s["lines"])


def test_the_online_form_is_written_notice_only_where_the_statement_says_so(cli: Cli) -> None:
    for extra in ((), ("--statement-date", "2026-12-01")):
        said = _text(cli, "dispute", "--as-of", "2026-12-07", *extra)
        assert "arrives at once" not in said
        assert (
            "The online dispute form counts as written notice only if your statement's "
            "billing-rights notice lists it" in said
        )


def test_after_60_days_the_claims_and_defenses_right_remains(cli: Cli) -> None:
    said = _text(cli, "dispute", "--statement-date", "2026-01-01", "--as-of", "2026-12-07")
    assert "is gone" not in said
    assert "claims-and-defenses right (Regulation Z, 12 CFR 1026.12(c)), which has no 60-day " \
        "limit" in said  # fmt: skip


def test_anecdotes_are_said_as_anecdotes(cli: Cli) -> None:
    dispute = _text(cli, "dispute")
    assert "often by the next morning" not in dispute
    assert "source article's experience" in dispute
    review = _text(cli, "financial-review")
    assert "Usually a hard spending limit" not in review
    assert "that is one account, not an Amex rule" in review
    fraud = json.loads(cli("route", "fraud", "--json").stdout)[0]["tip"]
    assert "source article's experience" in fraud
