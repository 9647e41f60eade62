from typing import Annotated

import typer

from amexcli import helptext
from amexcli.errors import InputError


def help_command(
    command: Annotated[
        list[str] | None,
        typer.Argument(metavar="[COMMAND]...", help="A command, e.g. log add.", show_default=False),
    ] = None,
) -> None:
    """Show the help of amex or of a command, as COMMAND --help does."""
    words = command or []
    text = helptext.page(" ".join(["amex", *words]))
    if text is None:
        raise InputError(
            f"no command {' '.join(words)!r}; `amex --help` lists them, e.g. `amex help log add`."
        )
    typer.echo(text, nl=False)
