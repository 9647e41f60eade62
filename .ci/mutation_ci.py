"""A quick mutation run: one module against the tests named for it.

    python .ci/mutation_ci.py                     # what CI runs: redact and tests/test_redact.py
    python .ci/mutation_ci.py dates tests/test_dates.py tests/test_mutants_dates.py

The full run (`.ci/mutation`) first measures which tests reach which function on the whole
suite, about ten minutes on 2 cores, then runs for hours. Here a copy of the project is told to
mutate only amexcli/redact.py and to run tests/test_redact.py, so both steps stay short. Exit 1
under 90% or with a survivor that mutmut-survivors.md does not list.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE = "redact"
TESTS = ["tests/test_redact.py"]
# A score with only the named tests is a lower bound of the full run's (`.ci/mutation`).
COPY = ["amexcli", "tests", ".ci", "docs", "completions", "benchmarks", "man", "README.md",
        "pyproject.toml", "mutmut-survivors.md"]  # fmt: skip


def main() -> int:
    module, tests = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 2 else (MODULE, TESTS)
    with tempfile.TemporaryDirectory(prefix="amex-mutation-") as tmp:
        work = Path(tmp)
        for name in COPY:
            src = ROOT / name
            if src.is_dir():
                ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", "mutants")
                shutil.copytree(src, work / name, ignore=ignore)
            else:
                shutil.copy2(src, work / name)
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
        mutmut = [str(Path(sys.executable).parent / "mutmut"), "run", "--max-children", "2"]
        subprocess.run(mutmut, cwd=work, check=True, stdout=subprocess.DEVNULL)
        score = [sys.executable, ".ci/mutation_score.py", module, "--show"]
        return subprocess.run(score, cwd=work, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
