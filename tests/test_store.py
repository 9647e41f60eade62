"""The data-file rules of DESIGN.md, through amexcli.store."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from amexcli import store
from amexcli.errors import DataFileError, InputError
from conftest import examples


def test_missing_file_is_an_empty_store(datafile: Path) -> None:
    assert store.read(datafile) == {"schema_version": store.SCHEMA_VERSION}
    assert not datafile.exists()


def test_first_write_creates_private_folder_and_file(datafile: Path) -> None:
    with store.edit(datafile) as doc:
        store.section(doc, "cards")["plat"] = {"product": "Platinum Card"}
    assert stat.S_IMODE(datafile.stat().st_mode) == 0o600
    assert stat.S_IMODE(datafile.parent.stat().st_mode) == 0o700
    assert tomllib.loads(datafile.read_text())["cards"]["plat"]["product"] == "Platinum Card"
    assert not store.backup_path(datafile).exists()  # nothing before it to keep


def test_previous_version_is_kept_as_bak(datafile: Path) -> None:
    with store.edit(datafile) as doc:
        store.section(doc, "cards")["a"] = {"product": "A"}
    first = datafile.read_bytes()
    with store.edit(datafile) as doc:
        store.section(doc, "cards")["b"] = {"product": "B"}
    assert store.backup_path(datafile).read_bytes() == first
    assert datafile.read_bytes() != first
    leftovers = [p.name for p in datafile.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_unknown_keys_and_tables_survive_a_write(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text(
        'schema_version = 1\nnickname = "me"\n\n'
        '[cards.plat]\nproduct = "Platinum"\ncolour = "silver"\n'
        "\n[garden.roses]\ncount = 3\n"
    )
    with store.edit(datafile) as doc:
        store.section(doc, "cards")["gold"] = {"product": "Gold"}
    doc = tomllib.loads(datafile.read_text())
    assert doc["nickname"] == "me"
    assert doc["cards"]["plat"]["colour"] == "silver"
    assert doc["garden"] == {"roses": {"count": 3}}
    assert doc["cards"]["gold"] == {"product": "Gold"}


def test_corrupt_file_is_refused_with_line_and_never_written(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    bad = b"schema_version = 1\n[cards.plat\n"
    datafile.write_bytes(bad)
    with pytest.raises(DataFileError, match=r"line 2, column") as e, store.edit(datafile):
        pass
    assert str(datafile) in str(e.value)
    assert datafile.read_bytes() == bad


@pytest.mark.parametrize(
    "text",
    ["schema_version = 'one'\n", "cards = 3\n", "[cards]\nplat = 'x'\n", "calls = [1, 2]\n"],
)
def test_wrong_shape_is_refused(datafile: Path, text: str) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text(text)
    with pytest.raises(DataFileError):
        store.read(datafile)


def test_newer_schema_is_refused_for_writing(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    text = b"schema_version = 99\n"
    datafile.write_bytes(text)
    assert store.read(datafile)["schema_version"] == 99  # readable
    with pytest.raises(DataFileError, match="newer amex"), store.edit(datafile) as doc:
        doc["x"] = 1
    assert datafile.read_bytes() == text


def test_a_failing_change_writes_nothing(datafile: Path) -> None:
    with store.edit(datafile) as doc:
        store.section(doc, "cards")["a"] = {"product": "A"}
    before = datafile.read_bytes()
    with pytest.raises(RuntimeError), store.edit(datafile) as doc:
        store.section(doc, "cards")["b"] = {"product": "B"}
        raise RuntimeError
    assert datafile.read_bytes() == before


def test_a_file_where_the_folder_should_be(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with (
        pytest.raises(DataFileError, match="a file stands in its place"),
        store.edit(blocker / "amex.toml"),
    ):
        pass
    with (
        pytest.raises(DataFileError, match="Not a directory"),
        store.edit(blocker / "deeper" / "amex.toml"),
    ):
        pass
    assert blocker.read_text() == "not a folder"


def test_a_held_lock_times_out_with_exit_3(datafile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl
    import os

    with store.edit(datafile) as doc:
        doc["x"] = 1
    fd = os.open(store.lock_path(datafile), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", "0.2")
    try:
        with pytest.raises(DataFileError, match="locked") as e, store.edit(datafile):
            pass
        assert e.value.exit_code == 3
    finally:
        os.close(fd)


WRITER = """
import sys
from pathlib import Path
from typing import Any
from amexcli import store
i = sys.argv[1]
with store.edit(Path(sys.argv[2])) as doc:
    store.section(doc, "calls")[f"REF{i}"] = {"summary": "x" * 2000}
