"""Text wraps to the terminal's width at word boundaries, with hanging indents (tmux)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from tmux_screen import Screen

from amexcli import helptext

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


@pytest.fixture
def plat(cli: Callable[..., Any]) -> None:
    for args in (
        ("cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695",
         "--fee-month", "3", "--closing-day", "5", "--member-since", "2015"),
        ("retention", "add", "plat", "--date", "2025-03-20", "--accepted"),
    ):  # fmt: skip
        r = cli(*args)
        assert r.exit_code == 0, r.output


def section(shown: str, title: str) -> list[str]:
    lines = shown.splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


@pytest.mark.usefixtures("plat")
def test_script_bullets_hang_and_quotes_keep_their_bar(screen: Screen) -> None:
    shown = screen.show("script", "retention", "--card", "plat", "--as-of", "2026-12-07", width=50)
    opening = section(shown, "Opening")
    assert opening[0].startswith("  • ")
    for line in opening:
        assert line.startswith(("  • ", "    ")) and len(line) <= 50, shown
    ask = section(shown, "The ask")
    quote = [line for line in ask if not line.startswith(("  • ", "    "))]
    assert len(quote) >= 3 and all(line.startswith("  │ ") for line in quote), ask
    joined = " ".join(line[4:] for line in quote)
    assert "I love the card, but I'm struggling to justify the annual fee" in joined
    assert "*thinking of*" not in shown and "thinking of closing" in " ".join(shown.split())


@pytest.mark.usefixtures("plat")
def test_value_at_50_wraps_under_its_indent(screen: Screen) -> None:
    shown = screen.show("value", "--as-of", "2026-12-07", width=50)
    lines = shown.splitlines()
    assert all(len(line) <= 50 for line in lines)
    body = lines[lines.index(next(x for x in lines if x.startswith("  annual fee"))) :]
    assert len(body) >= 4  # wrapped: the prose is longer than 50 columns
    assert all(line.startswith("  ") and line[2] != " " for line in body), body
    assert "No benefits or offers recorded on plat" in " ".join(shown.split())


def words_of(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("width", [50, 120])
def test_help_wraps_to_the_terminal_and_never_splits_a_word(screen: Screen, width: int) -> None:
    screen.show("log", "add", "--help", width=width, height=100)
    shown = screen.screen(joined=True).rstrip("\n")
    page = helptext.page("amex log add") or ""
    assert words_of(shown) == words_of(page)  # the same words, none split
    for line in shown.splitlines():
        assert len(line) <= width or line.lstrip().startswith("$ "), line
    if width == 120:
        prose = [line for line in shown.splitlines() if not line.lstrip().startswith("$ ")]
        assert any(len(line) > 82 for line in prose)  # the room is used
    else:  # an option's help hangs under it, not at column 0
        lines = shown.splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("  --date"))
        assert lines[at + 1].startswith("      When: a date")


def test_long_help_is_paged_at_80x24(screen: Screen) -> None:
    done = screen.start("log", "add", "--help", width=80, height=24,
                        env={"AMEX_PAGER": "less", "LESS": None})  # fmt: skip
    screen.wait_for("Usage: amex log add")
    shown = screen.screen(history=False)
    assert "Log a chat; the summary is read from stdin." not in shown  # a page away
    assert not done.exists()  # still in the pager
    screen.keys("q")
    assert screen.wait_exit(done) == 0


def test_short_help_is_not_paged(screen: Screen) -> None:
    done = screen.start("value", "--help", width=80, height=60, env={"AMEX_PAGER": "less"})
    assert screen.wait_exit(done) == 0


def test_an_error_wraps_with_a_hanging_indent_and_keeps_dates_whole(screen: Screen) -> None:
    done = screen.start("log", "add", "A1", "--follow-up", "2026-02-30", "--card", "x", width=40)
    assert screen.wait_exit(done) == 2
    lines = [line for line in screen.screen().splitlines() if line.strip()]
    assert lines[0].startswith("amex: ") and len(lines) >= 2
    assert all(line.startswith("      ") for line in lines[1:]), lines
    assert all(len(line) <= 40 for line in lines)
    assert "2026-02-30" in "\n".join(lines)  # never split across lines
    assert re.search(r"\d{4}-\d\d-$", "\n".join(lines), re.M) is None
