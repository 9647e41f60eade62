"""The data file's parse kept in the cache folder: used only for the very bytes it was made
from, never a source of truth, never beside the file."""

from __future__ import annotations

import marshal
import math
import os
import stat
import sys
import tomllib
import zlib
from datetime import UTC, date, datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from amexcli import parsecache, store
from amexcli.errors import DataFileError
from conftest import Run, examples, hand_edit

SEED = """\
schema_version = 2

[cards.plat]
product = "Platinum Card"
member_since = 2015-03-01

[calls.A1B2C3]
at = 2026-01-05T19:05:00
card = "plat"
summary = "Asked about the annual fee"
"""


@pytest.fixture
def seeded(datafile: Path) -> Path:
    datafile.parent.mkdir(parents=True)
    datafile.write_text(SEED)
    return datafile


def cache(datafile: Path) -> Path:
    return parsecache.cache_path(datafile)


def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Record every time store hands bytes to tomllib (a read the cache did not answer)."""
    seen: list[bytes] = []
    real = store._loads

    def spy(data: bytes, path: Path) -> store.Document:
        seen.append(data)
        return real(data, path)

    monkeypatch.setattr(store, "_loads", spy)
    return seen


def test_a_read_leaves_a_private_cache_and_the_next_read_uses_it(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parses(monkeypatch)
    first = store.read(seeded)
    assert len(parsed) == 1
    assert stat.S_IMODE(cache(seeded).stat().st_mode) == 0o600  # it is the user's data too
    second = store.read(seeded)
    assert len(parsed) == 1  # answered from the cache
    assert second == first == tomllib.loads(SEED)
    assert second is not first
    assert type(second["cards"]["plat"]["member_since"]) is date
    assert type(second["calls"]["A1B2C3"]["at"]) is datetime


def test_the_installed_amex_writes_the_cache_and_answers_the_same_from_it(
    seeded: Path, run: Run
) -> None:
    cold = run("log", "list", "--plain")
    assert cold.returncode == 0, cold.stderr
    assert cache(seeded).exists()
    warm = run("log", "list", "--plain")
    assert (warm.returncode, warm.stdout, warm.stderr) == (0, cold.stdout, cold.stderr)
    assert "A1B2C3" in warm.stdout


def test_an_edit_behind_amex_s_back_is_seen_even_keeping_size_inode_and_mtime(
    seeded: Path, run: Run
) -> None:
    assert "A1B2C3" in run("log", "list", "--plain").stdout
    hand_edit(seeded, b"A1B2C3", b"Z9Y8X7")
    listed = run("log", "list", "--plain").stdout
    assert "Z9Y8X7" in listed
    assert "A1B2C3" not in listed


def same_crc(data: bytes, start: int, length: int) -> bytes:
    """Other bytes of `data`'s length and CRC-32: bits 0 and 1 of some of the letters in
    data[start:start+length] flipped (they stay letters or ` `). CRC-32 is affine over GF(2),
    so 2 * length flips, each changing the CRC by a fixed 32-bit vector, have combinations
    that change it by nothing: found here by Gaussian elimination."""
    zeros = zlib.crc32(bytes(len(data)))
    flips = [(at, bit) for at in range(start, start + length) for bit in (0, 1)]
    basis: dict[int, tuple[int, int]] = {}  # top bit -> (vector, which flips make it)
    for number, (at, bit) in enumerate(flips):
        one = bytearray(len(data))
        one[at] = 1 << bit
        vector, combo = zlib.crc32(bytes(one)) ^ zeros, 1 << number
        while vector and vector.bit_length() in basis:
            row, row_combo = basis[vector.bit_length()]
            vector, combo = vector ^ row, combo ^ row_combo
        if vector:
            basis[vector.bit_length()] = (vector, combo)
            continue
        out = bytearray(data)  # `combo` changes the CRC by nothing
        for n, (flip_at, flip_bit) in enumerate(flips):
            if combo >> n & 1:
                out[flip_at] ^= 1 << flip_bit
        return bytes(out)
    raise AssertionError("no combination found: widen the region")


def test_a_change_that_keeps_even_the_crc_is_seen(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Length and CRC-32 alike, mtime put back: the ctime (the file's identity) tells."""
    datafile.parent.mkdir(parents=True)
    padding = "a" * 64
    datafile.write_text(SEED + f'note = "{padding}"\n')
    original = datafile.read_bytes()
    assert store.read(datafile)["calls"]["A1B2C3"]["note"] == padding
    start = original.index(padding.encode())
    forged = same_crc(original, start, len(padding))
    assert forged != original
    assert (len(forged), zlib.crc32(forged)) == (len(original), zlib.crc32(original))
    hand_edit(datafile, original, forged)
    parsed = parses(monkeypatch)
    note = store.read(datafile)["calls"]["A1B2C3"]["note"]
    assert note == forged[start : start + len(padding)].decode()
    assert note != padding
    assert len(parsed) == 1


