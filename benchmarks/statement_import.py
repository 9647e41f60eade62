"""`statement import` (writing, under the lock) at 2,000, 8,000 and 32,000 matched rows.

Every row is a benefit credit that matches (a monthly "Uber Cash" credit, each with its own
reference), so each is written as a use of the benefit: the case that grew with the square of
the rows. The baseline, measured in the same run, is `statement import --dry-run` of the same
file (it reads and matches, and writes nothing). Target, on a `pip install .` of this tree: the
writing import's time grows from the smallest to the largest size by at most 1.3x the ratio of
the rows (16x rows: at most 20.8x the time).

Run: python benchmarks/statement_import.py [--rounds N] [--sizes 2000,8000,32000] [--venv PATH]
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import BenchmarkError, Case, Targets, arguments, compare, environment, installed

COLUMNS = (
    "Date", "Description", "Card Member", "Account #", "Amount", "Extended Details",
    "Appears On Your Statement As", "Address", "City/State", "Zip Code", "Country", "Reference",
    "Category",
)  # fmt: skip
GROWTH_SLACK = 1.3


def statement(n: int) -> str:
    """N matched benefit credits, one a day back from the end of 2026, each its own reference."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    end = date(2026, 11, 30)
    for i in range(n):
        day = end - timedelta(days=i % 3000)
        writer.writerow([
            day.strftime("%m/%d/%Y"), "Uber Cash", "JANE Q CARDMEMBER", "-12345", "-15.00", "",
            "Uber Cash", "", "", "", "", f"'3{i:017d}'", "Fees & Adjustments",
        ])  # fmt: skip
    return out.getvalue()


def setup(data: Path, env: dict[str, str]) -> None:
    for args in (
        ["cards", "add", "plat", "--product", "Platinum Card", "--last5", "12345"],
        ["benefits", "add", "plat", "Uber Cash", "--amount", "15", "--every", "month",
         "--match", "uber"],
    ):  # fmt: skip
        r = subprocess.run(
            ["amex", "--file", str(data), *args], env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if r.returncode != 0:
            raise BenchmarkError(f"amex {' '.join(args)} failed: {r.stderr}")


def matched(data: Path, source: Path, env: dict[str, str], n: int) -> None:
    """Stop unless the import really writes N benefit uses (else the figures mean nothing)."""
    import tomllib

    r = subprocess.run(
        ["amex", "--file", str(data), "statement", "import", str(source), "--as-of",
         "2026-12-07", "--json"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if r.returncode not in (0, 1):
        raise BenchmarkError(f"statement import failed ({r.returncode}): {r.stderr[-2000:]}")
    doc = tomllib.loads(data.read_text())
    uses = sum(len(b.get("uses", {})) for b in doc.get("benefits", {}).values())
    if uses != n:
        raise BenchmarkError(f"{n} rows matched {uses} benefit uses, not {n}")


def main() -> None:
    parser = arguments(__doc__ or "", rounds=3)
    parser.add_argument("--sizes", default="2000,8000,32000")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run at most")
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")]
    targets = Targets()
    results = {}
    with installed(opts.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        env = environment(bindir, tmp)
        pristine = Path(tmp) / "pristine.toml"
        setup(pristine, env)
        for n in sizes:
            source = Path(tmp) / f"statement-{n}.csv"
            source.write_text(statement(n))
            work = Path(tmp) / f"amex-{n}.toml"
            shutil.copyfile(pristine, work)
            matched(work, source, env, n)
            print(f"\n{n:,} matched rows", flush=True)

            def reset(w: Path = work) -> None:
                shutil.copyfile(pristine, w)  # every import starts from the file without uses

            base = ["amex", "--file", str(work), "statement", "import", str(source),
                    "--as-of", "2026-12-07", "--plain"]  # fmt: skip
            results[n] = compare(
                {
                    "baseline: statement import --dry-run": Case([*base, "--dry-run"]),
                    "statement import": Case(base, timeout=opts.timeout),
                },
                baseline="baseline: statement import --dry-run",
                env=env,
                rounds=opts.rounds,
                reset=reset,
            )
    small, large = sizes[0], sizes[-1]
    rows = large / small
    print(f"\nfrom {small:,} to {large:,} rows ({rows:g}x the rows):")
    for name in ("baseline: statement import --dry-run", "statement import"):
        growth = results[large].median(name) / results[small].median(name)
        if name == "statement import":
            targets.check(f"{name}: time growth / row growth", growth / rows, GROWTH_SLACK)
        else:
            print(f"{name:<64} {growth / rows:6.2f}x (for comparison)")
    targets.finish()


if __name__ == "__main__":
    main()
