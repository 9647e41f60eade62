from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from amexcli import benefits, cards, ids, output, redact, store
from amexcli.commands import _prompt
from amexcli.commands._common import (
    AsOfOpt,
    JsonOpt,
    PlainOpt,
    YesOpt,
    confirm,
    data_path,
    date_option,
    guided_card,
    known_card,
    read,
    warn_masked,
)
from amexcli.errors import InputError
from amexcli.money import format_cents, parse_cents
from amexcli.words import plural

if TYPE_CHECKING:
    from amexcli import catalogue

app = typer.Typer(
    help="Track the recurring credits your cards carry, and what is left of each.",
    invoke_without_command=True,
    add_completion=False,
)

CardArg = Annotated[str, typer.Argument(metavar="CARD", help="The card's key.")]
NameArg = Annotated[str, typer.Argument(metavar="NAME", help='The benefit, e.g. "Uber Cash".')]
CardOpt = Annotated[str | None, typer.Option("--card", metavar="KEY", help="Only this card.")]
AllOpt = Annotated[bool, typer.Option("--all", help="Also the ignored ones.")]
# `add` and `edit` take these the same way
NoteOpt = Annotated[str | None, typer.Option("--note", help="Anything to remember.")]
MatchOpt = Annotated[
    str | None, typer.Option("--match", metavar="TEXT", help="Text its statement credits show.")
]


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
    card: Annotated[
        str | None,
        typer.Argument(metavar="CARD", help="The card's key (asked for on a terminal)."),
    ] = None,
    name: Annotated[
        str | None, typer.Argument(metavar="NAME", help='The benefit, e.g. "Uber Cash".')
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount", metavar="AMOUNT", help="The credit per period, e.g. $15. Required."
        ),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option(
            "--every",
            metavar="PERIOD",
            help=f"{benefits.EVERY_HELP} Required.",
        ),
    ] = None,
    resets: Annotated[
        str | None,
        typer.Option(
            "--resets",
            metavar="WHEN",
            help="calendar (from 1 January, the default) or cardmember (from the card's"
            " opening); not with 4-years or 4.5-years.",
        ),
    ] = None,
    note: NoteOpt = None,
    match: MatchOpt = None,
    no_statement: Annotated[
        bool,
        typer.Option(
            "--no-statement",
            help="It never posts to the statement (Uber Cash): statement import never takes it.",
        ),
    ] = False,
    renewal: Annotated[
        bool,
        typer.Option(
            "--renewal",
            help="It pays a membership once a period (CLEAR, Uber One): one use takes it all.",
        ),
    ] = False,
) -> None:
    """Add a recurring credit a card carries (`amex benefits catalogue` adds a known card's);
    on a terminal, alone, it asks."""
    if _prompt.wanted(amount, every, note, match):
        card, name, amount, every = _guided_add(ctx, card, name)
    elif card is None or name is None or amount is None or every is None:
        missing = next(
            what
            for what, v in (
                ("CARD", card),
                ("NAME", name),
                ("--amount", amount),
                ("--every", every),
            )
            if v is None
        )
        raise InputError(
            f"{missing} is needed, e.g. `amex benefits add plat 'Uber Cash' --amount 15 "
            "--every month`; on a terminal, `amex benefits add` alone asks for each field."
        )
    every = benefits.every_word(every)
    cents = parse_cents(amount, what="--amount")
    fields, held = redact.mask_fields({"name": name, "note": note, "match": match})
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
            statement=not no_statement,
            renewal=renewal,
        )
        bid = ids.new_id()
        while bid in section:
            bid = ids.new_id()
        section[bid] = new
    warn_masked(held)  # only once stored: a refused command says only why
    note_ = benefits.anchor(new["resets"], the_card).note
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
            "amount": format_cents(s.amount),
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
    undo: Annotated[
        bool, typer.Option("--undo", help="Take back the use recorded last (on --date if given).")
    ] = False,
) -> None:
    """Record a use of a benefit; --undo takes back a wrong one."""
    if undo:
        _undo_use(ctx, card, name, when=when, amount=amount)
        return
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
        # a credit every few years starts its period with this use
        after = benefits.status(
            benefits.Benefit.from_table(benefit.id, section[benefit.id]), the_card, today=on
        )
    if cents > before.left:
        output.warn(
            f"{format_cents(cents)} is more than the {format_cents(before.left)} left of "
            f"{benefit.name} until {after.period_end}; recorded as given."
        )
    left = after.left
    output.info(
        f"{benefit.name} on {card}: {format_cents(cents)} used on {on}; "
        f"{format_cents(left)} left until {after.period_end}"
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


def _undo_use(
    ctx: typer.Context, card: str, name: str, *, when: str | None, amount: str | None
) -> None:
    if amount is not None:
        raise InputError("--undo takes back a whole use; leave out --amount.")
    on = date_option(when, "--date", "past")
    with store.edit(data_path(ctx)) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "benefits")
        benefit = benefits.find(benefits.load(section), card, name)
        uid = benefits.last_use(section[benefit.id], on=on)
        if uid is None:
            day = f" on {on}" if on else ""
            raise InputError(f"{benefit.name} on {card} has no use recorded{day} to take back.")
        use = section[benefit.id]["uses"].pop(uid)
        if not section[benefit.id]["uses"]:
            del section[benefit.id]["uses"]
    output.info(
        f"took back the {format_cents(parse_cents(str(use['amount']), what='amount'))} use of "
        f"{benefit.name} on {card} on {use['date']}"
    )