def test_other_bytes_under_the_same_identity_are_not_taken_for_the_cached_ones(
    seeded: Path,
) -> None:
    """A read racing an edit in place within one tick of the file system's clock: the stat
    is the same, the bytes are not. Only the bytes' own length and CRC-32 can tell."""
    data = seeded.read_bytes()
    st_ = seeded.stat()
    parsecache.save(seeded, data, st_, tomllib.loads(data.decode()))
    assert parsecache.load(seeded, data, st_) == tomllib.loads(SEED)
    edited = data.replace(b"A1B2C3", b"Z9Y8X7")
    assert parsecache.load(seeded, edited, st_) is None
    assert parsecache.load(seeded, data + b"\n", st_) is None


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_link_planted_where_the_cache_is_written_is_not_written_through(
    seeded: Path, tmp_path: Path, link: str
) -> None:
    """The temp file's name is predictable (its pid); a link someone put there, to the data
    file itself say, is removed, never written through."""
    victim = tmp_path / "victim"
    victim.write_bytes(b"untouched")
    planted = cache(seeded).with_name(f".{cache(seeded).name}.{os.getpid()}.tmp")
    planted.parent.mkdir(parents=True)
    for target in (victim, seeded):
        planted.unlink(missing_ok=True)
        before = target.read_bytes()
        if link == "symbolic":
            planted.symlink_to(target)
        else:
            planted.hardlink_to(target)
        parsecache.save(seeded, seeded.read_bytes(), seeded.stat(), tomllib.loads(SEED))
        assert target.read_bytes() == before
        assert store.read(seeded) == tomllib.loads(SEED)
    assert cache(seeded).exists()
    assert not planted.exists()


