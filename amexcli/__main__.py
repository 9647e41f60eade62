"""The `amex` entry point (and `python -m amexcli`).

Two short paths never import Typer or rich: shell completion of the user's data, and help
(`amex`, `amex --help`, `amex help log`, `amex log add -h`, ...), printed from data/help.txt.
"""

import sys


def main() -> None:
    if sys.platform == "win32":
        # The data file's lock is fcntl's, which Windows lacks: one clear line, not a traceback
        # from deep inside the first write.
        sys.stderr.write(
            "amex: Windows is not supported (amex needs POSIX file locking); use WSL.\n"
        )
        sys.exit(2)
    args = sys.argv[1:]
    if args[:1] == ["__complete"]:
        from amexcli.complete_data import main as complete

        sys.exit(complete(args[1:]))
    _refuse_undecodable(args)
    if args in (["--version"], ["-V"]):
        from amexcli import __version__

        sys.stdout.write(f"amex {__version__}\n")
        sys.exit(0)
    if _may_ask_for_help(args):
        from amexcli import helptext

        if helptext.fast(args):
            sys.exit(0)
    _terminate_like_interrupt()
    import gc

    # Start-up makes some 100,000 objects, the framework's mostly, that live as long as the
    # process: the cyclic collector would walk them again and again for nothing (a twentieth
    # of a command's time). So it is off while they are made, and then they are
    # frozen out of its sight (gc.freeze, as CPython documents it) before it is on again for
    # the command itself.
    gc.disable()
    try:
        from amexcli.cli import main as cli
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM while starting: nothing was done yet
        sys.exit(143 if _terminated else 130)

    gc.freeze()
    gc.enable()
    try:
        cli()
    except SystemExit as e:
        if _terminated and e.code == 130:  # Typer ends an interrupt with 130
            sys.exit(143)  # 128 + SIGTERM, as a shell reports it
        raise


def _may_ask_for_help(args: list[str]) -> bool:
    """Whether helptext.fast could answer: bare, `help ...`, `... --help`, or a group alone
    (`log`). `log list`, `next` or `numbers --abroad` need not even import it (Typer would
    still answer a group of groups alone with the same page)."""
    from amexcli.commands import GROUPS  # a command imports this package anyway

    return (
        not args
        or args[0] == "help"
        or args[-1] in ("--help", "-h")
        or (len(args) == 1 and args[0] in GROUPS)
    )


def _refuse_undecodable(args: list[str]) -> None:
    """An argument that is not UTF-8 (Python keeps its bytes as lone surrogates) is bad input:
    it could be neither stored nor printed."""
    for number, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as e:
            shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            sys.stderr.write(
                f"amex: argument {number} is not UTF-8 text (byte {e.start}): {shown}\n"
                "Type it again, or convert it with iconv.\n"
            )
            sys.exit(2)


def _terminate_like_interrupt() -> None:
    """SIGTERM (kill, a shutdown) ends amex the way Ctrl-C does: a write in progress removes its
    temp file and leaves the data file as it was; the exit code is 143."""
    import signal

    def stop(signum: int, frame: object) -> None:
        global _terminated  # noqa: PLW0603 -- one process, one signal
        _terminated = True
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # clean up once
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


_terminated = False


if __name__ == "__main__":
    main()
