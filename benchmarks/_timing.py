"""Honest timing: amex as a user installs it, each case checked, ratios against a baseline.

- amex is installed from this tree with `pip install .` (not editable) into a temporary venv;
  `--venv PATH` reuses such a venv (checked: amexcli must live in its site-packages).
- Every run is checked: a command that exits with anything but its expected code, or prints
  nothing where output is expected, stops the benchmark with exit 2 and its stderr.
- Each case's CPU time (user + system, its children's included) is measured; cases are
  interleaved round by round, and every ratio is taken within one round (a case against its
  baseline run moments apart), then the median of those ratios is reported: a loaded machine
  slows both sides of a ratio alike, so load cannot fail a target. Wall time and the child's
  peak memory are printed beside.
- A missed target makes the benchmark exit 1 (`Targets.finish`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class BenchmarkError(SystemExit):
    """A case did not do what it must: the figures would be meaningless."""

    def __init__(self, message: str) -> None:
        sys.stdout.flush()
        sys.stderr.write(f"benchmark stopped: {message}\n")
        super().__init__(2)


@dataclass
class Case:
    """What to run, and what it must do: its exit code, and output or not."""

    argv: Sequence[str] | Callable[[int], Sequence[str]]
    code: int = 0
    output: bool = True  # it must print something on stdout
    tty: bool = False  # stdout on a pseudo-terminal instead of a pipe
    timeout: float | None = None  # seconds; a run over it counts as infinitely slow

    def args(self, n: int) -> list[str]:
        return list(self.argv(n) if callable(self.argv) else self.argv)


def arguments(description: str, **extra: object) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rounds", type=int, default=int(extra.get("rounds", 31)))
    parser.add_argument(
        "--venv", type=Path, help="a venv where `pip install .` of this tree already ran"
    )
    return parser


@contextlib.contextmanager
def installed(venv: Path | None) -> Iterator[Path]:
    """The bin folder of a venv holding a non-editable install of this tree."""
    if venv is not None:
        yield check_install(venv / "bin")
        return
    with tempfile.TemporaryDirectory(prefix="amex-bench-") as tmp:
        env = Path(tmp) / "venv"
        print(f"installing this tree with `pip install .` into {env} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        r = subprocess.run(
            [env / "bin" / "python", "-m", "pip", "install", "-q", str(ROOT)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if r.returncode != 0:
            raise BenchmarkError(f"pip install . failed:\n{r.stderr[-2000:]}")
        yield check_install(env / "bin")


def check_install(bindir: Path) -> Path:
    """Fail loudly unless `amex` is there, runs, and is not an editable install."""
    amex = bindir / "amex"
    if not amex.exists():
        raise BenchmarkError(f"{amex} does not exist: is amex installed in that venv?")
    r = subprocess.run(
        [bindir / "python", "-c", "import amexcli, sys; print(amexcli.__file__, sys.prefix)"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),
    )  # fmt: skip (not from the tree: `python -c` would import the tree's amexcli)
    if r.returncode != 0:
        raise BenchmarkError(f"amexcli cannot be imported in {bindir}:\n{r.stderr}")
    module, prefix = r.stdout.split()
    if not module.startswith(prefix) or "site-packages" not in module:
        raise BenchmarkError(f"amexcli is imported from {module}, not installed in {prefix}")
    r = subprocess.run([amex, "--version"], capture_output=True, text=True, check=False)
    if r.returncode != 0 or not r.stdout.startswith("amex "):
        raise BenchmarkError(f"{amex} --version failed ({r.returncode}): {r.stderr}")
    print(f"timing {r.stdout.strip()} installed at {module}", flush=True)
    return bindir


def environment(bindir: Path, tmp: str | Path, **extra: str) -> dict[str, str]:
    """The venv's bin first on PATH (as an activated venv or pipx has it), no colour, and the
    cache folder (where amex may keep a cache) in `tmp`, not in your home."""
    env = {k: v for k, v in os.environ.items() if k not in ("AMEX_FILE", "NO_COLOR", "COLUMNS")}
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)  # the tree must not shadow the installed package
    cache = Path(tmp) / "cache"
    cache.mkdir(exist_ok=True)
    env["XDG_CACHE_HOME"] = str(cache)
    return {**env, **extra}


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:  # EIO: the pty's other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def run_once(case: Case, n: int, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds, and the child's peak RSS in KiB; stops the benchmark on a failure."""
    argv = case.args(n)
    argv[0] = shutil.which(argv[0], path=env["PATH"]) or argv[0]
    if case.tty:
        read_end, write_end = pty.openpty()
    else:
        read_end, write_end = os.pipe()
    err = tempfile.TemporaryFile()  # noqa: SIM115 -- read after the child ends, then dropped
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=write_end, stderr=err, env=env, close_fds=False
    )
    os.close(write_end)
    timer = None
    if case.timeout is not None:
        import threading

        timer = threading.Timer(case.timeout, proc.kill)
        timer.start()
    out = _read_all(read_end)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    if timer is not None:
        timer.cancel()
        if elapsed >= case.timeout:  # type: ignore[operator]
            print(f"  `{' '.join(argv)}` took over {case.timeout:g} s: stopped", flush=True)
            return float("inf"), float("inf"), usage.ru_maxrss
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != case.code or (case.output and not out.strip()):
        err.seek(0)
        what = f"exited {code} (expected {case.code})" if code != case.code else "printed nothing"
        raise BenchmarkError(
            f"`{' '.join(argv)}` {what}.\n{err.read().decode(errors='replace')[-2000:]}"
        )
    return elapsed, cpu, usage.ru_maxrss


