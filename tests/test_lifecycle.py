"""Take back what was entered: benefits rm/edit, `benefits use --undo`, `log done --undo`, and
`cards rm` that leaves nothing naming a card that is gone."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Cli = Callable[..., Any]


def ok(cli: Cli, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, r.output
    return r


def refused(cli: Cli, datafile: Any, *args: str) -> Any:
    before = datafile.read_bytes()
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert datafile.read_bytes() == before
    return r


@pytest.fixture
def year(cli: Cli) -> None:
    for args in (
        ("cards", "add", "plat", "--product", "Platinum Card"),
        ("cards", "add", "gold", "--product", "Gold Card"),
        ("benefits", "add", "plat", "Uber Cash", "--amount", "15", "--every", "month"),
        ("benefits", "add", "gold", "Dining credit", "--amount", "10", "--every", "monthly"),
        ("offers", "add", "gold", "--merchant", "Best Buy", "--credit", "50"),
        ("offers", "add", "gold", "--merchant", "Hilton", "--credit", "30"),
        ("retention", "add", "gold", "--date", "2026-01-10", "--accepted"),
        ("log", "add", "G1", "--card", "gold", "--follow-up", "2027-01-20"),
    ):
        ok(cli, *args)


def listed(cli: Cli, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(ok(cli, *args, "--json").output)
    return found


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("monthly", "month"), ("Quarterly", "quarter"), ("semiannually", "half"),
     ("yearly", "year"), ("annually", "year"), ("year", "year")],
)  # fmt: skip
def test_every_takes_the_adjectives(cli: Cli, typed: str, stored: str) -> None:
    ok(cli, "cards", "add", "plat", "--product", "Platinum Card")
    ok(cli, "benefits", "add", "plat", "Saks", "--amount", "50", "--every", typed)
    assert listed(cli, "benefits")[0]["every"] == stored


def test_every_still_refuses_nonsense(cli: Cli, datafile: Any) -> None:
    ok(cli, "cards", "add", "plat", "--product", "Platinum Card")
    r = refused(cli, datafile, "benefits", "add", "plat", "Saks", "--amount", "5", "--every", "x")
    assert "--every must be one of" in r.output


@pytest.mark.usefixtures("year")
def test_benefits_use_undo_takes_back_the_last_use(cli: Cli, datafile: Any) -> None:
    ok(cli, "benefits", "use", "plat", "uber cash", "--amount", "5", "--date", "2026-12-01")
    ok(cli, "benefits", "use", "plat", "Uber Cash", "--amount", "15", "--date", "2026-12-02")
    ok(cli, "benefits", "use", "plat", "Uber Cash", "--undo")
    [uber] = [b for b in listed(cli, "benefits", "--as-of", "2026-12-07") if b["card"] == "plat"]
    assert uber["used"] == 5.0
    ok(cli, "benefits", "use", "plat", "Uber Cash", "--undo", "--date", "2026-12-01")
    refused(cli, datafile, "benefits", "use", "plat", "Uber Cash", "--undo")
    r = refused(cli, datafile, "benefits", "use", "plat", "Uber Cash", "--undo", "--amount", "1")
    assert "--undo" in r.output


@pytest.mark.usefixtures("year")
def test_benefits_use_undo_names_a_day_with_no_use(cli: Cli, datafile: Any) -> None:
    ok(cli, "benefits", "use", "plat", "Uber Cash", "--amount", "5", "--date", "2026-12-01")
    r = refused(cli, datafile, "benefits", "use", "plat", "Uber Cash", "--undo", "--date",
                "2026-12-02")  # fmt: skip
    assert "no use recorded on 2026-12-02" in r.output


@pytest.mark.usefixtures("year")
def test_benefits_edit_changes_fields_and_keeps_uses(cli: Cli, datafile: Any) -> None:
    ok(cli, "benefits", "use", "plat", "Uber Cash", "--amount", "15", "--date", "2026-12-02")
    ok(cli, "benefits", "edit", "plat", "uber cash", "--amount", "35", "--name", "Uber")
    [uber] = [b for b in listed(cli, "benefits", "--as-of", "2026-12-07") if b["card"] == "plat"]
    assert (uber["name"], uber["amount"], uber["used"]) == ("Uber", 35.0, 15.0)
    ok(cli, "benefits", "edit", "plat", "Uber", "--every", "yearly")
    assert listed(cli, "benefits", "--card", "plat")[0]["every"] == "year"
    refused(cli, datafile, "benefits", "edit", "plat", "Uber")  # nothing to change
    refused(cli, datafile, "benefits", "edit", "plat", "Uber", "--every", "weekly")
    ok(cli, "benefits", "add", "plat", "Saks", "--amount", "50", "--every", "half")
    refused(cli, datafile, "benefits", "edit", "plat", "Saks", "--name", "uber")  # taken


@pytest.mark.usefixtures("year")
def test_benefits_rm_removes_it_and_restore_brings_it_back(cli: Cli, datafile: Any) -> None:
    refused(cli, datafile, "benefits", "rm", "plat", "Uber Cash")  # no terminal: needs --yes
    refused(cli, datafile, "benefits", "rm", "plat", "Lyft", "--yes")
    ok(cli, "benefits", "rm", "plat", "uber cash", "--yes")
    assert [b["name"] for b in listed(cli, "benefits")] == ["Dining credit"]
    ok(cli, "data", "restore", "--yes")
    assert {b["name"] for b in listed(cli, "benefits")} == {"Dining credit", "Uber Cash"}


@pytest.mark.usefixtures("year")
def test_cards_rm_takes_what_belongs_to_the_card(cli: Cli, datafile: Any) -> None:
    r = refused(cli, datafile, "cards", "rm", "gold")
    said = " ".join(r.output.split())
    assert "Remove card gold with its 2 offers, 1 benefit and 1 retention record (log" in said
    ok(cli, "cards", "rm", "gold", "--yes")
    assert [c["key"] for c in listed(cli, "cards", "list")] == ["plat"]
    assert listed(cli, "offers", "--all") == []
    assert [b["card"] for b in listed(cli, "benefits", "--all")] == ["plat"]
    assert listed(cli, "retention", "list") == []
    # a call is what was said: it keeps its card, and is still found by it
    assert [c["ref"] for c in listed(cli, "log", "list", "--card", "gold")] == ["G1"]
    ok(cli, "data", "restore", "--yes")
    assert len(listed(cli, "offers", "--all")) == 2


def test_cards_rm_alone_says_nothing_else_goes(cli: Cli, datafile: Any) -> None:
    ok(cli, "cards", "add", "plat", "--product", "Platinum Card")
    r = refused(cli, datafile, "cards", "rm", "plat")
    assert "Remove card plat (log entries keep the card key)" in " ".join(r.output.split())


@pytest.mark.usefixtures("year")
def test_log_done_undo_reopens(cli: Cli) -> None:
    ok(cli, "log", "done", "G1")
    assert listed(cli, "log", "list")[0]["done"] is True
    ok(cli, "log", "done", "--undo", "G1")
    assert listed(cli, "log", "list")[0]["done"] is False
    assert [c["ref"] for c in listed(cli, "log", "due", "--as-of", "2027-01-20")] == ["G1"]
    ok(cli, "log", "done", "G1", "--undo")  # not done: says so, changes nothing
