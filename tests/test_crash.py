"""Crash safety: writers killed with SIGKILL at every step of a write leave a usable file.

strace's fault injection kills `amex` exactly at the Nth call of a system call (write, fsync,
link, rename, unlink, ...), for every N that happens once the lock is taken, so the short
windows that matter are hit on purpose rather than by luck.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import AMEX, InProcess

SYSCALLS = (
    "openat", "write", "fsync", "link", "rename", "renameat2", "unlink", "flock", "close",
)  # fmt: skip
BEFORE = b'schema_version = 1\n\n[calls.OLD]\nat = 2026-01-01 09:00:00\nsummary = "kept"\n'
BAK = b"schema_version = 1\n\n[calls.OLDER]\nat = 2025-01-01 09:00:00\n"
ADD = ["log", "add", "NEW", "--date", "2026-02-03T04:05", "--summary", "added"]
pytestmark = pytest.mark.slow


def need_strace() -> str:
    found = shutil.which("strace")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("strace is missing: .ci/run installs it")
        pytest.skip("strace is not installed")
    return found


def prepare(folder: Path, *, with_bak: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "amex.toml"
    data.write_bytes(BEFORE)
    data.chmod(0o600)
    if with_bak:
        (folder / "amex.toml.bak").write_bytes(BAK)
    return data


def run(argv: list[str], data: Path, *, strace: list[str] | None = None) -> int:
    # no bytecode written: a module first imported after the lock would add writes to the probe
    # that the killed runs, finding its .pyc, do not make, and the Nth write would never come
    env = {**os.environ, "AMEX_FILE": str(data), "AMEX_LOCK_TIMEOUT": "2",
           "PYTHONDONTWRITEBYTECODE": "1"}  # fmt: skip
    return subprocess.run(
        [*(strace or []), *argv], env=env, capture_output=True, timeout=60, check=False
    ).returncode


def injection_points(argv: list[str], data: Path, strace: str) -> list[tuple[str, int]]:
    """(syscall, N) for every call of SYSCALLS made from the moment the lock file is opened."""
    trace = data.parent / "trace"
    run(argv, data, strace=[strace, "-f", "-o", str(trace), "-e", "trace=" + ",".join(SYSCALLS)])
    seen: Counter[str] = Counter()
    points, locked = [], False
    for line in trace.read_text().splitlines():
        m = re.match(r"\d+\s+(\w+)\(", line)
        if not m or m.group(1) not in SYSCALLS:
            continue
        seen[m.group(1)] += 1
        locked = locked or ".lock" in line
        if locked:
            points.append((m.group(1), seen[m.group(1)]))
    assert points, "the trace never opened the lock file"
    return points


def kill_at(strace: str, syscall: str, n: int) -> list[str]:
    return [strace, "-f", "-o", "/dev/null", "-e", f"inject={syscall}:signal=KILL:when={n}"]


def killed_runs(argv: list[str], strace: str, tmp: Path) -> Iterator[tuple[str, Path]]:
    """Run `argv` once per injection point, killed there, each in a fresh folder."""
    for name, n in injection_points(argv, prepare(tmp / "probe"), strace):
        folder = tmp / f"{name}-{n}"
        assert run(argv, prepare(folder), strace=kill_at(strace, name, n)) == -9, (
            f"{name} #{n} was not hit"
        )
        yield f"{name} #{n}", folder


def violations(folder: Path, allowed: set[bytes]) -> list[str]:
    """What is wrong with the folder after a killed write; empty when all is well."""
    found = []
    data = folder / "amex.toml"
    if data.read_bytes() not in allowed:
        found.append(f"amex.toml is neither the state before nor after: {data.read_bytes()!r}")
    for path in (data, folder / "amex.toml.bak"):
        if path.exists():
            try:
                tomllib.loads(path.read_text())
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
                found.append(f"{path.name} does not parse: {e}")
    return found


@pytest.fixture
def after(tmp_path: Path) -> bytes:
    data = prepare(tmp_path / "reference")
    assert run([str(AMEX), *ADD], data) == 0
    return data.read_bytes()


def test_killed_at_every_step_of_a_write(tmp_path: Path, after: bytes) -> None:
    points = set()
    for where, folder in killed_runs([str(AMEX), *ADD], need_strace(), tmp_path):
        points.add(where.split()[0])
        assert violations(folder, {BEFORE, after}) == [], f"killed at {where}"
        # the lock died with its holder: the next amex gets in at once (in this process: what
        # counts is the lock, which a new process and this one take alike)
        data = folder / "amex.toml"
        env = {"AMEX_FILE": str(data), "AMEX_LOCK_TIMEOUT": "2"}
        r = InProcess()("log", "add", "NEXT", env=env)
        assert r.returncode == 0, f"locked after {where}: {r.stderr}"
        assert "NEXT" in tomllib.loads(data.read_text())["calls"]
    assert points >= {"write", "fsync", "link", "rename", "flock"}


def test_an_in_place_writer_would_be_caught(tmp_path: Path, after: bytes) -> None:
    """The check above is not vacuous: a writer that truncates and rewrites fails it."""
    strace = need_strace()
    folder = tmp_path / "broken"
    data = prepare(folder)
    in_place = f"open({str(data)!r}, 'wb').write({after!r})"
    assert run([sys.executable, "-c", in_place], data, strace=kill_at(strace, "write", 1)) == -9
    assert violations(folder, {BEFORE, after}) != []


def test_killed_at_every_step_of_a_restore(tmp_path: Path) -> None:
    argv = [str(AMEX), "data", "restore", "--yes"]
    for where, folder in killed_runs(argv, need_strace(), tmp_path):
        assert violations(folder, {BEFORE, BAK}) == [], f"killed at {where}"
        files = [*folder.iterdir(), *(folder / "amex.toml.history").glob("*")]
        kept = {p.read_bytes() for p in files if p.is_file()}
        assert {BEFORE, BAK} <= kept, f"a version was lost when killed at {where}"