def test_a_link_planted_after_the_tidy_is_not_written_through_either(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone quick enough to link the temp name to the data file between the removal of
    stale temp files and the write: the write refuses the name (O_EXCL), and no cache is
    written this time."""
    planted = cache(seeded).with_name(f".{cache(seeded).name}.{os.getpid()}.tmp")
    tidy = parsecache._tidy

    def then_plant(target: Path) -> None:
        tidy(target)
        planted.hardlink_to(seeded)

    monkeypatch.setattr(parsecache, "_tidy", then_plant)
    before = seeded.read_bytes()
    assert store.read(seeded) == tomllib.loads(SEED)
    assert seeded.read_bytes() == before
    assert not cache(seeded).exists()


def test_a_replaced_file_is_parsed_again(seeded: Path, tmp_path: Path) -> None:
    store.read(seeded)
    other = tmp_path / "other.toml"
    other.write_text('[cards.gold]\nproduct = "Gold Card"\n')
    other.replace(seeded)  # a new inode, a new size
    assert list(store.read(seeded)["cards"]) == ["gold"]


def test_every_amex_write_is_seen_by_the_next_read(seeded: Path, run: Run) -> None:
    assert run("log", "list").returncode == 0
    assert run("log", "add", "NEW-1", "--summary", "second call").returncode == 0
    assert "NEW-1" in run("log", "list", "--plain").stdout
    assert run("log", "rm", "NEW-1", "--yes").returncode == 0
    assert "NEW-1" not in run("log", "list", "--plain").stdout


def test_deleting_tearing_or_forging_the_cache_loses_nothing(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.read(seeded)
    whole = cache(seeded).read_bytes()
    head, _, payload = whole.partition(b"\n")
    flipped = bytearray(payload)
    flipped[len(flipped) // 2] ^= 0x01
    forged = marshal.dumps({"cards": {"evil": {"product": "not in the file"}}})
    other_python = head.replace(parsecache.MAGIC, parsecache.MAGIC + b"0")
    for bad in (
        b"",
        whole[:20],
        whole[:-3],
        b"garbage\n" + whole,
        head + b"\n" + bytes(flipped),  # a bit gone bad on disk: its CRC says so
        head + b"\n" + forged,  # someone else's parse under this file's header
        other_python + b"\n" + payload,
    ):
        cache(seeded).write_bytes(bad)
        parsed = parses(monkeypatch)
        assert store.read(seeded) == tomllib.loads(SEED)
        assert len(parsed) == 1, bad[:40]
    cache(seeded).unlink()
    assert store.read(seeded) == tomllib.loads(SEED)
    assert b"py%x" % sys.hexversion in parsecache.MAGIC  # marshal's format, tomllib: Python's


def test_a_cache_made_by_hand_with_a_matching_header_is_refused_not_a_crash(
    seeded: Path,
) -> None:
    """marshal runs no code; anything it reads that is not a parse amex wrote is ignored."""
    data = seeded.read_bytes()
    st_ = seeded.stat()
    cache(seeded).parent.mkdir(parents=True)
    key = parsecache._key(seeded.resolve(), data, st_)
    for payload in (
        marshal.dumps({"a": ("x", "2026-01-01")}),  # an unknown kind of value
        marshal.dumps({"a": ("d", "not a date")}),
        marshal.dumps(["not", "a", "table"]),
        marshal.dumps({"a": ()}),
        b"\xff\x00",
    ):
        header = key + b" %d\n" % zlib.crc32(payload)
        cache(seeded).write_bytes(header + payload)
        assert parsecache.load(seeded, data, st_) is None
        assert store.read(seeded) == tomllib.loads(SEED)


def test_a_fifo_a_link_or_a_huge_file_at_the_cache_is_never_read_whole(
    seeded: Path, run: Run
) -> None:
    """A FIFO would hang amex, /dev/zero would eat the memory, a huge file would be read for
    nothing: only a regular file is opened, and no more than its header is read first."""
    import tracemalloc

    cache(seeded).parent.mkdir(parents=True)
    expected = run("log", "list", "--plain").stdout
    for make in (
        os.mkfifo,
        lambda c: c.write_bytes(b"") or os.truncate(c, 1 << 30),  # 1 GiB, sparse
        lambda c: c.symlink_to("/dev/zero"),  # endless: after the finite one fails fast
    ):
        cache(seeded).unlink(missing_ok=True)
        make(cache(seeded))
        if make is not os.mkfifo:  # in this process a FIFO that hung would hang the suite
            tracemalloc.start()
            try:
                assert parsecache.load(seeded, seeded.read_bytes(), seeded.stat()) is None
                assert tracemalloc.get_traced_memory()[1] < 1 << 20
            finally:
                tracemalloc.stop()
            cache(seeded).unlink()
            make(cache(seeded))
        r = run("log", "list", "--plain")  # run() times out after 60 s: a hang fails
        assert (r.returncode, r.stdout, r.stderr) == (0, expected, "")


@pytest.mark.parametrize("blocked", ["cache", "folder"])
def test_a_cache_that_cannot_be_written_fails_nothing(seeded: Path, run: Run, blocked: str) -> None:
    if blocked == "cache":
        cache(seeded).parent.mkdir(parents=True)
        cache(seeded).mkdir()  # a folder where the cache goes: os.replace cannot put it there
    else:
        parsecache.folder().parent.mkdir(parents=True, exist_ok=True)
        parsecache.folder().write_text("a file where the cache folder goes")
    for _ in range(2):
        r = run("log", "list", "--plain")
        assert r.returncode == 0, r.stderr
        assert "A1B2C3" in r.stdout
        assert r.stderr == ""
    if blocked == "cache":
        assert cache(seeded).is_dir()
        assert [p.name for p in cache(seeded).parent.iterdir()] == [cache(seeded).name]
    else:
        assert parsecache.folder().read_text() == "a file where the cache folder goes"


def test_the_cache_is_private_and_in_the_cache_folder_not_beside_the_file(
    seeded: Path, run: Run, tmp_path: Path
) -> None:
    assert run("log", "list").returncode == 0
    assert cache(seeded).parent == Path(os.environ["XDG_CACHE_HOME"]) / "amexcli"
    assert stat.S_IMODE(cache(seeded).parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache(seeded).stat().st_mode) == 0o600
    assert not [p.name for p in seeded.parent.iterdir() if "parsed" in p.name]


def test_the_cache_folder_is_made_private_from_the_start_in_an_existing_cache(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~/.cache is usually there already; amexcli/ in it is 0700 before its chmod, even with a
    umask of 0: no other user can look in while the parse is written."""
    parsecache.folder().parent.mkdir(parents=True, exist_ok=True)
    seen: list[int] = []
    real_chmod = Path.chmod

    def chmod(self: Path, mode: int, **kwargs: bool) -> None:
        if self == parsecache.folder():
            seen.append(stat.S_IMODE(self.stat().st_mode))
        real_chmod(self, mode, **kwargs)

    monkeypatch.setattr(Path, "chmod", chmod)
    old = os.umask(0)
    try:
        store.read(seeded)
    finally:
        os.umask(old)
    assert seen == []  # 0700 from its mkdir: no chmod needed
    assert cache(seeded).exists()
    assert stat.S_IMODE(parsecache.folder().stat().st_mode) == 0o700


def test_a_cache_folder_someone_opened_up_is_made_private_again(seeded: Path) -> None:
    parsecache.folder().mkdir(parents=True)
    parsecache.folder().chmod(0o777)
    store.read(seeded)
    assert stat.S_IMODE(parsecache.folder().stat().st_mode) == 0o700
    assert cache(seeded).exists()


def test_a_missing_home_is_not_made(
    seeded: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "nonexistent" / "home"))
    r = run("log", "list", "--plain")
    assert (r.returncode, r.stderr) == (0, "")
    assert "A1B2C3" in r.stdout
    assert not (tmp_path / "nonexistent").exists()


