"""Scripts as a person uses them: the exact Markdown, the dispute deadline, the filled-in facts.
Found by mutation testing (README "Development")."""

from __future__ import annotations

from datetime import date

from amexcli import scripts
from amexcli.cards import Card, RetentionRecord
from amexcli.directory import Number
from amexcli.eligibility import check
from amexcli.scripts import Charge, Script, Section

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
