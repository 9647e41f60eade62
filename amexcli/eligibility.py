"""Is a retention offer likely? Per card, from the last *accepted* offer on or before a date.

No accepted offer, or 24 months or more since: likely; 12 to 24 months: maybe; under 12: unlikely.
Months are calendar months clamped to the month's end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from amexcli.cards import Card, RetentionRecord
from amexcli.dates import add_months, day_in_month, months_between

LIKELY, MAYBE, UNLIKELY = "likely", "maybe", "unlikely"
REFUND_DAYS = 30  # fee refunded if the card is closed within 30 days of that statement's closing


@dataclass(frozen=True)
class Verdict:
    card: str
    product: str
    verdict: str
    last_accepted: date | None
    months_since: int | None
    next_change: date | None
    next_verdict: str | None
    next_fee_month: str | None
    fee_statement: date | None
    refund_deadline: date | None

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


FIELDS = tuple(f.name for f in fields(Verdict))
PLAIN_COLUMNS = ("card", "verdict", "last_accepted", "next_change", "next_verdict")


def last_accepted(card: str, history: Iterable[RetentionRecord], *, today: date) -> date | None:
    dates = [r.date for r in history if r.card == card and r.outcome == "accepted"]
    return max((d for d in dates if d <= today), default=None)


def verdict_at(last: date | None, today: date) -> tuple[str, date | None, str | None]:
    """The verdict on `today`, the date it next improves, and what it improves to."""
    if last is None or today >= add_months(last, 24):
        return LIKELY, None, None
    if today >= add_months(last, 12):
        return MAYBE, add_months(last, 24), LIKELY
    return UNLIKELY, add_months(last, 12), MAYBE


@dataclass(frozen=True)
class FeeDates:
    month: str  # YYYY-MM
    first_day: date  # the earliest the fee can post
    statement: date | None  # the closing date of the statement that shows it, when known
    refund_deadline: date | None
    window_closes: date  # the refund deadline, or its latest possible day when that is unknown


def fee_dates(card: Card, *, today: date) -> FeeDates | None:
    """The next fee: on the statement closing in the fee month, on or after today's month."""
    if card.fee_month is None:
        return None
    return _fee_in(card, today.year if card.fee_month >= today.month else today.year + 1)


def fee_window(card: Card, *, today: date) -> FeeDates | None:
    """The first annual fee whose refund window has not closed on `today` (it may have posted).

    Without a closing day the window is taken to run 30 days past the fee month's last day.
    """
    if card.fee_month is None:
        return None
    for year in (today.year - 1, today.year, today.year + 1):
        fee = _fee_in(card, year)
        if fee.window_closes >= today:
            return fee
    raise AssertionError("next year's window is always open")  # pragma: no cover


def _fee_in(card: Card, year: int) -> FeeDates:
    assert card.fee_month is not None
    statement = None
    if card.closing_day is not None:
        statement = day_in_month(year, card.fee_month, card.closing_day)
    refund_deadline = statement + timedelta(days=REFUND_DAYS) if statement else None
    month_end = day_in_month(year, card.fee_month, 31)
    return FeeDates(
        month=f"{year:04d}-{card.fee_month:02d}",
        first_day=date(year, card.fee_month, 1),
        statement=statement,
        refund_deadline=refund_deadline,
        window_closes=refund_deadline or month_end + timedelta(days=REFUND_DAYS),
    )


def check(card: Card, history: Iterable[RetentionRecord], *, today: date) -> Verdict:
    last = last_accepted(card.key, history, today=today)
    verdict, next_change, next_verdict = verdict_at(last, today)
    fee = fee_dates(card, today=today)
    return Verdict(
        card=card.key,
        product=card.product,
        verdict=verdict,
        last_accepted=last,
        months_since=None if last is None else months_between(last, today),
        next_change=next_change,
        next_verdict=next_verdict,
        next_fee_month=fee.month if fee else None,
        fee_statement=fee.statement if fee else None,
        refund_deadline=fee.refund_deadline if fee else None,
    )


def sentence(v: Verdict) -> str:
    """What a person can act on, in one or two sentences."""
    if v.last_accepted is None:
        return "No accepted retention offer on record: an offer is likely now."
    ago = f"{v.months_since} month{'s' if v.months_since != 1 else ''} ago"
    said = f"Last offer accepted {v.last_accepted}, {ago}."
    if v.next_change is None:
        return f"{said} An offer is likely now."
    becomes = "possible (maybe)" if v.next_verdict == MAYBE else "likely"
    return f"{said} Call on or after {v.next_change}: from then an offer is {becomes}."


def fee_sentence(v: Verdict) -> str | None:
    if v.next_fee_month is None:
        return None
    if v.fee_statement is None:
        return (
            f"The annual fee should post on the statement closing in {v.next_fee_month} "
            "(closing day unknown: set it with `amex cards edit "
            f"{v.card} --closing-day N`)."
        )
    return (
        f"The annual fee should post on the statement closing {v.fee_statement}; "
        f"closing the card by {v.refund_deadline} gets it refunded."
    )
