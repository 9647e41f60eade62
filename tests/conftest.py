"""Every test owns its world: AMEX_FILE and the home folders point under tmp_path."""

from __future__ import annotations

import os
import pty
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import amexcli
from amexcli.cli import app


def _installed_amex() -> str | None:
    """The console script beside this Python (a pyenv shim on PATH would add its own start-up)."""
    beside = Path(sys.executable).parent / "amex"
    return str(beside) if beside.exists() else shutil.which("amex")


AMEX = _installed_amex()
ANSI = "\x1b["


@pytest.fixture(autouse=True)
def own_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data" / "amex.toml"
    monkeypatch.setenv("AMEX_FILE", str(data))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    # the cache folder exists, as ~/.cache does; beside tmp_path, which tests list
    cache = tmp_path.with_name(tmp_path.name + "-cache")
    cache.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", "20")
    if "MUTANT_UNDER_TEST" in os.environ:
        # mutmut runs the suite on a mutated copy: the `amex` started in a subprocess must import
        # that copy too, or only in-process tests could kill a mutant.
        paths = [str(Path(amexcli.__file__).parents[1])]
        if os.environ["MUTANT_UNDER_TEST"] == "stats":
            # ... and mutmut must learn which mutants a subprocess reached (see mutmut_hook/)
            paths.append(str(Path(__file__).parent / "mutmut_hook"))
            monkeypatch.setenv(
                "AMEX_MUTMUT_HITS", str(tmp_path.with_name(f"{tmp_path.name}.mutmut-hits"))
            )
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    return data


@pytest.fixture(autouse=True)
def _subprocess_hits_count_for_mutmut(
    request: pytest.FixtureRequest, own_world: Path
) -> Iterator[None]:
    """In a mutmut stats run, tie this test to the mutated functions its subprocesses called."""
    yield
    if os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return
    hits = Path(os.environ["AMEX_MUTMUT_HITS"])
    if hits.exists():
        from mutmut.state import state  # type: ignore[import-not-found, unused-ignore]

        test = request.node.nodeid.removeprefix("mutants/")
        for name in set(hits.read_text(encoding="utf-8").split()):
            state().tests_by_mangled_function_name[name].add(test)


@pytest.fixture
def datafile(own_world: Path) -> Path:
    return own_world


class Run:
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

    def rejected(self, datafile: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command that must fail as bad input: exit 2, a message, the file untouched."""
        before = datafile.read_bytes()
        r = self(*args)
        assert r.returncode == 2, r.stderr
        assert r.stdout == ""
        assert r.stderr.strip() and "Traceback" not in r.stderr
        assert datafile.read_bytes() == before
        return r

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
            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", **(env or {})},
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
def run() -> Run:
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
