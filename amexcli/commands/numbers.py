from typing import Annotated

import typer

from amexcli import directory, output, store
from amexcli.commands._common import JsonOpt, PlainOpt, data_path
from amexcli.errors import InputError, NotFound

REMINDER = "The number on the back of your card is the authority; verify before you call."


def numbers(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(metavar="[QUERY]", help="Words to match: lost, stolen, plat, abroad, ..."),
    ] = None,
    abroad: Annotated[
        bool, typer.Option("--abroad", help="The collect number for abroad.")
    ] = False,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Show which number to call for what."""
    if abroad and query:
        raise InputError("give QUERY or --abroad, not both.")
    mode = output.choose(json_=json_, plain=plain)
    path = data_path(ctx)
    user = store.section(store.read(path), "numbers") if path.exists() else {}
    from amexcli.resources import load

    entries = directory.build(load("numbers.toml"), user)
    found = (
        [directory.get(entries, directory.ABROAD)] if abroad else directory.lookup(entries, query)
    )
    footer = REMINDER
    if abroad:
        collect = f"Call collect: {found[0].number} (ask the operator to reverse the charges)."
        footer = f"{collect}\n{REMINDER}"
    output.emit_rows([n.row() for n in found], directory.PLAIN_COLUMNS, mode, footer=footer)
    if not found:
        raise NotFound(f"no number matches {query!r}; try `amex numbers` for the whole list.")
