"""Package data shipped in the wheel: `amexcli/data/*.toml`, read at run time, so that an edit
there (a phone number, a script's advice) is what amex says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli

DATA = Path(__file__).parent / "data"


def load(name: str) -> dict[str, Any]:
    """`amexcli/data/NAME` parsed (a fresh copy: the caller may change it)."""
    with (DATA / name).open("rb") as f:
        return tomli.load(f)
