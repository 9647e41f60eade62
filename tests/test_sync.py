"""Across machines: the data file in git (merge driver), in a synced folder (conflict copies),
old files upgraded, deletions remembered. Through the installed `amex`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from amexcli import history, store
from conftest import AMEX, Run

CONFLICT_COPY = "amex.sync-conflict-20261126-101010-ABCDEFG.toml"


def on(file: Path, run: Run, *args: str) -> subprocess.CompletedProcess[str]:
    """`amex` on another machine's copy of the file."""
    return run(*args, env={"AMEX_FILE": str(file)})


def load(file: Path) -> dict:
    return tomllib.loads(file.read_text())


# -- git


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_NOSYSTEM": "1",
    }  # fmt: skip
    r = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if check:
        assert r.returncode == 0, r.stderr
    return r


def clone(remote: Path, where: Path) -> Path:
    git(where.parent, "clone", "-q", str(remote), where.name)
    # the two lines the README gives (git config is per clone; .gitattributes is committed)
    git(where, "config", "merge.amex.driver", f"{AMEX} data merge-driver %O %A %B")
    git(where, "config", "merge.amex.name", "amex data file")
    git(where, "config", "pull.rebase", "false")
    return where


@pytest.fixture
def two_clones(tmp_path: Path, run: Run) -> tuple[Path, Path]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    laptop = clone(remote, tmp_path / "laptop")
    (laptop / ".gitattributes").write_text("amex.toml merge=amex\n")
    (laptop / ".gitignore").write_text(
        "amex.toml.bak\namex.toml.lock\namex.toml.keys\namex.toml.history/\n"
    )
    data = laptop / "amex.toml"
    on(data, run, "cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695")
    on(data, run, "cards", "add", "gold", "--product", "Gold Card")
    on(data, run, "log", "add", "A1", "--summary", "first call", "--date", "2026-01-05T10:00")
    on(data, run, "retention", "add", "plat", "--date", "2025-03-20", "--accepted")
    git(laptop, "add", ".")
    git(laptop, "commit", "-qm", "start")
    git(laptop, "push", "-q", "origin", "HEAD")
    desktop = clone(remote, tmp_path / "desktop")
    return laptop, desktop


