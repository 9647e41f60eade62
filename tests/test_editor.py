"""`amex log edit REF` with no option, on a terminal, opens the entry in $VISUAL / $EDITOR.

The editor is a small script that rewrites the buffer as each test plans it (one plan per time
it is opened) and records what it was given; amex runs on a real pseudo-terminal.
"""

from __future__ import annotations

import json
import shlex
import sys
import tomllib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pty_session import Session

from amexcli import calllog
from amexcli.dates import parse_date, parse_datetime
from conftest import AMEX, Run, examples

EDITOR = r"""
import json, os, pathlib, re, signal, stat, subprocess, sys
path = pathlib.Path(sys.argv[-1])
log = pathlib.Path(os.environ["EDIT_LOG"])
seen = json.loads(log.read_text()) if log.exists() else []
plans = json.loads(os.environ.get("EDITS", "[]"))
plan = plans[len(seen)] if len(seen) < len(plans) else []
text = path.read_text()
seen.append({
    "path": str(path), "argv": sys.argv[1:-1], "text": text,
    "mode": stat.S_IMODE(path.stat().st_mode), "folder": stat.S_IMODE(path.parent.stat().st_mode),
})
log.write_text(json.dumps(seen))
for action, *args in plan:
    if action == "sub":
        text = re.sub(args[0], args[1], text, flags=re.M)
    elif action == "exit":
        sys.exit(args[0])
    elif action == "sigint":
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    elif action == "run":
        subprocess.run(args[0], check=True)
    elif action == "bytes":
        path.write_bytes(bytes.fromhex(args[0]))
        sys.exit(0)
path.write_text(text)
"""


