"""Ctrl-C while pasting a statement, the calendar file's mode, `log edit --help`'s --date."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from pty_session import CTRL_C, Session

from amexcli import helptext


@pytest.fixture
def plat(cli: Callable[..., object]) -> None:
    for args in (
        ("cards", "add", "plat", "--product", "Platinum Card", "--fee-month", "3"),
        ("log", "add", "A1", "--rep", "Dana", "--summary", "fee", "--follow-up", "2027-01-20"),
    ):
        r = cli(*args)
        assert r.exit_code == 0, r.output  # type: ignore[attr-defined]


def test_ctrl_c_while_pasting_a_statement(datafile: Path, plat: None) -> None:
    before = datafile.read_bytes()
    s = Session("statement", "import", "-", "--card", "plat")
    try:
        s.expect("paste it, then Ctrl-D")
        s.type("Date,Description,Amount\r12/01/2026,UBER,15.00\r")  # half a paste
        s.type(CTRL_C)
        assert s.wait() == 130
    finally:
        s.kill()
    tail = s.screen.rstrip(" ")
    assert "amex: cancelled: nothing was imported.\n" in tail
    assert tail.endswith("\n")  # the shell's prompt starts on a line of its own
    assert "Traceback" not in s.screen
    assert datafile.read_bytes() == before


@pytest.mark.usefixtures("plat")
def test_next_ics_file_is_private_and_whole(cli: Callable[..., object], tmp_path: Path) -> None:
    target = tmp_path / "amex.ics"
    target.write_text("old calendar")
    target.chmod(0o644)
    r = cli("next", "--as-of", "2026-12-07", "--days", "400", "--ics", str(target))
    assert r.exit_code == 0, r.output  # type: ignore[attr-defined]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    # through a symlink, to its target: the link stays a link
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "real.ics")
    r = cli("next", "--as-of", "2026-12-07", "--days", "400", "--ics", str(link))
    assert r.exit_code == 0
    assert link.is_symlink() and stat.S_IMODE((tmp_path / "real.ics").stat().st_mode) == 0o600


@pytest.mark.usefixtures("plat")
def test_next_ics_says_events_in_words(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, screen = run.tty("next", "--as-of", "2026-12-07", "--days", "45", "--ics",
                           str(tmp_path / "a.ics"))  # fmt: skip
    assert code == 0
    assert "wrote 1 event to" in screen and "event(s)" not in screen


def test_log_edit_help_says_the_date_is_kept() -> None:
    page = helptext.page("amex log edit") or ""
    assert "default now" not in " ".join(page.split())
    assert "default unchanged" in " ".join(page.split())
    add = " ".join((helptext.page("amex log add") or "").split())
    assert "default now" in add
    assert os.sep  # (the page is the generated one: regenerate after changing an option)
