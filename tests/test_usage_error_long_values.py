"""An option value Click refuses is named, not echoed back whole: 5,000 digits for --days are
one short line, as amex's own checks say them (money.quoted)."""

from __future__ import annotations

import pytest

from conftest import InProcess

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("next", "--days", HUGE), "--days"),
        (("cards", "edit", "p", "--closing-day", HUGE), "--closing-day"),
        (("log", "list", "--limit", HUGE), "--limit"),
        (("x" + HUGE,), "No such command"),
    ],
)
def test_a_huge_value_is_named_in_one_short_line(
    run: InProcess, argv: tuple[str, ...], named: str
) -> None:
    r = run(*argv)
    assert r.returncode == 2 and r.stdout == ""
    assert named in r.stderr and "(5,00" in r.stderr
    assert len(r.stderr) < 300, r.stderr
    assert "Traceback" not in r.stderr


def test_a_short_value_is_quoted_whole(run: InProcess) -> None:
    r = run("next", "--days", "99999")
    assert r.returncode == 2
    assert "Invalid value for '--days': 99999 is not in the range 0<=x<=3660." in r.stderr
    r = run("nosuch")
    assert "No such command 'nosuch'." in r.stderr
