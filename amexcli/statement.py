"""Amex "Download activity" CSV: read it, and check what was promised against it.

Pure: the file's text in, a report and the records to keep out. What is kept is only what the
user asked amex to watch: an annual fee posting on a card, and a credit matched to a promise,
an offer or a benefit (its date, amount and the row's key). Descriptions, names, addresses and
unmatched amounts are read into memory and never leave this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from amexcli import redact
from amexcli.dates import FIRST_YEAR, LAST_YEAR, day_in_month, in_range
from amexcli.errors import InputError
from amexcli.lazy import frozen

if TYPE_CHECKING:
    from amexcli.offers import Offer

# Column names, folded (see _fold), that the reader needs; the rest are optional.
DATE, DESCRIPTION, AMOUNT = "date", "description", "amount"
ACCOUNT, MEMBER, REFERENCE, CATEGORY = "account #", "card member", "reference", "category"
DETAILS = ("extended details", "appears on your statement as")
VARIANTS = {  # the header rows seen in public importers (DOMAIN.md); any order is accepted
    "basic": ("Date", "Description", "Card Member", "Account #", "Amount"),
    "extended": (
        "Date", "Description", "Card Member", "Account #", "Amount", "Extended Details",
        "Appears On Your Statement As", "Address", "City/State", "Zip Code", "Country",
        "Reference", "Category",
    ),
    "extended-no-account": (
        "Date", "Description", "Amount", "Extended Details", "Appears On Your Statement As",
        "Address", "City/State", "Zip Code", "Country", "Reference", "Category",
    ),
}  # fmt: skip
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"(-)?\$?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")


def _fold(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


@frozen
class Row:
    """One transaction, in memory only: `text` and `description` are never stored."""

    line: int  # where the row starts in the file
    date: date
    cents: int  # a charge is positive, a credit, refund or payment negative
    account: str | None  # the last five digits of `Account #`, when the file has one
    reference: str | None  # the row's `Reference`, apostrophes removed, when it is not a card no.
    description: str
    text: str  # description and extended details, for matching
    category: str | None = None  # `Category` (`Main-Sub`), when the file has that column

    @property
    def key(self) -> str:
        """What a recorded match remembers of the row: its reference, else a digest.

        The digest (of the date, amount and description) cannot be read back into the
        description; it only lets a second import recognise the same row.
        """
        if self.reference:
            return self.reference
        import hashlib

        seed = f"{self.date}|{self.cents}|{self.description}"
        return "d:" + hashlib.sha256(seed.encode()).hexdigest()[:16]


@frozen
class Statement:
    variant: str  # a key of VARIANTS, or "other"
    has_account: bool
    rows: tuple[Row, ...]

    @property
    def first(self) -> date | None:
        return min((r.date for r in self.rows), default=None)

    @property
    def last(self) -> date | None:
        return max((r.date for r in self.rows), default=None)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM from Excel dropped), else Windows-1252 as Excel saves it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(
            "the file is neither UTF-8 nor Windows-1252 text: is it the CSV from Amex's "
            '"Download activity"? Nothing was imported.'
        ) from None


def parse(text: str) -> Statement:
    """The rows of a download; a malformed row rejects the whole file, naming its line."""
    import csv  # here, not at the top: `amex next` uses this module's offer rule, not the reader
    import io

    if "\0" in text:
        raise InputError("the file holds NUL bytes: it is not a CSV. Nothing was imported.")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    header: list[str] | None = None
    line = 1
    rows: list[Row] = []
    columns: dict[str, int] = {}
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            if not any(f.strip() for f in record):
                continue  # blank lines, before the header or between rows
            if header is None:
                header = record
                columns = _columns(record, start)
                continue
            rows.append(_row(record, columns, len(header), start))
    except csv.Error as e:  # an unclosed quote: name the line where its row starts
        raise InputError(f"line {line}: {e}. Nothing was imported.") from None
    if header is None:
        raise InputError("the file is empty: no header and no rows. Nothing was imported.")
    folded = tuple(_fold(h) for h in header)
    variant = next(
        (name for name, names in VARIANTS.items() if tuple(map(_fold, names)) == folded),
        "other",
    )
    return Statement(variant=variant, has_account=ACCOUNT in columns, rows=tuple(rows))


def _columns(header: Sequence[str], line: int) -> dict[str, int]:
    folded = [_fold(h) for h in header]
    if not {DATE, DESCRIPTION, AMOUNT} <= set(folded):
        looks_like_data = bool(header) and bool(_DATE.fullmatch(header[0].strip()))
        why = "it starts with a transaction, not a header" if looks_like_data else "no header"
        raise InputError(
            f"line {line}: {why}. amex reads Amex's CSV with its header row "
            "(Date,Description,...,Amount); download it again from Statements & Activity. "
            "Nothing was imported."
        )
    return {name: i for i, name in reversed(list(enumerate(folded)))}  # first of a repeat wins


def _row(record: Sequence[str], columns: Mapping[str, int], width: int, line: int) -> Row:
    def get(name: str) -> str:
        i = columns.get(name)
        return record[i].strip() if i is not None and i < len(record) else ""

    if len(record) > width and any(f.strip() for f in record[width:]):
        raise InputError(
            f"line {line}: {len(record)} fields where the header names {width}. "
            "Nothing was imported."
        )
    if any(columns[n] >= len(record) for n in (DATE, AMOUNT)):
        raise InputError(f"line {line}: the row is cut short. Nothing was imported.")
    description = get(DESCRIPTION)
    details = [get(n) for n in DETAILS]
    return Row(
        line=line,
        date=_date(get(DATE), line),
        cents=cents(get(AMOUNT), line=line),
        account=_account(get(ACCOUNT)) if ACCOUNT in columns else None,
        reference=_reference(get(REFERENCE)),
        description=description,
        text="\n".join(t for t in (description, *details) if t),
        category=get(CATEGORY) if CATEGORY in columns else None,
    )


def _date(value: str, line: int) -> date:
    m = _DATE.fullmatch(value)
    try:
        if m:
            month, day, year = (int(g) for g in m.groups())
            found = date(year + 2000 if year < 100 else year, month, day)
        elif _ISO.fullmatch(value):
            found = date.fromisoformat(value)
        else:
            raise InputError(
                f"line {line}: date {value!r} is not MM/DD/YYYY. Nothing was imported."
            )
    except ValueError:
        raise InputError(f"line {line}: {value!r} is not a date. Nothing was imported.") from None
    if not in_range(found):  # the data file refuses such a date: never write one there
        raise InputError(
            f"line {line}: {value!r} is out of range: amex takes {FIRST_YEAR} to {LAST_YEAR}. "
            "Nothing was imported."
        )
    return found


def cents(value: str, *, line: int | None = None) -> int:
    """`1,234.50`, `-12`, `$5.5` as cents; anything else, or a billion dollars, is bad input."""
    text = value.strip().replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")  # (12.00), as some spreadsheets save
    if negative:
        text = "-" + text[1:-1]
    m = _AMOUNT.fullmatch(text)
    where = f"line {line}: " if line is not None else ""
    tail = " Nothing was imported." if line is not None else ""
    if not m:
        raise InputError(f"{where}{value!r} is not an amount, e.g. 1,234.50.{tail}")
    from amexcli.money import LIMIT as money_limit  # decimal: only when a file is read
    from amexcli.money import parse_int, quoted

    sign, whole, frac = m.groups()
    dollars = parse_int(whole.replace(",", ""), most=int(money_limit) - 1)
    if dollars is None:  # the data file refuses such an amount: never write one
        raise InputError(
            f"{where}{quoted(value)} is too large: amex takes under ${money_limit:,}.{tail}"
        )
    amount = dollars * 100 + int((frac or "0").ljust(2, "0"))
    return -amount if sign else amount


def _account(value: str) -> str | None:
    digits = re.sub(r"\D", "", value)
    return digits[-5:] if len(digits) >= 5 else None  # only the last five are ever looked at


def _reference(value: str) -> str | None:
    ref = value.strip().strip("'").strip()
    if not ref or redact.card_numbers(ref) or not ref.isprintable() or len(ref) > 64:
        return None  # never keep anything that could be a card number, or is not a reference
    return ref


def dollars(amount_cents: int) -> float:
    return amount_cents / 100


def money(amount_cents: int) -> str:
    sign = "-" if amount_cents < 0 else ""
    whole, frac = divmod(abs(amount_cents), 100)
    return f"{sign}${whole:,}.{frac:02d}"


def contains(text: str, pattern: str) -> bool:
    """Does `text` hold `pattern`, ignoring case and runs of spaces?"""
    needle = " ".join(pattern.split()).casefold()
    return bool(needle) and needle in " ".join(text.split()).casefold()


# What is watched, as the command loads it from the data file. Amounts are in cents.


@frozen
class Watched:
    """A card as the import sees it."""

    key: str
    last5: str | None
    fee_month: int | None
    fee_patterns: tuple[str, ...]
    fees: Mapping[str, date]  # recorded postings: row key -> date
    closing_day: int | None = None  # with it, a fee posted after the closing day is next month's
    annual_fee: int | None = None  # cents: a charge of this amount that mentions a fee is flagged


@frozen
class Promise:
    """A log entry that expects a credit."""

    ref: str
    card: str | None
    since: date  # the call's date: the credit cannot come before it
    due: date | None  # its follow-up date
    cents: int
    promise: str | None


@frozen
class OfferWatch:
    """An Amex Offer the user enrolled in whose credit has not been seen yet."""

    id: str
    card: str
    merchant: str
    cents: int  # the credit it promises
    expires: date | None
    used: date | None  # when the user said they used it (made the purchase)


@frozen
class BenefitWatch:
    """A recurring credit with the text its statement line holds (`benefits add --match`)."""

    id: str
    card: str
    name: str
    match: str


@frozen
class Item:
    kind: str  # KINDS
    card: str | None
    date: date | None
    amount: float | None  # as in the statement: a charge positive, a credit negative
    status: str | None  # "new", "known" (recorded by an earlier import); None for notices
    ref: str | None  # the log reference to quote, or the row's reference
    what: str
    command: str | None

    def row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}


KINDS = ("annual-fee", "fee-month", "fee-pattern", "credit", "possible", "overdue", "unmapped")
FIELDS = ("kind", "card", "date", "amount", "status", "ref", "what", "command")
PLAIN_COLUMNS = FIELDS


@frozen
class Record:
    """One thing to keep: where it goes, and the only facts taken from the row."""

    target: str  # "fee" (on a card) or "call"
    key: str  # the card key or the log reference
    row_key: str
    date: date
    cents: int


@dataclass
class Result:
    items: list[Item] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    rows: int = 0
    kept: int = 0  # rows matched (new or known)
    unmapped: int = 0

    @property
    def overdue(self) -> list[Item]:
        return [i for i in self.items if i.kind == "overdue"]


@frozen
class Rules:
    """What a payment, a refund, an offer credit and Amex's own adjustment look like."""

    payment_patterns: tuple[str, ...] = ()
    refund_patterns: tuple[str, ...] = ()
    offer_days: int = 90  # how long after its end an offer's credit may still come
    offer_markers: tuple[str, ...] = ("Amex Offer Credit",)
    adjustment_patterns: tuple[str, ...] = (
        "STATEMENT CREDIT", "COURTESY CREDIT", "RETENTION CREDIT", "ADJUSTMENT",
    )  # fmt: skip
    adjustment_category: str = "Fees & Adjustments"


