"""The catalogue of Amex US cards (`amexcli/data/catalogue.toml`): fees and credits, sourced.

Pure: the parsed TOML in, cards and their credits out. Each card has a key (`platinum`), its
name, the names people type for it (aliases), its annual fee when confirmed, a pending fee change,
its credits and the source and date of each fact. A card is found by any of those names once
folded (`fold`: any case, punctuation and ® dropped, runs of spaces as one); a near miss gets
"did you mean". A user's override file replaces the packaged card of the same key (`merge`).

Credits added from the catalogue remember where they came from (`catalogue = "CARD/CREDIT"` in
the benefit's table), so `differences` can say what the catalogue says now.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from amexcli.benefits import EVERY as PERIODIC
from amexcli.benefits import PERIODS
from amexcli.dates import add_months, day_in_month
from amexcli.errors import DataFileError, InputError, NotFound
from amexcli.money import LIMIT, read_cents

EVERY = tuple(PERIODS)  # the periods the benefits model knows
PER_YEAR = {every: 12 // months for every, months in PERIODIC.items()}  # not the 4-year ones
KINDS = ("consumer", "business")
STALE_MONTHS = 6
FIELDS = ("key", "name", "kind", "fee", "credits", "yearly_value", "checked")
PLAIN_COLUMNS = FIELDS


@dataclass(frozen=True)
class Credit:
    key: str
    name: str
    amount: int  # cents per period
    every: str
    resets: str  # calendar | cardmember | use (the 4-year ones)
    source: str
    checked: date
    extra: int = 0  # cents more in extra_month
    extra_month: int | None = None
    enroll: bool | None = None  # None: not confirmed either way
    statement: bool = True
    wording: str | None = None
    renewal: bool = False
    note: str | None = None

    @property
    def yearly(self) -> int:
        """Face value in a year, in cents (0 for a credit every 4 or 4.5 years)."""
        if self.every not in PER_YEAR:
            return 0
        return self.amount * PER_YEAR[self.every] + (self.extra if self.extra_month else 0)

    def describe(self) -> str:
        """ "$15 a month (+$20 in December)", as a person says it."""
        from amexcli.money import format_cents as money

        per = {
            "month": "a month",
            "quarter": "a quarter",
            "half": "every half-year",
            "year": "a year",
            "4-years": "every 4 years",
            "4.5-years": "every 4.5 years",
        }[self.every]
        said = f"{money(self.amount)} {per}"
        if self.extra_month:
            from amexcli.money import month_name

            said += f" (+{money(self.extra)} in {month_name(self.extra_month)})"
        return said


@dataclass(frozen=True)
class FeeChange:
    was: int  # dollars
    existing_from: date  # the first renewal on or after this day pays the new fee
    new_cards_from: date | None
    source: str


@dataclass(frozen=True)
class Entry:
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    source: str
    checked: date
    annual_fee: int | None = None  # dollars; None: unverified
    fee_change: FeeChange | None = None
    credits: tuple[Credit, ...] = ()
    phones: tuple[Mapping[str, Any], ...] = ()
    note: str | None = None

    @property
    def yearly_value(self) -> int:
        return sum(c.yearly for c in self.credits)

    def credit(self, key: str) -> Credit | None:
        return next((c for c in self.credits if c.key == key), None)

    def credit_of(self, ref: str) -> Credit | None:
        """The credit a benefit's `catalogue = "CARD/CREDIT"` names, when CARD is this card (a key
        may hold a "/" itself: the card's key is taken off whole, not split at the first)."""
        prefix = f"{self.key}/"
        return self.credit(ref[len(prefix) :]) if ref.startswith(prefix) else None

    def row(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "fee": self.annual_fee,
            "credits": len(self.credits),
            "yearly_value": self.yearly_value / 100,
            "checked": self.checked,
        }


@dataclass(frozen=True)
class Catalogue:
    checked: date
    entries: Mapping[str, Entry]
    overridden: tuple[str, ...] = ()  # keys a user's file replaced or added

    def stale(self, *, today: date) -> bool:
        """Older than six months: fees and credits may have changed since."""
        return today > add_months(self.checked, STALE_MONTHS)


def merge(packaged: Mapping[str, Any], override: Mapping[str, Any] | None) -> dict[str, Any]:
    """The packaged catalogue with each card of the user's file in place of the same key."""
    merged = {**packaged, "cards": dict(packaged.get("cards", {}))}
    if override:
        cards = override.get("cards", {})
        if not isinstance(cards, Mapping):
            raise DataFileError("the catalogue override's `cards` must be tables [cards.KEY].")
        merged["cards"].update(cards)
        merged["overridden"] = sorted(cards)
        if "checked" in override:  # the user's own word for when they last checked it
            merged["checked"] = override["checked"]
    return merged


