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
