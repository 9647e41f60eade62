"""What start-up and memory depend on, checked without a stopwatch (benchmarks/ has the clocks).

A command in a pipe imports what it uses and nothing else; a JSON listing streams.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli import output

SEED = """\
[cards.plat]
product = "Platinum Card"
fee_month = 3
[retention.1]
card = "plat"
date = 2025-03-20
outcome = "accepted"
[calls.A1]
at = 2026-03-01 10:00:00
card = "plat"
follow_up = 2026-03-02
"""
# Never needed to answer in a pipe: rich draws terminals, markdown_it and pygments render
# scripts, icalendar writes --ics, json and csv serve --json and export/import; decimal serves
# a terminal's table, hashlib and secrets a new id, calendar nothing (dates.days_in_month).
HEAVY = (
    "rich", "markdown_it", "pygments", "icalendar", "json", "csv", "platformdirs",
    "decimal", "hashlib", "secrets", "calendar",
)  # fmt: skip


def imported(argv: list[str]) -> tuple[int, set[str], str]:
    """Exit code, top-level packages imported, output: see `modules`."""
    code, modules, out = imported_modules(argv)
    return code, {m.split(".")[0] for m in modules}, out


def imported_modules(argv: list[str]) -> tuple[int, set[str], str]:
    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sys.modules)))\n"
        f"sys.argv = ['amex', *{argv!r}]\n"
        "from amexcli.__main__ import main\n"
        "main()\n"
    )
    r = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    err, _, modules = r.stderr.rpartition("\nMODULES ")
    return r.returncode, set(modules.split()), r.stdout + err


@pytest.mark.parametrize(
    "argv",
    [
        ["numbers", "--abroad"],
        ["log", "list"],
        ["eligibility", "--as-of", "2026-03-01"],
        ["next", "--as-of", "2026-03-01"],
    ],
)
def test_a_command_in_a_pipe_imports_nothing_it_does_not_use(
    argv: list[str], datafile: Path
) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text(SEED)
    code, modules, out = imported(argv)
    assert code == 0, out
    assert out.strip()
    assert not modules & set(HEAVY), f"amex {' '.join(argv)} imported {modules & set(HEAVY)}"


def test_next_imports_offers_benefits_and_statements_only_for_a_file_that_has_some(
    datafile: Path,
) -> None:
    datafile.parent.mkdir(parents=True)
    datafile.write_text(SEED)
    unused = {"amexcli.offers", "amexcli.benefits", "amexcli.statement", "amexcli.resources"}
    code, modules, out = imported_modules(["next", "--as-of", "2026-03-01"])
    assert code == 0, out
    assert not modules & unused
    datafile.write_text(
        SEED + '[offers.1m8bqvapvhv86]\ncard = "plat"\nmerchant = "Shop"\ncredit = 10.0\n'
        'expires = 2026-03-10\n[offers.1m8bqvapvhv87]\ncard = "plat"\nmerchant = "Old"\n'
        "credit = 10.0\nexpires = 2025-10-01\nused = 2025-09-20\n"
    )
    code, modules, out = imported_modules(["next", "--as-of", "2026-03-01"])
    assert code == 0, out
    assert "Shop offer on plat" in out
    assert "offer-credit" in out  # the used one's credit is overdue: statement's rule
    assert {"amexcli.offers", "amexcli.statement"} <= modules


def test_next_names_the_same_first_error_whatever_it_imports(datafile: Path) -> None:
    """Offers are loaded only when there are some, after the calls and cards as ever: of two
    errors in the file, the one in the calls is named first."""
    datafile.parent.mkdir(parents=True)
    datafile.write_text(
        SEED.replace("follow_up = 2026-03-02", "follow_up = 2026-03-02\nexpect = inf")
        + '[offers.1m8bqvapvhv86]\ncard = "plat"\nmerchant = "Shop"\n'
    )
    code, _, out = imported(["next", "--as-of", "2026-03-01"])
    assert code == 3
    assert "calls.A1" in out and "offers" not in out


def test_an_interrupt_while_starting_is_exit_130_or_143_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C, or SIGTERM (amex turns it into the same), while the framework is imported."""
    import types

    from amexcli import __main__ as entry

    class Interrupted(types.ModuleType):
        def __getattr__(self, name: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "amexcli.cli", Interrupted("amexcli.cli"))
    monkeypatch.setattr(sys, "argv", ["amex", "log", "list"])
    import gc
    import signal

    handler = signal.getsignal(signal.SIGTERM)
    try:
        for terminated, code in ((False, 130), (True, 143)):
            monkeypatch.setattr(entry, "_terminated", terminated)
            with pytest.raises(SystemExit) as e:
                entry.main()
            assert e.value.code == code
    finally:
        signal.signal(signal.SIGTERM, handler)
        gc.enable()


def test_start_up_freezes_what_it_loaded_and_runs_the_command_with_the_collector_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The collector is off while the framework is imported, what that made is frozen, and the
    command runs with the collector on."""
    import gc
    import types

    from amexcli import __main__ as entry

    events: list[str] = []

    class Framework(types.ModuleType):  # stands for amexcli.cli: its import is the framework's
        def __getattr__(self, name: str) -> object:
            if name != "main":
                raise AttributeError(name)
            events.append(f"imported, collector {'on' if gc.isenabled() else 'off'}")
            return lambda: events.append(f"ran, collector {'on' if gc.isenabled() else 'off'}")

    freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: events.append("froze") or freeze())
    monkeypatch.setitem(sys.modules, "amexcli.cli", Framework("amexcli.cli"))
    monkeypatch.setattr(sys, "argv", ["amex", "log", "list"])
    import signal

    handler = signal.getsignal(signal.SIGTERM)
    try:
        entry.main()
    finally:
        gc.unfreeze()
        gc.enable()
        signal.signal(signal.SIGTERM, handler)
    assert events == ["imported, collector off", "froze", "ran, collector on"]


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.lists(st.dictionaries(st.text(), values, max_size=5), max_size=5))
def test_a_streamed_json_array_is_what_dumps_prints(
    rows: list[dict[str, object]],
) -> None:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        output.write_json_array(iter(rows))
    assert buffer.getvalue() == output.dumps(rows) + "\n"
    assert json.loads(buffer.getvalue()) == rows