@app.command()
def rm(ctx: typer.Context, card: CardArg, name: NameArg, yes: YesOpt = False) -> None:
    """Remove a benefit and the uses recorded of it."""
    path = data_path(ctx)
    doc = store.read(path)
    known_card(cards.load_cards(store.section(doc, "cards")), card)
    benefit = benefits.find(benefits.load(store.section(doc, "benefits")), card, name)
    uses = len(benefit.uses)
    said = f" and its {plural(uses, 'recorded use')}" if uses else ""
    confirm(f"Remove {benefit.name} from {card}{said}?", yes=yes)
    with store.edit(path) as doc:
        section = store.section(doc, "benefits")
        gone = benefits.find(benefits.load(section), card, name)
        del section[gone.id]
    output.info(f"removed {benefit.name} from {card}{said}; `amex data restore` brings it back")


@app.command()
def edit(
    ctx: typer.Context,
    card: CardArg,
    name: NameArg,
    new_name: Annotated[
        str | None, typer.Option("--name", metavar="TEXT", help="A new name.")
    ] = None,
    amount: Annotated[
        str | None, typer.Option("--amount", metavar="AMOUNT", help="The credit per period.")
    ] = None,
    every: Annotated[
        str | None,
        typer.Option("--every", metavar="PERIOD", help=benefits.EVERY_HELP),
    ] = None,
    resets: Annotated[
        str | None, typer.Option("--resets", metavar="WHEN", help="calendar or cardmember.")
    ] = None,
    note: NoteOpt = None,
    match: MatchOpt = None,
) -> None:
    """Change a benefit's name, amount, period or notes; its uses stay."""
    changes = {
        "name": new_name,
        "amount": None if amount is None else parse_cents(amount, what="--amount"),
        "every": None if every is None else benefits.every_word(every),
        "resets": resets,
    }
    texts, held = redact.mask_fields({"note": note, "match": match})
    changes.update(texts)
    if all(v is None for v in changes.values()):
        raise InputError(
            "nothing to change: give --name, --amount, --every, --resets, --note or --match."
        )
    with store.edit(data_path(ctx)) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "benefits")
        found = benefits.load(section)
        benefit = benefits.find(found, card, name)
        section[benefit.id] = benefits.edited(section[benefit.id], benefits=found, changes=changes)
    warn_masked(held)
    output.info(f"changed {section[benefit.id]['name']} on {card}")


def _guided_add(
    ctx: typer.Context, card: str | None, name: str | None
) -> tuple[str, str, str, str]:
    """The questions of `benefits add` on a terminal; each answer checked as its option is."""
    registered = cards.load_cards(store.section(read(ctx), "cards"))
    card = guided_card(registered, card, "Adding a benefit.")
    if name is None:
        name = _prompt.ask("Name", str.strip, hint="e.g. Uber Cash", required=True)

    def amount(t: str) -> str:
        parse_cents(t, what="the amount")
        return t

    def every(t: str) -> str:
        word = benefits.every_word(t)
        if word not in benefits.EVERY:
            raise InputError(f"the period must be one of {', '.join(benefits.EVERY)}, not {t!r}.")
        return word

    cents = _prompt.ask("Amount", amount, hint="the credit per period, e.g. $15", required=True)
    period = _prompt.ask("Every", every, hint="month, quarter, half or year", default="month")
    assert card is not None and name is not None and cents is not None and period is not None
    return card, name, cents, period


