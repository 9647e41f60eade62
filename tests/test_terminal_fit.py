"""Lists and pages at 50, 80 and 120 columns of a real terminal (tmux), and TERM=dumb."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from tmux_screen import Screen

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

SUMMARY = (
    "Asked about the annual fee and whether any retention offer could help keep the account "
    "open this year"
)


@pytest.fixture
def two_cards(cli: Callable[..., object]) -> None:
    """A Platinum and a Gold card, two calls, an offer and a benefit, as a user has them."""
    for args in (
        ("cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695",
         "--fee-month", "3", "--closing-day", "5", "--last5", "12345"),
        ("cards", "add", "gold", "--product", "Gold Card", "--annual-fee", "325"),
        ("log", "add", "A1B2C3", "--date", "2026-12-07 18:55", "--card", "plat", "--dept",
         "retention", "--channel", "phone", "--rep", "Dana", "--summary", SUMMARY,
         "--promise", "Points post within 2 statements", "--follow-up", "2027-01-20"),
        ("log", "add", "Z9", "--date", "2026-12-01 09:30", "--card", "gold", "--summary", "short"),
    ):  # fmt: skip
        r = cli(*args)
        assert r.exit_code == 0, r.output  # type: ignore[attr-defined]


def line_of(screen: str, start: str) -> str:
    return next(line for line in screen.splitlines() if line.startswith(start))


@pytest.mark.usefixtures("two_cards")
def test_log_list_at_80_is_a_table_with_the_summary_cut_by_an_ellipsis(screen: Screen) -> None:
    shown = screen.show("log", "list", width=80)
    head = line_of(shown, "ref").split()
    assert head == ["ref", "at", "card", "follow", "up", "status", "summary"]
    row = line_of(shown, "A1B2C3")
    assert row.startswith("A1B2C3  2026-12-07 18:55  plat  2027-01-20  open    Asked about")
    assert row.endswith("…") and len(row) <= 80
    assert SUMMARY.startswith(row.split("open")[1].strip().removesuffix("…"))


@pytest.mark.usefixtures("two_cards")
def test_log_list_at_120_keeps_rep_and_channel(screen: Screen) -> None:
    shown = screen.show("log", "list", width=120)
    head = line_of(shown, "ref").split()
    assert {"department", "channel", "rep", "summary"} <= set(head)
    row = line_of(shown, "A1B2C3")
    assert "phone" in row and "Dana" in row and "retention" in row and len(row) <= 120


@pytest.mark.usefixtures("two_cards")
def test_log_list_is_blocks_only_when_narrow(screen: Screen) -> None:
    shown = screen.show("log", "list", width=50)
    assert "ref     A1B2C3" in shown.replace("ref         A1B2C3", "ref     A1B2C3")
    # blocks wrap the summary whole, each line under the label
    words = shown.split()
    assert set(SUMMARY.split()) <= set(words)
    assert all(len(line) <= 50 for line in shown.splitlines())


def test_numbers_note_goes_under_its_row_at_80(screen: Screen) -> None:
    shown = screen.show("numbers", width=80)
    lines = shown.splitlines()
    general = lines.index(line_of(shown, "general"))
    assert "1-800-528-4800" in lines[general]
    note = lines[general + 1]
    assert note.startswith("  Customer service for any card;")  # one line, not 16 columns
    assert len(note) > 60


def test_numbers_on_a_wide_terminal_is_one_row_a_number(screen: Screen) -> None:
    shown = screen.show("numbers", width=240)
    assert "Customer service for any card" in line_of(shown, "general")


@pytest.mark.usefixtures("two_cards")
def test_next_at_80_is_a_table_with_each_command_under_its_row(screen: Screen) -> None:
    shown = screen.show("next", "--as-of", "2026-12-07", "--days", "400", width=80)
    row = line_of(shown, "2027-01-20")
    assert row.split()[:3] == ["2027-01-20", "follow-up", "plat"]
    lines = shown.splitlines()
    after = lines[lines.index(row) + 1 :]
    assert any(line == "  amex log done A1B2C3" for line in after[:4])


# TERM=dumb: the window's real size, and no pager that cannot work there


@pytest.mark.usefixtures("two_cards")
def test_dumb_terminal_uses_the_real_width(screen: Screen) -> None:
    shown = screen.show("log", "list", width=50, env={"TERM": "dumb"})
    assert all(len(line) <= 50 for line in shown.splitlines()), shown
    assert "2026-12-07 18:55" in shown  # a date is never split
    shown = screen.show("log", "list", width=120, env={"TERM": "dumb"})
    assert "Dana" in line_of(shown, "A1B2C3")  # the whole width, not 80


@pytest.mark.usefixtures("two_cards")
def test_dumb_terminal_honours_columns(screen: Screen) -> None:
    shown = screen.show("log", "list", width=120, env={"TERM": "dumb", "COLUMNS": "50"})
    assert all(len(line) <= 50 for line in shown.splitlines()), shown


def test_dumb_terminal_runs_no_pager(screen: Screen) -> None:
    env: dict[str, str | None] = {"TERM": "dumb", "AMEX_PAGER": None, "PAGER": "less"}
    done = screen.start("script", "retention", width=80, height=24, env=env)
    assert screen.wait_exit(done) == 0  # never stops in less
    assert "not fully functional" not in screen.screen()
    # an AMEX_PAGER chosen for amex is still used
    seen = screen.folder / "paged.txt"
    env["AMEX_PAGER"] = f"tee {seen}"
    screen.show("script", "retention", width=80, height=24, env=env)
    assert "Before you call" in seen.read_text()
