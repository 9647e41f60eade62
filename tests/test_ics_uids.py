"""`next --ics`: every follow-up has its own UID, whatever its ref holds (a calendar keeps one
event per UID, so two refs that shared one would lose a reminder)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from amexcli.agenda import _uid_part


def test_refs_that_a_variable_width_escape_confused_get_two_uids(
    cli: Callable[..., Any],
) -> None:
    from icalendar import Calendar

    for ref in ("A 1", "A\u0201"):
        r = cli("log", "add", ref, "--follow-up", "2026-12-08")
        assert r.exit_code == 0, r.output
    r = cli("next", "--as-of", "2026-12-07", "--days", "3", "--ics", "-")
    assert r.exit_code == 0, r.output
    uids = sorted(str(e["uid"]) for e in Calendar.from_ical(r.stdout).walk("VEVENT"))
    assert len(uids) == 2 and uids[0] != uids[1], uids
    assert uids == ["follow-up-A%0000201@amexcli", "follow-up-A%000201@amexcli"]


def test_a_plain_ref_keeps_its_uid() -> None:
    assert _uid_part("A1B2-C3_d.e") == "A1B2-C3_d.e"


@given(st.text(max_size=8), st.text(max_size=8))
def test_uid_parts_are_one_to_one(a: str, b: str) -> None:
    if a != b:
        assert _uid_part(a) != _uid_part(b)
    assert _uid_part(a).isascii() and "@" not in _uid_part(a)
