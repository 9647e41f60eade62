"""Call scripts: content, personalisation, the dispute deadline, and the three output forms."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest

from amexcli import directory, eligibility, scripts
from amexcli.cards import Card, RetentionRecord
from amexcli.resources import load
from conftest import ANSI, Run

ASK = (
    "I love the card, but I'm struggling to justify the annual fee this year. "
    "Are there any offers available to help me keep the account open?"
)
# Every dated script is asked "as of" a fixed day: a leap day, whose "a year later" has no twin.
TODAY = "2028-02-29"


@pytest.fixture
def plat(run: Run) -> Run:
    run("cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695",
        "--member-since", "2015-03-01", "--fee-month", "3", "--closing-day", "15")  # fmt: skip
    run("cards", "add", "blue", "--product", "Blue Cash Everyday")
    return run


def test_retention_without_data(run: Run) -> None:
    r = run("script", "retention", "--as-of", TODAY)
    assert r.returncode == 0
    assert ASK in r.stdout
    assert "reference number" in r.stdout
    assert "1-800-528-4800" in r.stdout  # general line without a card
    assert f"amex log add REF --dept retention --channel phone --date {TODAY}" in r.stdout
    assert f"amex retention add KEY --date {TODAY} --accepted" in r.stdout
    assert "CID" in r.stdout and "Never type them into amex" in r.stdout
    assert "50,000" in r.stdout and "supervisor" in r.stdout


def test_retention_personalised(plat: Run) -> None:
    out = plat("script", "retention", "--card", "plat", "--as-of", TODAY).stdout
    assert out.startswith("# The retention call: Platinum Card (plat)\n")
    assert "1-800-525-3355" in out  # Platinum products get the Platinum line
    assert "the Platinum Card, but I'm struggling to justify the $695 annual fee" in out
    assert "since 2015" in out
    assert f"amex log add REF --card plat --dept retention --channel phone --date {TODAY}" in out
    assert f"amex retention add plat --date {TODAY} --accepted" in out
    assert "An offer is likely: no accepted retention offer on record" in out
    blue = plat("script", "retention", "--card", "blue").stdout
    assert "1-800-528-4800" in blue and "1-800-525-3355" not in blue
    assert "$695" not in blue


def test_unlikely_card_leads_with_the_date(plat: Run) -> None:
    plat("retention", "add", "plat", "--date", TODAY, "--accepted", "--offer", "20k MR")
    r = plat("script", "retention", "--card", "plat", "--json", "--as-of", TODAY)
    first = json.loads(r.stdout)["sections"][0]
    assert first["title"] == "Before you call"
    assert first["lines"][0].startswith("**Wait if you can.**")
    assert "**2029-02-28**" in first["lines"][0]  # twelve months after a leap day
    assert any("20k MR" in line for line in first["lines"])


def test_dispute_deadline_and_details(plat: Run) -> None:
    r = plat("script", "dispute", "--statement-date", "2026-11-01", "--merchant", "Shoes R Us",
             "--amount", "40", "--charge-date", "2026-10-20")  # fmt: skip
    assert r.returncode == 0
    assert "by **2026-12-31**" in r.stdout
    assert "**Shoes R Us**, **$40.00**, on 2026-10-20" in r.stdout
    assert "Dispute/Inquire about this Charge" in r.stdout
    assert "merchant first" in r.stdout
    assert "--summary 'Disputed Shoes R Us $40.00'" in r.stdout
    without = plat("script", "dispute").stdout
    assert "--statement-date DATE" in without


@pytest.mark.parametrize(
    ("statement", "deadline"),
    [("2026-11-01", "2026-12-31"), ("2026-12-15", "2027-02-13"), ("2024-01-01", "2024-03-01"),
     ("2025-01-01", "2025-03-02"), ("2026-10-31", "2026-12-30")],
)  # fmt: skip
def test_notice_deadline_across_month_and_year_ends(statement: str, deadline: str) -> None:
    assert scripts.notice_deadline(date.fromisoformat(statement)).isoformat() == deadline


def test_late_fee_and_financial_review(plat: Run) -> None:
    late = plat("script", "late-fee", "--card", "plat").stdout
    assert "chat" in late and "transcript" in late and "timestamped" in late
    assert "--dept general --channel chat" in late
    fr = plat("script", "financial-review").stdout
    assert "4506-C" in fr and "4506-T" in fr
    assert "No Preset Spending Limit" in fr


def test_output_forms(plat: Run) -> None:
    piped = plat("script", "retention", "--card", "plat")
    assert ANSI not in piped.stdout and piped.stderr == ""
    data = json.loads(plat("script", "retention", "--card", "plat", "--json").stdout)
    assert set(data) == {"title", "sections"}
    assert [s["title"] for s in data["sections"]] == [
        "Before you call", "Opening", "The ask", "If they make an offer",
        "If they have nothing", "After the call",
    ]  # fmt: skip
    assert all(isinstance(line, str) for s in data["sections"] for line in s["lines"])
    code, screen = plat.tty("script", "retention", "--card", "plat")
    assert code == 0
    assert "I love the card" in screen
    assert "## " not in screen  # rendered, not raw Markdown


@pytest.mark.parametrize("kind", ["retention", "dispute", "late-fee", "financial-review"])
def test_unknown_card_exits_2(run: Run, kind: str) -> None:
    r = run("script", kind, "--card", "nope")
    assert r.returncode == 2
    assert r.stdout == ""
    assert "amex cards add nope" in r.stderr


def test_every_template_line_fills_in_for_every_kind_of_data() -> None:
    """A {name} a template uses but the code never provides would fail here, not on a call."""
    templates = load("scripts.toml")
    assert set(templates) == set(scripts.KINDS)
    entries = directory.build(load("numbers.toml"), {})
    today = date(2026, 11, 26)
    cards = [
        None,
        Card("plat", "Platinum Card"),
        Card("plat", "Platinum Card", date(2015, 3, 1), 695, 3, 15, "12345"),
        Card("gold", "Gold Card", fee_month=2),
    ]
    histories = [[], [RetentionRecord(1, "plat", date(2026, 1, 1), "accepted", "x")],
                 [RetentionRecord(1, "plat", date(2025, 1, 1), "accepted")],
                 [RetentionRecord(1, "plat", date(2020, 1, 1), "accepted")]]  # fmt: skip
    charges = [scripts.Charge(), scripts.Charge("M", 1.5, today, today), scripts.Charge(None, 2)]
    for kind, card, history, charge in itertools.product(scripts.KINDS, cards, histories, charges):
        verdict = eligibility.check(card, history, today=today) if card else None
        script = scripts.build(
            kind, templates[kind], today=today, number=entries[0], card=card,
            verdict=verdict, history=history, charge=charge,
        )  # fmt: skip
        assert script.sections
        assert "{" not in script.markdown()


def test_as_of_dates_every_script_and_a_bad_one_is_exit_2(plat: Run, datafile: Path) -> None:
    out = plat("script", "retention", "--card", "plat", "--as-of", "12/31/2027").stdout
    assert "amex retention add plat --date 2027-12-31 --accepted" in out
    for kind in ("retention", "dispute", "late-fee", "financial-review"):
        r = plat.rejected(datafile, "script", kind, "--as-of", "soon")
        assert "--as-of 'soon' is not a date" in r.stderr
