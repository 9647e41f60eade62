from typing import Annotated

import typer

from amexcli import cards, ids, output, store
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
        str, typer.Option("--date", metavar="DATE", help="Date of the call (YYYY-MM-DD).")
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
        rid = ids.new_id()  # not max + 1: another machine may be adding one too
        section[rid] = {k: v for k, v in record.items() if v is not None}
    output.info(f"recorded retention {rid} for {card}: {chosen[0]}")


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
    rid: Annotated[
        str,
        typer.Argument(metavar="ID", help="The record's id (see list), or its old number."),
    ],
    yes: YesOpt = False,
) -> None:
    """Remove a retention record."""
    path = data_path(ctx)
    doc = store.read(path)
    key = _existing(doc, rid)
    r = cards.RetentionRecord.from_table(key, store.section(doc, "retention")[key])
    confirm(f"Remove retention {key} ({r.card}, {r.date}, {r.outcome})?", yes=yes)
    with store.edit(path) as doc:
        # the id read above: a file upgraded meanwhile names the record the same way
        del store.section(doc, "retention")[_existing(doc, rid)]
    output.info(f"removed retention {key}")


def _existing(doc: store.Document, rid: str) -> str:
    key = cards.retention_key(store.section(doc, "retention"), rid)
    if key is None:
        raise InputError(f"no retention record {rid!r}; see `amex retention list`.")
    return key
