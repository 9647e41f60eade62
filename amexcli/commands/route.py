from typing import TYPE_CHECKING, Annotated

import typer

from amexcli import directory, output, routes
from amexcli.commands._common import JsonOpt, PlainOpt, phone_directory, read
from amexcli.errors import NotFound
from amexcli.resources import load

if TYPE_CHECKING:
    from rich.text import Text


def route(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Argument(metavar="[TOPIC]", help="Words: stolen, fee, abroad, ...")
    ] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Show which channel (app, chat, phone, social) suits which problem."""
    mode = output.choose(json_=json_, plain=plain)
    found = routes.lookup(routes.build(load("routes.toml"), phone_directory(read(ctx))), topic)
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
