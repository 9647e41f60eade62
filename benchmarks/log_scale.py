"""The log from a few calls to a heavy user's many years: each command against itself.

Targets, on a `pip install .` of this tree, each the median of per-round paired CPU ratios:
- at 2,000 calls (a heavy user over many years) every command costs at most 2x what it costs at
  20 calls (a realistic file: 3 cards, a few offers and benefits, the same besides the log).
  The two sizes run one after the other in each round, so load cannot make one look slower.
  Every run is the first read after another program changed the file (an editor, a sync,
  `git pull`): nothing amex could have kept from an earlier command is valid. The reads are
  then timed again with the file as the last command left it (printed, not judged).
Printed beside, with `--sizes` (say 10000,100000): each command at larger logs, against a floor
run in the same round, a bare `python -c` that loads the same file with tomli (and, for a
write, writes it back with tomli-w).

Run: python benchmarks/log_scale.py [--rounds N] [--sizes 10000,100000] [--venv PATH]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).parent))
from _timing import (
    BenchmarkError,
    Case,
    Targets,
    arguments,
    compare,
    environment,
    installed,
    realistic,
)

LOAD = "import sys, tomli; tomli.load(open(sys.argv[1], 'rb'))"
LOAD_WRITE = (
    "import sys, tomli, tomli_w; d = tomli.load(open(sys.argv[1], 'rb')); "
    "open(sys.argv[1] + '.floor', 'wb').write(tomli_w.dumps(d).encode())"
)
SMALL, HEAVY = 20, 2_000
GROWTH_TARGET = 2.0
WRITES = ("amex log add", "amex log import")


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


def commands(file: Path, dump: Path, fresh: Path) -> dict[str, Case]:
    """What a user runs: the everyday reads, a write, and an import of the whole log."""
    amex = ["amex", "--file", str(file)]
    return {
        "amex log list": Case([*amex, "log", "list"]),
        "amex log list --json": Case([*amex, "log", "list", "--json"]),
        "amex log show": Case([*amex, "log", "show", "REF000001"]),
        "amex eligibility": Case([*amex, "eligibility"]),
        "amex next": Case([*amex, "next"]),
        "amex value": Case([*amex, "value"]),
        "amex offers list": Case([*amex, "offers", "list"]),
        "amex benefits list": Case([*amex, "benefits", "list"]),
        "amex data check": Case([*amex, "data", "check"], output=False),
        "amex log add": Case(
            lambda r, a=amex: [*a, "log", "add", f"NEW{r + 2}", "--summary", "x"],
            output=False,
        ),
        "amex log import": Case(
            ["amex", "--file", str(fresh), "log", "import", str(dump)], output=False
        ),
    }


class Files:
    """A pristine data file of N calls, its working copy (put back, with changed bytes, before
    every run) and its export, for `log import` into an empty file."""

    def __init__(self, tmp: Path, n: int, env: dict[str, str], *, realistic_file: bool) -> None:
        self.pristine = tmp / f"pristine-{n}.toml"
        self.work = tmp / f"log-{n}.toml"
        self.fresh = tmp / f"imported-{n}.toml"
        self.dump = tmp / f"export-{n}.json"
        if realistic_file:
            realistic(self.pristine, calls=n)
        else:
            build(self.pristine, n)
        export(self.pristine, self.dump, env)
        self.flip = 0
        print(f"{n:,} calls ({self.pristine.stat().st_size / 2**20:.2f} MiB)", flush=True)

    def reset(self) -> None:
        self.flip += 1
        self.work.write_bytes(self.pristine.read_bytes() + b"# changed %d\n" % (self.flip % 2))
        self.fresh.unlink(missing_ok=True)  # each import goes into an empty file


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--sizes", default="", help="larger logs to print, e.g. 10000,100000")
    opts = parser.parse_args()
    targets = Targets()
    with installed(opts.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        env = environment(bindir, tmp)
        python = str(bindir / "python")
        small = Files(Path(tmp), SMALL, env, realistic_file=True)
        heavy = Files(Path(tmp), HEAVY, env, realistic_file=True)

        def reset() -> None:
            small.reset()
            heavy.reset()

        at_small = commands(small.work, small.dump, small.fresh)
        at_heavy = commands(heavy.work, heavy.dump, heavy.fresh)
        cases = {"python -c pass": Case([python, "-c", "pass"], output=False)}
        for name in at_small:
            cases[f"{name} @{SMALL}"] = at_small[name]
            cases[f"{name} @{HEAVY:,}"] = at_heavy[name]
        result = compare(cases, baseline="python -c pass", env=env, rounds=opts.rounds,
                         reset=reset)  # fmt: skip
        print("\nthe reads again, the file as the last command left it:")
        reset()
        reads = {name: case for name, case in cases.items() if not name.startswith(WRITES)}
        unchanged = compare(reads, baseline="python -c pass", env=env, rounds=opts.rounds)
        for n in [int(s) for s in opts.sizes.split(",") if s]:
            print()
            files = Files(Path(tmp), n, env, realistic_file=False)
            large = {
                "floor: tomli load": Case([python, "-c", LOAD, str(files.work)], output=False),
                "floor: tomli load + tomli-w write": Case(
                    [python, "-c", LOAD_WRITE, str(files.work)], output=False
                ),
                **commands(files.work, files.dump, files.fresh),
            }
            compare(large, baseline="floor: tomli load", env=env,
                    rounds=max(3, opts.rounds // 6), reset=files.reset)  # fmt: skip
    print(f"\neach command at {HEAVY:,} calls against itself at {SMALL} (paired per round):")
    for name in at_small:
        ratio = result.ratio(f"{name} @{HEAVY:,}", f"{name} @{SMALL}")
        targets.check(f"{name}: {HEAVY:,} / {SMALL} calls", ratio, GROWTH_TARGET)
        if name not in WRITES:
            again = unchanged.ratio(f"{name} @{HEAVY:,}", f"{name} @{SMALL}")
            print(f"{'':<8}the file unchanged since the last command: {again:.2f}x")
    targets.finish()


if __name__ == "__main__":
    main()
