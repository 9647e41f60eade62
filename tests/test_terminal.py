"""The person at the terminal, through a real terminal: tmux at 50, 80 and 120 columns.

Each test starts its own tmux server on a socket under tmp_path, runs the installed `amex` in a
pane of a given width, and reads the screen back as the person sees it.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_screen import Screen

from amexcli import layout
from conftest import Run

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

WIDTHS = (50, 80, 120)


class Tmux(Screen):
    """tests/tmux_screen.Screen with colour left on (NO_COLOR unset unless a test sets it), and
    `show` keeping the screen's trailing blank lines."""

    def start(
        self,
        *args: str,
        width: int,
        height: int = 60,
        env: dict[str, str | None] | None = None,
        stdin: str | None = None,
    ) -> Path:
        env = {"NO_COLOR": None, **(env or {})}
        return super().start(*args, width=width, height=height, env=env, stdin=stdin)

    def show(
        self, *args: str, width: int, height: int = 60, env: dict[str, str | None] | None = None
    ) -> str:
        done = self.start(*args, width=width, height=height, env=env)
        code = self.wait_exit(done)
        assert code in (0, 1), self.screen()
        return self.screen()


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Tmux]:
    folder = tmp_path / "tmux"
    folder.mkdir()
    t = Tmux(folder)
    yield t
    t.stop()


LONG_SUMMARY = (
    "Asked about the annual fee and whether any retention offer could help keep the account "
    "open; the rep checked twice and put me on hold for twenty minutes"
)


@pytest.fixture
def kitchen(run: Run, datafile: Path) -> None:
    """Two cards, three calls with long refs and long text, and a retention record."""
    for args in (
        ("cards", "add", "plat", "--product", "Platinum Card", "--member-since", "2015-03-01",
         "--annual-fee", "695", "--fee-month", "3", "--closing-day", "15", "--last5", "12345"),
        ("cards", "add", "blue-cash-everyday", "--product",
         "Blue Cash Everyday from American Express", "--fee-month", "12", "--annual-fee", "0"),
        ("retention", "add", "plat", "--date", "2025-03-20", "--accepted", "--ref", "RET-77123",
         "--offer", "30,000 Membership Rewards points after $3,000 spend in three months"),
        ("log", "add", "A1B2C3D4E5", "--date", "2026-11-26T07:54", "--card", "plat", "--dept",
         "retention", "--channel", "phone", "--rep", "Dana", "--summary", LONG_SUMMARY,
         "--promise", "Points post within two statements", "--follow-up", "2026-12-20"),
        ("log", "add", "CHAT-2026-1126-998877", "--date", "2026-11-20T19:05", "--card",
         "blue-cash-everyday", "--dept", "general", "--channel", "chat", "--summary",
         "Statement credit missing from the October statement", "--follow-up", "2026-12-01"),
        ("log", "add", "Z9", "--date", "2026-10-02T09:30", "--dept", "global-assist"),
    ):  # fmt: skip
        r = run(*args)
        assert r.returncode == 0, r.stderr


# fields whose values a person reads aloud or copies; each must be on one screen line, whole
WHOLE = {
    "ref", "at", "date", "key", "card", "number", "follow_up", "last_accepted", "next_change",
    "member_since",
}  # fmt: skip

COMMANDS = [
    ("numbers",),
    ("numbers", "lost"),
    ("route",),
    ("route", "stolen"),
    ("log", "list"),
    ("log", "show", "CHAT-2026-1126-998877"),
    ("log", "due", "--as-of", "2026-12-31"),
    ("log", "search", "statement"),
    ("cards", "list"),
    ("cards", "show", "blue-cash-everyday"),
    ("retention", "list"),
    ("eligibility", "--as-of", "2026-11-26"),
    ("next", "--as-of", "2026-11-26", "--days", "400"),
]


