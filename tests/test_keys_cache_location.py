"""The TAB keys cache lives in the user's cache folder, private, and only a regular file of a
plausible size there is ever read: a FIFO, a link to /dev/zero or a folder in its place is
ignored (no hang, no memory blow-up) and TAB parses the data file instead."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from amexcli import keycache, paths
from conftest import AMEX, Run


def tab(kind: str, *extra: str) -> list[str]:
    assert AMEX
    r = subprocess.run(
        [AMEX, "__complete", kind, *extra], capture_output=True, text=True, check=True, timeout=20
    )
    assert r.stderr == ""
    return r.stdout.splitlines()


@pytest.fixture
def logged(run: Run, datafile: Path) -> Path:
    for args in (["cards", "add", "plat", "--product", "Platinum Card"], ["log", "add", "A1B2C3"]):
        assert run(*args).returncode == 0
    return datafile


def cache(datafile: Path) -> Path:
    return Path(keycache.cache_path(str(datafile)))


def test_the_cache_is_in_the_user_cache_folder_not_beside_the_data(logged: Path) -> None:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "amexcli"
    assert cache(logged).parent == folder
    assert cache(logged).is_file()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache(logged).stat().st_mode) == 0o600
    assert sorted(p.name for p in logged.parent.iterdir()) == [
        "amex.toml", "amex.toml.bak", "amex.toml.history", "amex.toml.lock",
    ]  # fmt: skip
    assert keycache.keys(str(logged), "calls") == ["A1B2C3"]


def test_an_open_cache_folder_is_made_private_again(logged: Path, run: Run) -> None:
    folder = cache(logged).parent
    folder.chmod(0o755)
    assert run("log", "add", "B2").returncode == 0
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_two_data_files_never_share_a_cache(logged: Path, run: Run, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "amex.toml"  # the same name in another folder
    assert run("--file", str(other), "log", "add", "OTHER-1").returncode == 0
    assert cache(other) != cache(logged)
    assert cache(other).exists() and cache(logged).exists()
    assert tab("refs", str(other)) == ["OTHER-1"]
    assert tab("refs") == ["A1B2C3"]


def test_an_old_keys_file_beside_the_data_is_removed_on_the_next_write(
    logged: Path, run: Run
) -> None:
    old = paths.old_keys(logged)
    old.write_bytes(b"amex-keys 2 stale\n")
    assert run("log", "add", "B2").returncode == 0
    assert not old.exists()


def test_deleting_the_cache_changes_no_answer(logged: Path) -> None:
    before = (tab("refs"), tab("cards"), tab("benefits"))
    cache(logged).unlink()
    assert (tab("refs"), tab("cards"), tab("benefits")) == before


def _fifo(where: Path) -> None:
    os.mkfifo(where)


def _dev_zero(where: Path) -> None:
    where.symlink_to("/dev/zero")


def _folder(where: Path) -> None:
    where.mkdir()


@pytest.mark.parametrize("make", [_fifo, _dev_zero, _folder], ids=["fifo", "dev-zero", "folder"])
def test_anything_but_a_regular_file_is_ignored(logged: Path, make) -> None:  # type: ignore[no-untyped-def]
    # where the cache is now, and where an older amex kept it: neither may hang TAB
    for where in (cache(logged), paths.old_keys(logged)):
        where.unlink(missing_ok=True)
        make(where)
    assert keycache.block(str(logged), "calls") is None
    assert tab("refs") == ["A1B2C3"]  # parsed (and the cache written again where it can be)
    assert tab("cards") == ["plat"]


def test_a_cache_bigger_than_its_data_file_could_explain_is_ignored(logged: Path) -> None:
    raw = cache(logged).read_bytes().replace(b"A1B2C3", b"POISON")
    size = logged.stat().st_size
    # a block of the right shape, past the bound: were it read, TAB would offer POISON
    padded = raw + b"junk %d\n" % (3 * size + 70000) + b"x" * (3 * size + 70000)
    cache(logged).write_bytes(padded)
    assert tab("refs") == ["A1B2C3"]
    cache(logged).write_bytes(raw)  # the same bytes within the bound: used (the test's control)
    assert tab("refs") == ["POISON"]


def test_a_symlink_in_place_of_the_cache_is_not_followed(logged: Path, tmp_path: Path) -> None:
    poisoned = tmp_path / "poisoned"
    poisoned.write_bytes(cache(logged).read_bytes().replace(b"A1B2C3", b"POISON"))
    cache(logged).unlink()
    cache(logged).symlink_to(poisoned)
    assert tab("refs") == ["A1B2C3"]


def test_read_regular_never_blocks_and_is_bounded(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    assert paths.read_regular(fifo, 100) is None
    assert paths.read_regular(tmp_path, 100) is None
    assert paths.read_regular(tmp_path / "missing", 100) is None
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    assert paths.read_regular(big, 100) is None
    assert paths.read_regular(big, 101) == b"x" * 101
