"""`amex __complete KIND [FILE]`: the user's own data for shell completion, one per line.

Runs before Typer is imported (see __main__.py): a TAB must answer within 100 ms, at 100,000
log entries as at ten. The keys come from the cache store.edit keeps beside the data file
(keycache.py) while it matches the file; otherwise the file is parsed, and the cache rewritten.
A missing or unusable data file gives no candidates and no error text, since it would land on
the prompt.
"""

from __future__ import annotations

import os
import sys

from amexcli import keycache

TYPE_CHECKING = False  # `typing` costs a TAB's budget
if TYPE_CHECKING:
    from typing import Any

TABLES = {
    "cards": "cards",
    "refs": "calls",
    "ids": "retention",
    "numbers": "numbers",
    "offers": "offers",
    "benefits": "benefits",
}


def data_path(file: str | None) -> str:
    """The data file as store.resolve_path finds it, without importing platformdirs on Linux."""
    chosen = file or os.environ.get("AMEX_FILE")
    if chosen:
        return os.path.expanduser(chosen)
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_DATA_HOME", "")
        home = os.environ.get("HOME", "")
        base = xdg if os.path.isabs(xdg) else os.path.join(home, ".local", "share")
        if os.path.isabs(base):
            return os.path.join(base, "amexcli", "amex.toml")
    from amexcli import store

    return str(store.resolve_path(None))


def _parsed(path: str) -> dict[str, Any]:
    """The file parsed, and the cache rewritten from it (if amex is not writing meanwhile)."""
    import stat
    from pathlib import Path

    from amexcli import store

    if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would never answer
        return {}
    with open(path, "rb") as f:
        seen = os.fstat(f.fileno())
        data = f.read()
    doc: dict[str, Any] = store.parse(data, Path(path))
    keycache.refresh(path, doc, seen)
    return doc


def keys(table: str, file: str | None = None) -> list[str]:
    try:
        path = data_path(file)
        found = keycache.keys(path, table)
        if found is None:
            found = keycache.table_keys(_parsed(path), table)
    except Exception:  # anything wrong with the file: simply no candidates
        return []
    return found


def candidates(kind: str, file: str | None = None) -> list[str]:
    if kind not in TABLES:
        return []
    found = keys(TABLES[kind], file)
    if kind == "cards":
        return sorted(found)
    if kind == "offers":
        return sorted(found)
    if kind == "benefits":  # `benefits use CARD NAME`: the card keys, then every benefit's name
        names = keys(keycache.field_table("benefits", "name"), file)
        return [*sorted(keys("cards", file)), *sorted(dict.fromkeys(names))]
    if kind == "numbers":
        from amexcli.resources import load

        return list(dict.fromkeys([*load("numbers.toml"), *found]))
    return found


def main(argv: list[str]) -> int:
    """`__complete KIND [FILE [PREFIX]]`: bash passes the word typed so far, and only words
    that start with it are printed (bash's own compgen takes a second over 100,000 words)."""
    prefix = argv[2] if len(argv) > 2 else ""
    if argv[:1] in (["refs"], ["ids"]):  # the long lists: the cache's bytes as they are
        try:
            raw = keycache.block(data_path(argv[1] if len(argv) > 1 else None), TABLES[argv[0]])
        except Exception:
            raw = None
        if raw is not None:
            if prefix:
                start = prefix.encode("utf-8")
                raw = b"".join(w for w in raw.splitlines(keepends=True) if w.startswith(start))
            sys.stdout.buffer.write(raw)
            return 0
    if argv:
        words = candidates(argv[0], argv[1] if len(argv) > 1 else None)
        shown = (w for w in words if w.isprintable() and w.startswith(prefix))  # as keycache's
        sys.stdout.write("".join(w + "\n" for w in shown))
    return 0
