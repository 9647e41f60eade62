from datetime import date
from typing import Annotated

import typer

from amexcli import cards, eligibility, output, store
from amexcli.commands._common import AsOfOpt, JsonOpt, PlainOpt, date_option, known_card, read
from amexcli.errors import InputError


def eligibility_command(
    ctx: typer.Context,
    card: Annotated[str | None, typer.Argument(metavar="[CARD]", help="Only this card.")] = None,
    as_of: AsOfOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No output; exit 0 if likely, 1 if not.")
    ] = False,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Check whether a retention offer is likely, per card."""
    if quiet and card is None:
        raise InputError("--quiet needs a CARD: amex eligibility plat --quiet")
    mode = output.choose(json_=json_, plain=plain)
    today = date_option(as_of, "--as-of") or date.today()
    doc = read(ctx)
    found = cards.load_cards(store.section(doc, "cards"))
    history = cards.load_retention(store.section(doc, "retention"))
    chosen = [known_card(found, card)] if card else list(found.values())
    verdicts = [eligibility.check(c, history, today=today) for c in chosen]
    if quiet:
        raise typer.Exit(0 if verdicts[0].verdict == eligibility.LIKELY else 1)
    if not verdicts and mode == "table":
        output.info("no cards yet: add one with `amex cards add KEY --product TEXT`.")
        return
    if card is not None:
        output.emit_object(
            verdicts[0].row(),
            mode,
            columns=eligibility.PLAIN_COLUMNS,
            tty=lambda: _sentences(verdicts),
        )
    elif mode == "table":
        _sentences(verdicts)
    else:
        output.emit_rows([v.row() for v in verdicts], eligibility.PLAIN_COLUMNS, mode)


def _sentences(verdicts: list[eligibility.Verdict]) -> None:
    from rich.text import Text

    style = {"likely": "green", "maybe": "yellow", "unlikely": "red"}
    out = output.console()
    for v in verdicts:
        out.print(
            Text.assemble(
                output.literal(v.card, "bold"),
                output.literal(f" ({v.product}): "),
                output.literal(v.verdict, style[v.verdict]),
            )
        )
        lines = [
            eligibility.sentence(v),
            eligibility.fee_sentence(v),
            eligibility.timing_sentence(v),
            eligibility.first_year_sentence(v),
        ]
        output.print_indented(out, output.literal("\n".join(line for line in lines if line)))
