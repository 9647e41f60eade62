"""Card numbers never reach the disk: find Luhn-valid 15- and 16-digit numbers and mask them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# 15 or 16 digits, single spaces or dashes allowed between them, not part of a longer number.
_CANDIDATE = re.compile(r"(?<![\d])\d(?:[ -]?\d){14,15}(?![\d])")
KEEP = 5


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_numbers(text: str) -> list[str]:
    """Every Luhn-valid 15- or 16-digit card number in `text`, as written."""
    return [m.group() for m in _CANDIDATE.finditer(text) if luhn_valid(_digits(m.group()))]


def mask(text: str) -> tuple[str, int]:
    """`text` with each card number's digits but the last five replaced by `x`; and how many."""
    count = 0

    def hide(m: re.Match[str]) -> str:
        nonlocal count
        found = m.group()
        if not luhn_valid(_digits(found)):
            return found
        count += 1
        hidden = len(_digits(found)) - KEEP
        out = []
        for ch in found:
            if ch.isdigit() and hidden > 0:
                out.append("x")
                hidden -= 1
            else:
                out.append(ch)
        return "".join(out)

    return _CANDIDATE.sub(hide, text), count


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def mask_fields(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """`values` with card numbers masked in every text, and the fields that held one."""
    out, masked = dict(values), []
    for name, value in values.items():
        if isinstance(value, str):
            out[name], count = mask(value)
            if count:
                masked.append(name)
    return out, masked
