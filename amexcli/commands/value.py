from datetime import date
from typing import Annotated

import typer

from amexcli import benefits, cards, money, offers, output, store, value
from amexcli.commands._common import AsOfOpt, JsonOpt, PlainOpt, date_option, known_card, read
from amexcli.errors import InputError


def value_command(
    ctx: typer.Context,
    card: Annotated[str | None, typer.Argument(metavar="[CARD]", help="Only this card.")] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", metavar="YYYY", min=1901, max=2999, help="The fee year ending in YYYY."
        ),
    ] = None,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Show the fee year's credits used against the annual fee."""
    if year is not None and as_of is not None:
        raise InputError("--year and --as-of cannot be used together; choose one.")
    mode = output.choose(json_=json_, plain=plain)
    today = date_option(as_of, "--as-of") or date.today()
    doc = read(ctx)
    known = cards.load_cards(store.section(doc, "cards"))
    chosen = [known_card(known, card)] if card is not None else list(known.values())
    found_b = benefits.load(store.section(doc, "benefits"))
    found_o = offers.load(store.section(doc, "offers"))
    values = [value.compute(c, found_b, found_o, today=today, year=year) for c in chosen]
    if mode != "table":
        rows = [v.row() for v in values]
        if card is not None and mode == "json":
            output.emit_object(rows[0], mode, columns=value.PLAIN_COLUMNS, tty=lambda: None)
        else:
            output.emit_rows(rows, value.PLAIN_COLUMNS, mode)
        return
    out = output.console()
    for v in values:
        for line in _lines(v):
            out.print(output.literal(line))
        if v.note:
            out.print(output.literal(f"  {v.note}", "dim"))
    if not values:
        output.info("no cards yet: add one with `amex cards add KEY --product TEXT`.")
    from amexcli.commands import _catalogue

    _catalogue.note_age(store.section(doc, "cards"), mode, today=today)


def _lines(v: value.Value) -> list[str]:
    """What a person reads about one card: the year, the figures and the verdict."""
    fee = (
        money.format_cents(v.fee)
        if v.fee is not None
        else f"unknown (`amex cards edit {v.card} --annual-fee N`)"
    )
    lines = [
        f"{v.card} ({v.product}): fee year {v.year_start} to {v.year_end}",
        *([f"  ({v.label})"] if v.label else []),
        f"  annual fee {fee}; credits used {money.format_cents(v.credits_used)} "
        f"(benefits {money.format_cents(v.benefits_used)}, "
        f"offers {money.format_cents(v.offers_used)})",
    ]
    said = value.sentence(v)
    if said:
        lines.append(f"  {said}")
    if v.first_renewal is not None:
        lines.append(
            f"  {v.card} is in its first year: its fee comes up again at its first renewal, "
            f"from {v.first_renewal}, the moment to weigh it (`amex eligibility {v.card}`)."
        )
    elif not v.recorded:
        lines.append(
            f"  No benefits or offers recorded on {v.card}: see `amex benefits add` and "
            "`amex offers add`."
        )
    return lines
