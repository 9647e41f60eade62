"""`amex data history` and `amex data restore VERSION`: every write keeps what it replaces."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from amexcli import history, store
from conftest import Run

DAY = 86400


def test_sixty_old_writes_keep_fifty_versions(
    cli: Callable[..., object], datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the versions are judged from a year later: none is within the last 90 days
    monkeypatch.setattr(history, "clock", lambda: time.time() + 365 * DAY)
    for i in range(60):
        assert cli("log", "add", f"R{i:02}").exit_code == 0  # type: ignore[attr-defined]
    kept = history.versions(datafile)
    assert len(kept) == history.KEEP_VERSIONS == 50
    # the newest 50 are kept: version 1 is the file before R59, the oldest the file after R09
    assert b"R58" in kept[0].path.read_bytes() and b"R59" not in kept[0].path.read_bytes()
    assert b"R09" in kept[-1].path.read_bytes() and b"R10" not in kept[-1].path.read_bytes()
    assert all(v.command == "log add" for v in kept)
    assert len((history.folder(datafile) / history.JOURNAL).read_text().splitlines()) == 51


def test_writes_of_the_last_ninety_days_are_all_kept(
    cli: Callable[..., object], datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "clock", lambda: time.time() + 89 * DAY)
    for i in range(60):
        assert cli("log", "add", f"R{i:02}").exit_code == 0  # type: ignore[attr-defined]
    assert len(history.versions(datafile)) == 59  # every version but the current one


def test_the_size_bound_wins_but_the_newest_version_stays(
    cli: Callable[..., object], datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history, "MAX_BYTES", 1)
    for i in range(5):
        assert cli("log", "add", f"R{i}").exit_code == 0  # type: ignore[attr-defined]
    assert len(history.versions(datafile)) == 1
    monkeypatch.setattr(history, "MAX_BYTES", 10_000)
    monkeypatch.setattr(history, "MAX_VERSIONS", 3)
    for i in range(5, 10):
        assert cli("log", "add", f"R{i}").exit_code == 0  # type: ignore[attr-defined]
    assert len(history.versions(datafile)) == 3


@pytest.mark.parametrize("n", [1, 2, 4])
def test_restoring_version_n_then_undoing_gives_back_the_same_bytes(
    run: Run, datafile: Path, n: int
) -> None:
    run("cards", "add", "gold", "--product", "Gold Card")
    for ref in ("A1", "B2", "C3", "D4"):
        run("log", "add", ref)
    before = datafile.read_bytes()
    wanted = history.versions(datafile)[n - 1].path.read_bytes()
    r = run("data", "restore", str(n), "--yes")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert datafile.read_bytes() == wanted
    assert store.backup_path(datafile).read_bytes() == before  # the .bak promise stands
    r = run("data", "restore", "--yes")  # version 1: the one the restore replaced
    assert r.returncode == 0, r.stderr
    assert datafile.read_bytes() == before


def test_history_says_which_command_changed_what(run: Run, datafile: Path) -> None:
    run("cards", "add", "gold", "--product", "Gold Card")
    run("retention", "add", "gold", "--date", "2025-01-02", "--accepted")
    run("retention", "add", "gold", "--date", "2025-07-02", "--declined")
    run("cards", "rm", "gold", "--yes")
    run("log", "add", "A1B2C3")
    r = run("data", "history")
    assert r.returncode == 0 and r.stderr == ""
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert [row[0] for row in rows] == ["0", "1", "2", "3", "4"]
    assert [(row[3], row[4]) for row in rows[:2]] == [
        ("log add", "+1 call A1B2C3"),
        ("cards rm", "-1 card gold (and 2 retention records)"),
    ]
    assert rows[0][1] == "" and len(rows[1][1]) == 13  # the current file has no id yet
    data = json.loads(run("data", "history", "--json").stdout)
    assert list(data[0]) == ["version", "id", "written", "command", "change"]
    assert data[1]["change"].startswith("-1 card gold")
    # restoring by id works as well as by number
    assert run("data", "restore", data[2]["id"].upper(), "--yes").returncode == 0
    assert "gold" in run("cards", "list").stdout


def test_a_change_made_outside_amex_is_kept_and_named(run: Run, datafile: Path) -> None:
    run("log", "add", "A1")
    run("log", "add", "B2")
    by_hand = datafile.read_bytes() + b"\n[calls.HAND]\nat = 2026-01-01T10:00:00\n"
    datafile.write_bytes(by_hand)
    run("log", "add", "C3")
    kept = history.versions(datafile)
    assert kept[0].path.read_bytes() == by_hand
    assert kept[0].command == history.OUTSIDE
    rows = [line.split("\t") for line in run("data", "history").stdout.splitlines()]
    assert rows[1][3:] == [history.OUTSIDE, "+2 calls B2, HAND"]


def test_history_is_private_and_linked(run: Run, datafile: Path) -> None:
    os.umask(0o022)
    run("log", "add", "A1")
    run("log", "add", "B2")
    folder = history.folder(datafile)
    assert folder.stat().st_mode & 0o777 == 0o700
    newest = history.versions(datafile)[0].path
    assert newest.stat().st_mode & 0o777 == 0o600
    assert (folder / history.JOURNAL).stat().st_mode & 0o777 == 0o600
    # version 1 and .bak are one file on disk: the history costs no space for it
    assert newest.stat().st_ino == store.backup_path(datafile).stat().st_ino


def test_without_hard_links_versions_are_copied(
    cli: Callable[..., object], datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("log", "add", "A1").exit_code == 0  # type: ignore[attr-defined]
    first = datafile.read_bytes()

    def no_link(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    assert cli("log", "add", "B2").exit_code == 0  # type: ignore[attr-defined]
    kept = history.versions(datafile)
    assert [v.path.read_bytes() for v in kept] == [first]
    assert kept[0].command == "log add"  # the copy keeps the time that names it


def test_unknown_version_is_exit_2(run: Run, datafile: Path) -> None:
    run("log", "add", "A1")
    run("log", "add", "B2")
    for wanted in ("7", "0", "zzzzzzzzzzzzz"):
        r = run.rejected(datafile, "data", "restore", wanted, "--yes")
        assert "amex data history" in r.stderr
