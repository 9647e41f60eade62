"""Guided entry: on a terminal, an `add` given no field option asks for its fields one by one.

Questions go to stderr and answers come from stdin, and only when stdin and stdout are both
terminals: a pipe never sees a question. Each answer goes through the parser the matching option
uses, so a typed answer gets the same checks; a bad one is explained and asked again. Ctrl-C at
any question ends the command with 130 before anything is written.
"""

import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

import typer

from amexcli import output
from amexcli.errors import AmexError, InputError

T = TypeVar("T")

EMPTY = "-"  # typed for a field that has a default, leaves it empty


def on_terminal() -> bool:
    return sys.stdin.isatty() and output.stdout_is_tty()


def wanted(*given: object) -> bool:
    """Guide when on a terminal and none of the field options was `given` (None or False)."""
    return on_terminal() and all(v is None or v is False for v in given)


def start(what: str) -> None:
    _say(
        output.wrap(  # at word boundaries: never `Ctr` / `l-C`
            f"{what} Enter takes the [default] or skips; {EMPTY} leaves a field empty; "
            "Ctrl-C cancels.",
            output.stderr_width(),
        )
    )


def ask(
    label: str,
    parse: Callable[[str], T],
    *,
    hint: str | None = None,
    default: T | None = None,
    shown: str | None = None,
    required: bool = False,
) -> T | None:
    """Ask until the answer parses. Enter takes `default` (shown as `shown`), else skips (None)."""
    question = label
    if hint:
        question += f" ({hint})"
    if default is not None:
        question += f" [{shown if shown is not None else default}]"
    question += ": "
    while True:
        answer = read(question).strip()
        if not answer and default is not None:
            return default
        if not answer or (answer == EMPTY and not required):
            if not required:
                return None
            _say(output.message(f"{label.lower()} is needed; Ctrl-C cancels."))
            continue
        try:
            return parse(answer)
        except AmexError as e:
            _say(output.message(str(e)))


def choice(words: Sequence[str], what: str) -> Callable[[str], str]:
    """A parser taking one of `words`, or a prefix that names only one of them."""

    def parse(answer: str) -> str:
        folded = answer.casefold()
        found = [w for w in words if w == folded] or [w for w in words if w.startswith(folded)]
        if len(found) != 1:
            raise InputError(f"{what} {answer!r} is not one of {', '.join(words)}.")
        return found[0]

    return parse


def yes(question: str, *, default: bool) -> bool:
    """A yes or no typed at the terminal; Enter takes `default`."""
    while True:
        answer = read(f"{question} [{'Y/n' if default else 'y/N'}] ").strip().casefold()
        if not answer:
            return default
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")


def read(question: str) -> str:
    """One line typed at the terminal after `question`; Ctrl-C cancels (130), Ctrl-D too (1)."""
    while True:
        try:  # the question too: Ctrl-C may come as soon as it shows
            sys.stderr.write(output.visible(question))
            sys.stderr.flush()
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            _say("\n" + output.message("cancelled; nothing was written."))
            raise  # Typer makes it exit 130
        except UnicodeDecodeError:
            _say(output.message("that was not UTF-8 text; type it again."))
            continue
        if not line:  # Ctrl-D, end of input
            _say("\n" + output.message("cancelled; nothing was written."))
            raise typer.Abort
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:  # undecodable bytes, kept as surrogates in a C locale
            _say(output.message("that was not UTF-8 text; type it again."))
            continue
        return line.rstrip("\n")


def _say(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")
    sys.stderr.flush()
