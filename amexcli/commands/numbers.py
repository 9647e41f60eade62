from typing import Annotated

import typer

from amexcli import directory, output
from amexcli.commands._common import JsonOpt, PlainOpt, phone_directory, read
from amexcli.errors import InputError, NotFound


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
    entries = phone_directory(read(ctx))
    if abroad:
        found = [directory.get(entries, directory.ABROAD)]
    else:
        from amexcli import routes
        from amexcli.resources import load

        found = routes.numbers_for(query, entries, routes.build(load("routes.toml"), entries))
    footer = directory.REMINDER
    if abroad:
        collect = f"Call collect: {found[0].number} (ask the operator to reverse the charges)."
        footer = f"{collect}\n{footer}"
    # the note reads best whole: under its row when the table would squeeze it
    output.emit_rows(
        [n.row() for n in found],
        directory.PLAIN_COLUMNS,
        mode,
        kinds={"note": "note"},
        footer=footer,
    )
    if not found:
        raise NotFound(f"no number matches {query!r}; try `amex numbers` for the whole list.")
