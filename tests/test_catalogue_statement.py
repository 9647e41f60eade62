"""A Platinum set up from the catalogue reads its own statement: credits recognised by their
statement wording without --match, Uber Cash (never on the statement) never matched, and
`value` counting the year's credits."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from statement_files import csv_text, row

from conftest import Run

CREDITS = [
    *(
        row(f"{m:02d}/05/{y}", "Platinum Digital Entertainment Credit", "-25.00",
            reference=f"3200{y}{m:02d}05")
        for y, m in [(2025, m) for m in range(4, 13)] + [(2026, m) for m in range(1, 4)]
    ),
    row("06/10/2025", "AMEX Airline Fee Reimbursement", "-35.00", reference="320250610"),
    row("08/01/2025", "AMEX Airline Fee Reimbursement", "-50.00", reference="320250801"),
    row("05/02/2025", "AMEX RESY CREDIT", "-100.00", reference="320250502"),
    row("11/03/2025", "AMEX RESY CREDIT", "-60.00", reference="320251103"),
    row("12/01/2025", "AMEX LULULEMON CREDIT", "-75.00", reference="320251201"),
]  # fmt: skip
NOISE = [
    row("03/05/2025", "Platinum Digital Entertainment Credit", "-25.00", reference="320250305"),
    row("07/01/2025", "UBER *TRIP HELP.UBER.COM", "23.45", reference="320250701"),
    row("07/02/2025", "UBER *TRIP HELP.UBER.COM", "-23.45", reference="320250702"),
    # a refund from Uber whose purchase is on last month's download: not Uber Cash
    row("09/03/2025", "UBER EATS", "-15.00", reference="320250903"),
    row("09/04/2025", "UBER   CASH", "-15.00", reference="320250904"),
    row("10/10/2025", "NETFLIX.COM", "15.49", reference="320251010"),
]
IN_THE_YEAR = 300_00 + 85_00 + 160_00 + 75_00


@pytest.fixture
def plat(run: Run, datafile: Path) -> Run:
    r = run(
        "cards", "add", "plat", "--product", "Platinum", "--fee-month", "3",
        "--closing-day", "15", "--last5", "12345", "--with-credits",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    # a hand-edited match on Uber Cash still takes nothing: it never posts to the statement
    text = datafile.read_text()
    assert 'name = "Uber Cash"' in text and "statement = false" in text
    datafile.write_text(text.replace('name = "Uber Cash"', 'name = "Uber Cash"\nmatch = "UBER"'))
    return run


@pytest.mark.parametrize("variant", ["basic", "extended", "extended-no-account"])
def test_value_of_a_platinum_from_the_catalogue_over_a_year_of_statements(
    plat: Run, datafile: Path, tmp_path: Path, variant: str
) -> None:
    csv = tmp_path / "activity.csv"
    csv.write_text(csv_text(variant, [*CREDITS, *NOISE]), encoding="utf-8")
    extra = ["--card", "plat"] if variant == "extended-no-account" else []
    r = plat("statement", "import", str(csv), *extra, "--as-of", "2026-03-12")
    assert r.returncode == 0, r.stderr
    value = json.loads(plat("value", "plat", "--as-of", "2026-03-12", "--json").stdout)
    assert (value["year_start"], value["year_end"]) == ("2025-03-15", "2026-03-14")
    assert value["credits_used"] == IN_THE_YEAR / 100
    doc = tomllib.loads(datafile.read_text())
    by_name = {t["name"]: t for t in doc["benefits"].values()}
    assert "uses" not in by_name["Uber Cash"]
    assert len(by_name["Digital Entertainment Credit"]["uses"]) == 13  # one before the year
    again = plat("statement", "import", str(csv), *extra, "--as-of", "2026-03-12")
    assert again.returncode == 0
    value = json.loads(plat("value", "plat", "--as-of", "2026-03-12", "--json").stdout)
    assert value["credits_used"] == IN_THE_YEAR / 100  # the same statement twice counts once


def test_benefits_list_shows_what_the_statement_used(plat: Run, tmp_path: Path) -> None:
    csv = tmp_path / "activity.csv"
    csv.write_text(csv_text("extended", [*CREDITS, *NOISE]), encoding="utf-8")
    assert plat("statement", "import", str(csv), "--as-of", "2026-03-12").returncode == 0
    rows = {
        r["name"]: r for r in json.loads(plat("benefits", "--json", "--as-of", "2025-12-15").stdout)
    }
    assert (rows["lululemon Credit"]["used"], rows["lululemon Credit"]["left"]) == (75.0, 0.0)
    assert (rows["Resy Credit"]["used"], rows["Resy Credit"]["left"]) == (60.0, 40.0)
    assert (rows["Uber Cash"]["used"], rows["Uber Cash"]["amount"]) == (0.0, 35.0)


def test_a_hand_added_credit_that_never_posts_is_never_matched(
    run: Run, datafile: Path, tmp_path: Path
) -> None:
    run("cards", "add", "g", "--product", "My card", "--last5", "12345")
    r = run(
        "benefits", "add", "g", "Uber Cash", "--amount", "10", "--every", "month", "--no-statement"
    )
    assert r.returncode == 0, r.stderr
    refused = run.rejected(
        datafile, "benefits", "add", "g", "Lyft", "--amount", "5", "--every", "month",
        "--no-statement", "--match", "LYFT",
    )  # fmt: skip
    assert "--no-statement" in refused.stderr
    text = datafile.read_text().replace("statement = false", "statement = false\nmatch = 'UBER'")
    datafile.write_text(text)  # a match typed into the file by hand
    csv = tmp_path / "a.csv"
    csv.write_text(csv_text("extended", NOISE), encoding="utf-8")
    r = run("statement", "import", str(csv), "--as-of", "2026-03-12", "--json")
    assert r.returncode == 0, r.stderr
    assert not [i for i in json.loads(r.stdout) if i["kind"] == "credit"]
    # the same file with the flag taken away: the match takes an Uber row (the flag did it)
    datafile.write_text(text.replace("statement = false\n", ""))
    r = run("statement", "import", str(csv), "--as-of", "2026-03-12", "--json")
    assert [i for i in json.loads(r.stdout) if i["kind"] == "credit"]


def test_the_benefits_docstring_suggests_no_match_for_uber_cash() -> None:
    from amexcli import benefits

    doc = benefits.__doc__ or ""
    assert 'match = "UBER"' not in doc and "--match UBER" not in doc
    assert "statement = false" in doc
