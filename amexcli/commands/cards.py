from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

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
from amexcli.money import parse_dollars, parse_int, parse_month

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
        "--annual-fee", metavar="DOLLARS", help="Annual fee in whole dollars: 695 or $695."
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
) -> None:
    """Add a card profile; on a terminal, alone, it asks for each field."""
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
    with store.edit(path) as doc:
        section = store.section(doc, "cards")
        _new_key(section, key)
        section[key] = table
        cards.load_cards(section)  # what is written must read back
    output.info(f"added card {key}")


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
    found = cards.load_cards(store.section(read(ctx), "cards"))
    output.emit_rows(
        [c.row() for c in found.values()],
        cards.CARD_FIELDS,
        mode,
        empty="no cards yet: `amex cards add KEY --product TEXT`.",
    )


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
