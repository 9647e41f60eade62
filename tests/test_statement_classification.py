"""How a statement row is read: an Amex Offer credit, Amex's own adjustment, the annual fee.

Every case reads a download in the real format (DOMAIN.md's CSV section): the 5-column layout,
the full layout with Extended Details, and the full layout without the card-member columns,
with look-alike rows beside the real ones.
"""

from __future__ import annotations

import json
import shlex
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from statement_files import FEES, csv_text, row

Cli = Callable[..., Any]
LAYOUTS = ("basic", "extended", "extended-no-account")
SHOP = "Computers & Electronics-Computer Supplies"


def _ok(cli: Cli, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, r.output
    return r


def _import(cli: Cli, tmp_path: Path, layout: str, rows: list[dict[str, str]], *more: str) -> Any:
    path = tmp_path / f"{layout}.csv"
    path.write_text(csv_text(layout, rows), newline="")
    card = ("--card", "plat") if layout == "extended-no-account" else ()
    return cli("statement", "import", str(path), *card, "--json", *more)


def _items(r: Any) -> list[dict[str, Any]]:
    return json.loads(r.stdout)  # type: ignore[no-any-return]


def _data(datafile: Path) -> dict[str, Any]:
    return tomllib.loads(datafile.read_text())


@pytest.fixture
def plat(cli: Cli) -> Cli:
    _ok(cli, "cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "895",
        "--fee-month", "3", "--closing-day", "15", "--last5", "12345")  # fmt: skip
    return cli


# --- Amex Offer credits -------------------------------------------------------------------


def _dell(cli: Cli) -> str:
    oid = _ok(cli, "offers", "add", "plat", "--merchant", "Dell", "--credit", "200",
              "--expires", "2026-03-31", "--as-of", "2026-02-01").stdout.strip()  # fmt: skip
    _ok(cli, "offers", "used", oid, "--date", "2026-03-02")
    return oid


def _offer_credit(layout: str) -> dict[str, str]:
    """The offer's credit under Dell's own descriptor: the marker in Extended Details, or at
    the end of the description where the layout has no Extended Details."""
    if layout == "basic":
        return row("03/05/2026", "DELL.COM ROUND ROCK TX AMEX OFFER CREDIT", "-200.00")
    return row("03/05/2026", "DELL.COM ROUND ROCK TX", "-200.00", details="Amex Offer Credit",
               category=FEES)  # fmt: skip


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_offer_credit_under_the_merchant_s_descriptor_pays_the_offer(
    plat: Cli, tmp_path: Path, datafile: Path, layout: str
) -> None:
    oid = _dell(plat)
    _ok(plat, "log", "add", "P1", "--date", "2026-03-01", "--card", "plat", "--expect", "200")
    rows = [
        row("03/02/2026", "DELL.COM ROUND ROCK TX", "1,000.00", category=SHOP),
        _offer_credit(layout),
    ]
    r = _import(plat, tmp_path, layout, rows, "--as-of", "2026-03-20")
    assert r.exit_code == 0, r.output
    assert [(i["kind"], i["amount"]) for i in _items(r)] == [("credit", -200.0)]
    offer = _data(datafile)["offers"][oid]
    assert (str(offer["used"]), offer["credited"]) == ("2026-03-02", 200.0)
    assert "done" not in _data(datafile)["calls"]["P1"]  # an offer's credit keeps no promise
    # and `next` never calls that credit overdue
    later = plat("next", "--as-of", "2026-07-01", "--json")
    assert "offer-credit" not in {i["kind"] for i in json.loads(later.stdout or "[]")}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_merchant_return_of_the_offer_s_amount_pays_nothing(
    plat: Cli, tmp_path: Path, datafile: Path, layout: str
) -> None:
    oid = _dell(plat)
    rows = [
        row("03/02/2026", "DELL.COM ROUND ROCK TX", "1,000.00", category=SHOP),
        row("03/04/2026", "DELL.COM ROUND ROCK TX", "-200.00", category=SHOP),  # a return
    ]
    r = _import(plat, tmp_path, layout, rows, "--as-of", "2026-03-20")
    assert (r.exit_code, _items(r)) == (0, [])
    assert "credited" not in _data(datafile)["offers"][oid]


def test_an_offer_credit_whose_purchase_is_not_in_the_file_still_pays_the_offer(
    plat: Cli, tmp_path: Path, datafile: Path
) -> None:
    oid = _dell(plat)
    r = _import(plat, tmp_path, "extended", [_offer_credit("extended")], "--as-of", "2026-03-20")
    assert [i["kind"] for i in _items(r)] == ["credit"]
    assert _data(datafile)["offers"][oid]["credited"] == 200.0


# --- promises -------------------------------------------------------------------------------


@pytest.fixture
def promised(plat: Cli) -> Cli:
    _ok(plat, "log", "add", "A1", "--date", "2026-03-01T10:00", "--card", "plat", "--promise",
        "a $100 courtesy credit", "--expect", "100", "--follow-up", "2026-04-01")  # fmt: skip
    return plat


NORDSTROM = row("03/05/2026", "NORDSTROM #0427 NEW YORK NY", "-100.00",
                category="Merchandise & Supplies-Department Stores")  # fmt: skip
EARLY = row("02/27/2026", "COURTESY CREDIT", "-100.00", category=FEES)  # before the call
COURTESY = row("03/09/2026", "COURTESY CREDIT", "-100.00", category=FEES)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_merchant_return_of_the_promised_amount_keeps_no_promise(
    promised: Cli, tmp_path: Path, datafile: Path, layout: str
) -> None:
    r = _import(promised, tmp_path, layout, [NORDSTROM, EARLY], "--as-of", "2026-04-02")
    assert r.exit_code == 1  # the promise is overdue: nothing kept it
    assert [(i["kind"], i["ref"]) for i in _items(r)] == [("overdue", "A1")]
    assert "done" not in _data(datafile)["calls"]["A1"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_amex_s_own_credit_after_the_call_keeps_the_promise(
    promised: Cli, tmp_path: Path, datafile: Path, layout: str
) -> None:
    r = _import(promised, tmp_path, layout, [NORDSTROM, EARLY, COURTESY], "--as-of", "2026-04-02")
    assert r.exit_code == 0, r.output
    assert [(i["kind"], i["ref"], i["date"]) for i in _items(r)] == [("credit", "A1", "2026-03-09")]
    call = _data(datafile)["calls"]["A1"]
    assert (call["done"], str(call["credited"])) == (True, "2026-03-09")


@pytest.mark.parametrize(
    ("description", "category"),
    [
        ("COURTESY CREDIT", "Merchandise & Supplies-Department Stores"),  # Amex words, shop's file
        ("NORDSTROM #0427", FEES),  # a merchant's name filed as Amex's
    ],
)
def test_a_credit_that_is_not_clearly_amex_s_is_only_possible(
    promised: Cli, tmp_path: Path, datafile: Path, description: str, category: str
) -> None:
    rows = [row("03/09/2026", description, "-100.00", category=category)]
    r = _import(promised, tmp_path, "extended", rows, "--as-of", "2026-04-02")
    assert r.exit_code == 0, r.output  # not overdue either: the user is asked to check
    [item] = _items(r)
    assert (item["kind"], item["ref"], item["command"]) == ("possible", "A1", "amex log done A1")
    assert "Possibly" in item["what"]
    assert "done" not in _data(datafile)["calls"]["A1"]


def test_the_example_download_keeps_its_courtesy_credit_s_promise(cli: Cli) -> None:
    example = Path(__file__).parents[1] / "docs" / "activity-example.csv"
    _ok(cli, "cards", "add", "plat", "--product", "Platinum", "--last5", "12345")
    _ok(cli, "log", "add", "C1", "--date", "2026-03-01", "--card", "plat", "--expect", "39")
    r = _ok(cli, "statement", "import", str(example), "--json", "--as-of", "2026-03-20")
    assert ("credit", "C1") in {(i["kind"], i["ref"]) for i in _items(r)}


# --- the annual fee line ------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "wording", ["PLATINUM CARD FEE", "$895 Platinum Card Fee", "MEMBERSHIP REWARDS ANNUAL FEE"]
)
def test_public_wordings_of_the_fee_are_read_as_the_fee(
    plat: Cli, tmp_path: Path, datafile: Path, layout: str, wording: str
) -> None:
    rows = [row("03/15/2026", wording, "895.00", category=FEES)]
    r = _import(plat, tmp_path, layout, rows, "--as-of", "2026-03-20")
    assert [i["kind"] for i in _items(r)] == ["annual-fee"]
    fees = _data(datafile)["cards"]["plat"]["fees"]
    assert [str(f["date"]) for f in fees.values()] == ["2026-03-15"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_fee_no_pattern_reads_is_reported_with_the_command_that_fixes_it(
    plat: Cli, tmp_path: Path, datafile: Path, layout: str
) -> None:
    rows = [
        row("03/15/2026", "RENEWAL FEE - PLAT", "895.00", category=FEES),
        row("03/16/2026", "LATE FEE", "39.00", category=FEES),  # not the annual fee's amount
        row("03/17/2026", "SAKS FIFTH AVENUE", "895.00", category=SHOP),  # no fee in its words
    ]
    r = _import(plat, tmp_path, layout, rows, "--as-of", "2026-03-20")
    [hint] = _items(r)
    assert (hint["kind"], hint["card"], hint["date"], hint["amount"]) == (
        "fee-pattern", "plat", "2026-03-15", 895.0,
    )  # fmt: skip
    assert "matches none of its fee patterns" in hint["what"]
    assert hint["command"] == (
        "amex cards edit plat --fee-pattern 'ANNUAL MEMBERSHIP FEE' --fee-pattern 'ANNUAL FEE' "
        "--fee-pattern 'PLATINUM CARD FEE' --fee-pattern 'RENEWAL FEE - PLAT'"
    )
    assert "fees" not in _data(datafile)["cards"]["plat"]
    # the printed command works: the next import reads the fee
    _ok(plat, *shlex.split(hint["command"])[1:])
    again = _import(plat, tmp_path, layout, rows, "--as-of", "2026-03-20")
    assert [i["kind"] for i in _items(again)] == ["annual-fee"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_an_offer_credit_no_offer_claims_is_reported_not_taken_for_anything_else(
    plat: Cli, tmp_path: Path, datafile: Path, layout: str
) -> None:
    oid = _dell(plat)
    _ok(plat, "log", "add", "P2", "--date", "2026-03-01", "--card", "plat", "--expect", "150")
    credit = _offer_credit(layout) | {"Amount": "-150.00"}  # not the Dell offer's $200
    r = _import(plat, tmp_path, layout, [credit], "--as-of", "2026-03-20")
    [item] = _items(r)
    assert (item["kind"], item["card"], item["amount"]) == ("possible", "plat", -150.0)
    assert "matches none of the offers" in item["what"]
    assert "amex offers credited ID --date 2026-03-05 --amount $150" in item["what"]
    data = _data(datafile)
    assert "credited" not in data["offers"][oid] and "done" not in data["calls"]["P2"]


def test_a_promise_is_reported_possibly_kept_once(
    promised: Cli, tmp_path: Path, datafile: Path
) -> None:
    unclear = [
        row("03/09/2026", "COURTESY CREDIT", "-100.00", category=SHOP),
        row("03/10/2026", "COURTESY CREDIT", "-100.00", category=SHOP),
    ]
    r = _import(promised, tmp_path, "extended", unclear, "--as-of", "2026-04-02")
    assert [(i["kind"], i["ref"], i["date"]) for i in _items(r)] == [
        ("possible", "A1", "2026-03-09")
    ]
