"""`amex offers` and `amex benefits` alone list, as `[list]` in their usage says; other groups
alone print their help."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from amexcli.__main__ import _may_ask_for_help
from conftest import Run


@pytest.fixture
def gold(cli: Callable[..., object]) -> None:
    for args in (
        ("cards", "add", "gold", "--product", "Gold Card"),
        ("offers", "add", "gold", "--merchant", "Best Buy", "--credit", "50"),
        ("benefits", "add", "gold", "Dining credit", "--amount", "10", "--every", "month"),
    ):
        r = cli(*args)
        assert r.exit_code == 0, r.output  # type: ignore[attr-defined]


@pytest.mark.parametrize("group", ["offers", "benefits"])
def test_the_fast_help_path_leaves_a_listing_group_alone(group: str) -> None:
    assert not _may_ask_for_help([group])
    assert _may_ask_for_help([group, "--help"])
    assert _may_ask_for_help(["help", group])
    assert _may_ask_for_help(["log"])  # a group without a default is still its help


@pytest.mark.usefixtures("gold")
@pytest.mark.parametrize(("group", "field"), [("offers", "merchant"), ("benefits", "name")])
def test_a_listing_group_alone_lists(run: Run, group: str, field: str) -> None:
    alone = run(group)
    assert alone.returncode == 0, alone.stderr
    assert alone.stdout == run(group, "list").stdout != ""
    assert "Usage:" not in alone.stdout
    listed = json.loads(run(group, "--json").stdout)
    assert [x[field] for x in listed] in (["Best Buy"], ["Dining credit"])


def test_other_groups_alone_still_print_help(run: Run) -> None:
    r = run("log")
    assert r.returncode == 0 and r.stdout.startswith("Usage: amex log")
