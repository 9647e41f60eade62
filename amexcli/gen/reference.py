"""Everything generated from the app: docs/commands.md, the help pages, the man page, completions.

Run `python -m amexcli.gen.reference` (or `python -m amexcli.gen.completion`) after changing a
command, an option or data/examples.toml: it rewrites all of them, and tests fail when any drifts
from the app.
"""

from __future__ import annotations

import sys
from pathlib import Path

from amexcli.gen.appspec import Command, commands
from amexcli.gen.helprender import option_help

ROOT = Path(__file__).resolve().parents[2]
TITLE = """\
# amex command reference

Generated from the app by `python -m amexcli.gen.reference`; do not edit by hand.
[reference.md](reference.md) explains what each command is for, its JSON fields and plain
columns; the [README](../README.md) the output contract and the exit codes. The same text is
`amex COMMAND --help` and `man amex`.
"""


def _values(kind: str | None) -> str:
    if kind and kind.startswith("="):
        return " (" + ", ".join(f"`{v}`" for v in kind[1:].split()) + ")"
    return ""


def section(c: Command) -> str:
    out = [f"## `{c.name}`\n", f"```\n{c.usage}\n```\n"]
    if c.help:
        out.append(c.help.replace("\n\n", "\n") + "\n")
    if c.commands:
        out.append("| command | what it does |\n|---|---|")
        out.extend(f"| `{name}` | {help_} |" for name, help_ in c.commands)
        out.append("")
    if c.arguments:
        out.append("| argument | |\n|---|---|")
        out.extend(
            f"| `{a.metavar}`{'' if a.required else ' (optional)'} | {a.help} |"
            for a in c.arguments
        )
        out.append("")
    out.append("| option | |\n|---|---|")
    for o in c.options:
        names = ", ".join(f"`{n}{' ' + o.metavar if o.metavar else ''}`" for n in o.names)
        help_ = option_help(o).replace("|", "\\|")
        out.append(f"| {names} | {help_}{_values(o.value)} |")
    if c.examples:
        out.append("\nExamples:\n")
        for line, what in c.examples:
            out.append(f"```console\n$ {line}\n```\n{what}\n")
    return "\n".join(out).rstrip("\n") + "\n"


def render(cmds: list[Command] | None = None) -> str:
    return TITLE + "".join("\n" + section(c) for c in cmds or commands())


def outputs(cmds: list[Command] | None = None) -> dict[Path, str]:
    """Every generated file (path from the tree's root) and the text it must hold."""
    from amexcli.gen import completion, helprender, manpage

    cmds = cmds or commands()
    found = {
        Path("docs/commands.md"): render(cmds),
        Path("amexcli/data/help.txt"): helprender.render_all(cmds),
        Path("man/amex.1"): manpage.render(cmds),
    }
    for name, make in completion.SCRIPTS.items():
        found[Path("completions") / name] = make(cmds)
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else ROOT
    for relative, text in outputs().items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