def reconcile(
    statement: Statement,
    *,
    cards: Mapping[str, Watched],
    promises: Iterable[Promise],
    offers: Iterable[OfferWatch] = (),
    benefits: Iterable[BenefitWatch] = (),
    used: Mapping[str, tuple[str, str]] | None = None,
    card: str | None = None,
    rules: Rules = Rules(),
    today: date,
) -> Result:
    """What the statement shows against what the user watches, as of `today`.

    Each row goes to the card whose `last5` its account ends in (with no account column, to
    `card`); a row no card claims is counted and reported, never guessed. A charge matching the
    card's fee patterns is a fee posting; one of the card's fee amount that mentions a fee but
    matches no pattern is reported with the command that fixes the patterns. A credit marked as
    an Amex Offer credit (`rules.offer_markers`, often under the merchant's own descriptor) is
    an offer's and nothing else's, before any refund rule. Any other credit that is neither a
    payment nor a refund pays, in this order, an offer on its card (the merchant in its text,
    exactly the offer's credit, by the offer's end plus `rules.offer_days`), a benefit whose
    match text it holds, or a promise of exactly that amount made on or before its date, if it
    reads as Amex's own adjustment (`adjustment`); one that may or may not is reported as a
    possible match and closes nothing. `used` maps the row keys of
    earlier matches to what they were matched to, (TARGET, KEY) with TARGET one of "fee",
    "offer", "benefit", "call": those rows are reported as known and never matched again.
    """
    result = Result(rows=len(statement.rows))
    used = used or {}
    promises = sorted(promises, key=lambda p: (p.since, p.ref))
    offers = sorted(offers, key=lambda o: (o.expires or date.max, o.id))
    benefits = list(benefits)
    mapped, orphans = _owners(statement.rows, cards, card)
    refunds = _refunds(mapped, rules)
    taken: set[tuple[str, str]] = set()  # offers paid and promises kept by this statement
    possible: set[str] = set()  # promises a credit may have kept: reported, never closed
    for row, owner in sorted(mapped, key=lambda m: (m[0].date, m[0].line)):
        watched = cards[owner]
        if row.cents > 0:
            if any(contains(row.text, p) for p in watched.fee_patterns):
                _fee(result, row, watched, known=row.key in used or row.key in watched.fees)
            elif (hint := _fee_hint(row, watched)) is not None:
                result.items.append(hint)
            continue
        if row.key in used:
            result.kept += 1
            result.items.append(_known_credit(row, owner, *used[row.key]))
            continue
        if row.cents == 0:
            continue
        open_offers = [o for o in offers if ("offer", o.id) not in taken]
        open_promises = [p for p in promises if ("call", p.ref) not in taken]
        match, notice = _credit_match(
            row, owner, open_offers, benefits, open_promises, rules, refund=id(row) in refunds
        )
        # a promise is reported as possibly kept once, by the first credit that may have
        possibly_kept = notice is not None and (notice.command or "").startswith("amex log done")
        if notice is not None and not (possibly_kept and notice.ref in possible):
            if possibly_kept:
                possible.add(str(notice.ref))
            result.items.append(notice)
        if match is not None:
            result.kept += 1
            result.records.append(Record(match[0], match[1], row.key, row.date, -row.cents))
            result.items.append(match[2])
            taken.add((match[0], match[1]))
    covered = {owner for _, owner in mapped}
    for p in promises:
        if ("call", p.ref) in taken or p.ref in possible:
            continue
        if p.card is None or p.card in covered:
            result.items.extend(_late_promise(p, today))
    for o in offers:
        late = late_offer(o, days=rules.offer_days, today=today)
        if late is not None and ("offer", o.id) not in taken and o.card in covered:
            result.items.append(late)
    for account, count in sorted(orphans.items(), key=lambda a: a[0] or ""):
        result.unmapped += count
        result.items.append(_orphans(account, count, card))
    return result


