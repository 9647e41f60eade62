"""Recurring credits a card carries (benefits), their periods, and what is left of each.

The data model, for everything that records a use (`amex benefits use`, `amex statement import`):

    [benefits.1ngg0q67da6ab]          # named by an id (amexcli.ids)
    card = "plat"
    name = "Uber Cash"              # unique per card, ignoring case
    amount = 15.0                   # dollars with cents, per period
    every = "month"                 # month | quarter | half | year | 4-years | 4.5-years
    resets = "calendar"             # calendar | cardmember | use (4-years, 4.5-years)
    extra = 20.0                    # optional: more in one month of the year ...
    extra_month = 12                # ... this one (Uber Cash: $35 in December)
    statement = false               # optional: never on the statement (Uber Cash is loaded
                                    # into the Uber app): no statement row is ever taken for it
    note = "in the Uber app"        # optional
    match = "AMEX RESY CREDIT"      # optional: text to find in a statement description
    renewal = true                  # optional: pays a membership once a period (CLEAR, Uber
                                    # One): after one use, the rest of the period is not usable
    catalogue = "platinum/uber-cash"  # optional: the catalogue entry it was added from
    ignored = true                  # optional: silenced, never in `amex next`

    [benefits.1ngg0q67da6ab.uses.1ngg0q7sg64cd]   # one table per use, named by an id
    date = 2026-01-05               # the day of the credit (its statement date on import)
    amount = 15.0                   # dollars with cents
    reference = "320260050012345"   # optional: the statement row's reference

A use counts in the period its date falls in; a use on a period's last day counts in that
period. `add_use(table, on=..., amount=..., reference=...)` adds one to a benefit's table and
adds nothing when a use with the same reference is there already, so importing the same
statement twice records each credit once. `matches(benefit, description)` is the one place a
statement description is compared with `match` (any case, runs of spaces as one).

Periods. A benefit's periods are runs of 1, 3, 6 or 12 calendar months from an anchor day:
for `calendar`, 1 January (months, quarters from January, halves from January and July,
calendar years); for `cardmember`, the day the card was opened, or when that is unknown the
first day of its fee month. The k-th period starts on `add_months(anchor, k * n)`, counted from
the anchor each time so a period opening on the 31st or on 29 February never drifts, and ends
the day before the next one starts. A period's amount is `amount`, plus `extra` for the period
that holds the first day of `extra_month`. A credit every 4 or 4.5 years (Global Entry, TSA
PreCheck) counts from its last use instead: the period runs from that use for 48 or 54 months;
with no use in one, the credit is open (no end) until it is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from datetime import date, timedelta
from typing import Any

from amexcli import ids
from amexcli.cards import Card
from amexcli.dates import add_months
from amexcli.errors import DataFileError, InputError
from amexcli.lazy import frozen
from amexcli.money import dollars, read_cents
from amexcli.record import read_field

EVERY = {"month": 1, "quarter": 3, "half": 6, "year": 12}  # counted from an anchor
ROLLING = {"4-years": 48, "4.5-years": 54}  # counted from the last use
PERIODS = {**EVERY, **ROLLING}
RESETS = ("calendar", "cardmember", "use")
CALENDAR_ANCHOR = date(2000, 1, 1)
FIELDS = (
    "card",
    "name",
    "amount",
    "every",
    "resets",
    "period_start",
    "period_end",
    "used",
    "left",
    "ignored",
)
PLAIN_COLUMNS = FIELDS


def period(day: date, *, months: int, anchor: date) -> tuple[date, date]:
    """The period of `months` months counted from `anchor` that holds `day`: (first, last day)."""
    m = (day.year - anchor.year) * 12 + day.month - anchor.month
    if add_months(anchor, m) > day:
        m -= 1  # now the largest m with add_months(anchor, m) <= day
    k = m // months
    return add_months(anchor, k * months), add_months(anchor, (k + 1) * months) - timedelta(1)


@frozen
class Anchor:
    day: date
    note: str | None  # why it is not what the user asked for, when it is not


def anchor(resets: str, card: Card | None) -> Anchor:
    """Where a benefit's periods are counted from (see the module's docstring)."""
    if resets in ("calendar", "use"):  # "use": counted from the use, no anchor needed
        return Anchor(CALENDAR_ANCHOR, None)
    if card is not None and card.opened is not None:
        return Anchor(card.opened, None)
    if card is not None and card.fee_month is not None:
        return Anchor(
            date(CALENDAR_ANCHOR.year, card.fee_month, 1),
            f"{card.key}'s opening date is unknown: its cardmember year is counted from its fee "
            f"month ({card.fee_month:02d}).",
        )
    key = card.key if card is not None else "its card"
    return Anchor(
        CALENDAR_ANCHOR,
        f"{key} has no opening date or fee month: its cardmember year is taken as the calendar "
        "year.",
    )


@frozen
class Use:
    id: str
    date: date
    amount: int  # cents
    reference: str | None = None


@frozen
class Benefit:
    id: str
    card: str
    name: str
    amount: int  # cents per period
    every: str
    resets: str
    note: str | None = None
    match: str | None = None
    ignored: bool = False
    uses: tuple[Use, ...] = ()
    extra: int = 0  # cents more in the period holding the first of `extra_month`
    extra_month: int | None = None
    statement: bool = True  # False: never posts to the statement, never matched by import
    renewal: bool = False  # pays a membership once a period: one use takes the period
    catalogue: str | None = None  # "CARD/CREDIT" of the catalogue entry it came from

    def allowance(self, start: date, end: date | None) -> int:
        """What the period from `start` to `end` holds, in cents."""
        if self.extra_month is None or end is None:
            return self.amount
        holds = any(
            start <= date(y, self.extra_month, 1) <= end for y in range(start.year, end.year + 1)
        )
        return self.amount + (self.extra if holds else 0)

    @classmethod
    def from_table(cls, key: str, t: Mapping[str, Any]) -> Benefit:
        where = f"benefits.{key}"
        card = read_field(t, "card", str, where)
        name = read_field(t, "name", str, where)
        amount = read_cents(t, "amount", where)
        if card is None or name is None or amount is None:
            raise DataFileError(f"{where}: a benefit needs a card, a name and an amount.")
        every = read_field(t, "every", str, where)
        if every not in PERIODS:
            raise DataFileError(f"{where}.every must be one of {', '.join(PERIODS)}.")
        resets = read_field(t, "resets", str, where) or ("use" if every in ROLLING else "calendar")
        if every in ROLLING and resets != "use":
            raise DataFileError(f"{where}.resets must be use for every = {every!r}.")
        if every not in ROLLING and resets not in RESETS[:2]:
            raise DataFileError(f"{where}.resets must be one of {', '.join(RESETS[:2])}.")
        extra_month = t.get("extra_month")
        if extra_month is not None and (
            type(extra_month) is not int or not 1 <= extra_month <= 12 or every in ROLLING
        ):
            raise DataFileError(f"{where}.extra_month must be a month, 1-12, of a periodic credit.")
        uses = t.get("uses", {})
        if not isinstance(uses, Mapping) or not all(isinstance(u, Mapping) for u in uses.values()):
            raise DataFileError(f"{where}.uses must hold tables such as [{where}.uses.ID].")
        return cls(
            id=key,
            card=card,
            name=name,
            amount=amount,
            every=every,
            resets=resets,
            note=read_field(t, "note", str, where),
            match=read_field(t, "match", str, where),
            ignored=bool(read_field(t, "ignored", bool, where)),
            extra=(read_cents(t, "extra", where) or 0) if extra_month is not None else 0,
            extra_month=extra_month,
            statement=read_field(t, "statement", bool, where) is not False,
            renewal=bool(read_field(t, "renewal", bool, where)),
            catalogue=read_field(t, "catalogue", str, where),
            uses=tuple(
                sorted(
                    (_use(f"{where}.uses.{k}", k, u) for k, u in uses.items()),
                    key=lambda u: (u.date, u.id),
                )
            ),
        )


def _use(where: str, key: str, t: Mapping[str, Any]) -> Use:
    when = read_field(t, "date", date, where)
    amount = read_cents(t, "amount", where)
    if when is None or amount is None:
        raise DataFileError(f"{where}: a use needs a date and an amount.")
    return Use(id=key, date=when, amount=amount, reference=read_field(t, "reference", str, where))


@frozen
class Status:
    """A benefit in the period that holds a given day."""

    benefit: Benefit
    period_start: date | None  # None: a 4-year credit never used
    period_end: date | None  # None: open until used (a 4-year credit with no use in a period)
    used: int  # cents
    note: str | None

    @property
    def amount(self) -> int:
        """What this period holds (Uber Cash: $35 in December)."""
        return self.benefit.allowance(self.period_start or date.min, self.period_end)

    @property
    def left(self) -> int:
        if self.benefit.renewal and self.used:
            return 0  # the membership was paid: the rest of the period cannot be used
        return max(self.amount - self.used, 0)

    @property
    def resets_on(self) -> date | None:
        return None if self.period_end is None else self.period_end + timedelta(1)

    def row(self) -> dict[str, Any]:
        b = self.benefit
        return {
            "card": b.card,
            "name": b.name,
            "amount": dollars(self.amount),
            "every": b.every,
            "resets": b.resets,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "used": dollars(self.used),
            "left": dollars(self.left),
            "ignored": b.ignored,
        }


def status(benefit: Benefit, card: Card | None, *, today: date) -> Status:
    if benefit.every in ROLLING:
        return _rolling(benefit, today=today)
    a = anchor(benefit.resets, card)
    start, end = period(today, months=EVERY[benefit.every], anchor=a.day)
    used = sum(u.amount for u in benefit.uses if start <= u.date <= end)
    return Status(benefit, start, end, used, a.note)


def _rolling(benefit: Benefit, *, today: date) -> Status:
    """A credit every 48 or 54 months, counted from its last use on or before `today`."""
    months = ROLLING[benefit.every]
    start: date | None = None  # the use that opened the latest period
    for u in benefit.uses:  # sorted by date
        if u.date <= today and (start is None or u.date >= add_months(start, months)):
            start = u.date
    if start is None:
        return Status(benefit, None, None, 0, None)
    again = add_months(start, months)
    if again <= today:  # that period is over: open until the next use
        return Status(benefit, again, None, 0, None)
    used = sum(u.amount for u in benefit.uses if start <= u.date <= today)
    return Status(benefit, start, again - timedelta(1), used, None)


def load(section: Mapping[str, Mapping[str, Any]]) -> list[Benefit]:
    """Every benefit, by card and then name."""
    found = [Benefit.from_table(k, t) for k, t in section.items()]
    return sorted(found, key=lambda b: (b.card, b.name.casefold(), b.id))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def find(benefits: Iterable[Benefit], card: str, name: str) -> Benefit:
    """The card's benefit of that name (any case); unknown is bad input naming the known ones."""
    mine = [b for b in benefits if b.card == card]
    for b in mine:
        if _same(b.name, name):
            return b
    known = ", ".join(repr(b.name) for b in mine) or "none yet"
    raise InputError(
        f"{card} has no benefit {name!r} (known: {known}). "
        f"Add it with `amex benefits add {card} NAME --amount N --every month`."
    )


