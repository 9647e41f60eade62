from __future__ import annotations

import pytest

from amexcli import directory
from amexcli.resources import load
from conftest import Run


@pytest.fixture
def entries() -> list[directory.Number]:
    return directory.build(load("numbers.toml"), {})


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("lost", "lost-stolen"),
        ("STOLEN", "lost-stolen"),
        ("plat", "platinum"),
        ("abroad", "abroad"),
        ("travel", "abroad"),
        ("collect", "abroad"),
        ("new card", "applications"),
    ],
)
def test_query_matches_key_label_and_aliases(
    entries: list[directory.Number], query: str, key: str
) -> None:
    assert key in [n.key for n in directory.lookup(entries, query)]


def test_every_word_must_match(entries: list[directory.Number]) -> None:
    assert directory.lookup(entries, "lost zebra") == []


def test_seed_numbers_with_valid_e164(entries: list[directory.Number]) -> None:
    for n in entries:
        assert n.source
        if n.e164:
            assert n.e164 == directory.e164(n.number)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1-800-528-4800", "+18005284800"),
        ("(800) 528 4800", "+18005284800"),
        ("+44 20 7946 0000", None),
        ("711", None),
    ],
)
def test_e164(number: str, expected: str | None) -> None:
    assert directory.e164(number) == expected


def test_user_number_replaces_builtin_in_place(entries: list[directory.Number]) -> None:
    merged = directory.build(load("numbers.toml"), {"general": {"label": "Mine", "number": "5"}})
    assert [n.key for n in merged] == [n.key for n in entries]
    assert directory.get(merged, "general").label == "Mine"


def _vocabulary() -> list[str]:
    words = set()
    for key, e in load("numbers.toml").items():
        words |= {key, *e.get("aliases", []), *e["label"].split()}
    for topic, row in load("routes.toml").items():
        words |= {topic, *row["words"], *row["title"].split()}
    return sorted(w.strip("()").casefold() for w in words if w.strip("()"))


def test_numbers_and_route_never_disagree_on_any_word() -> None:
    """For every word either file knows, `numbers WORD` includes every number `route WORD`
    names, and every problem word (a route's) reaches a number only through routes.toml."""
    from amexcli import routes

    entries = directory.build(load("numbers.toml"), {})
    table = routes.build(load("routes.toml"), entries)
    for word in _vocabulary():
        by_route = {r.number for r in routes.lookup(table, word) if r.number}
        by_numbers = {n.number for n in routes.numbers_for(word, entries, table)}
        assert by_route <= by_numbers, word
    # an alias that is also a problem's topic names the very line that problem's route calls
    for key, e in load("numbers.toml").items():
        for alias in e.get("aliases", []):
            row = load("routes.toml").get(alias)
            assert row is None or row["number"] == key, f"{alias!r}: decide it in routes.toml"


@pytest.mark.parametrize(
    ("query", "number"),
    [("fraud", "1-800-528-4800"), ("global assist", "1-336-393-1111"),
     ("stolen", "1-800-992-3404"), ("retention", "1-800-528-4800")],
)  # fmt: skip
def test_numbers_and_route_give_the_same_first_line(run: Run, query: str, number: str) -> None:
    numbers = run("numbers", query).stdout.splitlines()
    route = run("route", query).stdout.splitlines()
    assert numbers[0].split("\t")[2] == number
    assert route[0].split("\t")[2] == number
    assert all(line.split("\t")[2] != "1-800-992-3404" for line in numbers) or query == "stolen"
