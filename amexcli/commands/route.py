from typing import Annotated

import typer

from amexcli import directory, output, routes
from amexcli.commands._common import JsonOpt, PlainOpt, phone_directory, read
from amexcli.errors import NotFound
from amexcli.resources import load


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
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold", show_lines=True)
    for name in ("problem", "channel", "number", "tip"):
        table.add_column(name, overflow="fold")
    for r in found:
        tip = output.literal(r.tip)
        if r.command:
            tip.append_text(output.literal(f"\n→ {r.command}", "dim"))
        table.add_row(
            output.literal(r.title), output.literal(r.channel), output.literal(r.number), tip
        )
    out = output.console()
    out.print(table)
    out.print(output.literal(directory.REMINDER, "dim"))
