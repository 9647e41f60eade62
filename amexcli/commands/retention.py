from typing import Annotated

import typer

from amexcli import cards, output, store
from amexcli.commands._common import (
    JsonOpt,
    PlainOpt,
    YesOpt,
    confirm,
    data_path,
    group,
    known_card,
    masked,
    read,
)
from amexcli.dates import parse_date
from amexcli.errors import InputError

app = group("Record retention offers: accepted, declined, or none made.")


@app.command()
def add(
    ctx: typer.Context,
    card: Annotated[str, typer.Argument(metavar="CARD", help="The card's key.")],
    when: Annotated[
        str,
        typer.Option(
            "--date",
            metavar="DATE",
            help="Date of the call: 2025-03-20, 03/20/2025, today, yesterday.",
        ),
    ],
    accepted: Annotated[bool, typer.Option("--accepted", help="You took the offer.")] = False,
    declined: Annotated[bool, typer.Option("--declined", help="You turned it down.")] = False,
    none: Annotated[bool, typer.Option("--none", help="No offer was made.")] = False,
    offer: Annotated[str | None, typer.Option("--offer", help="What was offered.")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="The call's reference number.")] = None,
) -> None:
    """Record the outcome of a retention call."""
    flags = (accepted, declined, none)
    chosen = [name for name, flag in zip(cards.OUTCOMES, flags, strict=True) if flag]
    if len(chosen) != 1:
        raise InputError("say what happened with exactly one of --accepted, --declined, --none.")
    record = {
        "card": card,
        "date": parse_date(when, what="--date"),
        "outcome": chosen[0],
        **masked({"offer": offer, "ref": ref.strip() if ref else None}),
    }
    with store.edit(data_path(ctx)) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "retention")
        rid = cards.next_id(section)
        section[str(rid)] = {k: v for k, v in record.items() if v is not None}
    output.info(f"recorded retention #{rid} for {card}: {chosen[0]}")


@app.command("list")
def list_(
    ctx: typer.Context,
    card: Annotated[str | None, typer.Argument(metavar="[CARD]", help="Only this card.")] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """List retention records, oldest first."""
    mode = output.choose(json_=json_, plain=plain)
    doc = read(ctx)
    if card is not None:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
    records = cards.load_retention(store.section(doc, "retention"))
    rows = [r.row() for r in records if card is None or r.card == card]
    output.emit_rows(rows, cards.RETENTION_FIELDS, mode)


@app.command()
def rm(
    ctx: typer.Context,
    rid: Annotated[int, typer.Argument(metavar="ID", help="The record's id (see list).")],
    yes: YesOpt = False,
) -> None:
    """Remove a retention record."""
    path = data_path(ctx)
    records = {r.id: r for r in cards.load_retention(store.section(store.read(path), "retention"))}
    if rid not in records:
        raise InputError(f"no retention record #{rid}; see `amex retention list`.")
    r = records[rid]
    confirm(f"Remove retention #{rid} ({r.card}, {r.date}, {r.outcome})?", yes=yes)
    with store.edit(path) as doc:
        section = store.section(doc, "retention")
        if str(rid) not in section:
            raise InputError(f"no retention record #{rid}; see `amex retention list`.")
        del section[str(rid)]
    output.info(f"removed retention #{rid}")
