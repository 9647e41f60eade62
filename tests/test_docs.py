"""Documentation that cannot drift: the command reference is generated, the README is run."""

from __future__ import annotations

from pathlib import Path

from amexcli import reference

ROOT = Path(__file__).resolve().parent.parent


def test_command_reference_matches_the_app() -> None:
    assert (ROOT / "docs" / "commands.md").read_text() == reference.render(), (
        "docs/commands.md is stale: run `python -m amexcli.reference`"
    )


def test_reference_covers_every_command_and_option() -> None:
    from amexcli.appspec import commands

    text = (ROOT / "docs" / "commands.md").read_text()
    for c in commands():
        assert f"## `{('amex ' + c.path).strip()}`" in text
        for o in c.options:
            assert f"`{o.names[0]}" in text


def test_every_test_the_readme_names_exists() -> None:
    import ast
    import re

    named = set(re.findall(r"`tests/(test_\w+\.py)::(\w+)`", (ROOT / "README.md").read_text()))
    assert len(named) >= 10
    for filename, test in named:
        tree = ast.parse((ROOT / "tests" / filename).read_text())
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert test in defined, f"README names tests/{filename}::{test}, which does not exist"