"""


@pytest.mark.slow
def test_twenty_concurrent_writers_lose_nothing(datafile: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(i), str(datafile)]) for i in range(20)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * 20
    calls = tomllib.loads(datafile.read_text())["calls"]
    assert sorted(calls) == sorted(f"REF{i}" for i in range(20))


def test_a_hand_written_file_gains_its_schema_version(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text('[cards.x]\nproduct = "X"\n')
    with store.edit(datafile) as doc:
        store.section(doc, "cards")["y"] = {"product": "Y"}
    assert datafile.read_text().startswith(f"schema_version = {store.SCHEMA_VERSION}\n")


def _first_writer(folder: str, i: int, barrier: Any, results: Any) -> None:
    barrier.wait()  # every writer finds the folder missing at the same moment
    try:
        with store.edit(Path(folder) / "deep" / "amex.toml") as doc:
            store.section(doc, "calls")[f"R{i}"] = {"at": 1}
        results.put(None)
    except Exception as e:  # the message is what the test reports
        results.put(f"{type(e).__name__}: {e}")


def test_first_writers_racing_to_create_the_folder_all_succeed(tmp_path: Path) -> None:
    """Losing the race to create the data folder to another amex is success, not "a file
    stands in its place". Before the fix 16 rounds in 100 failed (8 writers), so 10 rounds
    (an ordinary run) fail with a probability of 82%, 40 (a thorough one) of 99.9%."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    writers, rounds = 8, examples(40)
    for n in range(rounds):
        folder = tmp_path / f"round{n}"
        barrier, results = ctx.Barrier(writers), ctx.Queue()
        procs = [
            ctx.Process(target=_first_writer, args=(str(folder), i, barrier, results))
            for i in range(writers)
        ]
        for p in procs:
            p.start()
        errors = [e for e in (results.get(timeout=60) for _ in procs) if e]
        for p in procs:
            p.join(timeout=60)
        assert errors == [], f"round {n}: {errors[0]}"
        assert len(tomllib.loads((folder / "deep" / "amex.toml").read_text())["calls"]) == writers
        assert stat.S_IMODE((folder / "deep").stat().st_mode) == 0o700


