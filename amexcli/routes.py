"""Which channel for which problem: data/routes.toml joined with the phone directory."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from amexcli.directory import Number, get
from amexcli.directory import lookup as lookup_numbers
from amexcli.lazy import frozen

CHANNELS = ("app", "chat", "phone", "social")


@frozen
class Route:
    topic: str
    channel: str
    number: str | None
    tip: str
    command: str | None
    source: str
    title: str
    words: tuple[str, ...]
    number_key: str | None = None  # the directory entry `number` comes from
    platinum_tip: str | None = None  # the tip for a Platinum or Centurion card (`--card`)
    card_line: bool = False  # a Platinum or Centurion card calls the Platinum line instead

    def row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}

    def matches(self, words: Iterable[str]) -> bool:
        haystack = " ".join((self.topic, self.title, *self.words)).casefold()
        return all(w in haystack for w in words)


FIELDS = ("topic", "channel", "number", "tip", "command", "source")
PLAIN_COLUMNS = FIELDS


def build(table: Mapping[str, Mapping[str, Any]], numbers: Iterable[Number]) -> list[Route]:
    numbers = list(numbers)
    return [
        Route(
            topic=topic,
            channel=row["channel"],
            number=get(numbers, row["number"]).number if row["number"] else None,
            tip=row["tip"],
            command=row["command"] or None,
            source=row["source"],
            title=row["title"],
            words=tuple(row["words"]),
            number_key=row["number"] or None,
            platinum_tip=row.get("platinum_tip"),
            card_line=bool(row.get("card_line", False)),
        )
        for topic, row in table.items()
    ]


def for_card(routes: Iterable[Route], numbers: Iterable[Number], *, platinum: bool) -> list[Route]:
    """The routes as a card's holder reads them: a Platinum or Centurion card gets its own line
    where a route says so (`card_line`), and its own tip (Premium Global Assist)."""
    from dataclasses import replace

    if not platinum:
        return list(routes)
    line = get(list(numbers), "platinum")
    mine = []
    for r in routes:
        own = replace(r, tip=r.platinum_tip or r.tip)
        mine.append(replace(own, number=line.number, number_key=line.key) if r.card_line else own)
    return mine


def lookup(routes: Iterable[Route], query: str | None) -> list[Route]:
    words = (query or "").casefold().split()
    return [r for r in routes if r.matches(words)]


def numbers_for(
    query: str | None, numbers: Iterable[Number], routes: Iterable[Route]
) -> list[Number]:
    """What `amex numbers QUERY` answers: the lines whose own names match (key, label, aliases),
    then the lines the routes matching QUERY name. Problems live in routes.toml only, so both
    commands give the same number for the same problem (`fraud`, `global assist`)."""
    numbers = list(numbers)
    found = lookup_numbers(numbers, query)
    for r in lookup(routes, query):
        if r.number_key is not None:
            entry = get(numbers, r.number_key)
            if entry not in found:
                found.append(entry)
    return found
