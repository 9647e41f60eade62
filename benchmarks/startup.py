"""Where people wait: help and everyday commands, against the framework's floor.

Targets (issue #15), each a ratio measured in the same run, on a `pip install .` of this tree:
- `amex --help`, bare `amex` and `amex log --help`, in a pipe and on a terminal: at most 1.3x
  `python -c "import typer"`;
- `amex numbers --abroad`, `log list`, `eligibility`, `next`, in a pipe, on a small data file:
  at most 1.15x `python -c "import typer"` (their ratio to `python -c pass` is printed too).

Printed beside, not judged:
- the same commands against the framework imported as amex imports it (the collector off, then
  what was loaded frozen: amexcli/__main__.py), so that what amex adds by itself is plain;
- the first command after the data file changed, which parses it instead of reading
  the cache folder (amexcli/parsecache.py); every later one reads the cache.

Run: python benchmarks/startup.py [--rounds N] [--venv PATH]
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import Case, Targets, arguments, compare, environment, installed

HELP_TARGET = 1.3
COMMAND_TARGET = 1.15
COMMANDS = ("amex numbers --abroad", "amex log list", "amex eligibility", "amex next")
LIKE_AMEX = 'python -c "import typer" (as amex)'
IMPORT_LIKE_AMEX = "import gc; gc.disable(); import typer; gc.freeze(); gc.enable()"


def seed(path: Path) -> None:
    """Two cards, an offer, three calls with follow-ups soon: every command has output."""
    soon = date.today() + timedelta(days=10)
    path.write_text(
        f"""\
schema_version = 1

[cards.plat]
product = "Platinum Card"
annual_fee = 695
fee_month = {soon.month}
closing_day = 15

[cards.gold]
product = "Gold Card"

[retention.1]
card = "plat"
date = 2025-03-20
outcome = "accepted"
offer = "30,000 points"

[calls.A1B2C3]
at = 2026-01-05T19:05:00
card = "plat"
department = "retention"
summary = "Asked about the annual fee"
follow_up = {soon.isoformat()}

[calls.CHAT-9]
at = 2026-02-01T10:00:00
card = "gold"
channel = "chat"
follow_up = {(soon + timedelta(days=3)).isoformat()}

[calls.B4]
at = 2026-02-11T09:30:00
card = "plat"
summary = "Statement credit"
"""
    )


def main() -> None:
    opts = arguments(__doc__ or "").parse_args()
    targets = Targets()
    with installed(opts.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "amex.toml"
        seed(data)
        env = environment(bindir, tmp, AMEX_FILE=str(data), TERM="xterm-256color")
        python = str(bindir / "python")
        cases = {
            "python -c pass": Case([python, "-c", "pass"], output=False),
            'python -c "import typer"': Case([python, "-c", "import typer"], output=False),
            LIKE_AMEX: Case([python, "-c", IMPORT_LIKE_AMEX], output=False),
            "amex --help": Case(["amex", "--help"]),
            "amex (bare)": Case(["amex"]),
            "amex log --help": Case(["amex", "log", "--help"]),
            "amex --help (terminal)": Case(["amex", "--help"], tty=True),
            "amex (bare, terminal)": Case(["amex"], tty=True),
            "amex log --help (terminal)": Case(["amex", "log", "--help"], tty=True),
            "amex numbers --abroad": Case(["amex", "numbers", "--abroad"]),
            "amex log list": Case(["amex", "log", "list"]),
            "amex eligibility": Case(["amex", "eligibility"]),
            "amex next": Case(["amex", "next"]),
        }
        result = compare(cases, baseline="python -c pass", env=env, rounds=opts.rounds)
        print("\nthe first command after a change to the data file (its cache removed each run):")
        changed = {name: cases[name] for name in ("python -c pass", 'python -c "import typer"')} | {
            f"{name} (file changed)": cases[name] for name in COMMANDS
        }
        cache = Path(env["XDG_CACHE_HOME"]) / "amexcli"
        first = compare(
            changed,
            baseline="python -c pass",
            env=env,
            rounds=opts.rounds,
            reset=lambda: shutil.rmtree(cache, ignore_errors=True),
        )
    floor = result['python -c "import typer"'][0]
    like = result[LIKE_AMEX][0]
    bare = result["python -c pass"][0]
    print(f'\nratios to python -c "import typer" ({floor * 1000:.1f} ms; python -c pass is '
          f"{bare * 1000:.1f} ms)")  # fmt: skip
    for name in cases:
        if (name.startswith("amex") and "help" in name) or name.startswith("amex (bare"):
            targets.check(name, result[name][0] / floor, HELP_TARGET)
    for name in COMMANDS:
        targets.check(f"{name} (in a pipe)", result[name][0] / floor, COMMAND_TARGET)
        after = first[f"{name} (file changed)"][0] / first['python -c "import typer"'][0]
        print(f"{'':<8}{name}: {result[name][0] / bare:.2f}x python -c pass, "
              f"{result[name][0] / like:.2f}x the framework imported as amex does, "
              f"{after:.2f}x after a change to the file, "
              f"{result[name][1] / 1024:.1f} MiB peak")  # fmt: skip
    targets.finish()


if __name__ == "__main__":
    main()
