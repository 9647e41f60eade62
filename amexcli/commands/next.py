import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amexcli import agenda, calllog, cards, output, store
from amexcli.commands._common import AsOfOpt, JsonOpt, PlainOpt, date_option, read
from amexcli.errors import InputError, NotFound

if TYPE_CHECKING:
    from amexcli.benefits import Benefit
    from amexcli.offers import Offer


def next_command(
    ctx: typer.Context,
    as_of: AsOfOpt = None,
    days: Annotated[
        int, typer.Option("--days", min=0, max=3660, help="How many days ahead to look.")
    ] = 45,
    ics: Annotated[
        str | None,
        typer.Option("--ics", metavar="FILE|-", help="Write the items as an iCalendar file."),
    ] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Show what to do now: follow-ups, annual fees, eligibility dates, offers, credits due."""
    mode = output.choose(json_=json_, plain=plain)
    today = date_option(as_of, "--as-of") or date.today()
    doc = read(ctx)
    calls = calllog.load(store.section(doc, "calls"))
    known = cards.load_cards(store.section(doc, "cards"))
    history = cards.load_retention(store.section(doc, "retention"))
    offers = _offers(doc)
    items = agenda.build(
        calls=calls,
        cards=known,
        history=history,
        today=today,
        days=days,
        offers=offers,
        benefits=_benefits(doc),
        offer_days=_offer_days() if offers else None,
        offer_nudge=_offer_days("offer_nudge_days") if offers else None,
    )
    if ics is not None:
        _write_ics(ics, agenda.to_ics(items), len(items))
    else:
        output.emit_rows(
            [i.row() for i in items],
            agenda.PLAIN_COLUMNS if mode != "json" else agenda.FIELDS,
            mode,
        )
    if not items:
        raise NotFound(f"nothing to do between {today} and the next {days} days.")


# A file without offers or benefits does not import their modules (start-up time).
def _offers(doc: store.Document) -> "list[Offer]":
    section = store.section(doc, "offers")
    if not section:
        return []
    from amexcli import offers

    return offers.load(section)


def _benefits(doc: store.Document) -> "list[Benefit]":
    section = store.section(doc, "benefits")
    if not section:
        return []
    from amexcli import benefits

    return benefits.load(section)


def _offer_days(name: str = "offer_days") -> int:
    from amexcli.resources import load

    days: int = load("statement.toml")[name]
    return days


def _write_ics(target: str, data: bytes, count: int) -> None:
    if target == "-":
        sys.stdout.buffer.write(data)
        return
    try:
        Path(target).write_bytes(data)
    except (OSError, ValueError) as e:  # ValueError: a NUL in the name
        raise InputError(f"cannot write {target!r}: {getattr(e, 'strerror', None) or e}.") from None
    output.info(f"wrote {count} event(s) to {target}")
