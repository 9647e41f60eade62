"""Card numbers never reach the disk: find anything that looks like a card number and mask it.

The rule, as the README states it: a run of digits, written together or split by ordinary
separators (spaces of any kind, dashes of any kind, dots, slashes, underscores, a line break;
up to three in a row), that holds 15 or more digits and in which, from its start or the start of
one of its groups, 15 digits start like an American Express number (34, 37) or 16 like a Visa
(4), Mastercard (51-55, 2221-2720) or Discover (6011, 644-649, 65) number, is masked: every
digit of the run but the last five becomes `x`. The Luhn check plays no part, so a number
with a typo is masked too, and a stray digit next to the number is swallowed with it. A three-
or four-digit code right after CID, CVV, CVC, CSC or "security code" is masked whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

KEEP = 5
# Ordinary separators: every Unicode space (\s covers NBSP, thin and ideographic spaces, tabs
# and line breaks in a str pattern), every dash, dots, slashes, underscores.
# A message that quotes the input with repr() shows a no-break space as the four characters \xa0
# and a line break as \n: those escapes separate digits too, so no message can echo a number.
_SEP = (
    r"(?:[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d./_]"
    r"|\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[ntr])|\\)"
)
# Patterns, not compiled ones: re compiles each on first use and keeps it (a command that never
# masks or checks a text does not pay the milliseconds).
_TOKEN = rf"({_SEP})|\d"
_RUN = rf"(?<!\d)\d(?:{_SEP}{{0,3}}\d){{14,}}(?!\d)"
# Prefixes and the length of the number that starts with them.
_CARD = (
    r"3[47]\d{13}"  # American Express: 15 digits
    r"|4\d{15}"  # Visa
    r"|(?:5[1-5]\d{2}|222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)\d{12}"  # Mastercard
    r"|(?:6011|64[4-9]\d|65\d{2})\d{12}"  # Discover
)
_CODE = (
    r"(?i)\b(?:cid|cvv2?|cvc2?|csc|cvn|security\s+code)\b"  # the word
    r"(?:\s*(?:number|no\.?|code|is|was|[:#=(-]))*\s*"  # "CID is", "CVV: ", "CID #"
    r"(\d{3,4})(?!\d)"
)


def looks_like_card(run: str) -> bool:
    """Whether, from the start of `run` or of one of its groups, 15 or 16 digits in a row
    start like a card number."""
    digits, starts = "", [0]
    for token in re.finditer(_TOKEN, run):
        if token.group(1) is not None:
            if starts[-1] != len(digits):
                starts.append(len(digits))
        else:
            digits += str(int(token.group()))
    card = re.compile(_CARD)  # from re's cache: match() from a position needs a Pattern
    return any(card.match(digits, i) for i in starts if i <= len(digits) - 15)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_numbers(text: str) -> list[str]:
    """Every run of digits in `text` that the rule masks, as written."""
    return [m.group() for m in re.finditer(_RUN, text) if looks_like_card(m.group())]


def mask(text: str) -> tuple[str, int]:
    """`text` with each card number's digits but the last five replaced by `x`, and each code
    after CID/CVV replaced by `x`s; and how many were masked."""
    count = 0

    def hide(m: re.Match[str]) -> str:
        nonlocal count
        found = m.group()
        if not looks_like_card(found):
            return found
        count += 1
        hidden = len(_digits(found)) - KEEP

        def digit(t: re.Match[str]) -> str:
            nonlocal hidden
            if t.group(1) is not None or hidden <= 0:  # a separator (an escape's hex too)
                return t.group()
            hidden -= 1
            return "x"

        return re.sub(_TOKEN, digit, found)

    def hide_code(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        start, end = m.span(1)
        return m.group()[: start - m.start()] + "x" * (end - start)

    text = re.sub(_RUN, hide, text)
    return re.sub(_CODE, hide_code, text), count


def _digits(run: str) -> str:
    """The digits of a run as ASCII (a full-width digit counts as its ASCII twin), without
    those of the escapes between them."""
    return "".join(str(int(t.group())) for t in re.finditer(_TOKEN, run) if t.group(1) is None)


def mask_fields(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """`values` with card numbers masked in every text, and the fields that held one."""
    out, masked = dict(values), []
    for name, value in values.items():
        if isinstance(value, str):
            out[name], count = mask(value)
            if count:
                masked.append(name)
    return out, masked


def mask_document(doc: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A whole data file (a merge's OTHER, say) with card numbers masked in every text, keys
    included; and the dotted path of each place that held one. A key that, masked, would meet
    another key keeps its number hidden and gets a suffix: nothing is lost, nothing leaks."""
    found: list[str] = []

    def walk(value: Any, where: str) -> Any:
        if isinstance(value, str):
            text, count = mask(value)
            if count:
                found.append(where)
            return text
        if isinstance(value, list):
            return [walk(v, f"{where}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, Mapping):
            out: dict[str, Any] = {}
            for key, inner in value.items():
                name, count = mask(key) if isinstance(key, str) else (key, 0)
                if count:
                    n = 2
                    while name in out or (name != key and name in value):
                        name = f"{mask(key)[0]} ({n})"
                        n += 1
                    found.append(f"{where}.{name}".lstrip(".") + " (its key)")
                out[name] = walk(inner, f"{where}.{name}".lstrip("."))
            return out
        return value

    return walk(doc, ""), found
