"""What a TAB costs on a long log.

Targets, each the median of per-round paired CPU ratios, on a `pip install .` of this tree:
- `amex __complete refs`, `cards` and `ids` (what the shell scripts ask for a reference number,
  a card key, a record id) at most 3x `python -c pass`, on a data file of 10,000 calls that amex
  itself wrote last;
- the first TAB after another program changed the file (an editor, a sync, `git pull`): at most
  10x `python -c pass` at 2,000 calls (printed at 10,000 too);
- a TAB in bash (a fresh `bash` loading completions/amex.bash, completing once) within 100 ms
  of CPU, on a command name, a card key and a reference number.

The venv's bin is first on PATH, as in an activated venv or with pipx, so the bash script finds
the installed `amex`; every case must print candidates, or the benchmark stops.

Run: python benchmarks/completion.py [--rounds N] [--entries N] [--changed-entries N] [--venv PATH]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import (
    BenchmarkError,
    Case,
    Targets,
    arguments,
    changed_by_another_program,
    compare,
    environment,
    installed,
)
from log_scale import build

SCRIPT = Path(__file__).resolve().parent.parent / "completions" / "amex.bash"
TAB_TARGET = 3.0
CHANGED_TARGET = 10.0
BASH_TARGET_MS = 100


def tab(line: str) -> Case:
    words = line.split(" ")
    program = (
        f"source {SCRIPT}; COMP_WORDS=({' '.join(repr(w) for w in words)}); "
        f'COMP_CWORD={len(words) - 1}; _amex; printf "%s\\n" "${{COMPREPLY[@]}}"'
    )
    return Case(["bash", "--norc", "--noprofile", "-c", program])


def written_by_amex(data: Path, n: int, env: dict[str, str]) -> None:
    """N calls, then one `amex cards add`: the file as amex leaves it after a write."""
    build(data, n, retention=50)
    print(f"{n:,} log entries ({data.stat().st_size / 2**20:.1f} MiB); "
          "one `amex cards add` writes the file as a user would ...", flush=True)  # fmt: skip
    r = subprocess.run(
        ["amex", "--file", str(data), "cards", "add", "blue", "--product", "Blue Cash"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if r.returncode != 0:
        raise BenchmarkError(f"amex cards add failed ({r.returncode}): {r.stderr}")


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--changed-entries", type=int, default=2_000)
    opts = parser.parse_args()
    targets = Targets()
    with installed(opts.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "amex.toml"
        env = environment(bindir, tmp, AMEX_FILE=str(data))
        written_by_amex(data, opts.entries, env)
        python = str(bindir / "python")
        floor = {"python -c pass": Case([python, "-c", "pass"], output=False)}
        cases = {
            **floor,
            "amex __complete refs": Case(["amex", "__complete", "refs"]),
            "amex __complete cards": Case(["amex", "__complete", "cards"]),
            "amex __complete ids": Case(["amex", "__complete", "ids"]),
            "bash: load the script only": Case(
                ["bash", "--norc", "--noprofile", "-c", f"source {SCRIPT}"], output=False
            ),
            "bash: amex nu<TAB>": tab("amex nu"),
            "bash: amex eligibility p<TAB>": tab("amex eligibility p"),
            "bash: amex log show REF00999<TAB>": tab("amex log show REF00999"),
        }
        result = compare(cases, baseline="python -c pass", env=env, rounds=opts.rounds)
        refs = {"amex __complete refs (file changed)": Case(["amex", "__complete", "refs"])}
        changed = {}
        for n in sorted({opts.changed_entries, opts.entries}):
            print(f"\nthe first TAB after another program changed the file, {n:,} calls:")
            written_by_amex(data, n, env)
            changed[n] = compare(
                floor | refs,
                baseline="python -c pass",
                env=env,
                rounds=opts.rounds,
                reset=changed_by_another_program(data),
            )
    print()
    for kind in ("refs", "cards", "ids"):
        name = f"amex __complete {kind}"
        targets.check(f"{name} at {opts.entries:,} entries", result.ratio(name, "python -c pass"),
                      TAB_TARGET)  # fmt: skip
    for n, found in changed.items():
        ratio = found.ratio("amex __complete refs (file changed)", "python -c pass")
        if n == opts.changed_entries:
            targets.check(f"first TAB after a change, at {n:,} entries", ratio, CHANGED_TARGET)
        else:
            print(f"first TAB after a change, at {n:,} entries: {ratio:.2f}x python -c pass")
    for name in cases:
        if name.startswith("bash: amex"):
            targets.check(name, result.median(name) * 1000, BASH_TARGET_MS, " ms")
    targets.finish()


if __name__ == "__main__":
    main()
