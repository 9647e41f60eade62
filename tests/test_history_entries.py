"""An entry of `amex.toml.history/` that is not a regular file (a folder, a FIFO, a symlink to
/dev/zero) is skipped with one line on stderr by `data history`, `data restore` and `data merge`:
never opened, never waited on, never a traceback."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from amexcli import history
from conftest import AMEX, Run


def amex(*args: str) -> subprocess.CompletedProcess[str]:
    assert AMEX
    # a hang is the bug: fail in seconds, not at the suite's timeout
    return subprocess.run([AMEX, *args], capture_output=True, text=True, timeout=20, check=False)


def _fifo(where: Path) -> None:
    os.mkfifo(where)


def _folder(where: Path) -> None:
    where.mkdir()
    (where / "inside").write_text("x")


def _dev_zero(where: Path) -> None:
    where.symlink_to("/dev/zero")


MAKERS = [_fifo, _folder, _dev_zero]


@pytest.fixture(params=MAKERS, ids=["fifo", "folder", "dev-zero"])
def odd_history(request: pytest.FixtureRequest, run: Run, datafile: Path) -> tuple[Path, str]:
    for ref in ("A1", "B2", "C3"):
        assert run("log", "add", ref).returncode == 0
    newest = history.versions(datafile)[0].path
    newest.unlink()
    make: Callable[[Path], None] = request.param
    make(newest)
    return datafile, newest.name


def skipped_once(stderr: str, name: str) -> None:
    lines = [line for line in stderr.splitlines() if name in line]
    assert lines == [f"amex: warning: skipped {name} in the history: not a regular file"]
    assert "Traceback" not in stderr


def test_data_history_skips_it(odd_history: tuple[Path, str]) -> None:
    _, name = odd_history
    r = amex("data", "history", "--plain")
    assert r.returncode == 0, r.stderr
    skipped_once(r.stderr, name)
    assert name.removesuffix(".toml") not in r.stdout


def test_data_restore_skips_it(odd_history: tuple[Path, str]) -> None:
    datafile, name = odd_history
    r = amex("data", "restore", "1", "--yes")
    assert r.returncode == 0, r.stderr
    skipped_once(r.stderr, name)
    assert "[calls.A1]" in datafile.read_text()  # the next real version was restored


def test_data_restore_by_its_id_refuses_it(odd_history: tuple[Path, str]) -> None:
    datafile, name = odd_history
    before = datafile.read_bytes()
    r = amex("data", "restore", name.removesuffix(".toml"), "--yes")
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert datafile.read_bytes() == before


def test_data_merge_skips_it(odd_history: tuple[Path, str], tmp_path: Path) -> None:
    datafile, name = odd_history
    other = tmp_path / "other.toml"
    other.write_bytes(datafile.read_bytes().replace(b"[calls.C3]", b"[calls.D4]"))
    r = amex("data", "merge", str(other), "--yes")
    assert r.returncode in (0, 1), r.stderr
    skipped_once(r.stderr, name)
    assert "[calls.D4]" in datafile.read_text()


def test_a_version_that_turns_into_a_fifo_after_listing_is_not_waited_on(
    run: Run, datafile: Path
) -> None:
    for ref in ("A1", "B2"):
        assert run("log", "add", ref).returncode == 0
    [version] = history.versions(datafile)[:1]
    version.path.unlink()
    os.mkfifo(version.path)
    assert history.read(version) is None