def table(
    *,
    benefits: Iterable[Benefit],
    card: str,
    name: str,
    amount: int,
    every: str,
    resets: str | None,
    note: str | None,
    match: str | None,
    statement: bool = True,
    extra: int = 0,
    extra_month: int | None = None,
    renewal: bool = False,
    catalogue: str | None = None,
) -> dict[str, Any]:
    """A new benefit's TOML table; an empty name or one the card already has is bad input.
    `resets` None is the period's own: calendar, or use for a credit every few years."""
    name = " ".join(name.split())
    if not name:
        raise InputError("the benefit's NAME must not be empty.")
    if any(b.card == card and _same(b.name, name) for b in benefits):
        raise InputError(f"{card} already has a benefit {name!r}; choose another name.")
    if every not in PERIODS:
        raise InputError(f"--every must be one of {', '.join(PERIODS)}, not {every!r}.")
    if every in ROLLING:
        if resets not in (None, "use"):
            raise InputError(
                f"--resets {resets} does not fit --every {every}: a credit every few years "
                "comes again that long after its last use; leave --resets out."
            )
        resets = "use"
    elif resets is None:
        resets = "calendar"
    elif resets not in RESETS[:2]:
        raise InputError(f"--resets must be one of {', '.join(RESETS[:2])}, not {resets!r}.")
    if match is not None and not match.strip():
        raise InputError("--match must not be empty.")
    if match is not None and not statement:
        raise InputError(
            "--match and --no-statement contradict: a credit that never posts to the statement "
            "has no statement text to match."
        )
    values = {
        "card": card,
        "name": name,
        "amount": dollars(amount),
        "every": every,
        "resets": resets,
        "note": note,
        "match": match.strip() if match else None,
        "statement": None if statement else False,
        "extra": dollars(extra) if extra_month is not None else None,
        "extra_month": extra_month,
        "renewal": True if renewal else None,
        "catalogue": catalogue,
    }
    return {k: v for k, v in values.items() if v is not None}


