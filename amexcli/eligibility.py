"""Is a retention offer likely, and when to call? Per card, on a given day.

The verdict comes from the last *accepted* offer on or before that day: none, or 24 months or
more since: likely; 12 to 24 months: maybe; under 12: unlikely. Months are calendar months
clamped to the month's end. No source confirms 12 or 24 months (DOMAIN.md: Kudos says "every
other year", more often with heavy spend): it is a rule of thumb, and every verdict says so.

The annual-fee window (`fee_window`) is decided here, once, for eligibility, the retention script,
`amex next` and the fee year of `amex value`; `advise` joins it with the verdict.

A card's *first year* runs from the day it was opened to its first renewal: the first annual
fee that posts more than six months after opening (the first fee is charged at opening, on the
first statement), or, without a fee month, the first anniversary. The card's `opened` date is
used; without it, `member_since` stands in (a card is never older than the membership, so a
recent `member_since` bounds it). In the first year there is no renewal to negotiate and closing
the card risks the welcome bonus (DOMAIN.md: asksebby.com, doctorofcredit.com): the verdict is
"unlikely" until the first renewal, and every window, call and item is the first renewal's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field, fields
from datetime import date, timedelta
from typing import Any

from amexcli.cards import Card, RetentionRecord
from amexcli.dates import add_months, day_in_month, months_between
from amexcli.lazy import frozen

LIKELY, MAYBE, UNLIKELY = "likely", "maybe", "unlikely"
REFUND_DAYS = 30  # fee refunded if the card is closed within 30 days of that statement's closing
HEDGE = "12 and 24 months are a rule of thumb that no source confirms"
# DOMAIN.md: the CMA excludes Massachusetts (asksebby.com, milestomemories.com)
MASSACHUSETTS = "with a Massachusetts billing address a pro-rated refund applies instead"
# DOMAIN.md: a welcome bonus can be clawed back if the card is closed within 12 months
# (doctorofcredit.com/american-express-rat-cracking-down-on-closures-within-12-months)
FIRST_YEAR_MONTHS = 12
# A fee within this many months of opening is the opening fee, not a renewal.
OPENING_FEE_MONTHS = 6


@frozen
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
    refund_days_left: int | None  # the fee has posted and the refund window is open: days left
    first_year_ends: date | None  # opened + 12 months, while the card is in its first year
    first_renewal: date | None = None  # in the card's first year: when its first renewal posts
    window: FeeWindow | None = field(default=None, compare=False, repr=False)
    renewal_window: bool = field(default=False, compare=False, repr=False)
    today: date | None = field(default=None, compare=False, repr=False)

    def row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELDS}


FIELDS = tuple(
    f.name for f in fields(Verdict) if f.name not in ("window", "today", "renewal_window")
)
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


@frozen
class FeeWindow:
    """One annual fee and the window in which closing the card refunds it.

    Amex refunds the fee on a card closed within 30 days of the closing date of the statement
    that shows it (DOMAIN.md: doctorofcredit.com, CMA change effective 2016-09-01).
    """

    month: str  # YYYY-MM of the statement that shows the fee (estimated or recorded)
    first_day: date  # the earliest the fee can post; the posting date itself when recorded
    statement: date | None  # the closing date of the statement that shows it, when known
    refund_deadline: date | None  # statement + 30 days (inclusive), when the statement is known
    window_closes: date  # the refund deadline, or its latest possible day when that is unknown
    posted: date | None = None  # the fee's posting date as read from a statement, when recorded

    @property
    def opens(self) -> date:
        """The first day worth calling about this fee: when it posts, or the earliest it can."""
        return self.posted or self.statement or self.first_day

    def has_posted(self, today: date) -> bool | None:
        """Whether the fee is on a statement by `today`; None when amex cannot tell."""
        if self.posted is not None:
            return self.posted <= today
        if self.statement is not None:
            return self.statement <= today
        if today < self.first_day:
            return False
        month_end = day_in_month(self.first_day.year, self.first_day.month, 31)
        return True if today > month_end else None

    def days_left(self, today: date) -> int | None:
        """Whole days from `today` to the refund deadline (0 on its last day), when known."""
        return (self.refund_deadline - today).days if self.refund_deadline else None

    @property
    def earliest_deadline(self) -> date:
        """The refund deadline, or without a closing day its earliest possible day: 30 days
        after the fee month's first day (or the posting day), the earliest the statement can
        close."""
        return self.refund_deadline or self.first_day + timedelta(days=REFUND_DAYS)


def deadline_phrase(fee: FeeWindow, card: str, *, today: date) -> str:
    """`by DATE`; without a closing day, the earliest possible deadline and how to know it."""
    if fee.refund_deadline is not None:
        return f"by {fee.refund_deadline}"
    early, late = fee.earliest_deadline, fee.window_closes
    why = (
        f"the deadline is 30 days after the statement's closing date, which amex does not know: "
        f"{early} at the earliest, {late} at the latest (`amex cards edit {card} --closing-day N`)"
    )
    if today <= early:
        return f"by {early} to be safe ({why})"
    return f"at once: {why}, so it may already have passed"


def fee_window(
    card: Card, *, today: date, posted: Iterable[date] | None = None
) -> FeeWindow | None:
    """The annual-fee window that applies on `today`: the one place amex decides it.

    That is the first annual fee whose refund window has not closed on `today`: while the window
    of this year's fee is open (the fee may well have posted already) it is that one, on its
    last day too; from the day after, next year's. The fee is on the statement that closes in
    the card's `fee_month`, on its `closing_day` (clamped to the month's end). Without a closing
    day the statement's day is unknown and never invented: `statement` and `refund_deadline` are
    None and the window is taken to run to 30 days past the fee month's last day.

    `posted` (default: the postings `amex statement import` recorded on the card, `card.fees`)
    are dates the fee was seen to post. Each overrides the estimate for the fee year it belongs
    to (the estimate nearest it; the latest posting when a year has several): its statement is
    the first closing day on or after it; without a closing day, one closing within a month of
    it. Other years stay estimated; a card with postings but no `fee_month` is estimated from
    the latest posting's month. A fee *year* (for `amex value`) runs from one window's `opens`
    to the next's.

    Pure: no clock, no I/O. Returns None when the card has neither a fee month nor a posting.
    """
    dates = sorted(posted if posted is not None else (f.date for f in card.fees.values()))
    month = card.fee_month or (dates[-1].month if dates else None)
    if month is None:
        return None
    recorded = {_fee_year(d, month): d for d in dates}  # sorted: the latest of a year wins
    # a recorded posting may sit up to six months from its year's estimate: look two years on
    for year in range(today.year - 1, today.year + 3):
        if year in recorded:
            fee = _recorded(recorded[year], card.closing_day)
        else:
            fee = _estimated(month, card.closing_day, year)
        if fee.window_closes >= today:
            return fee
    raise AssertionError  # pragma: no cover (unreachable: a window two years on is always open)


def fee_by_year(card: Card, years: range) -> dict[int, FeeWindow]:
    """Each year's annual fee, as `fee_window` places it: recorded where a statement showed it
    (the latest posting of a year wins), estimated elsewhere; {} without a fee month or a
    posting."""
    dates = sorted(f.date for f in card.fees.values())
    month = card.fee_month or (dates[-1].month if dates else None)
    if month is None:
        return {}
    recorded = {_fee_year(d, month): d for d in dates}
    return {
        y: _recorded(recorded[y], card.closing_day)
        if y in recorded
        else _estimated(month, card.closing_day, y)
        for y in years
    }


def _estimated(month: int, closing_day: int | None, year: int) -> FeeWindow:
    statement = day_in_month(year, month, closing_day) if closing_day is not None else None
    refund_deadline = statement + timedelta(days=REFUND_DAYS) if statement else None
    month_end = day_in_month(year, month, 31)
    return FeeWindow(
        month=f"{year:04d}-{month:02d}",
        first_day=date(year, month, 1),
        statement=statement,
        refund_deadline=refund_deadline,
        window_closes=refund_deadline or month_end + timedelta(days=REFUND_DAYS),
    )


def _recorded(posted: date, closing_day: int | None) -> FeeWindow:
    if closing_day is None:
        return FeeWindow(
            month=f"{posted.year:04d}-{posted.month:02d}",
            first_day=posted,
            statement=None,
            refund_deadline=None,
            window_closes=add_months(posted, 1) + timedelta(days=REFUND_DAYS),
            posted=posted,
        )
    statement = day_in_month(posted.year, posted.month, closing_day)
    if statement < posted:
        following = add_months(posted, 1)  # only its month counts
        statement = day_in_month(following.year, following.month, closing_day)
    deadline = statement + timedelta(days=REFUND_DAYS)
    return FeeWindow(
        month=f"{statement.year:04d}-{statement.month:02d}",
        first_day=posted,
        statement=statement,
        refund_deadline=deadline,
        window_closes=deadline,
        posted=posted,
    )


def _fee_year(posted: date, month: int) -> int:
    """The year whose estimated fee month lies nearest a recorded posting."""
    return min(
        (posted.year - 1, posted.year, posted.year + 1),
        key=lambda y: abs((date(y, month, 15) - posted).days),
    )


def first_renewal(card: Card) -> FeeWindow | None:
    """The window of the card's first renewal fee (see the module), when amex can place it."""
    opened = card.opened or card.member_since
    if opened is None:
        return None
    after = add_months(opened, OPENING_FEE_MONTHS)
    fee = fee_window(card, today=after)
    while fee is not None and fee.opens <= after:
        fee = fee_window(card, today=fee.window_closes + timedelta(days=1))
    return fee


