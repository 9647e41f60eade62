"""The data file in real setups, and bad input that used to end in a traceback.

Through the installed `amex`. Each test failed on the main of 2026-11-26: a symlink replaced by a
regular file, a read-only file overwritten, a FIFO waited on forever, a 0644 backup, temp files
left by a kill, `data check` saying "not created yet" where nothing can be created, tracebacks.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from amexcli import store
from tests.conftest import AMEX, Run


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _add(run: Run, ref: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run("log", "add", ref, "--date", "2026-03-20T19:05", env=env or None)


# --- 5. symlinks -------------------------------------------------------------------------


def test_a_symlinked_file_is_written_through_to_its_target(run: Run, tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox" / "amex.toml"
    synced.parent.mkdir()
    link = tmp_path / "home" / "amex.toml"
    link.parent.mkdir()
    link.symlink_to(synced)
    for ref in ("R1", "R2"):
        assert _add(run, ref, AMEX_FILE=str(link)).returncode == 0
    assert link.is_symlink()  # still the link the user made
    assert "R1" in synced.read_text() and "R2" in synced.read_text()
    assert store.backup_path(synced).exists()  # the backup and lock beside the target
    assert not store.backup_path(link).exists()
    assert sorted(p.name for p in link.parent.iterdir()) == ["amex.toml"]
    r = run("data", "restore", "--yes", env={"AMEX_FILE": str(link)})
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and "R2" not in synced.read_text()


# --- 6. what the user protected ------------------------------------------------------------


def test_a_read_only_file_is_refused_not_replaced(run: Run, datafile: Path) -> None:
    assert _add(run, "R1").returncode == 0
    assert _add(run, "R0").returncode == 0  # a backup to restore
    datafile.chmod(0o400)
    before = datafile.read_bytes()
    r = _add(run, "R2")
    assert r.returncode == 3
    assert "read-only" in r.stderr and "Traceback" not in r.stderr
    assert datafile.read_bytes() == before
    assert _mode(datafile) == 0o400
    assert run("data", "check").returncode == 3
    assert run("data", "restore", "--yes").returncode == 3


def test_a_fifo_is_refused_at_once_and_never_replaced(run: Run, datafile: Path) -> None:
    datafile.parent.mkdir()
    os.mkfifo(datafile)
    for args in (["log", "list"], ["log", "add", "R1"], ["data", "check"], ["cards", "list"]):
        start = time.monotonic()
        r = run(*args)
        assert r.returncode == 3, (args, r.stderr)
        assert "FIFO" in r.stderr
        assert time.monotonic() - start < 20
    assert AMEX
    # TAB completion answers (with nothing) rather than hanging the shell
    done = subprocess.run(
        [AMEX, "__complete", "refs"], capture_output=True, timeout=20, check=False
    )
    assert done.returncode == 0 and done.stdout == b""
    assert stat.S_ISFIFO(datafile.lstat().st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_is_never_replaced(run: Run, tmp_path: Path) -> None:
    null = tmp_path / "null"  # a /dev/null of our own, as AMEX_FILE=/dev/null under sudo
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    r = _add(run, "R1", AMEX_FILE=str(null))
    assert r.returncode == 3 and "device" in r.stderr
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "data") == ["null"]


@pytest.mark.parametrize("chosen", [".", "/", "..", "some/folder/"])
def test_a_folder_as_the_data_file_is_exit_3(run: Run, chosen: str) -> None:
    for args in (["log", "list"], ["log", "add", "R1"], ["data", "check"]):
        r = run(*args, env={"AMEX_FILE": chosen})
        assert r.returncode == 3, (args, r.stderr)
        assert "Traceback" not in r.stderr and r.stderr.count("\n") <= 2


# --- 7. private from the first byte ----------------------------------------------------------


def test_the_file_and_its_backup_are_0600_after_every_write_and_restore(
    run: Run, datafile: Path
) -> None:
    datafile.parent.mkdir()
    datafile.write_text("schema_version = 1\n")
    datafile.chmod(0o644)  # made by hand
    assert _add(run, "R1").returncode == 0
    assert _mode(datafile) == 0o600 and _mode(store.backup_path(datafile)) == 0o600
    store.backup_path(datafile).chmod(0o644)
    assert run("data", "restore", "--yes").returncode == 0
    assert _mode(datafile) == 0o600 and _mode(store.backup_path(datafile)) == 0o600


# --- 8. no leftovers -----------------------------------------------------------------------

SLOW_FSYNC = """
import os, sys, time
real = os.fsync
def slow(fd):
    sys.stderr.write("fsync\\n"); sys.stderr.flush(); time.sleep(30); real(fd)
