"""Where amex runs: POSIX only. On Windows it says so in one line, before anything else."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import InProcess


@pytest.mark.parametrize("argv", [["numbers", "--abroad"], ["--help"], ["log", "add", "X"], []])
def test_windows_is_refused_in_one_line(
    run: InProcess, monkeypatch: pytest.MonkeyPatch, datafile: Path, argv: list[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    r = run(*argv)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr == "amex: Windows is not supported (amex needs POSIX file locking); use WSL.\n"
    assert not datafile.exists()


def test_windows_is_refused_even_when_fcntl_cannot_be_imported(
    run: InProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "fcntl", None)  # `import fcntl` raises ImportError
    r = run("log", "list")
    assert (r.returncode, r.stderr.count("\n"), "Traceback" in r.stderr) == (2, 1, False)


def test_posix_runs(run: InProcess) -> None:
    r = run("numbers", "--abroad")
    assert r.returncode == 0 and "1-336-393-1111" in r.stdout