def _owners(
    rows: Iterable[Row], cards: Mapping[str, Watched], card: str | None
) -> tuple[list[tuple[Row, str]], dict[str | None, int]]:
    """Each row with its card, and how many rows of each account no card claims."""
    by_last5 = {c.last5: c.key for c in cards.values() if c.last5}
    mapped: list[tuple[Row, str]] = []
    orphans: dict[str | None, int] = {}
    for row in rows:
        owner = by_last5.get(row.account) if row.account else card
        if owner is None or (card is not None and owner != card):
            orphans[row.account] = orphans.get(row.account, 0) + 1
        else:
            mapped.append((row, owner))
    return mapped, orphans


def _late_promise(p: Promise, today: date) -> list[Item]:
    if p.due is None or p.due >= today:
        return []
    said = f' ("{p.promise}")' if p.promise else ""
    what = (
        f"{money(p.cents)} promised on {p.since}{said}, due by {p.due}, has not been credited. "
        f"Call back and quote reference {p.ref}."
    )
    return [
        Item("overdue", p.card, p.due, None, None, p.ref, what, f"amex log show {_shell(p.ref)}")
    ]


Match = tuple[str, str, Item]  # (target, its key, what to report)


def is_offer_credit(row: Row, rules: Rules) -> bool:
    """Whether a credit says it is an Amex Offer's, in its description or extended details."""
    return row.cents < 0 and any(contains(row.text, m) for m in rules.offer_markers)


