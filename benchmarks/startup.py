"""Where people wait: help and everyday commands, against the framework's floor.

Targets, each the median of per-round paired CPU ratios, on a `pip install .` of this tree and a
realistic data file (3 cards, 20 calls, a few offers and benefits):
- `amex --help`, bare `amex` and `amex log --help`, in a pipe and on a terminal: at most 0.5x
  `python -c "import typer"` (help is printed from data/help.txt, without the framework);
- `amex numbers --abroad`, `log list`, `eligibility`, `next`, in a pipe: at most 1.2x
  `python -c "import typer"`, both with the file as the last command left it and as the first
  read after another program changed it (an editor, a sync, `git pull`).

Printed beside, not judged: each command against `python -c pass`, and against the framework
imported as amex imports it (the collector off, then what was loaded frozen:
amexcli/__main__.py), so that what amex adds by itself is plain.

Run: python benchmarks/startup.py [--rounds N] [--venv PATH]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import (
    Case,
    Targets,
    arguments,
    changed_by_another_program,
    compare,
    environment,
    installed,
    realistic,
)

HELP_TARGET = 0.5
COMMAND_TARGET = 1.2
COMMANDS = ("amex numbers --abroad", "amex log list", "amex eligibility", "amex next")
TYPER = 'python -c "import typer"'
LIKE_AMEX = 'python -c "import typer" (as amex)'
IMPORT_LIKE_AMEX = "import gc; gc.disable(); import typer; gc.freeze(); gc.enable()"


def main() -> None:
    opts = arguments(__doc__ or "").parse_args()
    targets = Targets()
    with installed(opts.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "amex.toml"
        realistic(data)
        env = environment(bindir, tmp, AMEX_FILE=str(data), TERM="xterm-256color")
        python = str(bindir / "python")
        floors = {
            "python -c pass": Case([python, "-c", "pass"], output=False),
            TYPER: Case([python, "-c", "import typer"], output=False),
        }
        cases = {
            **floors,
            LIKE_AMEX: Case([python, "-c", IMPORT_LIKE_AMEX], output=False),
            "amex --help": Case(["amex", "--help"]),
            "amex (bare)": Case(["amex"]),
            "amex log --help": Case(["amex", "log", "--help"]),
            "amex --help (terminal)": Case(["amex", "--help"], tty=True),
            "amex (bare, terminal)": Case(["amex"], tty=True),
            "amex log --help (terminal)": Case(["amex", "log", "--help"], tty=True),
            **{name: Case(name.split()) for name in COMMANDS},
        }
        result = compare(cases, baseline="python -c pass", env=env, rounds=opts.rounds)
        print("\nthe first read after another program changed the data file:")
        changed = floors | {f"{name} (file changed)": Case(name.split()) for name in COMMANDS}
        first = compare(
            changed,
            baseline="python -c pass",
            env=env,
            rounds=opts.rounds,
            reset=changed_by_another_program(data),
        )
    print(f"\nratios to {TYPER} ({result.median(TYPER) * 1000:.1f} ms CPU; python -c pass is "
          f"{result.median('python -c pass') * 1000:.1f} ms)")  # fmt: skip
    for name in cases:
        if (name.startswith("amex") and "help" in name) or name.startswith("amex (bare"):
            targets.check(name, result.ratio(name, TYPER), HELP_TARGET)
    for name in COMMANDS:
        targets.check(f"{name} (in a pipe)", result.ratio(name, TYPER), COMMAND_TARGET)
        after = f"{name} (file changed)"
        targets.check(f"{after} (in a pipe)", first.ratio(after, TYPER), COMMAND_TARGET)
        print(f"{'':<8}{result.ratio(name, 'python -c pass'):.2f}x python -c pass, "
              f"{result.ratio(name, LIKE_AMEX):.2f}x the framework imported as amex does, "
              f"{result.peak[name] / 1024:.1f} MiB peak")  # fmt: skip
    targets.finish()


if __name__ == "__main__":
    main()