def test_an_interrupted_save_leaves_no_temp_file_and_a_killed_one_s_is_removed(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsecache.folder().mkdir(parents=True)
    killed = cache(seeded).with_name(f".{cache(seeded).name}.99999.tmp")  # SIGKILL mid-save
    killed.write_bytes(b"half a cache")

    def interrupted(value: object) -> bytes:
        raise KeyboardInterrupt  # Ctrl-C, or SIGTERM (amex turns it into this)

    monkeypatch.setattr(parsecache.marshal, "dumps", interrupted)
    doc = tomllib.loads(SEED)
    with pytest.raises(KeyboardInterrupt):
        parsecache.save(seeded, seeded.read_bytes(), seeded.stat(), doc)
    assert doc == tomllib.loads(SEED)  # the caller's parse, dates and all
    assert sorted(p.name for p in parsecache.folder().iterdir()) == []


def test_a_deleted_data_file_takes_its_cache_with_it(tmp_path: Path, run: Run) -> None:
    """Deleting amex.toml deletes your data: its parse does not linger in the cache folder."""
    files = [tmp_path / name / "amex.toml" for name in ("a", "b", "c")]
    for path in files:
        path.parent.mkdir()
        path.write_text(SEED)
        assert run("--file", str(path), "log", "list").returncode == 0
    assert all(cache(path).exists() for path in files)
    files[0].unlink()  # amex reads it again: finds it gone, and its cache goes
    assert run("--file", str(files[0]), "log", "list").returncode == 0  # an empty log
    assert not cache(files[0]).exists()
    files[1].unlink()  # never read again: the next cache written anywhere removes it
    files[2].write_text(SEED + "\n")
    assert run("--file", str(files[2]), "log", "list").returncode == 0
    assert not cache(files[1]).exists()
    assert sorted(p.name for p in parsecache.folder().iterdir()) == [cache(files[2]).name]
    never = tmp_path / "never" / "amex.toml"  # a file that never was: nothing to remove
    assert run("--file", str(never), "log", "list").returncode == 0


def test_whatever_else_is_in_the_cache_folder_a_save_goes_through(seeded: Path, run: Run) -> None:
    """Garbage named like a cache is removed; a folder, or a link to /dev/zero, named so
    neither stops a save nor is read whole."""
    where = parsecache.folder()
    where.mkdir()
    (where / "garbage.parsed").write_bytes(b"not a cache")
    (where / "folder.parsed").mkdir()
    (where / "endless.parsed").symlink_to("/dev/zero")
    r = run("log", "list", "--plain")  # run() times out after 60 s: reading /dev/zero fails
    assert (r.returncode, r.stderr) == (0, "")
    assert cache(seeded).exists()
    assert sorted(p.name for p in where.iterdir()) == sorted([cache(seeded).name, "folder.parsed"])


def test_a_write_leaves_no_cache_of_what_it_replaced(seeded: Path, run: Run) -> None:
    """Neither one made from the bytes it read (they are about to change), nor the one a read
    made before: what the file no longer holds (a call removed) is not kept in a cache."""
    assert run("log", "add", "NEW-1").returncode == 0  # no cache before: the write makes none
    assert not cache(seeded).exists()
    assert "NEW-1" in run("log", "list", "--plain").stdout
    assert b"NEW-1" in cache(seeded).read_bytes()
    assert run("log", "rm", "NEW-1", "--yes").returncode == 0
    assert not cache(seeded).exists()
    assert "NEW-1" not in run("log", "list", "--plain").stdout
    assert cache(seeded).exists()


def test_no_cache_without_a_home_nor_in_a_relative_one(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No HOME and a uid without a passwd entry (containers): amex reads as ever, without a
    cache. HOME=. : no cache in whatever folder amex runs in."""
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    with monkeypatch.context() as m:
        m.setattr(Path, "home", no_home)
        for _ in range(2):
            assert store.read(seeded) == tomllib.loads(SEED)
        assert store.read(tmp_path / "missing.toml") == store.new_document()
    work = tmp_path / "checkout"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", ".")
    assert store.read(seeded) == tomllib.loads(SEED)
    assert list(work.iterdir()) == []


def test_two_data_files_of_one_name_have_a_cache_each(tmp_path: Path, run: Run) -> None:
    files = [tmp_path / "a" / "amex.toml", tmp_path / "b" / "amex.toml"]
    for n, path in enumerate(files):
        path.parent.mkdir()
        path.write_text(SEED.replace("A1B2C3", f"FILE-{n}"))
    for _ in range(2):
        for n, path in enumerate(files):
            listed = run("--file", str(path), "log", "list", "--plain").stdout
            assert f"FILE-{n}" in listed
            assert f"FILE-{1 - n}" not in listed
    assert len({cache(path) for path in files}) == 2
    assert all(cache(path).exists() for path in files)


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"},
        {"XDG_CACHE_HOME": "", "HOME": "/home/u"},
        {"XDG_CACHE_HOME": "relative", "HOME": "/home/u"},
        {"XDG_CACHE_HOME": None, "HOME": "/home/u"},
    ],
)
def test_the_cache_folder_is_where_platformdirs_puts_it(
    env: dict[str, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    assert parsecache.folder() == platformdirs.user_cache_path("amexcli")


def test_a_symlinked_data_file_shares_its_target_s_cache(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "real" / "amex.toml"
    target.parent.mkdir()
    target.write_text(SEED)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert cache(link) == cache(target)
    monkeypatch.setenv("AMEX_FILE", str(link))
    assert "A1B2C3" in run("log", "list", "--plain").stdout
    assert cache(target).exists()


def test_a_corrupt_file_is_still_exit_3_and_never_cached(seeded: Path, run: Run) -> None:
    assert run("log", "list").returncode == 0
    seeded.write_text(SEED + "[calls.\n")
    kept = cache(seeded).read_bytes()  # the last good parse, of the last good bytes
    for _ in range(2):
        r = run("log", "list")
        assert r.returncode == 3
        assert "not valid TOML" in r.stderr
    with pytest.raises(DataFileError):
        store.read(seeded)
    assert cache(seeded).read_bytes() == kept


# ---- the property: whatever TOML holds comes back as it was, type for type ----------------

keys = st.text(min_size=1, max_size=8)
offsets = st.integers(min_value=-23 * 60, max_value=23 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True),
    st.text(),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=offsets | st.just(UTC)),
    st.times(),
)
documents = st.dictionaries(
    keys,
    st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=12,
    ),
    max_size=5,
)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (a date is not a datetime; nan is nan)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):  # nan is nan, and -0.0 is not 0.0
        same_sign = math.copysign(1, a) == math.copysign(1, b)
        return same_sign and (a == b or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, datetime | clock):
        return bool(a == b and a.utcoffset() == b.utcoffset())
    return bool(a == b)


@given(doc=documents)
@settings(max_examples=examples(200), deadline=None)
def test_a_cached_parse_is_the_parse_type_for_type(doc: dict[str, Any]) -> None:
    text = tomli_w.dumps(doc)
    frozen = marshal.dumps(parsecache._freeze(tomllib.loads(text)))
    assert same(parsecache._thaw(marshal.loads(frozen)), tomllib.loads(text))  # noqa: S302


@given(doc=documents)
@settings(max_examples=examples(50), deadline=None)
def test_store_reads_the_same_with_and_without_the_cache(
    doc: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("cached") / "amex.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    try:
        fresh = store.read(path)
    except DataFileError:
        assert not cache(path).exists()  # a shape amex refuses is never cached
        return
    assert cache(path).exists()
    assert same(store.read(path), fresh)
    assert same(fresh, tomllib.loads(path.read_text(encoding="utf-8")))
