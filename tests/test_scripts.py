"""Call scripts: content, personalisation, the dispute deadline, and the three output forms."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime
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
TODAY = "2028-02-29"  # every dated claim is tested through --as-of, never the real clock


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
    assert "amex log add REF --dept retention --channel phone --rep" in r.stdout
    assert f"amex retention add KEY --date {TODAY} --accepted" in r.stdout
    assert "CID" in r.stdout and "Never type them into amex" in r.stdout
    assert "50,000" in r.stdout and "supervisor" in r.stdout


def test_retention_personalised(plat: Run) -> None:
    out = plat("script", "retention", "--card", "plat", "--as-of", TODAY).stdout
    assert out.startswith("# The retention call: Platinum Card (plat)\n")
    assert "1-800-525-3355" in out  # Platinum products get the Platinum line
    assert "the Platinum Card, but I'm struggling to justify the $695 annual fee" in out
    assert "since 2015" in out
    assert "amex log add REF --card plat --dept retention --channel phone --rep" in out
    assert f"amex retention add plat --date {TODAY} --accepted" in out
    assert "An offer is likely: no accepted retention offer on record" in out
    blue = plat("script", "retention", "--card", "blue").stdout
    assert "1-800-528-4800" in blue and "1-800-525-3355" not in blue
    assert "$695" not in blue


def test_unlikely_card_leads_with_the_date(plat: Run) -> None:
    # no fee month: nothing to weigh against, so the script leads with the date to wait for
    plat("retention", "add", "blue", "--date", TODAY, "--accepted", "--offer", "20k MR")
    r = plat("script", "retention", "--card", "blue", "--json", "--as-of", TODAY)
    first = json.loads(r.stdout)["sections"][0]
    assert first["title"] == "Before you call"
    assert first["lines"][0].startswith("**Wait if you can.**")
    assert "**2029-02-28**" in first["lines"][0]  # 29 February + 12 months, clamped
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


def _log_lines(out: str) -> list[list[str]]:
    import shlex

    return [shlex.split(line) for line in out.splitlines() if line.startswith("amex log add ")]


@pytest.mark.parametrize(
    ("statement", "as_of", "deadline", "left"),
    [("2026-12-31", "2027-01-05", "2027-03-01", "55 days left"),
     ("2028-01-31", "2028-03-31", "2028-03-31", "the last day is today"),  # leap year
     ("2027-12-31", "2028-02-28", "2028-02-29", "1 day left"),
     ("2026-01-31", "2026-02-01", "2026-04-01", "59 days left")],
)  # fmt: skip
def test_dispute_deadline_is_a_receive_by_date(
    run: Run, statement: str, as_of: str, deadline: str, left: str
) -> None:
    out = run("script", "dispute", "--statement-date", statement, "--as-of", as_of).stdout
    said = " ".join(out.split())
    assert "must **reach** Amex" in said
    assert f"it must arrive by **{deadline}** ({left})" in said
    assert "certified mail with a return receipt" in said and "online dispute form" in said
    assert "A phone call alone may not preserve these legal rights" in said
    assert "has passed" not in said


def test_a_passed_dispute_deadline_is_said_to_have_passed(run: Run) -> None:
    out = run("script", "dispute", "--statement-date", "2026-01-01", "--as-of", "2026-03-03")
    said = " ".join(out.stdout.split())
    assert "**The 60-day deadline has passed**" in said
    assert "had to reach Amex by 2026-03-02" in said
    assert "billing-error procedure no longer applies" in said and "may help too" in said
    assert "must arrive by" not in said
    # the day before it is still ahead
    out = run("script", "dispute", "--statement-date", "2026-01-01", "--as-of", "2026-03-02")
    assert "(the last day is today)" in out.stdout and "has passed" not in out.stdout


def test_statement_before_the_charge_is_bad_input(plat: Run, datafile: Path) -> None:
    r = plat.rejected(datafile, "script", "dispute", "--charge-date", "2026-03-10",
                      "--statement-date", "2026-03-09")  # fmt: skip
    assert "before --charge-date" in r.stderr
    same_day = plat("script", "dispute", "--charge-date", "2026-03-10",
                    "--statement-date", "2026-03-10", "--as-of", "2026-03-11")  # fmt: skip
    assert same_day.returncode == 0


@pytest.mark.parametrize(
    ("statement", "as_of", "follow_up"),
    [("2026-11-01", "2026-11-20", "2026-12-20"),  # 30 days on, before the deadline's week
     ("2026-11-01", "2026-12-10", "2026-12-24"),  # a week before 2026-12-31
     ("2026-11-01", "2026-12-30", "2026-12-30"),  # too close: today
     ("2026-11-01", "2027-01-05", "2027-02-04")],  # passed: no deadline to respect
)  # fmt: skip
def test_dispute_follow_up_never_after_the_notice_deadline(
    run: Run, statement: str, as_of: str, follow_up: str
) -> None:
    out = run("script", "dispute", "--statement-date", statement, "--as-of", as_of).stdout
    [line] = _log_lines(out)
    assert line[line.index("--follow-up") + 1] == follow_up


@pytest.mark.parametrize("kind", ["retention", "dispute", "late-fee", "financial-review"])
def test_suggested_log_lines_take_the_time_of_the_call(plat: Run, kind: str) -> None:
    """No `--date YYYY-MM-DD` (it would store 00:00): pasted after the call, "now" applies."""
    out = plat("script", kind, "--card", "plat", "--as-of", TODAY).stdout
    lines = _log_lines(out)
    assert lines
    for line in lines:
        assert "--date" not in line
        assert line[4:6] == ["--card", "plat"]
    # pasted as printed, the entry carries the time it was pasted, not 00:00 of some day
    before = datetime.now().replace(second=0, microsecond=0)
    r = plat(*[("R1" if word == "REF" else word) for word in lines[0][1:]])
    assert r.returncode == 0, r.stderr
    at = datetime.fromisoformat(json.loads(plat("log", "show", "R1", "--json").stdout)["at"])
    assert before <= at <= datetime.now()


def test_no_words_put_in_the_users_mouth(plat: Run) -> None:
    late = plat("script", "late-fee", "--as-of", TODAY).stdout
    assert "always paid on time" not in "\n".join(
        line for line in late.splitlines() if line.startswith(">")
    )
    assert "Could you waive it as a courtesy?" in late
    first = plat("script", "late-fee", "--first-late", "--as-of", TODAY).stdout
    assert "It's the first time I've paid late" in first
    fr = plat("script", "financial-review", "--as-of", TODAY).stdout
    assert "tax returns" not in fr and "*transcripts*" in fr
    assert "lenders that use its IVES" in fr and "no source says whether Amex does" in fr
    assert "4506-C" not in " ".join(line for line in fr.splitlines() if "amex log add" in line)
    dispute = plat("script", "dispute", "--as-of", TODAY).stdout
    said = " ".join(dispute.split())
    assert "card-not-present fraud)? Don't contact the merchant: call Amex at once" in said
    assert "(a merchant dispute)? Contact the merchant first" in said
