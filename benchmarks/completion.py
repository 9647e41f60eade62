"""What a TAB costs in bash: completing a sub-command name and a card key.

Each case runs a fresh `bash` that loads completions/amex.bash and calls the completion function
once, against `python -c pass` and a bash that only loads the script, all in the same run.
Target: a TAB answers within 100 ms. Run: python benchmarks/completion.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import compare, installed_amex

SCRIPT = Path(__file__).resolve().parent.parent / "completions" / "amex.bash"


def tab(line: str) -> list[str]:
    words = line.split(" ")
    program = (
        f"source {SCRIPT}; COMP_WORDS=({' '.join(repr(w) for w in words)}); "
        f"COMP_CWORD={len(words) - 1}; _amex; test ${{#COMPREPLY[@]}} -gt 0"
    )
    return ["bash", "--norc", "--noprofile", "-c", program]


def main() -> None:
    if installed_amex() is None:
        raise SystemExit("install amex first: python -m pip install -e .")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "amex.toml"
        data.write_text('[cards.plat]\nproduct = "Platinum Card"\n[cards.gold]\nproduct = "Gold"\n')
        env = {**os.environ, "AMEX_FILE": str(data)}
        result = compare(
            {
                "python -c pass": [sys.executable, "-c", "pass"],
                "bash: load the script only": [
                    "bash",
                    "--norc",
                    "--noprofile",
                    "-c",
                    f"source {SCRIPT}",
                ],
                "bash: amex nu<TAB>": tab("amex nu"),
                "bash: amex eligibility p<TAB>": tab("amex eligibility p"),
            },
            baseline="python -c pass",
            env=env,
        )
    load = result["bash: load the script only"][0]
    print()
    for case in ("bash: amex nu<TAB>", "bash: amex eligibility p<TAB>"):
        total = result[case][0]
        verdict = "ok" if total < 0.1 else "OVER 100 ms"
        print(f"{case:<32} {total * 1000:6.1f} ms in all, {(total - load) * 1000:6.1f} ms "
              f"beyond starting bash ({verdict})")  # fmt: skip


if __name__ == "__main__":
    main()
