"""Ids, amounts and offers; `amex offers` through the installed `amex`."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import ids, money, offers
from amexcli.errors import InputError
from conftest import ANSI, Run


@given(st.integers(1, money.MAX_CENTS))
def test_amounts_read_back_as_written(cents: int) -> None:
    assert money.parse_cents(money.format_cents(cents), what="--credit") == cents
    assert money.parse_cents(f"{cents / 100:.2f}", what="--credit") == cents
    assert money.parse_cents(f"{cents // 100}.{cents % 100:02d}", what="--credit") == cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [("325", 32500), ("$325", 32500), ("325.00", 32500), ("1,234.5", 123450), (" $15.99 ", 1599)],
)
def test_amount_examples(text: str, cents: int) -> None:
    assert money.parse_cents(text, what="--credit") == cents


@pytest.mark.parametrize("text", ["-5", "$-5", "0", "0.00", "", "1.234", "12,34", "five", "1e3"])
def test_bad_amounts(text: str) -> None:
    with pytest.raises(InputError):
        money.parse_cents(text, what="--credit")


def test_mark_used_is_idempotent() -> None:
    t: dict[str, object] = {"card": "plat", "merchant": "Dell", "credit": 50.0}
    assert offers.mark_used(t, on=date(2026, 1, 5), credited=4999, reference="'320'")
    assert not offers.mark_used(t, on=date(2026, 2, 5), credited=1, reference="x")
    o = offers.Offer.from_table("k", t)
    assert (o.used, o.credited, o.reference, o.value) == (date(2026, 1, 5), 4999, "'320'", 4999)


# Through the installed amex --------------------------------------------------------------

SEED = """\
schema_version = 1

