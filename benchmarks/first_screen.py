"""How soon a long `amex log list` shows its first screen on a terminal.

Target: with 2,000 entries, on an 80x24 pseudo-terminal with the default pager (`less -FRX`),
the first screen (the header and the rows that fill it) is on the terminal within 0.5 s of
starting amex, whatever the log's length; 20,000 entries are timed beside it, not judged.
The time is to the last row of the first screen, read from the terminal; then `q` quits the
pager and amex must exit 0.

amex is a `pip install .` of this tree in a temporary venv (or `--venv PATH`, checked), as in
the other benchmarks: an editable install or a missing `amex` stops the benchmark loudly.

Run: python benchmarks/first_screen.py [--rounds N] [--venv PATH]
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import BenchmarkError, Targets, arguments, environment, installed

TARGET = 0.5  # seconds to the first screen
SIZES = (2_000, 20_000)
WIDTH, HEIGHT = 80, 24


def seed(amex: str, path: Path, n: int, env: dict[str, str]) -> None:
    """A card and `n` calls with long summaries, written by amex itself (`log import`)."""
    calls = [
        {
            "ref": f"R{i:06d}",
            "at": f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}T{i % 24:02d}:{i % 60:02d}",
            "card": "plat",
            "department": "retention",
            "channel": "phone",
            "rep": "Dana",
            "summary": "Asked about the annual fee and whether any retention offer could help",
            "promise": "Points post within 2 statements",
            "follow_up": None,
            "done": False,
        }
        for i in range(n)
    ]
    dump = path.with_suffix(".json")
    dump.write_text(json.dumps(calls))
    for argv in (
        [amex, "--file", str(path), "cards", "add", "plat", "--product", "Platinum Card"],
        [amex, "--file", str(path), "log", "import", str(dump)],
    ):
        r = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
        if r.returncode != 0:
            raise BenchmarkError(f"{' '.join(argv[3:])} failed ({r.returncode}): {r.stderr}")


def first_screen(amex: str, path: Path, env: dict[str, str]) -> float:
    """Seconds from starting `amex log list` on a terminal to its first screen being shown."""
    environ = {**env, "TERM": "xterm-256color", "NO_COLOR": "1", "LESS": "FRX"}
    environ.pop("AMEX_PAGER", None)
    environ.pop("PAGER", None)  # the default pager, as a user has it
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(amex, [amex, "--file", str(path), "log", "list"], environ)  # noqa: S606
        finally:
            os._exit(127)
    import fcntl
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    seen = b""
    shown = None
    deadline = start + 60
    try:
        while shown is None:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.perf_counter()))
            if not ready:
                raise BenchmarkError(f"no first screen after 60 s; the terminal shows:\n{seen!r}")
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                raise BenchmarkError(f"amex ended before a screen was full:\n{seen[-2000:]!r}")
            seen += chunk
            # a full screen: every line above the pager's prompt line drawn
            if seen.count(b"\n") >= HEIGHT - 1:
                shown = time.perf_counter() - start
        os.write(fd, b"q")
        code = _wait(pid, fd)
    finally:
        if shown is None:
            os.kill(pid, signal.SIGKILL)
    if code != 0:
        raise BenchmarkError(f"amex log list exited {code} after q")
    return shown


def _wait(pid: int, fd: int) -> int:
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os.close(fd)
            return os.waitstatus_to_exitcode(status)
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            with contextlib.suppress(OSError):
                os.read(fd, 1 << 16)
    os.kill(pid, signal.SIGKILL)
    raise BenchmarkError("amex did not exit after q quit the pager")


def main() -> None:
    args = arguments(__doc__ or "", rounds=7).parse_args()
    if shutil.which("less") is None:
        raise BenchmarkError("less is not installed: the default pager is what is timed")
    targets = Targets()
    with installed(args.venv) as bindir, tempfile.TemporaryDirectory() as tmp:
        env = environment(bindir, tmp)
        amex = str(bindir / "amex")
        for n in SIZES:
            path = Path(tmp) / f"log-{n}.toml"
            seed(amex, path, n, env)
            first_screen(amex, path, env)  # once unmeasured: the parse cache is written
            times = [first_screen(amex, path, env) for _ in range(args.rounds)]
            median = statistics.median(times)
            print(
                f"amex log list, {n:,} entries, first screen at {WIDTH}x{HEIGHT}: median "
                f"{median:.3f} s (min {min(times):.3f}, max {max(times):.3f})"
            )
            if n == 2_000:
                targets.check("first screen of a 2,000-entry log", median, TARGET, " s")
    targets.finish()


if __name__ == "__main__":
    main()
