"""The phone directory: the built-in numbers plus the user's own, and lookup by words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from amexcli.lazy import frozen

FIELDS = ("key", "label", "number", "e164", "hours", "note", "source")
PLAIN_COLUMNS = ("key", "label", "number", "hours", "note")
ABROAD = "abroad"
USER_SOURCE = "your data file"
REMINDER = "The number on the back of your card is the authority; verify before you call."


@frozen
class Number:
    key: str
    label: str
    number: str
    e164: str | None
    hours: str | None
    note: str | None
    source: str
    aliases: tuple[str, ...] = ()

    def row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}

    def matches(self, words: Iterable[str]) -> bool:
        haystack = " ".join((self.key, self.label, *self.aliases)).casefold()
        return all(w in haystack for w in words)


def e164(number: str) -> str | None:
    """A North American number in E.164, or None when it is not one."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 10:
        digits = "1" + digits
    return f"+{digits}" if len(digits) == 11 and digits[0] == "1" else None


def build(
    builtin: Mapping[str, Mapping[str, Any]], user: Mapping[str, Mapping[str, Any]]
) -> list[Number]:
    """Built-in entries in file order, then the user's own; a user key replaces a built-in."""
    entries = {key: _builtin(key, e) for key, e in builtin.items()}
    for key, e in user.items():
        entries[key] = _user(key, e)
    return list(entries.values())


def _builtin(key: str, e: Mapping[str, Any]) -> Number:
    return Number(
        key=key,
        label=e["label"],
        number=e["number"],
        e164=e.get("e164") or None,
        hours=e.get("hours") or None,
        note=e.get("note") or None,
        source=e["source"],
        aliases=tuple(e.get("aliases", ())),
    )


def _user(key: str, e: Mapping[str, Any]) -> Number:
    number = str(e.get("number", ""))
    aliases = e.get("aliases", ())
    return Number(
        key=key,
        label=str(e.get("label", key)),
        number=number,
        e164=e164(number),
        hours=str(e["hours"]) if e.get("hours") else None,
        note=str(e["note"]) if e.get("note") else None,
        source=USER_SOURCE,
        aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
    )


def lookup(entries: Iterable[Number], query: str | None) -> list[Number]:
    """Entries whose key, label or aliases contain every word of `query` (any case)."""
    words = (query or "").casefold().split()
    return [n for n in entries if n.matches(words)]


def get(entries: Iterable[Number], key: str) -> Number:
    return next(n for n in entries if n.key == key)