def _credit_match(
    row: Row,
    owner: str,
    offers: Sequence[OfferWatch],
    benefits: Sequence[BenefitWatch],
    promises: Sequence[Promise],
    rules: Rules,
    *,
    refund: bool,
) -> tuple[Match | None, Item | None]:
    """What a credit pays, and anything uncertain about it to report (see `reconcile`)."""
    if is_offer_credit(row, rules):  # before the refund rule: it bears the merchant's name
        match = _offer(row, owner, offers, rules)
        return match, None if match else _stray_offer_credit(row, owner)
    if refund or any(contains(row.text, p) for p in rules.payment_patterns):
        return None, None
    match = (
        _offer(row, owner, offers, rules)
        or _benefit(row, owner, benefits)
        or _promise(row, owner, promises, rules)
    )
    return match, None if match else _maybe_promise(row, owner, promises, rules)


def _stray_offer_credit(row: Row, owner: str) -> Item:
    """An Amex Offer credit no enrolled offer claims: say so, so none is awaited in vain."""
    what = (
        f"An Amex Offer credit of {money(-row.cents)} on {row.date} matches none of the offers "
        f"you enrolled in on {owner} (merchant and amount). If it is one of them, record it: "
        f"amex offers credited ID --date {row.date} --amount {money(-row.cents)}."
    )
    return Item("possible", owner, row.date, dollars(row.cents), None, row.reference, what,
                f"amex offers --all --card {owner}")  # fmt: skip