os.fsync = slow
sys.argv = ["amex", "log", "add", "R1", "--date", "2026-03-20T19:05"]
from amexcli.__main__ import main
main()
"""


def _temps(folder: Path) -> list[str]:
    """Temp files anywhere under the data folder (the history's included)."""
    return sorted(str(p) for p in folder.rglob("*") if ".tmp" in p.name or "tmp" in p.suffix)


def test_sigterm_mid_write_leaves_no_temp_file(datafile: Path) -> None:
    datafile.parent.mkdir()
    datafile.write_text("schema_version = 1\n")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_FSYNC], stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    assert proc.stderr.readline() == "fsync\n"  # the temp file is written, not yet renamed
    assert [p for p in datafile.parent.iterdir() if p.name.endswith(".tmp")]
    proc.send_signal(signal.SIGTERM)
    err = proc.stderr.read()
    assert proc.wait(timeout=30) == 143
    assert "Traceback" not in err
    assert _temps(datafile.parent) == []
    assert datafile.read_text() == "schema_version = 1\n"


def test_the_next_write_removes_temp_files_a_kill_left(run: Run, datafile: Path) -> None:
    assert _add(run, "R1").returncode == 0
    folder = datafile.parent
    left = [folder / ".amex.toml.k2j3h4.tmp", folder / ".amex.toml.bak.4242.tmp"]
    for p in left:
        p.write_bytes(b"x" * 1000)  # what SIGKILL mid-write leaves
    others = [folder / ".other.toml.abc.tmp", folder / "notes.tmp", folder / ".amex.toml.keep"]
    for p in others:
        p.write_text("mine")
    assert _add(run, "R2").returncode == 0
    assert not any(p.exists() for p in left)
    assert all(p.read_text() == "mine" for p in others)  # not amex's: left alone


