"""Reading a record of the data file: each field of the type it must have, or an error naming it.

Every record (a card, a retention record, an offer, a benefit) is checked here, so that a hand
edit gets the same message whichever table it is in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from amexcli.dates import in_range
from amexcli.errors import DataFileError


def read_field(t: Mapping[str, Any], name: str, kind: type, where: str) -> Any:
    """`t[name]` if it is a `kind` (str, int, date, bool), None if absent; else an error."""
    value = t.get(name)
    if value is None:
        return None
    # bool is an int and datetime a date to isinstance; neither belongs where the other is due
    wrong = not isinstance(value, kind) or (type(value) in (bool, datetime) and kind in (int, date))
    if wrong:
        raise DataFileError(
            f"{where}.{name} must be a {kind.__name__}, not {value!r}; fix it in the data file."
        )
    if kind is date and not in_range(value):
        raise DataFileError(f"{where}.{name} {value} is out of range; fix it in the data file.")
    return value


def read_ranged(t: Mapping[str, Any], name: str, low: int, high: int, where: str) -> int | None:
    """A whole number from `low` to `high`, or None if absent."""
    value: int | None = read_field(t, name, int, where)
    if value is not None and not low <= value <= high:
        raise DataFileError(f"{where}.{name} must be from {low} to {high}, not {value}.")
    return value
