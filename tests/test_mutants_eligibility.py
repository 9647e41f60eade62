"""Eligibility and the fee window at their edges: the day a verdict changes, the fee month itself,
the last day of the refund window. Found by mutation testing (README "Development")."""

from __future__ import annotations

from datetime import date

import pytest

from amexcli import eligibility
from amexcli.cards import Card, RetentionRecord
from amexcli.eligibility import LIKELY, MAYBE, UNLIKELY, check, fee_window, verdict_at

PLAT = Card("plat", "Platinum Card", date(2015, 3, 1), 695, fee_month=3, closing_day=15)
NO_CLOSING = Card("gold", "Gold Card", None, 325, fee_month=3)


def accepted(day: date, card: str = "plat", outcome: str = "accepted") -> RetentionRecord:
    return RetentionRecord(f"{card}-{day}", card, day, outcome)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 14), (UNLIKELY, date(2026, 1, 15), MAYBE)),
        (date(2026, 1, 15), (MAYBE, date(2027, 1, 15), LIKELY)),  # twelve months to the day
        (date(2027, 1, 14), (MAYBE, date(2027, 1, 15), LIKELY)),
        (date(2027, 1, 15), (LIKELY, None, None)),  # twenty-four months to the day
    ],
)
def test_the_verdict_changes_on_the_day(today: date, expected: tuple[object, ...]) -> None:
    assert verdict_at(date(2025, 1, 15), today) == expected
    assert verdict_at(None, today) == (LIKELY, None, None)


def test_the_last_accepted_offer_counts_up_to_today_on_this_card_only() -> None:
    history = [
        accepted(date(2025, 6, 1)),
        accepted(date(2025, 9, 1), outcome="declined"),
        accepted(date(2025, 10, 1), card="gold"),
        accepted(date(2026, 2, 1)),  # after `today`: not yet
        accepted(date(2025, 3, 1)),
    ]
    assert eligibility.last_accepted("plat", history, today=date(2026, 1, 31)) == date(2025, 6, 1)
    assert eligibility.last_accepted("plat", history, today=date(2026, 2, 1)) == date(2026, 2, 1)
    assert eligibility.last_accepted("blue", history, today=date(2026, 2, 1)) is None


def test_the_fee_window_of_the_fee_month_itself_is_this_year() -> None:
    march = fee_window(PLAT, today=date(2026, 3, 1))
    assert march is not None
    assert (march.month, march.first_day) == ("2026-03", date(2026, 3, 1))
    assert (march.statement, march.refund_deadline) == (date(2026, 3, 15), date(2026, 4, 14))
    february = fee_window(PLAT, today=date(2026, 2, 28))
    assert february is not None and february.month == "2026-03"


def test_the_refund_window_is_open_on_its_last_day() -> None:
    last_day = fee_window(PLAT, today=date(2026, 4, 14))
    assert last_day is not None and last_day.month == "2026-03"
    assert last_day.window_closes == date(2026, 4, 14)
    day_after = fee_window(PLAT, today=date(2026, 4, 15))
    assert day_after is not None and day_after.month == "2027-03"
    # in January, last year's window closed long ago: the fee ahead is this year's
    january = fee_window(PLAT, today=date(2026, 1, 10))
    assert january is not None and january.month == "2026-03"
    assert fee_window(Card("blue", "Blue Cash Everyday"), today=date(2026, 3, 1)) is None


def test_without_a_closing_day_the_window_runs_thirty_days_past_the_fee_month() -> None:
    fee = fee_window(NO_CLOSING, today=date(2026, 4, 30))
    assert fee is not None
    assert (fee.statement, fee.refund_deadline) == (None, None)
    assert fee.window_closes == date(2026, 4, 30)  # 31 March + 30 days
    later = fee_window(NO_CLOSING, today=date(2026, 5, 1))
    assert later is not None and later.month == "2027-03"


def test_a_closing_day_past_the_month_end_is_the_month_end() -> None:
    card = Card("plat", "Platinum Card", fee_month=2, closing_day=31)
    fee = fee_window(card, today=date(2028, 1, 5))
    assert fee is not None
    assert (fee.statement, fee.refund_deadline) == (date(2028, 2, 29), date(2028, 3, 30))


def test_check_puts_it_all_in_the_verdict() -> None:
    v = check(PLAT, [accepted(date(2025, 1, 15))], today=date(2026, 3, 20))
    assert v.row() == {
        "card": "plat",
        "product": "Platinum Card",
        "verdict": MAYBE,
        "last_accepted": date(2025, 1, 15),
        "months_since": 14,
        "next_change": date(2027, 1, 15),
        "next_verdict": LIKELY,
        "next_fee_month": "2026-03",
        "fee_statement": date(2026, 3, 15),
        "refund_deadline": date(2026, 4, 14),
        "refund_days_left": 25,  # the fee posted on 15 March: 20 March to 14 April
        "first_year_ends": None,
    }
    bare = check(Card("blue", "Blue Cash Everyday"), [], today=date(2026, 3, 20))
    assert (bare.verdict, bare.months_since, bare.next_fee_month) == (LIKELY, None, None)
    assert (bare.fee_statement, bare.refund_deadline) == (None, None)


HEDGE = " (12 and 24 months are a rule of thumb that no source confirms)."
MA = " (with a Massachusetts billing address a pro-rated refund applies instead)."


@pytest.mark.parametrize(
    ("last", "said"),
    [
        (date(2026, 2, 20), "Last offer accepted 2026-02-20, 1 month ago: an offer is unlikely "
                            "now, possible (maybe) from 2027-02-20"),
        (date(2025, 1, 15), "Last offer accepted 2025-01-15, 14 months ago: an offer is maybe "
                            "now, likely from 2027-01-15"),
        (date(2020, 1, 15), "Last offer accepted 2020-01-15, 74 months ago: an offer is likely "
                            "now"),
        (None, "No accepted retention offer on record: an offer is likely now"),
    ],
)  # fmt: skip
def test_the_verdict_in_words(last: date | None, said: str) -> None:
    history = [accepted(last)] if last else []
    assert eligibility.sentence(check(PLAT, history, today=date(2026, 3, 20))) == said + HEDGE


@pytest.mark.parametrize(
    ("card", "today", "said"),
    [
        (PLAT, date(2026, 3, 20), "The annual fee posted on the statement that closed 2026-03-15; "
         "25 days left: closing the card by 2026-04-14 gets it refunded"),
        (PLAT, date(2026, 4, 14), "The annual fee posted on the statement that closed 2026-03-15; "
         "the last day is today: closing the card by 2026-04-14 gets it refunded"),
        (PLAT, date(2026, 3, 1), "The annual fee should post on the statement closing 2026-03-15; "
         "closing the card by 2026-04-14 gets it refunded"),
        (NO_CLOSING, date(2026, 3, 20), "The annual fee posts (or has posted) on the statement "
         "closing in 2026-03; its day is unknown (`amex cards edit gold --closing-day N`); "
         "closing the card within 30 days of that statement's closing date gets it refunded"),
        (NO_CLOSING, date(2026, 2, 1), "The annual fee posts on the statement closing in 2026-03; "
         "its day is unknown (`amex cards edit gold --closing-day N`); closing the card within "
         "30 days of that statement's closing date gets it refunded"),
    ],
)  # fmt: skip
def test_the_fee_window_in_words(card: Card, today: date, said: str) -> None:
    assert eligibility.fee_sentence(check(card, [], today=today)) == said + MA
    assert eligibility.fee_sentence(check(Card("b", "Blue"), [], today=today)) is None
