"""Rendering: a rich table on a terminal, tab-separated lines in a pipe, JSON on request.

The mode is chosen once per command (`choose`); rich is imported only for a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from amexcli.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

Mode = Literal["table", "plain", "json"]
Row = Mapping[str, Any]


def stdout_is_tty() -> bool:
    return sys.stdout.isatty()


def choose(*, json_: bool = False, plain: bool = False) -> Mode:
    if json_ and plain:
        raise InputError("--json and --plain cannot be used together; choose one.")
    if json_:
        return "json"
    return "plain" if plain or not stdout_is_tty() else "table"


def field(value: Any) -> str:
    """One value as scripts read it: ISO dates, times to the minute, true/false, "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def text(value: Any) -> str:
    """One value as a person reads it on a terminal."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return field(value)


def plain_field(value: Any) -> str:
    """A field of a plain line: backslash, tab and newline escaped, so a record is one line."""
    return field(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _json_default(value: Any) -> str:
    if isinstance(value, date):  # a datetime is a date too
        return field(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(value: Any) -> str:
    import json  # only for --json: a pipe's plain lines do without it

    return json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)


def colour_allowed() -> bool:
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def console() -> Console:
    """Rich for a terminal only; with NO_COLOR or TERM=dumb it writes no escapes at all."""
    from rich.console import Console

    return Console(highlight=False, color_system="auto" if colour_allowed() else None)


def emit_rows(
    rows: Sequence[Row],
    columns: Sequence[str],
    mode: Mode,
    *,
    headers: Sequence[str] | None = None,
    footer: str | None = None,
) -> None:
    """A list of records: JSON array, plain lines of `columns`, or a table with a footer note.

    An empty list is `[]` in JSON, nothing in plain, and no table at all on a terminal.
    """
    if mode == "json":
        sys.stdout.write(dumps([dict(r) for r in rows]) + "\n")
    elif mode == "plain":
        sys.stdout.write(
            "".join("\t".join(plain_field(r.get(c)) for c in columns) + "\n" for r in rows)
        )
    elif rows:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, header_style="bold")
        for title in headers or [c.replace("_", " ") for c in columns]:
            table.add_column(title, overflow="fold")
        for r in rows:
            table.add_row(*(text(r.get(c)) for c in columns), style=None)
        out = console()
        out.print(table)
        if footer:
            out.print(footer, style="dim")


def emit_object(obj: Row, mode: Mode, *, columns: Sequence[str], tty: Callable[[], None]) -> None:
    """One record: a JSON object, one plain line, or the command's own terminal rendering."""
    if mode == "json":
        sys.stdout.write(dumps(dict(obj)) + "\n")
    elif mode == "plain":
        emit_rows([obj], columns, mode)
    else:
        tty()


def emit_fields(obj: Row, fields: Sequence[str]) -> None:
    """One record on a terminal: a two-column list of its filled fields."""
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for f in fields:
        if obj.get(f) not in (None, ""):
            table.add_row(f.replace("_", " "), text(obj[f]))
    console().print(table)


def warn(message: str) -> None:
    sys.stderr.write(f"amex: warning: {message}\n")


def info(message: str) -> None:
    """A confirmation for the person at the keyboard: silent in scripts and cron jobs."""
    if sys.stderr.isatty():
        sys.stderr.write(f"amex: {message}\n")
