"""A user's catalogue override (or a hand-edited data file) written to hurt: every wrong value is
a one-line exit 3 naming it, never a traceback, and nothing it holds is copied into the data file
unless the data file can read it back."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from amexcli import calllog, catalogue, resources
from amexcli.errors import InputError
from conftest import InProcess, Run

CARD = """
[cards.x]
name = "X Card"
kind = "consumer"
source = "https://example.com/x"
checked = 2026-01-01
{card_extra}

[cards.x.credits.c]
name = "C Credit"
amount = {amount}
every = "month"
source = "https://example.com/x"
checked = 2026-01-01
"""


def override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    path = config / "amexcli" / "catalogue.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(run: InProcess, *argv: str) -> str:
    r = run(*argv)
    assert r.returncode == 3, r.stderr
    assert "/amexcli/catalogue.toml" in r.stderr  # the user's file is named: it is theirs to fix
    assert "Traceback" not in r.stderr and r.stderr.count("\n") == 1, r.stderr
    return r.stderr


@pytest.mark.parametrize(
    "amount",
    ["nan", "inf", "-inf", "1e300", "9223372036854775807", "0", "-5.0", "15.001", '"15"', "true"],
)
def test_a_credit_amount_that_is_no_amount_is_refused(
    run: InProcess, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, amount: str
) -> None:
    override(tmp_path, monkeypatch, CARD.format(amount=amount, card_extra=""))
    assert "cards.x.credits.c.amount" in refused(run, "cards", "catalogue", "x")
    assert "cards.x.credits.c.amount" in refused(
        run, "cards", "add", "p", "--product", "X Card", "--with-credits"
    )
    assert not datafile.exists()


def test_the_largest_amount_the_data_file_takes_is_copied_and_reads_back(
    run: InProcess, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override(tmp_path, monkeypatch, CARD.format(amount="999999999.99", card_extra=""))
    r = run("cards", "add", "p", "--product", "X Card", "--with-credits")
    assert r.returncode == 0, r.stderr
    assert run("benefits", "list", "--plain").stdout.split("\t")[2] == "999999999.99"


@pytest.mark.parametrize(
    ("card_extra", "field"),
    [
        ("annual_fee = -5", "annual_fee"),
        ("annual_fee = 1000000000", "annual_fee"),
        ("annual_fee = 9223372036854775807", "annual_fee"),
        ("annual_fee = 1.5", "annual_fee"),
        (
            "[cards.x.fee_change]\nwas = -1\nexisting_from = 2026-01-01\nsource = 's'",
            "fee_change.was",
        ),
    ],
)
def test_a_fee_the_data_file_could_not_hold_is_refused(
    run: InProcess,
    datafile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    card_extra: str,
    field: str,
) -> None:
    override(tmp_path, monkeypatch, CARD.format(amount="5", card_extra=card_extra))
    assert field in refused(run, "cards", "add", "p", "--product", "X Card")
    assert not datafile.exists()


def test_the_highest_fee_the_data_file_takes_is_copied(
    run: InProcess, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override(tmp_path, monkeypatch, CARD.format(amount="5", card_extra="annual_fee = 999999999"))
    assert run("cards", "add", "p", "--product", "X Card").returncode == 0
    assert run("cards", "list", "--plain").returncode == 0
    assert tomllib.loads(datafile.read_text())["cards"]["p"]["annual_fee"] == 999999999


CHANGE = (
    "annual_fee = 100\n[cards.x.fee_change]\nwas = 50\nexisting_from = {existing}\n"
    "new_cards_from = {new}\nsource = 's'"
)


@pytest.mark.parametrize(
    ("card_extra", "field"),
    [
        (CHANGE.format(existing="2026-01-01T00:00:00", new="2026-01-01"), "existing_from"),
        (CHANGE.format(existing="2026-01-01", new="2026-01-01T00:00:00Z"), "new_cards_from"),
        ("", "checked"),  # the card's own date, below
    ],
)
def test_a_date_and_time_where_a_date_belongs_is_refused(
    run: InProcess,
    datafile: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    card_extra: str,
    field: str,
) -> None:
    text = CARD.format(amount="5", card_extra=card_extra)
    if field == "checked":
        text = text.replace("checked = 2026-01-01", "checked = 2026-01-01T10:00:00", 1)
    override(tmp_path, monkeypatch, text)
    for argv in (
        ("cards", "add", "p", "--product", "X Card", "--opened", "2026-03-01"),
        ("cards", "add", "p", "--product", "X Card", "--fee-month", "3"),
    ):
        said = refused(run, *argv)
        assert field in said and "must be a date, not datetime" in said, said
    assert not datafile.exists()


def test_the_catalogue_checked_as_a_date_and_time_is_refused(
    run: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override(tmp_path, monkeypatch, "checked = 2025-01-01T10:00:00\n")
    assert "catalogue.checked must be a date" in refused(run, "cards", "catalogue")


@pytest.mark.parametrize("phones", ['["x", 5]', "[5]", '"555"'])
def test_phones_that_are_not_tables_are_refused_not_crashed_on(
    proc: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, phones: str
) -> None:
    override(tmp_path, monkeypatch, CARD.format(amount="5", card_extra=f"phones = {phones}"))
    code, screen = proc.tty("cards", "catalogue", "x")  # a terminal shows the phones
    assert code == 3 and "Traceback" not in screen
    assert "phones a list of tables" in screen


def test_an_override_nested_past_the_toml_reader_is_refused(
    run: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override(tmp_path, monkeypatch, "a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nests too deeply" in refused(run, "cards", "catalogue")


def test_an_edited_log_entry_nested_past_the_toml_reader_is_bad_input() -> None:
    with pytest.raises(InputError, match="nests too deeply"):
        calllog.read_buffer("summary = " + "[" * 5000 + "]" * 5000 + "\n")


ALSO_PLATINUM = """
[cards.myplat]
name = "My Platinum"
kind = "consumer"
aliases = ["The Platinum Card", "the gold card"]
annual_fee = 1
source = "https://example.com/mine"
checked = 2026-01-01
"""


def test_a_name_two_cards_answer_to_is_refused_naming_both(
    run: InProcess, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override(tmp_path, monkeypatch, ALSO_PLATINUM)
    run("cards", "add", "p", "--product", "Gold")  # its own key still finds it, alone
    assert tomllib.loads(datafile.read_text())["cards"]["p"]["catalogue"] == "gold"
    for typed in ("the platinum card", "The Gold Card"):
        r = run.rejected(datafile, "cards", "add", "q", "--product", typed)
        assert "names 2 cards" in r.stderr and "myplat" in r.stderr
    r = run.rejected(datafile, "benefits", "catalogue", "p", "--as", "The  Platinum Card®")
    assert "names 2 cards" in r.stderr


def test_a_key_names_its_card_even_when_another_card_has_that_alias(
    run: InProcess, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aliased = ALSO_PLATINUM.replace("aliases = [", 'aliases = ["gold", "platinum", ')
    override(tmp_path, monkeypatch, aliased)
    assert run("cards", "add", "g", "--product", "gold").returncode == 0
    assert run("cards", "add", "m", "--product", "myplat").returncode == 0
    cards = tomllib.loads(datafile.read_text())["cards"]
    assert (cards["g"]["catalogue"], cards["m"]["catalogue"]) == ("gold", "myplat")


def test_the_catalogue_lists_both_cards_a_name_answers_to(
    run: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    override(tmp_path, monkeypatch, ALSO_PLATINUM)
    r = run("cards", "catalogue", "the platinum card", "--plain")
    assert r.returncode == 0, r.stderr
    assert [line.split("\t")[0] for line in r.stdout.splitlines()] == ["platinum", "myplat"]


SLASHED = """
[cards."a/b"]
name = "Slash Card"
kind = "consumer"
source = "https://example.com/s"
checked = 2026-01-01