def _offer(row: Row, owner: str, offers: Sequence[OfferWatch], rules: Rules) -> Match | None:
    """The offer a credit pays: its card, its merchant in the row, exactly its credit, by its
    end plus `offer_days`."""
    for o in offers:
        last = o.expires + timedelta(days=rules.offer_days) if o.expires else None
        if (
            o.card == owner
            and o.cents == -row.cents
            and contains(row.text, o.merchant)
            and (last is None or row.date <= last)
        ):
            what = f"Offer {o.merchant} ({o.id}): {money(o.cents)} credited on {row.date}."
            item = _credit(row, owner, ref=row.reference, what=what, command="amex offers --all")
            return "offer", o.id, item
    return None


def _benefit(row: Row, owner: str, benefits: Sequence[BenefitWatch]) -> Match | None:
    for b in benefits:
        if b.card == owner and contains(row.text, b.match):
            what = (
                f"Benefit {b.name}: {money(-row.cents)} credited on {row.date}, recorded as a use."
            )
            command = f"amex benefits list --card {owner}"
            return (
                "benefit",
                b.id,
                _credit(row, owner, ref=row.reference, what=what, command=command),
            )
    return None


def adjustment(row: Row, rules: Rules) -> bool | None:
    """Does a credit read as Amex's own adjustment? True, False (a merchant's), None (unclear).

    Its wording (statement, courtesy, retention credit, adjustment) and, in the full layout,
    its category (Fees & Adjustments) must agree; with only one of them it is unclear. In the
    5-column layout the wording decides. A merchant's return carries the merchant's descriptor,
    whether or not its purchase is in the file: it is the merchant's.
    """
    worded = any(contains(row.text, p) for p in rules.adjustment_patterns)
    if not row.category:
        return worded
    filed = _fold(row.category).startswith(_fold(rules.adjustment_category))
    return True if worded and filed else None if worded or filed else False


