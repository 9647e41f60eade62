"""Loaded only by the `amex` subprocesses of a mutmut stats run (tests/conftest.py puts this
folder on their PYTHONPATH): it notes which mutated functions the subprocess called, so that a
test driving the installed `amex` is tied to the mutants it can kill, like an in-process test."""

import atexit
import os
from pathlib import Path

_HITS = os.environ.get("AMEX_MUTMUT_HITS")

if _HITS and os.environ.get("MUTANT_UNDER_TEST") == "stats":
    from mutmut.mutation import trampoline

    _seen: set[str] = set()

    def _note(name: str, caller: str | None = None) -> None:
        _seen.add(name)

    def _write() -> None:
        with Path(_HITS).open("a", encoding="utf-8") as out:
            out.writelines(f"{name}\n" for name in _seen)

    trampoline.record_trampoline_hit = _note  # type: ignore[assignment]
    atexit.register(_write)
