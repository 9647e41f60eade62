"""Call scripts: content, personalisation, the dispute deadline, and the three output forms."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from amexcli import directory, eligibility, scripts
from amexcli.cards import Card, RetentionRecord
from amexcli.directory import Number
from amexcli.eligibility import check
from amexcli.resources import load
from amexcli.scripts import Charge, Script, Section
from amexcli.value import Value
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


# Scripts as a person uses them: the exact Markdown, the dispute deadline, the filled-in facts.

NUMBER = Number("platinum", "Platinum line", "1-800-525-3355", None, None, None, "test")


def test_markdown_lists_quotes_and_shell_blocks() -> None:
    script = Script(
        "The call",
        (
            Section(
                "Say",
                (
                    "one",
                    "> say this",
                    "> and this",
                    "$ amex log add REF",
                    "$ amex retention add KEY",
                    "two",
                ),
            ),
            Section("After", ("$ amex next",)),
        ),
    )
    assert script.markdown() == (
        "# The call\n\n## Say\n\n- one\n\n> say this\n\n> and this\n\n"
        "```sh\namex log add REF\namex retention add KEY\n```\n\n- two\n\n"
        "## After\n\n```sh\namex next\n```\n"
    )
    assert script.as_dict() == {
        "title": "The call",
        "sections": [
            {
                "title": "Say",
                "lines": [
                    "one",
                    "> say this",
                    "> and this",
                    "$ amex log add REF",
                    "$ amex retention add KEY",
                    "two",
                ],
            },
            {"title": "After", "lines": ["$ amex next"]},
        ],
    }


def test_the_notice_deadline_is_sixty_days_after_the_statement() -> None:
    assert scripts.notice_deadline(date(2026, 11, 1)) == date(2026, 12, 31)
    assert Charge(statement_date=date(2026, 11, 1)).notice_deadline == date(2026, 12, 31)
    assert Charge().notice_deadline is None


TEMPLATE = {
    "title": "Untitled {today}",
    "title_card": "For {product} ({card})",
    "sections": [
        {
            "title": "Facts",
            "lines": [
                "today {today}, follow up {follow_up}, call {number} ({number_label})",
                {"text": "card{card_option}", "when": "card"},
                {"text": "since {member_since}, {years} years", "when": "since"},
                {"text": "fee ${annual_fee}", "when": "fee"},
                {"text": "platinum", "when": "platinum"},
                {"text": "not platinum", "when": "card !platinum"},
                {
                    "text": "{verdict} since {last_accepted} ({months_since} months), "
                    "{next_verdict} from {next_change}",
                    "when": "last",
                },
                {"text": "fee month {fee_month}", "when": "fee_month"},
                {
                    "text": "statement {fee_statement}, refund by {refund_deadline}",
                    "when": "statement",
                },
                {"text": "history: {history}", "when": "history"},
                {"text": "merchant {merchant}", "when": "merchant"},
                {"text": "amount {amount}", "when": "amount"},
                {"text": "charged {charge_date}", "when": "charge_date"},
                {
                    "text": "notice by {notice_deadline} after {statement_date}",
                    "when": "statement_date",
                },
                "$ amex log add REF{card_option} --note {dispute_summary}",
            ],
        },
        {"title": "Only with a card", "lines": [{"text": "x", "when": "card"}]},
    ],
}


def test_build_fills_in_every_fact_it_knows() -> None:
    card = Card("plat", "Platinum Card", date(2015, 3, 1), 1695, fee_month=3, closing_day=15)
    history = [
        RetentionRecord("1", "plat", date(2025, 1, 15), "accepted", "20k MR"),
        RetentionRecord("2", "gold", date(2025, 2, 1), "accepted", "10k MR"),
        RetentionRecord("3", "plat", date(2024, 1, 1), "declined"),
    ]
    today = date(2026, 3, 20)
    charge = Charge("Shoes 'R' Us", 1234.5, date(2026, 2, 20), date(2026, 3, 1))
    script = scripts.build(
        "dispute",
        TEMPLATE,
        today=today,
        number=NUMBER,
        card=card,
        verdict=check(card, history, today=today),
        history=history,
        charge=charge,
    )
    assert script.title == "For Platinum Card (plat)"
    [facts, only] = script.sections
    assert facts.lines == (
        "today 2026-03-20, follow up 2026-04-19, call 1-800-525-3355 (Platinum line)",
        "card --card plat",
        "since 2015, 11 years",
        "fee $1,695",
        "platinum",
        "maybe since 2025-01-15 (14 months), likely from 2027-01-15",
        "fee month 2026-03",
        "statement 2026-03-15, refund by 2026-04-14",
        "history: 2025-01-15 accepted (20k MR); 2024-01-01 declined",
        "merchant Shoes 'R' Us",
        "amount $1,234.50",
        "charged 2026-02-20",
        "notice by 2026-04-30 after 2026-03-01",
        "$ amex log add REF --card plat --note 'Disputed Shoes '\"'\"'R'\"'\"' Us $1,234.50'",
    )
    assert only == Section("Only with a card", ("x",))


def test_build_without_data_leaves_out_what_it_does_not_know() -> None:
    script = scripts.build("financial-review", TEMPLATE, today=date(2026, 3, 20), number=NUMBER)
    assert script == Script(
        "Untitled 2026-03-20",
        (
            Section(
                "Facts",
                (
                    "today 2026-03-20, follow up 2026-04-03, call 1-800-525-3355 (Platinum line)",
                    "$ amex log add REF --note 'Disputed a charge'",
                ),
            ),
        ),
    )
    blue = Card("blue", "Blue Cash Everyday")
    lines = (
        scripts.build("late-fee", TEMPLATE, today=date(2026, 3, 20), number=NUMBER, card=blue)
        .sections[0]
        .lines
    )
    assert lines[1:] == (
        "card --card blue",
        "not platinum",
        "$ amex log add REF --card blue --note 'Disputed a charge'",
    )


def test_marked_values_are_wrapped_and_cannot_close_their_mark() -> None:
    card = Card("plat", f"Evil{scripts.VALUE_END} Card")
    script = scripts.build(
        "retention", TEMPLATE, today=date(2026, 3, 20), number=NUMBER, card=card, mark=True
    )
    s, e = scripts.VALUE_START, scripts.VALUE_END
    assert script.title == f"For {s}Evil\ufffd Card{e} ({s}plat{e})"


# -- the shipped templates, filled in from a card's own dates (in-process, no subprocess)

SHIPPED = load("scripts.toml")
# opened long ago: its first year (tests/test_first_year.py) is over
PLAT = Card("plat", "Platinum Card", date(2015, 3, 1), 695, 3, 15)
REST = (
    "These 12- and 24-month marks are a rule of thumb that no source confirms: offers depend on "
    "your spending and change from week to week."
)
MASSACHUSETTS = (
    "With a Massachusetts billing address the 30-day rule does not apply: a pro-rated refund does."
)


def _retention(
    card: Card, today: date, history: list[RetentionRecord] | None = None, **kw: Any
) -> Script:
    history = history or []
    verdict = check(card, history, today=today)
    return scripts.build(
        "retention", SHIPPED["retention"], today=today, number=NUMBER, card=card,
        verdict=verdict, history=history, **kw,
    )  # fmt: skip


def _before_you_call(script: Script) -> tuple[str, ...]:
    [section] = [s for s in script.sections if s.title == "Before you call"]
    return section.lines[:-2]  # without the number and the CID lines


def test_retention_after_the_fee_posted_says_call_now_and_the_days_left() -> None:
    assert _before_you_call(_retention(PLAT, date(2026, 3, 20))) == (
        "An offer is likely: no accepted retention offer on record for this card.",
        REST,
        "The annual fee posted on the statement that closed **2026-03-15**. Amex refunds it if "
        "you close the card within 30 days of that date: by **2026-04-14** (25 days left).",
        MASSACHUSETTS,
        "**Call now, by 2026-04-14**: the fee has posted and every option stays open.",
    )


def test_retention_before_the_fee_posts_says_when_to_call() -> None:
    assert _before_you_call(_retention(PLAT, date(2026, 3, 1))) == (
        "An offer is likely: no accepted retention offer on record for this card.",
        REST,
        "The annual fee should post on the statement closing **2026-03-15**. Amex refunds it if "
        "you close the card within 30 days of that date: by **2026-04-14**.",
        MASSACHUSETTS,
        "**Call once the fee has posted: from 2026-03-15 to 2026-04-14** every option stays open.",
    )


def test_retention_without_the_closing_day_gives_the_earliest_possible_deadline() -> None:
    gold = Card("gold", "Gold Card", annual_fee=325, fee_month=3)
    assert _before_you_call(_retention(gold, date(2026, 3, 20))) == (
        "An offer is likely: no accepted retention offer on record for this card.",
        REST,
        "The annual fee posts on the statement closing in 2026-03; its day is unknown (`amex "
        "cards edit gold --closing-day N`). Amex refunds it if you close the card within 30 days "
        "of that statement's closing date: call by 2026-03-31 to be safe (the deadline is 30 "
        "days after the statement's closing date, which amex does not know: 2026-03-31 at the "
        "earliest, 2026-04-30 at the latest (`amex cards edit gold --closing-day N`)).",
        MASSACHUSETTS,
        "**Call once the fee has posted** (check your statement), by 2026-03-31 to be safe (the "
        "deadline is 30 days after the statement's closing date, which amex does not know: "
        "2026-03-31 at the earliest, 2026-04-30 at the latest (`amex cards edit gold "
        "--closing-day N`)).",
    )


def test_retention_says_to_wait_for_a_better_verdict_inside_the_refund_window() -> None:
    history = [RetentionRecord("1", "plat", date(2025, 3, 25), "accepted")]
    lines = _before_you_call(_retention(PLAT, date(2026, 3, 20), history))
    assert lines[0] == (
        "You accepted a retention offer on this card on 2025-03-25, 11 months ago: a new one is "
        "unlikely now, and maybe from 2026-03-25."
    )
    assert lines[-1] == (
        "**Call on or after 2026-03-25, and by 2026-04-14**: an offer is unlikely until "
        "2026-03-25 and maybe from then, and closing the card still refunds the fee."
    )


def test_retention_says_when_the_better_verdict_comes_after_the_refund_window() -> None:
    history = [RetentionRecord("1", "plat", date(2025, 5, 1), "accepted")]
    lines = _before_you_call(_retention(PLAT, date(2026, 3, 20), history))
    assert lines[-1] == (
        "**An offer becomes maybe only on 2026-05-01, after the refund window closes on "
        "2026-04-14.** Choose: call by 2026-04-14, when an offer is unlikely and closing the card "
        "still refunds the fee; or keep the card through the year, paying the fee, and call on or "
        "after 2026-05-01."
    )


def _worth(benefits: int, offers: int, *, fee: int | None = 69500, recorded: bool = True) -> Value:
    return Value(
        "plat", "Platinum Card", fee, benefits, offers, date(2026, 3, 15), date(2027, 3, 14),
        recorded, None,
    )  # fmt: skip


def _ask(script: Script) -> tuple[str, ...]:
    [section] = [s for s in script.sections if s.title == "The ask"]
    return section.lines[1:-1]  # between the generic ask and the warning about numbers


def test_retention_ask_uses_the_credits_when_they_fall_short_of_the_fee() -> None:
    short = _retention(PLAT, date(2026, 3, 20), worth=_worth(15000, 3049))
    assert _ask(short) == (
        'With your card and your own figures (`amex value plat`): "I love the Platinum Card, '
        "but I'm struggling to justify the annual fee this year: I've used about $180 of the "
        "credits against a $695 fee. Are there any offers available to help me keep the account "
        'open?"',
    )


def test_retention_says_the_card_paid_for_itself_when_the_credits_equal_the_fee() -> None:
    covers = _retention(PLAT, date(2026, 3, 20), worth=_worth(60000, 9500))
    assert _ask(covers) == (
        "With your card: \"I love the Platinum Card, but I'm struggling to justify the $695 "
        'annual fee this year. Are there any offers available to help me keep the account open?"',
        "**By your own records the card paid for itself this fee year** (2026-03-15 to "
        "2027-03-14): you used $695 of credits against the $695 fee (`amex value plat`). You may "
        "not want to risk closing it: ask what offers there are, but don't say you will cancel.",
    )


def test_retention_claims_nothing_about_credits_without_a_fee_or_records() -> None:
    plain = _ask(_retention(PLAT, date(2026, 3, 20)))
    for worth in (_worth(0, 0, recorded=False), _worth(100, 0, fee=None)):
        assert _ask(_retention(PLAT, date(2026, 3, 20), worth=worth)) == plain


def test_without_a_card_the_suggested_commands_say_where_the_key_goes() -> None:
    script = scripts.build("retention", SHIPPED["retention"], today=date(2026, 3, 20),
                           number=NUMBER)  # fmt: skip
    assert script.sections[-1].lines[-1] == (
        '$ amex retention add KEY --date 2026-03-20 --accepted --offer "..." --ref REF'
    )


def test_late_fee_script_claims_no_first_late_payment_unless_told() -> None:
    def say(**kw: Any) -> tuple[str, ...]:
        script = scripts.build("late-fee", SHIPPED["late-fee"], today=date(2026, 3, 20),
                               number=NUMBER, **kw)  # fmt: skip
        return script.sections[1].lines[:2]

    assert say() == (
        '> "I was charged a late fee on my last statement. Could you waive it as a courtesy?"',
        "Only if it is true, add that you have always paid on time before (`--first-late` puts "
        "it in the script).",
    )
    assert say(first_late=True)[0] == (
        "> \"I was charged a late fee on my last statement. It's the first time I've paid late; "
        'could you waive it as a courtesy?"'
    )


def _dispute(statement: date, today: date) -> Script:
    charge = Charge(statement_date=statement)
    return scripts.build("dispute", SHIPPED["dispute"], today=today, number=NUMBER,
                         charge=charge)  # fmt: skip


def test_dispute_notice_deadline_is_still_ahead_on_its_last_day() -> None:
    script = _dispute(date(2026, 1, 1), date(2026, 3, 2))
    [deadline] = [s for s in script.sections if s.title == "Your legal deadline"]
    assert deadline.lines[0] == (
        "Under the Fair Credit Billing Act your written notice of a billing error must **reach** "
        "Amex within 60 days after the first statement showing it was sent: for the statement of "
        "2026-01-01, it must arrive by **2026-03-02** (the last day is today). Send it early, by "
        "certified mail with a return receipt, to the billing-inquiries address. The online "
        "dispute form counts as written notice only if your statement's billing-rights notice "
        "lists it as a way to give one."
    )
    assert script.sections[-1].lines[0].endswith("--follow-up 2026-03-02")


def test_dispute_notice_deadline_passed_the_day_after() -> None:
    script = _dispute(date(2026, 1, 1), date(2026, 3, 3))
    [deadline] = [s for s in script.sections if s.title == "Your legal deadline"]
    assert deadline.lines[0] == (
        "**The 60-day deadline has passed**: written notice for the statement of 2026-01-01 had "
        "to reach Amex by 2026-03-02. The billing-error procedure no longer applies to this "
        "charge. A dispute about the goods or services may still use the claims-and-defenses "
        "right (Regulation Z, 12 CFR 1026.12(c)), which has no 60-day limit: it covers the part "
        "not yet paid, generally on a purchase over $50 made in your state or within 100 miles "
        "of your address, after a good-faith attempt to settle with the merchant. Amex's own "
        "dispute process may help too: dispute it online or call."
    )
    assert script.sections[-1].lines[0].endswith("--follow-up 2026-04-02")  # the usual 30 days


def test_dispute_follow_up_comes_a_week_before_a_near_deadline() -> None:
    script = _dispute(date(2026, 11, 1), date(2026, 12, 10))
    assert script.sections[-1].lines[0].endswith("--follow-up 2026-12-24")
    deadline = date(2026, 12, 31)
    assert scripts.follow_up("dispute", today=date(2026, 12, 10), deadline=deadline) == date(
        2026, 12, 24
    )
    assert scripts.follow_up("dispute", today=deadline, deadline=deadline) == deadline
    assert scripts.follow_up("dispute", today=date(2026, 11, 2), deadline=deadline) == date(
        2026, 12, 2
    )


# -- the flags a template may test, as data/scripts.toml documents them

FLAGS = [
    "likely",
    "maybe",
    "unlikely",
    "last",
    "first_year",
    "fee_month",
    "statement",
    "window",
    "posted",
    "not_posted",
    "maybe_posted",
    "wait",
    "too_late",
    "call_now",
    "call_then",
    "first_late",
    "notice_ahead",
    "notice_passed",
]
FLAG_TEMPLATE = {
    "title": "t",
    "title_card": "t",
    "sections": [
        {"title": "flags", "lines": [{"text": f, "when": f} for f in FLAGS]},
        {
            "title": "values",
            "lines": [
                {"text": "opened {opened}, first year to {first_year_ends}", "when": "first_year"},
                {"text": "{verdict_then} from {call_from} to {call_by}", "when": "window"},
                {"text": "{next_then} on {change}", "when": "wait"},
                {"text": "{next_then} on {change}", "when": "too_late"},
                {"text": "days left: [{days_left}]", "when": "window"},
                {"text": "notice: {notice_left}", "when": "statement_date"},
            ],
        },
    ],
}


def _flags(card: Card, today: date, history: list[RetentionRecord] | None = None,
           **kw: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:  # fmt: skip
    history = history or []
    script = scripts.build(
        "retention", FLAG_TEMPLATE, today=today, number=NUMBER, card=card,
        verdict=check(card, history, today=today), history=history, **kw,
    )  # fmt: skip
    [flags, values] = script.sections
    return flags.lines, values.lines


def test_each_window_flag_holds_on_its_own_days() -> None:
    assert _flags(PLAT, date(2026, 3, 20)) == (
        ("likely", "fee_month", "statement", "window", "posted", "call_now"),
        (
            "likely from 2026-03-20 to 2026-04-14",
            "days left: [25 days left]",
        ),
    )
    assert _flags(PLAT, date(2026, 3, 1))[0] == (
        "likely", "fee_month", "statement", "window", "not_posted", "call_then",
    )  # fmt: skip
    gold = Card("gold", "Gold Card", annual_fee=325, fee_month=3)
    assert _flags(gold, date(2026, 3, 20)) == (
        ("likely", "fee_month", "window", "maybe_posted", "call_then"),
        ("likely from 2026-03-20 to 2026-04-30", "days left: []"),
    )
    early = [RetentionRecord("1", "plat", date(2025, 3, 25), "accepted")]
    flags, values = _flags(PLAT, date(2026, 3, 20), early)
    assert flags[-2:] == ("posted", "wait") and values[1] == "maybe on 2026-03-25"
    late = [RetentionRecord("1", "plat", date(2025, 5, 1), "accepted")]
    flags, values = _flags(PLAT, date(2026, 3, 20), late)
    assert flags[:2] == ("unlikely", "last") and flags[-2:] == ("posted", "too_late")
    assert values[0:2] == ("unlikely from 2026-03-20 to 2026-04-14", "maybe on 2026-05-01")


def test_the_first_late_and_notice_flags_hold_as_given() -> None:
    blue = Card("blue", "Blue Cash Everyday")
    flags, values = _flags(blue, date(2026, 3, 3), first_late=True,
                           charge=Charge(statement_date=date(2026, 1, 1)))  # fmt: skip
    assert flags == ("likely", "first_late", "notice_passed")
    assert values == ("notice: -1 days left",)
    flags, values = _flags(blue, date(2026, 3, 1), charge=Charge(statement_date=date(2026, 1, 1)))
    assert flags == ("likely", "notice_ahead") and values == ("notice: 1 day left",)


def test_a_marked_value_cannot_open_a_mark_either() -> None:
    card = Card("plat", f"Evil{scripts.VALUE_START} Card")
    script = scripts.build(
        "retention", TEMPLATE, today=date(2026, 3, 20), number=NUMBER, card=card, mark=True
    )
    s, e = scripts.VALUE_START, scripts.VALUE_END
    assert script.title == f"For {s}Evil\ufffd Card{e} ({s}plat{e})"


def test_consecutive_list_items_make_one_list() -> None:
    script = Script("T", (Section("S", ("one", "two", "a", "> q", "three")),))
    assert script.markdown() == "# T\n\n## S\n\n- one\n- two\n- a\n\n> q\n\n- three\n"
