"""Amex Offers the user enrolled in.

In the data file each offer is a table named by its id (`amexcli.ids`), so two machines never
invent the same one and a merge keeps both:

    [offers.1ngg0r240m0abc]
    card = "plat"
    merchant = "Best Buy"
    credit = 50.0                 # dollars, with cents
    spend = 250.0                 # optional: spend needed to earn it
    expires = 2026-12-31          # optional
    added = 2026-11-26            # the day it was entered
    note = "online only"          # optional
    used = 2026-12-05             # optional: the day it was used, or the credit's statement date
    credited = 50.0               # optional: the amount credited (a statement's, or typed)
    credited_on = 2026-12-09      # optional: the day it was credited
    reference = "320263390012345" # optional: that statement row's reference

An offer is *open* while it is not used and not expired (`expires` is the last day it can be
used). Something that reads a statement (`amex statement import`) records a matching credit
with `mark_used(table, on=..., credited=..., reference=...)`, which sets `used`, `credited` and
`reference` together and changes nothing when the offer is already used, so a second import of
the same statement is a no-op. `amex offers credited ID` records the credit by hand
(`mark_credited`) and `--undo` takes it back (`unmark_credited`), so an offer whose credit came
(or a wrong match) is never stuck as overdue or as paid.

Amounts are kept in the file as numbers of dollars with cents (`50.0`, `15.99`) and in code as
whole cents (`int`), so that sums are exact (see money.py).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from typing import Any

from amexcli import ids
from amexcli.errors import DataFileError, InputError
from amexcli.lazy import frozen
from amexcli.money import dollars, read_cents
from amexcli.record import read_field

FIELDS = ("id", "card", "merchant", "credit", "spend", "expires", "used", "credited", "credited_on")
PLAIN_COLUMNS = FIELDS


@frozen
class Offer:
    id: str
    card: str
    merchant: str
    credit: int  # cents
    spend: int | None = None  # cents
    expires: date | None = None
    added: date | None = None
    note: str | None = None
    used: date | None = None
    credited: int | None = None  # cents, as a statement showed it or the user typed it
    reference: str | None = None
    credited_on: date | None = None  # the day the credit posted

    @classmethod
    def from_table(cls, key: str, t: Mapping[str, Any]) -> Offer:
        where = f"offers.{key}"
        card = read_field(t, "card", str, where)
        merchant = read_field(t, "merchant", str, where)
        credit = read_cents(t, "credit", where)
        if card is None or merchant is None or credit is None:
            raise DataFileError(f"{where}: an offer needs a card, a merchant and a credit.")
        return cls(
            id=key,
            card=card,
            merchant=merchant,
            credit=credit,
            spend=read_cents(t, "spend", where),
            expires=read_field(t, "expires", date, where),
            added=read_field(t, "added", date, where),
            note=read_field(t, "note", str, where),
            used=read_field(t, "used", date, where),
            credited=read_cents(t, "credited", where),
            reference=read_field(t, "reference", str, where),
            credited_on=read_field(t, "credited_on", date, where),
        )

    def row(self) -> dict[str, Any]:
        """Its JSON object (amounts in dollars)."""
        return {
            "id": self.id,
            "card": self.card,
            "merchant": self.merchant,
            "credit": dollars(self.credit),
            "spend": None if self.spend is None else dollars(self.spend),
            "expires": self.expires,
            "used": self.used,
            "credited": None if self.credited is None else dollars(self.credited),
            "credited_on": self.credited_on,
        }

    @property
    def value(self) -> int:
        """What it gave back, in cents: the credited amount when a statement showed it."""
        return self.credit if self.credited is None else self.credited

    def is_open(self, today: date) -> bool:
        return self.used is None and (self.expires is None or self.expires >= today)

    def days_left(self, today: date) -> int | None:
        return None if self.expires is None else (self.expires - today).days


def table(
    *,
    card: str,
    merchant: str,
    credit: int,
    spend: int | None,
    expires: date | None,
    added: date,
    note: str | None,
) -> dict[str, Any]:
    """A new offer's TOML table (unset fields left out); refuses one that has already expired."""
    if not merchant.strip():
        raise InputError("--merchant must not be empty.")
    if expires is not None and expires < added:
        raise InputError(
            f"that offer expired on {expires}, before today ({added}): nothing to enroll in. "
            "Check --expires."
        )
    values = {
        "card": card,
        "merchant": merchant.strip(),
        "credit": dollars(credit),
        "spend": None if spend is None else dollars(spend),
        "expires": expires,
        "added": added,
        "note": note,
    }
    return {k: v for k, v in values.items() if v is not None}


def load(section: Mapping[str, Mapping[str, Any]]) -> list[Offer]:
    """Every offer, soonest to expire first (no expiry last), then by id (age)."""
    found = [Offer.from_table(k, t) for k, t in section.items()]
    return sorted(found, key=lambda o: (o.expires is None, o.expires or date.max, o.id))


def listed(offers: list[Offer], *, today: date, card: str | None, all_: bool) -> list[Offer]:
    """What `offers list` shows: open ones (all of them with `all_`), of one card or every card."""
    return [o for o in offers if (card is None or o.card == card) and (all_ or o.is_open(today))]


def find(section: Mapping[str, Any], given: str) -> str:
    """The id named by `given` (as typed: any case, o for 0): the whole id, or a prefix of one."""
    given = ids.normalize(given)
    if given in section:
        return given
    hits = [k for k in section if given and k.startswith(given)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise InputError(f"{given!r} starts {len(hits)} offer ids; give more of it.")
    raise InputError(f"no offer {given!r}; see `amex offers list --all`.")


def mark_used(
    t: MutableMapping[str, Any],
    *,
    on: date,
    credited: int | None = None,
    reference: str | None = None,
    credited_on: date | None = None,
) -> bool:
    """Record on an offer's table that it was used; False (nothing changed) if it already was."""
    if t.get("used") is not None:
        return False
    t["used"] = on
    if credited is not None:
        t["credited"] = dollars(credited)
        t["credited_on"] = credited_on or on
    if reference is not None:
        t["reference"] = reference
    return True


def mark_credited(t: MutableMapping[str, Any], *, on: date, amount: int) -> None:
    """Record an offer's credit by hand: the day and the amount; used by then, if not before."""
    t.setdefault("used", on)
    t.update(credited=dollars(amount), credited_on=on)


def unmark_credited(t: MutableMapping[str, Any]) -> bool:
    """Take a recorded credit back (and the statement row it came from, so a later import can
    match again); False when there was none. The day it was used stays."""
    found = [t.pop(k) for k in ("credited", "credited_on", "reference") if k in t]
    return bool(found)


def expiring(offers: list[Offer], *, today: date, horizon: date) -> list[Offer]:
    """Open offers whose last day falls by `horizon`."""
    return [
        o for o in offers if o.is_open(today) and o.expires is not None and o.expires <= horizon
    ]
