"""The app described as data: every command, its options and arguments, what their values are.

The completion scripts (completion.py), the command reference and the man page (reference.py,
manpage.py) and the static help (helprender.py) are generated from this, so none can drift from
the app. Examples come from data/examples.toml, keyed by command line.
"""

from __future__ import annotations

from typing import Any

from amexcli.calllog import CHANNELS, DEPARTMENTS
from amexcli.lazy import frozen

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


@frozen
class Option:
    names: tuple[str, ...]
    help: str
    value: str | None  # None for a flag
    metavar: str = ""
    required: bool = False
    words: str = ""  # what its value is, in words: "a whole number from 1 to 12"
    default: str = ""


@frozen
class Argument:
    metavar: str
    help: str
    required: bool


@frozen
class Command:
    path: str
    help: str
    usage: str
    commands: tuple[tuple[str, str], ...]  # (name, one-line help) of its sub-commands
    options: tuple[Option, ...]
    arguments: tuple[Argument, ...]
    argument: str | None  # what its positional argument is, as OPTION_VALUES says
    examples: tuple[tuple[str, str], ...] = ()  # (command line, what it does)

    @property
    def name(self) -> str:
        """The command line that runs it: `amex`, `amex log add`."""
        return f"amex {self.path}".strip()


def examples() -> dict[str, Any]:
    """data/examples.toml: per command line, its examples and the options it requires."""
    from amexcli.resources import load

    return load("examples.toml")


def _metavar(p: Any) -> str:
    """The value's placeholder: the command's own, else a word for its type (never `<str>`)."""
    from amexcli import framework

    if p.metavar:
        return str(p.metavar)
    return {"int": "N", "float": "AMOUNT"}.get(framework.value_kind(p), "TEXT")


def _words(p: Any) -> str:
    """What the value may be, in words, for the types whose limits the help text cannot know."""
    from amexcli import framework

    choices = framework.choices(p)
    if choices:
        return "one of: " + ", ".join(choices)
    low, high = framework.number_range(p)
    kind = {"int": "a whole number", "float": "an amount"}.get(framework.value_kind(p))
    if kind is None:
        return ""
    if low is not None and high is not None:
        return f"{kind} from {low} to {high}"
    if low is not None:
        return f"{kind}, {low} or more"
    return f"{kind}, {high} or less" if high is not None else ""


def _default(p: Any) -> str:
    if p.is_flag or p.default is None or callable(p.default) or p.default == ():
        return ""
    return str(p.default)


def _usage(name: str, cmd: Any, options: list[Option], group: bool) -> str:
    """`amex cards add KEY --product TEXT [OPTIONS]`: what must be typed, then what may be."""
    if group:
        return f"{name} [OPTIONS] COMMAND [ARGS]..."
    parts = [name]
    for p in cmd.params:
        if p.param_type_name == "argument":
            word = (p.metavar or p.name.upper()).replace("[", "").replace("]", "").rstrip(".")
            word += "..." if p.nargs == -1 else ""
            parts.append(word if p.required else f"[{word}]")
    parts.extend(f"{o.names[0]} {o.metavar}".strip() for o in options if o.required)
    if any(not o.required for o in options):
        parts.append("[OPTIONS]")
    return " ".join(parts)


def commands() -> list[Command]:
    """Every command of the app, the root first, depth first."""
    from amexcli import framework
    from amexcli.cli import app
    from amexcli.commands import COMMANDS
    from amexcli.resources import load

    kinds = {
        **ARGUMENTS,
        "route": "=" + " ".join(load("routes.toml")),
        "help": "=" + " ".join(name for name in COMMANDS if name != "help"),
    }
    extra = examples()
    found: list[Command] = []

    def walk(cmd: Any, path: str, parent: Any) -> None:
        ctx = framework.Context(cmd, info_name=path.rsplit(" ", 1)[-1] or "amex", parent=parent)
        subs = getattr(cmd, "commands", {})
        name = f"amex {path}".strip()
        required = set(extra.get(name, {}).get("required", []))
        options = [
            Option(
                names=tuple(p.opts + p.secondary_opts),
                help=(p.help or "").strip(),
                value=None if p.is_flag else OPTION_VALUES.get(p.name, "any"),
                metavar="" if p.is_flag else _metavar(p),
                required=p.required or bool(required & set(p.opts)),
                words=_words(p),
                default=_default(p),
            )
            for p in cmd.params
            if p.param_type_name == "option" and not p.hidden
        ]
        options.append(Option(("--help", "-h"), HELP, None))
        arguments = [
            Argument(
                metavar=(p.metavar or p.name.upper()).replace("[", "").replace("]", ""),
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
                usage=_usage(name, cmd, options, bool(subs)),
                commands=tuple((n, s.get_short_help_str(100)) for n, s in subs.items()),
                options=tuple(options),
                arguments=tuple(arguments),
                argument=kinds.get(path),
                examples=tuple(
                    (line, what) for line, what in extra.get(name, {}).get("examples", [])
                ),
            )
        )
        for name, sub in subs.items():
            walk(sub, f"{path} {name}".strip(), ctx)

    walk(framework.get_command(app), "", None)
    return found
