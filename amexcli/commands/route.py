from typing import TYPE_CHECKING, Annotated

import typer

from amexcli import cards, directory, output, routes, store
from amexcli.commands._common import JsonOpt, PlainOpt, known_card, phone_directory, read
from amexcli.errors import NotFound
from amexcli.resources import load

if TYPE_CHECKING:
    from rich.text import Text


def route(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Argument(metavar="[TOPIC]", help="Words: stolen, fee, abroad, ...")
    ] = None,
    card: Annotated[
        str | None, typer.Option("--card", metavar="KEY", help="Your card's own lines and tips.")
    ] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Show which channel (app, chat, phone, social) suits which problem."""
    mode = output.choose(json_=json_, plain=plain)
    doc = read(ctx)
    numbers = phone_directory(doc)
    every = routes.build(load("routes.toml"), numbers)
    if card is not None:
        chosen = known_card(cards.load_cards(store.section(doc, "cards")), card)
        every = routes.for_card(every, numbers, platinum=chosen.is_platinum)
    found = routes.lookup(every, topic)
    if mode == "table":
        if found:
            _table(found)
    else:
        output.emit_rows([r.row() for r in found], routes.PLAIN_COLUMNS, mode)
    if not found:
        raise NotFound(f"no topic matches {topic!r}; try `amex route` for all of them.")


def _table(found: list[routes.Route]) -> None:
    rows = [
        {"problem": r.title, "channel": r.channel, "number": r.number, "tip": _tip(r)}
        for r in found
    ]
    with output.paged() as out:
        output.draw_table(out, rows, ("problem", "channel", "number", "tip"), spaced=True)
        out.print(output.literal(directory.REMINDER, "dim"))


def _tip(r: routes.Route) -> "Text":
    tip = output.literal(r.tip)
    if r.command:
        tip.append_text(output.literal(f"\n→ {r.command}", "dim"))
    return tip