@pytest.fixture
def entry(run: Run, datafile: Path) -> Path:
    for key in ("plat", "gold"):
        assert run("cards", "add", key, "--product", key.title()).returncode == 0
    for ref in ("A1B2C3", "Z9"):
        r = run(
            "log", "add", ref, "--date", "2026-03-20T19:05", "--card", "plat", "--dept",
            "retention", "--channel", "phone", "--rep", "Dana", "--summary", "Asked about the fee",
            "--follow-up", "2999-05-20",
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
    assert run("log", "done", "A1B2C3").returncode == 0
    return datafile


class Editing:
    """`amex log edit ...` on a terminal, with the scripted editor planned to do `plans`."""

    def __init__(self, tmp_path: Path) -> None:
        self.script = tmp_path / "editor.py"
        self.script.write_text(EDITOR)
        self.log = tmp_path / "editor-log.json"
        self.sessions: list[Session] = []

    def editor(self, *extra: str) -> str:
        return shlex.join([sys.executable, str(self.script), *extra])

    def start(
        self, *args: str, plans: list[list[Any]] | None = None, env: dict[str, str] | None = None
    ) -> Session:
        environ = {
            "VISUAL": "",
            "EDITOR": self.editor(),
            "EDIT_LOG": str(self.log),
            "EDITS": json.dumps(plans or []),
            **(env or {}),
        }
        s = Session("log", "edit", *args, env=environ)
        self.sessions.append(s)
        return s

    @property
    def seen(self) -> list[dict[str, Any]]:
        return json.loads(self.log.read_text()) if self.log.exists() else []


@pytest.fixture
def editing(tmp_path: Path) -> Iterator[Editing]:
    e = Editing(tmp_path)
    yield e
    for s in e.sessions:
        s.kill()


def stored(datafile: Path, ref: str = "A1B2C3") -> dict[str, Any]:
    calls: dict[str, Any] = tomllib.loads(datafile.read_text())["calls"]
    return calls[ref]


def sub(pattern: str, replacement: str) -> list[str]:
    return ["sub", pattern, replacement]


def test_the_entry_opens_as_toml_in_a_private_file(entry: Path, editing: Editing) -> None:
    s = editing.start("a1b2c3")
    assert s.wait() == 0
    [opened] = editing.seen
    assert opened["mode"] == 0o600
    assert opened["folder"] == 0o700
    assert not Path(opened["path"]).exists()  # removed afterwards
    buffer = tomllib.loads(opened["text"])
    assert buffer == {
        "ref": "A1B2C3", "at": datetime(2026, 3, 20, 19, 5), "card": "plat",
        "department": "retention", "channel": "phone", "rep": "Dana",
        "summary": "Asked about the fee", "promise": "", "expect": "",
        "follow_up": date(2999, 5, 20),
        "done": True,
    }  # fmt: skip
    assert opened["text"].startswith("# Change the entry, save and quit")


def test_saved_changes_are_applied(entry: Path, editing: Editing) -> None:
    plan = [
        sub("^rep = .*", 'rep = "Sam"'),
        sub("^summary = .*", 'summary = ""'),  # "" empties a field
        sub("^card = .*", 'card = "gold"'),
        sub("^promise = .*", 'promise = "30k MR within 2 statements"'),
        sub("^expect = .*", "expect = 100"),
        sub("^follow_up = .*", 'follow_up = "2999-06-01"'),  # as the option takes it; reopens
        sub("^department = .*\n", ""),  # a deleted line empties its field
    ]
    s = editing.start("A1B2C3", plans=[plan])
    assert s.wait() == 0
    assert "amex: changed A1B2C3" in s.screen
    assert stored(entry) == {
        "at": datetime(2026, 3, 20, 19, 5), "card": "gold", "channel": "phone", "rep": "Sam",
        "promise": "30k MR within 2 statements", "expect": 100.0, "follow_up": date(2999, 6, 1),
    }  # fmt: skip


def test_an_unchanged_buffer_changes_nothing(entry: Path, editing: Editing) -> None:
    before = entry.read_bytes()
    backup = entry.with_name(entry.name + ".bak")
    backup_before = backup.read_bytes()
    for plan in ([], [sub(" = ", "   =   ")]):  # spaces alone change no value
        s = editing.start("A1B2C3", plans=[plan])
        assert s.wait() == 0
        assert "A1B2C3: nothing changed" in s.screen
        assert entry.read_bytes() == before
        assert backup.read_bytes() == backup_before  # not even rewritten


def test_a_bad_edit_reopens_the_editor_with_the_error(entry: Path, editing: Editing) -> None:
    broken = [sub("^rep = .*", 'rep = "Sam')]  # the closing quote lost
    mended = [sub('^rep = "Sam$', 'rep = "Sam"')]
    s = editing.start("A1B2C3", plans=[broken, mended])
    s.expect("amex: the entry is not valid TOML")
    s.answer("Edit it again? [Y/n] ", "")
    assert s.wait() == 0
    _, second = editing.seen
    assert second["text"].startswith("# amex: the entry is not valid TOML")
    assert 'rep = "Sam\n' in second["text"]  # the edit is kept, to be mended
    assert stored(entry)["rep"] == "Sam"


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ([sub("^rep = .*", 'rep = "Sam')], "the entry is not valid TOML"),
        ([sub("^card = .*", 'card = "green"')], "unknown card 'green'"),
        ([sub("^follow_up = .*", 'follow_up = "2026-02-30"')], "follow_up '2026-02-30' does not"),
        ([sub("^at = .*", 'at = ""')], "at '' is not a date"),
        ([sub("^channel = .*", 'channel = "pigeon"')], "channel 'pigeon' is not one of"),
        ([sub("^rep = .*", "rep = 5")], "rep must be text in quotes"),
        ([sub("^expect = .*", "expect = -5")], "must be an amount above zero"),
        ([sub("^done = .*", 'done = "yes"')], "done must be true or false"),
        ([sub("^done = .*", 'colour = "red"')], "unknown field colour"),
        ([sub("^ref = .*", 'ref = "z9"')], "Z9 is already in the log"),
        ([sub("^ref = .*", 'ref = ""')], "the reference number must not be empty"),
        ([["bytes", "ff00fe"]], "not UTF-8 text"),
    ],
)
def test_a_bad_edit_left_alone_changes_nothing(
    entry: Path, editing: Editing, plan: list[Any], message: str
) -> None:
    before = entry.read_bytes()
    s = editing.start("A1B2C3", plans=[plan])
    s.expect(message)
    s.answer("Edit it again? [Y/n] ", "n")
    assert s.wait() == 2
    assert "amex: A1B2C3 was left as it was." in s.screen
    assert "Traceback" not in s.screen
    assert entry.read_bytes() == before


def test_a_card_number_typed_in_the_editor_is_masked(entry: Path, editing: Editing) -> None:
    plan = [sub("^summary = .*", 'summary = "read 3782 822463 10005 aloud"')]
    s = editing.start("A1B2C3", plans=[plan])
    assert s.wait() == 0
    assert "summary held a card number" in s.screen
    assert stored(entry)["summary"] == "read xxxx xxxxxx 10005 aloud"
    assert "822463" not in entry.read_text()


def test_ref_renames_in_the_editor(entry: Path, editing: Editing) -> None:
    before = stored(entry)
    s = editing.start("A1B2C3", plans=[[sub("^ref = .*", 'ref = "A1B2C8"')]])
    assert s.wait() == 0
    assert "amex: changed A1B2C8" in s.screen
    calls = tomllib.loads(entry.read_text())["calls"]
    assert list(calls) == ["A1B2C8", "Z9"]
    assert calls["A1B2C8"] == before


def test_a_change_made_meanwhile_is_kept(entry: Path, editing: Editing) -> None:
    """The file is not locked while the editor is open: only the fields edited are applied."""
    assert AMEX
    meanwhile = ["run", [AMEX, "log", "edit", "A1B2C3", "--promise", "a callback"]]
    s = editing.start("A1B2C3", plans=[[meanwhile, sub("^rep = .*", 'rep = "Sam"')]])
    assert s.wait() == 0
    assert stored(entry)["promise"] == "a callback"
    assert stored(entry)["rep"] == "Sam"