def add_use(
    t: MutableMapping[str, Any],
    *,
    on: date,
    amount: int,
    reference: str | None = None,
    use_id: str | None = None,
) -> str | None:
    """Add a use to a benefit's table; its id, or None when that reference is already recorded."""
    uses = t.setdefault("uses", {})
    if reference is not None and any(u.get("reference") == reference for u in uses.values()):
        return None
    key = use_id or ids.new_id()
    while key in uses:  # the same second and the same 20 random bits: draw again
        key = ids.new_id()
    use: dict[str, Any] = {"date": on, "amount": dollars(amount)}
    if reference is not None:
        use["reference"] = reference
    uses[key] = use
    return key


def matches(benefit: Benefit, description: str) -> bool:
    """Whether a statement description holds the benefit's `match` text (any case); a credit
    that never posts to the statement matches nothing."""
    if not benefit.match or not benefit.statement:
        return False
    wanted = " ".join(benefit.match.split()).casefold()
    return wanted in " ".join(description.split()).casefold()


def ending(statuses: Iterable[Status], *, today: date, horizon: date) -> list[Status]:
    """Benefits not ignored whose current period ends by `horizon` with something left."""
    return [
        s
        for s in statuses
        if not s.benefit.ignored
        and s.left > 0
        and s.period_end is not None
        and today <= s.period_end <= horizon
    ]


