"""Amounts of money and months as people type them: `$1,234.50`, `325`, `September`, `sep`, `9`.

Pure: no I/O. Amounts are `Decimal`s with exactly two places (cents), never floats.
"""

from __future__ import annotations

import re
from decimal import Decimal

from amexcli.errors import InputError

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
_CENT = Decimal("0.01")
LIMIT = Decimal(10**9)  # no card charge or fee comes near; keeps TOML integers in range


def parse_money(value: str, *, what: str = "amount", negative: bool = False) -> Decimal:
    """`$1,234.50` -> Decimal("1234.50"); a minus sign only when `negative` allows it."""
    text = value.strip().replace(" ", "")
    m = _MONEY.fullmatch(text)
    if m is None or (m.group(1) and m.group(2)):
        raise InputError(f"{what} {value!r} is not an amount: use {MONEY_FORMS}.")
    minus = bool(m.group(1) or m.group(2))
    if minus and not negative:
        raise InputError(f"{what} {value!r} must not be negative.")
    amount = Decimal(m.group(3).replace(",", "") + "." + (m.group(4) or "0")).quantize(_CENT)
    if amount >= LIMIT:
        raise InputError(f"{what} {value!r} is too large for amex (under $1,000,000,000).")
    return -amount if minus else amount


def parse_dollars(value: str, *, what: str = "amount") -> int:
    """Whole dollars (an annual fee): `$695`, `695.00` -> 695; cents are refused."""
    amount = parse_money(value, what=what)
    if amount != amount.to_integral_value():
        raise InputError(f"{what} {value!r} must be whole dollars, e.g. 695 or $695.")
    return int(amount)


def format_money(amount: Decimal | int) -> str:
    """`$1,234.50`, `$695` for whole dollars, `-$12.34` below zero."""
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == value.to_integral_value():
        return f"{sign}${int(value):,}"
    return f"{sign}${value.quantize(_CENT):,}"


def parse_month(value: str, *, what: str = "month") -> int:
    """`9`, `09`, `September`, `sep`, `Sept` -> 9."""
    text = value.strip().lower().rstrip(".")
    if text.isdigit() and text.isascii():
        if 1 <= int(text) <= 12:
            return int(text)
        raise InputError(f"{what} {value!r} is not a month: use {MONTH_FORMS}.")
    if len(text) >= 3:
        found = [i for i, name in enumerate(_MONTHS, 1) if name.startswith(text)]
        if len(found) == 1:
            return found[0]
    if text == "sept":
        return 9
    raise InputError(f"{what} {value!r} is not a month: use {MONTH_FORMS}.")


def month_name(month: int) -> str:
    return _MONTHS[month - 1].capitalize()
