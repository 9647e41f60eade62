"""Record identifiers two machines cannot both invent: short, time-sortable, lowercase.

An id is 13 characters of Crockford base32 (`0-9` and `a-z` without `i l o u`): 9 for the
milliseconds since 1970 (good until the year 3084), then 4 random ones (20 bits). Two machines
adding a record in the same millisecond collide with a chance of one in a million; ids made later
sort after ids made earlier, so a listing by id is a listing by creation.

Every section keyed by a made-up identifier (retention records, offers, benefits) uses `new_id`;
a counter (`max + 1`) is what two machines *can* both invent.
"""

from __future__ import annotations

import re
import time

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford's base32, lowercase
TIME_CHARS = 9
RANDOM_CHARS = 4
LENGTH = TIME_CHARS + RANDOM_CHARS
ID = f"[{ALPHABET}]{{{LENGTH}}}"  # a pattern: re compiles it on first use, and keeps it
# What people type for what they read (Crockford): case is ignored, i/l are 1, o is 0.
_TYPED = str.maketrans("ilo", "110")


def new_id(*, now: float | None = None, entropy: bytes | None = None) -> str:
    """A new record id; `now` (seconds since 1970) and `entropy` (3 bytes) are for tests."""
    import secrets  # here: with hashlib, start-up time that only a new record needs

    ms = int((time.time() if now is None else now) * 1000)
    raw = secrets.token_bytes(3) if entropy is None else entropy
    return _encode(ms, TIME_CHARS) + _encode(int.from_bytes(raw[:3], "big"), RANDOM_CHARS)


def stable_id(*, seconds: float, content: str) -> str:
    """The id an old numbered record gets when its file is upgraded: the same on every machine.

    Two copies of one old file upgraded apart must agree on each record's id, and two different
    records that two machines both numbered 3 must not: so the id is made of the record's own
    time and a hash of its content, not of its number.
    """
    import hashlib

    digest = int.from_bytes(hashlib.sha256(content.encode("utf-8")).digest()[:3], "big")
    return _encode(int(seconds * 1000), TIME_CHARS) + _encode(digest, RANDOM_CHARS)


def normalize(text: str) -> str:
    """An id as typed (any case, o for 0, i or l for 1) in the form it is stored."""
    return text.strip().lower().translate(_TYPED)


def is_id(text: str) -> bool:
    return re.fullmatch(ID, text) is not None


def _encode(value: int, width: int) -> str:
    value %= 32**width
    chars = []
    for _ in range(width):
        value, digit = divmod(value, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))
