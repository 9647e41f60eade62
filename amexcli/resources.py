"""Package data shipped in the wheel (`amexcli/data/*.toml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def load(name: str) -> dict[str, Any]:
    import tomllib

    with (DATA / name).open("rb") as f:
        return tomllib.load(f)
