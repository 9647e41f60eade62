"""Tab completion in real bash, zsh and fish, against the installed `amex`."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import tomllib
import uuid
from pathlib import Path

import pytest

from amexcli.commands import COMMANDS
from amexcli.gen import completion
from conftest import Run

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "completions"
BASH_COMPLETION = Path("/usr/share/bash-completion/bash_completion")


def need(thing: str, present: bool) -> None:
    """Skip on a developer's machine without it; CI installs it, so there it must be."""
    if not present:
        if os.environ.get("CI"):
            pytest.fail(f"{thing} is missing: .ci/run installs it")
        pytest.skip(f"{thing} is not installed")


def test_checked_in_scripts_match_the_app() -> None:
    for name, text in completion.render().items():
        assert (SCRIPTS / name).read_text() == text, (
            f"completions/{name} is stale: run `python -m amexcli.gen.completion`"
        )
    assert (SCRIPTS / "bash-completion" / "amex").resolve() == (SCRIPTS / "amex.bash").resolve()


@pytest.fixture
def data(run: Run, datafile: Path) -> Path:
    for args in (
        ["cards", "add", "plat", "--product", "Platinum Card"],
        ["cards", "add", "gold", "--product", "Gold Card"],
        ["retention", "add", "gold", "--date", "2025-01-01", "--declined"],
        ["log", "add", "A1B2C3"],
        ["log", "add", "CHAT-9"],
    ):
        assert run(*args).returncode == 0
    # the retention record's id is made of the time: give it a known one
    [rid] = tomllib.loads(datafile.read_text())["retention"]
    datafile.write_text(datafile.read_text().replace(rid, RETENTION_ID))
    return datafile


def bash(line: str, *, with_package: bool) -> tuple[list[str], str]:
    """COMPREPLY for `line` (the word being completed is its last, maybe empty)."""
    need("bash", shutil.which("bash") is not None)
    if with_package:
        need("bash-completion", BASH_COMPLETION.exists())
    words = line.split(" ")
    program = "\n".join(
        [
            f"source {BASH_COMPLETION}" if with_package else "",
            f"source {SCRIPTS / 'amex.bash'}",
            "COMP_WORDS=(" + " ".join(f"'{w}'" for w in words) + ")",
            f"COMP_CWORD={len(words) - 1}",
            "_amex",
            'printf "%s\\n" "${COMPREPLY[@]}"',
        ]
    )
    r = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return [w for w in r.stdout.splitlines() if w], r.stderr


RETENTION_ID = "1kdvdna000000"
CASES = [
    ("amex nu", ["numbers"]),
    ("amex ", list(COMMANDS)),  # every command, as the app registers them
    ("amex help l", ["log"]),
    ("amex log d", ["done", "due"]),
    ("amex log add X --ch", ["--channel"]),
    ("amex log add X --channel ", ["phone", "chat", "app", "social", "mail"]),
    ("amex log export --format ", ["json", "csv"]),
    ("amex eligibility p", ["plat"]),
    ("amex eligibility --as-of 2026-01-01 ", ["gold", "plat"]),
    ("amex log add X --card g", ["gold"]),
    ("amex script retention --card ", ["gold", "plat"]),
    ("amex log show ", ["A1B2C3", "CHAT-9"]),
    ("amex log done C", ["CHAT-9"]),
    ("amex retention rm ", [RETENTION_ID]),
    ("amex numbers pl", ["platinum"]),
    ("amex route st", ["statement"]),
    ("amex cards add k --fee-month ", []),
    ("amex statement import --card ", ["gold", "plat"]),
]  # fmt: skip


@pytest.mark.parametrize("with_package", [False, True], ids=["plain-bash", "bash-completion"])
@pytest.mark.parametrize(("line", "expected"), CASES)
def test_bash(data: Path, line: str, expected: list[str], with_package: bool) -> None:
    found, err = bash(line, with_package=with_package)
    assert sorted(found) == sorted(expected)
    assert err == ""


def test_bash_follows_the_file_option(data: Path, tmp_path: Path, proc: Run) -> None:
    other = tmp_path / "other.toml"
    proc("--file", str(other), "cards", "add", "blue", "--product", "Blue Cash")
    found, _ = bash(f"amex --file {other} eligibility ", with_package=False)
    assert found == ["blue"]


