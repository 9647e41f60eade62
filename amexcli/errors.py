"""One error family, caught once: `AmexGroup.invoke` (cli.py) prints `amex: message` and exits
with the error's code."""


class AmexError(Exception):
    """Something the user can fix; never shown with a traceback."""

    exit_code = 2


class NotFound(AmexError):
    """A negative answer, like grep finding nothing."""

    exit_code = 1


class InputError(AmexError):
    """Bad usage or bad input: an impossible date, an unknown card, a duplicate ref."""

    exit_code = 2


class DataFileError(AmexError):
    """The data file cannot be used: corrupt, newer schema, unwritable, locked too long."""

    exit_code = 3
