"""`--help` without the framework: every command's help page, rendered once, read back fast.

`python -m amexcli.gen.reference` writes data/help.txt from the app (appspec.commands(), laid out by
helprender.py), and a test fails when it drifts. At run time `amex --help`, bare `amex`,
`amex help COMMAND` and `amex COMMAND --help` print a page from that file before Typer is
imported (see __main__.py): listing the commands must not import every command's module. When
Typer does run (help asked for somewhere the fast path does not look), cli.py prints the same
page. Nothing here imports beyond os and sys (textwrap, re and shutil on a terminal).

Plain text on purpose: well-aligned help is readable in a pipe, on a terminal, and in `less`.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not `from typing import ...`: typing costs a help page's budget
if TYPE_CHECKING:
    from collections.abc import Callable

# os.path and open(), not pathlib: the help page need not wait for pathlib to import
HELP_FILE = os.path.join(os.path.dirname(__file__), "data", "help.txt")
WIDTH = 80
SEPARATOR = "\f"  # a page starts with a form feed and its command line: "\famex log add\n"
GROUP = " (group)"  # a page of a command that has sub-commands says so in its first line


def pages() -> dict[str, str]:
    """Each command line (`amex`, `amex log add`) -> its help page; groups end with GROUP."""
    with open(HELP_FILE, encoding="utf-8") as f:
        text = f.read()
    found = {}
    for chunk in text.split(SEPARATOR)[1:]:
        name, _, page = chunk.partition("\n")
        found[name] = page
    return found


def page(name: str) -> str | None:
    """The help of `amex log add` (given as "amex log add"), or None for no such command."""
    every = pages()
    return every.get(name, every.get(name + GROUP))


def requested(args: list[str]) -> str | None:
    """The command line whose help `args` ask for, if they do so in a way read here.

    `[]`, `CMD... --help|-h`, `help [CMD...]`, and a group alone (`log`). Anything else (a
    global option first, --help after an option's value, an unknown command) returns None and
    Typer answers, with the same page or the same errors as ever.
    """
    if not args:
        return "amex"
    if args[0] == "help":
        words = args[1:]
    elif args[-1] in ("--help", "-h"):
        words = args[:-1]
    else:
        words = args
        if any(w.startswith("-") for w in words):
            return None
        return " ".join(["amex", *words]) + GROUP if words else None
    if any(w.startswith("-") for w in words):
        return None
    return " ".join(["amex", *words])


def fast(args: list[str], *, page: Callable[[str, int], None] | None = None) -> bool:
    """Print the help that `args` ask for and return True; False when Typer must answer.

    On a terminal the page is wrapped to its width (`rewrap`), and when it is taller than the
    screen `page(text, lines)` shows it (the pager, which lives above this module).
    """
    wanted = requested(args)
    if wanted is None:
        return False
    every = pages()
    if wanted.endswith(GROUP):  # `amex log`: help only if `log` is a group
        text = every.get(wanted)
    else:
        text = every.get(wanted, every.get(wanted + GROUP))
    if text is None:
        return False
    try:
        if sys.stdout.isatty():
            import shutil

            size = shutil.get_terminal_size((WIDTH, 24))
            if size.columns != WIDTH:
                text = rewrap(text, size.columns)
            if page is not None and text.count("\n") >= size.lines:
                page(text, size.lines)
                return True
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `amex --help | head -3`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return True


def rewrap(page: str, width: int) -> str:
    """A page rendered at WIDTH, wrapped again at `width`: words are never split, each wrapped
    line hangs under the start of its text (a paragraph, an option's help), and example
    commands (`  $ amex ...`) stay whole."""
    import re
    import textwrap

    lines = page.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        row = re.match(r"^(  \S.*?\S {2,})(\S.*)$", line)
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("$ ") or not line.startswith(" "):
            out.append(line)
            if line.startswith("Usage: ") and len(line) > width:
                out[-1:] = textwrap.wrap(
                    line, width, subsequent_indent="  ", break_long_words=False,
                    break_on_hyphens=False,
                )  # fmt: skip
            continue
        head, text = (row.group(1), row.group(2)) if row else (line[: -len(stripped)], stripped)
        hang = len(head)
        while i < len(lines):  # the lines this one was wrapped into at WIDTH
            more = lines[i]
            rest = more.lstrip(" ")
            if not rest or len(more) - len(rest) != hang or rest.startswith("$ "):
                break
            if hang == 2 and re.match(r"^  \S.*?\S {2,}\S", more):
                break  # the next row of a table
            text += " " + rest
            i += 1
        if width - hang < 30:  # too narrow beside its label: the text under it
            if row:
                out.append(head.rstrip())
            head, hang = " " * 6, 6
        out.extend(
            textwrap.wrap(
                text,
                width,
                initial_indent=head,
                subsequent_indent=" " * hang,
                break_long_words=False,
                break_on_hyphens=False,
            )
            or [head.rstrip()]
        )
    return "\n".join(out)
