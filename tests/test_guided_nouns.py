"""Guided entry on a real terminal (a pty) for cards, offers and benefits; never in a pipe."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pty_session import Session

from conftest import Run

Cli = Callable[..., Any]


def guided(*args: str, answers: list[tuple[str, str]], env: dict[str, str] | None = None) -> str:
    s = Session(*args, env=env)
    try:
        for question, typed in answers:
            s.answer(question, typed)
        assert s.wait() == 0, s.screen
    finally:
        s.kill()
    return s.screen


@pytest.fixture
def two_cards(cli: Cli) -> None:
    for key, product in (("plat", "Platinum Card"), ("gold", "Gold Card")):
        assert cli("cards", "add", key, "--product", product, "--annual-fee", "695").exit_code == 0


def as_json(cli: Cli, *args: str) -> Any:
    r = cli(*args, "--json")
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_cards_add_asks_for_last_five_member_since_and_opened(cli: Cli) -> None:
    guided(
        "cards", "add",
        answers=[("Key", "plat"), ("Product", "Platinum Card"), ("Annual fee", "695"),
                 ("Fee month", "March"), ("Closing day", "5"),
                 ("Last five digits", "1234"),  # refused: asked again
                 ("Last five digits", "12345"), ("Member since", "2015"),
                 ("Opened", "03/20/2024"),
                 ("Add them", "none")],  # the catalogue's credits for a Platinum Card
    )  # fmt: skip
    card = as_json(cli, "cards", "show", "plat")
    assert (card["last5"], card["member_since"], card["opened"]) == (
        "12345", "2015-01-01", "2024-03-20",
    )  # fmt: skip


@pytest.mark.usefixtures("two_cards")
def test_offers_add_guided_takes_gold_for_gold(cli: Cli) -> None:
    screen = guided(
        "offers", "add",
        answers=[("Card", "Gold"), ("Merchant", "Best Buy"), ("Credit", "$50"),
                 ("Spend", "250"), ("Expires", "01/31/2027"), ("Note", "")],
    )  # fmt: skip
    assert "unknown card" not in screen
    [offer] = as_json(cli, "offers")
    assert (offer["card"], offer["merchant"], offer["credit"], offer["spend"]) == (
        "gold", "Best Buy", 50.0, 250.0,
    )  # fmt: skip
    assert offer["expires"] == "2027-01-31"


@pytest.mark.usefixtures("two_cards")
def test_benefits_add_guided_takes_monthly(cli: Cli) -> None:
    guided(
        "benefits", "add", "plat",
        answers=[("Name", "Uber Cash"), ("Amount", "15"), ("Every", "monthly")],
    )  # fmt: skip
    [b] = as_json(cli, "benefits")
    assert (b["card"], b["name"], b["amount"], b["every"]) == ("plat", "Uber Cash", 15.0, "month")


@pytest.mark.usefixtures("two_cards")
def test_cards_edit_alone_opens_the_editor(cli: Cli, tmp_path: Path) -> None:
    editor = tmp_path / "edit.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/^annual_fee = 695/annual_fee = 795/' \"$1\"\n")
    editor.chmod(0o700)
    screen = guided("cards", "edit", "plat", answers=[], env={"VISUAL": str(editor)})
    assert "changed card plat" in screen
    assert as_json(cli, "cards", "show", "plat")["annual_fee"] == 795
    assert as_json(cli, "cards", "show", "gold")["annual_fee"] == 695


@pytest.mark.usefixtures("two_cards")
def test_cards_edit_in_the_editor_refuses_a_bad_value_and_asks_again(
    cli: Cli, tmp_path: Path
) -> None:
    editor = tmp_path / "edit.sh"
    editor.write_text('#!/bin/sh\nsed -i \'s/^annual_fee = 695/annual_fee = "lots"/\' "$1"\n')
    editor.chmod(0o700)
    s = Session("cards", "edit", "plat", env={"VISUAL": str(editor)})
    try:
        s.answer("Edit it again?", "n")
        assert s.wait() == 2
    finally:
        s.kill()
    assert as_json(cli, "cards", "show", "plat")["annual_fee"] == 695


@pytest.mark.usefixtures("two_cards")
@pytest.mark.parametrize(
    "args", [("offers", "add"), ("offers", "add", "gold"), ("benefits", "add", "plat", "Uber")]
)
def test_a_pipe_is_never_asked(run: Run, datafile: Path, args: tuple[str, ...]) -> None:
    r = run.rejected(datafile, *args)
    assert "is needed" in r.stderr and "alone asks" in r.stderr


@pytest.mark.usefixtures("two_cards")
def test_log_add_card_question_takes_gold_for_gold(cli: Cli) -> None:
    guided(
        "log", "add", "A1",
        answers=[("When", ""), ("Card", "GOLD"), ("Department", ""), ("Channel", ""),
                 ("Rep", ""), ("Summary", ""), ("Promise", ""), ("Credit promised", ""),
                 ("Follow up on", "")],
    )  # fmt: skip
    [call] = as_json(cli, "log", "list")
    assert call["card"] == "gold"
