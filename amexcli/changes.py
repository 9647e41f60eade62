"""What changed between two versions of the data file, said in a few words (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
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


def _keys(keys: list[str], names: Mapping[str, str] | None = None) -> str:
    shown = ", ".join((names or {}).get(k, k) for k in keys[:SHOWN_KEYS])
    return shown + (", ..." if len(keys) > SHOWN_KEYS else "")


def label(section: str, key: str, table: Mapping[str, Any]) -> str:
    """A record as a person knows it: `Uber Cash on plat`, `Best Buy on gold`; else its key."""
    card = table.get("card")
    name = {"benefits": "name", "offers": "merchant", "retention": "date"}.get(section)
    if name and table.get(name) is not None and isinstance(card, str):
        return f"{table[name]} on {card}"
    return key


def _used(table: Mapping[str, Any]) -> Decimal:
    uses = table.get("uses")
    if not isinstance(uses, Mapping):
        return Decimal(0)
    return sum(
        (
            Decimal(str(u.get("amount", 0)))
            for u in uses.values()
            if isinstance(u, Mapping) and isinstance(u.get("amount", 0), int | float)
        ),
        Decimal(0),
    )


def detail(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    """What changed in one record: `used +$15`, `annual fee, fee month`, `done`."""
    from amexcli.money import format_cents

    parts = []
    delta = round((_used(new) - _used(old)) * 100)
    if delta:
        parts.append(f"used {'+' if delta > 0 else ''}{format_cents(delta)}")
    fields = sorted(k for k in set(old) | set(new) if k != "uses" and old.get(k) != new.get(k))
    parts += [f.replace("_", " ") for f in fields]
    return ", ".join(parts)


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
    """E.g. `+1 call A1B2C3`, `-1 card gold (and 2 retention records)`,
    `~1 benefit Uber Cash on plat: used +$15`."""
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
        a, b = before.get(name, {}), after.get(name, {})
        names = {k: label(name, k, t) for k, t in {**a, **b}.items()}
        for sign, keys in (("+", added[name]), ("-", removed[name]), ("~", changed[name])):
            if not keys:
                continue
            part = f"{sign}{len(keys)} {noun(name, len(keys))} {_keys(keys, names)}"
            if sign == "~" and len(keys) == 1 and (what := detail(a[keys[0]], b[keys[0]])):
                part += f": {what}"
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