def _promised(row: Row, owner: str, promises: Sequence[Promise]) -> Promise | None:
    """The first promise of exactly this credit on this card, made on or before its date."""
    return next(
        (
            p
            for p in promises
            if p.card in (None, owner) and p.cents == -row.cents and row.date >= p.since
        ),
        None,
    )


def _maybe_promise(row: Row, owner: str, promises: Sequence[Promise], rules: Rules) -> Item | None:
    """A credit that may have kept a promise: reported, with the command that closes it."""
    p = _promised(row, owner, promises)
    if p is None or adjustment(row, rules) is not None:
        return None
    what = (
        f"Possibly promise {p.ref}'s credit: {money(-row.cents)} on {row.date}, the promised "
        "amount, but it does not read clearly as Amex's own adjustment (a statement, courtesy "
        "or retention credit, filed under Fees & Adjustments). Not marked done: check the "
        "statement, and if it is, mark it done."
    )
    command = f"amex log done {_shell(p.ref)}"
    return Item("possible", owner, row.date, dollars(row.cents), None, p.ref, what, command)


def _promise(row: Row, owner: str, promises: Sequence[Promise], rules: Rules) -> Match | None:
    if adjustment(row, rules) is not True:
        return None
    p = _promised(row, owner, promises)
    if p is None:
        return None
    said = f' ("{p.promise}")' if p.promise else ""
    what = (
        f"Promise {p.ref}{said} kept: {money(-row.cents)} credited. The log entry is marked done."
    )
    item = _credit(row, owner, ref=p.ref, what=what, command=f"amex log show {_shell(p.ref)}")
    return "call", p.ref, item


def _credit(row: Row, owner: str, *, ref: str | None, what: str, command: str) -> Item:
    return Item(
        kind="credit",
        card=owner,
        date=row.date,
        amount=dollars(row.cents),
        status="new",
        ref=ref,
        what=what,
        command=command,
    )


def late_offer(o: OfferWatch, *, days: int, today: date) -> Item | None:
    """An offer the user used whose credit has not come `days` after it ended, as of `today`.

    The one rule for an overdue offer credit, for `statement import` and `amex next` alike: the
    credit is due `days` after the offer's last day (after the day it was used, when it has no
    end), and overdue from the day after that.
    """
    if o.used is None:
        return None  # not used: no credit is owed
    due = (o.expires or o.used) + timedelta(days=days)
    if due >= today:
        return None
    what = (
        f"Offer {o.merchant} ({o.id}), used on {o.used}: its {money(o.cents)} credit has not "
        f"come by {due}. Ask Amex for it (chat keeps a transcript) and log the reference."
    )
    return Item("overdue", o.card, due, None, None, None, what, "amex route offer")


def awaiting_credit(enrolled: Iterable[Offer]) -> list[OfferWatch]:
    """The offers whose credit no statement has shown yet, as the import and `next` watch them."""
    return [
        OfferWatch(o.id, o.card, o.merchant, o.credit, o.expires, o.used)
        for o in enrolled
        if o.credited is None and o.reference is None
    ]


