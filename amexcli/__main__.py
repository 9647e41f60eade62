"""The `amex` entry point (and `python -m amexcli`).

Two short paths never import Typer or rich: shell completion of the user's data, and help
(`amex`, `amex --help`, `amex help log`, `amex log add -h`, ...), printed from data/help.txt.
"""

import sys


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["__complete"]:
        from amexcli.complete_data import main as complete

        sys.exit(complete(args[1:]))
    if args in (["--version"], ["-V"]):
        from amexcli import __version__

        sys.stdout.write(f"amex {__version__}\n")
        sys.exit(0)
    from amexcli import helptext

    if helptext.fast(args):
        sys.exit(0)
    from amexcli.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
