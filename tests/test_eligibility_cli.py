"""Cards, retention records and eligibility through the installed `amex`."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from conftest import Run


@pytest.fixture
def two_cards(run: Run) -> Run:
    for args in (
        [
            "cards",
            "add",
            "plat",
            "--product",
            "Platinum Card",
            "--fee-month",
            "3",
            "--closing-day",
            "31",
            "--annual-fee",
            "695",
            "--member-since",
            "2015-03-01",
        ],
        ["cards", "add", "gold", "--product", "Gold Card", "--fee-month", "12"],
        ["retention", "add", "plat", "--date", "2025-03-20", "--accepted", "--offer", "30k MR"],
        ["retention", "add", "gold", "--date", "2026-06-01", "--declined"],
        ["retention", "add", "gold", "--date", "2024-01-31", "--accepted"],
    ):
        r = run(*args)
        assert (r.returncode, r.stdout, r.stderr) == (0, "", ""), r.stderr
    return run


def verdict(run: Run, *args: str) -> dict[str, object]:
    r = run("eligibility", *args, "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_each_verdict_and_its_dates(two_cards: Run) -> None:
    v = verdict(two_cards, "plat", "--as-of", "2025-11-26")
    assert v == {
        "card": "plat",
        "product": "Platinum Card",
        "verdict": "unlikely",
        "last_accepted": "2025-03-20",
        "months_since": 8,
        "next_change": "2026-03-20",
        "next_verdict": "maybe",
        "next_fee_month": "2026-03",
        "fee_statement": "2026-03-31",
        "refund_deadline": "2026-04-30",
        "refund_days_left": None,
        "first_year_ends": None,
        "first_renewal": None,
    }
    v = verdict(two_cards, "plat", "--as-of", "2026-03-20")
    assert (v["verdict"], v["next_change"], v["months_since"]) == ("maybe", "2027-03-20", 12)
    v = verdict(two_cards, "plat", "--as-of", "2027-03-20")
    assert (v["verdict"], v["next_change"], v["next_verdict"]) == ("likely", None, None)


def test_declined_does_not_count_and_cards_do_not_mix(two_cards: Run) -> None:
    # gold declined on 2026-06-01; its last *accepted* offer is 2024-01-31
    v = verdict(two_cards, "gold", "--as-of", "2026-07-01")
    assert v["last_accepted"] == "2024-01-31"
    assert v["verdict"] == "likely"  # 2024-01-31 + 24 months = 2026-01-31
    assert (v["fee_statement"], v["refund_deadline"]) == (None, None)  # closing day unknown
    assert v["next_fee_month"] == "2026-12"
    every = json.loads(two_cards("eligibility", "--as-of", "2025-06-01", "--json").stdout)
    assert [(v["card"], v["verdict"]) for v in every] == [("gold", "maybe"), ("plat", "unlikely")]


def test_as_of_in_the_past_ignores_later_offers(two_cards: Run) -> None:
    v = verdict(two_cards, "plat", "--as-of", "2025-03-19")
    assert (v["verdict"], v["last_accepted"]) == ("likely", None)
    v = verdict(two_cards, "gold", "--as-of", "2024-01-30")
    assert v["verdict"] == "likely"


def test_quiet_exit_codes(two_cards: Run) -> None:
    for as_of, code in (("2025-04-01", 1), ("2026-04-01", 1), ("2027-04-01", 0)):
        r = two_cards("eligibility", "plat", "--quiet", "--as-of", as_of)
        assert (r.returncode, r.stdout, r.stderr) == (code, "", "")
    r = two_cards("eligibility", "--quiet")
    assert r.returncode == 2


def test_plain_columns(two_cards: Run) -> None:
    r = two_cards("eligibility", "--as-of", "2026-03-20")
    assert r.stdout.splitlines() == [
        "gold\tlikely\t2024-01-31\t\t",
        "plat\tmaybe\t2025-03-20\t2027-03-20\tlikely",
    ]


def test_terminal_says_what_to_do(two_cards: Run) -> None:
    code, screen = two_cards.tty("eligibility", "plat", "--as-of", "2025-11-26")
    assert code == 0
    assert "possible (maybe) from 2026-03-20" in screen
    assert "rule of thumb" in screen
    # maybe when the fee posts 2026-03-31, likely only after its window closes: both choices
    said = " ".join(screen.split())
    assert "The annual fee should post on the statement closing 2026-03-31" in said
    assert "An offer becomes likely only on 2027-03-20, after this window closes" in said
    assert "call by 2026-04-30 (an offer is maybe until then)" in said
    assert "or keep the card through the year and call on or after 2027-03-20" in said


def test_cards_list_show_and_rm(two_cards: Run, datafile: Path) -> None:
    rows = json.loads(two_cards("cards", "list", "--json").stdout)
    assert [c["key"] for c in rows] == ["gold", "plat"]
    assert set(rows[0]) == {
        "key",
        "product",
        "member_since",
        "annual_fee",
        "fee_month",
        "closing_day",
        "last5",
        "opened",
        "fee_patterns",
        "fee_posted",
    }
    show = json.loads(two_cards("cards", "show", "plat", "--json").stdout)
    assert show["annual_fee"] == 695
    r = two_cards("cards", "rm", "gold")
    assert r.returncode == 2 and "--yes" in r.stderr
    assert "gold" in tomllib.loads(datafile.read_text())["cards"]
    assert two_cards("cards", "rm", "gold", "--yes").returncode == 0
    doc = tomllib.loads(datafile.read_text())
    assert "gold" not in doc["cards"]
    assert [t["card"] for t in doc["retention"].values()] == ["plat"]


def test_retention_list_and_rm(two_cards: Run) -> None:
    r = two_cards("retention", "list", "gold")
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert [row[1:] for row in rows] == [
        ["gold", "2024-01-31", "accepted", "", ""],
        ["gold", "2026-06-01", "declined", "", ""],
    ]
    assert all(len(row[0]) == 13 for row in rows)  # ids from amexcli.ids, not counters
    first = rows[0][0]
    assert two_cards("retention", "rm", first, "--yes").returncode == 0
    assert two_cards("retention", "rm", first, "--yes").returncode == 2
    ids = [row["id"] for row in json.loads(two_cards("retention", "list", "--json").stdout)]
    assert len(ids) == 2 and first not in ids


@pytest.mark.parametrize(
    "args",
    [
        ["cards", "add", "plat", "--product", "Again"],
        ["cards", "add", "Bad Key", "--product", "x"],
        ["cards", "add", "new", "--product", "x", "--last5", "1234"],
        ["cards", "add", "new", "--product", "x", "--last5", "371449635398431"],
        ["cards", "add", "new", "--product", "card 3714 496353 98431"],
        ["cards", "add", "378282246310005", "--product", "x"],
        ["cards", "add", "new", "--product", "x", "--member-since", "2025-02-30"],
        ["cards", "add", "new", "--product", "x", "--fee-month", "13"],
        ["cards", "add", "new"],
        ["cards", "edit", "nope", "--fee-month", "3"],
        ["cards", "edit", "plat"],
        ["retention", "add", "nope", "--date", "2025-01-01", "--accepted"],
        ["retention", "add", "plat", "--date", "2025-01-01"],
        ["retention", "add", "plat", "--date", "2025-01-01", "--accepted", "--declined"],
        ["retention", "add", "plat", "--date", "2025-13-01", "--accepted"],
        ["retention", "add", "plat", "--date", "20250101", "--accepted"],
        ["retention", "rm", "99", "--yes"],
        ["eligibility", "nope"],
        ["eligibility", "--as-of", "2025-02-29"],
        ["eligibility", "--as-of", "0001-01-01"],
        ["retention", "add", "plat", "--date", "9999-12-31", "--accepted"],
        ["next", "--days", "100000"],
        ["cards", "rm", "nope", "--yes"],
    ],
)
def test_rejected_commands_exit_2_and_leave_the_file(
    two_cards: Run, datafile: Path, args: list[str]
) -> None:
    two_cards.rejected(datafile, *args)


def test_card_numbers_are_refused_with_the_reason(two_cards: Run) -> None:
    r = two_cards("cards", "add", "new", "--product", "x", "--last5", "371449635398431")
    assert "never stores card numbers" in r.stderr


def test_unknown_card_says_how_to_add_it(two_cards: Run) -> None:
    r = two_cards("eligibility", "nope")
    assert "amex cards add nope" in r.stderr
