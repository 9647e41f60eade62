"""Eligibility and the fee window at their edges: the day a verdict changes, the fee month itself,
the last day of the refund window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from amexcli import eligibility
from amexcli.cards import Card, FeePosting, RetentionRecord
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
        "first_renewal": None,
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
         "closing the card within 30 days of that statement's closing date gets it refunded, "
         "2026-03-31 at the earliest and 2026-04-30 at the latest depending on the closing day"),
        (NO_CLOSING, date(2026, 2, 1), "The annual fee posts on the statement closing in 2026-03; "
         "its day is unknown (`amex cards edit gold --closing-day N`); closing the card within "
         "30 days of that statement's closing date gets it refunded, 2026-03-31 at the earliest "
         "and 2026-04-30 at the latest depending on the closing day"),
    ],
)  # fmt: skip
def test_the_fee_window_in_words(card: Card, today: date, said: str) -> None:
    assert eligibility.fee_sentence(check(card, [], today=today)) == said + MA
    assert eligibility.fee_sentence(check(Card("b", "Blue"), [], today=today)) is None


def _words(card: Card, today: date, history: list[RetentionRecord] | None = None) -> list[str]:
    """What `amex eligibility` says about the fee and when to call, sentence by sentence."""
    v = check(card, history or [], today=today)
    return [eligibility.fee_sentence(v) or "", eligibility.timing_sentence(v) or ""]


def test_the_fee_has_posted_on_its_statements_closing_day() -> None:
    assert _words(PLAT, date(2026, 3, 14)) == [
        "The annual fee should post on the statement closing 2026-03-15; closing the card by "
        "2026-04-14 gets it refunded" + MA,
        "Call once it has posted, from 2026-03-15 and by 2026-04-14: an offer is likely then.",
    ]
    assert _words(PLAT, date(2026, 3, 15)) == [
        "The annual fee posted on the statement that closed 2026-03-15; 30 days left: closing "
        "the card by 2026-04-14 gets it refunded" + MA,
        "Call by 2026-04-14: an offer is likely.",
    ]


def test_one_day_left_is_said_in_the_singular() -> None:
    assert check(PLAT, [], today=date(2026, 4, 13)).refund_days_left == 1
    assert "; 1 day left: closing the card by 2026-04-14" in _words(PLAT, date(2026, 4, 13))[0]
    assert eligibility.days_left(2) == "2 days left"
    assert eligibility.days_left(0) == "the last day is today"


UNKNOWN_DAY = "its day is unknown (`amex cards edit gold --closing-day N`); closing the card " \
    "within 30 days of that statement's closing date gets it refunded, 2026-03-31 at the " \
    "earliest and 2026-04-30 at the latest depending on the closing day" + MA  # fmt: skip
# without the closing day: the earliest possible deadline, and how to know the real one
SAFE = "by 2026-03-31 to be safe (the deadline is 30 days after the statement's closing date, " \
    "which amex does not know: 2026-03-31 at the earliest, 2026-04-30 at the latest (`amex " \
    "cards edit gold --closing-day N`))"  # fmt: skip


@pytest.mark.parametrize(
    ("today", "posted", "fee", "call"),
    [
        (date(2026, 2, 28), False, "The annual fee posts on the statement closing in 2026-03; ",
         f"Call once it has posted, from 2026-03-01 and {SAFE}: an offer is likely then."),
        # the statement may close on any day of March: amex cannot tell until March is over
        (date(2026, 3, 1), None, "The annual fee posts (or has posted) on the statement closing "
         "in 2026-03; ", f"Call once it has posted, from 2026-03-01 and {SAFE}: an offer is "
         "likely then."),
        (date(2026, 3, 31), None, "The annual fee posts (or has posted) on the statement closing "
         "in 2026-03; ", f"Call once it has posted, from 2026-03-31 and {SAFE}: an offer is "
         "likely then."),
        (date(2026, 4, 1), True, "The annual fee posts (or has posted) on the statement closing "
         "in 2026-03; ", "Call at once: the deadline is 30 days after the statement's closing "
         "date, which amex does not know: 2026-03-31 at the earliest, 2026-04-30 at the latest "
         "(`amex cards edit gold --closing-day N`), so it may already have passed: an offer is "
         "likely."),
    ],
)  # fmt: skip
def test_without_a_closing_day_the_fee_is_uncertain_all_through_its_month(
    today: date, posted: bool | None, fee: str, call: str
) -> None:
    window = fee_window(NO_CLOSING, today=today)
    assert window is not None and window.has_posted(today) is posted
    assert window.opens == date(2026, 3, 1)
    assert _words(NO_CLOSING, today) == [fee + UNKNOWN_DAY, call]


RECORDED_SAFE = "by 2026-04-09 to be safe (the deadline is 30 days after the statement's " \
    "closing date, which amex does not know: 2026-04-09 at the earliest, 2026-05-10 at the " \
    "latest (`amex cards edit gold --closing-day N`))"  # fmt: skip


def _posted_on(day: date, closing_day: int | None, fee_month: int | None = 3) -> Card:
    fees = {"R1": FeePosting(day, 695.0)}
    return Card("gold", "Gold Card", fee_month=fee_month, closing_day=closing_day, fees=fees)


@pytest.mark.parametrize(
    ("closing_day", "today", "fee", "call"),
    [
        (15, date(2026, 3, 9), "The annual fee posts on 2026-03-10 (from your statement), on the "
         "statement closing 2026-03-15; closing the card by 2026-04-14 gets it refunded" + MA,
         "Call once it has posted, from 2026-03-10 and by 2026-04-14: an offer is likely then."),
        (15, date(2026, 3, 10), "The annual fee posted on 2026-03-10 (from your statement), on "
         "the statement closing 2026-03-15; 35 days left: closing the card by 2026-04-14 gets it "
         "refunded" + MA, "Call by 2026-04-14: an offer is likely."),
        (None, date(2026, 3, 9), "The annual fee posts on 2026-03-10 (from your statement); "
         "closing the card within 30 days of that statement's closing date gets it refunded, "
         "2026-04-09 at the earliest and 2026-05-10 at the latest depending on the closing day"
         + MA, f"Call once it has posted, from 2026-03-10 and {RECORDED_SAFE}: an offer is likely "
         "then."),
        (None, date(2026, 3, 10), "The annual fee posted on 2026-03-10 (from your statement); "
         "closing the card within 30 days of that statement's closing date gets it refunded, "
         "2026-04-09 at the earliest and 2026-05-10 at the latest depending on the closing day"
         + MA, f"Call {RECORDED_SAFE}: an offer is likely."),
    ],
)  # fmt: skip
def test_a_recorded_posting_in_words(
    closing_day: int | None, today: date, fee: str, call: str
) -> None:
    assert _words(_posted_on(date(2026, 3, 10), closing_day), today) == [fee, call]


def test_without_a_closing_day_a_recorded_fee_can_be_refunded_for_a_month_and_30_days() -> None:
    """Its statement closes within a month of the posting, and the refund runs 30 days on."""
    card = _posted_on(date(2026, 3, 10), None)
    last = fee_window(card, today=date(2026, 5, 10))
    assert last is not None and last.posted == date(2026, 3, 10)
    assert (last.month, last.window_closes) == ("2026-03", date(2026, 5, 10))
    after = fee_window(card, today=date(2026, 5, 11))
    assert after is not None and (after.month, after.posted) == ("2027-03", None)


@pytest.mark.parametrize(
    ("posted", "closing_day", "statement"),
    [
        (date(2026, 3, 15), 15, date(2026, 3, 15)),  # posted on the closing day: that statement
        (date(2026, 3, 16), 15, date(2026, 4, 15)),  # the day after: the next one
        (date(2026, 1, 31), 30, date(2026, 2, 28)),  # the next one, clamped to February's end
        (date(2026, 12, 20), 1, date(2027, 1, 1)),  # across the year end
    ],
)
def test_a_recorded_fee_is_on_the_first_statement_closing_on_or_after_it(
    posted: date, closing_day: int, statement: date
) -> None:
    fee = fee_window(_posted_on(posted, closing_day, fee_month=None), today=posted)
    assert fee is not None and fee.posted == posted
    assert fee.statement == statement
    assert fee.month == f"{statement:%Y-%m}"
    assert fee.refund_deadline == fee.window_closes == statement + timedelta(days=30)


def test_a_posting_belongs_to_the_fee_year_whose_fee_month_is_nearest() -> None:
    """Fee month March: a posting up to 13 September stands in for that year's fee (and next
    March's is still ahead); from 14 September on it is next year's fee, paid early."""
    on_13 = _posted_on(date(2025, 9, 13), 15)
    on_14 = _posted_on(date(2025, 9, 14), 15)
    for card in (on_13, on_14):  # either way that posting's own window applies while open
        fee = fee_window(card, today=date(2025, 9, 13))
        assert fee is not None and fee.statement == date(2025, 9, 15)
    after_13 = fee_window(on_13, today=date(2025, 11, 1))
    after_14 = fee_window(on_14, today=date(2025, 11, 1))
    assert after_13 is not None and (after_13.month, after_13.posted) == ("2026-03", None)
    assert after_14 is not None and (after_14.month, after_14.posted) == ("2027-03", None)
    # and as far back: a posting in early September of the year before is that year's
    early = _posted_on(date(2025, 9, 13), 15)
    before = fee_window(early, today=date(2025, 3, 1))
    assert before is not None and (before.month, before.posted) == ("2025-09", date(2025, 9, 13))


def test_a_december_fee_posted_in_january_is_last_years_fee() -> None:
    """Its window is the posting's, not the estimate of December's that is still open."""
    card = Card("gold", "Gold Card", fee_month=12, closing_day=15,
                fees={"R1": FeePosting(date(2026, 1, 5), 695.0)})  # fmt: skip
    fee = fee_window(card, today=date(2026, 1, 5))
    assert fee is not None and (fee.posted, fee.statement) == (date(2026, 1, 5), date(2026, 1, 15))
    estimated = fee_window(Card("gold", "Gold Card", fee_month=12, closing_day=15),
                           today=date(2026, 1, 5))  # fmt: skip
    assert estimated is not None and estimated.statement == date(2025, 12, 15)
    # once its window has closed, the next fee is this December's
    after = fee_window(card, today=date(2026, 2, 15))
    assert after is not None and (after.month, after.posted) == ("2026-12", None)


def test_without_a_fee_month_the_latest_posting_gives_the_month() -> None:
    fees = {"R1": FeePosting(date(2024, 6, 3), 695.0), "R2": FeePosting(date(2025, 4, 3), 695.0)}
    card = Card("gold", "Gold Card", closing_day=15, fees=fees)
    fee = fee_window(card, today=date(2026, 1, 1))
    assert fee is not None and (fee.month, fee.statement) == ("2026-04", date(2026, 4, 15))


def test_a_verdict_that_improves_on_the_windows_last_day_says_wait_for_it() -> None:
    history = [accepted(date(2025, 4, 14))]
    v = check(PLAT, history, today=date(2026, 3, 20))
    advice = eligibility.advice_for(v)
    assert advice is not None and (advice.change, advice.closes) == (date(2026, 4, 14),) * 2
    assert (advice.wait, advice.too_late) == (True, False)
    assert eligibility.timing_sentence(v) == (
        "Call on or after 2026-04-14 and by 2026-04-14: an offer is unlikely until 2026-04-14 "
        "and maybe from then."
    )
    assert eligibility.call_clause(advice) == (
        "an offer is unlikely until 2026-04-14 and maybe from then: call on or after 2026-04-14."
    )


def test_a_verdict_that_improves_the_day_after_the_window_gives_both_choices() -> None:
    v = check(PLAT, [accepted(date(2025, 4, 15))], today=date(2026, 3, 20))
    advice = eligibility.advice_for(v)
    assert advice is not None and (advice.wait, advice.too_late) == (False, True)
    assert eligibility.timing_sentence(v) == (
        "An offer becomes maybe only on 2026-04-15, after this window closes: call by "
        "2026-04-14 (an offer is unlikely until then), or keep the card through the year and "
        "call on or after 2026-04-15."
    )
    assert eligibility.call_clause(advice) == (
        "an offer is unlikely, and becomes maybe only on 2026-04-15, after this window closes: "
        "call by 2026-04-14 with that verdict, or keep the card through the year and call on or "
        "after 2026-04-15."
    )


def test_a_verdict_that_does_not_change_in_the_window_is_said_plainly() -> None:
    v = check(PLAT, [], today=date(2026, 3, 20))
    advice = eligibility.advice_for(v)
    assert advice is not None and (advice.wait, advice.too_late) == (False, False)
    assert eligibility.call_clause(advice) == "an offer is likely."
    assert eligibility.advise(None, None, today=date(2026, 3, 20)) is None


def test_the_first_year_warning_in_words() -> None:
    card = Card("new", "Gold Card", opened=date(2025, 5, 31), fee_month=3, closing_day=15)
    v = check(card, [], today=date(2026, 5, 30))
    assert eligibility.first_year_sentence(v) == (
        "Its welcome-bonus year runs until 2026-05-31: closing the card before then risks "
        "losing the welcome bonus (Amex can take it back)."
    )
    assert eligibility.first_year_sentence(check(card, [], today=date(2026, 5, 31))) is None
    assert eligibility.first_year_sentence(check(PLAT, [], today=date(2026, 5, 30))) is None