[cards.plat]
product = "Platinum Card"
annual_fee = 695
fee_month = 3
"""


@pytest.fixture
def seeded(datafile: Path) -> Path:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(SEED)
    return datafile


def add(run: Run, merchant: str, *more: str) -> str:
    r = run("offers", "add", "plat", "--merchant", merchant, "--as-of", "2026-01-01", *more)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    oid = r.stdout.strip()
    assert ids.is_id(oid)
    return oid


def test_listing_is_soonest_first_and_hides_used_and_expired(run: Run, seeded: Path) -> None:
    late = add(run, "Late", "--credit", "10", "--expires", "2026-06-30")
    never = add(run, "Never", "--credit", "5")
    soon = add(run, "Soon", "--credit", "$20.50", "--spend", "100", "--expires", "2026-02-01")
    gone = add(run, "Gone", "--credit", "1", "--expires", "2026-01-15")
    used = add(run, "Used", "--credit", "1", "--expires", "2026-03-01")
    assert run("offers", "used", used, "--date", "2026-01-20").returncode == 0

    listed = run("offers", "--as-of", "2026-02-01")
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == [soon, late, never]
    assert listed.stdout.splitlines()[0] == f"{soon}\tplat\tSoon\t20.50\t100.00\t2026-02-01\t\t\t"
    assert ANSI not in listed.stdout
    everything = json.loads(
        run("offers", "list", "--all", "--json", "--as-of", "2026-02-01").stdout
    )
    assert [o["merchant"] for o in everything] == ["Gone", "Soon", "Used", "Late", "Never"]
    assert list(everything[0]) == [
        "id", "card", "merchant", "credit", "spend", "expires", "used", "credited", "credited_on",
    ]  # fmt: skip
    assert everything[2]["used"] == "2026-01-20"
    assert everything[4]["spend"] is None and everything[4]["expires"] is None
    assert gone in run("offers", "list", "--all", "--as-of", "2026-02-01").stdout
    assert run("offers", "list", "--card", "plat", "--as-of", "2026-06-30").stdout.count("\n") == 2


def test_used_rm_and_prefixes(run: Run, seeded: Path) -> None:
    a = add(run, "A", "--credit", "10")
    b = add(run, "B", "--credit", "10")
    prefix = next(a[:n] for n in range(4, 14) if not b.startswith(a[:n]))
    r = run("offers", "used", prefix, "--date", "2026-01-02")
    assert r.returncode == 0, r.stderr
    r = run.rejected(seeded, "offers", "used", a)
    assert "already used on 2026-01-02" in r.stderr
    r = run.rejected(seeded, "offers", "rm", a, b)  # no --yes off a terminal
    r = run.rejected(seeded, "offers", "rm", a, "nope", "--yes")  # one unknown: none removed
    assert run("offers", "rm", a, b, "--yes").returncode == 0
    assert "[offers" not in seeded.read_text()


@pytest.mark.parametrize(
    "argv",
    [
        ["offers", "add", "plat", "--merchant", "X", "--credit", "-50"],
        ["offers", "add", "plat", "--merchant", "X", "--credit", "0"],
        ["offers", "add", "plat", "--merchant", "X", "--credit", "50", "--spend", "-1"],
        ["offers", "add", "plat", "--merchant", " ", "--credit", "50"],
        ["offers", "add", "nope", "--merchant", "X", "--credit", "50"],
        ["offers", "add", "plat", "--merchant", "X", "--credit", "50", "--expires", "2026-02-30"],
        # expired before the day it is added
        [
            "offers",
            "add",
            "plat",
            "--merchant",
            "X",
            "--credit",
            "50",
            "--expires",
            "2025-12-31",
            "--as-of",
            "2026-01-01",
        ],
        ["offers", "used", "nope"],
        ["offers", "used", ""],
        ["offers", "rm", "nope", "--yes"],
        ["offers", "list", "--card", "nope"],
        ["offers", "list", "--json", "--plain"],
    ],
)
def test_bad_input_is_exit_2_and_leaves_the_file(run: Run, seeded: Path, argv: list[str]) -> None:
    add(run, "Kept", "--credit", "10")
    r = run.rejected(seeded, *argv)
    assert len(r.stderr.strip().splitlines()) <= 2


def test_expired_offer_message(run: Run, seeded: Path) -> None:
    r = run.rejected(seeded, "offers", "add", "plat", "--merchant", "X", "--credit", "50",
                     "--expires", "2025-12-31", "--as-of", "2026-01-01")  # fmt: skip
    assert "expired on 2025-12-31" in r.stderr


def test_the_file_holds_amounts_with_cents_and_keyed_tables(run: Run, seeded: Path) -> None:
    oid = add(run, "Dell", "--credit", "1,000.5", "--note", "online")
    text = seeded.read_text()
    assert f"[offers.{oid}]" in text
    assert "credit = 1000.5" in text and 'note = "online"' in text and "added = 2026-01-01" in text


def test_a_card_number_in_a_note_is_masked(run: Run, seeded: Path) -> None:
    r = run("offers", "add", "plat", "--merchant", "X", "--credit", "5",
            "--note", "card 3782 822463 10005")  # fmt: skip
    assert r.returncode == 0 and "card number" in r.stderr
    assert "822463" not in seeded.read_text()


def test_completion_lists_offer_ids(run: Run, seeded: Path) -> None:
    a = add(run, "A", "--credit", "10")
    assert run("__complete", "offers").stdout == f"{a}\n"


def test_a_broken_offer_in_the_file_is_exit_3(run: Run, seeded: Path) -> None:
    seeded.write_text(SEED + '\n[offers.x]\ncard = "plat"\nmerchant = "M"\ncredit = -1\n')
    before = seeded.read_bytes()
    r = run("offers", "list")
    assert r.returncode == 3 and re.search(r"offers\.x\.credit", r.stderr)
    assert run("offers", "add", "plat", "--merchant", "Y", "--credit", "1").returncode == 3
    assert seeded.read_bytes() == before


@pytest.mark.parametrize("amount", ["nan", "inf", "-inf"])
def test_an_amount_that_is_no_number_in_the_file_is_exit_3(
    run: Run, seeded: Path, amount: str
) -> None:
    """TOML has nan and inf floats; they are no amount, and never a traceback."""
    seeded.write_text(SEED + f'\n[offers.x]\ncard = "plat"\nmerchant = "M"\ncredit = {amount}\n')
    r = run("offers", "list")
    assert r.returncode == 3 and r.stdout == ""
    assert "offers.x.credit must be an amount" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) <= 2


def test_a_merchant_is_shown_as_written_on_a_terminal(run: Run, seeded: Path) -> None:
    add(run, "[bold]Shop[/bold] \x1b[2J", "--credit", "5")
    code, screen = run.tty(
        "offers", "--as-of", "2026-01-01", env={"NO_COLOR": "1", "COLUMNS": "200"}
    )
    assert code == 0, screen
    assert "[bold]Shop[/bold] \\x1b[2J" in screen
    assert "\x1b[2J" not in screen
