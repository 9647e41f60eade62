"""No card number slips through: every free-text field and option, every message, every file.

The rule is the README's (and `amexcli/redact.py`'s): a run of digits with ordinary separators
that starts like an Amex, Visa, Mastercard or Discover number is masked, Luhn or not.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from amexcli import output, store
from amexcli.cli import app
from conftest import examples
from tests.conftest import Run
from tests.test_redact import text_with_card

NUMBER = "378282246310005"
TYPED = {
    "spaced": "3782 822463 10005",
    "dots": "3782.822463.10005",
    "slashes": "3782/822463/10005",
    "nbsp": "3782\u00a0822463\u00a010005",
    "en dash": "3782\u2013822463\u201310005",
    "double spaces": "3782  822463  10005",
    "line break": "3782\n822463\n10005",
    "stray digit": "read it 378282246310005 3 times",
    "typo": "378282246310006",
    "visa": "4111 1111 1111 1111",
}


def leaked(text: str, number: str = NUMBER) -> bool:
    """Whether `text` still shows the number beyond its last five digits: its first ten digits
    with nothing but separators (no letter, no x) between them."""
    return re.search(r"[\W_]*".join(number[:10]), text) is not None


def _files(datafile: Path) -> str:
    found = [datafile, store.backup_path(datafile)]
    return "".join(p.read_text() for p in found if p.exists())


@pytest.mark.parametrize("name", sorted(TYPED))
def test_every_free_text_field_of_a_log_entry_is_masked(
    run: Run, datafile: Path, name: str
) -> None:
    typed = TYPED[name]
    number = "4111111111111111" if name == "visa" else NUMBER
    ref = f"REF {typed}".replace("\n", " ")  # a ref is one line
    r = run(
        "log", "add", ref, "--rep", typed, "--summary", f"card {typed}",
        "--promise", typed, "--dept", typed,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stderr.count("warning") == 5  # ref, rep, summary, promise, department
    assert run("log", "edit", ref, "--summary", typed).returncode == 0
    exported = run("log", "export", "--format", "csv").stdout + run("log", "export").stdout
    for written in (_files(datafile), exported, r.stderr):
        assert not leaked(written, number), written


def test_log_add_ref_is_masked_in_the_file(run: Run, datafile: Path) -> None:
    """Kills the mutant "the ref of `log add` no longer masked"."""
    r = run("log", "add", "3782 822463 10005", "--date", "2026-03-20T19:05")
    assert r.returncode == 0
    assert "ref held a card number" in r.stderr
    assert '[calls."xxxx xxxxxx 10005"]' in datafile.read_text()
    assert not leaked(datafile.read_text())


def test_retention_offer_is_masked_in_the_file(run: Run, datafile: Path) -> None:
    """Kills the mutant "`retention add --offer` no longer masked"."""
    run("cards", "add", "plat", "--product", "Platinum Card")
    r = run(
        "retention", "add", "plat", "--date", "2026-03-20", "--accepted",
        "--offer", f"30k points, card {TYPED['dots']}", "--ref", TYPED["spaced"],
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "offer held a card number" in r.stderr and "ref held a card number" in r.stderr
    assert not leaked(_files(datafile))
    assert "xxxx.xxxxxx.10005" in datafile.read_text()


def test_a_security_code_is_masked(run: Run, datafile: Path) -> None:
    r = run("log", "add", "R1", "--summary", "gave them the CID 1234 by mistake")
    assert r.returncode == 0
    assert "1234" not in datafile.read_text() and "CID xxxx" in datafile.read_text()


def test_messages_never_echo_a_full_number(run: Run, datafile: Path) -> None:
    run("cards", "add", "plat", "--product", "Platinum Card")
    run("log", "add", TYPED["spaced"], "--date", "2026-03-20T19:05")
    messages = [
        run("log", "show", "4111 1111 1111 1111"),  # an unknown ref
        run("log", "search", "4111111111111111"),  # found nothing
        run("retention", "add", "4111-1111-1111-1111", "--date", "2026-03-20", "--none"),
        run("log", "edit", "4111 1111 1111 1111", "--rep", "x"),
        run("log", "list", "--card", "4111 1111 1111 1111"),
        run("log", "import", "-", input=json.dumps(
            [{"ref": "R9", "at": "2026-03-20T19:05", "card": "4111 1111 1111 1111"}]
        )),
    ]  # fmt: skip
    for r in messages:
        assert not leaked(r.stdout + r.stderr, "4111111111111111"), r
    r = run("script", "dispute", "--merchant", f"Shop {TYPED['slashes']}")
    assert r.returncode == 0
    assert not leaked(r.stdout + r.stderr) and "xxxx/xxxxxx/10005" in r.stdout


def test_a_number_as_typed_finds_its_masked_entry(run: Run) -> None:
    run("log", "add", TYPED["spaced"], "--date", "2026-03-20T19:05", "--summary", TYPED["dots"])
    r = run("log", "show", TYPED["spaced"], "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["ref"] == "xxxx xxxxxx 10005"
    assert run("log", "search", TYPED["dots"]).returncode == 0


def test_the_temp_file_is_fsynced_before_the_rename(
    datafile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kills the mutant "the fsync of the temp file before the rename removed"."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", str(Path(f"/proc/self/fd/{fd}").readlink())))
        real_fsync(fd)

    def replace(src: Any, dst: Any, **kw: Any) -> None:
        events.append(("replace", f"{src} -> {dst}"))
        real_replace(src, dst, **kw)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    for n in range(2):  # the first write and one with a backup
        events.clear()
        with store.edit(datafile) as doc:
            doc["n"] = n
        renames = [e for e in events if e[0] == "replace" and e[1].endswith(f"-> {datafile}")]
        assert len(renames) == 1
        temp = renames[0][1].split(" -> ")[0]
        assert ("fsync", temp) in events[: events.index(renames[0])], events


def test_log_list_until_includes_its_whole_day(run: Run) -> None:
    """Kills the mutant "`log list --until` made exclusive"."""
    for ref, at in (("A", "2026-03-19T23:59"), ("B", "2026-03-20T00:00"),
                    ("C", "2026-03-20T23:59"), ("D", "2026-03-21T00:00")):  # fmt: skip
        assert run("log", "add", ref, "--date", at).returncode == 0

    def refs(*args: str) -> list[str]:
        return [line.split("\t")[0] for line in run("log", "list", *args).stdout.splitlines()]

    assert refs("--until", "2026-03-20") == ["C", "B", "A"]
    assert refs("--since", "2026-03-20", "--until", "2026-03-20") == ["C", "B"]
    assert refs("--since", "2026-03-21") == ["D"]


# --- the property: arbitrary text in every free-text field ----------------------------------

hostile = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(["\x1b", "\x1b[2J", "\x1b]0;t\x07", "\r", "\x9b", "\u202e", "[/]",
                         "[bold]", "[link=https://e.x]", "**", "`", "](http://e.x)", " ", "-"]),
    ),
    max_size=25,
).map("".join)  # fmt: skip
maybe_card = st.one_of(hostile.map(lambda t: (t, "")), text_with_card())


def _amex(path: str, *args: str, tty: bool) -> Any:
    from unittest import mock

    with mock.patch.object(output, "stdout_is_tty", lambda: tty):
        return CliRunner().invoke(
            app, list(args), env={"AMEX_FILE": path, "COLUMNS": "100", "NO_COLOR": None}
        )


def _as_arg(text: str) -> str:
    return text.replace("\x00", "") or "x"


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(maybe_card, min_size=8, max_size=8))
def test_arbitrary_text_in_every_field_never_reaches_the_terminal(
    texts: list[tuple[str, str]],
) -> None:
    """Control characters, markup and typed card numbers in every free-text field: what the
    terminal (and a pipe) shows holds no ESC from the data, no traceback, and no card number."""
    values = [_as_arg(t) for t, _ in texts]
    numbers = [n for _, n in texts if n]
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "amex.toml")
        writes = [
            ("cards", "add", "plat", "--product", "Platinum"),
            ("log", "add", values[0], "--date", "2026-03-20T19:05", "--card", "plat",
             "--rep", values[1], "--summary", values[2], "--promise", values[3],
             "--dept", values[4]),
            ("retention", "add", "plat", "--date", "2026-03-20", "--accepted",
             "--offer", values[5], "--ref", values[6]),
            ("cards", "add", "gold", "--product", values[7]),
        ]  # fmt: skip
        shown = []
        for args in writes:
            r = _amex(path, *args, tty=False)
            assert r.exit_code in (0, 2), (args, r.output)
            shown.append(r.output)
        reads = [
            ("log", "list"), ("log", "show", values[0]), ("log", "search", values[2]),
            ("retention", "list"), ("cards", "list"), ("eligibility",), ("next", "--as-of",
            "2026-03-20"), ("script", "dispute", "--merchant", values[7]), ("script",
            "retention", "--card", "plat"),
        ]  # fmt: skip
        for args in reads:
            for tty in (True, False):
                r = _amex(path, *args, tty=tty)
                assert r.exit_code in (0, 1, 2), (args, r.output)
                assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
                shown.append(r.output)
        written = Path(path).read_text() if Path(path).exists() else ""
    everything = "".join(shown)
    assert "\x1b" not in everything and "\x9b" not in everything and "\u202e" not in everything
    assert "Traceback" not in everything
    for number in numbers:
        assert not leaked(everything + written, number), number
