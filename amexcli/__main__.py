"""The `amex` entry point (and `python -m amexcli`).

Shell completion of the user's data takes a short path that never imports Typer or rich.
"""

import sys


def main() -> None:
    if sys.argv[1:2] == ["__complete"]:
        from amexcli.complete_data import main as complete

        sys.exit(complete(sys.argv[2:]))
    from amexcli.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
