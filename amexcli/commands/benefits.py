from datetime import date
from typing import Annotated

import typer

from amexcli import benefits, cards, ids, output, store
from amexcli.commands._common import (
    AsOfOpt,
    JsonOpt,
    PlainOpt,
    data_path,
    date_option,
    known_card,
    masked,
    read,
)
from amexcli.errors import InputError
from amexcli.money import format_cents, parse_cents

app = typer.Typer(
    help="Track the recurring credits your cards carry, and what is left of each.",
    invoke_without_command=True,
    add_completion=False,
)

CardArg = Annotated[str, typer.Argument(metavar="CARD", help="The card's key.")]
NameArg = Annotated[str, typer.Argument(metavar="NAME", help='The benefit, e.g. "Uber Cash".')]
CardOpt = Annotated[str | None, typer.Option("--card", metavar="KEY", help="Only this card.")]
AllOpt = Annotated[bool, typer.Option("--all", help="Also the ignored ones.")]


@app.callback()
def benefits_command(
    ctx: typer.Context,
    card: CardOpt = None,
    all_: AllOpt = False,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Track the recurring credits your cards carry; alone, list them."""
    if ctx.invoked_subcommand is None:
        _list(ctx, card=card, all_=all_, as_of=as_of, json_=json_, plain=plain)


@app.command()
def add(
    ctx: typer.Context,
    card: CardArg,
    name: NameArg,
    amount: Annotated[
        str, typer.Option("--amount", metavar="AMOUNT", help="The credit per period, e.g. $15.")
    ],
    every: Annotated[
        str, typer.Option("--every", metavar="PERIOD", help="month, quarter, half or year.")
    ],
    resets: Annotated[
        str,
        typer.Option(
            "--resets",
            metavar="WHEN",
            help="calendar (from 1 January) or cardmember (from the card's opening).",
        ),
    ] = "calendar",
    note: Annotated[str | None, typer.Option("--note", help="Anything to remember.")] = None,
    match: Annotated[
        str | None,
        typer.Option("--match", metavar="TEXT", help="Text its statement credits show."),
    ] = None,
) -> None:
    """Add a recurring credit a card carries."""
    cents = parse_cents(amount, what="--amount")
    fields = masked({"name": name, "note": note, "match": match})
    with store.edit(data_path(ctx)) as doc:
        the_card = known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "benefits")
        new = benefits.table(
            benefits=benefits.load(section),
            card=card,
            name=str(fields["name"]),
            amount=cents,
            every=every,
            resets=resets,
            note=None if fields["note"] is None else str(fields["note"]),
            match=None if fields["match"] is None else str(fields["match"]),
        )
        bid = ids.new_id()
        while bid in section:
            bid = ids.new_id()
        section[bid] = new
    note_ = benefits.anchor(resets, the_card).note
    if note_:
        output.warn(note_)
    output.info(f"added {new['name']} to {card}: {format_cents(cents)} every {every}")


def _list(
    ctx: typer.Context,
    *,
    card: str | None,
    all_: bool,
    as_of: str | None,
    json_: bool,
    plain: bool,
) -> None:
    mode = output.choose(json_=json_, plain=plain)
    today = date_option(as_of, "--as-of") or date.today()
    doc = read(ctx)
    known = cards.load_cards(store.section(doc, "cards"))
    if card is not None:
        known_card(known, card)
    every = [
        benefits.status(b, known.get(b.card), today=today)
        for b in benefits.load(store.section(doc, "benefits"))
        if card is None or b.card == card
    ]
    shown = [s for s in every if all_ or not s.benefit.ignored]
    if mode != "table":
        output.emit_rows([s.row() for s in shown], benefits.PLAIN_COLUMNS, mode)
        return
    rows = [
        {
            **s.row(),
            "amount": format_cents(s.benefit.amount),
            "used": format_cents(s.used),
            "left": format_cents(s.left),
            "resets_on": s.resets_on,
        }
        for s in shown
    ]
    columns = ["card", "name", "amount", "every", "used", "left", "resets_on"]
    hidden = len(every) - len(shown)
    notes = dict.fromkeys(s.note for s in shown if s.note)
    footer = [*notes]
    if hidden:
        footer.append(f"{hidden} ignored: --all shows them.")
    output.emit_rows(
        rows,
        [*columns, "ignored"] if all_ else columns,
        mode,
        footer="\n".join(footer) or None,
    )
    if not rows:
        output.info("no benefits" + (" (--all shows the ignored ones)." if hidden else "."))


@app.command("list")
def list_(
    ctx: typer.Context,
    card: CardOpt = None,
    all_: AllOpt = False,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """List benefits: this period's use, what is left, when it resets."""
    _list(ctx, card=card, all_=all_, as_of=as_of, json_=json_, plain=plain)


@app.command()
def use(
    ctx: typer.Context,
    card: CardArg,
    name: NameArg,
    amount: Annotated[
        str | None,
        typer.Option("--amount", metavar="AMOUNT", help="How much (default: what is left)."),
    ] = None,
    when: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When (default today).")
    ] = None,
) -> None:
    """Record a use of a benefit."""
    on = date_option(when, "--date", "past") or date.today()
    cents = None if amount is None else parse_cents(amount, what="--amount")
    with store.edit(data_path(ctx)) as doc:
        the_card = known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "benefits")
        benefit = benefits.find(benefits.load(section), card, name)
        before = benefits.status(benefit, the_card, today=on)
        if cents is None:
            if before.left == 0:
                raise InputError(
                    f"nothing is left of {benefit.name} for {before.period_start} to "
                    f"{before.period_end}; give --amount to record a use anyway."
                )
            cents = before.left
        benefits.add_use(section[benefit.id], on=on, amount=cents)
    if cents > before.left:
        output.warn(
            f"{format_cents(cents)} is more than the {format_cents(before.left)} left of "
            f"{benefit.name} until {before.period_end}; recorded as given."
        )
    left = max(before.left - cents, 0)
    output.info(
        f"{benefit.name} on {card}: {format_cents(cents)} used on {on}; {format_cents(left)} left "
        f"until {before.period_end}"
    )


@app.command()
def ignore(
    ctx: typer.Context,
    card: CardArg,
    name: NameArg,
    undo: Annotated[bool, typer.Option("--undo", help="Stop ignoring it.")] = False,
) -> None:
    """Silence a benefit (kept, never in `amex next`); --undo brings it back."""
    with store.edit(data_path(ctx)) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "benefits")
        benefit = benefits.find(benefits.load(section), card, name)
        if undo:
            section[benefit.id].pop("ignored", None)
        else:
            section[benefit.id]["ignored"] = True
    output.info(f"{benefit.name} on {card} is {'back' if undo else 'ignored'}")
