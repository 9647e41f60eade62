"""The command contract through the installed `amex`: exit codes, streams, pipes, the data path."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ANSI, Run


def test_version_and_help(proc: Run) -> None:
    from amexcli import __version__

    r = proc("--version")
    assert (r.returncode, r.stdout, r.stderr) == (0, f"amex {__version__}\n", "")
    r = proc("--help")
    assert r.returncode == 0
    assert "numbers" in r.stdout
    assert "Show which number to call for what." in r.stdout


def test_python_dash_m(proc: Run) -> None:
    import subprocess
    import sys

    r = subprocess.run(
        [sys.executable, "-m", "amexcli", "numbers", "--abroad"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0
    assert r.stdout.split("\t")[2] == "1-336-393-1111"


def test_abroad_in_a_pipe_is_data_only(proc: Run) -> None:
    r = proc("numbers", "--abroad")
    assert r.returncode == 0
    assert r.stderr == ""
    assert ANSI not in r.stdout
    [line] = r.stdout.splitlines()
    key, label, number, _hours, note = line.split("\t")
    assert (key, number) == ("abroad", "1-336-393-1111")
    assert "collect" in label.lower()
    assert "collect" in note.lower()
    assert "back of your card" not in r.stdout  # hints are for a terminal only


def test_no_match_is_exit_1_with_nothing_on_stdout(proc: Run) -> None:
    r = proc("numbers", "zebra")
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr.startswith("amex: ") and "zebra" in r.stderr
    r = proc("numbers", "zebra", "--json")
    assert (r.returncode, json.loads(r.stdout)) == (1, [])


def test_bad_usage_is_exit_2(proc: Run) -> None:
    r = proc("numbers", "--no-such-flag")
    assert r.returncode == 2
    assert r.stdout == ""
    # one or two lines: what is wrong, and where to look
    assert r.stderr == "amex: No such option: --no-such-flag\nTry 'amex numbers -h' for help.\n"
    r = proc("log", "add")
    assert (r.returncode, r.stderr.splitlines()[0]) == (2, "amex: Missing argument 'REF'.")
    r = proc("nmbers")
    assert r.returncode == 2 and "Did you mean 'numbers'?" in r.stderr
    r = proc("numbers", "lost", "--abroad")
    assert r.stderr == "amex: give QUERY or --abroad, not both.\n"
    r = proc("numbers", "lost", "--abroad")
    assert r.returncode == 2
    assert r.stderr.startswith("amex: ")
    r = proc("numbers", "--json", "--plain")
    assert r.returncode == 2


def test_corrupt_file_is_exit_3_and_untouched(proc: Run, datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    bad = b'schema_version = 1\n\n[numbers.mine]\nlabel = "unterminated\n'
    datafile.write_bytes(bad)
    r = proc("numbers")
    assert r.returncode == 3
    assert r.stdout == ""
    assert str(datafile) in r.stderr
    assert "line 4" in r.stderr
    assert datafile.read_bytes() == bad
    assert proc("data", "check").returncode == 3
    assert datafile.read_bytes() == bad


def test_file_option_beats_env_beats_default(proc: Run, tmp_path: Path) -> None:
    env_file = tmp_path / "env.toml"
    flag_file = tmp_path / "flag.toml"
    r = proc("--file", str(flag_file), "data", "path", env={"AMEX_FILE": str(env_file)})
    assert r.stdout == f"{flag_file}\n"
    r = proc("data", "path", env={"AMEX_FILE": str(env_file)})
    assert r.stdout == f"{env_file}\n"
    r = proc("data", "path", env={"AMEX_FILE": ""})
    expected = tmp_path / "home" / ".local" / "share" / "amexcli" / "amex.toml"
    assert r.stdout == f"{expected}\n"


def test_user_numbers_join_and_win(proc: Run, datafile: Path) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text(
        "[numbers.hilton]\n"
        'label = "Hilton Honors card"\nnumber = "1-800-000-0000"\nnote = "from my card"\n'
        "[numbers.general]\n"
        'label = "General (back of my card)"\nnumber = "1-800-111-2222"\n'
    )
    r = proc("numbers", "hilton", "--json")
    [entry] = json.loads(r.stdout)
    assert entry["number"] == "1-800-000-0000"
    assert entry["e164"] == "+18000000000"
    assert entry["source"] == "your data file"
    r = proc("numbers", "general")
    assert "1-800-111-2222" in r.stdout
    assert "1-800-528-4800" not in r.stdout


def test_long_note_is_not_cut_in_a_pipe(proc: Run, datafile: Path) -> None:
    note = "word " * 80 + "END"
    datafile.parent.mkdir(parents=True)
    datafile.write_text(f'[numbers.long]\nlabel = "Long"\nnumber = "1"\nnote = "{note}\\tx\\ny"\n')
    r = proc("numbers", "long", env={"COLUMNS": "40"})
    assert r.stdout == f"long\tLong\t1\t\t{note}\\tx\\ny\n"


def test_terminal_gets_a_table_and_the_reminder(proc: Run) -> None:
    code, screen = proc.tty("numbers", "--abroad")
    assert code == 0
    assert "1-336-393-1111" in screen
    assert "Call collect" in screen
    assert "back of your card" in screen
    assert ANSI in screen  # colour on a terminal
    code, screen = proc.tty("numbers", "--abroad", env={"NO_COLOR": "1"})
    assert "back of your card" in screen
    assert "\x1b[3" not in screen and "\x1b[1m" in screen  # no colour, but bold (NO_COLOR)
    code, screen = proc.tty("numbers", "--abroad", env={"TERM": "dumb"})
    assert "\x1b[2m" not in screen and "\x1b[1m" not in screen


def test_json_fields(proc: Run) -> None:
    r = proc("numbers", "--json")
    entries = json.loads(r.stdout)
    assert {tuple(e) for e in entries} == {
        ("key", "label", "number", "e164", "hours", "note", "source")
    }
    by_key = {e["key"]: e for e in entries}
    assert by_key["general"]["e164"] == "+18005284800"
    assert by_key["general"]["hours"] == "24/7"
    assert by_key["platinum"]["number"] == "1-800-525-3355"
    assert by_key["lost-stolen"]["number"] == "1-800-992-3404"
    assert by_key["applications"]["number"] == "1-800-243-3888"
    assert by_key["abroad"]["number"] == "1-336-393-1111"
    assert all(e["source"] for e in entries)


def test_data_check_reports_missing_file_as_empty(proc: Run, datafile: Path) -> None:
    r = proc("data", "check", "--json")
    assert r.returncode == 0
    report = json.loads(r.stdout)
    assert report["exists"] is False
    assert report["calls"] == 0
    assert not datafile.exists()  # reading never creates the file


def test_ctrl_c_is_exit_130_without_a_traceback(datafile: Path) -> None:
    import signal
    import subprocess
    import time

    from conftest import AMEX

    assert AMEX
    proc = subprocess.Popen(
        [AMEX, "log", "add", "R1", "--summary", "-"],  # waits for the summary on stdin
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a shell's background job ignores SIGINT and its children inherit that; a person at a
        # terminal does not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )  # fmt: skip
    # Interrupt it once it waits on stdin: a fixed sleep on a loaded machine can land in the
    # interpreter's start-up instead, which is not what this test is about.
    wchan = Path(f"/proc/{proc.pid}/wchan")
    deadline = time.monotonic() + 30
    while wchan.exists() and time.monotonic() < deadline:
        if "pipe_read" in wchan.read_text(errors="replace"):
            break
        time.sleep(0.05)
    else:
        time.sleep(1.5)  # no /proc to watch
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in err
    assert not datafile.exists()
