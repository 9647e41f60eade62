"""Interleaved timing against a baseline measured in the same run (these machines are noisy)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

Argv = Sequence[str] | Callable[[int], Sequence[str]]


def installed_amex() -> str | None:
    """The console script beside this Python, not a shim on PATH that would time itself too."""
    beside = Path(sys.executable).parent / "amex"
    return str(beside) if beside.exists() else shutil.which("amex")


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and the child's peak RSS in KiB (wait4 reports KiB on Linux).

    Until it execs, a child shares this harness's memory, so the peak is never below the
    harness's own size (about that of `python -c pass`): a figure above it is the child's.
    """
    argv = [shutil.which(argv[0]) or argv[0], *argv[1:]]
    start = time.perf_counter()
    # close_fds=False and a full path let Python use posix_spawn (vfork) rather than fork.
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, close_fds=False
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed")
    return elapsed, usage.ru_maxrss


def compare(
    cases: dict[str, Argv],
    *,
    baseline: str,
    env: dict[str, str],
    rounds: int = 21,
    reset: Callable[[], None] | None = None,
) -> dict[str, tuple[float, int]]:
    """Median time and peak memory per case, the cases interleaved round by round.

    A case is an argv, or a function of the round number giving one; `reset` runs, untimed,
    before every run (to put a data file back as it was).
    """
    times: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, int] = dict.fromkeys(cases, 0)
    for n in range(-1, rounds):  # round -1 warms the caches and is not counted
        for name, argv in cases.items():
            if reset:
                reset()
            t, rss = run_once(argv(n) if callable(argv) else argv, env)
            if n >= 0:
                times[name].append(t)
                peaks[name] = max(peaks[name], rss)
    base = statistics.median(times[baseline])
    print(f"{'case':<44} {'median':>9} {'ratio':>7} {'peak MiB':>9}")
    result = {}
    for name in cases:
        med = statistics.median(times[name])
        result[name] = (med, peaks[name])
        print(f"{name:<44} {med * 1000:>7.1f}ms {med / base:>6.2f}x {peaks[name] / 1024:>9.1f}")
    return result
