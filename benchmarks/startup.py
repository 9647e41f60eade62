"""Start-up of `amex numbers --abroad` in a pipe against `python -c pass`, in the same run.

Run: python benchmarks/startup.py   Target: 6x or less, peak memory under 25 MiB.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import compare, installed_amex

amex = installed_amex()
if amex is None:
    raise SystemExit("install amex first: python -m pip install -e .")
with tempfile.TemporaryDirectory() as tmp:
    env = {**os.environ, "AMEX_FILE": str(Path(tmp) / "amex.toml")}
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "amex numbers --abroad": [amex, "numbers", "--abroad"],
        "amex numbers (all)": [amex, "numbers"],
        "amex --help": [amex, "--help"],
    }
    result = compare(cases, baseline="python -c pass", env=env)
    base = result["python -c pass"][0]
    ratio = result["amex numbers --abroad"][0] / base
    peak = result["amex numbers --abroad"][1] / 1024
    verdict = "ok" if ratio <= 6 and peak < 25 else "OVER TARGET"
    print(f"\namex numbers --abroad: {ratio:.2f}x python -c pass, {peak:.1f} MiB peak ({verdict})")
