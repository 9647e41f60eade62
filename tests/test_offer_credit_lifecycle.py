"""An offer's credit from use to credit: awaited gently, overdue late, recorded, taken back."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from statement_files import FEES, csv_text, row

from amexcli.resources import load

Cli = Callable[..., Any]
USED, ENDS = date(2026, 7, 1), date(2026, 12, 31)
DUE = ENDS + timedelta(days=90)  # offer_days in statement.toml


def _ok(cli: Cli, *args: str) -> Any:
    r = cli(*args)
    assert r.exit_code == 0, r.output
    return r


@pytest.fixture
def saks(cli: Cli) -> str:
    _ok(cli, "cards", "add", "plat", "--product", "Platinum Card", "--last5", "12345")
    oid: str = _ok(cli, "offers", "add", "plat", "--merchant", "Saks", "--credit", "50",
                   "--expires", str(ENDS), "--as-of", "2026-06-01").stdout.strip()  # fmt: skip
    _ok(cli, "offers", "used", oid, "--date", str(USED))
    return oid


def _next(cli: Cli, day: date, *more: str) -> list[dict[str, Any]]:
    r = cli("next", "--as-of", str(day), "--json", *more)
    assert r.exit_code in (0, 1), r.output
    return [i for i in json.loads(r.stdout) if i["kind"].startswith("offer-")]


def test_the_nudge_has_a_default_with_its_source() -> None:
    assert load("statement.toml")["offer_nudge_days"] == 7
    text = (Path(__file__).parents[1] / "amexcli" / "data" / "statement.toml").read_text()
    assert "thepointsguy.com/credit-cards/how-long-statement-credits-take" in text


def test_a_week_after_the_use_next_notes_the_credit_gently(cli: Cli, saks: str) -> None:
    nudge = USED + timedelta(days=7)
    assert _next(cli, nudge - timedelta(days=1), "--days", "0") == []
    [item] = _next(cli, nudge, "--days", "0")
    assert (item["kind"], item["date"], item["ref"], item["command"]) == (
        "offer-waiting", str(nudge), saks, f"amex offers credited {saks}",
    )  # fmt: skip
    assert item["what"] == (
        f"Saks offer ({saks}) on plat, used on {USED}: no credit yet; usually within a week, "
        f"at the latest {DUE}."
    )
    # still there, gently, on the last day the credit may come; then only the overdue item
    assert [i["kind"] for i in _next(cli, DUE, "--days", "0")] == ["offer-waiting"]
    assert [i["kind"] for i in _next(cli, DUE + timedelta(days=1), "--days", "0")] == [
        "offer-credit"
    ]
    # seen ahead, like every dated item, within --days
    assert [i["date"] for i in _next(cli, USED, "--days", "7")] == [str(nudge)]
    assert _next(cli, USED, "--days", "6") == []


def test_credited_by_hand_then_taken_back(cli: Cli, saks: str, datafile: Path) -> None:
    _ok(cli, "offers", "credited", saks, "--date", "2026-07-04", "--amount", "45")
    stored = tomllib.loads(datafile.read_text())["offers"][saks]
    assert (stored["credited"], stored["credited_on"]) == (45.0, date(2026, 7, 4))
    [shown] = json.loads(_ok(cli, "offers", "--all", "--json").stdout)
    assert (shown["used"], shown["credited"], shown["credited_on"]) == (
        str(USED), 45.0, "2026-07-04",
    )  # fmt: skip
    plain = _ok(cli, "offers", "--all", "--plain").stdout.rstrip("\n").split("\t")
    assert plain[-2:] == ["45.00", "2026-07-04"]
    assert _next(cli, DUE + timedelta(days=1)) == []  # neither awaited nor overdue
    again = cli("offers", "credited", saks)
    assert again.exit_code == 2 and "--undo" in again.output
    _ok(cli, "offers", "credited", saks, "--undo")
    stored = tomllib.loads(datafile.read_text())["offers"][saks]
    assert ("credited" in stored, "credited_on" in stored, stored["used"]) == (False, False, USED)
    assert [i["kind"] for i in _next(cli, DUE + timedelta(days=1))] == ["offer-credit"]
    assert cli("offers", "credited", saks, "--undo").exit_code == 2  # nothing left to undo
    assert cli("offers", "credited", saks, "--undo", "--date", "today").exit_code == 2


def test_credited_without_a_use_marks_it_used_that_day(cli: Cli, datafile: Path) -> None:
    _ok(cli, "cards", "add", "plat", "--product", "Platinum Card")
    oid = _ok(cli, "offers", "add", "plat", "--merchant", "Dell", "--credit", "$200").stdout.strip()
    _ok(cli, "offers", "credited", oid, "--date", "2026-03-05")
    stored = tomllib.loads(datafile.read_text())["offers"][oid]
    assert (stored["used"], stored["credited"], stored["credited_on"]) == (
        date(2026, 3, 5), 200.0, date(2026, 3, 5),
    )  # fmt: skip


def test_a_statement_credit_records_its_day_and_an_undo_lets_it_match_again(
    cli: Cli, saks: str, datafile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from amexcli import output

    csv = tmp_path / "a.csv"
    credit = row("07/06/2026", "SAKS FIFTH AVENUE", "-50.00", details="Amex Offer Credit",
                 reference="320261870000000001", category=FEES)  # fmt: skip
    csv.write_text(csv_text("extended", [credit]), newline="")
    _ok(cli, "statement", "import", str(csv), "--as-of", "2026-07-10")
    stored = tomllib.loads(datafile.read_text())["offers"][saks]
    assert (stored["credited"], stored["credited_on"], stored["reference"]) == (
        50.0, date(2026, 7, 6), "320261870000000001",
    )  # fmt: skip
    monkeypatch.setattr(output, "stdout_is_tty", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    assert "$50 on 2026-07-06" in _ok(cli, "offers", "--all").stdout
    monkeypatch.setattr(output, "stdout_is_tty", lambda: False)
    _ok(cli, "offers", "credited", saks, "--undo")
    assert "reference" not in tomllib.loads(datafile.read_text())["offers"][saks]
    _ok(cli, "statement", "import", str(csv), "--as-of", "2026-07-10")
    assert tomllib.loads(datafile.read_text())["offers"][saks]["credited_on"] == date(2026, 7, 6)