def parse(doc: Mapping[str, Any]) -> Catalogue:
    """The catalogue from its parsed TOML; a wrong field names where it is."""
    checked = _get(doc, "checked", date, "catalogue", required=True)
    cards = doc.get("cards", {})
    if not isinstance(cards, Mapping):
        raise DataFileError("catalogue: `cards` must hold tables such as [cards.platinum].")
    entries = {k: _entry(k, t) for k, t in cards.items()}
    overridden = tuple(doc.get("overridden", ()))
    return Catalogue(checked=checked, entries=entries, overridden=overridden)


def _entry(key: str, t: Any) -> Entry:
    where = f"catalogue cards.{key}"
    if not isinstance(t, Mapping):
        raise DataFileError(f"{where} must be a table.")
    kind = _get(t, "kind", str, where, required=True)
    if kind not in KINDS:
        raise DataFileError(f"{where}.kind must be one of {', '.join(KINDS)}.")
    aliases = t.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise DataFileError(f"{where}.aliases must be a list of names.")
    fee = _dollars(t, "annual_fee", where)
    change = t.get("fee_change")
    credits = t.get("credits", {})
    phones = t.get("phones", [])
    if (
        not isinstance(credits, Mapping)
        or not isinstance(phones, list)
        or not all(isinstance(p, Mapping) for p in phones)
    ):
        raise DataFileError(f"{where}: credits must be tables and phones a list of tables.")
    return Entry(
        key=key,
        name=_get(t, "name", str, where, required=True),
        kind=kind,
        aliases=tuple(aliases),
        source=_get(t, "source", str, where, required=True),
        checked=_get(t, "checked", date, where, required=True),
        annual_fee=fee,
        fee_change=None if change is None else _change(change, f"{where}.fee_change"),
        credits=tuple(_credit(k, c, f"{where}.credits.{k}") for k, c in credits.items()),
        phones=tuple(phones),
        note=_get(t, "note", str, where),
    )


def _change(t: Any, where: str) -> FeeChange:
    if not isinstance(t, Mapping):
        raise DataFileError(f"{where} must be a table.")
    return FeeChange(
        was=_dollars(t, "was", where, required=True),
        existing_from=_get(t, "existing_from", date, where, required=True),
        new_cards_from=_get(t, "new_cards_from", date, where),
        source=_get(t, "source", str, where, required=True),
    )


def _credit(key: str, t: Any, where: str) -> Credit:
    if not isinstance(t, Mapping):
        raise DataFileError(f"{where} must be a table.")
    every = _get(t, "every", str, where, required=True)
    if every not in EVERY:
        raise DataFileError(f"{where}.every must be one of {', '.join(EVERY)}, not {every!r}.")
    rolling = every not in PER_YEAR
    resets = _get(t, "resets", str, where) or ("use" if rolling else "calendar")
    if (resets == "use") != rolling or resets not in ("calendar", "cardmember", "use"):
        raise DataFileError(f"{where}.resets {resets!r} does not fit every = {every!r}.")
    extra_month = _get(t, "extra_month", int, where)
    if extra_month is not None and (not 1 <= extra_month <= 12 or rolling):
        raise DataFileError(f"{where}.extra_month must be a month, 1-12, of a periodic credit.")
    statement = _get(t, "statement", bool, where) is not False
    wording = _get(t, "wording", str, where)
    if wording is not None and not statement:
        raise DataFileError(f"{where}: a credit with statement = false has no wording.")
    return Credit(
        key=key,
        name=_get(t, "name", str, where, required=True),
        amount=_cents(t, "amount", where, required=True),
        every=every,
        resets=resets,
        source=_get(t, "source", str, where, required=True),
        checked=_get(t, "checked", date, where, required=True),
        extra=_cents(t, "extra", where) if extra_month is not None else 0,
        extra_month=extra_month,
        enroll=_get(t, "enroll", bool, where),
        statement=statement,
        wording=wording,
        renewal=bool(_get(t, "renewal", bool, where)),
        note=_get(t, "note", str, where),
    )


_KIND_NAMES = {str: "text", int: "whole number", bool: "true or false", date: "date"}


def _get(t: Mapping[str, Any], name: str, kind: type, where: str, *, required: bool = False) -> Any:
    value = t.get(name)
    if value is None:
        if required:
            raise DataFileError(f"{where} needs `{name}`.")
        return None
    if (
        not isinstance(value, kind)
        or (kind is int and isinstance(value, bool))
        or (kind is date and isinstance(value, datetime))  # a TOML date-time is a date too
    ):
        said = _KIND_NAMES.get(kind, kind.__name__)
        raise DataFileError(f"{where}.{name} must be a {said}, not {value!r}.")
    return value


