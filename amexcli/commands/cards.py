from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from amexcli import cards, output, store
from amexcli.commands import _prompt
from amexcli.commands._common import (
    JsonOpt,
    PlainOpt,
    YesOpt,
    confirm,
    data_path,
    date_option,
    group,
    known_card,
    note_conflict,
    read,
)
from amexcli.errors import InputError
from amexcli.money import format_cents, parse_dollars, parse_int, parse_month

if TYPE_CHECKING:  # the catalogue is read only by the commands that use it
    from amexcli import catalogue

app = group("Keep a profile of each card: product, fee month, closing day.")

KeyArg = Annotated[str, typer.Argument(metavar="KEY", help="Your name for the card, e.g. plat.")]
ProductOpt = Annotated[
    str | None, typer.Option("--product", help='The card\'s name, e.g. "Platinum Card".')
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--member-since",
        metavar="DATE|YEAR",
        help="Member since: a date (2015-03-01, 03/01/2015) or the year on the card (2015).",
    ),
]
FeeOpt = Annotated[
    str | None,
    typer.Option(
        "--annual-fee", metavar="DOLLARS", help="Annual fee in whole dollars: 895 or $895."
    ),
]
FeeMonthOpt = Annotated[
    str | None,
    typer.Option(
        "--fee-month",
        metavar="MONTH",
        help="Month whose statement shows the annual fee: 1-12 or its name (March).",
    ),
]
ClosingOpt = Annotated[
    int | None,
    typer.Option("--closing-day", min=1, max=31, help="Day of the month statements close."),
]
OpenedOpt = Annotated[
    str | None,
    typer.Option(
        "--opened", metavar="DATE", help="When this card was opened (first-year warning)."
    ),
]
Last5Opt = Annotated[
    str | None, typer.Option("--last5", metavar="DDDDD", help="Last five digits of the card.")
]
FeePatternOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fee-pattern",
        metavar="TEXT",
        help='Text of the annual fee\'s statement line (repeat for more; "" for the defaults).',
    ),
]


def _changes(
    *,
    product: str | None,
    member_since: str | None,
    annual_fee: str | None,
    fee_month: str | None,
    closing_day: int | None,
    last5: str | None,
    opened: str | None = None,
    fee_patterns: list[str] | None = None,
) -> dict[str, object]:
    if product is not None:
        cards.refuse_card_number("--product", product)
        if not product.strip():
            raise InputError("--product must not be empty.")
    if last5 is not None:
        cards.refuse_card_number("--last5", last5)
        if not cards.LAST5.fullmatch(last5):
            raise InputError(f"--last5 must be exactly five digits, not {last5!r}.")
    given = {
        "product": product.strip() if product else None,
        "member_since": _member_since(member_since),
        "annual_fee": None
        if annual_fee is None
        else parse_dollars(annual_fee, what="--annual-fee"),
        "fee_month": None if fee_month is None else parse_month(fee_month, what="--fee-month"),
        "closing_day": closing_day,
        "last5": last5,
        "opened": date_option(opened, "--opened", "past"),
        "fee_patterns": _fee_patterns(fee_patterns),
    }
    return {k: v for k, v in given.items() if v is not None}


def _member_since(value: str | None) -> date | None:
    """A date, or the year alone as the card shows it ("Member since 15" is 2015): its January 1."""
    if value is not None and value.strip().isdigit() and len(value.strip()) == 4:
        return date_option(f"{value.strip()}-01-01", "--member-since")
    return date_option(value, "--member-since")


def _fee_patterns(given: list[str] | None) -> list[str] | None:
    """The patterns as given, trimmed; [] (from a lone "") means "back to the defaults"."""
    if given is None:
        return None
    patterns = [" ".join(p.split()) for p in given if p.strip()]
    if len(patterns) != len(given) and patterns:
        raise InputError('--fee-pattern must not be empty (a lone "" restores the defaults).')
    for p in patterns:
        cards.refuse_card_number("--fee-pattern", p)
    return list(dict.fromkeys(patterns))


