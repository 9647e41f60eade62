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

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
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
    if isinstance(value, datetime):  # as people write it: ISO is for pipes and JSON
        return human_time(value)
    return visible(field(value))


def human_time(value: datetime) -> str:
    """A date-time on a terminal: `2026-12-07 18:55`, no `T`."""
    return value.strftime("%Y-%m-%d %H:%M")


def literal(value: Any, style: str = "") -> Text:
    """One value for rich: literal text (never markup), control characters made visible."""
    from rich.text import Text

    return Text(text(value), style=style)


def print_hanging(out: Console, first: str, rest: str, body: Text) -> None:
    """`body` wrapped at word boundaries beside `first`, its further lines beside `rest`: a
    bullet's text hangs under its first word, a quote keeps its bar on every line."""
    from rich.text import Text

    for n, line in enumerate(body.wrap(out, max(out.width - len(first), 20))):
        line.rstrip()  # a wrapped line keeps the space it broke at
        out.print(Text(rest if n else first, style=body.style).append_text(line), crop=False)


def print_indented(out: Console, body: Text) -> None:
    """`body` wrapped two cells in, each line as long as its text: rich's Padding would fill
    every line with spaces to the terminal's width, which a copy or `script` then keeps."""
    from rich.text import Text

    for line in body.wrap(out, max(out.width - 2, 1)):
        line.rstrip()
        out.print(Text("  ", style=body.style).append_text(line), crop=False)


def print_prose(out: Console, line: str, style: str = "") -> None:
    """A line of prose, literal, wrapped under its own indent; a line at column 0 (a title)
    hangs two cells in, so that its continuation is not taken for a new line."""
    body = line.lstrip(" ")
    indent = " " * (len(line) - len(body))
    print_hanging(out, indent, indent or "  ", literal(body, style))


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
    width, height = terminal_size() if dumb else (None, None)
    return Console(
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if dumb else "auto",
        no_color=not colour_allowed(),  # bold and underline, not colour
        width=width,  # rich assumes 80x25 for TERM=dumb; the window knows better
        height=height,
    )


def terminal_size() -> tuple[int, int]:
    """Columns and lines: COLUMNS and LINES when set, else the terminal's own, else 80x24."""
    import shutil

    size = shutil.get_terminal_size((80, 24))
    return size.columns, size.lines


# The pager, as git does it: AMEX_PAGER, else PAGER, else `less -FRX`; "" or `cat` for none.
DEFAULT_PAGER = "less -FRX"
_pager_allowed = True


def no_pager() -> None:
    """`amex --no-pager`: write straight to the terminal."""
    global _pager_allowed  # noqa: PLW0603 -- one switch per process, set by the root option
    _pager_allowed = False


def pager_command() -> list[str] | None:
    """The pager to run, as argv; None for none.

    A dumb terminal cannot run `less` (it says "terminal is not fully functional" and stops
    at every screen): there only AMEX_PAGER, chosen for amex, is used.
    """
    import shlex

    if not _pager_allowed:
        return None
    if os.environ.get("TERM") == "dumb":
        value = os.environ.get("AMEX_PAGER", "")
    else:
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


@contextmanager
def streamed() -> Iterator[Console]:
    """A terminal console that writes into the pager as it goes (the output is known to be
    taller than the screen); with no pager, to the terminal. Quitting the pager early stops
    the drawing quietly."""
    import signal
    import subprocess

    argv = pager_command()
    proc = None
    if argv is not None:
        env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
        except OSError:  # no such pager: straight to the terminal
            proc = None
    if proc is None:
        yield console()
        return
    assert proc.stdin is not None
    import io

    pipe = io.TextIOWrapper(proc.stdin, encoding=sys.stdout.encoding or "utf-8", errors="replace")
    out = console()
    width, height = out.size
    from rich.console import Console as RichConsole

    out = RichConsole(
        file=pipe,
        highlight=False,
        markup=False,
        emoji=False,
        force_terminal=True,  # styled as on the terminal the pager shows it on
        color_system=out.color_system if out.color_system else None,  # type: ignore[arg-type]
        no_color=not colour_allowed(),
        width=width,
        height=height,
    )
    out.on_broken_pipe = _stop_drawing  # type: ignore[method-assign]
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the pager
    try:
        try:
            yield out
            pipe.close()
        except BrokenPipeError:  # quit before the end: nothing more to draw
            with contextlib.suppress(OSError):
                pipe.close()
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_drawing() -> None:
    """Rich would exit 1 when the pager is quit early; here it only ends the drawing."""
    raise BrokenPipeError


def page_text(argv: list[str], shown: str) -> None:
    """Show `shown` through the pager `argv` (see `pager_command`)."""
    _page(argv, shown)


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
    drop: Sequence[str] | None = None,
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
        # taller than the screen for sure: into the pager as it is drawn, a chunk at a time,
        # so that the first screen shows at once whatever the length of the list
        long = stdout_is_tty() and len(rows) >= terminal_size()[1]
        with streamed() if long else paged() as out:
            draw_table(out, rows, columns, headers=headers, kinds=kinds, drop=drop)
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


CHUNK = 40  # rows drawn at a time: a screenful, so that the first one shows at once
BLOCKS_BELOW = 60  # narrower, a table that leaves fields out becomes one block per record