def _cents(t: Mapping[str, Any], name: str, where: str, *, required: bool = False) -> int:
    """An amount more than $0, read as the data file's amounts are (no nan, inf or 1e300)."""
    if t.get(name) is None and not required:
        return 0
    cents = read_cents(t, name, where) if t.get(name) is not None else None
    if not cents:
        raise DataFileError(f"{where}.{name} must be an amount in dollars, like 15.00.")
    return cents


def _dollars(t: Mapping[str, Any], name: str, where: str, *, required: bool = False) -> Any:
    """A fee in whole dollars, held to what `--annual-fee` takes: what is copied into the data
    file must read back."""
    fee = _get(t, name, int, where, required=required)
    if fee is not None and not 0 <= fee < LIMIT:
        raise DataFileError(f"{where}.{name} must be whole dollars from 0 to {int(LIMIT) - 1:,}.")
    return fee


# ---------------------------------------------------------------- finding a card

_DROP = re.compile(r"[®™℠]")
_NOT_WORD = re.compile(r"[^0-9a-z+]+")


def fold(text: str) -> str:
    """A name as typed, folded: "The Platinum Card®" -> "the platinum card"."""
    return " ".join(_NOT_WORD.sub(" ", _DROP.sub("", text).casefold()).split())


def names(entry: Entry) -> set[str]:
    """Every folded name that finds this card: its key, its name and its aliases."""
    return {fold(n) for n in (entry.key.replace("-", " "), entry.name, *entry.aliases)} - {""}


def named(cat: Catalogue, text: str) -> list[Entry]:
    """The cards `text` (folded) names: the card of that key, else each card with that name or
    alias (two when a user's file gives one a name the other has)."""
    wanted = fold(text)
    by_key = [e for e in cat.entries.values() if fold(e.key.replace("-", " ")) == wanted]
    return by_key or [e for e in cat.entries.values() if wanted in names(e)]


def recognise(cat: Catalogue, text: str) -> Entry | None:
    """The card whose key, name or alias is `text` (folded), or None; bad input when the
    name is two cards' (amex does not guess which)."""
    found = named(cat, text)
    if len(found) > 1:
        which = " or ".join(f"{e.key} ({e.name!r})" for e in found)
        raise InputError(
            f"{text!r} names {len(found)} cards in the catalogue: name it by its key, {which}."
        )
    return found[0] if found else None


def suggestions(cat: Catalogue, text: str) -> list[Entry]:
    """Cards whose names are close to `text`, best first (did you mean)."""
    import difflib

    by_name = {n: e for e in cat.entries.values() for n in names(e)}
    close = difflib.get_close_matches(fold(text), list(by_name), n=6, cutoff=0.75)
    return list({by_name[n].key: by_name[n] for n in close}.values())[:3]


def find(cat: Catalogue, text: str) -> Entry:
    """The card named `text`; else bad input with did-you-mean."""
    entry = recognise(cat, text)
    if entry is not None:
        return entry
    raise InputError(f"{text!r} is not in the catalogue. {did_you_mean(cat, text)}")


def did_you_mean(cat: Catalogue, text: str) -> str:
    close = suggestions(cat, text)
    if close:
        return "Did you mean " + " or ".join(f"{e.name!r} ({e.key})" for e in close) + "?"
    return "`amex cards catalogue` lists the cards it knows."


def search(cat: Catalogue, query: str | None) -> list[Entry]:
    """The card `query` names; else the cards whose key, name or alias holds every word of it
    (all cards without one)."""
    entries = sorted(cat.entries.values(), key=lambda e: (KINDS.index(e.kind), e.key))
    if not query:
        return entries
    found = named(cat, query)
    if found:
        return found
    words = fold(query).split()
    return [e for e in entries if all(any(w in n for n in names(e)) for w in words)]


def search_or_fail(cat: Catalogue, query: str | None) -> list[Entry]:
    """`search`, where nothing found is a negative answer (exit 1) with did-you-mean."""
    found = search(cat, query)
    if not found:
        hint = did_you_mean(cat, query or "")
        raise NotFound(f"no card in the catalogue matches {query!r}. {hint}")
    return found


# ---------------------------------------------------------------- fees


