"""Version history beside the data file: every write keeps the version it replaces.

`amex.toml.history/` (0700) holds each replaced version as `<id>.toml` (0600), a hard link to the
replaced file where the file system allows it (so it costs no space while `.bak` is the same
version), a copy otherwise. The id is `ids.new_id` of the time the version was written, so
names sort by time and two machines syncing the folder never pick the same name.

`journal` records, for every version amex writes, its modification time (ns) and the command
that wrote it; a version whose time is not in the journal was written outside amex (an editor,
a sync service, `git pull`).

What is kept: the newest KEEP_VERSIONS versions, or every version younger than KEEP_DAYS,
whichever keeps more; but never more than MAX_VERSIONS versions or MAX_BYTES bytes, the oldest
going first (the newest is always kept).

Called by store under its lock; nothing here takes the lock itself.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import time
from datetime import datetime
from pathlib import Path

from amexcli import ids, paths
from amexcli.lazy import frozen

KEEP_VERSIONS = 50
KEEP_DAYS = 90
MAX_VERSIONS = 1000
MAX_BYTES = 32 * 1024 * 1024
JOURNAL = "journal"
NAME = re.compile(rf"([{ids.ALPHABET}]{{{ids.LENGTH}}})\.toml")
OUTSIDE = "(outside amex)"
clock = time.time  # what "now" is when judging a version's age; tests move it


@frozen
class Version:
    """One kept version; `number` counts back from the current file (1 = the one before it)."""

    number: int
    id: str
    path: Path
    written: datetime  # local time
    command: str  # the amex command that wrote it, or OUTSIDE
    size: int


def folder(path: Path) -> Path:
    return paths.history(path)


def record(path: Path, new: Path, *, now: float | None = None) -> None:
    """Before `new` replaces `path`: keep `path` (if any) as a version, journal `new`, prune."""
    where = folder(path)
    ensure(where)
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    if st is not None:
        _keep(path, where / f"{ids.new_id(now=st.st_mtime)}.toml")
    line = f"{new.stat().st_mtime_ns}\t{current_command()}\n"
    fd = os.open(where / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)
    prune(where, now=clock() if now is None else now)


def ensure(where: Path) -> None:
    if not where.is_dir():
        where.mkdir(mode=0o700, exist_ok=True)
        where.chmod(0o700)  # mkdir's mode is masked by the umask


def _keep(path: Path, dest: Path) -> None:
    try:
        os.link(path, dest)
    except OSError:  # no hard links here: copy, keeping the time that names the version
        import shutil
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=dest.parent)
        os.close(fd)
        shutil.copy2(path, tmp)
        Path(tmp).replace(dest)
    with contextlib.suppress(OSError):
        dest.chmod(0o600)


def current_command() -> str:
    """The amex command running now, e.g. `log add`; empty outside a command."""
    if "typer" not in sys.modules:  # not started from the command line: no command runs
        return ""
    from amexcli import framework

    ctx = framework.current_context()
    if ctx is None:
        return ""
    command: str = ctx.command_path
    return " ".join(command.split()[1:])  # without the program name; one line, no tabs


def _journal(where: Path) -> dict[int, str]:
    try:
        text = (where / JOURNAL).read_text("utf-8", errors="replace")
    except OSError:
        return {}
    found = {}
    for line in text.splitlines():
        stamp, _, command = line.partition("\t")
        if stamp.isdigit():  # a line torn by a crash is skipped
            found[int(stamp)] = command
    return found


def _entries(where: Path) -> list[tuple[str, Path, os.stat_result]]:
    """(id, path, lstat) of every entry named as a version, whatever it is."""
    try:
        entries = list(where.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        m = NAME.fullmatch(entry.name)
        if m:
            with contextlib.suppress(OSError):
                found.append((m.group(1), entry, entry.lstat()))
    return found


def _files(where: Path) -> list[tuple[str, Path, os.stat_result]]:
    """(id, path, stat) of each kept version, newest first. Only regular files are versions:
    a folder, FIFO, device or symlink named like one is never opened (`odd` names them)."""
    found = [f for f in _entries(where) if stat.S_ISREG(f[2].st_mode)]
    found.sort(key=lambda f: (f[2].st_mtime_ns, f[0]), reverse=True)
    return found


def odd(path: Path) -> list[str]:
    """The entries of the history named like versions that are not regular files: skipped."""
    return sorted(e.name for _, e, st in _entries(folder(path)) if not stat.S_ISREG(st.st_mode))


def odd_entry(path: Path, wanted: str) -> str | None:
    """The name of the entry with the id `wanted` when it is there but not a regular file."""
    vid = ids.normalize(wanted)
    found = _entries(folder(path))
    return next((e.name for i, e, st in found if i == vid and not stat.S_ISREG(st.st_mode)), None)


def read(version: Version) -> bytes | None:
    """The bytes of a kept version; None if it is no longer a regular file (never blocks on a
    FIFO put there since it was listed) or is bigger than the whole history may be."""
    return paths.read_regular(version.path, MAX_BYTES)


def versions(path: Path) -> list[Version]:
    """The kept versions of `path`, newest (number 1) first."""
    where = folder(path)
    journal = _journal(where)
    return [
        Version(
            number=n,
            id=vid,
            path=file,
            written=datetime.fromtimestamp(st.st_mtime),
            command=journal.get(st.st_mtime_ns, OUTSIDE) or OUTSIDE,
            size=st.st_size,
        )
        for n, (vid, file, st) in enumerate(_files(where), start=1)
    ]


def command_of(path: Path) -> str:
    """The command that wrote the current file, or OUTSIDE."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return OUTSIDE
    return _journal(folder(path)).get(stamp, OUTSIDE) or OUTSIDE


def prune(where: Path, *, now: float) -> None:
    """Drop the versions the rules above do not keep, and their journal lines."""
    files = _files(where)
    kept_bytes = 0
    kept: list[os.stat_result] = []
    for n, (_, file, st) in enumerate(files):
        young = now - st.st_mtime < KEEP_DAYS * 86400
        within = kept_bytes + st.st_size <= MAX_BYTES and n < MAX_VERSIONS
        if n == 0 or ((n < KEEP_VERSIONS or young) and within):
            kept_bytes += st.st_size
            kept.append(st)
        else:
            with contextlib.suppress(OSError):
                file.unlink()
    if len(kept) < len(files):
        _trim_journal(where, {st.st_mtime_ns for st in kept})


def _trim_journal(where: Path, keep: set[int]) -> None:
    journal = _journal(where)
    if not journal:
        return
    newest = max(journal)  # the current file's line
    lines = [f"{t}\t{c}\n" for t, c in sorted(journal.items()) if t in keep or t == newest]
    tmp = where / f".{JOURNAL}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, "".join(lines).encode("utf-8"))
    finally:
        os.close(fd)
    tmp.replace(where / JOURNAL)


def find(path: Path, wanted: str) -> Version | None:
    """The version named by its number (1 = newest) or its id; None when there is none."""
    kept = versions(path)
    if wanted.isdigit():
        from amexcli.money import parse_int

        n = parse_int(wanted, most=len(kept))
        return kept[n - 1] if n is not None and n >= 1 else None
    vid = ids.normalize(wanted)
    return next((v for v in kept if v.id == vid), None)