# The data file's decisions, each on its own: where it is, which files are refused and how,
# nothing lost or half-written when a write fails or is killed at any step (faults injected by
# monkeypatching os), the lock, private modes, which copies are sync conflicts and when the
# warning is said, what a restore takes.


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A refusal must come at once: a test that blocks (on a FIFO, on a lock) fails instead."""
    import signal

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("blocked")

    old = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, 10)
    yield None
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)


def test_conflict_copies_of_every_sync_service_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "amex.toml"
    names = [
        "amex.sync-conflict-20261126-101010-ABCDEFG.toml",  # Syncthing
        "amex.toml.sync-conflict-20261126-101010-ABCDEFG",  # Syncthing, without an extension
        "amex (Dana's conflicted copy 2026-11-26).toml",  # Dropbox
        "amex.toml (Dana's conflicted copy 2026-11-26)",
        "amex (conflicted copy 2026-11-26 101010).toml",  # Nextcloud
    ]
    others = ["amex.toml", "amex.toml.bak", "amex-sync-conflict.toml", "other.sync-conflict-1.toml",
              "amex (copy).toml", "AMEX.sync-conflict-1.toml"]  # fmt: skip
    for name in names + others:
        (tmp_path / name).write_text("")
    (tmp_path / "amex.sync-conflict-folder.toml").mkdir()  # a folder is no copy
    assert store.conflict_copies(path) == sorted(tmp_path / n for n in names)
    assert store.conflict_copies(tmp_path / "missing" / "amex.toml") == []


def test_the_conflict_warning_is_said_once_a_day(tmp_path: Path) -> None:
    path = tmp_path / "amex.toml"
    assert store.sync_conflict_warning(path, today=date(2026, 11, 26)) is None  # no copies
    (tmp_path / "amex.sync-conflict-20261126-101010-ABCDEFG.toml").write_text("")
    one = store.sync_conflict_warning(path, today=date(2026, 11, 26))
    assert one == (
        "1 conflicting copy of amex.toml beside it (amex.sync-conflict-20261126-101010-ABCDEFG"
        ".toml): `amex data check` says how to merge them."
    )
    assert store.sync_conflict_warning(path, today=date(2026, 11, 26)) is None  # said today
    stamp = path.with_name("amex.toml.history") / ".warned-sync-conflicts"
    assert stat.S_IMODE(stamp.stat().st_mode) == 0o600
    (tmp_path / "amex (conflicted copy 1).toml").write_text("")
    # the stamp is written with the real clock: a day far ahead has not been warned yet
    two = store.sync_conflict_warning(path, today=date(2999, 1, 1))
    assert two == (
        "2 conflicting copies of amex.toml beside it (amex (conflicted copy 1).toml, "
        "amex.sync-conflict-20261126-101010-ABCDEFG.toml): `amex data check` says how to merge "
        "them."
    )
    (tmp_path / "amex (conflicted copy 2).toml").write_text("")
    three = store.sync_conflict_warning(path, today=date(3000, 1, 1))
    assert three == (
        "3 conflicting copies of amex.toml beside it (amex (conflicted copy 1).toml, "
        "amex (conflicted copy 2).toml, ...): `amex data check` says how to merge them."
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("schema_version = 0\n", "schema_version must be a whole number, not 0."),
        ("schema_version = true\n", "schema_version must be a whole number, not True."),
        ("schema_version = '2'\n", "schema_version must be a whole number, not '2'."),
        ("calls = 1\n", "[calls] must hold tables such as [calls.KEY]; fix it by hand."),
        ("[offers]\nx = 1\n", "[offers] must hold tables such as [offers.KEY]; fix it by hand."),
    ],
)
def test_a_file_of_the_wrong_shape_says_what_is_wrong(
    datafile: Path, text: str, message: str
) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text(text)
    with pytest.raises(DataFileError) as e:
        store.read(datafile)
    assert str(e.value) == f"{datafile}: {message}"


def test_schema_version_one_and_a_missing_one_are_read(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text("schema_version = 1\n")
    assert store.read(datafile) == {"schema_version": 1}
    datafile.write_text("[cards.plat]\nproduct = 'Platinum Card'\n")
    assert store.read(datafile)["cards"] == {"plat": {"product": "Platinum Card"}}


def test_a_broken_file_points_to_restore_only_when_there_is_a_backup(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_bytes(b"\xff\xfe")
    with pytest.raises(DataFileError) as e:
        store.read(datafile)
    assert str(e.value) == (
        f"{datafile} is not UTF-8 text (byte 0).\namex left it untouched: fix it by hand."
    )
    store.backup_path(datafile).write_text("")
    datafile.write_text("x = \n")
    with pytest.raises(DataFileError) as e:
        store.read(datafile)
    assert str(e.value).startswith(f"{datafile} is not valid TOML: ")
    assert str(e.value).endswith(
        "\namex left it untouched: fix it by hand, or put the previous version back with "
        "`amex data restore`."
    )


def test_the_current_schema_is_writable_a_newer_one_is_not(datafile: Path) -> None:
    store.writable_version({"schema_version": store.SCHEMA_VERSION}, datafile)
    store.writable_version({}, datafile)
    with pytest.raises(DataFileError) as e:
        store.writable_version({"schema_version": store.SCHEMA_VERSION + 1}, datafile)
    assert str(e.value) == (
        f"{datafile} was written by a newer amex (schema {store.SCHEMA_VERSION + 1}; this one "
        f"knows {store.SCHEMA_VERSION}). Upgrade amex to change it; it was left untouched."
    )


def test_dump_leaves_out_empty_sections_and_sorts_keys_ignoring_case() -> None:
    doc = {"schema_version": 2, "cards": {}, "calls": {"b2": {"x": 1}, "A1": {"x": 2},
                                                        "a1": {"x": 3}}}  # fmt: skip
    assert store.dump(doc).decode() == (
        "schema_version = 2\n\n[calls.A1]\nx = 2\n\n[calls.a1]\nx = 3\n\n[calls.b2]\nx = 1\n"
    )


def test_section_counts(datafile: Path) -> None:
    assert store.section_counts(None, datafile) == dict.fromkeys(store.SECTIONS, 0)
    counts = store.section_counts(b"[calls.A1]\n[calls.B2]\n[cards.plat]\n", datafile)
    assert counts == {**dict.fromkeys(store.SECTIONS, 0), "calls": 2, "cards": 1}
    assert store.section_counts(b"calls = 1\n", datafile) is None


def test_restore_sources_without_a_history(datafile: Path) -> None:
    with pytest.raises(InputError) as e:
        store.restore_sources(datafile)
    assert str(e.value) == (
        f"nothing to restore: {datafile} has no earlier version yet "
        "(amex keeps the previous version from the second change on)."
    )
    with pytest.raises(InputError) as e:
        store.restore_sources(datafile, "7")
    assert str(e.value) == "no version '7'; see `amex data history`."
    datafile.parent.mkdir(parents=True)
    datafile.write_bytes(b"now")
    store.backup_path(datafile).write_bytes(b"before")
    assert store.restore_sources(datafile) == (b"now", b"before", "the backup amex.toml.bak")
    assert store.restore_sources(datafile, "1") == (b"now", b"before", "the backup amex.toml.bak")


def test_a_written_file_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "amex.toml"
    old = os.umask(0)
    try:
        with store.edit(path) as doc:
            store.section(doc, "calls")["A1"] = {"summary": "x"}
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.lock_path(path).stat().st_mode) == 0o600
    assert not store.backup_path(path).exists()  # nothing to back up on the first write
    with store.edit(path) as doc:
        store.section(doc, "calls")["B2"] = {"summary": "y"}
    assert b"B2" not in store.backup_path(path).read_bytes()
    assert sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")) == []


def test_a_bad_lock_timeout_is_bad_input(datafile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", "soon")
    with pytest.raises(InputError) as e, store.edit(datafile):
        pass
    assert str(e.value) == "AMEX_LOCK_TIMEOUT must be a number of seconds, e.g. 10."


# Where the data file is


def test_the_file_option_wins_over_amex_file_and_a_tilde_means_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMEX_FILE", str(tmp_path / "env.toml"))
    assert store.resolve_path(str(tmp_path / "opt.toml")) == tmp_path / "opt.toml"
    assert store.resolve_path(None) == tmp_path / "env.toml"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert store.resolve_path("~/amex.toml") == tmp_path / "home" / "amex.toml"


def test_without_a_choice_the_file_is_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AMEX_FILE")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert store.resolve_path(None) == tmp_path / "share" / "amexcli" / "amex.toml"
    assert store.resolve_path("") == tmp_path / "share" / "amexcli" / "amex.toml"


@pytest.mark.parametrize("chosen", ["folder/", ".", "..", "a/.."])
def test_a_path_that_names_a_folder_is_refused(chosen: str) -> None:
    with pytest.raises(DataFileError) as e:
        store.resolve_path(chosen)
    folder = Path(chosen)
    assert str(e.value) == (
        f"{chosen} names a folder, not a file: give a file such as {folder / 'amex.toml'}."
    )


def test_a_path_with_a_nul_byte_is_bad_input() -> None:
    with pytest.raises(InputError) as e:
        store.resolve_path("a\0b.toml")
    assert str(e.value) == "the data file's path holds a NUL byte; no file can have that name."


def test_a_symlinked_file_is_written_through_to_its_target(tmp_path: Path) -> None:
    target = tmp_path / "synced" / "amex.toml"
    target.parent.mkdir()
    link = tmp_path / "amex.toml"
    link.symlink_to(target)
    with store.edit(link) as doc:
        store.section(doc, "calls")["A1"] = {"summary": "x"}
    with store.edit(link) as doc:
        store.section(doc, "calls")["B2"] = {"summary": "y"}
    assert link.is_symlink()
    assert b"B2" in target.read_bytes()
    assert store.backup_path(target).exists() and store.lock_path(target).exists()
    assert not store.backup_path(link).exists() and not store.lock_path(link).exists()
    assert store.real_path(link) == target
    assert store.real_path(Path("relative.toml")) == Path("relative.toml")  # shown as given


# Reading


def test_a_large_file_is_read_whole(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    summary = "x" * (3 << 20)  # more than one read of 1 MiB
    datafile.write_text(f'[calls.A1]\nsummary = "{summary}"\n')
    assert store.read(datafile)["calls"]["A1"]["summary"] == summary


def test_an_empty_file_is_an_empty_store(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_bytes(b"")
    assert store.read(datafile) == {}


def test_a_path_through_a_file_reads_as_missing(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("x")
    assert store.read(tmp_path / "blocker" / "amex.toml") == store.new_document()


def test_special_files_are_refused_without_waiting(tmp_path: Path, no_hang: None) -> None:
    import socket

    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    expected = (
        f"{fifo} is a FIFO: amex reads and replaces only regular files. "
        "Choose another data file with --file or AMEX_FILE."
    )
    with pytest.raises(DataFileError) as e:
        store.read(fifo)  # no writer: a blocking open would hang here
    assert str(e.value) == expected
    with pytest.raises(DataFileError) as e, store.edit(fifo):
        pass
    assert str(e.value) == expected
    assert not store.lock_path(fifo).exists()  # refused before any lock file is made
    with pytest.raises(DataFileError) as e:
        store.read(Path("/dev/null"))
    assert str(e.value).startswith("/dev/null is a device: ")
    with pytest.raises(DataFileError) as e:
        store.read(tmp_path)
    assert str(e.value).startswith(f"{tmp_path} is a folder: ")
    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        assert store.write_problem(sock_path) == (
            f"{sock_path} is a socket: amex reads and replaces only regular files. "
            "Choose another data file with --file or AMEX_FILE."
        )


def test_an_unreadable_file_says_why(datafile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text("")

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(DataFileError) as e:
        store.read(datafile)
    assert str(e.value) == f"cannot read {datafile}: Permission denied."
    assert e.value.exit_code == 3


def test_a_read_error_midway_says_why(datafile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text("")

    def broken(fd: int, n: int) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "read", broken)
    with pytest.raises(DataFileError) as e:
        store.read(datafile)
    assert str(e.value) == f"cannot read {datafile}: Input/output error."


def test_tables_may_nest_32_deep_not_more(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text("x = " + "[" * 32 + "]" * 32 + "\n")
    assert store.depth(store.read(datafile)) == 32
    datafile.write_text("x = " + "[" * 33 + "]" * 33 + "\n")
    with pytest.raises(DataFileError) as e:
        store.read(datafile)
    assert str(e.value) == (
        f"{datafile} nests tables or arrays more than 32 deep: amex could not rewrite it. "
        "Fix it by hand; it was left untouched."
    )
    assert store.depth({"a": {"b": [1, {"c": 2}]}, "d": 1}) == 4
    assert store.depth({}) == store.depth("x") == 0


def test_a_file_nesting_past_the_parser_says_so(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(DataFileError) as e:
        store.read(datafile)
    assert str(e.value) == f"{datafile} nests too deeply.\namex left it untouched: fix it by hand."


# Whether it can be written


def test_write_problem_names_what_stops_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a" / "b" / "amex.toml"
    assert store.write_problem(path) is None  # folders to be made
    path.parent.mkdir(parents=True)
    path.write_text("")
    path.chmod(0o444)
    assert store.write_problem(path) == (
        f"{path} is read-only (mode 0444): amex does not replace a file you protected. "
        "Allow it with `chmod u+w`, or choose another file."
    )
    path.chmod(0o200)
    assert store.write_problem(path) is None
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    assert store.write_problem(blocker / "x" / "amex.toml") == (
        f"cannot create the folder {blocker / 'x'}: a file stands in its place ({blocker}). "
        "Move it, or choose another data file with --file or AMEX_FILE."
    )
    assert store.write_problem(blocker / "amex.toml") == (
        f"cannot create the folder {blocker}: a file stands in its place ({blocker}). "
        "Move it, or choose another data file with --file or AMEX_FILE."
    )
    read_only = tmp_path / "ro"
    read_only.mkdir()

    def access(where: Path, mode: int) -> bool:  # a folder this user may not write in
        return not (Path(where) == read_only and mode & os.W_OK)

    monkeypatch.setattr(os, "access", access)
    assert store.write_problem(read_only / "new" / "amex.toml") == (
        f"cannot write in {read_only}: permission denied. Choose another data file."
    )
    assert store.write_problem(tmp_path / "new" / "amex.toml") is None


def test_write_problem_of_an_unreachable_path(tmp_path: Path) -> None:
    path = tmp_path / ("x" * 300)
    assert store.write_problem(path) == f"cannot reach {path}: File name too long."


def test_a_name_too_long_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    """Found by mutation testing: `real_path` let the OSError of is_symlink out (exit 1)."""
    path = tmp_path / ("x" * 300)
    with pytest.raises(DataFileError) as e, store.edit(path):
        pass
    assert str(e.value) == f"cannot lock {path}: File name too long."
    assert e.value.exit_code == 3
    assert list(tmp_path.iterdir()) == []


# Writing: nothing lost, nothing half-written


def _add(path: Path, ref: str) -> None:
    with store.edit(path) as doc:
        store.section(doc, "calls")[ref] = {"summary": ref}


def test_an_unchanged_document_is_not_rewritten(datafile: Path) -> None:
    _add(datafile, "A1")
    before = datafile.stat()
    with store.edit(datafile):
        pass
    after = datafile.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not store.backup_path(datafile).exists()


def test_the_new_text_is_on_disk_before_it_replaces_the_old(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(datafile, "A1")
    synced: list[tuple[str, bytes | None]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            synced.append(("folder", None))
        else:
            os.lseek(fd, 0, os.SEEK_SET)
            synced.append(("file", os.read(fd, 1 << 20)))

    monkeypatch.setattr(os, "fsync", fsync)
    with store.edit(datafile) as doc:
        store.section(doc, "calls")["B2"] = {"summary": "B2"}
        old = datafile.read_bytes()
    new = datafile.read_bytes()
    assert b"B2" in new
    # the new text is synced while the old file is still in place, then the folder's entry
    assert synced[0] == ("file", new)
    assert synced[-1] == ("folder", None)
    assert store.backup_path(datafile).read_bytes() == old


def test_a_failed_write_leaves_the_file_and_no_temp(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(datafile, "A1")
    before = datafile.read_bytes()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DataFileError) as e:
        _add(datafile, "B2")
    assert (
        str(e.value) == f"cannot write {datafile}: No space left on device; it was left as it was."
    )
    assert e.value.exit_code == 3
    assert datafile.read_bytes() == before
    assert not [p for p in datafile.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_interrupted_write_leaves_the_file_and_no_temp(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(datafile, "A1")
    before = datafile.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _add(datafile, "B2")
    assert datafile.read_bytes() == before
    assert not [p for p in datafile.parent.iterdir() if p.name.endswith(".tmp")]


def test_no_temp_file_can_be_made_says_why(datafile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def full(**kwargs: object) -> tuple[int, str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(DataFileError) as e:
        _add(datafile, "A1")
    assert str(e.value) == f"cannot write {datafile}: No space left on device."
    assert not datafile.exists()


def test_temp_files_of_a_killed_amex_are_removed_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "amex[1].toml"  # glob characters in the name are the name's own
    _add(path, "A1")
    stale = [".amex[1].toml.abc123.tmp", ".amex[1].toml.bak.4242.tmp"]
    kept = [".amex1.toml.x.tmp", ".other.toml.x.tmp", "amex[1].toml.x.tmp"]
    for name in stale + kept:
        (tmp_path / name).write_text("half")
    (tmp_path / ".amex[1].toml.dir.tmp").mkdir()
    (tmp_path / ".amex[1].toml.link.tmp").symlink_to(tmp_path / "amex[1].toml")
    _add(path, "B2")
    names = {p.name for p in tmp_path.iterdir()}
    assert not names & set(stale)
    assert set(kept) | {".amex[1].toml.dir.tmp", ".amex[1].toml.link.tmp"} <= names


def test_the_backup_is_private_even_of_a_file_made_by_hand(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text("[calls.A1]\n")
    datafile.chmod(0o644)
    _add(datafile, "B2")
    bak = store.backup_path(datafile)
    assert bak.read_text() == "[calls.A1]\n"
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600
    assert stat.S_IMODE(datafile.stat().st_mode) == 0o600


def test_without_hard_links_the_backup_is_a_private_copy(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(datafile, "A1")
    first = datafile.read_bytes()

    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    _add(datafile, "B2")
    bak = store.backup_path(datafile)
    assert bak.read_bytes() == first
    assert bak.stat().st_ino != datafile.stat().st_ino
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600
    assert not [p for p in datafile.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_backup_copy_that_fails_leaves_no_partial_copy(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(datafile, "A1")
    _add(datafile, "B2")
    before, bak = datafile.read_bytes(), store.backup_path(datafile).read_bytes()

    def no_links(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    real_fsync = os.fsync
    count = []

    def second_fsync_fails(fd: int) -> None:
        count.append(fd)
        if len(count) == 2:  # the first is the new file's, the second the backup copy's
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "fsync", second_fsync_fails)
    with pytest.raises(DataFileError) as e:
        _add(datafile, "C3")
    assert str(e.value).endswith(": No space left on device; it was left as it was.")
    assert (datafile.read_bytes(), store.backup_path(datafile).read_bytes()) == (before, bak)
    assert not [p for p in datafile.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_merged_file_is_replaced_with_nothing_kept_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "merged"
    path.write_bytes(b"old")
    store.write_merged(path, b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["merged"]


def test_a_read_only_file_is_not_replaced(datafile: Path) -> None:
    _add(datafile, "A1")
    before = datafile.read_bytes()
    datafile.chmod(0o400)
    with pytest.raises(DataFileError) as e:
        _add(datafile, "B2")
    assert str(e.value) == (
        f"{datafile} is read-only (mode 0400): amex does not replace a file you protected. "
        "Allow it with `chmod u+w`; nothing was changed."
    )
    assert datafile.read_bytes() == before
    datafile.chmod(0o200)  # write-only is still the user's to replace
    _add(datafile, "B2")


def test_a_folder_that_cannot_be_made_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(
        self: Path, mode: int = 0o777, parents: bool = False, exist_ok: bool = False
    ) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", denied)
    with pytest.raises(DataFileError) as e:
        _add(tmp_path / "new" / "amex.toml", "A1")
    assert str(e.value) == (
        f"cannot create the folder {tmp_path / 'new'}: Permission denied. "
        "Choose another data file with --file or AMEX_FILE."
    )


# The lock


def _hold_lock(path: Path, how: int) -> int:
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(store.lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, how)
    return fd


def test_a_reader_holding_the_lock_keeps_a_writer_out(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", "0.1")
    fd = _hold_lock(datafile, fcntl.LOCK_SH)
    try:
        with pytest.raises(DataFileError) as e:
            _add(datafile, "A1")
    finally:
        os.close(fd)
    assert str(e.value) == (
        f"{datafile} is locked by another amex; gave up after 0.1 s. "
        "Try again when it has finished."
    )
    assert not datafile.exists()


def test_the_lock_is_held_while_the_change_is_made(datafile: Path) -> None:
    import fcntl

    with store.edit(datafile) as doc:
        fd = os.open(store.lock_path(datafile), os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        finally:
            os.close(fd)
        store.section(doc, "calls")["A1"] = {}
    fd = _hold_lock(datafile, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released after the write
    os.close(fd)


def test_a_lock_freed_while_waiting_is_taken(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import threading

    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", "5")
    fd = _hold_lock(datafile, fcntl.LOCK_EX)
    timer = threading.Timer(0.3, os.close, (fd,))
    timer.start()
    _add(datafile, "A1")
    timer.join()
    assert b"A1" in datafile.read_bytes()


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "ten"])
def test_a_lock_timeout_must_be_a_finite_number_of_seconds(
    datafile: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", value)
    with pytest.raises(InputError) as e:
        _add(datafile, "A1")
    assert str(e.value) == "AMEX_LOCK_TIMEOUT must be a number of seconds, e.g. 10."
    assert e.value.exit_code == 2


def test_a_lock_timeout_of_zero_still_takes_a_free_lock(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMEX_LOCK_TIMEOUT", "0")
    _add(datafile, "A1")
    monkeypatch.delenv("AMEX_LOCK_TIMEOUT")
    _add(datafile, "B2")  # the default
    assert b"B2" in datafile.read_bytes()


def test_a_lock_file_that_cannot_be_made_says_why(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    store.lock_path(datafile).mkdir()
    with pytest.raises(DataFileError) as e:
        _add(datafile, "A1")
    assert str(e.value) == f"cannot lock {datafile}: Is a directory."


def test_the_files_beside_the_data_file(datafile: Path) -> None:
    _add(datafile, "A1")
    _add(datafile, "B2")
    assert sorted(p.name for p in datafile.parent.iterdir()) == [
        "amex.toml", "amex.toml.bak", "amex.toml.history", "amex.toml.lock"
    ]  # fmt: skip


def test_records_are_in_key_order_ignoring_case() -> None:
    doc: store.Document = {"calls": {"b2": {}, "A1": {}, "B1": {}, "a1": {}}}
    assert store.dump(doc).decode().split() == [
        "[calls.A1]", "[calls.a1]", "[calls.B1]", "[calls.b2]"
    ]  # fmt: skip


def test_a_file_where_the_data_folder_should_be_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(DataFileError) as e:
        _add(blocker / "amex.toml", "A1")
    assert str(e.value) == (
        f"cannot create the folder {blocker}: a file stands in its place. "
        "Move it, or choose another data file with --file or AMEX_FILE."
    )
    assert e.value.exit_code == 3


def _die_at_fsync(path: Path, n: int, *, links: bool = True) -> None:
    """Run a write in a child process that dies at its n-th fsync, as if killed there."""
    import multiprocessing

    def child() -> None:
        calls = []

        def fsync(fd: int) -> None:
            calls.append(fd)
            if len(calls) == n:
                os._exit(9)

        def no_link(src: object, dst: object) -> None:
            raise OSError(1, "Operation not permitted")

        os.fsync = fsync  # type: ignore[assignment]
        if not links:
            os.link = no_link  # type: ignore[assignment]
        _add(path, "DEAD")
        os._exit(0)

    proc = multiprocessing.get_context("fork").Process(target=child)
    proc.start()
    proc.join(timeout=60)
    assert proc.exitcode == 9


@pytest.mark.parametrize(("n", "links"), [(1, True), (2, False)])
def test_temp_files_of_a_write_killed_midway_are_cleared_by_the_next(
    datafile: Path, n: int, links: bool
) -> None:
    _add(datafile, "A1")
    _add(datafile, "B2")
    before = datafile.read_bytes()
    _die_at_fsync(datafile, n, links=links)  # 1: the new file's; 2: the backup copy's
    assert datafile.read_bytes() == before
    assert [p.name for p in datafile.parent.iterdir() if p.name.endswith(".tmp")]
    _add(datafile, "C3")
    assert b"DEAD" not in datafile.read_bytes()
    left = [
        p.name
        for p in datafile.parent.iterdir()
        if p.name
        not in (
            "amex.toml",
            "amex.toml.bak",
            "amex.toml.history",
            "amex.toml.keys",
            "amex.toml.lock",
        )
    ]
    assert left == []


def test_temp_files_stay_beside_the_data_file(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TMPDIR on another file system (tmpfs) cannot take part in an atomic rename."""
    import tempfile

    shm = Path("/dev/shm")  # noqa: S108
    elsewhere = shm if shm.is_dir() else datafile.parent
    with tempfile.TemporaryDirectory(dir=elsewhere) as tmp:
        monkeypatch.setattr(tempfile, "tempdir", tmp)
        _add(datafile, "A1")
        monkeypatch.setattr(os, "link", lambda src, dst: (_ for _ in ()).throw(OSError(1, "no")))
        _add(datafile, "B2")  # the backup is a copy: beside the file too
        assert list(Path(tmp).iterdir()) == []
    assert b"A1" in store.backup_path(datafile).read_bytes()


