"""The data file's parse, kept in the per-user cache folder (`~/.cache/amexcli/`).

tomllib is pure Python: importing it costs a twentieth of starting amex, and parsing a log of
100,000 calls takes seconds (issue #15). So when `store` has read the data file's bytes, and
they are exactly the bytes this cache was made from, it takes `tomllib.loads`'s result from the
cache instead: same device, inode, size, mtime and ctime (as the TAB cache, keycache.py), and
the same length and CRC-32 of the bytes themselves, on the same Python. Anything else, and the
file is parsed as before and the cache rewritten. Everything after the parse (the shape checks,
the upgrade of an old file) runs on a cached parse as on a fresh one.

It is never a source of truth: deleting it loses nothing, and a torn, foreign or stale cache is
ignored. It holds the user's data, so its folder is 0700 and it is 0600, written with a temp
file and a rename; a cache that cannot be written is simply not written. It lives in the cache
folder, not beside the data file, so that a folder synced or kept in git never carries it (it
holds for one machine's copy of the file only), and backups that skip caches skip it.

It is read with marshal, which is built in (nothing to import) and runs no code. marshal has no
dates: a TOML date, datetime or time is kept as a tuple (kind, ISO text). TOML never parses to
a tuple, so nothing else can be taken for one.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

MAGIC = b"amex-parsed 1 py%x" % sys.hexversion  # marshal's format and tomllib are Python's
_KINDS: dict[str, Any] = {"d": date, "t": datetime, "h": time}
_KIND_OF = {kind: name for name, kind in _KINDS.items()}  # by exact type: a datetime is a date


def folder() -> Path:
    """The per-user cache folder, as platformdirs names it (without importing it on Linux)."""
    if sys.platform.startswith("linux"):
        xdg = Path(os.environ.get("XDG_CACHE_HOME", ""))
        return (xdg if xdg.is_absolute() else Path.home() / ".cache") / "amexcli"
    import platformdirs

    return platformdirs.user_cache_path("amexcli")


def cache_path(data: Path) -> Path:
    """The cache of the data file at `data` (a symlink's target): its name and a CRC of its
    whole path, so that two data files never share one (and if two paths' CRCs met, the
    file's identity would still tell them apart)."""
    real = data.resolve()
    return folder() / f"{real.name}.{zlib.crc32(os.fsencode(real)):08x}.parsed"


def _header(data: bytes, st: os.stat_result, payload: bytes | memoryview) -> bytes:
    identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    mine = (len(data), zlib.crc32(data), len(payload), zlib.crc32(payload))
    return MAGIC + b" %d %d %d %d %d" % identity + b" %d %d %d %d" % mine


def load(path: Path, data: bytes, st: os.stat_result) -> dict[str, Any] | None:
    """The parse of `data`, read from the file at `path` whose fstat is `st`; None when the
    cache cannot be trusted to hold it."""
    try:
        raw = cache_path(path).read_bytes()
    except (OSError, ValueError):
        return None
    end = raw.find(b"\n")
    payload = memoryview(raw)[end + 1 :]  # not a copy: a log of 100,000 calls is megabytes
    if end < 0 or raw[:end] != _header(data, st, payload):
        return None  # another file, another version of it, another Python, or torn
    try:
        doc = _thaw(marshal.loads(payload))  # noqa: S302 -- our own file, checked; runs no code
    except (EOFError, ValueError, TypeError, LookupError, RecursionError):
        return None  # only a cache made by hand can get here: its header matched
    return doc if isinstance(doc, dict) else None


def save(path: Path, data: bytes, st: os.stat_result, doc: dict[str, Any]) -> None:
    """Keep `doc`, the parse of `data`, for the next read of `path` (whose fstat is `st`)."""
    target = cache_path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        try:
            payload = marshal.dumps(_freeze(doc))
        finally:
            _thaw(doc)  # the caller's parse, as it was
        _private_folder(target.parent)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_header(data, st, payload) + b"\n")
            f.write(payload)
        tmp.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _private_folder(where: Path) -> None:
    if not where.is_dir():
        where.parent.mkdir(parents=True, exist_ok=True)  # ~/.cache itself, as anyone makes it
        where.mkdir(mode=0o700, exist_ok=True)
        where.chmod(0o700)  # mkdir's mode is masked by the umask


def _freeze(table: Any) -> Any:
    """`table` (a dict or list) with its dates, datetimes and times as tuples (kind, ISO text),
    for marshal. In place, so that a log of 100,000 calls is never held twice; `_thaw` puts
    them back."""
    for key, value in table.items() if type(table) is dict else enumerate(table):
        kind = type(value)
        if kind in _KIND_OF:
            table[key] = (_KIND_OF[kind], value.isoformat())
        elif kind is dict or kind is list:
            _freeze(value)
    return table


def _thaw(table: Any) -> Any:
    """The reverse of `_freeze`, in place."""
    for key, value in table.items() if type(table) is dict else enumerate(table):
        kind = type(value)
        if kind is tuple:
            table[key] = _KINDS[value[0]].fromisoformat(value[1])
        elif kind is dict or kind is list:
            _thaw(value)
    return table
