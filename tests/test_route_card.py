"""`amex route --card`: the card's own line and tips; `route` and `numbers` agree."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Cli = Callable[..., Any]
PLATINUM_LINE, GENERAL = "1-800-525-3355", "1-800-528-4800"


@pytest.fixture
def two(cli: Cli) -> Cli:
    for key, product in (("plat", "Platinum Card"), ("cent", "Centurion"), ("gold", "Gold Card")):
        assert cli("cards", "add", key, "--product", product).exit_code == 0
    return cli


def _routes(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    r = cli("route", *args, "--json")
    assert r.exit_code == 0, r.output
    return {x["topic"]: x for x in json.loads(r.stdout)}


def _script_number(cli: Cli, card: str) -> str:
    script = json.loads(cli("script", "retention", "--card", card, "--json").stdout)
    [before] = [s for s in script["sections"] if s["title"] == "Before you call"]
    [line] = [line for line in before["lines"] if line.startswith("Call ")]
    return line


@pytest.mark.parametrize(("card", "line"), [("plat", PLATINUM_LINE), ("cent", PLATINUM_LINE),
                                            ("gold", GENERAL)])  # fmt: skip
def test_route_retention_gives_the_card_s_own_line_as_the_script_does(
    two: Cli, card: str, line: str
) -> None:
    mine = _routes(two, "retention", "--card", card)["retention"]
    assert mine["number"] == line
    assert line in _script_number(two, card)


def test_without_a_card_route_names_the_general_line_and_how_to_get_your_own(two: Cli) -> None:
    r = _routes(two, "retention")["retention"]
    assert r["number"] == GENERAL
    assert "amex route retention --card KEY" in r["tip"]
    assert "Platinum members use the Platinum line" not in r["tip"]


def test_an_unknown_card_is_bad_input(two: Cli) -> None:
    assert two("route", "retention", "--card", "nope").exit_code == 2


def test_global_assist_for_every_card_premium_for_platinum_and_centurion(two: Cli) -> None:
    anyone = _routes(two, "global assist")["emergency-abroad"]["tip"]
    assert "Every card has the Global Assist Hotline" in anyone
    assert "you still pay" not in anyone
    for card in ("plat", "cent"):
        tip = _routes(two, "global assist", "--card", card)["emergency-abroad"]["tip"]
        assert "Premium Global Assist on the number on the back of your card" in tip
        assert "is at no cost" in tip
        assert "1-800-345-2639" not in tip  # unconfirmed: never shipped
    gold = _routes(two, "global assist", "--card", "gold")["emergency-abroad"]["tip"]
    assert gold == anyone


@pytest.mark.parametrize("query", ["travel", "abroad", "lost", "fraud", "global assist", "fee"])
def test_numbers_and_route_name_the_same_lines(two: Cli, query: str) -> None:
    routed = {r["number"] for r in _routes(two, query).values() if r["number"]}
    listed = {n["number"] for n in json.loads(two("numbers", query, "--json").stdout)}
    assert routed == listed
