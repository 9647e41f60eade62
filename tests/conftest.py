"""Every test owns its world: AMEX_FILE and the home folders point under tmp_path."""

from __future__ import annotations

import gc
import io
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

import amexcli
from amexcli.cli import app

if TYPE_CHECKING:
    from tmux_screen import Screen


def _installed_amex() -> str | None:
    """The console script beside this Python (a pyenv shim on PATH would add its own start-up)."""
    beside = Path(sys.executable).parent / "amex"
    return str(beside) if beside.exists() else shutil.which("amex")


AMEX = _installed_amex()
ANSI = "\x1b["
# Mutation testing (.ci/mutation_ci.py) and a thorough run set AMEX_THOROUGH=1: every property
# then tries all its examples; an ordinary run tries a quarter, which keeps the suite fast.
THOROUGH = bool(os.environ.get("AMEX_THOROUGH"))


def examples(n: int) -> int:
    """How many examples a property (or rounds a race) gets: n when thorough, else n / 4."""
    return n if THOROUGH else max(10, n // 4)


@pytest.fixture(autouse=True)
def own_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data" / "amex.toml"
    monkeypatch.setenv("AMEX_FILE", str(data))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    # the catalogue override lives in the config folder: never the tester's own
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    # the cache folder exists, as ~/.cache does; beside tmp_path, which tests list
    cache = tmp_path.with_name(tmp_path.name + "-cache")
    cache.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", "20")
    # An installed amex has its bytecode (pip compiles it): without it every `amex` a test starts
    # would compile amexcli again
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    # An `amex` started in a subprocess imports the same amexcli as this process: under mutation
    # testing (which runs the suite on a mutated copy) that is the copy, not the installed tree.
    monkeypatch.setenv("PYTHONPATH", str(Path(amexcli.__file__).parents[1]))
    return data


@pytest.fixture
def datafile(own_world: Path) -> Path:
    return own_world


class Result:
    """What a run of amex gave: the fields of subprocess.CompletedProcess that tests read."""

    def __init__(self, args: list[str], returncode: int, stdout: str, stderr: str) -> None:
        self.args, self.returncode, self.stdout, self.stderr = args, returncode, stdout, stderr

    def __repr__(self) -> str:
        return f"Result({self.args!r}, {self.returncode}, {self.stdout!r}, {self.stderr!r})"


class Rejects:
    def __call__(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Result | subprocess.CompletedProcess[str]:
        raise NotImplementedError

    def rejected(self, datafile: Path, *args: str) -> Result | subprocess.CompletedProcess[str]:
        """Run a command that must fail as bad input: exit 2, a message, the file untouched."""
        before = datafile.read_bytes()
        r = self(*args)
        assert r.returncode == 2, r.stderr
        assert r.stdout == ""
        assert r.stderr.strip() and "Traceback" not in r.stderr
        assert datafile.read_bytes() == before
        return r


def _as_a_pipe_reads_it(data: bytes, errors: str = "strict") -> str:
    """Decoded as subprocess.run(text=True) decodes a pipe: UTF-8, universal newlines."""
    return data.decode("utf-8", errors).replace("\r\n", "\n").replace("\r", "\n")


class InProcess(Rejects):
    """`amex ARGS` run inside the test's process, through the same entry point as the console
    script (amexcli.__main__.main), with stdin, stdout and stderr pipes that are not terminals:
    what a script sees, at a fraction of a process's cost. What needs a real process (the exit of
    the interpreter itself, signals, terminals, shells, concurrency) uses `proc`."""

    def __call__(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        from amexcli import __main__ as entry
        from amexcli import output

        saved_env = dict(os.environ)
        os.environ.update(env or {})
        saved_std = sys.argv, sys.stdin, sys.stdout, sys.stderr
        saved_term = signal.getsignal(signal.SIGTERM)
        out, err = io.BytesIO(), io.BytesIO()
        sys.argv = ["amex", *args]
        # held here: a wrapper closes its buffer when it is collected
        stdin = io.TextIOWrapper(io.BytesIO((input or "").encode()), encoding="utf-8")
        stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        stderr = io.TextIOWrapper(
            err, encoding="utf-8", errors="backslashreplace", write_through=True
        )
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
        code: int
        try:
            entry.main()
            code = 0
        except SystemExit as e:
            code = _exit_code(e.code)
        except BaseException:  # what an uncaught exception does to a process
            traceback.print_exc()
            code = 1
        finally:
            stdout.flush()
            stderr.flush()
            sys.argv, sys.stdin, sys.stdout, sys.stderr = saved_std
            os.environ.clear()
            os.environ.update(saved_env)
            signal.signal(signal.SIGTERM, saved_term)
            entry._terminated = False
            output._pager_allowed = True
            gc.unfreeze()
            gc.enable()
        result = Result(
            ["amex", *args],
            code,
            _as_a_pipe_reads_it(out.getvalue()),
            _as_a_pipe_reads_it(err.getvalue(), "replace"),
        )
        stdin.detach(), stdout.detach(), stderr.detach()
        return result

    def tty(
        self, *args: str, env: dict[str, str] | None = None, typed: str = ""
    ) -> tuple[int, str]:
        """A terminal needs a real process: `amex` on a pseudo-terminal (see Run.tty)."""
        return Run().tty(*args, env=env, typed=typed)


def _exit_code(code: object) -> int:
    """sys.exit's argument as the process's exit status: None is 0, a message is 1 (printed)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


class Run(Rejects):
    """The installed `amex` in a subprocess: the contract as a script or a person sees it."""

    def __call__(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        assert AMEX, "amex is not installed: python -m pip install -e '.[test]'"
        return subprocess.run(
            [AMEX, *args],
            input=input,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=60,
            check=False,
        )

    def tty(
        self, *args: str, env: dict[str, str] | None = None, typed: str = ""
    ) -> tuple[int, str]:
        """Run on a pseudo-terminal as a person would, typing `typed`; returns (code, screen)."""
        assert AMEX
        main, secondary = pty.openpty()
        proc = subprocess.Popen(
            [AMEX, *args],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            # no pager: it would wait for a key (the pager's own tests drive tmux)
            env={
                **os.environ,
                "TERM": "xterm-256color",
                "COLUMNS": "120",
                "AMEX_PAGER": "",
                **(env or {}),
            },
            close_fds=True,
        )
        os.close(secondary)
        if typed:
            os.write(main, typed.encode())  # the terminal holds it until the program reads
        chunks = []
        while True:
            ready, _, _ = select.select([main], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(main)
        return proc.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def run() -> InProcess:
    """amex in this process, as a script in a pipe sees it (see InProcess)."""
    return InProcess()


@pytest.fixture
def proc() -> Run:
    """The installed `amex` in a real process: the contract, crashes, terminals, shells."""
    return Run()


@pytest.fixture
def cli() -> Callable[..., object]:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input)

    return invoke


def python() -> str:
    return sys.executable


def hand_edit(path: Path, old: bytes, new: bytes) -> None:
    """An edit in place that keeps the size, the inode and the mtime: only the ctime moves (as
    an editor that writes in place and a `touch -r` would leave it)."""
    before = path.stat()
    time.sleep(0.05)  # past the coarse clock tick of the last write
    with path.open("r+b") as f:
        data = f.read()
        f.seek(0)
        f.write(data.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_ino, after.st_mtime_ns) == (
        before.st_size, before.st_ino, before.st_mtime_ns,
    )  # fmt: skip


@pytest.fixture
def screen(tmp_path: Path) -> Iterator[Screen]:
    """A real terminal (tmux) of the test's own; its server is stopped after the test."""
    from tmux_screen import Screen  # it imports this file for AMEX

    folder = tmp_path / "tmux"
    folder.mkdir()
    s = Screen(folder)
    yield s
    s.stop()
