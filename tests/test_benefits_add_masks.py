"""`benefits add` masks a card number in the name, the note and the match text, and says so."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def test_benefits_add_masks_name_note_and_match(cli: Callable[..., Any], datafile: Path) -> None:
    assert cli("cards", "add", "plat", "--product", "Platinum Card").exit_code == 0
    r = cli(
        "benefits", "add", "plat", "Credit 3782 822463 10005", "--amount", "10", "--every",
        "month", "--note", "card 3782-822463-10005", "--match", "37828224631 0005",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    text = datafile.read_text("utf-8")
    assert "822463" not in text and "378282" not in text
    [benefit] = tomllib.loads(text)["benefits"].values()
    assert benefit["name"] == "Credit xxxx xxxxxx 10005"
    assert benefit["note"] == "card xxxx-xxxxxx-10005"
    assert benefit["match"] == "xxxxxxxxxx1 0005"
    for field in ("name", "note", "match"):
        assert f"warning: {field} held a card number" in r.stderr
