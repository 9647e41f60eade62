"""The command reference, docs/commands.md, generated from the app.

Run `python -m amexcli.reference` to rewrite it; a test fails when it drifts from the app.
"""

from __future__ import annotations

import sys
from pathlib import Path

from amexcli.appspec import Command, commands

TITLE = """\
# amex command reference

Generated from the app by `python -m amexcli.reference`; do not edit by hand. The README
explains what each command is for, its JSON fields and plain columns, and the exit codes.
"""


def _values(kind: str | None) -> str:
    if kind and kind.startswith("="):
        return " (" + ", ".join(f"`{v}`" for v in kind[1:].split()) + ")"
    return ""


def section(c: Command) -> str:
    out = [f"## `{(c.path and 'amex ' + c.path) or 'amex'}`\n", f"```\n{c.usage}\n```\n"]
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
        help_ = o.help.replace("|", "\\|")
        out.append(f"| {names} | {help_}{_values(o.value)} |")
    return "\n".join(out) + "\n"


def render() -> str:
    return TITLE + "".join("\n" + section(c) for c in commands())


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "docs"
    target.mkdir(parents=True, exist_ok=True)
    (target / "commands.md").write_text(render())
    print(target / "commands.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