def renewal_day(card: Card) -> date | None:
    """The day the card's first year ends: its first renewal fee, else its first anniversary."""
    opened = card.opened or card.member_since
    if opened is None:
        return None
    fee = first_renewal(card)
    return fee.opens if fee is not None else add_months(opened, FIRST_YEAR_MONTHS)


def check(card: Card, history: Iterable[RetentionRecord], *, today: date) -> Verdict:
    last = last_accepted(card.key, history, today=today)
    verdict, next_change, next_verdict = verdict_at(last, today)
    renewal = renewal_day(card)
    first_year = renewal is not None and today < renewal
    if first_year:
        assert renewal is not None
        then, change, after = verdict_at(last, renewal)
        verdict = UNLIKELY
        next_change, next_verdict = (change, after) if then == UNLIKELY else (renewal, then)
    renewing = first_renewal(card)
    fee = renewing if first_year and renewing else fee_window(card, today=today)
    first_year_ends = add_months(card.opened, FIRST_YEAR_MONTHS) if card.opened else None
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
        refund_days_left=fee.days_left(today) if fee and fee.has_posted(today) else None,
        first_year_ends=first_year_ends if first_year_ends and today < first_year_ends else None,
        first_renewal=renewal if first_year else None,
        window=fee,
        today=today,
        renewal_window=fee is not None and fee == renewing,
    )


