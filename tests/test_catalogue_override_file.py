"""The catalogue override is read as every file beside the data is: a regular file only, opened
without blocking, bounded; a link to a regular file (dotfiles) is read."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from amexcli.commands import _catalogue
from amexcli.errors import DataFileError
from conftest import InProcess

CARD = """
[cards.mine]
name = "Mine Card"
kind = "consumer"
source = "https://example.com/m"
checked = 2026-01-01
"""


def where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = tmp_path / "config" / "amexcli" / "catalogue.toml"
    path.parent.mkdir(parents=True)
    return path


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_what_is_not_a_regular_file_is_refused_at_once(
    run: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    path = where(tmp_path, monkeypatch)
    {"fifo": os.mkfifo, "dev-zero": lambda p: p.symlink_to("/dev/zero"), "folder": os.mkdir}[kind](
        path
    )
    r = run("cards", "catalogue")
    assert r.returncode == 3 and "is not a regular file" in r.stderr, r.stderr


def test_a_file_where_its_folder_should_be_is_refused(
    run: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = where(tmp_path, monkeypatch)
    path.parent.rmdir()
    path.parent.write_text("not a folder")
    r = run("cards", "catalogue")
    assert r.returncode == 3 and "cannot be read (Not a directory)" in r.stderr


def test_a_link_to_a_regular_file_is_read(
    run: InProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "dotfiles" / "catalogue.toml"
    real.parent.mkdir()
    real.write_text(CARD)
    where(tmp_path, monkeypatch).symlink_to(real)
    r = run("cards", "catalogue", "mine", "--plain")
    assert r.returncode == 0 and r.stdout.startswith("mine\t"), r.stderr


def test_a_fifo_that_passes_a_check_by_name_never_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is checked is what was opened: a FIFO put in place after a stat() by name (here, a
    stat() that says a regular file) does not hang the command."""
    path = where(tmp_path, monkeypatch)
    os.mkfifo(path)
    regular = (tmp_path / "config" / "amexcli").stat()  # any stat ...
    fake = os.stat_result((0o100644, *tuple(regular)[1:]))  # ... as a regular file's
    real_stat = Path.stat
    monkeypatch.setattr(
        Path, "stat", lambda self, **kw: fake if self == path else real_stat(self, **kw)
    )
    got: list[BaseException] = []

    def load() -> None:
        try:
            _catalogue.load()
        except BaseException as e:
            got.append(e)

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # let the blocked open return, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
        pytest.fail("reading the override blocked on a FIFO")
    assert len(got) == 1 and isinstance(got[0], DataFileError)
    assert "is not a regular file" in str(got[0])
