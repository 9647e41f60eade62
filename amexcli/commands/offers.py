from collections.abc import Callable
from datetime import date
from typing import Annotated

import typer

from amexcli import cards, ids, money, offers, output, store
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
    masked,
    read,
)
from amexcli.errors import InputError

app = typer.Typer(
    help="Keep the Amex Offers you enrolled in, and when each expires.",
    invoke_without_command=True,
    add_completion=False,
)

CardOpt = Annotated[str | None, typer.Option("--card", metavar="KEY", help="Only this card.")]
AllOpt = Annotated[bool, typer.Option("--all", help="Also the used and expired ones.")]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="The offer's id (see list).")]


@app.callback()
def offers_command(
    ctx: typer.Context,
    card: CardOpt = None,
    all_: AllOpt = False,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Keep the Amex Offers you enrolled in; alone, list them."""
    if ctx.invoked_subcommand is None:
        _list(ctx, card=card, all_=all_, as_of=as_of, json_=json_, plain=plain)


@app.command()
def add(
    ctx: typer.Context,
    card: Annotated[
        str | None,
        typer.Argument(metavar="CARD", help="The card's key (asked for on a terminal)."),
    ] = None,
    merchant: Annotated[
        str | None, typer.Option("--merchant", help="Where the offer applies. Required.")
    ] = None,
    credit: Annotated[
        str | None,
        typer.Option("--credit", metavar="AMOUNT", help="The credit it gives, e.g. $50. Required."),
    ] = None,
    spend: Annotated[
        str | None,
        typer.Option("--spend", metavar="AMOUNT", help="The spend it needs, e.g. $250."),
    ] = None,
    expires: Annotated[
        str | None, typer.Option("--expires", metavar="DATE", help="Its last day.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Anything to remember.")] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Add an offer you enrolled in; prints its id. On a terminal, alone, it asks."""
    today = date_option(as_of, "--as-of") or date.today()
    if _prompt.wanted(merchant, credit, spend, expires, note):
        card, merchant, credit, spend, expires, note = _guided_add(ctx, card, today)
    elif card is None or merchant is None or credit is None:
        missing = "CARD" if card is None else "--merchant" if merchant is None else "--credit"
        raise InputError(
            f"{missing} is needed, e.g. `amex offers add gold --merchant 'Best Buy' --credit 50`;"
            " on a terminal, `amex offers add` alone asks for each field."
        )
    fields = masked({"merchant": merchant, "note": note})
    new = offers.table(
        card=card,
        merchant=str(fields["merchant"]),
        credit=money.parse_cents(credit, what="--credit"),
        spend=None if spend is None else money.parse_cents(spend, what="--spend"),
        expires=date_option(expires, "--expires", "future", today=today),
        added=today,
        note=None if fields["note"] is None else str(fields["note"]),
    )
    with store.edit(data_path(ctx)) as doc:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
        section = store.section(doc, "offers")
        offers.load(section)  # a broken offer in the file is reported before anything is added
        oid = ids.new_id()
        while oid in section:
            oid = ids.new_id()
        section[oid] = new
    typer.echo(oid)
    output.info(f"added offer {oid} on {card}: {new['merchant']}")


def _guided_add(
    ctx: typer.Context, card: str | None, today: date
) -> tuple[str, str, str, str | None, str | None, str | None]:
    """The questions of `offers add` on a terminal; each answer checked as its option is."""
    registered = cards.load_cards(store.section(read(ctx), "cards"))
    card = guided_card(registered, card, "Adding an offer.")

    def text(t: str) -> str:
        return t.strip()

    def amount(what: str) -> Callable[[str], str]:
        def check(t: str) -> str:
            money.parse_cents(t, what=what)
            return t

        return check

    def day(t: str) -> str:
        date_option(t, "--expires", "future", today=today)
        return t

    merchant = _prompt.ask("Merchant", text, hint="where the offer applies", required=True)
    credit = _prompt.ask("Credit", amount("the credit"), hint="e.g. $50", required=True)
    spend = _prompt.ask("Spend", amount("the spend"), hint="what it needs, e.g. $250")
    expires = _prompt.ask("Expires", day, hint="its last day, e.g. 01/31/2027")
    note = _prompt.ask("Note", text, hint="anything to remember")
    assert card is not None and merchant is not None and credit is not None
    return card, merchant, credit, spend, expires, note


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
    if card is not None:
        known_card(cards.load_cards(store.section(doc, "cards")), card)
    everything = offers.load(store.section(doc, "offers"))
    shown = offers.listed(everything, today=today, card=card, all_=all_)
    if mode != "table":
        output.emit_rows([o.row() for o in shown], offers.PLAIN_COLUMNS, mode)
        return
    rows = [{**o.row(), **_for_people(o, today)} for o in shown]
    hidden = len(offers.listed(everything, today=today, card=card, all_=True)) - len(shown)
    output.emit_rows(
        rows,
        ("id", "card", "merchant", "credit", "spend", "expires", "days_left", "used", "credited"),
        mode,
        footer=f"{hidden} used or expired: --all shows them." if hidden else None,
    )
    if not rows:
        output.info(
            "no open offers" + ("; --all shows the used and expired ones." if hidden else ".")
        )


def _for_people(o: offers.Offer, today: date) -> dict[str, object]:
    days = o.days_left(today)
    left = "" if days is None else "expired" if days < 0 else f"{days}"
    return {
        "credit": money.format_cents(o.credit),
        "spend": "" if o.spend is None else money.format_cents(o.spend),
        "days_left": left if o.used is None else "",
        "credited": _credited(o),
    }


def _credited(o: offers.Offer) -> str:
    """`$50 on 2026-03-05`; the amount alone from a file written before days were kept."""
    if o.credited is None:
        return ""
    return money.format_cents(o.credited) + (f" on {o.credited_on}" if o.credited_on else "")


@app.command("list")
def list_(
    ctx: typer.Context,
    card: CardOpt = None,
    all_: AllOpt = False,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """List open offers, soonest to expire first."""
    _list(ctx, card=card, all_=all_, as_of=as_of, json_=json_, plain=plain)


@app.command()
def used(
    ctx: typer.Context,
    oid: IdArg,
    when: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="When (default today).")
    ] = None,
) -> None:
    """Record that you used an offer."""
    on = date_option(when, "--date", "past") or date.today()
    with store.edit(data_path(ctx)) as doc:
        section = store.section(doc, "offers")
        key = offers.find(section, oid)
        offer = offers.Offer.from_table(key, section[key])
        if offer.used is not None:
            raise InputError(f"offer {key} ({offer.merchant}) was already used on {offer.used}.")
        offers.mark_used(section[key], on=on)
    output.info(f"offer {key} ({offer.merchant}) used on {on}")


