from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated

import typer

from amexcli import calllog, cards, ids, output, store
from amexcli.commands import _prompt
from amexcli.commands._common import (
    JsonOpt,
    PlainOpt,
    YesOpt,
    confirm,
    data_path,
    group,
    guided_card,
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
    card: Annotated[
        str | None,
        typer.Argument(metavar="CARD", help="The card's key (asked for on a terminal)."),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="Date of the call: 2025-03-20, 03/20/2025, today, yesterday (default today).",
        ),
    ] = None,
    accepted: Annotated[bool, typer.Option("--accepted", help="You took the offer.")] = False,
    declined: Annotated[bool, typer.Option("--declined", help="You turned it down.")] = False,
    none: Annotated[bool, typer.Option("--none", help="No offer was made.")] = False,
    offer: Annotated[str | None, typer.Option("--offer", help="What was offered.")] = None,
    ref: Annotated[str | None, typer.Option("--ref", help="The call's reference number.")] = None,
) -> None:
    """Record the outcome of a retention call; on a terminal, alone, it asks for each field."""
    path = data_path(ctx)
    if _prompt.wanted(when, accepted, declined, none, offer, ref):
        card, record = _guided_add(store.read(path), card)
    else:
        if card is None:
            raise InputError(
                "Missing argument 'CARD'.\n"
                "On a terminal, `amex retention add` alone asks for each field."
            )
        flags = (accepted, declined, none)
        chosen = [name for name, flag in zip(cards.OUTCOMES, flags, strict=True) if flag]
        if len(chosen) != 1:
            raise InputError(
                "say what happened with exactly one of --accepted, --declined, --none."
            )
        record = {
            "date": parse_date(when, what="--date", toward="past")
            if when is not None
            else date.today(),
            "outcome": chosen[0],
            "offer": offer,
            "ref": ref.strip() if ref else None,
        }
    table = cards.retention_table(card, masked(record))
    with store.edit(path) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "retention")
        rid = ids.new_id()  # not max + 1: another machine may be adding one too
        section[rid] = table
    day = table["date"]
    for message in calllog.date_warnings(
        at=day if isinstance(day, date) else None, now=datetime.now()
    ):
        output.warn(message)
    output.info(f"recorded retention {rid} for {card}: {table['outcome']}")


def _guided_add(doc: store.Document, card: str | None) -> tuple[str, dict[str, object]]:
    """The questions of `retention add` on a terminal."""
    registered = cards.load_cards(store.section(doc, "cards"))
    if card is not None:
        # here a given card is checked before the "no cards yet" answer
        known_card(registered, card)
    card = guided_card(registered, card, "Recording a retention call.")
    outcome = _prompt.ask(
        "Outcome",
        _prompt.choice(cards.OUTCOMES, "outcome"),
        hint="accepted, declined, or none made",
        required=True,
    )
    record: dict[str, object] = {
        "date": _prompt.ask(
            "Date of the call",
            lambda t: parse_date(t, what="date", toward="past"),
            default=date.today(),
            shown="today",
        ),
        "outcome": outcome,
    }
    if outcome != "none":
        record["offer"] = _prompt.ask("Offer", str, hint="what they offered")
    record["ref"] = _prompt.ask("Reference number", str.strip)
    return card, record


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
    output.emit_rows(
        rows,
        cards.RETENTION_FIELDS,
        mode,
        empty="no retention offers recorded yet: `amex retention add CARD --date DATE --accepted`.",
    )


@app.command()
def rm(
    ctx: typer.Context,
    wanted: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="The records' ids (see list), or old numbers."),
    ],
    yes: YesOpt = False,
) -> None:
    """Remove retention records; an id that is not there removes none."""
    path = data_path(ctx)
    section = _section(store.read(path))
    records = {r.id: r for r in cards.load_retention(section)}
    chosen = _all_existing(section, wanted)
    shown = " and ".join(
        f"{k} ({records[k].card}, {records[k].date}, {records[k].outcome})" for k in chosen
    )
    confirm(f"Remove retention {shown}?", yes=yes)
    with store.edit(path) as doc:
        section = _section(doc)
        # the keys read above still name the records in a file upgraded meanwhile (legacy_id)
        for key in _all_existing(section, chosen):
            del section[key]
    output.info(f"removed retention {', '.join(chosen)}")


def _section(doc: store.Document) -> dict[str, dict[str, object]]:
    return store.section(doc, "retention")


def _all_existing(section: Mapping[str, Mapping[str, object]], wanted: list[str]) -> list[str]:
    """The keys of `wanted` (ids as `list` shows them, `#` allowed, or old numbers), each once;
    any missing fails all."""
    keys: list[str] = []
    missing: list[str] = []
    for given in wanted:
        key = cards.retention_key(section, given.strip().removeprefix("#"))
        if key is None:
            missing.append(repr(given))
        elif key not in keys:
            keys.append(key)
    if missing:
        raise InputError(
            f"no retention record {', '.join(missing)}; nothing was changed. "
            "See `amex retention list`."
        )
    return keys