def test_a_failing_editor_cancels(entry: Path, editing: Editing) -> None:
    before = entry.read_bytes()
    s = editing.start("A1B2C3", plans=[[sub("^rep = .*", 'rep = "Sam"'), ["exit", 1]]])
    assert s.wait() == 2
    assert "exited with status 1; nothing was changed" in " ".join(s.screen.split())
    assert len(editing.seen) == 1  # not reopened
    assert entry.read_bytes() == before


def test_ctrl_c_in_the_editor_is_exit_130(entry: Path, editing: Editing) -> None:
    before = entry.read_bytes()
    s = editing.start("A1B2C3", plans=[[["sigint"]]])
    assert s.wait() == 130
    assert "Traceback" not in s.screen
    assert entry.read_bytes() == before


def test_ctrl_c_at_the_question_is_exit_130(entry: Path, editing: Editing) -> None:
    before = entry.read_bytes()
    s = editing.start("A1B2C3", plans=[[sub("^rep = .*", "rep = 5")]])
    s.expect("Edit it again? [Y/n] ")
    s.type("\x03")
    assert s.wait() == 130
    assert entry.read_bytes() == before


def test_visual_then_editor_then_vi(entry: Path, editing: Editing, tmp_path: Path) -> None:
    plan = [[sub("^rep = .*", 'rep = "Sam"')]]
    s = editing.start(
        "A1B2C3", plans=plan, env={"VISUAL": editing.editor("--visual"), "EDITOR": "false"}
    )
    assert s.wait() == 0
    assert editing.seen[-1]["argv"] == ["--visual"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    vi = bin_dir / "vi"
    vi.write_text(f'#!/bin/sh\nexec {editing.editor("--as-vi")} "$@"\n')
    vi.chmod(0o755)
    path = f"{bin_dir}:/usr/bin:/bin"
    s = editing.start("A1B2C3", plans=[], env={"EDITOR": "", "PATH": path})
    assert s.wait() == 0
    assert editing.seen[-1]["argv"] == ["--as-vi"]


def test_an_editor_with_arguments_runs_as_git_runs_it(entry: Path, editing: Editing) -> None:
    editor = editing.editor("--wait", "two words")
    s = editing.start("A1B2C3", env={"EDITOR": editor})
    assert s.wait() == 0
    assert editing.seen[-1]["argv"] == ["--wait", "two words"]


def test_off_a_terminal_the_editor_never_opens(entry: Path, editing: Editing, run: Run) -> None:
    r = run.rejected(entry, "log", "edit", "A1B2C3")
    assert r.stderr.startswith("amex: nothing to change: give an option")
    assert not editing.log.exists()


def test_an_option_given_means_no_editor(entry: Path, editing: Editing) -> None:
    s = editing.start("A1B2C3", "--rep", "Sam")
    assert s.wait() == 0
    assert not editing.log.exists()
    assert stored(entry)["rep"] == "Sam"


def test_an_unknown_ref_fails_before_the_editor(entry: Path, editing: Editing) -> None:
    s = editing.start("NOPE")
    assert s.wait() == 2
    assert "no log entry 'NOPE'" in s.screen
    assert not editing.log.exists()


# The buffer itself, in process: any entry survives the round trip through its TOML unchanged,
# so opening and saving it as it is can never change a field.

one_line = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n"))
texts = st.none() | st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def entries(draw: st.DrawFn) -> calllog.Call:
    return calllog.Call(
        ref=draw(one_line.map(str.strip).filter(bool)),
        at=draw(st.datetimes(datetime(1900, 1, 1), datetime(2999, 12, 31))).replace(
            second=0, microsecond=0
        ),
        **{name: draw(texts) for name in calllog.TEXT_FIELDS if name != "channel"},
        channel=draw(st.none() | st.sampled_from(calllog.CHANNELS)),
        follow_up=draw(st.none() | st.dates(date(1900, 1, 1), date(2999, 12, 31))),
        expect=draw(st.none() | st.integers(1, 10**10).map(lambda c: c / 100)),
        done=draw(st.booleans()),
    )


@settings(max_examples=examples(300))
@given(call=entries())
def test_any_entry_reads_back_from_its_buffer(call: calllog.Call) -> None:
    buffer = calllog.read_buffer(calllog.edit_buffer(call))
    assert buffer["ref"] == call.ref
    assert buffer["done"] is call.done
    assert parse_datetime(str(buffer["at"])) == call.at
    for name in calllog.TEXT_FIELDS:
        assert buffer[name] == (getattr(call, name) or "")
    follow_up = str(buffer["follow_up"])
    assert (parse_date(follow_up) if follow_up else None) == call.follow_up
    expect = str(buffer["expect"])
    assert (calllog.check_expect(expect) if expect else None) == call.expect