@app.command("catalogue")
def from_catalogue(
    ctx: typer.Context,
    card: CardArg,
    as_: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="PRODUCT",
            help="The card's name in the catalogue, when its product does not say it.",
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="All its credits without asking (a pipe adds all).")
    ] = False,
    update: Annotated[
        bool,
        typer.Option("--update", help="Bring the credits added from it up to what it says now."),
    ] = False,
) -> None:
    """Add the card's credits from the catalogue (`amex cards catalogue`), or --update them.

    On a terminal it asks which (all, none or pick); otherwise it adds all. Credits added this
    way remember their catalogue entry: `amex cards check` says when the catalogue changes.
    """
    from amexcli.commands import _catalogue, _prompt

    cat = _catalogue.load()
    path = data_path(ctx)
    doc = store.read(path)
    known_card(cards.load_cards(store.section(doc, "cards")), card)
    entry = _entry_of(cat, store.section(doc, "cards")[card], as_)
    if update:
        with store.edit(path) as doc:
            known_card(cards.load_cards(store.section(doc, "cards")), card)
            changed, gone = _update(doc, card=card, entry=entry)
        if changed:
            output.info(f"updated from the catalogue on {card}: {', '.join(changed)}")
        for name in gone:
            output.warn(f"{name} on {card} is no longer in the catalogue; kept as it is.")
        if not changed and not gone:
            output.info(f"{card}'s credits match the catalogue (checked {entry.checked}).")
        return
    chosen = _catalogue.choose(entry, every=all_ or not _prompt.on_terminal())
    with store.edit(path) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
        store.section(doc, "cards")[card]["catalogue"] = entry.key
        added, had = _catalogue.add_credits(doc, card=card, entry=entry, credits=chosen)
    _catalogue.say_added(card, added, had)
    if not entry.credits:
        output.info(f"the catalogue lists no credits for the {entry.name}.")


def _entry_of(
    cat: "catalogue.Catalogue", table: dict[str, object], as_: str | None
) -> "catalogue.Entry":
    """The catalogue card of `--as`, else of the card's recorded entry, else of its product."""
    from amexcli import catalogue

    if as_ is not None:
        return catalogue.find(cat, as_)
    ref = table.get("catalogue")
    if isinstance(ref, str) and ref in cat.entries:
        return cat.entries[ref]
    product = str(table.get("product", ""))
    entry = catalogue.recognise(cat, product)
    if entry is None:
        raise InputError(
            f"the product {product!r} is not in the card catalogue; name the card with --as. "
            + catalogue.did_you_mean(cat, product)
        )
    return entry


def _update(
    doc: store.Document, *, card: str, entry: "catalogue.Entry"
) -> tuple[list[str], list[str]]:
    """Rewrite the card's credits from `entry` as it is now, keeping names, uses and `ignored`."""
    from amexcli import catalogue

    section = store.section(doc, "benefits")
    changed: list[str] = []
    gone: list[str] = []
    for b in benefits.load(section):
        if b.card != card or not b.catalogue or not b.catalogue.startswith(f"{entry.key}/"):
            continue
        credit = entry.credit_of(b.catalogue)
        if credit is None:
            gone.append(b.name)
            continue
        table = section[b.id]
        fresh = benefits.table(
            benefits=[], card=card, **{**catalogue.benefit_fields(entry, credit), "name": b.name}
        )
        kept = {k: v for k, v in table.items() if k in ("uses", "ignored")}
        unknown = {k: v for k, v in table.items() if k not in _BENEFIT_KEYS}
        new = {**unknown, **fresh, **kept}
        if new != table:
            table.clear()
            table.update(new)
            changed.append(b.name)
    return changed, gone


# The keys of a benefit's table amex writes; any other key a person added is kept on --update.
_BENEFIT_KEYS = frozenset(
    ("card", "name", "amount", "every", "resets", "note", "match", "statement", "extra",
     "extra_month", "renewal", "catalogue", "uses", "ignored")
)  # fmt: skip
