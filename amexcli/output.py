"""Rendering: a rich table on a terminal, tab-separated lines in a pipe, JSON on request.

The mode is chosen once per command (`choose`); rich is imported only for a terminal.

The user's text is data, never markup or control: every value shown on a terminal goes through
`literal` (a rich Text, never parsed as markup, its control characters made visible by
`visible`), every plain field through `plain_field`, every message through `warn`/`info`/
`message`. The console amex hands out parses no markup and no emoji codes at all, so a string
printed by mistake is still shown as written.

Every terminal table is laid out here, by `layout.fit`, from its columns' kinds: identifiers
(phone numbers, refs, keys, dates, times, amounts) are never wrapped or cut; free text gives way,
then columns drop out, then the table becomes one record per block. Output taller than the
terminal goes through the pager, as git does (`paged`).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from amexcli.errors import InputError
from amexcli.serialize import dumps, field

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from amexcli.layout import Kind

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


# What a terminal would obey rather than show: C0 and C1 controls (ESC, CR, NUL, BEL, CSI, ...)
# and DEL; Unicode's bidirectional overrides and isolates, which reorder what is shown; line and
# paragraph separators; and lone surrogates (a non-UTF-8 byte), which cannot even be printed.
_HIDDEN = (  # compiled on first use (re's cache): most text has none of these at all
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

    if value.isprintable():  # each character above is a control, a format or a separator
        return value

    def show(m: re.Match[str]) -> str:
        ch = m.group()
        return ch if ch == "\n" and newlines else _shown(ch)

    return re.sub(_HIDDEN, show, value)


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


def write_json_array(items: Iterable[Any]) -> None:
    """What `dumps(list(items))` prints, written item by item, so that a log of 100,000
    entries is never held whole as rows and as one string (twice its size)."""
    write = sys.stdout.write
    first = True
    for item in items:
        write(("[\n  " if first else ",\n  ") + dumps(item).replace("\n", "\n  "))
        first = False
    write("[]\n" if first else "\n]\n")


def colour_allowed() -> bool:
    """Colour, unless NO_COLOR or TERM=dumb (NO_COLOR is about colour: bold stays)."""
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def console() -> Console:
    """Rich for a terminal only: no colour with NO_COLOR, no escapes at all with TERM=dumb.

    It parses no markup and no :emoji: codes: style with `literal(value, style)` or `style=`.
    """
    from rich.console import Console

    dumb = os.environ.get("TERM") == "dumb"
    return Console(
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if dumb else "auto",
        no_color=not colour_allowed(),  # bold and underline, not colour
    )


# The pager, as git does it: AMEX_PAGER, else PAGER, else `less -FRX`; "" or `cat` for none.
DEFAULT_PAGER = "less -FRX"
_pager_allowed = True


def no_pager() -> None:
    """`amex --no-pager`: write straight to the terminal."""
    global _pager_allowed  # noqa: PLW0603 -- one switch per process, set by the root option
    _pager_allowed = False


def pager_command() -> list[str] | None:
    """The pager to run, as argv; None for none."""
    import shlex

    if not _pager_allowed:
        return None
    value = os.environ.get("AMEX_PAGER", os.environ.get("PAGER", DEFAULT_PAGER))
    try:
        argv = shlex.split(value)
    except ValueError:  # an unbalanced quote: no pager rather than a traceback
        return None
    return None if not argv or argv == ["cat"] else argv


@contextmanager
def paged() -> Iterator[Console]:
    """A terminal console; what is printed to it goes through the pager when taller than the
    terminal. In a pipe, or with no pager, it goes straight to stdout."""
    out = console()
    argv = pager_command() if stdout_is_tty() else None
    if argv is None:
        yield out
        return
    with out.capture() as captured:
        yield out
    shown = captured.get()
    if shown.count("\n") < out.size.height:
        sys.stdout.write(shown)
    else:
        _page(argv, shown)
    sys.stdout.flush()


def _page(argv: list[str], shown: str) -> None:
    import signal
    import subprocess

    sys.stdout.flush()
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}  # for a bare `less`, as git
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:  # no such pager: the text still reaches the terminal
        sys.stdout.write(shown)
        return
    assert proc.stdin is not None
    # Ctrl-C is for the pager (less clears its prompt with it); amex waits, as git does
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            proc.stdin.write(shown.encode(sys.stdout.encoding or "utf-8", "replace"))
            proc.stdin.close()
        except BrokenPipeError:  # quit before the end
            pass
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def emit_rows(
    rows: Iterable[Row],
    columns: Sequence[str],
    mode: Mode,
    *,
    headers: Sequence[str] | None = None,
    kinds: Mapping[str, Kind] | None = None,
    footer: str | None = None,
    empty: str | None = None,
) -> None:
    """A list of records: JSON array, plain lines of `columns`, or a table with a footer note.

    An empty list is `[]` in JSON, nothing in plain, and on a terminal no table but the `empty`
    message on stderr ("no calls logged yet ...").
    """
    if mode == "json":
        write_json_array(dict(r) for r in rows)
    elif mode == "plain":
        write = sys.stdout.write  # line by line: 100,000 entries are never one string
        for r in rows:
            write("\t".join(plain_field(r.get(c)) for c in columns) + "\n")
    elif rows := list(rows):
        with paged() as out:
            draw_table(out, rows, columns, headers=headers, kinds=kinds)
            if footer:
                out.print(literal(footer, "dim"))
    elif empty:
        sys.stderr.write(message(empty))


# Columns read aloud, typed or copied: on a terminal never wrapped and never cut. Any column
# whose values are all dates, times, numbers or phone numbers is one too (`column_kind`).
IDENTIFIERS = frozenset(
    {
        "ref", "at", "date", "key", "card", "number", "e164", "id", "last5", "command",
        "follow_up", "member_since", "last_accepted", "next_change", "fee_statement",
        "refund_deadline", "expires", "annual_fee", "fee_month", "closing_day", "amount",
        "credit", "spend",
    }
)  # fmt: skip
_PHONE = r"(?a)\+?\d[\d() .-]{5,}\d"  # compiled on first use (re's cache): terminals only


def column_kind(
    column: str, values: Sequence[Any], kinds: Mapping[str, Kind] | None = None
) -> Kind:
    """How a column behaves when the terminal is narrow: "id", "text" or "extra" (drops first)."""
    if kinds and column in kinds:
        return kinds[column]
    if column in IDENTIFIERS:
        return "id"
    filled = [v for v in values if v not in (None, "")]
    from decimal import Decimal  # a terminal's table only: a pipe does without it

    exact = (date, int, float, Decimal)  # bool is an int: yes/no is never split either
    if filled and all(
        isinstance(v, exact) or (isinstance(v, str) and re.fullmatch(_PHONE, v)) for v in filled
    ):
        return "id"
    return "text"


def cell(value: Any) -> Text:
    """A table cell: a value as `literal` text, or a rich Text a command styled itself."""
    from rich.text import Text

    return value if isinstance(value, Text) else literal(value)


def draw_table(
    out: Console,
    rows: Sequence[Row],
    columns: Sequence[str],
    *,
    headers: Sequence[str] | None = None,
    kinds: Mapping[str, Kind] | None = None,
    spaced: bool = False,
) -> None:
    """Rows as a table fitted to the terminal (see `layout.fit`), or as one block per record."""
    from rich.cells import cell_len
    from rich.table import Table

    from amexcli.layout import fit

    titles = list(headers or [c.replace("_", " ") for c in columns])
    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    kind = [column_kind(c, [r.get(c) for r in rows], kinds) for c in columns]
    shape = fit(titles, [[t.plain for t in r] for r in cells], kind, out.width, measure=cell_len)
    if shape.blocks:
        width = max(cell_len(t) for t in titles)
        for n, record in enumerate(cells):
            if n:
                out.print()
            _block(out, titles, record, kind, label_width=width)
        return
    table = Table(box=None, pad_edge=False, header_style="bold", show_lines=spaced)
    for i, width in zip(shape.shown, shape.widths, strict=True):
        whole = kind[i] == "id"
        table.add_column(
            titles[i], width=width, no_wrap=whole, overflow="ignore" if whole else "fold"
        )
    for record in cells:
        table.add_row(*(record[i] for i in shape.shown))
    out.print(table)


def _block(
    out: Console,
    labels: Sequence[str],
    values: Sequence[Text],
    kinds: Sequence[Kind],
    *,
    label_width: int = 0,
) -> None:
    """One record, a field a line: `label  value`, or the label above its value when an
    identifier would not fit beside it."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from amexcli.layout import GAP

    filled = [(lab, v, k) for lab, v, k in zip(labels, values, kinds, strict=True) if v.plain]
    if not filled:
        return
    label_width = max(label_width, *(cell_len(lab) for lab, _, _ in filled))
    room = out.width - label_width - GAP
    longest = max(
        (cell_len(line) for _, v, k in filled if k == "id" for line in v.plain.split("\n")),
        default=0,
    )
    if room >= max(longest, 12):
        grid = Table.grid(padding=(0, GAP, 0, 0))
        grid.add_column(width=label_width, no_wrap=True, style="bold")
        grid.add_column(width=room)
        for lab, value, k in filled:
            value.no_wrap, value.overflow = (True, "ignore") if k == "id" else (False, "fold")
            grid.add_row(lab, value)
        out.print(grid)
        return
    for lab, value, k in filled:  # stacked: the value on its own line, never cut
        out.print(Text(lab, style="bold"))
        if k == "id":
            out.print(Text("  ").append_text(value), no_wrap=True, overflow="ignore", crop=False)
        else:
            out.print(Text("  ").append_text(value), overflow="fold")


def emit_object(obj: Row, mode: Mode, *, columns: Sequence[str], tty: Callable[[], None]) -> None:
    """One record: a JSON object, one plain line, or the command's own terminal rendering."""
    if mode == "json":
        sys.stdout.write(dumps(dict(obj)) + "\n")
    elif mode == "plain":
        emit_rows([obj], columns, mode)
    else:
        tty()


def emit_fields(
    obj: Row, fields: Sequence[str], *, kinds: Mapping[str, Kind] | None = None
) -> None:
    """One record on a terminal: its filled fields, a label and a value a line."""
    with paged() as out:
        _block(
            out,
            [f.replace("_", " ") for f in fields],
            [cell(obj.get(f)) for f in fields],
            [column_kind(f, [obj.get(f)], kinds) for f in fields],
        )


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