def test_git_pull_merges_both_machines_without_markers(
    two_clones: tuple[Path, Path], run: Run
) -> None:
    laptop, desktop = two_clones
    mine, theirs = laptop / "amex.toml", desktop / "amex.toml"
    # the laptop: a call, a retention record, a card changed, a call done
    on(mine, run, "log", "add", "L1", "--summary", "laptop call", "--date", "2026-02-01T09:00")
    on(mine, run, "retention", "add", "gold", "--date", "2026-02-01", "--declined")
    on(mine, run, "cards", "edit", "plat", "--fee-month", "3")
    on(mine, run, "log", "done", "A1")
    git(laptop, "commit", "-qam", "laptop")
    git(laptop, "push", "-q")
    # the desktop, meanwhile: other calls, another retention record, gold removed
    on(theirs, run, "log", "add", "D1", "--summary", "desktop call", "--date", "2026-02-02T09:00")
    on(theirs, run, "retention", "add", "plat", "--date", "2026-02-02", "--none")
    on(theirs, run, "cards", "edit", "plat", "--closing-day", "15")
    on(theirs, run, "log", "edit", "A1", "--rep", "Dana")
    git(desktop, "commit", "-qam", "desktop")
    # a plain line merge would have to conflict: both added tables at the same place
    pulled = git(desktop, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr + pulled.stdout
    text = theirs.read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    doc = tomllib.loads(text)
    assert set(doc["calls"]) == {"A1", "L1", "D1"}
    assert doc["calls"]["A1"]["done"] is True and doc["calls"]["A1"]["rep"] == "Dana"
    assert doc["cards"]["plat"]["fee_month"] == 3 and doc["cards"]["plat"]["closing_day"] == 15
    assert set(doc["cards"]) == {"plat", "gold"}
    assert len(doc["retention"]) == 3  # one from before, one from each machine
    assert list(doc["calls"]) == sorted(doc["calls"])  # a stable order: small diffs
    assert on(theirs, run, "log", "list").returncode == 0
    # and back: the laptop pulls the merge and has the same file
    git(desktop, "push", "-q")
    assert git(laptop, "pull", "-q", "--no-edit", check=False).returncode == 0
    assert mine.read_bytes() == theirs.read_bytes()


def test_git_a_true_conflict_is_left_in_the_entry_not_as_markers(
    two_clones: tuple[Path, Path], run: Run
) -> None:
    laptop, desktop = two_clones
    mine, theirs = laptop / "amex.toml", desktop / "amex.toml"
    on(mine, run, "log", "edit", "A1", "--summary", "said on the laptop")
    on(mine, run, "cards", "rm", "gold", "--yes")
    git(laptop, "commit", "-qam", "laptop")
    git(laptop, "push", "-q")
    on(theirs, run, "log", "edit", "A1", "--summary", "said on the desktop")
    on(theirs, run, "cards", "edit", "gold", "--annual-fee", "350")  # not the catalogue's 325
    git(desktop, "commit", "-qam", "desktop")
    pulled = git(desktop, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode != 0  # git stops for the person to look
    text = theirs.read_text()
    assert "<<<<<<<" not in text
    doc = tomllib.loads(text)
    assert doc["calls"]["A1"]["summary"] == "said on the desktop"  # this side's value
    assert doc["calls"]["A1"]["conflict"]["other"]["summary"] == "said on the laptop"
    assert doc["cards"]["gold"]["annual_fee"] == 350  # changed here, deleted there: kept
    assert doc["cards"]["gold"]["conflict"]["deleted"] is True
    r = on(theirs, run, "log", "show", "A1")
    assert 'the other copy had summary = "said on the laptop"' in r.stderr
    check = json.loads(on(theirs, run, "data", "check", "--json").stdout)
    assert [c["entry"] for c in check["conflicts"]] == ["cards.gold", "calls.A1"]


def test_the_merge_driver_writes_the_same_bytes_every_time(tmp_path: Path, run: Run) -> None:
    base, ours, theirs = (tmp_path / n for n in ("o.toml", "a.toml", "b.toml"))
    base.write_text("[calls.B]\nat = 2026-01-01T10:00:00\n[calls.A]\nat = 2026-01-01T09:00:00\n")
    ours.write_text(base.read_text() + "[calls.Z]\nat = 2026-01-03T09:00:00\n")
    theirs.write_text(base.read_text() + "[calls.C]\nat = 2026-01-02T09:00:00\n")
    results = []
    for _ in range(2):
        copy = tmp_path / "a-copy.toml"
        shutil.copy(ours, copy)
        r = run("data", "merge-driver", str(base), str(copy), str(theirs))
        assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
        results.append(copy.read_bytes())
    assert results[0] == results[1]
    assert list(tomllib.loads(results[0].decode())["calls"]) == ["A", "B", "C", "Z"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-copy.toml", "a.toml", "b.toml", "o.toml"
    ]  # fmt: skip  # nothing kept beside git's file: no .bak, no lock, no history


# -- a synced folder


def test_a_syncthing_conflict_copy_is_found_and_merged(
    run: Run, datafile: Path, tmp_path: Path
) -> None:
    run("cards", "add", "plat", "--product", "Platinum Card")
    run("cards", "add", "gold", "--product", "Gold Card")
    run("log", "add", "A1", "--summary", "first", "--date", "2026-01-05T10:00")
    other = tmp_path / "other-machine.toml"
    shutil.copy(datafile, other)
    # this machine, and the other one, change the file before the sync service sees either
    run("log", "add", "B2", "--date", "2026-01-06T10:00")
    run("log", "edit", "A1", "--summary", "here")
    on(other, run, "log", "add", "C3", "--date", "2026-01-07T10:00")
    on(other, run, "cards", "rm", "gold", "--yes")
    on(other, run, "log", "edit", "A1", "--rep", "Dana")
    copy = datafile.with_name(CONFLICT_COPY)
    shutil.move(other, copy)  # what Syncthing does with the losing side
    # any command warns, once a day, on one line
    r = run("log", "list")
    assert r.returncode == 0
    assert r.stderr.count("\n") == 1 and CONFLICT_COPY in r.stderr
    assert "amex data check" in r.stderr
    assert run("log", "list").stderr == ""  # not again today
    # check says what to do
    r = run("data", "check", "--json")
    assert json.loads(r.stdout)["sync_conflicts"] == [str(copy)]
    assert f"amex data merge {copy} --yes" in r.stderr
    # the merge finds the common ancestor in the history and leaves nothing for the person
    r = run("data", "merge", str(copy), "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "three-way" in r.stdout and "+1 call C3" in r.stdout and "-1 card gold" in r.stdout
    before = datafile.read_bytes()
    r = run("data", "merge", str(copy))
    assert r.returncode == 2 and datafile.read_bytes() == before  # not without --yes
    r = run("data", "merge", str(copy), "--yes")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    doc = load(datafile)
    assert set(doc["calls"]) == {"A1", "B2", "C3"}
    assert doc["calls"]["A1"]["summary"] == "here" and doc["calls"]["A1"]["rep"] == "Dana"
    assert set(doc["cards"]) == {"plat"}  # deleted there, untouched here
    assert history.versions(datafile)[0].path.read_bytes() == before  # the merge can be undone
    copy.unlink()
    assert json.loads(run("data", "check", "--json").stdout)["sync_conflicts"] == []
    # merging it again changes nothing
    shutil.copy(datafile, copy)
    after = datafile.read_bytes()
    assert run("data", "merge", str(copy), "--yes").returncode == 0
    assert datafile.read_bytes() == after


def test_dropbox_conflicted_copies_are_found_too(run: Run, datafile: Path) -> None:
    run("log", "add", "A1")
    for name in ("amex (Dana's conflicted copy 2026-11-26).toml", "amex (conflicted copy).toml"):
        datafile.with_name(name).write_bytes(datafile.read_bytes())
    datafile.with_name("amex (1).toml").write_text("")  # not a conflict copy
    found = json.loads(run("data", "check", "--json").stdout)["sync_conflicts"]
    assert [Path(p).name for p in found] == [
        "amex (Dana's conflicted copy 2026-11-26).toml", "amex (conflicted copy).toml"
    ]  # fmt: skip


def test_merge_exit_codes_and_bad_input(run: Run, datafile: Path, tmp_path: Path) -> None:
    run("log", "add", "A1", "--summary", "mine")
    unrelated = tmp_path / "unrelated.toml"
    unrelated.write_text(
        'schema_version = 2\n[calls.A1]\nat = 2026-01-01T09:00:00\nsummary = "x"\n'
    )
    r = run("data", "merge", str(unrelated), "--dry-run")
    assert r.returncode == 1  # a conflict is left for the person
    assert "two-way" in r.stdout and "calls.A1: at, summary changed" in r.stdout
    broken = tmp_path / "broken.toml"
    broken.write_text("[calls.A1\n")
    for bad in (str(broken), str(tmp_path / "missing.toml")):
        r = run.rejected(datafile, "data", "merge", bad, "--yes")
        assert "Traceback" not in r.stderr
    newer = tmp_path / "newer.toml"
    newer.write_text("schema_version = 99\n")
    run.rejected(datafile, "data", "merge", str(newer), "--yes")


# -- identity and tombstones


OLD_FILE = b"""schema_version = 1

[cards.plat]
product = "Platinum Card"

[retention.1]
card = "plat"
date = 2025-03-20
outcome = "accepted"

[retention.2]
card = "plat"
date = 2026-01-10
outcome = "declined"
"""


def test_an_old_file_is_upgraded_on_its_first_write_and_old_ids_still_work(
    run: Run, datafile: Path
) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_bytes(OLD_FILE)
    assert run("retention", "list").stdout.startswith("1\tplat")  # reading changes nothing
    r = run("retention", "rm", "1", "--yes")  # the old number, as the user knows it
    assert r.returncode == 0, r.stderr
    doc = load(datafile)
    assert doc["schema_version"] == store.SCHEMA_VERSION == 2
    [(rid, record)] = doc["retention"].items()
    assert len(rid) == 13 and record["legacy_id"] == 2 and record["outcome"] == "declined"
    assert store.backup_path(datafile).read_bytes() == OLD_FILE  # the old file is kept
    assert history.versions(datafile)[0].path.read_bytes() == OLD_FILE
    assert run("retention", "rm", "2", "--yes").returncode == 0  # still, after the upgrade
    assert "retention" not in load(datafile)
    r = run("retention", "add", "plat", "--date", "2026-02-01", "--none")
    [new] = load(datafile)["retention"]
    assert len(new) == 13 and run("retention", "rm", new.upper(), "--yes").returncode == 0


def test_a_delete_leaves_a_tombstone_and_an_old_tombstone_is_purged(
    run: Run, datafile: Path
) -> None:
    run("cards", "add", "gold", "--product", "Gold Card")
    run("cards", "rm", "gold", "--yes")
    tomb = load(datafile)["deleted"]["cards"]["gold"]
    assert isinstance(tomb["at"], datetime) and len(tomb["digest"]) == 16
    run("cards", "add", "gold", "--product", "Gold Card")
    assert "deleted" not in load(datafile)  # back again: no longer deleted
    run("log", "add", "A1")
    run("log", "rm", "A1", "--yes")
    old = (datetime.now() - timedelta(days=181)).replace(microsecond=0).isoformat()
    text = datafile.read_text()
    at = load(datafile)["deleted"]["calls"]["A1"]["at"]
    datafile.write_text(text.replace(at.isoformat(sep=" "), old.replace("T", " ")))
    assert load(datafile)["deleted"]["calls"]["A1"]["at"] < datetime.now() - timedelta(days=180)
    run("log", "add", "B2")
    assert "deleted" not in load(datafile)


def test_a_benefit_used_on_both_machines_keeps_both_uses(
    run: Run, datafile: Path, tmp_path: Path
) -> None:
    run("cards", "add", "plat", "--product", "Platinum Card")
    run("benefits", "add", "plat", "Uber", "--amount", "15", "--every", "month")
    other = tmp_path / "other.toml"
    shutil.copy(datafile, other)
    run("benefits", "use", "plat", "Uber", "--amount", "7", "--date", "2026-11-02")
    on(other, run, "benefits", "use", "plat", "Uber", "--amount", "5", "--date", "2026-11-01")
    r = run("data", "merge", str(other), "--yes")
    assert (r.returncode, r.stderr) == (0, "")
    [benefit] = load(datafile)["benefits"].values()
    assert sorted(u["amount"] for u in benefit["uses"].values()) == [5, 7]
