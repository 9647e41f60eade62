from __future__ import annotations

import pytest

from amexcli import directory
from amexcli.resources import load


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
