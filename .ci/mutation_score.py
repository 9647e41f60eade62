"""Print mutmut's results per module: killed / all, and each survivor not listed as equivalent.

    python .ci/mutation_score.py [MODULE...] [--min 90]

Exit 1 if a module scores under --min (default 90) counting listed equivalents as killed, or if
a mutant survives that mutmut-survivors.md does not list.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KILLED = {1, 3, 36, -24, 24, 152, 255}  # a test failed, pytest broke, or the mutant hung


def equivalents() -> set[str]:
    """The mutant names that mutmut-survivors.md lists (in backquotes) as equivalent."""
    text = (ROOT / "mutmut-survivors.md").read_text(encoding="utf-8")
    return set(re.findall(r"`(amexcli\.[\w.ǁ]+__mutmut_\d+)`", text))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("modules", nargs="*")
    parser.add_argument("--min", type=float, default=90.0)
    parser.add_argument("--show", action="store_true", help="print each open survivor's diff")
    args = parser.parse_args()
    listed = equivalents()
    failed = False
    for meta in sorted((ROOT / "mutants" / "amexcli").glob("*.py.meta")):
        module = meta.name.removesuffix(".py.meta")
        if args.modules and module not in args.modules:
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        status: Counter[str] = Counter()
        open_survivors = []
        for name, code in sorted(codes.items()):
            if code in KILLED:
                status["killed"] += 1
            elif name in listed:
                status["equivalent"] += 1
            else:
                status["survived" if code == 0 else "no tests" if code in (5, 33) else "other"] += 1
                open_survivors.append(f"    {name} ({'survived' if code == 0 else code})")
        total = sum(status.values())
        score = 100 * (status["killed"] + status["equivalent"]) / total if total else 100.0
        print(
            f"{module:12} {score:5.1f}%  {status['killed']} killed, {status['equivalent']} "
            f"equivalent, {total - status['killed'] - status['equivalent']} open, of {total}"
        )
        for line in open_survivors:
            print(line)
            if args.show:
                mutmut = Path(sys.executable).parent / "mutmut"
                name = line.split()[0]
                subprocess.run([mutmut, "show", name], cwd=ROOT, check=False)
        failed |= score < args.min or bool(open_survivors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
