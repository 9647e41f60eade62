"""The `amex` command: global options, the sub-commands joined, and the one place errors end."""

from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from amexcli import __version__
from amexcli.errors import AmexError


class AmexGroup(TyperGroup):
    """Every command runs inside this group: an AmexError becomes its message and exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AmexError as e:
            typer.echo(f"amex: {e}", err=True)
            raise typer.Exit(e.exit_code) from None


app = typer.Typer(
    cls=AmexGroup,
    name="amex",
    help="Call American Express customer service prepared, and keep the paper trail.",
    no_args_is_help=True,
    add_completion=False,  # Typer's --install-completion edits dotfiles without asking
    pretty_exceptions_show_locals=False,  # a traceback must never print the user's data
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"amex {__version__}")
        raise typer.Exit


@app.callback()
def root(
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="Data file to use (default: $AMEX_FILE, else the per-user data folder).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Call American Express customer service prepared, and keep the paper trail."""


def _join() -> None:
    from amexcli.commands import (
        cards,
        data,
        eligibility,
        log,
        next,
        numbers,
        retention,
        route,
        script,
    )

    app.command("numbers")(numbers.numbers)
    app.add_typer(cards.app, name="cards")
    app.add_typer(retention.app, name="retention")
    app.command("eligibility")(eligibility.eligibility_command)
    app.add_typer(script.app, name="script")
    app.add_typer(log.app, name="log")
    app.command("route")(route.route)
    app.command("next")(next.next_command)
    app.add_typer(data.app, name="data")


_join()


def main() -> None:
    app(prog_name="amex")
