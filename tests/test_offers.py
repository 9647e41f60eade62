"""Ids, amounts and offers; `amex offers` through the installed `amex`."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import ids, money, offers, record
from amexcli.errors import DataFileError, InputError
from amexcli.offers import Offer
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


# Amex Offers at their edges: the last day an offer is open, the amounts the file may hold, what a
# broken offer in the file is told, ids given by prefix.

DAY = date(2026, 3, 10)


def offer(oid: str = "a", **fields: Any) -> Offer:
    table = {"card": "plat", "merchant": "Dell", "credit": 50.0, **fields}
    return Offer.from_table(oid, table)


def test_an_offer_is_open_through_its_last_day_and_not_after() -> None:
    o = offer(expires=DAY)
    assert o.is_open(date(2026, 3, 9))
    assert o.is_open(DAY)
    assert not o.is_open(date(2026, 3, 11))
    assert offer().is_open(date(2099, 12, 31))  # no expiry: open until used
    assert not offer(used=date(2026, 3, 1)).is_open(date(2026, 2, 1))
    assert not offer(expires=DAY, used=date(2026, 3, 1)).is_open(date(2026, 3, 5))


def test_days_left_counts_to_the_last_day() -> None:
    o = offer(expires=DAY)
    assert o.days_left(date(2026, 3, 1)) == 9
    assert o.days_left(DAY) == 0
    assert o.days_left(date(2026, 3, 12)) == -2
    assert offer().days_left(DAY) is None


def test_expiring_takes_open_offers_ending_by_the_horizon() -> None:
    on_horizon = offer("a", expires=date(2026, 3, 17))
    after = offer("b", expires=date(2026, 3, 18))
    today_last = offer("c", expires=DAY)
    gone = offer("d", expires=date(2026, 3, 9))
    used = offer("e", expires=date(2026, 3, 12), used=date(2026, 3, 1))
    never = offer("f")
    found = offers.expiring(
        [on_horizon, after, today_last, gone, used, never], today=DAY, horizon=date(2026, 3, 17)
    )
    assert [o.id for o in found] == ["a", "c"]


def test_the_list_shows_open_offers_of_the_card_asked_for() -> None:
    plat = offer("a", expires=DAY)
    gold = offer("b", card="gold")
    gone = offer("c", expires=date(2026, 3, 9))
    everything = [plat, gold, gone]
    assert offers.listed(everything, today=DAY, card=None, all_=False) == [plat, gold]
    assert offers.listed(everything, today=DAY, card="plat", all_=False) == [plat]
    assert offers.listed(everything, today=DAY, card="plat", all_=True) == [plat, gone]
    assert offers.listed(everything, today=DAY, card=None, all_=True) == everything
    assert offers.listed(everything, today=DAY, card="blue", all_=True) == []


def test_load_sorts_soonest_expiry_first_then_no_expiry_then_by_id() -> None:
    section = {
        "c": {"card": "plat", "merchant": "C", "credit": 1.0},
        "a": {"card": "plat", "merchant": "A", "credit": 1.0},
        "z": {"card": "plat", "merchant": "Z", "credit": 1.0, "expires": date(2026, 5, 1)},
        "y": {"card": "plat", "merchant": "Y", "credit": 1.0, "expires": date(2026, 4, 1)},
        "b": {"card": "plat", "merchant": "B", "credit": 1.0, "expires": date(2026, 5, 1)},
    }
    assert [o.id for o in offers.load(section)] == ["y", "b", "z", "a", "c"]


def test_every_field_is_read_from_the_file() -> None:
    o = offer(
        "k",
        spend=250.0,
        expires=date(2026, 12, 31),
        added=date(2026, 11, 26),
        note="online only",
        used=date(2026, 12, 5),
        credited=49.99,
        reference="320263390012345",
    )
    assert o == Offer(
        id="k",
        card="plat",
        merchant="Dell",
        credit=5000,
        spend=25000,
        expires=date(2026, 12, 31),
        added=date(2026, 11, 26),
        note="online only",
        used=date(2026, 12, 5),
        credited=4999,
        reference="320263390012345",
    )
    assert o.value == 4999
    assert offer().value == 5000
    assert offer(credited=0).value == 0  # credited nothing: it gave nothing back


def test_the_json_row_holds_dollars_and_dates() -> None:
    o = offer("k", credit=15.99, spend=250, expires=DAY, used=date(2026, 3, 1))
    assert o.row() == {
        "id": "k",
        "card": "plat",
        "merchant": "Dell",
        "credit": 15.99,
        "spend": 250.0,
        "expires": DAY,
        "used": date(2026, 3, 1),
        "credited": None,
        "credited_on": None,
    }
    assert offer().row()["spend"] is None


@pytest.mark.parametrize(
    ("value", "cents"),
    [(0, 0), (0.01, 1), (15.99, 1599), (695, 69500), (999_999_999.99, money.MAX_CENTS)],
)
def test_amounts_the_file_may_hold(value: float, cents: int) -> None:
    assert money.read_cents({"credit": value}, "credit", "offers.k") == cents


def test_an_absent_amount_is_none() -> None:
    assert money.read_cents({}, "spend", "offers.k") is None


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (True, "must be an amount in dollars, like 15.99, not True."),
        ("50", "must be an amount in dollars, like 15.99, not '50'."),
        (-0.01, "must be an amount of dollars with at most cents, not -0.01."),
        (1.001, "must be an amount of dollars with at most cents, not 1.001."),
        (1_000_000_000, "must be an amount of dollars with at most cents, not 1000000000."),
        (float("nan"), "must be an amount of dollars with at most cents, not nan."),
        (float("inf"), "must be an amount of dollars with at most cents, not inf."),
        (1e-08, "must be an amount of dollars with at most cents, not 1e-08."),
    ],
)
def test_a_wrong_amount_in_the_file_names_the_field(value: object, says: str) -> None:
    with pytest.raises(DataFileError) as e:
        money.read_cents({"credit": value}, "credit", "offers.k")
    assert str(e.value) == f"offers.k.credit {says}"


@pytest.mark.parametrize(
    ("value", "kind", "says"),
    [
        (5, str, "offers.k.note must be a str, not 5; fix it in the data file."),
        (
            datetime(2026, 1, 1, 9, 0),
            date,
            "offers.k.note must be a date, not datetime.datetime(2026, 1, 1, 9, 0); "
            "fix it in the data file.",
        ),
        (
            "2026-01-01",
            date,
            "offers.k.note must be a date, not '2026-01-01'; fix it in the data file.",
        ),
        (date(1, 1, 1), date, "offers.k.note 0001-01-01 is out of range; fix it in the data file."),
    ],
)
def test_a_wrong_field_in_the_file_names_it(value: object, kind: type, says: str) -> None:
    with pytest.raises(DataFileError) as e:
        record.read_field({"note": value}, "note", kind, "offers.k")
    assert str(e.value) == says


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("card", 1),
        ("merchant", 1),
        ("credit", "50"),
        ("spend", -1),
        ("expires", "2026-12-31"),
        ("added", "2026-11-26"),
        ("note", 1),
        ("used", "2026-12-05"),
        ("credited", 1.001),
        ("reference", 320),
    ],
)
def test_a_wrong_field_of_an_offer_is_named_with_its_offer(name: str, wrong: object) -> None:
    table = {"card": "plat", "merchant": "Dell", "credit": 50.0, name: wrong}
    with pytest.raises(DataFileError) as e:
        Offer.from_table("1ngg0r240m0abc", table)
    assert str(e.value).startswith(f"offers.1ngg0r240m0abc.{name} must be ")


def test_a_field_of_the_right_kind_is_read() -> None:
    assert record.read_field({"used": DAY}, "used", date, "offers.k") == DAY
    assert record.read_field({"note": "x"}, "note", str, "offers.k") == "x"
    assert record.read_field({}, "note", str, "offers.k") is None


@pytest.mark.parametrize("missing", ["card", "merchant", "credit"])
def test_an_offer_without_card_merchant_or_credit_is_refused(missing: str) -> None:
    table = {"card": "plat", "merchant": "Dell", "credit": 50.0}
    del table[missing]
    with pytest.raises(DataFileError) as e:
        Offer.from_table("k", table)
    assert str(e.value) == "offers.k: an offer needs a card, a merchant and a credit."


def test_a_new_offer_table_holds_what_was_given_and_leaves_out_the_rest() -> None:
    full = offers.table(
        card="plat",
        merchant="  Best Buy ",
        credit=5000,
        spend=25050,
        expires=DAY,
        added=DAY,  # its last day is today: still worth enrolling
        note="online",
    )
    assert full == {
        "card": "plat",
        "merchant": "Best Buy",
        "credit": 50.0,
        "spend": 250.5,
        "expires": DAY,
        "added": DAY,
        "note": "online",
    }
    bare = offers.table(
        card="plat", merchant="Dell", credit=1, spend=None, expires=None, added=DAY, note=None
    )
    assert bare == {"card": "plat", "merchant": "Dell", "credit": 0.01, "added": DAY}


def test_a_new_offer_that_expired_or_has_no_merchant_is_refused() -> None:
    with pytest.raises(InputError, match=r"^--merchant must not be empty\.$"):
        offers.table(
            card="plat", merchant=" \t", credit=1, spend=None, expires=None, added=DAY, note=None
        )
    with pytest.raises(InputError) as e:
        offers.table(
            card="plat",
            merchant="Dell",
            credit=1,
            spend=None,
            expires=date(2026, 3, 9),
            added=DAY,
            note=None,
        )
    assert str(e.value) == (
        "that offer expired on 2026-03-09, before today (2026-03-10): nothing to enroll in. "
        "Check --expires."
    )


def test_an_offer_is_found_by_its_id_or_a_prefix_as_typed() -> None:
    section: dict[str, object] = {"1ngg0r240m0abc": {}, "1ngg0r240m0abd": {}, "1ngh00000000aa": {}}
    assert offers.find(section, "1ngg0r240m0abc") == "1ngg0r240m0abc"
    assert offers.find(section, " 1NGGOR240M0ABD ") == "1ngg0r240m0abd"
    assert offers.find(section, "1ngh") == "1ngh00000000aa"
    assert offers.find({"ab": {}, "abc": {}}, "ab") == "ab"  # the whole id wins over a prefix


def test_an_ambiguous_or_unknown_id_is_refused_with_a_hint() -> None:
    section: dict[str, object] = {"1ngg0r240m0abc": {}, "1ngg0r240m0abd": {}}
    with pytest.raises(InputError) as e:
        offers.find(section, "1ngg")
    assert str(e.value) == "'1ngg' starts 2 offer ids; give more of it."
    with pytest.raises(InputError) as e:
        offers.find(section, "zz")
    assert str(e.value) == "no offer 'zz'; see `amex offers list --all`."
    with pytest.raises(InputError, match="no offer ''"):
        offers.find({"a": {}}, "")  # an empty id is no prefix of every offer


def test_marking_used_without_a_statement_records_only_the_day() -> None:
    t: dict[str, object] = {"card": "plat", "merchant": "Dell", "credit": 50.0}
    assert offers.mark_used(t, on=DAY) is True
    assert t == {"card": "plat", "merchant": "Dell", "credit": 50.0, "used": DAY}


def test_marking_used_from_a_statement_records_the_credit_and_its_reference() -> None:
    t: dict[str, object] = {"card": "plat", "merchant": "Dell", "credit": 50.0}
    assert offers.mark_used(t, on=DAY, credited=4999, reference="320") is True
    assert t["credited"] == 49.99 and t["reference"] == "320" and t["used"] == DAY


@pytest.mark.parametrize(
    ("cents", "shown"), [(1599, "$15.99"), (69500, "$695"), (-500, "-$5"), (123450, "$1,234.50")]
)
def test_money_for_people(cents: int, shown: str) -> None:
    assert money.format_cents(cents) == shown
    assert money.dollars(cents) == cents / 100


def test_an_amount_of_zero_is_refused_with_its_option_named() -> None:
    with pytest.raises(InputError, match=r"^--spend must be more than \$0\.$"):
        money.parse_cents("0.00", what="--spend")
    assert money.parse_cents("0.01", what="--spend") == 1


@pytest.mark.parametrize("text", ["five", "-5", "1.234"])
def test_a_bad_amount_is_refused_with_its_option_named(text: str) -> None:
    with pytest.raises(InputError) as e:
        money.parse_cents(text, what="--spend")
    assert str(e.value).startswith(f"--spend {text!r} ")