@app.command()
def add(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        typer.Argument(
            metavar="KEY", help="Your name for the card, e.g. plat (asked for on a terminal)."
        ),
    ] = None,
    product: ProductOpt = None,
    member_since: SinceOpt = None,
    annual_fee: FeeOpt = None,
    fee_month: FeeMonthOpt = None,
    closing_day: ClosingOpt = None,
    last5: Last5Opt = None,
    opened: OpenedOpt = None,
    fee_pattern: FeePatternOpt = None,
    with_credits: Annotated[
        bool,
        typer.Option(
            "--with-credits",
            help="Add all the card's credits from the catalogue (a terminal asks instead).",
        ),
    ] = False,
) -> None:
    """Add a card profile; on a terminal, alone, it asks for each field.

    A product the catalogue knows (`amex cards catalogue`) fills in the annual fee, and its
    credits can be added as benefits in the same step.
    """
    path = data_path(ctx)
    given = (product, member_since, annual_fee, fee_month, closing_day, last5, opened, fee_pattern)
    if _prompt.wanted(*given):
        key, table = _guided_add(store.read(path), key)
    else:
        if key is None:
            raise InputError(
                "Missing argument 'KEY'.\n"
                "On a terminal, `amex cards add` alone asks for each field."
            )
        cards.check_key(key)
        if product is None:
            raise InputError('--product is required, e.g. --product "Platinum Card".')
        table = _changes(
            product=product,
            member_since=member_since,
            annual_fee=annual_fee,
            fee_month=fee_month,
            closing_day=closing_day,
            last5=last5,
            opened=opened,
            fee_patterns=fee_pattern,
        )
        if table.get("fee_patterns") == []:
            del table["fee_patterns"]
    from amexcli.commands import _catalogue

    entry, credits = _from_catalogue(table, with_credits=with_credits)
    with store.edit(path) as doc:
        section = store.section(doc, "cards")
        _new_key(section, key)
        section[key] = table
        cards.load_cards(section)  # what is written must read back
        if entry is not None:
            added, had = _catalogue.add_credits(doc, card=key, entry=entry, credits=credits)
    output.info(f"added card {key}")
    if entry is not None:
        _catalogue.say_added(key, added, had)


def _from_catalogue(
    table: dict[str, object], *, with_credits: bool
) -> "tuple[catalogue.Entry | None, list[catalogue.Credit]]":
    """Recognise the product in the catalogue: name it, fill in the fee, choose the credits."""
    from amexcli import catalogue
    from amexcli.commands import _catalogue

    product = str(table["product"])
    cat = _catalogue.load()
    entry = catalogue.recognise(cat, product)
    if entry is None:
        close = catalogue.suggestions(cat, product)
        if close:
            output.warn(
                f"{product!r} is not in the card catalogue; added as typed. "
                f"{catalogue.did_you_mean(cat, product)}"
            )
        elif with_credits:
            raise InputError(
                f"--with-credits: {product!r} is not in the card catalogue "
                "(`amex cards catalogue` lists the cards it knows)."
            )
        return None, []
    table["catalogue"] = entry.key  # the product stays as typed
    if "annual_fee" not in table:
        fee, note = catalogue.fee_on(
            entry,
            today=date.today(),
            opened=table.get("opened"),  # type: ignore[arg-type]
            fee_month=table.get("fee_month"),  # type: ignore[arg-type]
            closing_day=table.get("closing_day"),  # type: ignore[arg-type]
        )
        if fee is not None:
            table["annual_fee"] = fee
            output.info(f"annual fee ${fee}, from the catalogue (checked {entry.checked})")
        if note:
            output.warn(note)
    return entry, _catalogue.choose(entry, every=with_credits)


def _new_key(section: dict[str, dict[str, object]], key: str) -> str:
    cards.check_key(key)
    if key in section:
        raise InputError(f"card {key!r} exists; change it with `amex cards edit {key}`.")
    return key


def _one(name: str) -> Callable[[str], object]:
    """The check of one field's option, for an answer typed at a question."""

    def check(text: str) -> object:
        given: dict[str, Any] = {**_NONE, name: text}  # only text options come here
        return _changes(**given)[name]

    return check


