"""The same words in lists and pages, plurals right, and changes named as a person knows them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pty_session import Session

from amexcli import changes, eligibility
from amexcli.words import listed, plural

Cli = Callable[..., Any]


def ok(cli: Cli, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, r.output
    return r


def test_plural_and_listed() -> None:
    assert plural(1, "retention record") == "1 retention record"
    assert plural(0, "offer") == "0 offers"
    assert plural(2, "entry", "entries") == "2 entries"
    assert listed(["a"]) == "a" and listed(["a", "b"]) == "a and b"
    assert listed(["a", "b", "c"]) == "a, b and c"


def test_a_verdict_in_a_sentence() -> None:
    assert eligibility.chance("maybe") == "possible (maybe)"
    assert eligibility.chance("likely") == "likely"


def test_history_names_a_benefit_use() -> None:
    old = {"benefits": {"b1": {"card": "plat", "name": "Uber Cash", "amount": 15.0}}}
    new = {
        "benefits": {"b1": {**old["benefits"]["b1"], "uses": {"u1": {"date": "x", "amount": 15.0}}}}
    }
    assert changes.describe(old, new) == "~1 benefit Uber Cash on plat: used +$15"
    assert changes.describe(new, old) == "~1 benefit Uber Cash on plat: used -$15"
    assert changes.describe({}, old) == "+1 benefit Uber Cash on plat"
    cards = {"cards": {"plat": {"product": "P", "annual_fee": 695}}}
    fee = {"cards": {"plat": {"product": "P", "annual_fee": 795}}}
    assert changes.describe(cards, fee) == "~1 card plat: annual fee"


@pytest.fixture
def plat(cli: Cli) -> None:
    ok(cli, "cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695")
    ok(cli, "benefits", "add", "plat", "Uber Cash", "--amount", "15", "--every", "month")
    ok(cli, "offers", "add", "plat", "--merchant", "Best Buy", "--credit", "50")


@pytest.mark.usefixtures("plat")
def test_data_history_and_restore_name_what_changed(cli: Cli) -> None:
    ok(cli, "benefits", "use", "plat", "Uber Cash", "--amount", "15")
    rows = json.loads(ok(cli, "data", "history", "--json").output)
    assert rows[0]["change"] == "~1 benefit Uber Cash on plat: used +$15"
    assert rows[1]["change"] == "+1 offer Best Buy on plat"
    s = Session("data", "restore")  # the question on a terminal names the change
    try:
        s.expect("it changes: ~1 benefit Uber Cash on plat: used -$15")
        s.answer("[y/N]: ", "n")
        assert s.wait() == 1
    finally:
        s.kill()


@pytest.mark.usefixtures("plat")
def test_data_check_on_a_terminal_counts_offers_and_benefits(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amexcli import output

    monkeypatch.setattr(output, "stdout_is_tty", lambda: True)
    said = " ".join(ok(cli, "data", "check").output.split())
    assert "1 card," in said and "1 offer, 1 benefit" in said


@pytest.mark.usefixtures("plat")
def test_list_and_show_use_the_same_words(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from amexcli import output

    ok(cli, "log", "add", "A1", "--card", "plat", "--dept", "retention", "--follow-up",
       "2027-01-20", "--expect", "39")  # fmt: skip
    monkeypatch.setattr(output, "stdout_is_tty", lambda: True)
    monkeypatch.setenv("COLUMNS", "120")
    listed_ = ok(cli, "log", "list").output
    shown = ok(cli, "log", "show", "A1").output
    assert "department" in listed_ and "follow up" in listed_ and "open" in listed_
    assert "dept" not in listed_.split() and "follow-up" not in listed_
    assert "department" in shown and "follow up" in shown
    assert "status      open" in shown and "done" not in shown.split()
    assert "expect      $39" in shown
    assert "$695" in ok(cli, "cards", "list").output
    # JSON keeps its field names and numbers
    call = json.loads(ok(cli, "log", "show", "A1", "--json").output)
    assert (call["done"], call["expect"]) == (False, 39.0)


def test_log_import_counts_in_words(cli: Cli, tmp_path: Any) -> None:
    ok(cli, "log", "add", "A1")
    exported = ok(cli, "log", "export").output
    calls = json.loads(exported)
    calls.append({**calls[0], "ref": "B2", "card": "gold"})
    (tmp_path / "calls.json").write_text(json.dumps(calls))
    r = cli("log", "import", str(tmp_path / "calls.json"))
    assert r.exit_code == 0, r.output
    assert "1 entry names a card that is not registered (gold)" in r.output
    assert "skipped 1 entry already in the log" in r.output
