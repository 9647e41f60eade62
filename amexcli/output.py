"""Rendering: a rich table on a terminal, tab-separated lines in a pipe, JSON on request.

The mode is chosen once per command (`choose`); rich is imported only for a terminal.

The user's text is data, never markup or control: every value shown on a terminal goes through
`literal` (a rich Text, never parsed as markup, its control characters made visible by
`visible`), every plain field through `plain_field`, every message through `warn`/`info`/
`message`. The console amex hands out parses no markup and no emoji codes at all, so a string
printed by mistake is still shown as written.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from amexcli.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

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
    if isinstance(value, float):  # amex's only floats are dollars: always with cents
        return f"{value:.2f}"
    if isinstance(value, list | tuple):  # e.g. a card's fee patterns
        return "; ".join(field(v) for v in value)
    return str(value)


# What a terminal would obey rather than show: C0 and C1 controls (ESC, CR, NUL, BEL, CSI, ...)
# and DEL; Unicode's bidirectional overrides and isolates, which reorder what is shown; line and
# paragraph separators; and lone surrogates (a non-UTF-8 byte), which cannot even be printed.
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _shown(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(value: str, *, newlines: bool = True) -> str:
    """`value` with every control character written out (ESC as \\x1b, CR as \\r, ...).

    A line break is kept when `newlines` (a multi-line summary on a terminal); everything else
    that a terminal would act on is shown as text instead.
    """

    def show(m: re.Match[str]) -> str:
        ch = m.group()
        return ch if ch == "\n" and newlines else _shown(ch)

    return _HIDDEN.sub(show, value)


def text(value: Any) -> str:
    """One value as a person reads it on a terminal: control characters made visible."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return visible(field(value))


def literal(value: Any, style: str = "") -> Text:
    """One value for rich: literal text (never markup), control characters made visible."""
    from rich.text import Text

    return Text(text(value), style=style)


def plain_field(value: Any) -> str:
    """A field of a plain line: backslash, tab, newline and CR escaped, so a record is one line.

    Other control characters are written as \\xHH or \\uHHHH; as backslash is escaped too, a
    script can undo it exactly.
    """
    return visible(field(value).replace("\\", "\\\\"), newlines=False)


def _json_default(value: Any) -> str:
    if isinstance(value, date):  # a datetime is a date too
        return field(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# json escapes C0 controls itself; these it would write raw (DEL, C1, bidi controls, separators).
_JSON_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(value: Any) -> str:
    """JSON, non-ASCII text as is, but nothing a terminal would obey (all escaped as \\uHHHH)."""
    out = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
    # such characters can only stand inside a JSON string, where \\uHHHH means the same
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", out)


def colour_allowed() -> bool:
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def console() -> Console:
    """Rich for a terminal only; with NO_COLOR or TERM=dumb it writes no escapes at all.

    It parses no markup and no :emoji: codes: style with `literal(value, style)` or `style=`.
    """
    from rich.console import Console

    return Console(
        highlight=False,
        markup=False,
        emoji=False,
        color_system="auto" if colour_allowed() else None,
    )


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
            table.add_row(*(literal(r.get(c)) for c in columns), style=None)
        out = console()
        out.print(table)
        if footer:
            out.print(literal(footer, "dim"))


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
            table.add_row(f.replace("_", " "), literal(obj[f]))
    console().print(table)


def message(line: str) -> str:
    """A message for stderr: `amex: ` and the text, control characters made visible and card
    numbers masked (a message may repeat what was typed)."""
    from amexcli.redact import mask

    return f"amex: {visible(mask(line)[0])}\n"


def warn(line: str) -> None:
    sys.stderr.write(message(f"warning: {line}"))


def info(line: str) -> None:
    """A confirmation for the person at the keyboard: silent in scripts and cron jobs."""
    if sys.stderr.isatty():
        sys.stderr.write(message(line))
