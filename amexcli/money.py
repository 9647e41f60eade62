"""Amounts of money, whole numbers and months as people type them: `$1,234.50`, `325`, `Sep`.

The one place amounts are parsed, checked and formatted. Pure: no I/O. A typed amount is a
`Decimal` with exactly two places; in code amounts are whole cents (`int`), so that sums are
exact; the data file and JSON hold dollars with cents (`15.99`, `dollars`); a person reads
`$15.99` or `$695` (`format_cents`). No number is ever converted whole from thousands of digits:
`parse_int` looks at its length first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from amexcli.errors import DataFileError, InputError

MONEY_FORMS = "dollars and cents such as 325, 325.00, $325 or $1,234.50"
MONTH_FORMS = "a month as 1-12 or its name, e.g. 9, September or Sep"

# $ optional, thousands either grouped by commas or not at all, up to two decimals
_MONEY = re.compile(r"(-)?\$?(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?", re.ASCII)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
LIMIT = Decimal(10**9)  # no card charge or fee comes near; keeps TOML integers in range
MAX_CENTS = int(LIMIT) * 100 - 1
_SHOWN = 40  # an error quotes at most this much of what was typed


def quoted(value: str) -> str:
    """`value` as an error message quotes it: repr, cut short when it is long (5,000 digits)."""
    if len(value) <= _SHOWN:
        return repr(value)
    return f"{value[: _SHOWN // 2]!r}... ({len(value):,} characters)"


def parse_int(text: str, *, most: int) -> int | None:
    """ASCII digits as a number from 0 to `most`; None for anything else, however long."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(most)):  # before int(): thousands of digits are refused by Python
        return None
    number = int(digits)
    return number if number <= most else None


def parse_money(value: str, *, what: str = "amount", negative: bool = False) -> Decimal:
    """`$1,234.50` -> Decimal("1234.50"); a minus sign only when `negative` allows it."""
    text = value.strip().replace(" ", "")
    m = _MONEY.fullmatch(text)
    if m is None or (m.group(1) and m.group(2)):
        raise InputError(f"{what} {quoted(value)} is not an amount: use {MONEY_FORMS}.")
    minus = bool(m.group(1) or m.group(2))
    if minus and not negative:
        raise InputError(f"{what} {quoted(value)} must not be negative.")
    whole = parse_int(m.group(3).replace(",", ""), most=int(LIMIT) - 1)
    if whole is None:
        raise InputError(f"{what} {quoted(value)} is too large for amex (under ${int(LIMIT):,}).")
    cents = whole * 100 + int((m.group(4) or "0").ljust(2, "0"))
    return Decimal(-cents if minus else cents).scaleb(-2)


def parse_cents(text: str, *, what: str) -> int:
    """`$325`, `325.00`, `$1,234.50` (parse_money) as whole cents; zero is bad input too."""
    cents = int(parse_money(text, what=what) * 100)
    if cents == 0:
        raise InputError(f"{what} must be more than $0.")
    return cents


def parse_dollars(value: str, *, what: str = "amount") -> int:
    """Whole dollars (an annual fee): `$695`, `695.00` -> 695; cents are refused."""
    amount = parse_money(value, what=what)
    if amount != amount.to_integral_value():
        raise InputError(f"{what} {quoted(value)} must be whole dollars, e.g. 695 or $695.")
    return int(amount)


def dollars(cents: int) -> float:
    """Whole cents as the number of dollars the file and JSON hold (1599 -> 15.99)."""
    return cents / 100


def format_cents(cents: int) -> str:
    """Whole cents for a person: `$1,234.50`, `$695` (no .00 on whole dollars), `-$5`."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}${whole:,}.{part:02d}" if part else f"{sign}${whole:,}"


def read_cents(t: Mapping[str, Any], name: str, where: str) -> int | None:
    """An amount read from the file, as whole cents; not a number >= 0 with cents is an error."""
    value = t.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataFileError(
            f"{where}.{name} must be an amount in dollars, like 15.99, not {value!r}."
        )
    # what the file says (15.99, not the float nearest it): repr is the shortest text read back
    # as this number; `nan` and `inf` are TOML floats too
    cents = Decimal(repr(value)) * 100
    if not cents.is_finite() or cents < 0 or cents != int(cents) or cents > MAX_CENTS:
        raise DataFileError(
            f"{where}.{name} must be an amount of dollars with at most cents, not {value!r}."
        )
    return int(cents)


def parse_month(value: str, *, what: str = "month") -> int:
    """`9`, `09`, `September`, `sep`, `Sept` -> 9."""
    text = value.strip().lower().rstrip(".")
    if text.isdigit() and text.isascii():
        number = parse_int(text, most=12)
        if number is not None and number >= 1:
            return number
        raise InputError(f"{what} {quoted(value)} is not a month: use {MONTH_FORMS}.")
    if len(text) >= 3:
        found = [i for i, name in enumerate(_MONTHS, 1) if name.startswith(text)]
        if len(found) == 1:
            return found[0]
    if text == "sept":
        return 9
    raise InputError(f"{what} {quoted(value)} is not a month: use {MONTH_FORMS}.")


def month_name(month: int) -> str:
    return _MONTHS[month - 1].capitalize()