def _refunds(mapped: Sequence[tuple[Row, str]], rules: Rules) -> set[int]:
    """Credits that give back a charge: a refund pattern, or a charge's very description."""
    charged = {(owner, _fold(r.description)) for r, owner in mapped if r.cents > 0}
    return {
        id(r)
        for r, owner in mapped
        if r.cents < 0
        and (
            (owner, _fold(r.description)) in charged
            or any(contains(r.text, p) for p in rules.refund_patterns)
        )
    }


_FEE_WORD = re.compile(r"\bfee\b", re.IGNORECASE)


def _fee_hint(row: Row, card: Watched) -> Item | None:
    """A charge of the card's annual fee that mentions a fee but no fee pattern: say so."""
    if card.annual_fee is None or row.cents != card.annual_fee or not _FEE_WORD.search(row.text):
        return None
    shown, _ = redact.mask(row.description)  # never a card number, not even in a command
    wanted = [*card.fee_patterns, " ".join(shown.split())]
    command = f"amex cards edit {card.key} " + " ".join(
        f"--fee-pattern {_shell(p)}" for p in dict.fromkeys(wanted)
    )
    what = (
        f"A charge of {money(row.cents)} on {row.date}, the card's annual fee, mentions a fee "
        f"but matches none of its fee patterns: it was not read as the annual fee. If it is "
        "the fee, add its wording to the card's patterns and import again."
    )
    return Item("fee-pattern", card.key, row.date, dollars(row.cents), None, row.reference,
                what, command)  # fmt: skip


def _fee(result: Result, row: Row, card: Watched, *, known: bool) -> None:
    result.kept += 1
    if not known:
        result.records.append(Record("fee", card.key, row.key, row.date, row.cents))
    result.items.append(
        Item(
            kind="annual-fee",
            card=card.key,
            date=row.date,
            amount=dollars(row.cents),
            status="known" if known else "new",
            ref=row.reference,
            what=f"Annual fee of {money(row.cents)} posted on {row.date}.",
            command=f"amex eligibility {card.key}",
        )
    )
    month = _statement_month(row.date, card.closing_day)
    if card.fee_month != month:
        said = f"is {card.fee_month}" if card.fee_month else "is not set"
        result.items.append(
            Item(
                kind="fee-month",
                card=card.key,
                date=row.date,
                amount=None,
                status=None,
                ref=None,
                what=f"The fee is on the statement closing in month {month}, but the card's fee "
                f"month {said}.",
                command=f"amex cards edit {card.key} --fee-month {month}",
            )
        )


def _known_credit(row: Row, owner: str, target: str, key: str) -> Item:
    on = f"promise {key}" if target == "call" else f"{target} {key}"
    return Item(
        kind="credit",
        card=owner,
        date=row.date,
        amount=dollars(row.cents),
        status="known",
        ref=key if target == "call" else row.reference,
        what=f"{money(-row.cents)} credited on {row.date}, recorded earlier for {on}.",
        command=None,
    )


def _statement_month(posted: date, closing_day: int | None) -> int:
    """The month of the statement that shows a charge: the next one after the closing day."""
    if closing_day is None or posted <= day_in_month(posted.year, posted.month, closing_day):
        return posted.month
    return posted.month % 12 + 1


def _orphans(account: str | None, count: int, card: str | None) -> Item:
    rows = f"{count} row{'s' if count != 1 else ''}"
    if account is None:
        what = f"{rows} name no account: they were not read."
        command = "amex statement import FILE --card KEY" if card is None else None
    elif card is not None:
        what = f"{rows} of the account ending {account} are not {card}'s: they were not read."
        command = None
    else:
        what = f"{rows} of the account ending {account}: no card has that --last5, not read."
        command = f"amex cards edit KEY --last5 {account}"
    return Item("unmapped", None, None, None, None, None, what, command)


def _shell(text: str) -> str:
    import shlex

    return shlex.quote(text)
