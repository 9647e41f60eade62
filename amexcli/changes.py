"""What changed between two versions of the data file, said in a few words (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# How a section's records are named: (one, many). Sections not named here use their own name.
NOUNS = {
    "cards": ("card", "cards"),
    "calls": ("call", "calls"),
    "retention": ("retention record", "retention records"),
    "numbers": ("number", "numbers"),
    "offers": ("offer", "offers"),
    "benefits": ("benefit", "benefits"),
}
SHOWN_KEYS = 3


def noun(section: str, count: int) -> str:
    one, many = NOUNS.get(section, (section, section))
    return one if count == 1 else many


def _keys(keys: list[str]) -> str:
    shown = ", ".join(keys[:SHOWN_KEYS])
    return shown + (", ..." if len(keys) > SHOWN_KEYS else "")


def _records(doc: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The keyed sections of a document: top-level tables whose values are all tables."""
    return {
        name: table
        for name, table in doc.items()
        if name != "deleted"
        and isinstance(table, Mapping)
        and table
        and all(isinstance(v, Mapping) for v in table.values())
    }


def describe(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """E.g. `+1 call A1B2C3`, `-1 card gold (and 2 retention records)`, `~1 card plat`."""
    before, after = _records(old), _records(new)
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    changed: dict[str, list[str]] = {}
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name, {}), after.get(name, {})
        added[name] = sorted(k for k in b if k not in a)
        removed[name] = sorted(k for k in a if k not in b)
        changed[name] = sorted(k for k in a if k in b and a[k] != b[k])
    # records removed with their card are said with the card, as `cards rm` does it
    gone_cards = set(removed.get("cards", []))
    with_card: dict[str, int] = {}
    if gone_cards:
        for name, keys in removed.items():
            if name == "cards":
                continue
            dependent = [k for k in keys if before[name][k].get("card") in gone_cards]
            if dependent:
                with_card[name] = len(dependent)
                removed[name] = [k for k in keys if k not in dependent]
    parts = []
    for name in sorted(set(before) | set(after)):
        for sign, keys in (("+", added[name]), ("-", removed[name]), ("~", changed[name])):
            if not keys:
                continue
            part = f"{sign}{len(keys)} {noun(name, len(keys))} {_keys(keys)}"
            if sign == "-" and name == "cards" and with_card:
                also = ", ".join(f"{n} {noun(s, n)}" for s, n in sorted(with_card.items()))
                part += f" (and {also})"
            parts.append(part)
    others = sorted(
        k
        for k in set(old) | set(new)
        if k not in before and k not in after and k != "deleted" and old.get(k) != new.get(k)
    )
    parts += [f"~{k}" for k in others]
    return ", ".join(parts) or "no change"
