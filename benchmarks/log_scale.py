"""`amex log add` and `amex log list --json` on logs of 1,000 and 10,000 entries.

Each is measured against its floor in the same run: a bare `python -c` that loads the same file
with tomllib (and, for add, writes it back with tomli-w). Target: at most 2.5x the floor at
10,000 entries, and cost growing no worse than linearly from 1,000 to 10,000.

Run: python benchmarks/log_scale.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).parent))
from _timing import compare, installed_amex

LOAD = "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))"
LOAD_WRITE = (
    "import sys, tomllib, tomli_w; d = tomllib.load(open(sys.argv[1], 'rb')); "
    "open(sys.argv[1] + '.floor', 'wb').write(tomli_w.dumps(d).encode())"
)


def build(path: Path, n: int) -> None:
    start = datetime(2020, 1, 1, 9, 0)
    calls = {
        f"REF{i:06d}": {
            "at": start + timedelta(hours=7 * i),
            "department": ("retention", "general", "dispute")[i % 3],
            "channel": ("phone", "chat", "app")[i % 3],
            "rep": f"Rep {i % 97}",
            "summary": f"Call number {i} about the annual fee and a statement credit",
            "promise": "Points post within 2 statements" if i % 2 else "Call back",
            "follow_up": (start + timedelta(days=i)).date(),
        }
        for i in range(n)
    }
    path.write_text(tomli_w.dumps({"schema_version": 1, "calls": calls}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=11)
    rounds = parser.parse_args().rounds
    amex = installed_amex()
    if amex is None:
        raise SystemExit("install amex first: python -m pip install -e .")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (1_000, 10_000):
            pristine = Path(tmp) / f"pristine-{n}.toml"
            work = Path(tmp) / f"log-{n}.toml"
            build(pristine, n)
            env = {**os.environ, "AMEX_FILE": str(work)}
            print(f"\n{n:,} entries ({pristine.stat().st_size / 1024:.0f} KiB)")
            results[n] = compare(
                {
                    "floor: tomllib load": [sys.executable, "-c", LOAD, str(work)],
                    "amex log list --json": [amex, "log", "list", "--json"],
                    "floor: tomllib load + tomli-w write": [
                        sys.executable,
                        "-c",
                        LOAD_WRITE,
                        str(work),
                    ],
                    "amex log add": lambda r: [amex, "log", "add", f"NEW{r}", "--summary", "x"],
                },
                baseline="floor: tomllib load",
                env=env,
                rounds=rounds,
                reset=lambda p=pristine, w=work: shutil.copyfile(p, w),
            )
        print("\nsummary (ratio to its floor; growth from 1,000 to 10,000 entries)")
        for case, floor in (
            ("amex log list --json", "floor: tomllib load"),
            ("amex log add", "floor: tomllib load + tomli-w write"),
        ):
            ratio = results[10_000][case][0] / results[10_000][floor][0]
            growth = results[10_000][case][0] / results[1_000][case][0]
            verdict = "ok" if ratio <= 2.5 and growth <= 10 else "OVER TARGET"
            print(f"{case:<24} {ratio:5.2f}x floor at 10,000; {growth:5.2f}x growth ({verdict})")


if __name__ == "__main__":
    main()
