"""Guided entry: on a terminal, `add` with no field option asks for each field; a pipe never asks.

Driven through a real pseudo-terminal (tests/pty_session.py): the questions are read off the
screen and answered by typing, Ctrl-C is typed too.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from pty_session import CTRL_C, CTRL_D, Session

from conftest import Run

QUESTIONS = {
    "log add": [
        "Reference number: ",
        "When (",
        "Card [plat]: ",
        "Department (",
        "Channel (",
        "Rep (",
        "Summary: ",
        "Promise (",
        "Credit promised (",
        "Follow up on (",
    ],
    "cards add": ["Key (", "Product (", "Annual fee (", "Fee month (", "Closing day ("],
    "retention add": [
        "Card [plat]: ", "Outcome (", "Date of the call [today]: ", "Offer (", "Reference number: ",
    ],
}  # fmt: skip


@pytest.fixture
def one_card(run: Run, datafile: Path) -> Path:
    assert run("cards", "add", "plat", "--product", "Platinum Card").returncode == 0
    return datafile


@pytest.fixture
def sessions() -> Iterator[list[Session]]:
    """Sessions a test starts; any still running at its end are killed."""
    started: list[Session] = []
    yield started
    for s in started:
        s.kill()


def start(sessions: list[Session], *args: str, **kwargs: object) -> Session:
    s = Session(*args, **kwargs)  # type: ignore[arg-type]
    sessions.append(s)
    return s


def calls(datafile: Path) -> dict[str, dict[str, object]]:
    return tomllib.loads(datafile.read_text()).get("calls", {})


def test_log_add_asks_for_each_field_and_enter_skips(
    one_card: Path, sessions: list[Session]
) -> None:
    s = start(sessions, "log", "add")
    s.expect("Enter takes the [default] or skips")
    s.answer("Reference number: ", "R7X9Q2")
    s.answer("When (", "")  # now
    s.answer("Card [plat]: ", "")  # the only card, offered
    s.answer("Department (", "retention")
    s.answer("Channel (phone, chat, app, social, mail) [phone]: ", "")
    s.answer("Rep (", "Dana")
    s.answer("Summary: ", "")
    s.answer("Promise (", "")
    s.answer("Credit promised (", "$1,234.50")
    s.answer("Follow up on (", "+30d")  # the friendly forms of the options
    today = date.today()
    assert s.wait() == 0
    assert "amex: logged R7X9Q2" in s.screen
    entry = calls(one_card)["R7X9Q2"]
    at = entry.pop("at")
    assert isinstance(at, datetime)
    assert abs(at - datetime.now()) < timedelta(minutes=2)
    follow_up = entry.pop("follow_up")  # +30d from the day it was typed: today, or before midnight
    assert follow_up in (today + timedelta(days=30), today + timedelta(days=29))
    assert entry == {
        "card": "plat",
        "department": "retention",
        "channel": "phone",
        "rep": "Dana",
        "expect": 1234.5,
    }


def test_a_ref_on_the_command_line_is_not_asked_and_dash_empties_a_default(
    one_card: Path, sessions: list[Session]
) -> None:
    s = start(sessions, "log", "add", "CHAT-9")
    s.answer("When (", "2026-03-20 19:05")
    s.answer("Card [plat]: ", "-")  # no card, although one is offered
    for question in QUESTIONS["log add"][3:]:
        s.answer(question, "-" if question.startswith("Channel") else "")
    assert s.wait() == 0
    assert "Reference number" not in s.screen
    assert calls(one_card)["CHAT-9"] == {"at": datetime(2026, 3, 20, 19, 5)}


def test_a_bad_answer_is_explained_and_asked_again(
    one_card: Path, run: Run, sessions: list[Session]
) -> None:
    assert run("log", "add", "A1B2C3", "--rep", "Dana").returncode == 0
    assert run("cards", "add", "gold", "--product", "Gold Card").returncode == 0
    s = start(sessions, "log", "add")
    s.answer("Reference number: ", "")
    s.expect("amex: reference number is needed")
    s.answer("Reference number: ", "a1b2c3")
    s.expect("A1B2C3 is already in the log")
    s.answer("Reference number: ", "R1")
    s.answer("When (", "2026-02-30")
    s.expect("does not exist")
    s.answer("When (", "2026-02-28 10:00")
    s.answer("Card (gold, plat): ", "green")
    s.expect("unknown card 'green'")
    s.answer("Card (gold, plat): ", "gold")
    s.answer("Department (", "")
    s.answer("Channel (", "pigeon")
    s.expect("channel 'pigeon' is not one of")
    s.answer("Channel (", "ch")  # a prefix that names one
    s.answer("Rep (", "")
    s.answer("Summary: ", "card 3782 822463 10005 read out")
    s.answer("Promise (", "")
    s.answer("Credit promised (", "0")
    s.expect("must be an amount above zero")
    s.answer("Credit promised (", "")
    s.answer("Follow up on (", "someday")
    s.expect("is not a date")
    s.answer("Follow up on (", "")
    assert s.wait() == 0
    assert "stored with all but the last five digits hidden" in s.screen
    assert calls(one_card)["R1"] == {
        "at": datetime(2026, 2, 28, 10, 0),
        "card": "gold",
        "channel": "chat",
        "summary": "card xxxx xxxxxx 10005 read out",
    }


def test_with_two_cards_none_is_guessed(run: Run, datafile: Path, sessions: list[Session]) -> None:
    for key in ("plat", "gold"):
        assert run("cards", "add", key, "--product", key).returncode == 0
    s = start(sessions, "log", "add", "R1")
    s.answer("When (")
    s.answer("Card (gold, plat): ", "")
    for question in QUESTIONS["log add"][3:]:
        s.answer(question)
    assert s.wait() == 0
    assert "card" not in calls(datafile)["R1"]


def test_without_cards_the_card_is_not_asked(datafile: Path, sessions: list[Session]) -> None:
    s = start(sessions, "log", "add", "R1")
    s.answer("When (")
    s.answer("Department (")
    assert "Card" not in s.screen
    for question in QUESTIONS["log add"][4:]:
        s.answer(question)
    assert s.wait() == 0
    assert set(calls(datafile)["R1"]) == {"at", "channel"}


def test_any_field_option_means_no_question(one_card: Path, sessions: list[Session]) -> None:
    s = start(sessions, "log", "add", "R1", "--rep", "Dana")
    assert s.wait() == 0
    assert "?" not in s.screen and ": " not in s.screen.replace("amex: ", "")
    entry = calls(one_card)["R1"]
    assert set(entry) == {"at", "rep"}  # the only card is not guessed when options are given


@pytest.mark.parametrize(
    ("command", "index"),
    [(c, i) for c, questions in QUESTIONS.items() for i in range(len(questions))],
)
def test_ctrl_c_at_any_question_writes_nothing(
    one_card: Path, sessions: list[Session], command: str, index: int
) -> None:
    """Answer every question before, then Ctrl-C: exit 130, and the file as it was."""
    answers = {
        "log add": ["R1", "", "", "retention", "", "Dana", "fee", "credit", "100", ""],
        "cards add": ["gold", "Gold Card", "250", "2", "15"],
        "retention add": ["", "accepted", "", "30k MR", ""],
    }[command]
    before = one_card.read_bytes()
    backups = sorted(p.name for p in one_card.parent.iterdir())
    s = start(sessions, *command.split())
    for question, text in zip(QUESTIONS[command][:index], answers, strict=False):
        s.answer(question, text)
    s.expect(QUESTIONS[command][index])
    s.type(CTRL_C)
    assert s.wait() == 130
    assert "cancelled; nothing was written" in s.screen
    assert "Traceback" not in s.screen
    assert one_card.read_bytes() == before
    assert sorted(p.name for p in one_card.parent.iterdir()) == backups


def test_ctrl_d_at_a_question_cancels(one_card: Path, sessions: list[Session]) -> None:
    before = one_card.read_bytes()
    s = start(sessions, "log", "add")
    s.expect("Reference number: ")
    s.type(CTRL_D)
    assert s.wait() == 1
    assert "cancelled; nothing was written" in s.screen
    assert one_card.read_bytes() == before


def test_a_pipe_never_sees_a_question(one_card: Path, sessions: list[Session]) -> None:
    """stdin a terminal, stdout a pipe (`amex log add R1 | cat`): stored as given, no question."""
    read_end, write_end = os.pipe()
    s = start(sessions, "log", "add", "R1", stdout_fd=write_end)
    os.close(write_end)
    assert s.wait() == 0
    with os.fdopen(read_end) as piped:
        assert piped.read() == ""
    assert "Enter takes" not in s.screen and "When" not in s.screen
    assert set(calls(one_card)["R1"]) == {"at"}  # exactly as before guided entry existed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "add"], "amex: Missing argument 'REF'."),
        (["cards", "add"], "amex: Missing argument 'KEY'."),
        (["retention", "add"], "amex: Missing argument 'CARD'."),
        (["cards", "add", "gold"], "amex: --product is required"),
        (["retention", "add", "plat"], "amex: say what happened with exactly one of"),
    ],
)
def test_off_a_terminal_nothing_asks(
    one_card: Path, run: Run, args: list[str], message: str
) -> None:
    r = run.rejected(one_card, *args)
    assert r.stderr.startswith(message)
    assert "Enter takes" not in r.stderr


def test_stdin_a_pipe_never_asks(one_card: Path, sessions: list[Session]) -> None:
    """`true | amex log add` on a terminal: stdin is not one, so nothing is asked."""
    before = one_card.read_bytes()
    read_end, write_end = os.pipe()
    os.close(write_end)
    s = start(sessions, "log", "add", stdin_fd=read_end)
    os.close(read_end)
    assert s.wait() == 2
    assert s.screen.startswith("amex: Missing argument 'REF'.")
    assert "Enter takes" not in s.screen
    assert one_card.read_bytes() == before


def test_cards_add_asks_with_the_options_checks(datafile: Path, sessions: list[Session]) -> None:
    s = start(sessions, "cards", "add")
    s.answer("Key (", "Blue Cash")
    s.expect("must be lowercase letters, digits and dashes")
    s.answer("Key (", "blue-cash")
    s.answer("Product (", "3782 822463 10005")
    s.expect("looks like a card number")
    s.answer("Product (", "Blue Cash Preferred")
    s.answer("Annual fee (", "$95")
    s.answer("Fee month (", "13")
    s.expect("'13' is not a month")
    s.answer("Fee month (", "June")  # as the option takes it
    s.answer("Closing day (", "")
    assert s.wait() == 0
    card = tomllib.loads(datafile.read_text())["cards"]["blue-cash"]
    assert card == {
        "product": "Blue Cash Preferred",
        "annual_fee": 95,
        "fee_month": 6,
        "catalogue": "blue-cash-preferred",  # recognised in the card catalogue
    }


def test_cards_add_with_a_taken_key_fails_before_asking(
    one_card: Path, sessions: list[Session]
) -> None:
    s = start(sessions, "cards", "add", "plat")
    assert s.wait() == 2
    assert "card 'plat' exists" in s.screen and "Product" not in s.screen


def test_retention_add_asks_and_takes_today(one_card: Path, sessions: list[Session]) -> None:
    s = start(sessions, "retention", "add")
    s.answer("Card [plat]: ")
    s.answer("Outcome (", "n")  # none made: no offer to ask about
    s.answer("Date of the call [today]: ")
    s.answer("Reference number: ", "A1B2C3")
    assert s.wait() == 0
    assert "Offer" not in s.screen
    [record] = tomllib.loads(one_card.read_text())["retention"].values()
    assert record["outcome"] == "none"
    assert record["ref"] == "A1B2C3"
    assert record["date"] in (date.today(), date.today() - timedelta(days=1))  # around midnight


def test_retention_add_defaults_the_date_to_today(one_card: Path, run: Run) -> None:
    before = date.today()
    r = run("retention", "add", "plat", "--declined")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    [record] = tomllib.loads(one_card.read_text())["retention"].values()
    assert before <= record["date"] <= date.today()


def test_retention_add_without_a_card_never_guesses(one_card: Path, run: Run) -> None:
    r = run.rejected(one_card, "retention", "add", "--accepted")
    assert "Missing argument 'CARD'" in r.stderr


# Warnings: a call dated in the future, a follow-up already past. Both are saved.


def test_a_call_in_the_future_is_saved_with_a_warning(datafile: Path, run: Run) -> None:
    r = run("log", "add", "R1", "--date", "2999-01-01T10:00")
    assert (r.returncode, r.stdout) == (0, "")
    assert r.stderr == (
        "amex: warning: the call is dated 2999-01-01T10:00, in the future; saved as given.\n"
    )
    assert calls(datafile)["R1"]["at"] == datetime(2999, 1, 1, 10, 0)
    r = run("retention", "add", "plat", "--date", "2999-01-01", "--none")
    assert r.returncode == 2  # no such card: the warning is never reached
    assert run("cards", "add", "plat", "--product", "P").returncode == 0
    r = run("retention", "add", "plat", "--date", "2999-01-01", "--none")
    assert (r.returncode, r.stdout) == (0, "")
    assert r.stderr == (
        "amex: warning: the call is dated 2999-01-01, in the future; saved as given.\n"
    )


def test_a_past_follow_up_is_saved_with_a_warning(datafile: Path, run: Run) -> None:
    r = run("log", "add", "R1", "--follow-up", "2001-02-03")
    assert (r.returncode, r.stdout) == (0, "")
    assert r.stderr.splitlines() == [
        "amex: warning: the follow-up 2001-02-03 is already past; saved as given, "
        "so it is due now (`amex log due`)."
    ]
    assert calls(datafile)["R1"]["follow_up"] == date(2001, 2, 3)
    r = run("log", "edit", "R1", "--follow-up", "2001-02-04")
    assert r.returncode == 0
    assert r.stderr.startswith("amex: warning: the follow-up 2001-02-04 is already past")
    r = run("log", "edit", "R1", "--rep", "Dana")  # a change that sets no date: no warning
    assert (r.returncode, r.stderr) == (0, "")


def test_a_warning_never_reaches_a_pipe_and_a_failure_gives_none(datafile: Path, run: Run) -> None:
    r = run("log", "add", "R1", "--date", "2999-01-01", "--card", "nope")
    assert r.returncode == 2
    assert "warning" not in r.stderr
    assert not datafile.exists()


# Many at once: log rm / log done / retention rm take several; a missing one changes nothing.


@pytest.fixture
def three(run: Run, datafile: Path) -> Path:
    for ref in ("A1", "B2", "C3"):
        assert run("log", "add", ref, "--follow-up", "2999-01-01").returncode == 0
    return datafile


def test_log_done_and_rm_take_several(three: Path, run: Run) -> None:
    assert run("log", "done", "a1", "B2").returncode == 0
    entries = calls(three)
    assert [entries[r].get("done", False) for r in ("A1", "B2", "C3")] == [True, True, False]
    r = run("log", "rm", "A1", "c3", "A1", "--yes")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")
    assert list(calls(three)) == ["B2"]


@pytest.mark.parametrize("command", [["log", "done"], ["log", "rm", "--yes"]])
def test_one_missing_ref_changes_nothing(three: Path, run: Run, command: list[str]) -> None:
    r = run.rejected(three, *command, "A1", "NOPE", "B2", "GONE")
    assert r.stderr == (
        "amex: no log entry 'NOPE', 'GONE'; nothing was changed. "
        "See `amex log list` or `amex log search`.\n"
    )


def test_log_rm_asks_once_for_all(three: Path, sessions: list[Session]) -> None:
    s = start(sessions, "log", "rm", "A1", "B2")
    s.answer("Remove log entries A1, B2? [y/N]: ", "y")
    assert s.wait() == 0
    assert list(calls(three)) == ["C3"]


def test_retention_rm_takes_several(one_card: Path, run: Run) -> None:
    for day in ("2024-01-01", "2025-01-01", "2026-01-01"):
        assert run("retention", "add", "plat", "--date", day, "--accepted").returncode == 0
    first, second, third = tomllib.loads(one_card.read_text())["retention"]
    r = run.rejected(one_card, "retention", "rm", first, "7", "--yes")
    assert "no retention record '7'; nothing was changed" in r.stderr
    assert run("retention", "rm", first, f"#{third}", "--yes").returncode == 0
    assert list(tomllib.loads(one_card.read_text())["retention"]) == [second]


def test_retention_rm_asks_once_for_all(one_card: Path, run: Run, sessions: list[Session]) -> None:
    for day in ("2024-01-01", "2025-01-01"):
        assert run("retention", "add", "plat", "--date", day, "--accepted").returncode == 0
    first, second = tomllib.loads(one_card.read_text())["retention"]
    s = start(sessions, "retention", "rm", first, second)
    s.answer(
        f"Remove retention {first} (plat, 2024-01-01, accepted) and {second} (plat, 2025-01-01,"
        " accepted)?",
        "n",
    )
    assert s.wait() == 1
    assert len(tomllib.loads(one_card.read_text())["retention"]) == 2


# `log edit --ref NEW`: a misheard reference number, fixed without typing the entry again.


def test_edit_ref_renames_and_keeps_everything_else(three: Path, run: Run) -> None:
    assert run("log", "edit", "A1", "--rep", "Dana").returncode == 0
    before = calls(three)["A1"]
    assert run("log", "edit", "a1", "--ref", "A7").returncode == 0
    after = calls(three)
    assert list(after) == ["A7", "B2", "C3"]  # records are written in key order
    assert after["A7"] == before
    assert run("log", "edit", "A7", "--ref", "a7").returncode == 0  # only the case changes
    assert next(iter(calls(three))) == "a7"


@pytest.mark.parametrize(("new", "message"), [("b2", "B2 is already in the log"), (" ", "empty")])
def test_edit_ref_refuses_a_clash_or_nothing(three: Path, run: Run, new: str, message: str) -> None:
    r = run.rejected(three, "log", "edit", "A1", "--ref", new)
    assert message in r.stderr
