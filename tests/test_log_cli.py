"""The reference-number log through the installed `amex` (and in-process where noted)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import tomllib
from pathlib import Path

import pytest

from conftest import AMEX, Run

CARD = "3782 822463 10005"  # Amex's published test number, Luhn-valid


@pytest.fixture
def logged(run: Run) -> Run:
    assert run("cards", "add", "plat", "--product", "Platinum Card").returncode == 0
    for args in (
        ["A1B2C3", "--date", "2026-03-20T19:05", "--card", "plat", "--dept", "retention",
         "--channel", "phone", "--rep", "Dana", "--summary", "Asked about the annual fee",
         "--promise", "30k MR within 2 statements", "--follow-up", "2026-05-20"],
        ["CHAT-9", "--date", "2026-04-02", "--dept", "general", "--channel", "chat",
         "--summary", "Late fee waived", "--follow-up", "2026-04-30"],
        ["D-77", "--date", "2026-05-01T08:00", "--dept", "dispute", "--channel", "app",
         "--summary", "Disputed a $40 charge"],
    ):  # fmt: skip
        r = run("log", "add", *args)
        assert (r.returncode, r.stdout) == (0, ""), r.stderr
        # a script writes nothing to stderr, but that a follow-up has passed since (the real date)
        assert all(w.startswith("amex: warning: the follow-up") for w in r.stderr.splitlines())
    return run


def refs(r: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.split("\t")[0] for line in r.stdout.splitlines()]


def test_list_newest_first_with_filters(logged: Run) -> None:
    assert refs(logged("log", "list")) == ["D-77", "CHAT-9", "A1B2C3"]
    assert refs(logged("log", "list", "--card", "plat")) == ["A1B2C3"]
    assert refs(logged("log", "list", "--dept", "GENERAL")) == ["CHAT-9"]
    assert refs(logged("log", "list", "--channel", "app")) == ["D-77"]
    assert refs(logged("log", "list", "--since", "2026-04-02", "--until", "2026-04-30")) == [
        "CHAT-9"
    ]
    assert refs(logged("log", "list", "--limit", "1")) == ["D-77"]


def test_plain_columns_and_json_fields(logged: Run) -> None:
    line = logged("log", "list", "--card", "plat").stdout
    assert line == (
        "A1B2C3\t2026-03-20T19:05\tplat\tretention\tphone\tDana\t2026-05-20\t"
        "Asked about the annual fee\tfalse\t30k MR within 2 statements\n"
    )
    [entry] = json.loads(logged("log", "list", "--card", "plat", "--json").stdout)
    assert entry == {
        "ref": "A1B2C3", "at": "2026-03-20T19:05", "card": "plat", "department": "retention",
        "channel": "phone", "rep": "Dana", "summary": "Asked about the annual fee",
        "promise": "30k MR within 2 statements", "follow_up": "2026-05-20", "done": False,
        "expect": None, "credited": None, "credit_ref": None,
    }  # fmt: skip


def test_show_search_edit_done_rm(logged: Run, datafile: Path) -> None:
    shown = json.loads(logged("log", "show", "a1b2c3", "--json").stdout)
    assert shown["ref"] == "A1B2C3"
    assert refs(logged("log", "search", "LATE FEE")) == ["CHAT-9"]
    assert refs(logged("log", "search", "dana")) == ["A1B2C3"]
    r = logged("log", "search", "nothing like this")
    assert (r.returncode, r.stdout) == (1, "")
    assert "nothing like this" in r.stderr
    r = logged("log", "search", "nothing like this", "--json")
    assert (r.returncode, r.stdout.strip()) == (1, "[]")

    assert logged("log", "edit", "CHAT-9", "--rep", "Sam", "--summary", "").returncode == 0
    entry = tomllib.loads(datafile.read_text())["calls"]["CHAT-9"]
    assert entry["rep"] == "Sam"
    assert "summary" not in entry

    assert logged("log", "done", "A1B2C3").returncode == 0
    assert json.loads(logged("log", "show", "A1B2C3", "--json").stdout)["done"] is True
    assert logged("log", "edit", "A1B2C3", "--follow-up", "2026-06-01").returncode == 0
    assert json.loads(logged("log", "show", "A1B2C3", "--json").stdout)["done"] is False

    r = logged("log", "rm", "D-77")
    assert r.returncode == 2 and "--yes" in r.stderr
    assert "D-77" in tomllib.loads(datafile.read_text())["calls"]
    assert logged("log", "rm", "d-77", "--yes").returncode == 0
    assert "D-77" not in tomllib.loads(datafile.read_text())["calls"]


def test_due_for_cron(logged: Run) -> None:
    r = logged("log", "due", "--as-of", "2026-05-20")
    assert refs(r) == ["CHAT-9", "A1B2C3"]  # oldest first
    assert logged("log", "done", "CHAT-9").returncode == 0
    assert refs(logged("log", "due", "--as-of", "2026-05-20")) == ["A1B2C3"]
    r = logged("log", "due", "--as-of", "2026-04-01")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == "amex: no follow-up due by 2026-04-01.\n"
    r = logged("log", "due", "--as-of", "2026-04-01", "--json")
    assert (r.returncode, json.loads(r.stdout)) == (1, [])


def test_summary_from_stdin(run: Run) -> None:
    r = run("log", "add", "R1", "--summary", "-", input="first line\nsecond line\n")
    assert r.returncode == 0
    assert json.loads(run("log", "show", "R1", "--json").stdout)["summary"] == (
        "first line\nsecond line"
    )
    assert run("log", "show", "R1", "--plain").stdout.endswith(
        "first line\\nsecond line\tfalse\t\n"
    )


def test_date_alone_means_midnight_and_default_is_now(run: Run) -> None:
    run("log", "add", "R1", "--date", "2026-01-02")
    assert json.loads(run("log", "show", "R1", "--json").stdout)["at"] == "2026-01-02T00:00"
    run("log", "add", "R2")
    at = json.loads(run("log", "show", "R2", "--json").stdout)["at"]
    assert len(at) == len("2026-01-02T00:00")


def test_card_numbers_never_reach_the_file(run: Run, datafile: Path) -> None:
    r = run(
        "log", "add", "R1", "--rep", CARD, "--summary", f"card {CARD}",
        "--promise", CARD.replace(" ", "-"), "--dept", CARD.replace(" ", ""),
    )  # fmt: skip
    assert r.returncode == 0
    assert r.stderr.count("warning") == 4
    run("log", "edit", "R1", "--summary", CARD)
    export = run("log", "export", "--format", "csv").stdout.replace(",", "\n")
    payload = json.dumps([{"ref": "R2", "at": "2026-01-01", "summary": CARD}])
    run("log", "import", "-", input=payload)
    text = datafile.read_text()
    for written in (text, export):
        digits = "".join(ch for ch in written if ch.isdigit() or ch == "\n")
        assert "378282246310005" not in digits
    assert "10005" in text


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip(run: Run, tmp_path: Path, fmt: str) -> None:
    awkward = 'Comma, "quotes", tab\tand\nnew line; café ✓ 日本'
    run("cards", "add", "plat", "--product", "Platinum Card")
    run("log", "add", "R,1", "--date", "2026-01-02T03:04", "--card", "plat", "--summary", awkward,
        "--promise", "\\backslash", "--follow-up", "2026-02-01", "--channel", "mail")  # fmt: skip
    run("log", "add", "R2", "--date", "2026-01-03", "--rep", "Zoë")
    run("log", "done", "R2")
    exported = run("log", "export", "--format", fmt)
    assert exported.returncode == 0
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(exported.stdout)))
        assert rows[0]["summary"] == awkward
    before = json.loads(run("log", "export").stdout)
    fresh = tmp_path / "fresh.toml"
    r = run("--file", str(fresh), "log", "import", "-", input=exported.stdout)
    assert r.returncode == 0, r.stderr
    assert "plat" in r.stderr  # an unregistered card is kept and counted in a warning
    after = json.loads(run("--file", str(fresh), "log", "export").stdout)
    assert after == before


def test_import_duplicates_skipped_or_replaced(logged: Run, tmp_path: Path) -> None:
    rows = [{"ref": "a1b2c3", "at": "2026-01-01T00:00", "summary": "new text"},
            {"ref": "NEW-1", "at": "2026-01-01T00:00"}]  # fmt: skip
    r = logged("log", "import", "-", input=json.dumps(rows))
    assert r.returncode == 0
    assert "skipped 1" in r.stderr
    assert json.loads(logged("log", "show", "A1B2C3", "--json").stdout)["rep"] == "Dana"
    r = logged("log", "import", "-", "--replace", input=json.dumps(rows))
    assert r.returncode == 0
    assert json.loads(logged("log", "show", "a1b2c3", "--json").stdout)["summary"] == "new text"
    assert len(json.loads(logged("log", "list", "--json").stdout)) == 4


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('[{"ref": "X1", "at": "2026-01-01"}, {"ref": "X2", "at": "2026-02-30"}]', "row 2"),
        ("ref,at\nX1,2026-01-01\n,2026-01-01\n", "row 2"),
        ("ref,at,channel\nX1,2026-01-01,pigeon\n", "row 1"),
        ('[{"ref": "X1", "at": "2026-01-01"}, {"ref": "x1", "at": "2026-01-01"}]', "row 2"),
        ('[{"ref": "X1", "at": "2026-01-01", "colour": "red"}]', "colour"),
        ("{not json", "JSON"),
        ("no header at all\n", "header"),
    ],
)
def test_one_bad_row_imports_nothing(
    logged: Run, datafile: Path, payload: str, message: str
) -> None:
    before = datafile.read_bytes()
    r = logged("log", "import", "-", input=payload)
    assert r.returncode == 2
    assert message in r.stderr
    assert datafile.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["log", "add", "a1b2c3"],
        ["log", "add", "  "],
        ["log", "add", "NEW", "--date", "2026-02-30"],
        ["log", "add", "NEW", "--date", "2026-01-01T25:00"],
        ["log", "add", "NEW", "--follow-up", "next week"],  # tomorrow is a date now
        ["log", "add", "NEW", "--channel", "pigeon"],
        ["log", "add", "NEW", "--card", "gold"],
        ["log", "edit", "NOPE", "--rep", "x"],
        ["log", "edit", "A1B2C3"],
        ["log", "done", "NOPE"],
        ["log", "rm", "NOPE", "--yes"],
        ["log", "show", "NOPE"],
        ["log", "list", "--since", "2026-13-01"],
        ["log", "export", "--format", "xml"],
        ["log", "import", "/no/such/file.json"],
    ],
)
def test_rejected_commands_exit_2_and_leave_the_file(
    logged: Run, datafile: Path, args: list[str]
) -> None:
    logged.rejected(datafile, *args)


def test_unknown_card_says_how_to_add_it(logged: Run) -> None:
    assert "amex cards add gold" in logged("log", "add", "N", "--card", "gold").stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"[calls.X\n", "line 1"), (b"schema_version = 99\n", "newer amex")],
)
def test_unusable_file_exit_3_unchanged(
    run: Run, datafile: Path, content: bytes, needle: str
) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_bytes(content)
    for args in (["log", "add", "R1"], ["log", "import", "-"]):
        r = run(*args, input="[]")
        assert r.returncode == 3
        assert needle in r.stderr
        assert datafile.read_bytes() == content


def test_unwritable_place_exit_3(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    r = run("--file", str(blocker / "amex.toml"), "log", "add", "R1")
    assert r.returncode == 3
    assert "a file stands in its place" in r.stderr
    assert blocker.read_text() == "a file, not a folder"


def test_missing_folder_is_created(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "amex.toml"
    assert run("--file", str(target), "log", "add", "R1").returncode == 0
    assert "R1" in tomllib.loads(target.read_text())["calls"]


@pytest.mark.slow
def test_twenty_log_adds_at_once(datafile: Path) -> None:
    assert AMEX
    procs = [
        subprocess.Popen([AMEX, "log", "add", f"REF-{i}", "--summary", f"call {i}"],
                         env=os.environ.copy(), stderr=subprocess.PIPE)
        for i in range(20)
    ]  # fmt: skip
    assert [p.wait(timeout=120) for p in procs] == [0] * 20
    calls = tomllib.loads(datafile.read_text())["calls"]
    assert sorted(calls) == sorted(f"REF-{i}" for i in range(20))


def test_in_process_add_and_list(cli, datafile: Path) -> None:  # type: ignore[no-untyped-def]
    r = cli("log", "add", "IP-1", "--date", "2026-01-01T10:00", "--summary", "in process")
    assert r.exit_code == 0, r.output
    r = cli("log", "list", "--plain")
    assert r.stdout == "IP-1\t2026-01-01T10:00\t\t\t\t\t\tin process\tfalse\t\n"
    r = cli("log", "add", "ip-1")
    assert r.exit_code == 2
    assert "already in the log" in r.stderr


def test_entries_keep_the_key_of_a_removed_card(logged: Run) -> None:
    assert logged("cards", "rm", "plat", "--yes").returncode == 0
    assert refs(logged("log", "list", "--card", "plat")) == ["A1B2C3"]
    assert logged("log", "show", "A1B2C3", "--plain").stdout.split("\t")[2] == "plat"
