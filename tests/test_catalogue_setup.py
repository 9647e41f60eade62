"""Setting a card up from the catalogue: `cards add` recognises it, `benefits catalogue` adds
its credits, `cards check` and `data check` say when the catalogue changed."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amexcli import catalogue, resources
from conftest import Run

CAT = catalogue.parse(resources.load("catalogue.toml"))


def benefits_of(datafile: Path, card: str) -> dict[str, dict[str, Any]]:
    doc = tomllib.loads(datafile.read_text(encoding="utf-8"))
    return {t["name"]: t for t in doc.get("benefits", {}).values() if t["card"] == card}


@pytest.mark.parametrize(
    ("typed", "key"), [("Platinum", "platinum"), ("Gold", "gold"), ("Green", "green")]
)
def test_one_command_sets_the_card_and_all_its_credits_up(
    cli: Callable[..., Any], datafile: Path, typed: str, key: str
) -> None:
    r = cli("cards", "add", "c", "--product", typed, "--fee-month", "3", "--with-credits")
    assert r.exit_code == 0, r.output
    entry = CAT.entries[key]
    card = tomllib.loads(datafile.read_text())["cards"]["c"]
    assert card["product"] == typed and card["catalogue"] == key
    assert card["annual_fee"] == entry.annual_fee
    got = benefits_of(datafile, "c")
    assert set(got) == {c.name for c in entry.credits}
    for credit in entry.credits:
        t = got[credit.name]
        assert t["catalogue"] == f"{key}/{credit.key}"
        assert round(t["amount"] * 100) == credit.amount and t["every"] == credit.every
        assert t.get("match") == credit.wording
        assert t.get("statement", True) is credit.statement
        assert t.get("renewal", False) is credit.renewal
    listed = json.loads(cli("benefits", "list", "--json").stdout)
    assert len(listed) == len(entry.credits)


def test_in_a_pipe_no_credit_is_added_without_with_credits(
    cli: Callable[..., Any], datafile: Path
) -> None:
    r = cli("cards", "add", "plat", "--product", "The Platinum Card", "--fee-month", "3")
    assert r.exit_code == 0, r.output
    assert benefits_of(datafile, "plat") == {}
    assert tomllib.loads(datafile.read_text())["cards"]["plat"]["annual_fee"] == 895


def test_a_given_fee_wins_over_the_catalogue(cli: Callable[..., Any], datafile: Path) -> None:
    assert cli("cards", "add", "plat", "--product", "plat", "--annual-fee", "695").exit_code == 0
    assert tomllib.loads(datafile.read_text())["cards"]["plat"]["annual_fee"] == 695


def test_a_near_miss_is_added_as_typed_with_did_you_mean(run: Run, datafile: Path) -> None:
    r = run("cards", "add", "plat", "--product", "Platnum")
    assert r.returncode == 0 and r.stdout == ""
    assert "Did you mean 'Platinum Card' (platinum)?" in r.stderr
    card = tomllib.loads(datafile.read_text())["cards"]["plat"]
    assert card == {"product": "Platnum"}


def test_with_credits_for_a_product_it_does_not_know_is_refused(run: Run, datafile: Path) -> None:
    run("cards", "add", "x", "--product", "Gold")
    r = run.rejected(
        datafile, "cards", "add", "y", "--product", "Sapphire Reserve", "--with-credits"
    )
    assert "not in the card catalogue" in r.stderr


def test_benefits_catalogue_adds_them_to_a_card_once(
    cli: Callable[..., Any], datafile: Path
) -> None:
    assert cli("cards", "add", "g", "--product", "My gold card").exit_code == 0
    r = cli("benefits", "catalogue", "g")
    assert r.exit_code == 2 and "--as" in r.output  # its product does not name a card
    assert cli("benefits", "catalogue", "g", "--as", "gold").exit_code == 0
    assert set(benefits_of(datafile, "g")) == {c.name for c in CAT.entries["gold"].credits}
    before = datafile.read_bytes()
    assert cli("benefits", "catalogue", "g").exit_code == 0  # remembered; nothing added twice
    assert len(benefits_of(datafile, "g")) == len(CAT.entries["gold"].credits)
    assert (
        tomllib.loads(datafile.read_text())["benefits"]
        == tomllib.loads(before.decode())["benefits"]
    )


def override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    path = config / "amexcli" / "catalogue.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


HOTEL_200_A_YEAR = """
[cards.platinum]
name = "Platinum Card"
kind = "consumer"
aliases = ["platinum", "plat"]
annual_fee = 695
source = "https://example.com/old"
checked = 2024-01-01