def draw_table(
    out: Console,
    rows: Sequence[Row],
    columns: Sequence[str],
    *,
    headers: Sequence[str] | None = None,
    kinds: Mapping[str, Kind] | None = None,
    drop: Sequence[str] | None = None,
    spaced: bool = False,
) -> None:
    """Rows as a table fitted to the terminal (see `layout.fit`), or as one block per record.

    A `note` column stays in the table when everything fits at its natural width; otherwise
    each row's note is a line of its own under the row, wrapped with a hanging indent.
    """
    from rich.cells import cell_len
    from rich.table import Table

    from amexcli.layout import GAP, fit

    titles = list(headers or [c.replace("_", " ") for c in columns])
    kind = [column_kind(c, [r.get(c) for r in rows], kinds) for c in columns]
    # the layout is measured on the text alone; rich's cells are made a chunk at a time
    plain = [[_plain_cell(r.get(c)) for c in columns] for r in rows]

    class Cells:  # the rows' cells, made as they are drawn
        def __len__(self) -> int:
            return len(rows)

        def __getitem__(self, at: slice) -> list[list[Text]]:
            return [[cell(r.get(c)) for c in columns] for r in rows[at]]

        def __iter__(self) -> Iterator[list[Text]]:
            for start in range(0, len(rows), CHUNK):
                yield from self[start : start + CHUNK]

    cells = Cells()
    order = [columns.index(c) for c in drop or () if c in columns] if drop is not None else None
    notes = [i for i, k in enumerate(kind) if k == "note"]
    if notes:
        natural = [
            max(cell_len(line) for text in [titles[c], *(r[c] for r in plain)]
                for line in text.split("\n"))
            for c in range(len(columns))
        ]  # fmt: skip
        if sum(natural) + GAP * (len(columns) - 1) <= out.width:
            kind = ["text" if k == "note" else k for k in kind]
            notes = []
        else:
            order = [c for c in order or () if c not in notes]
            kind = ["id" if k == "note" else k for k in kind]  # measured, then set aside
    inline = [c for c in range(len(columns)) if c not in notes]
    shape = fit(
        [titles[c] for c in inline],
        [[r[c] for c in inline] for r in plain],
        [kind[c] for c in inline],
        out.width,
        measure=cell_len,
        drop=None if order is None else [inline.index(c) for c in order if c in inline],
    )
    filled = {c for c in inline if any(r[c] for r in plain)}
    if out.width < BLOCKS_BELOW and not filled <= {inline[i] for i in shape.shown}:
        shape = shape.__class__((), (), blocks=True)  # too narrow to leave a field out
    if shape.blocks:
        width = max(cell_len(t) for t in titles)
        # a note is a field like any other: a command stays whole, a remark wraps
        wraps = [
            column_kind(columns[c], [r.get(columns[c]) for r in rows]) if c in notes else k
            for c, k in enumerate(kind)
        ]
        for n, record in enumerate(cells):
            if n:
                out.print()
            _block(out, titles, record, wraps, label_width=width)
        return
    shown = [inline[i] for i in shape.shown]

    def table(header: bool) -> Table:
        t = Table(box=None, pad_edge=False, header_style="bold", show_lines=spaced)
        t.show_header = header
        for c, width in zip(shown, shape.widths, strict=True):
            k = kind[c]
            t.add_column(
                titles[c],
                width=width,
                no_wrap=k in ("id", "clip"),
                overflow="ignore" if k == "id" else "ellipsis" if k == "clip" else "fold",
            )
        return t

    def row(record: list[Text]) -> list[Text]:
        return [_one_line(record[c]) if kind[c] == "clip" else record[c] for c in shown]

    if not notes:
        for start in range(0, len(cells), CHUNK):  # each chunk reaches a pager at once
            part = table(header=start == 0)
            for record in cells[start : start + CHUNK]:
                part.add_row(*row(record))
            out.print(part)
            out.file.flush()
        return
    for n, record in enumerate(cells):  # one table a row, all of the same widths
        one = table(header=n == 0)
        one.add_row(*row(record))
        out.print(one)
        for c in notes:
            if record[c].plain:
                print_indented(out, record[c])


def _plain_cell(value: Any) -> str:
    """A cell's text as `cell` shows it, without making a rich Text of it."""
    if value is None:  # the common cases first: a long list measures every cell
        return ""
    if type(value) is str:
        return value if value.isprintable() else visible(value)
    if isinstance(value, str | int | float | date):
        return text(value)
    return str(value.plain) if hasattr(value, "plain") else text(value)


def _one_line(value: Text) -> Text:
    """A clipped cell's text on one line: its line breaks become spaces."""
    if "\n" not in value.plain:
        return value
    one = value.copy()
    one.plain = value.plain.replace("\n", " ")
    return one


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
        else:  # wrapped at word boundaries, every line indented under the label
            value.overflow = "fold"
            print_indented(out, value)


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

    text = f"amex: {visible(mask(line)[0])}"
    if sys.stderr.isatty():
        text = wrap(text, stderr_width(), hang=len("amex: "))
    return text + "\n"


def stderr_width() -> int:
    """The width of the terminal stderr is on (COLUMNS first); 0 when unknown: no wrapping."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError):
        return 0


def wrap(text: str, width: int, *, hang: int = 0) -> str:
    """`text` wrapped at word boundaries, never inside a word, a date or a `--flag`; the first
    line's continuations hang `hang` cells in (under the text after `amex: `). A width of 0
    (unknown) leaves it as it is."""
    if width <= 0:
        return text
    import textwrap

    lines = []
    for n, line in enumerate(text.split("\n")):
        indent = " " * hang if n == 0 else ""
        lines.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [""]
        )
    return "\n".join(lines)


def warn(line: str) -> None:
    sys.stderr.write(message(f"warning: {line}"))


def info(line: str) -> None:
    """A confirmation for the person at the keyboard: silent in scripts and cron jobs."""
    if sys.stderr.isatty():
        sys.stderr.write(message(line))
