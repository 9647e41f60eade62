"""What a TAB costs, at 100,000 log entries.

Targets (issue #15), measured in the same run on a `pip install .` of this tree:
- `amex __complete refs`, `cards` and `ids` (what the shell scripts ask for a reference number,
  a card key, a record id) at most 3x `python -c pass`, on a data file of 100,000 calls;
- a TAB in bash (a fresh `bash` loading completions/amex.bash, completing once) within 100 ms,
  on a command name, a card key and a reference number.

The venv's bin is first on PATH, as in an activated venv or with pipx, so the bash script finds
the installed `amex`; every case must print candidates, or the benchmark stops.

Run: python benchmarks/completion.py [--rounds N] [--entries N] [--venv PATH]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import BenchmarkError, Case, Targets, arguments, compare, environment, installed
from log_scale import build

SCRIPT = Path(__file__).resolve().parent.parent / "completions" / "amex.bash"
TAB_TARGET = 3.0
BASH_TARGET_MS = 100


def tab(line: str) -> Case:
    words = line.split(" ")
    program = (
        f"source {SCRIPT}; COMP_WORDS=({' '.join(repr(w) for w in words)}); "
        f'COMP_CWORD={len(words) - 1}; _amex; printf "%s\\n" "${{COMPREPLY[@]}}"'
    )
    return Case(["bash", "--norc", "--noprofile", "-c", program])


def main() -> None:
    parser = arguments(__doc__ or "", rounds=21)
    parser.add_argument("--entries", type=int, default=100_000)
    opts = parser.parse_args()
    targets = Targets()
    with installed(opts.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "amex.toml"
        build(data, opts.entries, retention=50)
        env = environment(bindir, tmp, AMEX_FILE=str(data))
        print(f"{opts.entries:,} log entries ({data.stat().st_size / 2**20:.0f} MiB); "
              "one `amex cards add` writes the file as a user would ...", flush=True)  # fmt: skip
        r = subprocess.run(
            ["amex", "cards", "add", "blue", "--product", "Blue Cash"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if r.returncode != 0:
            raise BenchmarkError(f"amex cards add failed ({r.returncode}): {r.stderr}")
        python = str(bindir / "python")
        cases = {
            "python -c pass": Case([python, "-c", "pass"], output=False),
            "amex __complete refs": Case(["amex", "__complete", "refs"]),
            "amex __complete cards": Case(["amex", "__complete", "cards"]),
            "amex __complete ids": Case(["amex", "__complete", "ids"]),
            "bash: load the script only": Case(
                ["bash", "--norc", "--noprofile", "-c", f"source {SCRIPT}"], output=False
            ),
            "bash: amex nu<TAB>": tab("amex nu"),
            "bash: amex eligibility p<TAB>": tab("amex eligibility p"),
            "bash: amex log show REF09999<TAB>": tab("amex log show REF09999"),
        }
        result = compare(cases, baseline="python -c pass", env=env, rounds=opts.rounds)
    base = result["python -c pass"][0]
    print()
    for kind in ("refs", "cards", "ids"):
        name = f"amex __complete {kind}"
        targets.check(f"{name} at {opts.entries:,} entries", result[name][0] / base, TAB_TARGET)
    for name in cases:
        if name.startswith("bash: amex"):
            targets.check(name, result[name][0] * 1000, BASH_TARGET_MS, " ms")
    targets.finish()


if __name__ == "__main__":
    main()