@pytest.mark.parametrize("content", [b"[cards.plat\n", b"schema_version = 9\ncards = 1\n"])
def test_unusable_data_gives_no_candidates_and_no_noise(datafile: Path, content: bytes) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_bytes(content)
    assert bash("amex eligibility ", with_package=True) == ([], "")
    assert bash("amex nu", with_package=True) == (["numbers"], "")
    r = subprocess.run(["amex", "__complete", "cards"], capture_output=True, text=True, check=False)
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_missing_data_file(datafile: Path) -> None:
    assert bash("amex log show ", with_package=False) == ([], "")
    found, _ = bash("amex numbers ", with_package=False)
    assert "abroad" in found


def fish(line: str) -> list[str]:
    need("fish", shutil.which("fish") is not None)
    r = subprocess.run(
        ["fish", "--no-config", "-c", f"source {SCRIPTS / 'amex.fish'}; complete -C '{line}'"],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    assert r.stderr == ""
    return [row.split("\t")[0] for row in r.stdout.splitlines()]


@pytest.mark.parametrize(("line", "expected"), CASES[:-1])
def test_fish(data: Path, line: str, expected: list[str]) -> None:
    assert sorted(fish(line)) == sorted(expected)


def test_fish_describes_commands(data: Path) -> None:
    need("fish", shutil.which("fish") is not None)
    r = subprocess.run(
        ["fish", "--no-config", "-c", f"source {SCRIPTS / 'amex.fish'}; complete -C 'amex nu'"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert r.stdout == "numbers\tShow which number to call for what.\n"


class Zsh:
    """A real interactive zsh with compinit, driven through tmux as a person would type."""

    def __init__(self, tmp: Path) -> None:
        need("zsh", shutil.which("zsh") is not None)
        need("tmux", shutil.which("tmux") is not None)
        self.socket = f"amex-test-{uuid.uuid4().hex[:8]}"
        rc = tmp / "zdotdir"
        rc.mkdir()
        (rc / ".zshrc").write_text(
            f"fpath=({SCRIPTS} $fpath)\nautoload -Uz compinit\ncompinit -u -D\nPS1='zt> '\n"
        )
        env = {**os.environ, "ZDOTDIR": str(rc)}
        subprocess.run(
            ["tmux", "-L", self.socket, "new-session", "-d", "-x", "150", "-y", "20", "zsh"],
            env=env, check=True,
        )  # fmt: skip
        self.wait_for("zt>")

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "capture-pane", "-p"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    def wait_for(self, text: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "send-keys", *keys], check=True)

    def tab(self, line: str, expect: str) -> str:
        """Type `line`, press Tab, wait for `expect` on the screen; then clear the line."""
        self.keys(line, "Tab")
        screen = self.wait_for(expect)
        self.keys("C-c")
        self.keys("clear", "Enter")
        deadline = time.monotonic() + 5
        while self.screen().strip() != "zt>" and time.monotonic() < deadline:
            time.sleep(0.05)
        return screen

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False)


@pytest.fixture
def zsh(tmp_path: Path):  # type: ignore[no-untyped-def]
    shell = Zsh(tmp_path)
    yield shell
    shell.close()


def test_zsh(data: Path, zsh: Zsh) -> None:
    zsh.tab("amex nu", "zt> amex numbers")
    zsh.tab("amex eligibility p", "zt> amex eligibility plat")
    screen = zsh.tab("amex log show ", "CHAT-9")
    assert "A1B2C3" in screen
    zsh.tab("amex log add X --channel ph", "--channel phone")
    screen = zsh.tab("amex cards ", "Add a card profile")  # described sub-commands
    assert "show" in screen


def test_zsh_quiet_on_a_corrupt_file(datafile: Path, zsh: Zsh) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text("[cards.plat\n")
    zsh.keys("amex eligibility ", "Tab")
    # zsh reads keys in order: once the marker typed after the Tab is shown, the completion has
    # finished, and whatever it printed is on the screen
    zsh.keys("MARKER")
    screen = zsh.wait_for("zt> amex eligibility MARKER")
    assert "amex:" not in screen and "TOML" not in screen and "line" not in screen


def test_nothing_offers_to_edit_dotfiles() -> None:
    from amexcli.gen.appspec import commands

    for c in commands():
        names = {n for o in c.options for n in o.names}
        assert not names & {"--install-completion", "--show-completion"}, c.path
