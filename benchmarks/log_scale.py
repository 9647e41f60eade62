"""The log at 1,000, 10,000 and 100,000 entries: time and memory against the file's own floor.

Each command is measured against a floor in the same run: a bare `python -c` that loads the
same file with tomllib (for commands that read), and writes it back with tomli-w (for commands
that write). Targets (issue #15), on a `pip install .` of this tree:
- `log import` of N rows (an export, into an empty file) in under 3x the floor of loading and
  writing a file of N entries;
- every command's cost grows from the smallest to the largest log no faster than its floor's
  (1.25x slack), and stays within 2.5x its floor from 10,000 entries on;
- `log list --json` at the largest size peaks at under 1.5x the memory of the parse alone.
Each is measured the first time after the file changed (the file is put back before every
run): amex parses it, as the floor does, and keeps the parse (amexcli/parsecache.py). The read
commands are then timed again with the file unchanged, their parse read from that cache.

Run: python benchmarks/log_scale.py [--rounds N] [--sizes 1000,10000,100000] [--venv PATH]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).parent))
from _timing import BenchmarkError, Case, Targets, arguments, compare, environment, installed

LOAD = "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))"
LOAD_WRITE = (
    "import sys, tomllib, tomli_w; d = tomllib.load(open(sys.argv[1], 'rb')); "
    "open(sys.argv[1] + '.floor', 'wb').write(tomli_w.dumps(d).encode())"
)
FLOOR_RATIO = 2.5
IMPORT_RATIO = 3.0
GROWTH_SLACK = 1.25
MEMORY_RATIO = 1.5


def build(path: Path, n: int, *, retention: int = 0) -> None:
    """N calls (follow-ups around today, so that `next` has work), two cards, some offers."""
    start = datetime(2020, 1, 1, 9, 0)
    today = date.today()
    calls = {
        f"REF{i:06d}": {
            "at": start + timedelta(minutes=37 * i),
            "card": ("plat", "gold")[i % 2],
            "department": ("retention", "general", "dispute")[i % 3],
            "channel": ("phone", "chat", "app")[i % 3],
            "rep": f"Rep {i % 97}",
            "summary": f"Call number {i} about the annual fee and a statement credit",
            "promise": "Points post within 2 statements" if i % 2 else "Call back",
            "follow_up": today + timedelta(days=i % 90 - 45),
        }
        for i in range(n)
    }
    doc = {
        "schema_version": 1,
        "cards": {
            "plat": {"product": "Platinum Card", "annual_fee": 695, "fee_month": 3},
            "gold": {"product": "Gold Card"},
        },
        "retention": {
            str(i + 1): {
                "card": "plat",
                "date": date(2019, 1, 1) + timedelta(days=i),
                "outcome": "declined",
            }
            for i in range(retention)
        },
        "calls": calls,
    }
    if not retention:
        del doc["retention"]
    path.write_text(tomli_w.dumps(doc))


def export(pristine: Path, target: Path, env: dict[str, str]) -> None:
    r = subprocess.run(
        ["amex", "--file", str(pristine), "log", "export"],
        env=env, capture_output=True, check=False,
    )  # fmt: skip
    if r.returncode != 0 or not json.loads(r.stdout):
        raise BenchmarkError(f"amex log export failed ({r.returncode}): {r.stderr.decode()}")
    target.write_bytes(r.stdout)


def main() -> None:
    parser = arguments(__doc__ or "", rounds=5)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per run at most")
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")]
    targets = Targets()
    results, warm = {}, {}
    with installed(opts.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        env = environment(bindir, tmp)
        python = str(bindir / "python")
        for n in sizes:
            pristine = Path(tmp) / f"pristine-{n}.toml"
            work = Path(tmp) / f"log-{n}.toml"
            fresh = Path(tmp) / f"imported-{n}.toml"
            dump = Path(tmp) / f"export-{n}.json"
            build(pristine, n)
            export(pristine, dump, env)
            shutil.copyfile(pristine, work)
            print(f"\n{n:,} entries ({pristine.stat().st_size / 2**20:.1f} MiB)", flush=True)

            def reset(p: Path = pristine, w: Path = work, f: Path = fresh) -> None:
                shutil.copyfile(p, w)
                f.unlink(missing_ok=True)  # each import goes into an empty file

            amex = ["amex", "--file", str(work)]
            results[n] = compare(
                {
                    "floor: tomllib load": Case([python, "-c", LOAD, str(work)], output=False),
                    "amex log list --json": Case([*amex, "log", "list", "--json"]),
                    "amex next": Case([*amex, "next"]),
                    "floor: tomllib load + tomli-w write": Case(
                        [python, "-c", LOAD_WRITE, str(work)], output=False
                    ),
                    "amex log add": Case(
                        lambda r, a=amex: [*a, "log", "add", f"NEW{r}", "--summary", "x"],
                        output=False,
                    ),
                    "amex log import": Case(
                        ["amex", "--file", str(fresh), "log", "import", str(dump)],
                        output=False,
                        timeout=opts.timeout,
                    ),
                },
                baseline="floor: tomllib load",
                env=env,
                rounds=opts.rounds,
                reset=reset,
            )
            print("the file unchanged since the last command (its parse read from the cache):")
            reset()
            warm[n] = compare(
                {
                    "floor: tomllib load": Case([python, "-c", LOAD, str(work)], output=False),
                    "amex log list --json": Case([*amex, "log", "list", "--json"]),
                    "amex next": Case([*amex, "next"]),
                },
                baseline="floor: tomllib load",
                env=env,
                rounds=opts.rounds,
            )
    small, large = sizes[0], sizes[-1]
    print(f"\nsummary (ratio to its floor; growth from {small:,} to {large:,} entries)")
    pairs = (
        ("amex log list --json", "floor: tomllib load", FLOOR_RATIO),
        ("amex next", "floor: tomllib load", FLOOR_RATIO),
        ("amex log add", "floor: tomllib load + tomli-w write", FLOOR_RATIO),
        ("amex log import", "floor: tomllib load + tomli-w write", IMPORT_RATIO),
    )
    for case, floor, limit in pairs:
        # below 10,000 entries start-up, not the log, is what costs: the ratio means little
        for n in [n for n in sizes if n >= 10_000] or [large]:
            targets.check(f"{case} at {n:,}", results[n][case][0] / results[n][floor][0], limit)
        if small != large:
            growth = results[large][case][0] / results[small][case][0]
            floor_growth = results[large][floor][0] / results[small][floor][0]
            targets.check(
                f"{case}: growth / its floor's growth", growth / floor_growth, GROWTH_SLACK
            )
    for case in ("amex log list --json", "amex next"):
        ratio = warm[large][case][0] / warm[large]["floor: tomllib load"][0]
        print(f"{case} at {large:,}, the file unchanged since the last command: {ratio:.2f}x")
    peak = results[large]["amex log list --json"][1]
    floor_peak = results[large]["floor: tomllib load"][1]
    print(f"log list --json at {large:,}: {peak / 1024:.0f} MiB peak; the parse alone "
          f"{floor_peak / 1024:.0f} MiB")  # fmt: skip
    targets.check(f"amex log list --json memory at {large:,}", peak / floor_peak, MEMORY_RATIO)
    targets.finish()


if __name__ == "__main__":
    main()