@dataclass
class Result:
    """Per case, its CPU and wall seconds round by round (round i of every case ran together)."""

    cpu: dict[str, list[float]]
    wall: dict[str, list[float]]
    peak: dict[str, int]  # KiB

    def median(self, name: str) -> float:
        """The case's median CPU seconds."""
        return statistics.median(self.cpu[name])

    def ratio(self, name: str, against: str) -> float:
        """The median, over rounds, of the case's CPU over `against`'s in the same round."""
        return statistics.median(
            a / b for a, b in zip(self.cpu[name], self.cpu[against], strict=True)
        )


def compare(
    cases: dict[str, Case],
    *,
    baseline: str,
    env: dict[str, str],
    rounds: int = 31,
    reset: Callable[[], None] | None = None,
) -> Result:
    """Every case, interleaved round by round; printed: median CPU and wall time, the median of
    the per-round ratios to `baseline`, and peak memory.

    `reset` runs, untimed, before every run (to put a data file back as it was, or change it as
    another program would). Until it execs, a child shares this harness's memory, so a peak is
    never below the harness's own size.
    """
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    wall: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, int] = dict.fromkeys(cases, 0)
    for n in range(-1, rounds):  # round -1 warms the caches and is not counted
        for name, case in cases.items():
            if reset:
                reset()
            w, c, rss = run_once(case, n, env)
            if n >= 0:
                cpu[name].append(c)
                wall[name].append(w)
                peaks[name] = max(peaks[name], rss)
    result = Result(cpu, wall, peaks)
    print(f"{'case':<52} {'CPU':>8} {'wall':>8} {'ratio':>7} {'peak MiB':>9}")
    for name in cases:
        ms, wall_ms = result.median(name) * 1000, statistics.median(wall[name]) * 1000
        print(f"{name:<52} {ms:>6.1f}ms {wall_ms:>6.1f}ms {result.ratio(name, baseline):>6.2f}x "
              f"{peaks[name] / 1024:>9.1f}")  # fmt: skip
    print(f"(median of {rounds} rounds; ratio: the median of per-round ratios to {baseline})")
    return result


