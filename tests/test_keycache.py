"""The TAB cache (in the cache folder): used while it matches, ignored after any other change."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from amexcli import complete_data, keycache, store
from conftest import AMEX, Run, hand_edit


def tab(kind: str, *extra: str) -> list[str]:
    assert AMEX
    r = subprocess.run(
        [AMEX, "__complete", kind, *extra], capture_output=True, text=True, check=True
    )
    assert r.stderr == ""
    return r.stdout.splitlines()


@pytest.fixture
def logged(run: Run, datafile: Path) -> Path:
    for args in (
        ["cards", "add", "plat", "--product", "Platinum Card"],
        ["log", "add", "A1B2C3"],
        ["log", "add", "CHAT-9"],
        ["retention", "add", "plat", "--date", "2025-01-01", "--declined"],
    ):
        assert run(*args).returncode == 0
    return datafile


def cache(datafile: Path) -> Path:
    return Path(keycache.cache_path(str(datafile)))


def test_every_write_leaves_a_private_cache_that_tab_uses(logged: Path) -> None:
    assert keycache.keys(str(logged), "calls") == ["A1B2C3", "CHAT-9"]
    assert keycache.keys(str(logged), "cards") == ["plat"]
    assert keycache.keys(str(logged), "numbers") == []  # no such table: nothing to offer
    assert cache(logged).stat().st_mode & 0o777 == 0o600
    # TAB answers from the cache: poison what it holds (keeping the file's identity) and see it
    raw = cache(logged).read_bytes().replace(b"CHAT-9", b"CHAT-8")
    cache(logged).write_bytes(raw)
    assert tab("refs") == ["A1B2C3", "CHAT-8"]


def test_a_hand_edit_that_keeps_size_inode_and_mtime_is_seen(logged: Path) -> None:
    hand_edit(logged, b"CHAT-9", b"CHAT-7")
    assert tab("refs") == ["A1B2C3", "CHAT-7"]
    assert keycache.keys(str(logged), "calls") == ["A1B2C3", "CHAT-7"]  # TAB rewrote it


def test_other_changes_behind_amex_s_back_are_seen(logged: Path, tmp_path: Path) -> None:
    with logged.open("a") as f:  # a new entry appended by hand: the size changes
        f.write("\n[calls.HAND-1]\nat = 2026-01-01T10:00:00\n")
    assert tab("refs") == ["A1B2C3", "CHAT-9", "HAND-1"]
    other = tmp_path / "copy.toml"  # a file put in its place: a new inode
    other.write_text('[calls.ONLY-1]\nat = 2026-01-01T10:00:00\n[cards.gold]\nproduct = "G"\n')
    other.replace(logged)
    assert tab("refs") == ["ONLY-1"]
    assert tab("cards") == ["gold"]
    logged.unlink()
    assert tab("refs") == []


def test_deleting_or_tearing_the_cache_loses_nothing(logged: Path, run: Run) -> None:
    before = logged.read_bytes()
    cache(logged).unlink()
    assert tab("refs") == ["A1B2C3", "CHAT-9"]
    assert len(tab("ids")) == 1
    assert logged.read_bytes() == before
    whole = cache(logged).read_bytes()  # written again by that TAB
    for torn in (whole[:-3], whole[:20], b"", b"garbage\n" + whole):
        cache(logged).write_bytes(torn)
        assert tab("refs") == ["A1B2C3", "CHAT-9"]
    assert run("log", "list", "--plain").stdout.count("\n") == 2


def test_tab_follows_the_file_option(logged: Path, run: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    run("--file", str(other), "log", "add", "OTHER-1")
    assert tab("refs", str(other)) == ["OTHER-1"]
    assert tab("refs") == ["A1B2C3", "CHAT-9"]


def test_a_symlinked_data_file_shares_its_target_s_cache(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "real" / "amex.toml"
    target.parent.mkdir()
    target.write_text("")
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    monkeypatch.setenv("AMEX_FILE", str(link))
    assert run("log", "add", "LINKED-1").returncode == 0
    assert tab("refs") == ["LINKED-1"]
    # one cache for the file itself, whichever name TAB is given
    assert cache(link) == cache(target) and cache(target).exists()
    assert not Path(os.path.realpath(link) + ".keys").exists()


@pytest.mark.parametrize(
    "env",
    [
        {"XDG_DATA_HOME": "/x/data", "HOME": "/home/u"},
        {"XDG_DATA_HOME": "", "HOME": "/home/u"},
        {"XDG_DATA_HOME": "relative", "HOME": "/home/u"},
    ],
)
def test_tab_finds_the_default_file_where_amex_does(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AMEX_FILE")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert complete_data.data_path(None) == str(store.resolve_path(None))


def test_tab_prints_only_what_starts_with_the_word_typed(logged: Path) -> None:
    assert tab("refs", "", "CH") == ["CHAT-9"]
    assert tab("refs", "", "X") == []
    assert tab("cards", "", "p") == ["plat"]
    cache(logged).unlink()  # the same from a parse
    assert tab("refs", "", "A1") == ["A1B2C3"]


def test_tab_never_prints_control_characters_from_a_hand_edited_file(logged: Path) -> None:
    """Keys a person typed into the file by hand: ESC sequences, a CR, a newline, a bidi
    control, a NUL. TAB offers none of them (a shell would act on them) and prints markup as
    the text it is, from a parse and from the cache alike."""
    hostile = [
        "\x1b[31mRED",  # colour
        "\x1b]0;title\x07",  # the terminal's title
        "CR\rX",
        "NEW\nLINE",
        "BIDI\u202eX",
        "NUL\x00X",
    ]
    with logged.open("a") as f:
        for n, key in enumerate(hostile):
            escaped = key.encode("unicode_escape").decode().replace("\\x", "\\u00")
            f.write(f'\n[calls."{escaped}"]\nat = 2026-01-0{n + 1}T10:00:00\n')
        f.write('\n[cards."[bold]x[/bold]"]\nproduct = "P"\n[cards."\\u001b[2Jwipe"]\n')
        f.write('product = "P"\n')
    assert [k for k in store.read(logged)["calls"] if k in hostile] == hostile  # as written
    for attempt in ("parsed", "cached"):
        for kind in ("refs", "cards", "ids", "numbers"):
            r = subprocess.run(
                [AMEX or "amex", "__complete", kind], capture_output=True, check=True
            )
            assert r.stderr == b"", attempt
            text = r.stdout.decode("utf-8")
            assert all(line.isprintable() for line in text.split("\n")), (attempt, kind, text)
        assert tab("refs") == ["A1B2C3", "CHAT-9"], attempt
        assert tab("cards") == ["[bold]x[/bold]", "plat"], attempt
        assert cache(logged).exists()
