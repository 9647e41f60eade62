"""The reference-number log: entries keyed by ref, filters, follow-ups, export and import."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any

from amexcli import redact
from amexcli.dates import in_range, iso_date, iso_datetime
from amexcli.errors import DataFileError, InputError
from amexcli.lazy import frozen
from amexcli.serialize import dumps, field

CHANNELS = ("phone", "chat", "app", "social", "mail")
DEPARTMENTS = (
    "general", "retention", "dispute", "fraud", "concierge", "global-assist",
    "financial-review", "travel", "billing",
)  # fmt: skip
TEXT_FIELDS = ("card", "department", "channel", "rep", "summary", "promise")
# done and promise came later: appended, so that `cut -f1-8` scripts keep working
PLAIN_COLUMNS = (
    "ref", "at", "card", "department", "channel", "rep", "follow_up", "summary", "done", "promise",
)  # fmt: skip


@frozen
class Call:
    ref: str
    at: datetime
    card: str | None = None
    department: str | None = None
    channel: str | None = None
    rep: str | None = None
    summary: str | None = None
    promise: str | None = None
    follow_up: date | None = None
    done: bool = False
    expect: float | None = None  # dollars of credit promised (`--expect`)
    credited: date | None = None  # when that credit posted, from `amex statement import`
    credit_ref: str | None = None  # the statement row's reference (or digest) of that credit

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def table(self) -> dict[str, Any]:
        """Its TOML table: the ref names the table; unset fields and done = false are left out."""
        return {k: v for k, v in self.row().items() if k != "ref" and v not in (None, False)}

    def text(self) -> str:
        return "\n".join(v for v in (self.ref, *(getattr(self, f) for f in TEXT_FIELDS)) if v)


FIELDS = tuple(f.name for f in fields(Call))


def check_ref(ref: str) -> str:
    """The ref trimmed and in Unicode NFC (a precomposed and a decomposed Å are one letter)."""
    import unicodedata

    ref = unicodedata.normalize("NFC", ref.strip())
    if not ref:
        raise InputError("the reference number must not be empty.")
    if "\n" in ref or "\t" in ref:
        raise InputError("the reference number must be one line without tabs.")
    if _CONTROL.search(ref):
        raise InputError(
            "the reference number must not hold control characters (NUL, CR, ESC, ...)."
        )
    return ref


_SURROGATE = re.compile("[\ud800-\udfff]")
# control characters, bidirectional controls and lone surrogates: never part of a ref
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def fold(ref: str) -> str:
    """How refs compare: NFC, then case-folded (`a1b2c3` is `A1B2C3`, `REF-Å` is `ref-å`)."""
    import unicodedata

    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", ref).casefold())


def check_channel(channel: str | None) -> str | None:
    if channel is not None and channel not in CHANNELS:
        raise InputError(f"channel {channel!r} is not one of {', '.join(CHANNELS)}.")
    return channel


def stored_key(section: Mapping[str, Any], ref: str) -> str | None:
    """The key under which `ref` is stored, ignoring case and Unicode form; None when not."""
    if ref in section:
        return ref
    folded = fold(ref)
    return next((k for k in section if fold(k) == folded), None)


def key_index(section: Mapping[str, Any]) -> dict[str, str]:
    """Folded ref -> stored key, for looking up many refs at once (an import) in linear time."""
    return {fold(k): k for k in section}


def from_table(ref: str, t: Mapping[str, Any]) -> Call:
    at = t.get("at")
    if isinstance(at, date) and not isinstance(at, datetime):
        at = datetime.combine(at, datetime.min.time())
    if isinstance(at, datetime) and at.tzinfo is not None:
        # a hand-written offset: shown, sorted and filtered as the local time it names
        at = at.astimezone().replace(tzinfo=None)
    if not isinstance(at, datetime):
        raise DataFileError(f"calls.{ref}.at must be a date and time, e.g. 2026-03-20T19:05:00.")
    follow_up = t.get("follow_up")
    if follow_up is not None and (type(follow_up) is not date):
        raise DataFileError(f"calls.{ref}.follow_up must be a date, e.g. 2026-05-20.")
    credited = t.get("credited")
    if credited is not None and (type(credited) is not date):
        raise DataFileError(f"calls.{ref}.credited must be a date, e.g. 2026-05-20.")
    expect = t.get("expect")
    if expect is not None and (type(expect) not in (int, float) or not 0 < expect < 1e9):
        raise DataFileError(f"calls.{ref}.expect must be an amount in dollars, e.g. 100.0.")
    credit_ref = t.get("credit_ref")
    if credit_ref is not None and not isinstance(credit_ref, str):
        raise DataFileError(f"calls.{ref}.credit_ref must be text.")
    for name, value in (("at", at), ("follow_up", follow_up), ("credited", credited)):
        if value is not None and not in_range(value):
            raise DataFileError(f"calls.{ref}.{name} {value} is out of range; fix it by hand.")
    texts: dict[str, str | None] = {}
    for name in TEXT_FIELDS:
        value = t.get(name)
        if value is not None and not isinstance(value, str):
            raise DataFileError(f"calls.{ref}.{name} must be text, not {value!r}.")
        texts[name] = value
    return Call(
        ref=ref,
        at=at,
        follow_up=follow_up,
        done=t.get("done") is True,
        expect=None if expect is None else float(expect),
        credited=credited,
        credit_ref=credit_ref,
        **texts,
    )


def load(section: Mapping[str, Mapping[str, Any]]) -> list[Call]:
    return [from_table(ref, t) for ref, t in section.items()]


@frozen
class Filters:
    card: str | None = None
    department: str | None = None
    channel: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = None


def select(calls: Iterable[Call], f: Filters) -> list[Call]:
    """Entries that pass every filter, newest first."""

    def same(a: str | None, b: str | None) -> bool:
        return b is None or (a or "").casefold() == b.casefold()

    chosen = [
        c
        for c in calls
        if same(c.card, f.card)
        and same(c.department, f.department)
        and same(c.channel, f.channel)
        and (f.since is None or c.at.date() >= f.since)
        and (f.until is None or c.at.date() <= f.until)
    ]
    chosen.sort(key=lambda c: (c.at, c.ref), reverse=True)
    return chosen[: f.limit]  # a limit of None slices nothing off


def search(calls: Iterable[Call], text: str) -> list[Call]:
    needle = text.casefold()
    return select((c for c in calls if needle in c.text().casefold()), Filters())


def due(calls: Iterable[Call], *, as_of: date) -> list[Call]:
    """Open follow-ups due on or before `as_of`, oldest first."""
    found = [c for c in calls if c.follow_up and not c.done and c.follow_up <= as_of]
    return sorted(found, key=lambda c: (c.follow_up or as_of, c.at, c.ref))


# Export and import: JSON as `log list --json` prints it, CSV with a header row of FIELDS.


def export_json(calls: Iterable[Call]) -> str:
    return dumps([c.row() for c in calls]) + "\n"


# A cell a spreadsheet would run as a formula (OWASP: = + - @ tab CR first) is written with a
# leading '; so is one that already starts with 's before such a character, so that import can
# take exactly one ' off every cell that starts with 's before one: export -> import is lossless.
_FORMULA = re.compile("'*[=+\\-@\t\r]")
_DEFUSED = re.compile("'+[=+\\-@\t\r]")


def defuse(cell: str) -> str:
    return "'" + cell if _FORMULA.match(cell) else cell


def undefuse(cell: str) -> str:
    return cell[1:] if _DEFUSED.match(cell) else cell


def export_csv(calls: Iterable[Call]) -> str:
    import csv  # here, not at the top: `log list` and `next` need neither csv nor json
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180 CRLF: a lone \r or \n in a field is then quoted
    writer.writerow(FIELDS)
    for c in calls:
        row = c.row()
        writer.writerow([defuse(field(row[name])) for name in FIELDS])
    return buffer.getvalue()


def parse_import(text: str) -> list[Call]:
    """Entries from a JSON or CSV export; any bad row rejects the whole import."""
    text = text.removeprefix("\ufeff")  # Excel's "CSV UTF-8" starts with a byte order mark
    rows = _json_rows(text) if text.lstrip()[:1] in ("[", "{") else _csv_rows(text)
    calls: list[Call] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        try:
            call = _call_from_row(row)
        except InputError as e:
            raise InputError(f"row {number}: {e} Nothing was imported.") from None
        folded = fold(call.ref)
        if folded in seen:
            raise InputError(
                f"row {number}: ref {call.ref!r} repeats row {seen[folded]}. Nothing was imported."
            )
        seen[folded] = number
        calls.append(call)
    return calls


def _json_rows(text: str) -> list[tuple[int, Mapping[str, Any]]]:
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"not valid JSON: {e}. Nothing was imported.") from None
    except RecursionError:
        raise InputError(
            "the JSON nests too deeply to be an export. Nothing was imported."
        ) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError("JSON import must be an array of objects, as `amex log export` writes.")
    return list(enumerate(data, start=1))


def _csv_rows(text: str) -> list[tuple[int, Mapping[str, Any]]]:
    import csv
    import io
    import sys

    # No limit of its own (csv's default is 128 KiB): a pasted chat as a summary is data, not an
    # attack, and the whole text is in memory already, so no cell can be larger than it.
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[tuple[int, Mapping[str, Any]]] = []
    try:
        if not reader.fieldnames or "ref" not in reader.fieldnames:
            raise InputError("CSV import needs a header row with at least ref and at.")
        for number, row in enumerate(reader, start=1):
            if None in row:
                raise InputError(f"row {number}: more fields than the header names.")
            # an empty cell is unset, and so is one a short row leaves out (None)
            cells = {k: (undefuse(v) if v else None) for k, v in row.items()}
            rows.append((number, cells))
    except csv.Error as e:
        raise InputError(f"not valid CSV: {e}. Nothing was imported.") from None
    return rows


def _fields(names: list[str]) -> str:
    """`field rep2` or `fields a, b`: what a message says of unknown field names."""
    return f"field{'' if len(names) == 1 else 's'} {', '.join(names)}"


def _call_from_row(row: Mapping[str, Any]) -> Call:
    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        raise InputError(f"unknown {_fields(unknown)}.")
    for name, value in row.items():
        if isinstance(value, str) and _SURROGATE.search(value):
            raise InputError(f"{name} is not valid Unicode (a lone surrogate such as \\ud800).")
    ref = row.get("ref")
    if not isinstance(ref, str):
        raise InputError("ref is missing.")
    at = row.get("at")
    if not isinstance(at, str):
        raise InputError("at is missing.")
    follow_up = row.get("follow_up")
    if follow_up is not None and not isinstance(follow_up, str):
        raise InputError("follow_up must be a date as text.")
    done = row.get("done")
    if isinstance(done, str) and done in ("true", "false"):
        done = done == "true"
    if done is not None and not isinstance(done, bool):
        raise InputError(f"done must be true or false, not {done!r}.")
    texts = {}
    for name in (*TEXT_FIELDS, "credit_ref"):
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name} must be text.")
        texts[name] = value
    check_channel(texts["channel"])
    credited = row.get("credited")
    if credited is not None and not isinstance(credited, str):
        raise InputError("credited must be a date as text.")
    return Call(
        ref=check_ref(ref),
        at=iso_datetime(at, what="at"),
        follow_up=iso_date(follow_up, what="follow_up") if follow_up else None,
        done=bool(done),
        expect=_expect(row.get("expect")),
        credited=iso_date(credited, what="credited") if credited else None,
        **texts,
    )


def check_expect(value: str) -> float:
    """`--expect AMOUNT`: dollars and cents as people type them (`100`, `$1,234.50`), above zero."""
    from amexcli.money import parse_money

    amount = parse_money(value, what="--expect", negative=True)
    if amount <= 0:
        raise InputError(
            f"--expect must be an amount above zero, e.g. 100 or $39.50, not {value!r}."
        )
    return float(amount)


def _expect(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        return check_expect(value)
    if type(value) in (int, float) and 0 < value < 1e9:
        return float(value)
    raise InputError(f"expect must be an amount above zero, in dollars, not {value!r}.")


def masked(call: Call) -> tuple[Call, list[str]]:
    values, fields_masked = redact.mask_fields(
        {"ref": call.ref, **{f: getattr(call, f) for f in TEXT_FIELDS}}
    )
    return replace(call, **values), fields_masked


def date_warnings(
    *, at: date | None = None, follow_up: date | None = None, now: datetime
) -> list[str]:
    """What looks like a slip in the dates given: a call in the future, a follow-up already past.

    Both are allowed (a call booked for later; a follow-up noted late), so these are warnings.
    `at` is the call's date and time, or a day alone (a retention record's).
    """
    found = []
    later = at > now if isinstance(at, datetime) else at is not None and at > now.date()
    if later:
        found.append(f"the call is dated {field(at)}, in the future; saved as given.")
    if follow_up is not None and follow_up < now.date():
        found.append(
            f"the follow-up {field(follow_up)} is already past; saved as given, "
            "so it is due now (`amex log due`)."
        )
    return found


# `amex log edit REF` with no option opens the entry in an editor, as TOML.

EDITABLE = (
    "ref", "at", "card", "department", "channel", "rep", "summary", "promise", "expect",
    "follow_up",
)  # fmt: skip
BUFFER_HEAD = """\
# Change the entry, save and quit: amex applies it with the same checks as `amex log edit`.
# "" empties a field; ref renames the entry; dates take the forms the options take.
# Quit without saving to leave the entry as it is.
"""


def edit_buffer(call: Call) -> str:
    """The entry as TOML for an editor: every field, "" for an empty one."""
    import tomli_w

    values: dict[str, Any] = {
        name: getattr(call, name) if getattr(call, name) is not None else "" for name in EDITABLE
    }
    values["at"] = call.at.replace(second=0, microsecond=0)
    values["done"] = call.done
    return BUFFER_HEAD + tomli_w.dumps(values)


def read_buffer(text: str) -> dict[str, str | bool]:
    """What an edited buffer says: each field as text, as its option would take it, and `done`.

    A deleted line empties its field. Anything that is not the entry's TOML is bad input.
    """
    from datetime import time

    import tomli

    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as e:
        raise InputError(f"the entry is not valid TOML: {e}.") from None
    except RecursionError:  # tomli's own limit on nested arrays and inline tables
        raise InputError("the entry nests too deeply to be an entry.") from None
    unknown = sorted(set(data) - {*EDITABLE, "done"})
    if unknown:
        raise InputError(f"unknown {_fields(unknown)}; the fields are {', '.join(EDITABLE)}, done.")
    found: dict[str, str | bool] = {}
    for name in EDITABLE:
        value = data.get(name, "")
        if isinstance(value, (datetime, time)):
            value = value.isoformat(timespec="minutes")
        elif isinstance(value, date):
            value = value.isoformat()
        elif name == "expect" and type(value) in (int, float):
            value = str(value)
        elif not isinstance(value, str):
            raise InputError(f"{name} must be text in quotes, not {value!r}.")
        found[name] = value
    done = data.get("done", False)
    if not isinstance(done, bool):
        raise InputError(f"done must be true or false, not {done!r}.")
    found["done"] = done
    return found