def test_a_full_disk_leaves_no_partial_backup(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.edit(datafile) as doc:
        doc["x"] = 1

    def no_link(*args: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    real_fdopen = os.fdopen

    class Full:
        def __init__(self, f: object) -> None:
            self.f = f

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> None:
            self.f.write(data[: len(data) // 2])  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "link", no_link)
    monkeypatch.setattr(os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    with pytest.raises(store.DataFileError, match="No space left"), store.edit(datafile) as doc:
        doc["x"] = 2
    assert _temps(datafile.parent) == []
    assert "x = 1" in datafile.read_text()


# --- 9. data check tells the truth ----------------------------------------------------------


def test_data_check_is_exit_3_where_nothing_can_be_written(run: Run, tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    r = run("data", "check", env={"AMEX_FILE": str(tmp_path / "blocker" / "amex.toml")})
    assert r.returncode == 3
    assert "a file stands" in r.stderr and "not created yet" not in r.stdout + r.stderr


# --- 10. bad input: one or two lines, never a traceback ------------------------------------


def _bad(r: subprocess.CompletedProcess[str], code: int = 2) -> None:
    assert r.returncode == code, r.stderr
    assert "Traceback" not in r.stderr
    assert 1 <= r.stderr.count("\n") <= 2, r.stderr


def test_a_non_utf8_argument_is_bad_input(datafile: Path) -> None:
    assert AMEX
    for argv in ([b"log", b"add", b"R\xff1"], [b"log", b"add", b"R1", b"--summary", b"caf\xe9"]):
        r = subprocess.run([AMEX.encode(), *argv], capture_output=True, timeout=60, check=False)
        out = subprocess.CompletedProcess(r.args, r.returncode, "", r.stderr.decode())
        _bad(out)
        assert "UTF-8" in out.stderr
    assert not datafile.exists()


def test_a_lone_surrogate_in_a_json_import_is_bad_input(run: Run, datafile: Path) -> None:
    text = '[{"ref": "R1", "at": "2026-03-20T19:05", "summary": "\\ud800"}]'
    _bad(run("log", "import", "-", input=text))
    assert not datafile.exists()


def test_deep_json_is_bad_input(run: Run, datafile: Path) -> None:
    _bad(run("log", "import", "-", input="[" * 100_000 + "]" * 100_000))
    _bad(run("log", "import", "-", input='[{"ref": ' + "[" * 50_000 + "]" * 50_000 + "}]"))
    assert not datafile.exists()


@pytest.mark.parametrize(
    "text",
    [
        "[" + ".".join(f"t{i}" for i in range(3000)) + "]\n",  # a deep table header
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    ],
    ids=["header", "arrays", "inline"],
)
def test_a_deeply_nested_file_is_exit_3_and_untouched(run: Run, datafile: Path, text: str) -> None:
    datafile.parent.mkdir()
    datafile.write_text("schema_version = 1\n" + text)
    before = datafile.read_bytes()
    for args in (["data", "check"], ["log", "add", "R1"], ["log", "list"]):
        _bad(run(*args), 3)
    assert datafile.read_bytes() == before


def test_a_pasted_chat_survives_csv_export_and_import(run: Run, tmp_path: Path) -> None:
    chat = "\n".join(f"line {i}: " + "blah " * 30 for i in range(1000))  # about 160 kB
    assert len(chat) > 140_000
    r = run("log", "add", "R1", "--date", "2026-03-20T19:05", "--summary", "-", input=chat)
    assert r.returncode == 0, r.stderr
    exported = run("log", "export", "--format", "csv").stdout
    other = tmp_path / "other.toml"
    r = run("log", "import", "-", input=exported, env={"AMEX_FILE": str(other)})
    assert r.returncode == 0, r.stderr
    got = run("log", "show", "R1", "--json", env={"AMEX_FILE": str(other)})
    assert json.loads(got.stdout)["summary"] == chat


def test_a_time_with_an_offset_beside_local_times(run: Run, datafile: Path) -> None:
    datafile.parent.mkdir()
    datafile.write_text(
        "schema_version = 1\n"
        "[calls.A]\nat = 2026-03-20T19:05:00\n"
        "[calls.B]\nat = 2026-03-21T10:00:00+02:00\n"
        "[calls.C]\nat = 2026-03-22T10:00:00Z\n"
    )
    for args in (
        ["log", "list"],
        ["log", "list", "--since", "2026-03-21"],
        ["next"],
        ["log", "due"],
    ):
        r = run(*args)
        assert r.returncode in (0, 1), (args, r.stderr)
        assert "Traceback" not in r.stderr
    assert [line.split("\t")[0] for line in run("log", "list").stdout.splitlines()] == [
        "C",
        "B",
        "A",
    ]


def test_a_nan_lock_timeout_is_bad_input(run: Run, datafile: Path) -> None:
    for value in ("nan", "inf", "-1"):
        start = time.monotonic()
        _bad(run("log", "add", "R1", env={"AMEX_LOCK_TIMEOUT": value}))
        assert time.monotonic() - start < 20
    assert not datafile.exists()


def test_a_refused_restore_is_one_error(run: Run, datafile: Path) -> None:
    assert _add(run, "R1").returncode == 0
    assert _add(run, "R2").returncode == 0
    _bad(run("data", "restore"))
    assert run("data", "restore").stderr.count("\n") == 1


def test_excel_csv_utf8_with_a_bom_imports(run: Run) -> None:
    text = "\ufeffref,at,summary\r\nR1,2026-03-20T19:05,café\r\n"
    r = run("log", "import", "-", input=text)
    assert r.returncode == 0, r.stderr
    assert json.loads(run("log", "show", "R1", "--json").stdout)["summary"] == "café"


# --- 11. refs that look the same are the same ----------------------------------------------


def test_refs_are_the_same_in_either_unicode_form_and_any_case(run: Run, datafile: Path) -> None:
    assert _add(run, "REF-\u00c5").returncode == 0  # precomposed
    decomposed = "ref-a\u030a"
    r = _add(run, decomposed)
    assert r.returncode == 2 and "already in the log" in r.stderr
    assert run("log", "show", decomposed).returncode == 0
    r = run("log", "import", "-", input=f'[{{"ref": "{decomposed}", "at": "2026-03-21T10:00"}}]')
    assert r.returncode == 0
    assert len(run("log", "list").stdout.splitlines()) == 1  # skipped, not a second entry


@pytest.mark.parametrize("bad", ["R\x001", "R\r1", "R\x1b[2J1", "R\u202e1"])
def test_a_ref_with_control_characters_is_refused(run: Run, datafile: Path, bad: str) -> None:
    row = json.dumps([{"ref": bad, "at": "2026-03-20T19:05"}])
    _bad(run("log", "import", "-", input=row))
    if "\x00" not in bad:  # no argument can hold a NUL
        _bad(run("log", "add", bad))
    assert not datafile.exists()


# --- 4. CSV formula injection --------------------------------------------------------------

FORMULAS = [
    "=HYPERLINK(\"https://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
    "'=already quoted", "''+twice", "'plain apostrophe", "plain",
]  # fmt: skip


def test_csv_cells_never_start_a_formula_and_import_undoes_it(run: Run, tmp_path: Path) -> None:
    import csv
    import io

    for i, text in enumerate(FORMULAS):
        r = run("log", "add", f"R{i}", "--date", "2026-03-20T19:05", "--summary", text)
        assert r.returncode == 0
    assert AMEX
    # bytes: text mode would turn the \r inside a quoted cell into \n
    done = subprocess.run(
        [AMEX, "log", "export", "--format", "csv"], capture_output=True, check=True
    )
    exported = done.stdout.decode()
    for row in csv.DictReader(io.StringIO(exported, newline="")):
        assert row["summary"][:1] not in ("=", "+", "-", "@", "\t", "\r"), row
    other = tmp_path / "other.toml"
    done = subprocess.run(
        [AMEX, "--file", str(other), "log", "import", "-"], input=done.stdout, check=False
    )
    assert done.returncode == 0
    back = json.loads(run("log", "export", env={"AMEX_FILE": str(other)}).stdout)
    assert sorted(c["summary"] for c in back) == sorted(FORMULAS)


# --- 12. log import is linear -------------------------------------------------------------


@pytest.mark.slow
def test_importing_100000_rows_takes_seconds(run: Run, datafile: Path) -> None:
    rows = "".join(f"R{i:06d},2026-03-20T19:05,call {i}\n" for i in range(100_000))
    start = time.monotonic()
    r = run("log", "import", "-", input="ref,at,summary\n" + rows)
    took = time.monotonic() - start
    assert r.returncode == 0, r.stderr
    assert took < 30, f"{took:.1f} s"  # main took about 5 minutes: quadratic in the log size
    assert datafile.read_text().count("[calls.") == 100_000