[cards.platinum.credits.hotel]
name = "Hotel Credit"
amount = 200.00
every = "year"
source = "https://example.com/old"
checked = 2024-01-01
"""


def test_cards_check_says_what_the_catalogue_now_says_and_how_to_update(
    cli: Callable[..., Any], datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = override(tmp_path, monkeypatch, HOTEL_200_A_YEAR)
    assert cli("cards", "add", "plat", "--product", "Platinum", "--with-credits").exit_code == 0
    assert benefits_of(datafile, "plat")["Hotel Credit"]["amount"] == 200.0
    cli("benefits", "use", "plat", "Hotel Credit", "--amount", "150", "--date", "2026-02-01")
    path.unlink()  # the packaged catalogue: $300 twice a year, and an $895 fee
    r = cli("cards", "check", "--json")
    rows = json.loads(r.stdout)
    assert {
        "card": "plat",
        "what": "the catalogue now says Hotel Credit is $300 every half-year; "
        "yours says $200 a year",
        "command": "amex benefits catalogue plat --update",
    } in rows
    assert {
        "card": "plat",
        "what": "the catalogue now says the annual fee is $895; yours says $695",
        "command": "amex cards edit plat --annual-fee 895",
    } in rows
    check = json.loads(cli("data", "check", "--json").stdout)
    assert check["catalogue"] == rows
    assert cli("benefits", "catalogue", "plat", "--update").exit_code == 0
    hotel = benefits_of(datafile, "plat")["Hotel Credit"]
    assert (hotel["amount"], hotel["every"]) == (300.0, "half")
    assert [u["amount"] for u in hotel["uses"].values()] == [150.0]  # its uses are kept
    assert cli("cards", "edit", "plat", "--annual-fee", "895").exit_code == 0
    left = json.loads(cli("cards", "check", "--json").stdout)
    assert left == []


def test_data_check_carries_no_catalogue_key_without_a_card_from_it(
    cli: Callable[..., Any],
) -> None:
    assert cli("cards", "add", "x", "--product", "Something else").exit_code == 0
    assert "catalogue" not in json.loads(cli("data", "check", "--json").stdout)


def test_an_override_replaces_a_packaged_card_and_is_listed(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override(tmp_path, monkeypatch, HOTEL_200_A_YEAR)
    rows = json.loads(cli("cards", "catalogue", "--json").stdout)
    plat = next(r for r in rows if r["key"] == "platinum")
    assert (plat["fee"], plat["credits"], plat["yearly_value"]) == (695, 1, 200.0)
    assert len(rows) == len(CAT.entries)
    assert cli("cards", "catalogue", "--path").stdout.strip() == str(
        tmp_path / "config" / "amexcli" / "catalogue.toml"
    )


def test_a_broken_override_is_exit_3_naming_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = override(tmp_path, monkeypatch, "[cards.platinum\n")
    r = run("cards", "catalogue")
    assert r.returncode == 3 and str(path) in r.stderr and "Traceback" not in r.stderr


def test_catalogue_lists_plain_and_json_with_documented_columns(run: Run) -> None:
    r = run("cards", "catalogue", "gold")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout == "gold\tGold Card\tconsumer\t325\t4\t424.00\t2026-12-07\n"
    rows = json.loads(run("cards", "catalogue", "--json").stdout)
    assert all(list(r)[: len(catalogue.FIELDS)] == list(catalogue.FIELDS) for r in rows)
    none = run("cards", "catalogue", "sapphire")
    assert none.returncode == 1 and none.stdout == "" and "sapphire" in none.stderr
    assert run("cards", "catalogue", "sapphire", "--json").stdout in ("", "[]\n")


def test_the_age_note_is_said_once_on_a_terminal_only(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("cards", "add", "plat", "--product", "Platinum", "--fee-month", "3", "--with-credits")
    run("cards", "add", "mine", "--product", "Something else")
    code, screen = run.tty("value", "--as-of", "2026-12-07")
    assert code == 0 and "last checked" not in screen  # the packaged one, checked that day
    override(tmp_path, monkeypatch, "checked = 2026-06-06\n" + HOTEL_200_A_YEAR)
    code, screen = run.tty("cards", "list")  # cards list has no --as-of: long past is stale
    assert code == 0 and screen.count("last checked on 2026-06-06") == 1
    code, screen = run.tty("value", "--as-of", "2026-12-07")
    assert code == 0 and screen.count("last checked on 2026-06-06") == 1
    for argv in (["cards", "list"], ["value"], ["cards", "list", "--json"]):
        r = run(*argv)
        assert r.returncode == 0 and r.stderr == "", argv  # a pipe carries data only
    override_path = tmp_path / "config" / "amexcli" / "catalogue.toml"
    override_path.write_text("checked = 2026-06-07\n" + HOTEL_200_A_YEAR)  # six months to the day
    code, screen = run.tty("value", "--as-of", "2026-12-07")
    assert code == 0 and "last checked" not in screen
    code, screen = run.tty("value", "--as-of", "2026-12-08")  # the day after: stale
    assert code == 0 and screen.count("last checked on 2026-06-07") == 1


@pytest.mark.parametrize(
    ("typed", "added"),
    [
        ("\n", 11),  # Enter takes the default: all
        ("none\n", 0),
        ("pick\n" + "y\n" + "n\n" * 9 + "y\n", 2),
    ],
)
def test_on_a_terminal_it_offers_all_none_or_pick(
    run: Run, datafile: Path, typed: str, added: int
) -> None:
    code, screen = run.tty("cards", "add", "plat", "--product", "Platinum", typed=typed)
    assert code == 0, screen
    assert "Add them (all, none or pick) [all]:" in screen
    got = benefits_of(datafile, "plat")
    assert len(got) == added
    if added == 2:
        assert set(got) == {"Hotel Credit", "TSA PreCheck Credit"}  # the first and the last