def _day(text: str) -> int:
    """A closing day typed at a question, held to 1-31 as --closing-day is."""
    day = parse_int(text, most=31)
    if day is None or day < 1:
        raise InputError(f"the closing day must be a day of the month, 1 to 31, not {text!r}.")
    return day


def _guided_add(doc: store.Document, key: str | None) -> tuple[str, dict[str, object]]:
    """The questions of `cards add` on a terminal."""
    section = store.section(doc, "cards")
    if key is not None:
        _new_key(section, key)  # a key already taken fails before any question
    _prompt.start("Adding a card.")
    if key is None:
        key = _prompt.ask(
            "Key", lambda t: _new_key(section, t), hint="your name for it, e.g. plat", required=True
        )
    assert key is not None
    table: dict[str, object] = {
        "product": _prompt.ask(
            "Product", _one("product"), hint="e.g. Platinum Card", required=True
        ),
        "annual_fee": _prompt.ask("Annual fee", _one("annual_fee"), hint="dollars, e.g. $695"),
        "fee_month": _prompt.ask(
            "Fee month", _one("fee_month"), hint="whose statement shows the fee: 3 or March"
        ),
        "closing_day": _prompt.ask("Closing day", _day, hint="1-31, when statements close"),
    }
    return key, {k: v for k, v in table.items() if v is not None}


# The options of `_changes`, none given, when one field is checked on its own
_NONE: dict[str, None] = dict.fromkeys(
    ("product", "member_since", "annual_fee", "fee_month", "closing_day", "last5")
)


@app.command()
def edit(
    ctx: typer.Context,
    key: KeyArg,
    product: ProductOpt = None,
    member_since: SinceOpt = None,
    annual_fee: FeeOpt = None,
    fee_month: FeeMonthOpt = None,
    closing_day: ClosingOpt = None,
    last5: Last5Opt = None,
    opened: OpenedOpt = None,
    fee_pattern: FeePatternOpt = None,
) -> None:
    """Change fields of a card profile."""
    changes = _changes(
        product=product,
        member_since=member_since,
        annual_fee=annual_fee,
        fee_month=fee_month,
        closing_day=closing_day,
        last5=last5,
        opened=opened,
        fee_patterns=fee_pattern,
    )
    if not changes:
        raise InputError("nothing to change: give at least one option, e.g. --fee-month 3.")
    with store.edit(data_path(ctx)) as doc:
        section = store.section(doc, "cards")
        known_card(cards.load_cards(section), key)
        section[key].update(changes)  # unknown keys in the table stay
        if section[key].get("fee_patterns") == []:
            del section[key]["fee_patterns"]  # back to amex's defaults
        cards.load_cards(section)
    output.info(f"changed card {key}")


@app.command("list")
def list_(ctx: typer.Context, json_: JsonOpt = False, plain: PlainOpt = False) -> None:
    """List your cards."""
    mode = output.choose(json_=json_, plain=plain)
    section = store.section(read(ctx), "cards")
    found = cards.load_cards(section)
    output.emit_rows(
        [c.row() for c in found.values()],
        cards.CARD_FIELDS,
        mode,
        empty="no cards yet: `amex cards add KEY --product TEXT`.",
    )
    if mode == "table":
        from amexcli.commands import _catalogue

        _catalogue.note_age(section, mode, today=date.today())