# The adjectives people type for a period: `--every monthly` is `--every month`.
EVERY_WORDS = {
    "monthly": "month", "quarterly": "quarter", "semiannually": "half", "semiannual": "half",
    "semi-annually": "half", "semi-annual": "half", "half-yearly": "half", "yearly": "year",
    "annually": "year", "annual": "year",
}  # fmt: skip


# `--every` as `benefits add` and `benefits edit` document it, from the lists above.
EVERY_HELP = (
    f"{', '.join(list(PERIODS)[:-1])} or {list(PERIODS)[-1]} (the last two from the last use);"
    " also monthly, quarterly, semiannually, yearly, annually."
)


def every_word(value: str) -> str:
    """A period as typed (`Monthly`, `annually`) as stored (`month`, `year`); else unchanged."""
    word = value.strip().lower()
    return EVERY_WORDS.get(word, word)


def last_use(t: Mapping[str, Any], *, on: date | None = None) -> str | None:
    """The id of the use recorded last (on the day `on`, when given); None when there is none."""
    uses = t.get("uses", {})
    found = [k for k, u in uses.items() if on is None or u.get("date") == on]
    return max(found, default=None)  # ids sort by the time they were made


def edited(
    t: Mapping[str, Any], *, benefits: Iterable[Benefit], changes: Mapping[str, Any]
) -> dict[str, Any]:
    """A benefit's table with `changes` (name, amount in cents, every, resets, note, match)
    checked as `table` checks a new one; its uses and keys amex does not know are kept."""
    current = {
        "name": t["name"],
        "amount": round(float(t["amount"]) * 100),
        "every": t["every"],
        "resets": t.get("resets", "calendar"),
        "note": t.get("note"),
        "match": t.get("match"),
    }
    wanted = {**current, **{k: v for k, v in changes.items() if v is not None}}
    kind_changed = (wanted["every"] in ROLLING) != (current["resets"] == "use")
    if changes.get("resets") is None and kind_changed:
        wanted["resets"] = None  # the period changed kind: the new one's own reset
    others = [b for b in benefits if not (b.card == t["card"] and _same(b.name, t["name"]))]
    fresh = table(benefits=others, card=t["card"], **wanted)
    kept = {k: v for k, v in t.items() if k not in current}
    return {**fresh, **kept}
