"""A real terminal for a test: tmux at a given size, the installed `amex` in its one pane.

Polls with a deadline (never a fixed sleep); each screen is a fresh tmux server on a socket of
the test's own.
"""

from __future__ import annotations

import shlex
import subprocess
import time
from pathlib import Path

from conftest import AMEX


class Screen:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.n = 0
        self.socket = ""

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", self.socket, "-f", "/dev/null", *args],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout  # fmt: skip

    def start(
        self,
        *args: str,
        width: int,
        height: int = 60,
        env: dict[str, str | None] | None = None,
        stdin: str | None = None,
    ) -> Path:
        """Run `amex ARGS` (no pager unless `env` names one); returns its exit code's file."""
        assert AMEX, "amex is not installed beside this Python"
        self.stop()
        self.n += 1
        self.socket = str(self.folder / f"screen-{self.n}.sock")
        done = self.folder / f"exit-{self.n}"
        settings = {"AMEX_PAGER": "", "TERM": "xterm-256color", "NO_COLOR": "1", **(env or {})}
        unset = ["COLUMNS", "LINES", *(k for k, v in settings.items() if v is None)]
        command = " ".join(
            ["env", *(f"-u{k}" for k in unset)]
            + [shlex.quote(f"{k}={v}") for k, v in settings.items() if v is not None]
            + [shlex.quote(AMEX), *map(shlex.quote, args)]
            + ([f"< {shlex.quote(stdin)}"] if stdin else [])
        )
        tmp = shlex.quote(f"{done}.tmp")
        end = shlex.quote(str(done))
        shell = f"trap : INT; {command}; echo $? > {tmp}; mv {tmp} {end}; sleep 600"
        self.tmux("new-session", "-d", "-s", "t", "-x", str(width), "-y", str(height), shell)
        return done

    def stop(self) -> None:
        if self.socket:
            subprocess.run(
                ["tmux", "-S", self.socket, "kill-server"], capture_output=True, check=False
            )
            self.socket = ""

    def screen(self, *, history: bool = True, joined: bool = False) -> str:
        """The pane; `joined`: a line the terminal wrapped (wider than the pane) as one."""
        extra = (["-S", "-", "-E", "-"] if history else []) + (["-J"] if joined else [])
        return self.tmux("capture-pane", "-p", "-t", "t", *extra)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def wait_exit(self, done: Path, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while not done.exists():
            assert time.monotonic() < deadline, f"amex did not finish:\n{self.screen()}"
            time.sleep(0.05)
        return int(done.read_text())

    def show(
        self, *args: str, width: int, height: int = 60, env: dict[str, str | None] | None = None
    ) -> str:
        """Run to the end; the screen with what scrolled off, trailing blank lines dropped."""
        done = self.start(*args, width=width, height=height, env=env)
        code = self.wait_exit(done)
        assert code in (0, 1), self.screen()
        return self.screen().rstrip("\n")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)