@frozen
class CallAdvice:
    """When to call retention inside a fee window, and the verdict then."""

    window: FeeWindow
    opens: date  # the first day worth calling: today, or the day the fee posts if later
    closes: date  # the window's last day (the refund deadline, or its latest possible day)
    verdict: str  # the verdict on `opens`
    change: date | None  # the day that verdict next improves
    next_verdict: str | None
    first_renewal: bool = False  # the window is the card's first renewal: no history to judge by
    card: str = "KEY"

    @property
    def wait(self) -> bool:
        """The verdict improves inside the window: call on or after `change`."""
        return self.change is not None and self.change <= self.closes

    @property
    def too_late(self) -> bool:
        """The verdict improves only after the window closes: two options, not one."""
        return self.change is not None and self.change > self.closes


def advise(
    window: FeeWindow | None,
    last: date | None,
    *,
    today: date,
    first_renewal: bool = False,
    card: str = "KEY",
) -> CallAdvice | None:
    """The call to make in `window` (from `fee_window`), given the last accepted offer."""
    if window is None:
        return None
    opens = max(today, window.opens)
    verdict, change, next_verdict = verdict_at(last, opens)
    return CallAdvice(
        window, opens, window.window_closes, verdict, change, next_verdict, first_renewal, card
    )


def advice_for(v: Verdict) -> CallAdvice | None:
    """The call advice for a verdict from `check`: its window, on its day."""
    if v.today is None:
        return None
    return advise(
        v.window, v.last_accepted, today=v.today, first_renewal=v.renewal_window, card=v.card
    )


FIRST_RENEWAL = (
    "it is the card's first renewal, the first moment to ask for a retention offer "
    "(no retention history on this card yet to judge by)"
)


def call_clause(a: CallAdvice) -> str:
    """The advice in a clause, the same words in `eligibility`, `next` and the ICS file."""
    if a.wait:
        return (
            f"an offer is {a.verdict} until {a.change} and {a.next_verdict} from then: "
            f"call on or after {a.change}."
        )
    if a.too_late:
        return (
            f"an offer is {a.verdict}, and becomes {a.next_verdict} only on {a.change}, after "
            f"this window closes: call by {a.closes} with that verdict, or keep the card "
            f"through the year and call on or after {a.change}."
        )
    if a.first_renewal:
        return f"{FIRST_RENEWAL}."
    return f"an offer is {a.verdict}."


