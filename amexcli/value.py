"""Does the card pay for its fee? The credits used in a fee year against the annual fee.

A card's fee year runs from one annual fee's posting to the day before the next one posts. The
year `amex value` judges is the one the next decision is about: it ends when the fee whose
refund window is still open posts (`eligibility.fee_window`), so during that window it is the
year that has just ended, the one a retention call is about. `--year YYYY` names the fee year
that ends when the fee posts in YYYY. A fee posts on the statement closing in the fee month
(its first day stands in when the closing day is unknown); a card without a fee month is
counted by calendar year, saying so.

Credits used are the benefit uses dated inside the year (ignored benefits included: ignoring
silences reminders, not money received) and the offers used inside it, at the amount a
statement credited when known, else the offer's credit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from amexcli import eligibility
from amexcli.benefits import Benefit
from amexcli.cards import Card
from amexcli.dates import add_months
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


def fee_year(card: Card, *, today: date, year: int | None = None) -> FeeYear:
    """The fee year judged on `today`, or the one ending with the fee posting in `year`."""
    last = card.last_fee
    month = card.fee_month or (last.date.month if last else None)
    fee = None
    if month is not None:
        on = today if year is None else date(year, month, 1)
        fee = eligibility.fee_window(card, today=on)
    if fee is None:
        y = today.year if year is None else year
        return FeeYear(
            date(y, 1, 1),
            date(y, 12, 31),
            f"{card.key} has no fee month (`amex cards edit {card.key} --fee-month N`): "
            "counted by calendar year.",
        )
    # the fee before it: the window that applies a year before this one opens
    before = eligibility.fee_window(card, today=add_months(fee.opens, -12))
    start = before.opens if before is not None and before.opens < fee.opens else None
    note = None
    if card.closing_day is None and fee.posted is None:
        note = (
            f"{card.key}'s closing day is unknown (`amex cards edit {card.key} --closing-day N`): "
            "its fee year is counted from the first of the fee month."
        )
    return FeeYear(start or add_months(fee.opens, -12), fee.opens - timedelta(1), note)


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
    return Value(
        card=card.key,
        product=card.product,
        fee=None if card.annual_fee is None else card.annual_fee * 100,
        benefits_used=sum(u.amount for b in mine_b for u in b.uses if fy.start <= u.date <= fy.end),
        offers_used=sum(
            o.value for o in mine_o if o.used is not None and fy.start <= o.used <= fy.end
        ),
        year_start=fy.start,
        year_end=fy.end,
        recorded=bool(mine_b or mine_o),
        note=fy.note,
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