def test_a_failed_write_whose_temp_cannot_be_removed_still_says_why(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(datafile, "A1")
    before = datafile.read_bytes()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    def stuck(self: Path, missing_ok: bool = False) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", full)
    monkeypatch.setattr(Path, "unlink", stuck)
    with pytest.raises(DataFileError) as e:
        _add(datafile, "B2")
    assert (
        str(e.value) == f"cannot write {datafile}: No space left on device; it was left as it was."
    )

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _add(datafile, "B2")
    assert datafile.read_bytes() == before


def test_a_folder_that_cannot_be_synced_does_not_fail_the_write(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:  # some file systems refuse fsync on a folder (EINVAL)
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(22, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    _add(datafile, "A1")
    _add(datafile, "B2")
    assert b"B2" in datafile.read_bytes()


def test_a_stale_temp_that_cannot_be_removed_does_not_stop_a_write(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    datafile.parent.mkdir(parents=True)
    stale = datafile.parent / ".amex.toml.other-user.tmp"  # e.g. another user's, sticky folder
    stale.write_text("half")
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self == stale:
            raise PermissionError(1, "Operation not permitted")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    _add(datafile, "A1")
    assert b"A1" in datafile.read_bytes() and stale.exists()


# Restore


def test_restore_keeps_the_replaced_file_as_the_backup(datafile: Path) -> None:
    _add(datafile, "A1")
    first = datafile.read_bytes()
    _add(datafile, "B2")
    second = datafile.read_bytes()
    current, version, name = store.restore_sources(datafile)
    assert (current, version) == (second, first)
    assert re.fullmatch(r"version 1 \(\d{4}-\d\d-\d\d \d\d:\d\d\)", name), name
    store.restore(datafile, current=current, version=version)
    assert datafile.read_bytes() == first
    assert store.backup_path(datafile).read_bytes() == second
    assert stat.S_IMODE(datafile.stat().st_mode) == 0o600


def test_restore_into_a_missing_file_keeps_no_backup(datafile: Path) -> None:
    store.restore(datafile, current=None, version=b"[calls.A1]\n")
    assert datafile.read_bytes() == b"[calls.A1]\n"
    assert not store.backup_path(datafile).exists()


def test_restore_is_refused_on_a_read_only_file(datafile: Path) -> None:
    _add(datafile, "A1")
    current = datafile.read_bytes()
    datafile.chmod(0o400)
    with pytest.raises(DataFileError) as e:
        store.restore(datafile, current=current, version=b"")
    assert str(e.value).startswith(f"{datafile} is read-only (mode 0400)")
    assert datafile.read_bytes() == current


def test_restore_is_refused_when_the_file_went_away_meanwhile(datafile: Path) -> None:
    _add(datafile, "A1")
    current = datafile.read_bytes()
    datafile.unlink()
    with pytest.raises(DataFileError) as e:
        store.restore(datafile, current=current, version=b"")
    assert str(e.value) == f"{datafile} changed meanwhile; run `amex data restore` again."
    assert not datafile.exists()


def test_a_new_data_folder_is_private_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with a umask of 0 no other user can write in the new folder before its chmod."""
    folder = tmp_path / "new"
    seen: list[int] = []
    real_chmod = Path.chmod

    def chmod(self: Path, mode: int, **kwargs: bool) -> None:
        if self == folder:
            seen.append(stat.S_IMODE(self.stat().st_mode))
        real_chmod(self, mode, **kwargs)

    monkeypatch.setattr(Path, "chmod", chmod)
    old = os.umask(0)
    try:
        _add(folder / "amex.toml", "A1")
    finally:
        os.umask(old)
    assert seen == [0o700]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_names_that_only_look_like_conflict_copies_are_not(tmp_path: Path) -> None:
    """Each shape is its head, anything, its tail: `amex.sync-conflict-*.toml` and the like."""
    names = ["amex.sync-conflict-.toml"]  # `*` may match nothing, as in a glob
    others = [
        "amex (conflicted copy 1).txt",  # the right head, another tail
        "amex-sync-conflict-20261126.toml",  # the right tail, another head
        "amex.toml.sync-conflict",  # shorter than its head
    ]
    for name in names + others:
        (tmp_path / name).write_text("")
    assert store.conflict_copies(tmp_path / "amex.toml") == [tmp_path / n for n in names]


def test_a_conflict_copy_is_told_by_the_middle_of_its_name(tmp_path: Path) -> None:
    (tmp_path / "x (foo).conflicted copy").write_text("")  # the tail is the file's own suffix
    (tmp_path / "x (Dana's conflicted copy).conflicted copy").write_text("")
    assert store.conflict_copies(tmp_path / "x.conflicted copy") == [
        tmp_path / "x (Dana's conflicted copy).conflicted copy"
    ]