@app.command()
def credited(
    ctx: typer.Context,
    oid: IdArg,
    when: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="When it was credited (default today)."),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option("--amount", metavar="AMOUNT", help="How much (default: the offer's credit)."),
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="Take back a credit recorded by mistake.")
    ] = False,
) -> None:
    """Record that an offer's credit posted (or, with --undo, that it did not)."""
    if undo and (when is not None or amount is not None):
        raise InputError("--undo takes no --date or --amount: it removes the recorded credit.")
    on = date_option(when, "--date", "past") or date.today()
    cents = None if amount is None else money.parse_cents(amount, what="--amount")
    with store.edit(data_path(ctx)) as doc:
        section = store.section(doc, "offers")
        key = offers.find(section, oid)
        offer = offers.Offer.from_table(key, section[key])
        if undo:
            if not offers.unmark_credited(section[key]):
                raise InputError(f"offer {key} ({offer.merchant}) has no credit recorded.")
        elif offer.credited is not None:
            said = f" on {offer.credited_on}" if offer.credited_on else ""
            raise InputError(
                f"offer {key} ({offer.merchant}) was already credited{said} "
                f"({money.format_cents(offer.credited)}); "
                f"`amex offers credited {key} --undo` first."
            )
        else:
            offers.mark_credited(section[key], on=on, amount=cents or offer.credit)
    if undo:
        output.info(f"offer {key} ({offer.merchant}): credit removed; it is awaited again")
    else:
        got = money.format_cents(cents or offer.credit)
        output.info(f"offer {key} ({offer.merchant}) credited {got} on {on}")


@app.command()
def rm(
    ctx: typer.Context,
    oids: Annotated[list[str], typer.Argument(metavar="ID...", help="The offers' ids.")],
    yes: YesOpt = False,
) -> None:
    """Remove offers."""
    path = data_path(ctx)
    section = store.section(store.read(path), "offers")
    keys = list(dict.fromkeys(offers.find(section, o) for o in oids))
    named = ", ".join(f"{k} ({section[k].get('merchant')})" for k in keys)
    confirm(f"Remove offer{'s' if len(keys) > 1 else ''} {named}?", yes=yes)
    with store.edit(path) as doc:
        section = store.section(doc, "offers")
        for k in keys:
            if k not in section:
                raise InputError(f"no offer {k!r}; see `amex offers list --all`.")
            del section[k]
    output.info(f"removed {len(keys)} offer{'s' if len(keys) > 1 else ''}")
