"""Small fixes found by testers: `benefits edit --every` takes what `add` takes, a period counted
from the use refuses another `--resets`, an unknown card is refused before any masking warning,
`data restore ID` of a history entry that is not a file says so, and terminal lines end in text."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amexcli import benefits, history
from conftest import InProcess

Cli = Callable[..., Any]


def _card(cli: Cli) -> None:
    assert cli("cards", "add", "plat", "--product", "Platinum Card").exit_code == 0


def _benefits(datafile: Path) -> list[dict[str, Any]]:
    return list(tomllib.loads(datafile.read_text("utf-8"))["benefits"].values())


# `benefits edit --every`: the same periods as `benefits add`, documented alike


def test_edit_and_add_document_the_same_every(cli: Cli) -> None:
    add = " ".join(cli("benefits", "add", "--help").output.split())
    edit = " ".join(cli("benefits", "edit", "--help").output.split())
    for word in ("4-years", "4.5-years", "monthly", "quarterly", "semiannually", "annually"):
        assert word in add and word in edit
    assert "month, quarter, half or year." not in edit


def test_every_help_names_every_period_and_only_known_adjectives() -> None:
    for period in benefits.PERIODS:
        assert period in benefits.EVERY_HELP
    adjectives = benefits.EVERY_HELP.split("also ")[1].rstrip(".").split(", ")
    assert all(benefits.EVERY_WORDS[a] in benefits.PERIODS for a in adjectives)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("4-years", "4-years"), ("4.5-years", "4.5-years"), ("quarterly", "quarter"),
     ("Semiannually", "half"), ("annually", "year")],
)  # fmt: skip
def test_edit_takes_every_period_add_takes(
    cli: Cli, datafile: Path, typed: str, stored: str
) -> None:
    _card(cli)
    assert (
        cli("benefits", "add", "plat", "Uber", "--amount", "15", "--every", "month").exit_code == 0
    )
    r = cli("benefits", "edit", "plat", "Uber", "--every", typed)
    assert r.exit_code == 0, r.output
    [b] = _benefits(datafile)
    assert b["every"] == stored
    assert b["resets"] == ("use" if stored in benefits.ROLLING else "calendar")


def test_edit_back_from_a_rolling_period_resets_by_the_calendar(cli: Cli, datafile: Path) -> None:
    _card(cli)
    assert (
        cli("benefits", "add", "plat", "GE", "--amount", "120", "--every", "4-years").exit_code == 0
    )
    r = cli("benefits", "edit", "plat", "GE", "--every", "year")
    assert r.exit_code == 0, r.output
    [b] = _benefits(datafile)
    assert (b["every"], b["resets"]) == ("year", "calendar")


# a period counted from the use refuses another --resets


@pytest.mark.parametrize("every", ["4-years", "4.5-years"])
@pytest.mark.parametrize("resets", ["cardmember", "calendar"])
def test_add_rolling_period_refuses_another_resets(
    run: InProcess, cli: Cli, datafile: Path, every: str, resets: str
) -> None:
    _card(cli)
    r = run.rejected(
        datafile, "benefits", "add", "plat", "GE", "--amount", "120", "--every", every,
        "--resets", resets,
    )  # fmt: skip
    assert f"--resets {resets} does not fit --every {every}" in r.stderr


@pytest.mark.parametrize("resets", [None, "use"])
def test_add_rolling_period_without_resets_or_with_use_counts_from_the_use(
    cli: Cli, datafile: Path, resets: str | None
) -> None:
    _card(cli)
    extra = [] if resets is None else ["--resets", resets]
    r = cli("benefits", "add", "plat", "GE", "--amount", "120", "--every", "4.5-years", *extra)
    assert r.exit_code == 0, r.output
    [b] = _benefits(datafile)
    assert b["resets"] == "use"


def test_add_without_resets_is_calendar_and_cardmember_is_kept(cli: Cli, datafile: Path) -> None:
    _card(cli)
    assert cli("benefits", "add", "plat", "A", "--amount", "1", "--every", "month").exit_code == 0
    r = cli(
        "benefits", "add", "plat", "B", "--amount", "1", "--every", "year", "--resets", "cardmember"
    )
    assert r.exit_code == 0, r.output
    assert [b["resets"] for b in _benefits(datafile)] == ["calendar", "cardmember"]


def test_edit_rolling_period_refuses_cardmember(run: InProcess, cli: Cli, datafile: Path) -> None:
    _card(cli)
    assert (
        cli("benefits", "add", "plat", "GE", "--amount", "120", "--every", "4-years").exit_code == 0
    )
    r = run.rejected(datafile, "benefits", "edit", "plat", "GE", "--resets", "cardmember")
    assert "does not fit --every 4-years" in r.stderr


# an unknown card: refused first, no masking warning


def test_add_to_an_unknown_card_says_only_that(run: InProcess, cli: Cli, datafile: Path) -> None:
    _card(cli)
    r = run.rejected(
        datafile, "benefits", "add", "gold", "Credit 3782 822463 10005", "--amount", "10",
        "--every", "month",
    )  # fmt: skip
    assert r.stderr.startswith("amex: unknown card 'gold'")
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_add_refused_as_a_duplicate_does_not_warn_of_masking(
    run: InProcess, cli: Cli, datafile: Path
) -> None:
    _card(cli)
    assert (
        cli("benefits", "add", "plat", "Uber", "--amount", "15", "--every", "month").exit_code == 0
    )
    r = run.rejected(
        datafile, "benefits", "add", "plat", "Uber", "--amount", "10", "--every", "month",
        "--note", "card 3782-822463-10005",
    )  # fmt: skip
    assert "held a card number" not in r.stderr


def test_edit_on_an_unknown_card_does_not_warn_of_masking(
    run: InProcess, cli: Cli, datafile: Path
) -> None:
    _card(cli)
    assert (
        cli("benefits", "add", "plat", "Uber", "--amount", "15", "--every", "month").exit_code == 0
    )
    r = run.rejected(
        datafile, "benefits", "edit", "gold", "Uber", "--note", "card 3782-822463-10005"
    )
    assert "held a card number" not in r.stderr


def test_add_that_stores_still_warns_of_masking(cli: Cli) -> None:
    _card(cli)
    r = cli(
        "benefits", "add", "plat", "Uber", "--amount", "15", "--every", "month",
        "--note", "card 3782-822463-10005",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "warning: note held a card number" in r.stderr


# `data restore ID` of an entry that is not a regular file


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_restore_by_id_of_an_odd_entry_says_it_is_not_a_file(
    run: InProcess, datafile: Path, kind: str
) -> None:
    for ref in ("A1", "B2", "C3"):
        assert run("log", "add", ref).returncode == 0
    newest = history.versions(datafile)[0].path
    newest.unlink()
    if kind == "fifo":
        os.mkfifo(newest)
    else:
        newest.mkdir()
    vid = newest.name.removesuffix(".toml")
    r = run.rejected(datafile, "data", "restore", vid, "--yes")
    assert f"{newest.name} in the history is not a regular file" in r.stderr
    assert "no version" not in r.stderr


def test_restore_of_an_id_that_is_not_there_still_says_no_version(
    run: InProcess, datafile: Path
) -> None:
    for ref in ("A1", "B2"):
        assert run("log", "add", ref).returncode == 0
    r = run.rejected(datafile, "data", "restore", "zzzzzzzz", "--yes")
    assert "no version" in r.stderr


# a terminal's lines end where their text ends


def test_eligibility_on_a_terminal_has_no_trailing_spaces(run: InProcess) -> None:
    for args in (
        ("cards", "add", "gold", "--product", "Gold Card", "--opened", "2026-01-01"),
        ("cards", "add", "plat", "--product", "Platinum Card", "--fee-month", "3",
         "--closing-day", "15", "--opened", "2015-03-01"),
    ):  # fmt: skip
        assert run(*args).returncode == 0
    code, screen = run.tty("eligibility", env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert code == 0, screen
    lines = screen.replace("\r\n", "\n").split("\n")
    assert any(line.startswith("  ") and len(line) > 60 for line in lines), screen  # wrapped prose
    assert [line for line in lines if line.endswith(" ")] == []
