"""The framework shim (amexcli/framework.py): the installed Typer is one it supports, every
private detail it uses is there, and nothing else in amex reaches below Typer's public API."""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest
import typer

from amexcli import framework

PACKAGE = Path(framework.__file__).parent


def installed() -> tuple[int, int]:
    major, minor = (int(part) for part in typer.__version__.split(".")[:2])
    return major, minor


def test_the_installed_typer_is_a_supported_release() -> None:
    assert installed() in framework.SUPPORTED, (
        f"typer {typer.__version__}: amexcli/framework.py supports {framework.SUPPORTED}; "
        "check each private detail it names against this release, then add it"
    )


def test_the_pin_allows_only_supported_releases() -> None:
    """pyproject.toml may pin narrower than the shim supports (for speed), never wider."""
    text = (PACKAGE.parent / "pyproject.toml").read_text()
    found = re.search(r'"typer>=(\d+)\.(\d+),<(\d+)\.(\d+)"', text)
    assert found, "typer is pinned as typer>=A.B,<C.D"
    low = (int(found[1]), int(found[2]))
    high = (int(found[3]), int(found[4]))
    assert low == framework.SUPPORTED[0]
    assert high <= (framework.SUPPORTED[-1][0], framework.SUPPORTED[-1][1] + 1)


def test_only_the_shim_names_typer_s_private_modules() -> None:
    private = re.compile(r"_click|typer\.main|typer\.core|\bimport click\b|from click\b")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "framework.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if private.search(line)
    ]
    assert found == []


def test_a_group_is_built_with_its_sub_commands_lazily() -> None:
    from amexcli.cli import LazySubcommands, app

    root = framework.get_command(app)
    assert isinstance(root, framework.TyperGroup)
    log = root.commands["log"]  # type: ignore[attr-defined]
    assert isinstance(log.commands, LazySubcommands)
    assert "add" in log.commands
    assert isinstance(log.commands["add"], framework.Command)
    assert framework.get_command_name("json_list") == "json-list"


def test_parameters_are_described_on_the_installed_release() -> None:
    """A bounded int, an unbounded one, a float and text: what help and the man page say."""
    from amexcli.cli import app

    root = framework.get_command(app)
    commands = root.commands  # type: ignore[attr-defined]
    by_name = {p.name: p for p in commands["next"].params}
    assert framework.value_kind(by_name["days"]) == "int"
    assert framework.number_range(by_name["days"]) == (0, 3660)
    assert framework.value_kind(by_name["as_of"]) == "text"
    assert framework.number_range(by_name["as_of"]) == (None, None)
    assert framework.choices(by_name["as_of"]) == []
    closing = {p.name: p for p in commands["cards"].commands["add"].params}["closing_day"]
    assert framework.number_range(closing) == (1, 31)
    limit = {p.name: p for p in commands["log"].commands["list"].params}["limit"]
    assert framework.number_range(limit) == (0, None)


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def test_choices_come_from_an_enum() -> None:
    small = typer.Typer()

    @small.command()
    def paint(colour: Colour = Colour.RED, times: float = 1.0) -> None:
        """Paint."""

    params = {p.name: p for p in framework.get_command(small).params}
    assert framework.choices(params["colour"]) == ["red", "blue"]
    assert framework.value_kind(params["times"]) == "float"


def test_the_running_command_s_context_is_found(cli: object) -> None:
    from amexcli import history

    seen: list[str] = []
    assert framework.current_context() is None  # outside a command
    small = typer.Typer()

    @small.command()
    def probe() -> None:
        seen.append(framework.current_context().command_path)
        seen.append(history.current_command())

    @small.command()
    def other() -> None:
        """So that `probe` is a sub-command."""

    from typer.testing import CliRunner

    result = CliRunner().invoke(small, ["probe"], prog_name="amex")
    assert result.exit_code == 0, result.output
    assert seen == ["amex probe", "probe"]


@pytest.mark.parametrize("error", ["UsageError", "NoArgsIsHelpError", "ClickException"])
def test_the_usage_errors_the_root_prints_are_click_s(error: str) -> None:
    assert issubclass(getattr(framework, error), Exception)
    assert issubclass(framework.UsageError, framework.ClickException)
