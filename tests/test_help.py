"""Help that cannot drift: pages generated from the app, printed without Typer, with examples."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from amexcli import __version__, helptext
from amexcli.cli import LazyCommands, app
from amexcli.commands import COMMANDS, GROUPS
from amexcli.gen import reference
from amexcli.gen.appspec import Command, commands
from conftest import Run

ROOT = Path(__file__).resolve().parent.parent
CMDS = commands()
SHELL = {"|", ">", "<", "&&", "||", ";"}


def words(c: Command) -> list[str]:
    return c.path.split()


def test_every_generated_file_matches_the_app() -> None:
    for relative, text in reference.outputs(CMDS).items():
        assert (ROOT / relative).read_text() == text, (
            f"{relative} is stale: run `python -m amexcli.gen.reference`"
        )


def test_root_help_lists_every_command_with_its_own_one_line_help() -> None:
    """The static list is checked against each command's own help, built from its module."""
    page = helptext.page("amex")
    assert page is not None
    listed = page.split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    rows = " ".join(listed.split())  # a wrapped line joins its row again
    built = LazyCommands()
    for name in COMMANDS:
        own = built[name].get_short_help_str(100)
        assert own, f"{name} has no help"
        assert f"{name} {' '.join(own.split())}" in rows, f"amex --help shows {name} wrongly"
    assert len(listed.splitlines()) >= len(COMMANDS)


def test_the_groups_the_entry_point_knows_are_the_app_s_groups() -> None:
    """`amex log` alone is answered as help before Typer (__main__.py) because it is a group."""
    built = LazyCommands()
    assert {name for name in COMMANDS if isinstance(built[name], typer.core.TyperGroup)} == GROUPS


@pytest.mark.parametrize("c", CMDS, ids=lambda c: c.name)
def test_fast_help_is_typer_s_help(c: Command, run: Run) -> None:
    """`amex X --help` (read from help.txt before Typer) prints what Typer itself prints."""
    typer_side = CliRunner().invoke(app, [*words(c), "--help"])
    assert typer_side.exit_code == 0
    fast = run(*words(c), "--help")
    assert (fast.returncode, fast.stderr) == (0, "")
    assert fast.stdout.rstrip("\n") == typer_side.stdout.rstrip("\n")
    assert run("help", *words(c)).stdout == fast.stdout
    assert run(*words(c), "-h").stdout == fast.stdout


def test_bare_amex_and_a_bare_group_show_their_help_and_succeed(run: Run) -> None:
    bare = run()
    assert (bare.returncode, bare.stderr) == (0, "")
    assert bare.stdout == run("--help").stdout
    assert bare.stdout.startswith("Usage: amex [OPTIONS] COMMAND")
    group = run("log")
    assert (group.returncode, group.stdout) == (0, run("log", "--help").stdout)
    for argv in ([], ["log"]):
        through_typer = CliRunner().invoke(app, argv)
        assert through_typer.exit_code == 0
        assert through_typer.stdout.rstrip("\n") == run(*argv).stdout.rstrip("\n")


def test_help_for_what_does_not_exist(run: Run) -> None:
    r = run("help", "nosuch")
    assert r.returncode == 2 and r.stdout == ""
    assert "nosuch" in r.stderr and "amex --help" in r.stderr
    assert "Traceback" not in r.stderr
    r = run("nosuch", "--help")
    assert r.returncode == 2 and "nosuch" in r.stderr


def test_version(run: Run) -> None:
    for flag in ("-V", "--version"):
        r = run(flag)
        assert (r.returncode, r.stdout, r.stderr) == (0, f"amex {__version__}\n", "")
    assert CliRunner().invoke(app, ["-V"]).stdout == f"amex {__version__}\n"


@pytest.mark.parametrize("argv", [["--help"], [], ["log", "--help"], ["help", "cards", "add"]])
def test_help_imports_neither_typer_nor_rich_nor_any_command(argv: list[str]) -> None:
    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write(' '.join(sorted(m for m in sys.modules if "
        "m.split('.')[0] in ('typer', 'rich', 'click') or m.startswith('amexcli.commands.')))))\n"
        f"sys.argv = ['amex', *{argv!r}]\n"
        "from amexcli.__main__ import main\n"
        "main()\n"
    )
    r = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert r.returncode == 0
    assert r.stdout.startswith("Usage: amex")
    assert r.stderr == "", f"help imported {r.stderr}"


def test_pages_name_value_formats_in_words() -> None:
    text = Path(helptext.HELP_FILE).read_text()
    for internal in ("<str>", "<int", "{", "}", "INTEGER", "[required]", "x>="):
        assert internal not in text, internal
    cards_add = helptext.page("amex cards add") or ""
    usage = cards_add.splitlines()[0]
    assert usage.startswith("Usage: amex cards add ")
    assert usage.endswith("KEY] --product TEXT [OPTIONS]") or usage.endswith(
        "KEY --product TEXT [OPTIONS]"
    )
    assert "Required." in cards_add.split("--product", 2)[2].split("\n")[0]
    log_list = helptext.page("amex log list") or ""
    assert "--since DATE" in log_list and "on or after" in log_list
    assert "--until DATE" in log_list and "on or before" in log_list
    assert "From." not in log_list


@pytest.mark.parametrize("c", CMDS, ids=lambda c: c.name)
def test_every_command_has_examples_that_the_app_accepts(c: Command) -> None:
    assert 1 <= len(c.examples) <= 3, (
        f"`{c.name}` needs one or two examples in amexcli/data/examples.toml"
    )
    for line, what in c.examples:
        assert what.strip(), line
        argv = shlex.split(line)
        argv = argv[: next((i for i, w in enumerate(argv) if w in SHELL), len(argv))]
        assert argv[0] == "amex"
        argv = argv[1:]
        if c.path:
            assert " ".join(argv).startswith(c.path), f"{line!r} is not an example of {c.name}"
        # parse as the app would, down to the command, without running it
        command = typer.main.get_command(app)
        ctx = command.make_context("amex", list(argv))
        while ctx._protected_args + ctx.args and hasattr(command, "resolve_command"):
            name, command, rest = command.resolve_command(ctx, ctx._protected_args + ctx.args)
            assert command is not None and name is not None
            ctx = command.make_context(name, rest, parent=ctx)


def test_the_man_page_renders_cleanly() -> None:
    if not shutil.which("groff"):
        if os.environ.get("CI"):
            pytest.fail("groff is missing: .ci/run installs it")
        pytest.skip("groff is not installed")
    r = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-z", str(ROOT / "man" / "amex.1")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (r.returncode, r.stderr) == (0, "")
    page = (ROOT / "man" / "amex.1").read_text()
    for c in CMDS[1:]:
        assert f'.SS "{c.usage}'.replace("-", "\\-") in page
    for line, _ in CMDS[0].examples:
        assert line.replace("-", "\\-") in page
