"""Options and helpers every command shares."""

import re
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amexcli import output, redact, store
from amexcli.errors import InputError

if TYPE_CHECKING:  # each command imports the domain modules it needs, and only those
    from amexcli.cards import Card
    from amexcli.dates import Toward
    from amexcli.directory import Number


def group(help_text: str) -> typer.Typer:
    """A noun's sub-app: its help when called bare; completion is amex's own (completion.py)."""
    return typer.Typer(help=help_text, no_args_is_help=True, add_completion=False)


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
PlainOpt = Annotated[
    bool, typer.Option("--plain", help="Print tab-separated lines (the default in a pipe).")
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask; needed without a terminal.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE", help="Answer as of this date (default today)."),
]


def data_path(ctx: typer.Context) -> Path:
    return store.resolve_path(ctx.find_root().params.get("file"))


def read(ctx: typer.Context) -> store.Document:
    return store.read(data_path(ctx))


def phone_directory(doc: store.Document) -> "list[Number]":
    """The built-in numbers joined by the user's own `[numbers.KEY]` tables."""
    from amexcli import directory
    from amexcli.resources import load

    return directory.build(load("numbers.toml"), store.section(doc, "numbers"))


def known_card(cards: "Mapping[str, Card]", key: str) -> "Card":
    if key not in cards:
        raise InputError(unknown_card(key, cards))
    return cards[key]


def answered_card(cards: "Mapping[str, Card]", typed: str) -> str:
    """The key of the card typed at a question: `Gold` is `gold` (keys are lower case)."""
    typed = typed.strip()
    if typed not in cards:
        folded = [k for k in cards if k.casefold() == typed.casefold()]
        if len(folded) == 1:
            return folded[0]
    return known_card(cards, typed).key


def guided_card(cards: "Mapping[str, Card]", card: str | None, intro: str) -> str:
    """The card of a guided `add`: CARD if given (checked before any question), else asked."""
    from amexcli.commands import _prompt

    if not cards:
        raise InputError("no cards yet: add one first with `amex cards add`.")
    if card is not None:
        known_card(cards, card)  # an unknown card fails before any question
    _prompt.start(intro)
    if card is None:
        only = next(iter(cards)) if len(cards) == 1 else None
        card = _prompt.ask(
            "Card",
            lambda t: answered_card(cards, t),
            hint=None if only else ", ".join(cards),
            default=only,
            required=True,
        )
    assert card is not None
    return card


def unknown_card(key: str, known: Iterable[str]) -> str:
    """Unknown card KEY: the keys there are, and a key that would work (never a refused one)."""
    import difflib

    known = sorted(known)
    listed = ", ".join(known) or "none yet"
    close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    if close:
        return f"unknown card {key!r} (known: {listed}); did you mean {close[0]}?"
    valid = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")
    add = f" Add it with `amex cards add {valid} --product TEXT`." if valid else ""
    return f"unknown card {key!r} (known: {listed}).{add}"


def date_option(
    value: str | None, what: str, toward: "Toward" = None, *, today: date | None = None
) -> date | None:
    """The date an option names, relative to `today` (--as-of; default the real today);
    `toward` says which year `03/20` is (see amexcli.dates)."""
    if value is None:
        return None
    from amexcli.dates import parse_date

    return parse_date(value, what=what, today=today, toward=toward)


def confirm(question: str, *, yes: bool) -> None:
    """Go ahead with --yes; ask on a terminal; refuse (exit 2) when nobody can answer.

    No is the default: Enter or Ctrl-D is exit 1, Ctrl-C exit 130, each ending its line.
    """
    if yes:
        return
    confirm_possible(question)
    while True:
        sys.stderr.write(f"{output.visible(question)} [y/N]: ")
        sys.stderr.flush()
        try:
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise typer.Exit(130) from None
        if not line:  # Ctrl-D: no answer is no; the shell prompt starts on a line of its own
            sys.stderr.write("\n")
            raise typer.Exit(1)
        answer = line.strip().lower()
        if answer in ("y", "yes"):
            return
        if answer in ("", "n", "no"):
            raise typer.Exit(1)
        sys.stderr.write("amex: answer y or n.\n")


def confirm_possible(question: str) -> None:
    """Refuse (exit 2) a question nobody can answer: stdin or stderr is not a terminal."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise InputError(f"{question.rstrip('?')}: not without --yes when not on a terminal.")


def masked(values: dict[str, object]) -> dict[str, object]:
    """`values` with any card number masked, warning for each field that held one."""
    values, fields = redact.mask_fields(values)
    warn_masked(fields)
    return values


def warn_masked(fields: list[str]) -> None:
    """A warning for each field that held a card number, stored masked."""
    for name in fields:
        output.warn(
            f"{name} held a card number; stored with all but the last five digits hidden "
            "(a security code wholly)."
        )


def note_conflict(where: str, table: Mapping[str, object]) -> None:
    """Say on stderr that an entry holds what a merge could not decide (its `conflict` table)."""
    from amexcli import merge

    note = table.get(merge.CONFLICT)
    if isinstance(note, Mapping):
        output.warn(
            output.visible(f"{where} has a merge conflict: {merge.describe_note(note)}.")
            + " Keep the value you want, then delete its `conflict` table from the file."
        )
