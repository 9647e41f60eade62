"""Fuzzing every command's arguments, and random histories of the log, with hypothesis.

In-process through CliRunner, so hundreds of runs take seconds. What must always hold: no
traceback, an exit code of 0, 1, 2 or 3, and a command that fails leaves the file untouched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from amexcli import output
from amexcli.cli import app
from amexcli.gen.appspec import commands
from conftest import examples

LEAVES = [c for c in commands() if c.path and not c.commands]
SEED = """\
schema_version = 1

[cards.plat]
product = "Platinum Card"
fee_month = 2
closing_day = 31
annual_fee = 695

[cards.gold]
product = "Gold Card"

[retention.1]
card = "plat"
date = 2024-02-29
outcome = "accepted"

[calls.A1B2C3]
at = 2026-03-20 19:05:00
card = "plat"
summary = "fee"
follow_up = 2026-05-20
"""

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
values = st.one_of(
    text,
    st.sampled_from(
        [
            "plat",
            "gold",
            "nope",
            "A1B2C3",
            "a1b2c3",
            "1",
            "2",
            "-",
            "",
            " ",
            "phone",
            "chat",
            "json",
            "csv",
            "retention",
        ]
    ),
    st.sampled_from(
        [
            "2024-02-29",
            "2025-02-29",
            "2026-12-31",
            "0001-01-01",
            "9999-12-31",
            "2026-13-01",
            "2026-01-01T25:00",
            "2026-01-01T23:59",
            "20260101",
        ]
    ),
    st.integers(-5, 10**12).map(str),
    st.sampled_from(["x" * 100_000, "3782 822463 10005", "é" * 500, "\n\t\\", "--json", "a\0b"]),
).filter(lambda v: not v.startswith(("/", "~")))  # never let a value name a real path


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(LEAVES))
    argv = command.path.split()
    for option in draw(st.lists(st.sampled_from(command.options), max_size=4)):
        if option.names[0] == "--help":
            continue
        argv.append(draw(st.sampled_from(option.names)))
        if option.value is not None:
            argv.append(draw(values))
    for argument in command.arguments:
        if argument.required or draw(st.booleans()):
            argv.append(draw(values))
    if draw(st.integers(0, 9)) == 0:  # now and then, one argument too many
        argv.append(draw(values))
    return argv


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, datafile: Path) -> Path:
    monkeypatch.chdir(tmp_path)  # files a fuzzed --ics names land here
    datafile.parent.mkdir(parents=True, exist_ok=True)
    return datafile


CORRUPT = SEED.replace("[cards.gold]", "[cards.gold")
FIXTURE_OK = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize(
    ("terminal", "seed"),
    [(False, SEED), (True, SEED), (False, CORRUPT)],
    ids=["pipe", "terminal", "corrupt-file"],
)
@settings(FIXTURE_OK, max_examples=examples(250))
@given(argv=invocations())
def test_any_arguments(
    world: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool, seed: str, argv: list[str]
) -> None:
    monkeypatch.setattr(output, "stdout_is_tty", lambda: terminal)
    world.write_text(seed)
    before = world.read_bytes()
    result = CliRunner().invoke(app, argv)
    unexpected = result.exception if not isinstance(result.exception, SystemExit) else None
    assert unexpected is None, f"{argv}: {unexpected!r}"
    assert result.exit_code in (0, 1, 2, 3), (argv, result.output)
    assert "Traceback" not in result.output
    if result.exit_code != 0 or seed is CORRUPT:
        assert world.read_bytes() == before, argv


refs = st.sampled_from(["R1", "R2", "r1", "R-3", "Ref 4"])
operations = st.one_of(
    st.tuples(st.just("add"), refs, text, st.sampled_from(["", "2026-01-02", "2026-02-03T04:05"])),
    st.tuples(st.just("edit"), refs, text, st.sampled_from(["", "2026-03-04"])),
    st.tuples(st.just("done"), refs),
    st.tuples(st.just("rm"), refs),
)


def apply(runner: CliRunner, op: tuple[Any, ...]) -> None:
    kind, ref = op[0], op[1]
    if kind == "add":
        argv = ["log", "add", ref, "--summary", op[2], "--promise", op[2][::-1]]
        argv += ["--date", op[3]] if op[3] else ["--date", "2026-01-01T00:00"]
    elif kind == "edit":
        argv = ["log", "edit", ref, "--rep", op[2]] + (["--follow-up", op[3]] if op[3] else [])
    elif kind == "done":
        argv = ["log", "done", ref]
    else:
        argv = ["log", "rm", ref, "--yes"]
    result = runner.invoke(app, argv)
    assert result.exit_code in (0, 2), (argv, result.output)


@pytest.mark.parametrize("fmt", ["json", "csv"])
@settings(FIXTURE_OK, max_examples=examples(60))
@given(history=st.lists(operations, max_size=12))
def test_any_history_survives_export_and_import(
    world: Path, tmp_path: Path, fmt: str, history: list[tuple[Any, ...]]
) -> None:
    world.unlink(missing_ok=True)
    runner = CliRunner()
    for op in history:
        apply(runner, op)
    exported = runner.invoke(app, ["log", "export", "--format", fmt])
    assert exported.exit_code == 0
    fresh = tmp_path / "fresh.toml"
    fresh.unlink(missing_ok=True)
    imported = runner.invoke(
        app, ["--file", str(fresh), "log", "import", "-"], input=exported.stdout
    )
    assert imported.exit_code == 0, imported.output
    original = json.loads(runner.invoke(app, ["log", "export"]).stdout)
    again = json.loads(runner.invoke(app, ["--file", str(fresh), "log", "export"]).stdout)
    assert again == original
