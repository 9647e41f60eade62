"""Values as data: one field of a plain line or a CSV cell, and JSON.

Below both the domain modules (an export is data) and output (which shows it): ISO dates, times
to the minute, amounts with cents, true/false, and JSON with nothing a terminal would obey.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any


def field(value: Any) -> str:
    """One value as scripts read it: ISO dates, times to the minute, true/false, "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):  # amex's only floats are dollars: always with cents
        return f"{value:.2f}"
    if isinstance(value, list | tuple):  # e.g. a card's fee patterns
        return "; ".join(field(v) for v in value)
    return str(value)


def _json_default(value: Any) -> str:
    if isinstance(value, date):  # a datetime is a date too
        return field(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# json escapes C0 controls itself; these it would write raw (DEL, C1, bidi controls, separators).
# (a pattern, compiled on first use by re's own cache: only --json needs it)
_JSON_RAW = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def dumps(value: Any) -> str:
    """JSON, non-ASCII text as is, but nothing a terminal would obey (all escaped as \\uHHHH)."""
    import json  # only for --json: a pipe's plain lines do without it

    out = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
    # such characters can only stand inside a JSON string, where \\uHHHH means the same
    return re.sub(_JSON_RAW, lambda m: f"\\u{ord(m.group()):04x}", out)
