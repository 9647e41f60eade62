"""Does the card pay for its fee? The credits used in a fee year against the annual fee.

A card's fee years tile the calendar: each runs from the day one annual fee posts to the day
before the next one posts, so every day belongs to exactly one. A fee posts on the statement
closing in the fee month (`eligibility.fee_by_year`: the posting a statement showed where one
was recorded, else the statement's closing day, else the fee month's first day when the
closing day is unknown). `amex value` judges the fee year that contains its day (`--as-of`,
default today); `--year YYYY` names the fee year that ends when the YYYY fee posts. A card
without a fee month is counted by calendar year, saying so. The retention script judges the
year a call is about: while a posted fee's refund window is open, the year that just ended
(`judged_day`).

Credits used are the benefit uses dated inside the year and on or before the day (ignored
benefits included: ignoring silences reminders, not money received) and the offers used
inside it, at the amount a statement credited when known, else the offer's credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from amexcli import eligibility
from amexcli.benefits import Benefit
from amexcli.cards import Card
from amexcli.lazy import frozen
from amexcli.money import dollars, format_cents
from amexcli.offers import Offer

FIELDS = ("card", "fee", "credits_used", "difference", "year_start", "year_end")
PLAIN_COLUMNS = FIELDS


@frozen
class FeeYear:
    start: date
    end: date
    note: str | None
    label: str | None = None  # which fee year `--year` means, in words


def fee_starts(card: Card, around: int) -> list[date]:
    """The first days of the fee years near the year `around`, in order, each once."""
    fees = eligibility.fee_by_year(card, range(around - 3, around + 4))
    return sorted({f.opens for f in fees.values()})


def fee_year(card: Card, *, today: date, year: int | None = None) -> FeeYear:
    """The fee year that contains `today`, or the one ending when the fee of `year` posts."""
    starts = fee_starts(card, today.year if year is None else year)
    if not starts:
        y = today.year if year is None else year
        return FeeYear(
            date(y, 1, 1),
            date(y, 12, 31),
            f"{card.key} has no fee month (`amex cards edit {card.key} --fee-month N`): "
            "counted by calendar year.",
        )
    note = None
    if card.closing_day is None:
        note = (
            f"{card.key}'s closing day is unknown (`amex cards edit {card.key} --closing-day N`): "
            "a fee year not read from a statement is counted from the first of the fee month."
        )
    if year is None:
        i = max(i for i, d in enumerate(starts) if d <= today)
        return FeeYear(starts[i], starts[i + 1] - timedelta(days=1), note)
    posts = eligibility.fee_by_year(card, range(year, year + 1))[year].opens
    i = starts.index(posts)
    label = f"--year {year}: the fee year that ends when the {year} annual fee posts, on {posts}"
    return FeeYear(starts[i - 1], posts - timedelta(days=1), note, label)


def judged_day(card: Card, *, today: date) -> date:
    """The day whose fee year a retention call is about: while a fee that has posted can still
    be refunded, the day before it posted (the year it renews); else `today`."""
    fee = eligibility.fee_window(card, today=today)
    if fee is not None and fee.has_posted(today) and fee.opens <= today:
        return fee.opens - timedelta(days=1)
    return today


@frozen
class Value:
    card: str
    product: str
    fee: int | None  # cents; None when the card has no annual fee recorded
    benefits_used: int  # cents
    offers_used: int  # cents
    year_start: date
    year_end: date
    recorded: bool  # whether the user recorded any benefit or offer on this card at all
    note: str | None
    label: str | None = None  # which fee year `--year` means
    first_renewal: date | None = None  # in the card's first year: its first renewal

    @property
    def credits_used(self) -> int:
        return self.benefits_used + self.offers_used

    @property
    def difference(self) -> int | None:
        """Credits used minus the fee: positive when the card paid for itself."""
        return None if self.fee is None else self.credits_used - self.fee

    def row(self) -> dict[str, Any]:
        return {
            "card": self.card,
            "fee": None if self.fee is None else dollars(self.fee),
            "credits_used": dollars(self.credits_used),
            "difference": None if self.difference is None else dollars(self.difference),
            "year_start": self.year_start,
            "year_end": self.year_end,
        }


def compute(
    card: Card,
    benefits: Iterable[Benefit],
    offers: Iterable[Offer],
    *,
    today: date,
    year: int | None = None,
) -> Value:
    fy = fee_year(card, today=today, year=year)
    mine_b = [b for b in benefits if b.card == card.key]
    mine_o = [o for o in offers if o.card == card.key]
    last = min(fy.end, today)  # never a use after the day asked about

    def inside(day: date | None) -> bool:
        return day is not None and fy.start <= day <= last

    renewal = eligibility.renewal_day(card)
    return Value(
        card=card.key,
        product=card.product,
        fee=None if card.annual_fee is None else card.annual_fee * 100,
        benefits_used=sum(u.amount for b in mine_b for u in b.uses if inside(u.date)),
        offers_used=sum(o.value for o in mine_o if inside(o.used)),
        year_start=fy.start,
        year_end=fy.end,
        recorded=bool(mine_b or mine_o),
        note=fy.note,
        label=fy.label,
        first_renewal=renewal if renewal is not None and today < renewal else None,
    )


def to_nearest_dollar(cents: int) -> str:
    """An amount rounded to whole dollars, as said on the phone: $180."""
    return format_cents(round(cents / 100) * 100)


def sentence(v: Value) -> str | None:
    """The verdict in one sentence; None when there is nothing to judge (no fee or no data)."""
    if v.fee is None or v.difference is None or not v.recorded:
        return None
    span = f"in the fee year {v.year_start} to {v.year_end}"
    if v.difference >= 0:
        return (
            f"The credits you used {span} ({format_cents(v.credits_used)}) cover the "
            f"{format_cents(v.fee)} annual fee: the card paid for itself."
        )
    return (
        f"You used {format_cents(v.credits_used)} of credits {span}, "
        f"against a {format_cents(v.fee)} annual "
        f"fee: {format_cents(-v.difference)} short."
    )
