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
from pathlib import Path

import pytest

from conftest import AMEX

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
    env = {**os.environ, "AMEX_FILE": str(data), "AMEX_LOCK_TIMEOUT": "2"}
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
    strace = need_strace()
    argv = [str(AMEX), *ADD]
    points = injection_points(argv, prepare(tmp_path / "probe"), strace)
    assert {name for name, _ in points} >= {"write", "fsync", "link", "rename", "flock"}
    for name, n in points:
        folder = tmp_path / f"{name}-{n}"
        data = prepare(folder)
        inject = [strace, "-f", "-o", "/dev/null", "-e", f"inject={name}:signal=KILL:when={n}"]
        assert run(argv, data, strace=inject) == -9, f"{name} #{n} was not hit"
        assert violations(folder, {BEFORE, after}) == [], f"killed at {name} #{n}"
        # the lock died with its holder: the next amex gets in at once
        assert run([str(AMEX), "log", "add", "NEXT"], data) == 0, f"locked after {name} #{n}"
        assert "NEXT" in tomllib.loads(data.read_text())["calls"]


def test_an_in_place_writer_would_be_caught(tmp_path: Path, after: bytes) -> None:
    """The check above is not vacuous: a writer that truncates and rewrites fails it."""
    strace = need_strace()
    folder = tmp_path / "broken"
    data = prepare(folder)
    in_place = f"open({str(data)!r}, 'wb').write({after!r})"
    inject = [strace, "-f", "-o", "/dev/null", "-e", "inject=write:signal=KILL:when=1"]
    assert run([sys.executable, "-c", in_place], data, strace=inject) == -9
    assert violations(folder, {BEFORE, after}) != []


def test_killed_at_every_step_of_a_restore(tmp_path: Path) -> None:
    strace = need_strace()
    argv = [str(AMEX), "data", "restore", "--yes"]
    points = injection_points(argv, prepare(tmp_path / "probe"), strace)
    for name, n in points:
        folder = tmp_path / f"{name}-{n}"
        data = prepare(folder)
        inject = [strace, "-f", "-o", "/dev/null", "-e", f"inject={name}:signal=KILL:when={n}"]
        assert run(argv, data, strace=inject) == -9, f"{name} #{n} was not hit"
        assert violations(folder, {BEFORE, BAK}) == [], f"killed at {name} #{n}"
        kept = {p.read_bytes() for p in folder.iterdir() if p.name.startswith((".amex", "amex"))}
        assert {BEFORE, BAK} <= kept, f"a version was lost when killed at {name} #{n}"
