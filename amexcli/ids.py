"""Record ids that two machines cannot both invent, short enough to type, sorting by age.

An id is 11 characters of Crockford's base-32 alphabet in lower case (no i, l, o, u):
7 for the whole seconds since 1970 (enough until the year 3058), then 4 random ones
(20 bits). Ids made in a later second sort after earlier ones as plain strings; two made in
the same second on two machines collide once in a million. `make_id` is the one pure
function; `new_id` feeds it the clock and the system's randomness.
"""

from __future__ import annotations

import re

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # ascending in ASCII: ids sort as strings
TIME_CHARS, RANDOM_CHARS = 7, 4
ID = re.compile(f"[{ALPHABET}]{{{TIME_CHARS + RANDOM_CHARS}}}")


def make_id(seconds: int, random: int) -> str:
    """The id for a moment (whole seconds since 1970) and a random number below 32**4."""
    if not 0 <= seconds < 32**TIME_CHARS:
        raise ValueError(f"seconds out of range: {seconds}")
    if not 0 <= random < 32**RANDOM_CHARS:
        raise ValueError(f"random out of range: {random}")
    return _base32(seconds, TIME_CHARS) + _base32(random, RANDOM_CHARS)


def new_id() -> str:
    import secrets
    import time

    return make_id(int(time.time()), secrets.randbelow(32**RANDOM_CHARS))


def is_id(text: str) -> bool:
    return bool(ID.fullmatch(text))


def _base32(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, digit = divmod(n, 32)
        out.append(ALPHABET[digit])
    return "".join(reversed(out))