def fee_on(
    entry: Entry,
    *,
    today: date,
    opened: date | None = None,
    fee_month: int | None = None,
    closing_day: int | None = None,
) -> tuple[int | None, str | None]:
    """The annual fee a card of `entry` pays on its renewal due on or before `today`, and a note
    when that depends on something amex does not know."""
    fee, change = entry.annual_fee, entry.fee_change
    if fee is None or change is None:
        return fee, None
    if opened is not None and change.new_cards_from is not None and opened >= change.new_cards_from:
        return fee, None
    if fee_month is None:
        if today >= add_months(change.existing_from, 12):
            return fee, None  # every card has renewed since the change
        return fee, (
            f"${change.was} until the first renewal on or after {change.existing_from}, "
            f"${fee} from it: give --fee-month so amex can tell which applies."
        )
    # the latest renewal on or before today: on the statement closing in the fee month
    year = today.year if fee_month <= today.month else today.year - 1
    this_month = (year, fee_month) == (today.year, today.month)
    if closing_day and this_month and day_in_month(year, fee_month, closing_day) > today:
        year -= 1
    earliest = day_in_month(year, fee_month, closing_day or 1)
    latest = day_in_month(year, fee_month, closing_day or 31)
    if earliest >= change.existing_from:
        return fee, None
    if latest < change.existing_from:
        return change.was, (
            f"${fee} from its first renewal on or after {change.existing_from}; "
            f"${change.was} until then."
        )
    return fee, (
        f"${change.was} or ${fee}: the renewal of {earliest:%Y-%m} falls either side of "
        f"{change.existing_from} by its closing day (`amex cards edit KEY --closing-day N`)."
    )


# ---------------------------------------------------------------- credits as benefits


def reference(entry: Entry, credit: Credit) -> str:
    return f"{entry.key}/{credit.key}"


def benefit_fields(entry: Entry, credit: Credit) -> dict[str, Any]:
    """What `benefits.table` takes for this credit (amounts in cents)."""
    return {
        "name": credit.name,
        "amount": credit.amount,
        "every": credit.every,
        "resets": credit.resets,
        "note": credit.note,
        "match": credit.wording,
        "statement": credit.statement,
        "extra": credit.extra,
        "extra_month": credit.extra_month,
        "renewal": credit.renewal,
        "catalogue": reference(entry, credit),
    }


@dataclass(frozen=True)
class Difference:
    card: str  # the user's card key
    what: str
    command: str

    def row(self) -> dict[str, str]:
        return {"card": self.card, "what": self.what, "command": self.command}


def differences(
    cat: Catalogue,
    *,
    card_key: str,
    card_table: Mapping[str, Any],
    benefits: Iterable[Any],
    today: date,
) -> list[Difference]:
    """What the catalogue now says that the user's card or its catalogue credits do not."""
    ref = card_table.get("catalogue")
    if not isinstance(ref, str):
        return []
    if ref not in cat.entries:
        return [
            Difference(
                card_key,
                f"the catalogue no longer has the card {ref!r} yours was added from",
                f"amex benefits catalogue {card_key} --as PRODUCT",
            )
        ]
    entry = cat.entries[ref]
    found: list[Difference] = []
    fee, _ = fee_on(
        entry,
        today=today,
        opened=_as_date(card_table.get("opened")),
        fee_month=_as_int(card_table.get("fee_month")),
        closing_day=_as_int(card_table.get("closing_day")),
    )
    mine = card_table.get("annual_fee")
    if fee is not None and mine != fee:
        found.append(
            Difference(
                card_key,
                f"the catalogue now says the annual fee is ${fee}; yours says "
                + (f"${mine}" if mine is not None else "nothing"),
                f"amex cards edit {card_key} --annual-fee {fee}",
            )
        )
    update = f"amex benefits catalogue {card_key} --update"
    for b in benefits:
        if b.card != card_key or not b.catalogue or not b.catalogue.startswith(f"{ref}/"):
            continue
        credit = entry.credit_of(b.catalogue)
        if credit is None:
            found.append(Difference(card_key, f"the catalogue no longer lists {b.name}", update))
            continue
        theirs = credit.describe()
        yours = _describe_benefit(b)
        if theirs != yours:
            found.append(
                Difference(
                    card_key,
                    f"the catalogue now says {b.name} is {theirs}; yours says {yours}",
                    update,
                )
            )
        elif (credit.wording or None) != (b.match or None) or credit.statement != b.statement:
            said = credit.wording or "no statement wording"
            found.append(Difference(card_key, f"the catalogue now gives {b.name} {said!r}", update))
    return found


def _describe_benefit(b: Any) -> str:
    return Credit(
        key="",
        name=b.name,
        amount=b.amount,
        every=b.every,
        resets=b.resets,
        source="",
        checked=date.min,
        extra=b.extra,
        extra_month=b.extra_month,
    ).describe()


def _as_date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
