"""Card profiles and retention-offer records: parsing, checking and their rows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field, fields
from datetime import date
from typing import Any

from amexcli import redact
from amexcli.errors import DataFileError, InputError
from amexcli.lazy import frozen
from amexcli.record import read_field, read_ranged

KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LAST5 = re.compile(r"\d{5}")
OUTCOMES = ("accepted", "declined", "none")
PLATINUM = re.compile(r"platinum|centurion", re.IGNORECASE)


def check_key(key: str) -> str:
    refuse_card_number("card key", key)
    if not KEY.fullmatch(key):
        raise InputError(
            f"card key {key!r} must be lowercase letters, digits and dashes, e.g. plat, blue-cash."
        )
    return key


def refuse_card_number(what: str, value: str) -> None:
    if redact.card_numbers(value) or (re.sub(r"[ -]", "", value).isdigit() and len(value) > 12):
        raise InputError(
            f"{what} looks like a card number: amex never stores card numbers. "
            "Use --last5 with the last five digits to tell your cards apart."
        )


@frozen
class Card:
    key: str
    product: str
    member_since: date | None = None
    annual_fee: int | None = None
    fee_month: int | None = None
    closing_day: int | None = None
    last5: str | None = None
    opened: date | None = None  # when this card was opened (its welcome-bonus year)
    # `amex cards edit --fee-pattern`: how the fee reads on a statement (None: amex's defaults)
    fee_patterns: tuple[str, ...] | None = None
    # postings found by `amex statement import`: the statement row's key -> (date, dollars)
    fees: Mapping[str, FeePosting] = field(default_factory=dict)

    @classmethod
    def from_table(cls, key: str, t: Mapping[str, Any]) -> Card:
        where = f"cards.{key}"
        return cls(
            key=key,
            product=read_field(t, "product", str, where) or key,
            member_since=read_field(t, "member_since", date, where),
            annual_fee=read_field(t, "annual_fee", int, where),
            fee_month=read_ranged(t, "fee_month", 1, 12, where),
            closing_day=read_ranged(t, "closing_day", 1, 31, where),
            last5=read_field(t, "last5", str, where),
            opened=read_field(t, "opened", date, where),
            fee_patterns=_patterns(t, "fee_patterns", where),
            fees=_fees(t, where),
        )

    def row(self) -> dict[str, Any]:
        row = {name: getattr(self, name) for name in CARD_FIELDS[:-2]}
        last = self.last_fee
        row["fee_patterns"] = list(self.fee_patterns) if self.fee_patterns is not None else None
        row["fee_posted"] = last.date if last else None
        return row

    @property
    def last_fee(self) -> FeePosting | None:
        """The latest annual fee posting read from a statement, if any."""
        return max(self.fees.values(), key=lambda f: f.date, default=None)

    @property
    def is_platinum(self) -> bool:
        return bool(PLATINUM.search(self.product))


@frozen
class FeePosting:
    date: date
    amount: float


CARD_FIELDS = (
    "key", "product", "member_since", "annual_fee", "fee_month", "closing_day", "last5", "opened",
    "fee_patterns", "fee_posted",
)  # fmt: skip


@frozen
class RetentionRecord:
    id: str
    card: str
    date: date
    outcome: str
    offer: str | None = None
    ref: str | None = None

    @classmethod
    def from_table(cls, key: str, t: Mapping[str, Any]) -> RetentionRecord:
        where = f"retention.{key}"
        outcome = read_field(t, "outcome", str, where)
        if outcome not in OUTCOMES:
            raise DataFileError(f"{where}: outcome must be one of {', '.join(OUTCOMES)}.")
        when = read_field(t, "date", date, where)
        card = read_field(t, "card", str, where)
        if when is None or card is None:
            raise DataFileError(f"{where}: needs a card and a date.")
        return cls(
            id=key,
            card=card,
            date=when,
            outcome=outcome,
            offer=read_field(t, "offer", str, where),
            ref=read_field(t, "ref", str, where),
        )

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def table(self) -> dict[str, Any]:
        return {k: v for k, v in self.row().items() if k != "id" and v is not None}


def retention_table(card: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """A new retention record's TOML table: card, date, outcome, offer, ref (unset ones left out).

    Read back before it is stored, so that what `retention add` writes is always a valid record.
    """
    table = {k: v for k, v in {"card": card, **given}.items() if v is not None}
    RetentionRecord.from_table("new", table)
    return table


def retention_key(section: Mapping[str, Any], wanted: str) -> str | None:
    """The key of the record named `wanted`: its id as typed, or its number from schema 1."""
    from amexcli import ids

    for candidate in (wanted, ids.normalize(wanted)):
        if candidate in section:
            return candidate
    from amexcli.money import parse_int

    number = parse_int(wanted, most=2**63 - 1)  # a TOML integer
    if number is not None:
        return next((k for k, t in section.items() if t.get("legacy_id") == number), None)
    return None


RETENTION_FIELDS = tuple(f.name for f in fields(RetentionRecord))


def load_cards(section: Mapping[str, Mapping[str, Any]]) -> dict[str, Card]:
    return {key: Card.from_table(key, t) for key, t in sorted(section.items())}


def load_retention(section: Mapping[str, Mapping[str, Any]]) -> list[RetentionRecord]:
    records = [RetentionRecord.from_table(k, t) for k, t in section.items()]
    return sorted(records, key=lambda r: (r.date, r.id))


def _patterns(t: Mapping[str, Any], name: str, where: str) -> tuple[str, ...] | None:
    value = t.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise DataFileError(f'{where}.{name} must be a list of texts, e.g. ["ANNUAL FEE"].')
    return tuple(value)


def _fees(t: Mapping[str, Any], where: str) -> dict[str, FeePosting]:
    table = t.get("fees", {})
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise DataFileError(f'{where}.fees must hold tables such as [{where}.fees."REF"].')
    found = {}
    for ref, posting in table.items():
        when = read_field(posting, "date", date, f"{where}.fees.{ref}")
        amount = posting.get("amount")
        if when is None or type(amount) not in (int, float):
            raise DataFileError(f"{where}.fees.{ref} needs a date and an amount (dollars).")
        found[ref] = FeePosting(date=when, amount=float(amount))
    return found
