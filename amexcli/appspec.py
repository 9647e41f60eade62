"""The app described as data: every command, its options and arguments, what their values are.

Both the completion scripts (completion.py) and the command reference (reference.py) are
generated from this, so neither can drift from the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from amexcli.calllog import CHANNELS, DEPARTMENTS

HELP = "Show this message and exit."
# What the value of an option, or a command's argument, is: `any` (nothing to offer), `files`,
# `=a b c` (fixed words), or a kind of the user's data that `amex __complete` lists.
OPTION_VALUES = {
    "card": "cards",
    "channel": "=" + " ".join(CHANNELS),
    "dept": "=" + " ".join(DEPARTMENTS),
    "fmt": "=json csv",
    "file": "files",
    "ics": "files",
    "every": "=month quarter half year",
    "resets": "=calendar cardmember",
}
ARGUMENTS = {
    "numbers": "numbers",
    "eligibility": "cards",
    "cards edit": "cards",
    "cards show": "cards",
    "cards rm": "cards",
    "retention add": "cards",
    "retention list": "cards",
    "retention rm": "ids",
    "log show": "refs",
    "log edit": "refs",
    "log done": "refs",
    "log rm": "refs",
    "log import": "files",
    "offers add": "cards",
    "offers used": "offers",
    "offers rm": "offers",
    "benefits add": "cards",
    "benefits use": "benefits",  # CARD then NAME: card keys and benefit names
    "benefits ignore": "benefits",
    "value": "cards",
    "statement import": "files",
}


@dataclass(frozen=True)
class Option:
    names: tuple[str, ...]
    help: str
    value: str | None  # None for a flag
    metavar: str = ""


@dataclass(frozen=True)
class Argument:
    metavar: str
    help: str
    required: bool


@dataclass(frozen=True)
class Command:
    path: str
    help: str
    usage: str
    commands: tuple[tuple[str, str], ...]  # (name, one-line help) of its sub-commands
    options: tuple[Option, ...]
    arguments: tuple[Argument, ...]
    argument: str | None  # what its positional argument is, as OPTION_VALUES says


def commands() -> list[Command]:
    """Every command of the app, the root first, depth first."""
    from typer import _click as click
    from typer.main import get_command

    from amexcli.cli import app
    from amexcli.resources import load

    kinds = {**ARGUMENTS, "route": "=" + " ".join(load("routes.toml"))}
    found: list[Command] = []

    def walk(cmd: Any, path: str, parent: Any) -> None:
        ctx = click.Context(cmd, info_name=path.rsplit(" ", 1)[-1] or "amex", parent=parent)
        subs = getattr(cmd, "commands", {})
        options = [
            Option(
                names=tuple(p.opts + p.secondary_opts),
                help=(p.help or "").strip(),
                value=None if p.is_flag else OPTION_VALUES.get(p.name, "any"),
                metavar="" if p.is_flag else (p.metavar or p.type.name.upper()),
            )
            for p in cmd.params
            if p.param_type_name == "option" and not p.hidden
        ]
        options.append(Option(("--help", "-h"), HELP, None))
        arguments = [
            Argument(
                metavar=(p.metavar or p.name.upper()).strip("[]"),
                help=(getattr(p, "help", None) or "").strip(),
                required=p.required,
            )
            for p in cmd.params
            if p.param_type_name == "argument"
        ]
        found.append(
            Command(
                path=path,
                help=(cmd.help or "").strip(),
                usage=f"{ctx.command_path} {' '.join(cmd.collect_usage_pieces(ctx))}",
                commands=tuple((n, s.get_short_help_str(100)) for n, s in subs.items()),
                options=tuple(options),
                arguments=tuple(arguments),
                argument=kinds.get(path),
            )
        )
        for name, sub in subs.items():
            walk(sub, f"{path} {name}".strip(), ctx)

    walk(get_command(app), "", None)
    return found