def changed_by_another_program(path: Path) -> Callable[[], None]:
    """A `reset` that rewrites `path` as an editor, a sync or `git pull` would: the same data,
    its bytes different (a comment line that alternates), a new mtime. Any cache amex keeps
    of it is then stale, and the next command reads the file afresh."""
    original = path.read_bytes()
    flips = [0]

    def change() -> None:
        flips[0] += 1
        path.write_bytes(original + b"# changed %d\n" % (flips[0] % 2))

    return change


@dataclass
class Targets:
    """Each target's verdict printed as it is judged; `finish` exits 1 if any was missed."""

    missed: list[str] = field(default_factory=list)

    def check(self, what: str, value: float, limit: float, unit: str = "x") -> None:
        ok = value <= limit
        if not ok:
            self.missed.append(what)
        print(f"{what:<64} {value:6.2f}{unit} (target <= {limit:g}{unit}): "
              f"{'met' if ok else 'MISSED'}")  # fmt: skip

    def finish(self) -> None:
        print(f"\nmachine: {machine()}")
        if self.missed:
            print(f"{len(self.missed)} target(s) missed: {', '.join(self.missed)}")
            sys.exit(1)
        print("every target met")


def machine() -> str:
    import platform

    cpus = os.cpu_count()
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{time.strftime('%Y-%m-%d')}, {platform.system()} {platform.machine()}, {cpus} cores"
        f"{', ' + model if model else ''}, Python {platform.python_version()}"
    )


def realistic(path: Path, calls: int = 20) -> None:
    """A realistic data file: 3 cards, `calls` calls (follow-ups around today, so that `next`
    has work), a retention record, a few offers and benefits with uses."""
    from datetime import date, datetime, timedelta

    import tomli_w

    today = date.today()
    start = datetime(2020, 1, 1, 9, 0)
    step = max(1, (datetime.now() - start).days * 24 * 60 // max(calls, 1))
    cards = {
        "plat": {
            "product": "Platinum Card",
            "annual_fee": 695,
            "fee_month": (today.month % 12) + 1,
            "closing_day": 15,
        },
        "gold": {"product": "Gold Card", "annual_fee": 325, "fee_month": 6},
        "bce": {"product": "Blue Cash Everyday"},
    }
    names = list(cards)
    doc = {
        "schema_version": 1,
        "cards": cards,
        "retention": {
            "1": {
                "card": "plat",
                "date": date(2025, 3, 20),
                "outcome": "accepted",
                "offer": "30,000 points",
            }
        },
        "calls": {
            f"REF{i:06d}": {
                "at": start + timedelta(minutes=step * i),
                "card": names[i % 3],
                "department": ("retention", "general", "dispute")[i % 3],
                "channel": ("phone", "chat", "app")[i % 3],
                "rep": f"Rep {i % 97}",
                "summary": f"Call number {i} about the annual fee and a statement credit",
                **({"follow_up": today + timedelta(days=i % 60 - 30)} if i % 4 == 0 else {}),
            }
            for i in range(calls)
        },
        "offers": {
            f"1ngg0r240m0{c}{d}": {
                "card": names[n % 2],
                "merchant": merchant,
                "credit": credit,
                "spend": 2 * credit,
                "expires": today + timedelta(days=20 * n + 5),
            }
            for n, (c, d, merchant, credit) in enumerate(
                [
                    ("a", "b", "Best Buy", 50.0),
                    ("a", "c", "Hilton", 100.0),
                    ("a", "d", "Dell", 20.0),
                    ("a", "e", "Saks", 50.0),
                ]
            )
        },
        "benefits": {
            "1ngg0q67da6ab": {
                "card": "plat",
                "name": "Uber Cash",
                "amount": 15.0,
                "every": "month",
                "uses": {"1ngg0q7sg64cd": {"date": today - timedelta(days=3), "amount": 15.0}},
            },
            "1ngg0q67da6ac": {"card": "plat", "name": "Saks", "amount": 50.0, "every": "half"},
            "1ngg0q67da6ad": {
                "card": "gold",
                "name": "Dining credit",
                "amount": 10.0,
                "every": "month",
            },
        },
    }
    path.write_text(tomli_w.dumps(doc))