def sentence(v: Verdict) -> str:
    """The verdict, in a sentence or two a person can act on."""
    if v.first_renewal is not None:
        return (
            f"This card is in its first year: its first annual fee was charged when it was "
            f"opened, so there is no renewal to negotiate yet and an offer is unlikely. The "
            f"moment to call is its first renewal, from {v.first_renewal}."
        )
    if v.last_accepted is None:
        said = "No accepted retention offer on record: an offer is likely now"
    else:
        ago = f"{v.months_since} month{'s' if v.months_since != 1 else ''} ago"
        said = f"Last offer accepted {v.last_accepted}, {ago}: an offer is {v.verdict} now"
        if v.next_change is not None:
            becomes = "possible (maybe)" if v.next_verdict == MAYBE else "likely"
            said += f", {becomes} from {v.next_change}"
    return f"{said} ({HEDGE})."


def fee_sentence(v: Verdict) -> str | None:
    """Where the fee is, its refund window, and when to call in it."""
    fee, today = v.window, v.today
    if fee is None or today is None:
        return None
    posted = fee.has_posted(today)
    if fee.posted is not None:
        where = (
            f"The annual fee {'posted' if posted else 'posts'} on {fee.posted} (from your "
            "statement)"
        )
        where += f", on the statement closing {fee.statement}" if fee.statement else ""
    elif fee.statement is not None:
        where = (
            f"The annual fee posted on the statement that closed {fee.statement}"
            if posted
            else f"The annual fee should post on the statement closing {fee.statement}"
        )
    else:
        where = (
            f"The annual fee {'posts' if posted is False else 'posts (or has posted)'} on the "
            f"statement closing in {fee.month}; its day is unknown (`amex cards edit {v.card} "
            "--closing-day N`)"
        )
    if fee.refund_deadline is not None:
        refund = f"closing the card by {fee.refund_deadline} gets it refunded"
        if v.refund_days_left is not None:
            refund = f"{days_left(v.refund_days_left)}: {refund}"
    else:
        refund = (
            "closing the card within 30 days of that statement's closing date gets it refunded, "
            f"{fee.earliest_deadline} at the earliest and {fee.window_closes} at the latest "
            f"depending on the closing day"
        )
    first = "First renewal. " if v.renewal_window else ""
    return f"{first}{where}; {refund} ({MASSACHUSETTS})."


def timing_sentence(v: Verdict) -> str | None:
    """When to call retention in the fee window that applies (see `advise`)."""
    a = advice_for(v)
    if a is None:
        return None
    assert v.today is not None
    return call_sentence(a, posted=a.window.has_posted(v.today))


def call_sentence(a: CallAdvice, *, posted: bool | None) -> str:
    """When to call in the window, as a sentence: the same facts as `call_clause`."""
    by = deadline_phrase(a.window, a.card, today=a.opens)
    if a.wait:
        return (
            f"Call on or after {a.change} and {by}: an offer is {a.verdict} until {a.change} "
            f"and {a.next_verdict} from then."
        )
    if a.too_late:
        return (
            f"An offer becomes {a.next_verdict} only on {a.change}, after this window closes: "
            f"call {by} (an offer is {a.verdict} until then), or keep the card through the year "
            f"and call on or after {a.change}."
        )
    if a.first_renewal:
        start = "Call" if posted else f"Call once it has posted, from {a.opens} and"
        return f"{start} {by}: {FIRST_RENEWAL}."
    if posted:
        return f"Call {by}: an offer is {a.verdict}."
    return f"Call once it has posted, from {a.opens} and {by}: an offer is {a.verdict} then."


def days_left(days: int) -> str:
    """`3 days left`, `1 day left`, `the last day is today`."""
    if days == 0:
        return "the last day is today"
    return f"{days} day{'s' if days != 1 else ''} left"


def first_year_sentence(v: Verdict) -> str | None:
    if v.first_year_ends is None:
        return None
    return (
        f"Its welcome-bonus year runs until {v.first_year_ends}: closing the card before then "
        "risks losing the welcome bonus (Amex can take it back)."
    )
