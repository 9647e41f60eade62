"""The `amex` command: global options, the sub-commands joined, and the one place errors end."""

import sys
from collections.abc import Iterable, Iterator, MutableMapping
from importlib import import_module
from typing import Annotated, Any

import typer

from amexcli import __version__, framework
from amexcli.commands import COMMANDS
from amexcli.errors import AmexError
from amexcli.output import message


class _Lazy(MutableMapping[str, framework.Command]):
    """Commands by name, each built on first use: a group's `commands` mapping."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = tuple(names)
        self._built: dict[str, framework.Command] = {}

    def _build(self, name: str) -> framework.Command:
        raise NotImplementedError

    def __getitem__(self, name: str) -> framework.Command:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: framework.Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("amex commands cannot be removed")

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class LazyCommands(_Lazy):
    """The root's sub-commands, built from their module on first use."""

    def __init__(self) -> None:
        super().__init__(COMMANDS)

    def _build(self, name: str) -> framework.Command:
        module, attribute = COMMANDS[name]
        found = getattr(import_module(f"amexcli.commands.{module}"), attribute)
        if isinstance(found, typer.Typer):
            command: framework.Command = _group(found, f"amex {name}")
        else:  # a single command: a Typer of its own makes it one click command
            single = typer.Typer(add_completion=False)
            single.command(name)(found)
            command = framework.get_command(single)
        command.name = name
        _static_help(command, f"amex {name}")
        return command


class LazySubcommands(_Lazy):
    """A group's sub-commands (`log add`, `log list`, ...), each built by Typer on first use.

    Typer builds every command of a group to run one of them, reading each one's signature:
    `log` has eleven. Here only the one that runs is built.
    """

    def __init__(self, app: typer.Typer, path: str) -> None:
        self._app, self._path = app, path
        self._infos = {
            info.name or framework.get_command_name(info.callback.__name__): info
            for info in app.registered_commands
            if info.callback is not None
        }
        super().__init__(self._infos)

    def _build(self, name: str) -> framework.Command:
        command = framework.get_command_from_info(
            self._infos[name],
            pretty_exceptions_short=self._app.pretty_exceptions_short,
            rich_markup_mode=self._app.rich_markup_mode,
        )
        _static_help(command, f"{self._path} {name}")
        return command


def _group(app: typer.Typer, path: str) -> framework.Command:
    """The group of a sub-app, its own options and callback built, its commands lazily."""
    import copy

    shell = copy.copy(app)  # the group alone: Typer would build every command with it
    shell.registered_commands = []
    group = framework.get_group(shell)
    group.commands = LazySubcommands(app, path)
    return group


def _static_help(command: framework.Command, name: str) -> None:
    """Help from data/help.txt (as the fast path in __main__ prints it) for `command`; a lazy
    group gives its sub-commands theirs as it builds them."""

    def get_help(ctx: framework.Context) -> str:
        from amexcli import helptext  # only when help is asked for

        return (helptext.page(name) or "").rstrip("\n")

    command.get_help = get_help  # type: ignore[method-assign]


class AmexGroup(framework.TyperGroup):
    """The root: sub-commands load lazily, and every error ends here as one or two lines.

    An AmexError is printed as `amex: message` with its exit code; so are click's usage errors
    (exit 2), rather than in Typer's five-line box.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()

    def get_help(self, ctx: framework.Context) -> str:
        from amexcli import helptext

        return (helptext.page("amex") or "").rstrip("\n")

    def invoke(self, ctx: framework.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AmexError as e:
            sys.stderr.write(message(str(e)))
            raise typer.Exit(e.exit_code) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False  # errors are printed below, not by Typer
        try:
            code = super().main(*args, **kwargs)
        except framework.NoArgsIsHelpError as e:
            # a group alone (`amex log`) is a request for its help, as bare `amex` is
            typer.echo(e.format_message())
            code = 0
        except framework.UsageError as e:
            hint = f"\nTry '{e.ctx.command_path} -h' for help." if e.ctx else ""
            sys.stderr.write(message(f"{_shortened(e.format_message())}{hint}"))
            code = e.exit_code
        except framework.ClickException as e:
            sys.stderr.write(message(e.format_message()))
            code = e.exit_code
        except typer.Abort:  # end of input at a prompt
            code = 1
        sys.exit(code if isinstance(code, int) else 0)


def _shortened(text: str) -> str:
    """Click's message with each quoted value cut as amex's own are (5,000 digits typed for
    --days are named, not echoed back whole)."""
    import re

    from amexcli.money import quoted

    return re.sub(r"'([^'\n]{41,})'", lambda m: quoted(m.group(1)), text)


app = typer.Typer(
    cls=AmexGroup,
    name="amex",
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
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="Data file to use (default: $AMEX_FILE, else the per-user data folder).",
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="Never send long output through the pager."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Call American Express customer service prepared, and keep the paper trail."""
    if no_pager:
        from amexcli import output

        output.no_pager()
    if ctx.invoked_subcommand != "data":  # `data check` says it in full; `data merge` acts
        _warn_of_sync_conflicts(file)


def _warn_of_sync_conflicts(file: str | None) -> None:
    """One line on stderr, at most once a day, when a sync service set a copy of the file aside."""
    from amexcli import store

    try:
        message = store.sync_conflict_warning(store.resolve_path(file))
    except AmexError:
        return  # the command itself will say what is wrong with the path
    if message:
        from amexcli.output import warn

        warn(message)


def main() -> None:
    app(prog_name="amex")