def identifiers(run: Run, args: tuple[str, ...]) -> set[str]:
    r = run(*args, "--json")
    found = json.loads(r.stdout)
    records = found if isinstance(found, list) else [found]
    values = {str(rec[f]) for rec in records for f in WHOLE if rec.get(f) not in (None, "")}
    assert values, args
    # a terminal shows a date-time as people write it, without the T
    return {re.sub(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)$", r"\1 \2", v) for v in values}


@pytest.mark.usefixtures("kitchen")
@pytest.mark.parametrize("width", WIDTHS)
def test_no_identifier_is_split_or_cut(term: Tmux, run: Run, width: int) -> None:
    """Phone numbers, refs, keys, dates and times each stand whole on one line, at any width."""
    for args in COMMANDS:
        want = identifiers(run, args)
        screen = term.show(*args, width=width)
        lines = screen.splitlines()
        assert all(len(line) <= width for line in lines)
        for value in want:
            assert any(value in line for line in lines), (args, width, value, screen)


@pytest.mark.usefixtures("kitchen")
def test_free_text_gives_way_and_is_all_there(term: Tmux) -> None:
    """A list cuts a summary with an ellipsis on one line (blocks below 60 columns wrap it
    whole); `log show` has it all at every width."""
    screen = term.show("log", "list", width=50)
    assert set(LONG_SUMMARY.split()) <= set(screen.split()), screen  # blocks: wrapped, whole
    for width in (120,):  # at 80, these long keys leave room for identifiers only
        screen = term.show("log", "list", width=width)
        row = next(line for line in screen.splitlines() if line.startswith("A1B2C3D4E5"))
        assert row.endswith("…") and LONG_SUMMARY.startswith(row.split("  ")[-1][:-1].strip())
    for width in WIDTHS:
        screen = term.show("log", "show", "A1B2C3D4E5", width=width)
        words = set(screen.split())
        assert set(LONG_SUMMARY.split()) <= words, screen
        assert {"Points", "post", "within", "two", "statements"} <= words  # the promise


@pytest.mark.usefixtures("kitchen")
def test_log_list_shows_done_and_the_promise(term: Tmux, run: Run) -> None:
    assert run("log", "done", "A1B2C3D4E5").returncode == 0
    screen = term.show("log", "list", width=120)
    row = next(line for line in screen.splitlines() if line.startswith("A1B2C3D4E5"))
    assert "done" in row
    chat = next(line for line in screen.splitlines() if line.startswith("CHAT-2026"))
    assert "open" in chat


def test_an_empty_listing_says_so_on_a_terminal(term: Tmux, run: Run) -> None:
    screen = term.show("log", "list", width=80)
    assert "no calls logged yet" in screen and "amex log add REF" in screen
    r = run("log", "list")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


# the pager


def pager_log(folder: Path) -> tuple[str, Path]:
    """A pager that records what it was given: `AMEX_PAGER` for a test."""
    seen = folder / "paged.txt"
    return f"tee {shlex.quote(str(seen))}", seen


@pytest.mark.usefixtures("kitchen")
def test_a_long_script_goes_through_the_pager_on_a_terminal(term: Tmux, tmp_path: Path) -> None:
    pager, seen = pager_log(tmp_path)
    term.show(
        "script", "retention", "--card", "plat", width=80, height=24, env={"AMEX_PAGER": pager}
    )
    paged = seen.read_text()
    assert "Before you call" in paged
    assert "```" not in paged and "## " not in paged  # rendered, not raw Markdown
    # the suggested lines are never hard-wrapped: each is one line, whatever the width
    lines = [re.sub(r"\x1b\[[\d;]*m", "", line).strip() for line in paged.splitlines()]
    assert any(
        line.startswith("amex log add REF --card plat") and line.endswith('--promise "..."')
        for line in lines
    ), paged


@pytest.mark.usefixtures("kitchen")
def test_less_shows_the_script_a_page_at_a_time(term: Tmux) -> None:
    done = term.start(
        "script", "retention", "--card", "plat", width=80, height=24,
        env={"AMEX_PAGER": "less -FRX"},
    )  # fmt: skip
    term.wait_for("Before you call")
    assert not done.exists()  # still in the pager
    screen = term.screen()
    assert "amex retention add" not in screen  # the end is a page away
    term.keys("q")
    assert term.wait_exit(done) == 0


@pytest.mark.usefixtures("kitchen")
def test_no_pager_in_a_pipe_or_with_no_pager(term: Tmux, tmp_path: Path, run: Run) -> None:
    pager, seen = pager_log(tmp_path)
    r = run("script", "retention", "--card", "plat", env={"AMEX_PAGER": pager})
    assert r.returncode == 0 and "## Before you call" in r.stdout
    assert not seen.exists()
    term.show(
        "--no-pager", "script", "retention", "--card", "plat", width=80, env={"AMEX_PAGER": pager}
    )
    assert not seen.exists()
    term.show("log", "list", width=80, env={"AMEX_PAGER": pager})  # short: straight out
    assert not seen.exists()


@pytest.mark.usefixtures("kitchen")
def test_pager_is_chosen_like_git(term: Tmux, tmp_path: Path) -> None:
    pager, seen = pager_log(tmp_path)
    env: dict[str, str | None] = {"PAGER": pager, "AMEX_PAGER": None}
    term.show("script", "retention", "--card", "plat", width=80, height=24, env=env)
    assert "Before you call" in seen.read_text()
    seen.unlink()
    env["AMEX_PAGER"] = "cat"
    term.show("script", "retention", "--card", "plat", width=80, height=24, env=env)
    assert not seen.exists()
    env["AMEX_PAGER"] = "no-such-pager-x"
    screen = term.show("script", "retention", "--card", "plat", width=80, height=24, env=env)
    assert "Before you call" in screen  # a missing pager still shows the text


# emphasis and colour


@pytest.mark.usefixtures("kitchen")
def test_no_color_keeps_bold_but_drops_colour(run: Run) -> None:
    code, screen = run.tty("--no-pager", "script", "retention")
    assert code == 0
    assert COLOUR & sgr(screen)  # the test can see colour when there is some
    code, screen = run.tty("--no-pager", "script", "retention", env={"NO_COLOR": "1"})
    assert code == 0
    assert {"1", "4"} <= sgr(screen)  # headings stay bold and underlined
    assert not COLOUR & sgr(screen)
    code, screen = run.tty("--no-pager", "numbers", env={"NO_COLOR": "1"})
    assert "1" in sgr(screen) and not COLOUR & sgr(screen)
    code, screen = run.tty("--no-pager", "script", "retention", env={"TERM": "dumb"})
    assert "\x1b[" not in screen


COLOUR = {str(n) for n in (*range(30, 39), *range(40, 49), *range(90, 98), *range(100, 108))}


def sgr(screen: str) -> set[str]:
    """Every parameter of every SGR escape (ESC [ ... m) on the screen."""
    return {p for m in re.findall(r"\x1b\[([\d;]*)m", screen) for p in m.split(";")}


# Ctrl-C and Ctrl-D at a question


@pytest.mark.usefixtures("kitchen")
@pytest.mark.parametrize(("key", "code"), [("C-c", 130), ("C-d", 1)])
def test_interrupting_a_question(term: Tmux, datafile: Path, key: str, code: int) -> None:
    """Ctrl-C is exit 130, Ctrl-D a no (exit 1); both end the question's line, change nothing."""
    before = datafile.read_bytes()
    done = term.start("log", "rm", "Z9", width=80)
    term.wait_for("[y/N]")
    term.keys(key)
    assert term.wait_exit(done) == code
    # the cursor is back at the start of a line: the shell's prompt is not glued to the question
    assert term.tmux("display-message", "-p", "-t", "t", "#{cursor_x}").strip() == "0"
    assert "Traceback" not in term.screen()
    assert datafile.read_bytes() == before


# the layout rule itself, at every width


def test_layout_keeps_identifiers_whole_at_every_width() -> None:
    headers = ["ref", "at", "summary"]
    cells = [["A1B2C3D4E5", "2026-11-26T07:54", LONG_SUMMARY]]
    kinds: list[layout.Kind] = ["id", "id", "text"]
    for width in range(20, 200):
        shape = layout.fit(headers, cells, kinds, width)
        if shape.blocks:
            continue
        assert sum(shape.widths) + layout.GAP * (len(shape.shown) - 1) <= width
        for i, w in zip(shape.shown, shape.widths, strict=True):
            if kinds[i] == "id":
                assert w >= len(cells[0][i])
    assert not layout.fit(headers, cells, kinds, 120).blocks
    assert layout.fit(headers, cells, kinds, 35).blocks


def test_layout_drops_empty_and_extra_columns_before_blocks() -> None:
    headers = ["key", "hours", "note"]
    cells = [["lost-stolen", "", "Freeze the card in the app first"]]
    shape = layout.fit(headers, cells, ["id", "text", "text"], 30)
    assert shape.shown == (0, 2) and not shape.blocks
    shape = layout.fit(["key", "note"], [["lost-stolen", "x" * 40]], ["id", "extra"], 15)
    assert shape.shown == (0,)


# the edges a new user meets


@pytest.mark.usefixtures("kitchen")
def test_a_filter_by_an_unknown_card_is_exit_2_with_the_known_keys(
    run: Run, datafile: Path
) -> None:
    r = run.rejected(datafile, "log", "list", "--card", "platinum")
    assert "plat" in r.stderr and "blue-cash-everyday" in r.stderr
    # a removed card's entries still match its key
    assert run("cards", "rm", "blue-cash-everyday", "--yes").returncode == 0
    r = run("log", "list", "--card", "blue-cash-everyday")
    assert (r.returncode, r.stdout.split("\t")[0]) == (0, "CHAT-2026-1126-998877")


@pytest.mark.usefixtures("kitchen")
def test_log_list_plain_appends_done_and_promise(run: Run) -> None:
    run("log", "done", "A1B2C3D4E5")
    lines = run("log", "list", "--plain").stdout.splitlines()
    first = lines[0].split("\t")
    assert len(first) == 10
    assert first[:8] == [
        "A1B2C3D4E5", "2026-11-26T07:54", "plat", "retention", "phone", "Dana", "2026-12-20",
        LONG_SUMMARY,
    ]  # fmt: skip
    assert first[8:] == ["true", "Points post within two statements"]
    assert lines[1].split("\t")[8:] == ["false", ""]


def test_a_card_key_that_is_refused_is_never_suggested(run: Run, datafile: Path) -> None:
    r = run("cards", "show", "Plat")
    assert r.returncode == 2 and "amex cards add plat " in r.stderr
    assert run("cards", "add", "plat", "--product", "Platinum Card").returncode == 0
    r = run.rejected(datafile, "cards", "show", "Plat")
    assert "did you mean plat?" in r.stderr
    r = run.rejected(datafile, "cards", "show", "My Gold!")
    assert "amex cards add my-gold " in r.stderr


def test_log_done_says_what_it_did(run: Run, datafile: Path) -> None:
    run("log", "add", "F1", "--date", "2026-11-26", "--follow-up", "2026-12-01")
    run("log", "add", "N1", "--date", "2026-11-26")
    code, screen = run.tty("log", "done", "F1")
    assert (code, screen.strip()) == (0, "amex: F1: follow-up of 2026-12-01 done")
    before = datafile.read_bytes()
    code, screen = run.tty("log", "done", "F1")
    assert (code, screen.strip()) == (0, "amex: F1 was already done; nothing changed")
    assert datafile.read_bytes() == before  # nothing written
    code, screen = run.tty("log", "done", "N1")
    assert "N1: marked done (it had no follow-up date)" in screen
