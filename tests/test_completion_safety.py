"""TAB never runs what the data holds: real interactive bash, zsh and fish, driven through tmux.

Each check writes a data file whose only candidate is the word under test, types
`amex <command> `, presses Tab, then turns the line into `printf '%s\\n' ... > out` and runs it:
the words the shell then passes are exactly what TAB inserted. Nothing may appear in the
working folder but those output files (a `$(touch ...)` that ran would leave its file).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_completion import BASH_COMPLETION, SCRIPTS, need

ROOT = Path(__file__).resolve().parent.parent

# what `amex <line>` completes from: refs, card keys, benefit names, retention ids
KINDS = {
    "refs": "log show ",
    "cards": "cards show ",
    "benefits": "benefits use ",
    "ids": "retention rm ",
}

# (word, the kind it is stored as): every kind meets the worst characters
HOSTILE = [
    ("$(touch PWNED)X", "refs"),
    ("`touch PWNED`", "benefits"),
    ("$HOME", "cards"),
    ("~", "ids"),
    ("~root/x", "refs"),
    ("it's", "cards"),
    ('say "hi"', "benefits"),
    ("two words", "refs"),
    ("*", "ids"),
    ("a;touch PWNED", "cards"),
    ("-rf", "benefits"),
    ("a|b&c>d<e\\n", "ids"),
    ("!!{a,b}#x", "refs"),
    ("Aȁ €", "cards"),
    ("$(touch PWNED)", "ids"),
    ("x\\ `id`", "benefits"),
]


def document(kind: str, word: str) -> dict[str, object]:
    """A data file whose only candidate for `kind` is `word`."""
    if kind == "refs":
        return {"calls": {word: {"date": "2026-12-01", "summary": "s"}}}
    if kind == "cards":
        return {"cards": {word: {"product": "Gold Card"}}}
    if kind == "benefits":  # no card: the benefit's name is the only candidate
        return {"benefits": {"b1": {"card": "plat", "name": word, "amount": "10"}}}
    return {"retention": {word: {"card": "gold", "date": "2026-01-01"}}}


class Shell:
    """One real interactive shell in tmux, with amex's completion loaded as a user would."""

    def __init__(self, name: str, tmp: Path) -> None:
        need(name, shutil.which(name) is not None)
        need("tmux", shutil.which("tmux") is not None)
        self.name = name
        self.work = tmp / f"work-{name}"
        self.work.mkdir()
        self.out = tmp / f"out-{name}"
        self.out.mkdir()
        self.count = 0
        rc = tmp / f"rc-{name}"
        rc.mkdir()
        env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "screen",
        }
        if name == "bash":
            need("bash-completion", BASH_COMPLETION.exists())
            (rc / ".bashrc").write_text(
                f"source {BASH_COMPLETION}\nsource {SCRIPTS / 'amex.bash'}\nPS1='sh> '\n"
            )
            argv = ["bash", "--noprofile", "--rcfile", str(rc / ".bashrc"), "-i"]
        elif name == "zsh":
            (rc / ".zshrc").write_text(
                f"fpath=({SCRIPTS} $fpath)\nautoload -Uz compinit\ncompinit -u -D\n"
                "bindkey -e\nPS1='sh> '\n"
            )
            env["ZDOTDIR"] = str(rc)
            argv = ["zsh", "-i"]
        else:
            argv = [
                "fish", "--no-config", "-C",
                f"source {SCRIPTS / 'amex.fish'}; function fish_prompt; echo -n 'sh> '; end",
            ]  # fmt: skip
        self.socket = f"amex-safety-{uuid.uuid4().hex[:8]}"
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-x", "200", "-y", "30",
             "-c", str(self.work), *argv],
            env=env, check=True,
        )  # fmt: skip
        self.wait(lambda: "sh>" in self.screen(), "the prompt")

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p"],
            capture_output=True, text=True, check=False,
        ).stdout  # fmt: skip

    def wait(self, done: object, what: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if done():  # type: ignore[operator]
                return
            time.sleep(0.02)
        raise AssertionError(f"{self.name}: {what} never came:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        flag = ["-l"] if literal else []
        subprocess.run(["tmux", "-L", self.socket, "send-keys", *flag, *keys], check=True)

    def complete(self, line: str, typed: str = "") -> list[str]:
        """The words the shell passes after `line` + `typed` + Tab (without `amex` and `line`'s
        words)."""
        self.count += 1
        out = self.out / f"{self.count}.out"
        done = self.out / f"{self.count}.done"
        self.keys(f"amex {line}{typed}", literal=True)
        self.keys("Tab")
        self.keys("C-a")
        self.keys("printf '%s\\n' ", literal=True)
        self.keys("C-e")
        self.keys(f" > {out}; touch {done}", literal=True)
        self.keys("Enter")
        self.wait(done.exists, f"the line after TAB on `amex {line}`")
        words = out.read_text("utf-8").split("\n")[:-1]
        return words[1 + len(line.split()) :]

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False)


@pytest.fixture(scope="module")
def shells(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("shells")
    started: dict[str, Shell] = {}
    try:
        for name in ("bash", "zsh", "fish"):
            started[name] = Shell(name, tmp)
        yield started
    finally:
        for shell in started.values():
            shell.close()


def check(shells: dict[str, Shell], kind: str, word: str) -> None:
    datafile = Path(os.environ["AMEX_FILE"])
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(tomli_w.dumps(document(kind, word)))
    for shell in shells.values():
        assert list(shell.work.iterdir()) == []
        got = shell.complete(KINDS[kind])
        # fish inserts a leading ~ unquoted (it would expand): such a word is not offered there
        expected = [] if shell.name == "fish" and word.startswith("~") else [word]
        assert got == expected, f"{shell.name}: TAB after `amex {KINDS[kind]}` on {word!r}: {got!r}"
        assert list(shell.work.iterdir()) == [], f"{shell.name} ran {word!r}"


@pytest.fixture
def world(shells: dict[str, Shell], own_world: Path) -> dict[str, Shell]:
    # the shells started under another test's AMEX_FILE: point them at this test's file
    for shell in shells.values():
        export = (
            f"export AMEX_FILE={own_world}; export XDG_CACHE_HOME={os.environ['XDG_CACHE_HOME']}"
        )
        shell.keys(export, literal=True)
        shell.keys("Enter")
    return shells


@pytest.mark.parametrize(("word", "kind"), HOSTILE)
def test_tab_inserts_hostile_words_verbatim_and_runs_nothing(
    world: dict[str, Shell], kind: str, word: str
) -> None:
    check(world, kind, word)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["refs", "cards", "benefits"]),
    word=st.text(min_size=1, max_size=12).filter(str.isprintable),
)
def test_tab_inserts_any_printable_word_as_one_word(
    world: dict[str, Shell], kind: str, word: str
) -> None:
    check(world, kind, word)


TRICKY_REF = 'A B$(touch PWNED)`id` it\'s "q" $HOME *'


@pytest.mark.parametrize("typed", ["A", "A\\ B", "'A B", "'A", '"A B', '"A', "A\\ B\\$"])
def test_tab_after_a_typed_start_of_the_word_inserts_it_verbatim(
    world: dict[str, Shell], typed: str
) -> None:
    datafile = Path(os.environ["AMEX_FILE"])
    datafile.parent.mkdir(parents=True, exist_ok=True)
    calls = {TRICKY_REF: {"summary": "s"}, "Zed": {"summary": "z"}}
    datafile.write_text(tomli_w.dumps({"calls": calls}))
    for shell in world.values():
        got = shell.complete("log show ", typed)
        assert got == [TRICKY_REF], f"{shell.name}: TAB after {typed!r}: {got!r}"
        assert list(shell.work.iterdir()) == [], f"{shell.name} ran something"