@app.command()
def show(ctx: typer.Context, key: KeyArg, json_: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Show one card."""
    mode = output.choose(json_=json_, plain=plain)
    section = store.section(read(ctx), "cards")
    card = known_card(cards.load_cards(section), key)
    note_conflict(f"card {key}", section[key])
    row = card.row()
    output.emit_object(
        row, mode, columns=cards.CARD_FIELDS, tty=lambda: output.emit_fields(row, cards.CARD_FIELDS)
    )


@app.command()
def rm(ctx: typer.Context, key: KeyArg, yes: YesOpt = False) -> None:
    """Remove a card and its retention records (log entries keep their card key)."""
    path = data_path(ctx)
    doc = store.read(path)
    known_card(cards.load_cards(store.section(doc, "cards")), key)
    records = [r.id for r in cards.load_retention(store.section(doc, "retention")) if r.card == key]
    confirm(
        f"Remove card {key} and its {len(records)} retention record(s)? "
        "Log entries keep the card key.",
        yes=yes,
    )
    with store.edit(path) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), key)
        del doc["cards"][key]
        retention = store.section(doc, "retention")
        for rid in [k for k, t in retention.items() if t.get("card") == key]:
            del retention[rid]
    output.info(f"removed card {key} and {len(records)} retention record(s)")


@app.command("catalogue")
def catalogue_(
    query: Annotated[
        str | None, typer.Argument(metavar="[QUERY]", help="Words of a card's name, e.g. delta.")
    ] = None,
    path: Annotated[
        bool, typer.Option("--path", help="Print where your own corrections go, and stop.")
    ] = False,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """List the Amex US cards amex knows: fee, credits, their face value a year, when checked.

    The catalogue ships with amex (amexcli/data/catalogue.toml), each fact with its source and
    the date it was checked. To correct a card for yourself, copy its tables into the file
    `--path` prints: a card there replaces the packaged card of the same key.
    """
    from amexcli import catalogue
    from amexcli.commands import _catalogue

    if path:
        typer.echo(str(_catalogue.override_path()))
        return
    mode = output.choose(json_=json_, plain=plain)
    cat = _catalogue.load()
    found = catalogue.search_or_fail(cat, query)
    if mode == "json":
        output.emit_rows(
            [{**e.row(), "source": e.source, "note": e.note} for e in found],
            catalogue.FIELDS,
            mode,
        )
        return
    if mode == "plain":
        output.emit_rows([e.row() for e in found], catalogue.PLAIN_COLUMNS, mode)
        return
    rows = [
        {
            **e.row(),
            "fee": "unverified" if e.annual_fee is None else f"${e.annual_fee}",
            "yearly_value": format_cents(e.yearly_value),
        }
        for e in found
    ]
    footer = f"Checked {cat.checked}; sources: `amex cards catalogue --json`."
    if cat.overridden:
        footer += f" Your corrections ({_catalogue.override_path()}): {', '.join(cat.overridden)}."
    output.emit_rows(rows, catalogue.FIELDS, mode, footer=footer)
    if len(found) == 1:
        _show_credits(found[0])
    _catalogue.note_if_stale(cat, mode, today=date.today())


def _show_credits(entry: "catalogue.Entry") -> None:
    """One card's credits, on a terminal."""
    rows = [
        {
            "credit": c.name,
            "amount": c.describe(),
            "resets": c.resets,
            "enroll": {True: "yes", False: "no", None: "?"}[c.enroll],
            "statement": c.wording or ("never" if not c.statement else "?"),
            "checked": c.checked,
        }
        for c in entry.credits
    ]
    if rows:
        output.emit_rows(
            rows, ("credit", "amount", "resets", "enroll", "statement", "checked"), "table"
        )
    out = output.console()
    for phone in entry.phones:
        out.print(
            output.literal(f"{phone.get('label')}: {phone.get('number')} ({phone.get('note', '')})")
        )
    if entry.note:
        out.print(output.literal(entry.note, "dim"))


@app.command()
def check(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(metavar="[KEY]", help="Only this card.")] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Compare cards and credits added from the catalogue with what it says now."""
    from amexcli.commands import _catalogue

    mode = output.choose(json_=json_, plain=plain)
    doc = read(ctx)
    section = store.section(doc, "cards")
    known = cards.load_cards(section)
    if key is not None:
        known_card(known, key)
    found = _catalogue.differences(doc, only=key, today=date.today())
    output.emit_rows([d.row() for d in found], ("card", "what", "command"), mode)
    if not found and mode == "table":
        listed = [k for k, t in section.items() if t.get("catalogue") and key in (None, k)]
        output.info(
            "everything added from the catalogue matches it."
            if listed
            else "no card was added from the catalogue (`amex benefits catalogue CARD`)."
        )
