"""The user's text is data, never markup or control: on a terminal, in a pipe and in messages.

Each case goes through the installed `amex`, on a real pseudo-terminal where a terminal is the
point, and each failed on the main of 2026-11-26 (markup parsed or crashing, ESC written raw).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from amexcli import output
from tests.conftest import Run

# What a hostile summary can do to a terminal: set the title, clear the screen, hide text,
# a hyperlink to another site, reorder the line (bidi override), and a bell.
ATTACKS = {
    "title": "\x1b]0;pwned\x07",
    "clear": "\x1b[2J\x1b[H",
    "hidden": "\x1b[8msecret\x1b[0m",
    "osc8": "\x1b]8;;https://evil.example\x1b\\americanexpress.com\x1b]8;;\x1b\\",
    "csi_c1": "\x9b2J",
    "bidi": "abc\u202edcba",
    "cr": "safe\rEVIL",
}
RAW = ("\x1b]0;", "\x1b[2J", "\x1b[8m", "\x1b]8;", "\x9b", "\u202e", "\x07", "\rEVIL")

MARKUP = {
    "brackets": "Asked about [annual fee] waiver",
    "close": "a [/] b",
    "close_tag": "Plat [/x] card",
    "link": "[link=https://evil.example]americanexpress.com[/link]",
    "style": "[bold red]LOUD[/bold red]",
    "emoji": "fine :thumbs_up: ok",
}


def _log(run: Run, ref: str, summary: str, **extra: str) -> None:
    args = ["log", "add", ref, "--date", "2026-03-20T19:05", "--summary", summary]
    for k, v in extra.items():
        args += [f"--{k}", v]
    r = run(*args)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_markup_in_a_summary_is_shown_as_written_on_a_terminal(run: Run, name: str) -> None:
    text = MARKUP[name]
    _log(run, "R1", text)
    for args in (["log", "list"], ["log", "show", "R1"], ["log", "search", "R1"]):
        code, screen = run.tty(*args, env={"NO_COLOR": "1", "COLUMNS": "200"})
        assert code == 0, screen
        assert "Traceback" not in screen
        assert text in screen.replace("\r\n", "\n"), (args, screen)
        assert "\x1b]8;" not in screen  # no hyperlink


@pytest.mark.parametrize("name", sorted(MARKUP))
def test_markup_in_a_product_is_shown_as_written(run: Run, name: str) -> None:
    text = MARKUP[name]
    assert run("cards", "add", "plat", "--product", text).returncode == 0
    for args in (
        ["cards", "list"],
        ["cards", "show", "plat"],
        ["eligibility"],
        ["eligibility", "plat"],
    ):
        code, screen = run.tty(*args, env={"COLUMNS": "200"})
        assert code == 0, screen
        assert "Traceback" not in screen
        assert "\x1b]8;" not in screen
        assert text in _unstyled(screen), (args, screen)


def test_a_merchant_is_not_markdown_in_the_dispute_script(run: Run) -> None:
    merchant = "[Amex](https://evil.example) **x** `y` # z"
    code, screen = run.tty("script", "dispute", "--merchant", merchant, env={"COLUMNS": "300"})
    assert code == 0, screen
    assert "\x1b]8;" not in screen
    assert merchant in _unstyled(screen)
    # the template's own **bold** is still bold, not asterisks
    assert "**" not in _unstyled(screen).replace(merchant, "")


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_control_characters_are_made_visible_on_a_terminal(run: Run, name: str) -> None:
    attack = ATTACKS[name]
    _log(run, "R1", f"x{attack}y", rep=f"Dana{attack}", promise=attack)
    for args in (["log", "list"], ["log", "show", "R1"], ["log", "done", "R1"]):
        code, screen = run.tty(*args, env={"COLUMNS": "200"})
        assert code == 0, screen
        for raw in RAW:
            assert raw not in screen, (args, raw, screen)
    # one record per block: the long word has the width of the terminal (a table column folds it)
    code, screen = run.tty("log", "show", "R1", env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert output.visible(f"x{attack}y") in screen


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_control_characters_are_escaped_in_plain(run: Run, name: str) -> None:
    attack = ATTACKS[name]
    _log(run, "R1", f"x{attack}y")
    r = run("log", "list", "--plain")
    assert r.returncode == 0
    assert r.stdout.count("\n") == 1
    assert "\r" not in r.stdout and "\x1b" not in r.stdout and "\x9b" not in r.stdout
    assert "\u202e" not in r.stdout
    summary = r.stdout.rstrip("\n").split("\t")[7]
    assert summary == output.plain_field(f"x{attack}y")


def test_a_carriage_return_in_plain_is_escaped_like_a_newline(run: Run) -> None:
    _log(run, "R1", "one\rtwo\nthree\tfour\\five")
    r = run("log", "list", "--plain")
    assert r.stdout.rstrip("\n").split("\t")[7] == "one\\rtwo\\nthree\\tfour\\\\five"


def test_json_escapes_what_a_terminal_would_obey(run: Run) -> None:
    import json

    _log(run, "R1", "a\x1b[2Jb\x9bc\u202ed")
    r = run("log", "list", "--json")
    assert not any(ch in r.stdout for ch in "\x1b\x9b\u202e")
    assert json.loads(r.stdout)[0]["summary"] == "a\x1b[2Jb\x9bc\u202ed"


def test_messages_show_the_users_text_visibly(run: Run, datafile: Path) -> None:
    run("cards", "add", "plat", "--product", "P")
    # an unknown card named in an argument: the error repeats it, visibly
    r = run("log", "add", "R1", "--card", "\x1b]0;pwned\x07")
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    # a key written by hand into the file, echoed by a confirmation on a terminal
    datafile.write_text(
        'schema_version = 1\n[calls."R\\u001b[2J1"]\nat = 2026-03-20T19:05:00\n', encoding="utf-8"
    )
    code, screen = run.tty("log", "done", "r\x1b[2j1")
    assert code == 0, screen
    assert "\x1b[2J" not in screen
    assert "R\\x1b[2J1" in screen


def test_a_refused_usage_error_is_visible(run: Run) -> None:
    r = run("log", "list", "--\x1b]0;x\x07")
    assert r.returncode == 2
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


def _unstyled(screen: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", screen).replace("\r\n", "\n")
