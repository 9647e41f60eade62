"""`--help` without the framework: every command's help page, rendered once, read back fast.

`python -m amexcli.reference` writes data/help.txt from the app (appspec.commands(), laid out by
helprender.py), and a test fails when it drifts. At run time `amex --help`, bare `amex`,
`amex help COMMAND` and `amex COMMAND --help` print a page from that file before Typer is
imported (see __main__.py): listing the commands must not import every command's module. When
Typer does run (help asked for somewhere the fast path does not look), cli.py prints the same
page. Nothing here imports beyond os and sys.

Plain text on purpose: well-aligned help is readable in a pipe, on a terminal, and in `less`.
"""

from __future__ import annotations

import os
import sys

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


def fast(args: list[str]) -> bool:
    """Print the help that `args` ask for and return True; False when Typer must answer."""
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
    sys.stdout.write(text)
    return True
