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
    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sys.modules)))\n"
        f"sys.argv = ['amex', *{argv!r}]\n"
        "from amexcli.__main__ import main\n"
        "main()\n"
    )
    r = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    err, _, modules = r.stderr.rpartition("\nMODULES ")
    return r.returncode, {m.split(".")[0] for m in modules.split()}, r.stdout + err


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
