"""Mutation testing, one module at a time, against the tests named for that module.

    python .ci/mutation_ci.py                    # what CI runs: redact against its suite
    python .ci/mutation_ci.py dates eligibility  # these modules, each against its suite
    python .ci/mutation_ci.py --all              # every module in SUITES (what .ci/mutation runs)
    python .ci/mutation_ci.py dates --tests tests/test_dates.py   # a module against tests you name

Each module is mutated in a fresh copy of the project, told to mutate only that module and to
run only its suite, so a module takes minutes, not the hours of mutmut over the whole suite. A
score against a suite is a lower bound of the score against every test. Prints the score per
module and the diff of every survivor mutmut-survivors.md does not list; exit 1 if a module
scores under 90% or has such a survivor.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The tests that answer for each module: its own, and those of the commands that rely on it.
# Only what a test runs in the pytest process ties it to a mutant (mutmut counts calls there):
# the `run` fixture is in-process; `proc` tests are left out by [tool.mutmut] in pyproject.toml.
SUITES: dict[str, list[str]] = {
    "redact": ["tests/test_redact.py"],
    "dates": ["tests/test_dates.py", "tests/test_months.py"],
    "eligibility": [
        "tests/test_fee_window.py",
        "tests/test_eligibility.py",
        "tests/test_eligibility_cli.py",
    ],
    "calllog": ["tests/test_log_cli.py", "tests/test_calllog.py"],
    "scripts": ["tests/test_scripts.py"],
    "store": [
        "tests/test_store.py",
        "tests/test_history.py",
        "tests/test_restore.py",
    ],
    "offers": [
        "tests/test_offers.py",
        "tests/test_value.py",
        "tests/test_next_credits.py",
    ],
    "benefits": [
        "tests/test_benefits.py",
        "tests/test_value.py",
        "tests/test_next_credits.py",
    ],
    "statement": [
        "tests/test_statement.py",
        "tests/test_statement_cli.py",
    ],
    "merge": ["tests/test_merge.py", "tests/test_sync.py"],
}
COPY = ["amexcli", "tests", ".ci", "docs", "completions", "benchmarks", "man", "README.md",
        "CONTRIBUTING.md", "LICENSE", "pyproject.toml", "mutmut-survivors.md"]  # fmt: skip


def copy_project(work: Path) -> None:
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "mutants")
            shutil.copytree(src, work / name, ignore=ignore)
        else:
            shutil.copy2(src, work / name)


def score(module: str, tests: list[str], jobs: int) -> int:
    """Mutate `module` in a copy of the project against `tests`; mutation_score.py's exit code."""
    with tempfile.TemporaryDirectory(prefix=f"amex-mutation-{module}-") as tmp:
        work = Path(tmp)
        copy_project(work)
        config = work / "pyproject.toml"
        text = config.read_text(encoding="utf-8")
        text = re.sub(
            r"only_mutate = \[.*?\]", f'only_mutate = ["amexcli/{module}.py"]', text, flags=re.S
        )
        selection = ", ".join(f'"{t}"' for t in tests)
        text = text.replace(
            "[tool.mutmut]\n",
            f"[tool.mutmut]\npytest_add_cli_args_test_selection = [{selection}]\n",
        )
        config.write_text(text, encoding="utf-8")
        mutmut = [str(Path(sys.executable).parent / "mutmut"), "run", "--max-children", str(jobs)]
        # every example of every property (tests/conftest.py): a kill must not hang on a sample
        env = {**os.environ, "AMEX_THOROUGH": "1"}
        subprocess.run(mutmut, cwd=work, check=True, stdout=subprocess.DEVNULL, env=env)
        report = [sys.executable, ".ci/mutation_score.py", module, "--show"]
        return subprocess.run(report, cwd=work, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=", ".join(SUITES))
    parser.add_argument("--all", action="store_true", help="every module in SUITES")
    parser.add_argument("--tests", nargs="+", metavar="TEST", help="instead of the module's suite")
    parser.add_argument("--jobs", type=int, default=2, help="tests run in parallel (default 2)")
    args = parser.parse_args()
    modules = list(SUITES) if args.all else args.modules or ["redact"]
    unknown = [m for m in modules if m not in SUITES]
    if unknown:
        parser.error(f"no suite for {', '.join(unknown)}: add it to SUITES in .ci/mutation_ci.py")
    failed = 0
    for module in modules:
        failed |= score(module, args.tests or SUITES[module], args.jobs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
