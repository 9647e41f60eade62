"""The built-in data is `amexcli/data/*.toml` itself, read at run time: an edit there (a phone
number, a script's advice) is what amex says, with no generated copy in between."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from amexcli import resources


def test_every_data_file_loads_as_its_toml_and_each_load_is_a_fresh_copy() -> None:
    names = sorted(p.name for p in resources.DATA.glob("*.toml"))
    assert {"numbers.toml", "scripts.toml", "routes.toml"} <= set(names)
    for name in names:
        expected = tomllib.loads((resources.DATA / name).read_text("utf-8"))
        assert resources.load(name) == expected
        changed = resources.load(name)
        changed.clear()
        assert resources.load(name) == expected


def test_no_generated_copy_of_the_data_is_shipped() -> None:
    package = Path(resources.__file__).parent
    assert not (package / "_packaged.py").exists()


def test_editing_scripts_toml_changes_what_amex_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any]
) -> None:
    """As its first comment promises: "Correct the advice here; no Python needed"."""
    data = tmp_path / "data"
    shutil.copytree(resources.DATA, data)
    scripts = data / "scripts.toml"
    text = scripts.read_text("utf-8")
    assert '\ntitle = "Before you call"\n' in text
    scripts.write_text(text.replace('title = "Before you call"', 'title = "Edited here"'), "utf-8")
    before = cli("script", "retention")
    assert before.exit_code == 0, before.output
    assert "Before you call" in before.output
    monkeypatch.setattr(resources, "DATA", data)
    after = cli("script", "retention")
    assert after.exit_code == 0, after.output
    assert "Edited here" in after.output
    assert "Before you call" not in after.output
