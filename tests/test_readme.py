"""Every `console` example in the README and docs/reference.md is run, and its output compared with
what is shown.

The blocks run in order (the README's, then the reference's) against one data file, as a reader
would type them; each command runs
through bash, in a pipe, or on a pseudo-terminal in a block after `<!-- on a terminal -->`, where
the answers shown after a question are typed.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from pathlib import Path

from pty_session import Session

from conftest import AMEX, Run

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCUMENTS = [README, ROOT / "docs" / "reference.md"]
BLOCK = re.compile(r"(<!-- on a terminal -->\n)?```console\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[bool, list[tuple[str, str]]]]:
    found = []
    text = "".join(doc.read_text() for doc in DOCUMENTS)
    for m in BLOCK.finditer(text):
        steps: list[tuple[str, list[str]]] = []
        for line in m.group(2).splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        found.append(
            (bool(m.group(1)), [(cmd, "".join(o + "\n" for o in out)) for cmd, out in steps])
        )
    return found


EXAMPLES = examples()


def converse(args: list[str], expected: str) -> str:
    """Run amex on a terminal; at each question (a line left open after ": "), type the answer
    the README shows on that line, and Enter. Returns the screen."""
    s = Session(*args, env={"NO_COLOR": "1", "COLUMNS": "200"})
    lines = expected.splitlines()
    deadline = time.monotonic() + 60
    try:
        while s.read_some(deadline):
            row, open_line = s.screen.count("\n"), s.screen.rpartition("\n")[2]
            if open_line.endswith(": ") and row < len(lines):
                shown = lines[row]
                assert shown.startswith(open_line.rstrip()), (shown, open_line)
                s.type(shown[len(open_line) :] + "\r")
        s.wait()
    finally:
        s.kill()
    return s.screen


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 5
    assert any(terminal for terminal, _ in EXAMPLES)
    assert BLOCK.search(README.read_text())


def test_examples_print_what_they_show(proc: Run) -> None:
    assert AMEX
    env = {**os.environ, "PATH": f"{Path(AMEX).parent}{os.pathsep}{os.environ['PATH']}"}
    steps = [(terminal, *step) for terminal, block in EXAMPLES for step in block]
    for terminal, command, expected in steps:
        if terminal:
            argv = shlex.split(command)
            assert argv[0] == "amex"
            screen = converse(argv[1:], expected)
            screen = re.sub(r"\x1b\[[\d;]*m", "", screen)  # NO_COLOR keeps bold: the text counts
            shown = "".join(
                line.rstrip() + "\n" for line in screen.replace("\r\n", "\n").splitlines()
            )
            assert shown == expected, command
        else:
            r = subprocess.run(
                ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60,
                check=False, cwd=README.parent,
            )  # fmt: skip
            assert r.stdout == expected, f"{command}\n{r.stderr}"
