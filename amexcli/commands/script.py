import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from amexcli import cards, directory, eligibility, output, scripts, serialize, store
from amexcli.commands._common import (
    AsOfOpt,
    JsonOpt,
    date_option,
    group,
    known_card,
    masked,
    phone_directory,
    read,
)
from amexcli.errors import InputError
from amexcli.resources import load

if TYPE_CHECKING:
    from rich.text import Text

    from amexcli import value

app = group("Scripts for the calls: retention, dispute, late fee, financial review.")

CardOpt = Annotated[
    str | None, typer.Option("--card", metavar="KEY", help="Personalise for this card.")
]


def _emit(
    ctx: typer.Context,
    kind: str,
    card_key: str | None,
    json_: bool,
    as_of: str | None,
    charge: scripts.Charge = scripts.Charge(),
    first_late: bool = False,
) -> None:
    mode = output.choose(json_=json_)
    today = date_option(as_of, "--as-of") or date.today()
    doc = read(ctx)
    card = known_card(cards.load_cards(store.section(doc, "cards")), card_key) if card_key else None
    history = cards.load_retention(store.section(doc, "retention"))
    numbers = phone_directory(doc)
    key = "platinum" if kind == "retention" and card and card.is_platinum else "general"
    script = scripts.build(
        kind,
        load("scripts.toml")[kind],
        today=today,
        number=directory.get(numbers, key),
        card=card,
        verdict=eligibility.check(card, history, today=today) if card else None,
        history=history,
        charge=charge,
        first_late=first_late,
        mark=mode == "table",
        worth=_worth(doc, card, today=today) if kind == "retention" else None,
    )
    if mode == "json":
        sys.stdout.write(serialize.dumps(script.as_dict()) + "\n")
    elif mode == "plain":
        sys.stdout.write(output.visible(script.markdown()))  # text, never a control sequence
    else:
        _tty(script)


def _worth(doc: store.Document, card: cards.Card | None, *, today: date) -> "value.Value | None":
    """The card's fee year in credits against its fee, for the retention script's ask."""
    if card is None:
        return None
    from amexcli import benefits, offers, value

    found_b = benefits.load(store.section(doc, "benefits"))
    found_o = offers.load(store.section(doc, "offers"))
    return value.compute(card, found_b, found_o, today=value.judged_day(card, today=today))


def _tty(script: scripts.Script) -> None:
    """The script on a terminal, styled from its structure and the template's **bold** and
    `code`; the user's values (marked by `build`) are shown literally, never as Markdown."""
    with output.paged() as out:  # taller than the terminal: through the pager
        out.print(_styled(script.title, "bold underline"))
        for s in script.sections:
            out.print()
            out.print(_styled(s.title, "bold"))
            for line in s.lines:
                if line.startswith("$ "):  # never wrapped: it pastes as one line
                    command = _styled(f"    {line[2:]}", "cyan", inline=False)
                    out.print(command, no_wrap=True, overflow="ignore", crop=False)
                elif line.startswith("> "):
                    out.print(_styled(f"  │ {line[2:]}", "italic"))
                else:
                    out.print(_styled(f"  • {line}"))


def _styled(line: str, style: str = "", *, inline: bool = True) -> "Text":
    """A template line: ** and ` toggle bold and code outside the marked values."""
    import re

    from rich.text import Text

    out = Text(style=style)
    bold = code = False
    for part in re.split(
        f"({scripts.VALUE_START}[^{scripts.VALUE_END}]*{scripts.VALUE_END})", line
    ):
        if part.startswith(scripts.VALUE_START):
            value = part[1:-1]
            out.append_text(output.literal(value, _now(bold=bold, code=code)))
            continue
        for piece in re.split(r"(\*\*|`)", part) if inline else [part]:
            if inline and piece == "**":
                bold = not bold
            elif inline and piece == "`":
                code = not code
            elif piece:
                out.append_text(output.literal(piece, _now(bold=bold, code=code)))
    return out


def _now(*, bold: bool, code: bool) -> str:
    return " ".join(s for s, on in (("bold", bold), ("cyan", code)) if on)


@app.command()
def retention(
    ctx: typer.Context, card: CardOpt = None, as_of: AsOfOpt = None, json_: JsonOpt = False
) -> None:
    """Script the "I'm thinking of cancelling" call."""
    _emit(ctx, "retention", card, json_, as_of)


@app.command()
def dispute(
    ctx: typer.Context,
    card: CardOpt = None,
    merchant: Annotated[str | None, typer.Option("--merchant", help="Who charged you.")] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", metavar="AMOUNT", help="How much, e.g. $45.10.")
    ] = None,
    charge_date: Annotated[
        str | None, typer.Option("--charge-date", metavar="DATE", help="When it was charged.")
    ] = None,
    statement_date: Annotated[
        str | None,
        typer.Option(
            "--statement-date",
            metavar="DATE",
            help="First statement showing it (for the deadline).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Script a dispute, with its legal deadline."""
    from amexcli.money import parse_money

    today = date_option(as_of, "--as-of")
    charge = scripts.Charge(
        merchant=str(masked({"merchant": merchant})["merchant"]) if merchant else None,
        amount=None if amount is None else parse_money(amount, what="--amount"),
        charge_date=date_option(charge_date, "--charge-date", "past", today=today),
        statement_date=date_option(statement_date, "--statement-date", "past", today=today),
    )
    if charge.charge_date and charge.statement_date and charge.statement_date < charge.charge_date:
        raise InputError(
            f"--statement-date {charge.statement_date} is before --charge-date "
            f"{charge.charge_date}: give the first statement that shows the charge."
        )
    _emit(ctx, "dispute", card, json_, as_of, charge)


@app.command("late-fee")
def late_fee(
    ctx: typer.Context,
    card: CardOpt = None,
    first_late: Annotated[
        bool, typer.Option("--first-late", help="This is your first late payment: say so.")
    ] = False,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Script asking for a late fee to be waived."""
    _emit(ctx, "late-fee", card, json_, as_of, first_late=first_late)


@app.command("financial-review")
def financial_review(
    ctx: typer.Context, card: CardOpt = None, as_of: AsOfOpt = None, json_: JsonOpt = False
) -> None:
    """Script a financial review: what they ask for, what to do."""
    _emit(ctx, "financial-review", card, json_, as_of)
