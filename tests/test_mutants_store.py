"""The data file's decisions, each on its own: which copies are sync conflicts, when the warning
is said, which files are refused and how, what a restore takes. Found by mutation testing
(README "Development")."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from amexcli import store
from amexcli.errors import DataFileError, InputError


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
    for n in (1, 2):
        (tmp_path / f"amex (conflicted copy {n}).toml").write_text("")
    # the stamp is written with the real clock: a day far ahead has not been warned yet
    three = store.sync_conflict_warning(path, today=date(2999, 1, 1))
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