[cards."a/b".credits."c/d"]
name = "Slash Credit"
amount = 10
every = "month"
source = "https://example.com/s"
checked = 2026-01-01
"""


def test_a_key_with_a_slash_still_finds_its_credit(
    run: InProcess, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = override(tmp_path, monkeypatch, SLASHED)
    assert run("cards", "add", "p", "--product", "Slash Card", "--with-credits").returncode == 0
    r = run("cards", "check", "--plain")
    assert (r.returncode, r.stdout) == (0, "")
    path.write_text(SLASHED.replace("amount = 10", "amount = 12"))
    r = run("cards", "check", "--plain")
    assert "Slash Credit is $12 a month; yours says $10 a month" in r.stdout
    assert run("benefits", "catalogue", "p", "--update").returncode == 0
    assert run("benefits", "list", "--plain").stdout.split("\t")[2] == "12.00"


def test_a_card_whose_catalogue_entry_is_gone_is_said_by_check(
    run: InProcess, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = override(tmp_path, monkeypatch, CARD.format(amount="5", card_extra=""))
    assert run("cards", "add", "p", "--product", "X Card", "--with-credits").returncode == 0
    path.unlink()
    r = run("cards", "check", "--plain")
    assert r.returncode == 0
    assert r.stdout.split("\t")[:2] == [
        "p",
        "the catalogue no longer has the card 'x' yours was added from",
    ]


def test_the_packaged_catalogue_has_no_name_two_cards_answer_to() -> None:
    cat = catalogue.parse(resources.load("catalogue.toml"))
    for entry in cat.entries.values():
        for name in catalogue.names(entry):
            assert catalogue.named(cat, name) == [entry], name


@pytest.mark.parametrize(
    ("product", "said"),
    [
        ("Delta SkyMiles Platinum", "added 1 credit to c:"),
        ("Gold", "added 4 credits to c:"),
    ],
)
def test_what_was_added_is_counted_in_words(proc: Run, product: str, said: str) -> None:
    code, screen = proc.tty("cards", "add", "c", "--product", product, "--with-credits")
    assert code == 0, screen
    assert said in screen and "(s)" not in screen


def test_one_credit_offered_on_a_terminal_is_one_credit(proc: Run) -> None:
    code, screen = proc.tty(
        "cards", "add", "c", "--product", "Delta SkyMiles Platinum", typed="none\n"
    )
    assert code == 0, screen
    assert "carries 1 credit:" in screen


def test_no_test_reads_the_catalogue_override_of_whoever_runs_the_suite(tmp_path: Path) -> None:
    from amexcli.commands import _catalogue

    assert _catalogue.override_path().is_relative_to(tmp_path)
