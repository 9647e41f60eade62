"""`amex data restore`: shows what changes, asks, writes it back, and a second restore undoes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from amexcli import store
from amexcli.errors import DataFileError
from conftest import Run


@pytest.fixture
def two_versions(run: Run, datafile: Path) -> tuple[bytes, bytes]:
    run("cards", "add", "plat", "--product", "Platinum Card")
    run("log", "add", "A1")
    old = datafile.read_bytes()
    run("log", "add", "B2")
    return old, datafile.read_bytes()


def test_no_backup_is_exit_2(run: Run, datafile: Path) -> None:
    r = run("data", "restore", "--yes")
    assert r.returncode == 2
    assert "nothing to restore" in r.stderr
    assert not datafile.exists()


def test_off_a_terminal_it_needs_yes(run: Run, datafile: Path, two_versions: tuple) -> None:
    r = run("data", "restore")
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1  # one error, not a preview nobody can answer
    assert "--yes" in r.stderr
    assert datafile.read_bytes() == two_versions[1]


def test_restore_twice_undoes_itself(run: Run, datafile: Path, two_versions: tuple) -> None:
    old, new = two_versions
    r = run("data", "restore", "--yes")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert datafile.read_bytes() == old
    assert store.backup_path(datafile).read_bytes() == new
    assert run("data", "restore", "--yes").returncode == 0
    assert datafile.read_bytes() == new
    assert store.backup_path(datafile).read_bytes() == old


def test_a_corrupt_file_is_kept_as_the_backup(
    run: Run, datafile: Path, two_versions: tuple
) -> None:
    broken = b"[calls.A1\nmy edit that went wrong\n"
    datafile.write_bytes(broken)
    r = run("log", "list")
    assert r.returncode == 3
    assert "line 1" in r.stderr and "amex data restore" in r.stderr  # says what to do
    r = run("data", "restore", "--yes")
    assert r.returncode == 0
    assert datafile.read_bytes() == two_versions[0]
    assert store.backup_path(datafile).read_bytes() == broken  # nothing a person had is deleted
    code, screen = run.tty("data", "restore", typed="n\n")  # the preview, on a terminal
    assert code == 1
    assert "the current file parses; version 1 (" in screen
    assert "does not parse" in screen
    assert run("data", "restore", "--yes").returncode == 0
    assert datafile.read_bytes() == broken


def test_asks_on_a_terminal(run: Run, datafile: Path, two_versions: tuple) -> None:
    code, screen = run.tty("data", "restore", typed="n\n")
    assert code == 1
    assert "Restore version 1 (" in screen
    assert datafile.read_bytes() == two_versions[1]
    code, screen = run.tty("data", "restore", typed="y\n")
    assert code == 0
    assert datafile.read_bytes() == two_versions[0]


def test_refused_when_a_file_changed_meanwhile(datafile: Path, two_versions: tuple) -> None:
    current, backup, _ = store.restore_sources(datafile)
    assert current is not None
    datafile.write_bytes(current + b"\n# edited meanwhile\n")
    with pytest.raises(DataFileError, match="changed meanwhile"):
        store.restore(datafile, current=current, version=backup)
