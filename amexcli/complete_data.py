"""`amex __complete KIND [FILE]`: the user's own data for shell completion, one per line.

Runs before Typer is imported (see __main__.py): a TAB must answer within 100 ms. A missing or
unusable data file gives no candidates and no error text, since it would land on the prompt.
"""

from __future__ import annotations

import sys
from typing import Any


def candidates(kind: str, file: str | None = None) -> list[str]:
    from amexcli import store

    try:
        doc: dict[str, Any] = store.read(store.resolve_path(file or None))
    except Exception:  # anything wrong with the file: simply no candidates
        doc = {}

    def keys(name: str) -> list[str]:
        table = doc.get(name)
        return [str(k) for k in table] if isinstance(table, dict) else []

    if kind == "cards":
        return sorted(keys("cards"))
    if kind == "refs":
        return keys("calls")
    if kind == "ids":
        return keys("retention")
    if kind == "offers":
        return sorted(keys("offers"))
    if kind == "benefits":  # `benefits use CARD NAME`: the card keys, then every benefit's name
        table = doc.get("benefits")
        names = [
            b["name"]
            for b in (table.values() if isinstance(table, dict) else ())
            if isinstance(b, dict) and isinstance(b.get("name"), str)
        ]
        return [*sorted(keys("cards")), *sorted(dict.fromkeys(names))]
    if kind == "numbers":
        from amexcli.resources import load

        return list(dict.fromkeys([*load("numbers.toml"), *keys("numbers")]))
    return []


def main(argv: list[str]) -> int:
    if argv:
        words = candidates(argv[0], argv[1] if len(argv) > 1 else None)
        sys.stdout.write("".join(w + "\n" for w in words if "\n" not in w))
    return 0
