"""The data file's parse, kept in the per-user cache folder (`~/.cache/amexcli/`).

tomllib is pure Python: importing it costs a twentieth of starting amex, and parsing a log of
100,000 calls takes seconds (issue #15). So when `store` has read the data file's bytes, and
they are exactly the bytes this cache was made from, it takes `tomllib.loads`'s result from the
cache instead: the same file (its real path), the same device, inode, size, mtime and ctime
(as the TAB cache, keycache.py), and the same length and CRC-32 of the bytes themselves, on the
same Python. Anything else, and the file is parsed as before and the cache rewritten.
Everything after the parse (the shape checks, the upgrade of an old file) runs on a cached
parse as on a fresh one.

It is never a source of truth: deleting it loses nothing, and a torn, foreign or stale cache is
ignored. It holds the user's data, so its folder is 0700 and it is 0600, written with a temp
file and a rename; a cache that cannot be written is simply not written. It lives in the cache
folder, not beside the data file, so that a folder synced or kept in git never carries it (it
holds for one machine's copy of the file only), and backups that skip caches skip it. When a
data file is gone, so is its cache: amex removes it when it finds the file missing, and any
save removes the caches of data files that no longer exist.

It is read with marshal, which is built in (nothing to import) and runs no code. marshal has no
dates: a TOML date, datetime or time is kept as a tuple (kind, ISO text). TOML never parses to
a tuple, so nothing else can be taken for one.

A cache file is one header line, then the payload:
`MAGIC PATH-IN-HEX DEV INODE SIZE MTIME CTIME LENGTH CRC PAYLOAD-CRC`.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import zlib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

MAGIC = b"amex-parsed 3 py%x" % sys.hexversion  # marshal's format and tomllib are Python's
_KINDS: dict[str, Any] = {"d": date, "t": datetime, "h": time}
_KIND_OF = {kind: name for name, kind in _KINDS.items()}  # by exact type: a datetime is a date


def folder() -> Path:
    """The per-user cache folder, as platformdirs names it (without importing it on Linux).
    None is found without a home: RuntimeError (Path.home's) when there is no home at all, no
    HOME and a uid without a passwd entry; OSError for a relative one (the user's data must
    not land in whatever folder amex runs in, a git checkout say)."""
    if sys.platform.startswith("linux"):
        xdg = Path(os.environ.get("XDG_CACHE_HOME", ""))
        found = (xdg if xdg.is_absolute() else Path.home() / ".cache") / "amexcli"
    else:
        import platformdirs

        found = platformdirs.user_cache_path("amexcli")
    if not found.is_absolute():
        raise OSError(f"no cache folder: {found} is not an absolute path")
    return found


def cache_path(data: Path) -> Path:
    """The cache of the data file at `data` (a symlink's target): its name and a CRC of its
    whole path, so that two data files never share one (and if two paths' CRCs met, the
    path in the header would still tell them apart)."""
    return _cache_of(data.resolve())


def _cache_of(real: Path) -> Path:
    return folder() / f"{real.name}.{zlib.crc32(os.fsencode(real)):08x}.parsed"


def _key(real: Path, data: bytes, st: os.stat_result) -> bytes:
    """The header but its payload's CRC: which file, and which version of it."""
    identity = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    where = os.fsencode(real).hex().encode()
    return MAGIC + b" %s %d %d %d %d %d %d %d" % (where, *identity, len(data), zlib.crc32(data))


def load(path: Path, data: bytes, st: os.stat_result) -> dict[str, Any] | None:
    """The parse of `data`, read from the file at `path` whose fstat is `st`; None when the
    cache cannot be trusted to hold it."""
    try:
        real = path.resolve()
        key = _key(real, data, st) + b" "
        with _open(_cache_of(real)) as f:
            head = f.readline(len(key) + 12)  # never more: a huge file is refused unread
            if not head.startswith(key):
                return None  # another file, another version of it, another Python, or torn
            crc = int(head[len(key) :])
            payload = f.read()
    except (OSError, ValueError, RuntimeError):  # RuntimeError: no home, or a symlink loop
        return None
    if zlib.crc32(payload) != crc:
        return None
    try:
        doc = _thaw(marshal.loads(payload))  # noqa: S302 -- our own file, checked; runs no code
    except (EOFError, ValueError, TypeError, LookupError, RecursionError):
        return None  # only a cache made by hand can get here: its header matched
    return doc if isinstance(doc, dict) else None


def _open(cache: Path) -> BinaryIO:
    """`cache` for reading, never waiting on a FIFO. Whatever it is (a link to /dev/zero, a
    huge file), no more than a header's length is read before it is known to be a cache of
    this very file."""
    return os.fdopen(os.open(cache, os.O_RDONLY | os.O_NONBLOCK), "rb")


def save(path: Path, data: bytes, st: os.stat_result, doc: dict[str, Any]) -> None:
    """Keep `doc`, the parse of `data`, for the next read of `path` (whose fstat is `st`)."""
    try:
        real = path.resolve()
        target = _cache_of(real)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        _private_folder(target.parent)
        _tidy(target)
        # O_EXCL: never written through a name someone else put there (a link to the data file)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except (OSError, RuntimeError):
        return
    try:
        with os.fdopen(fd, "wb") as f:
            try:
                payload = marshal.dumps(_freeze(doc))
            finally:
                _thaw(doc)  # the caller's parse, as it was
            f.write(_key(real, data, st) + b" %d\n" % zlib.crc32(payload))
            f.write(payload)
        tmp.replace(target)
    except BaseException as e:  # Ctrl-C and SIGTERM too: no temp file is left behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        if not isinstance(e, OSError | ValueError):
            raise


def discard(path: Path) -> None:
    """Remove the cache of the data file at `path`, which is gone or has just changed: the
    data it held goes with it."""
    with contextlib.suppress(OSError, RuntimeError):
        cache_path(path).unlink()


def _private_folder(where: Path) -> None:
    """The cache folder, made if need be (not a missing home: that stays missing), and made
    private if someone opened it up: the user's data goes in it."""
    if not where.is_dir():
        where.parent.mkdir(exist_ok=True)  # ~/.cache itself, as anyone makes it
        where.mkdir(mode=0o700, exist_ok=True)
    if stat.S_IMODE(where.stat().st_mode) != 0o700:
        where.chmod(0o700)  # mkdir's mode is masked by the umask


def _tidy(target: Path) -> None:
    """Remove the temp files of `target` (left by a killed amex, or being written by another
    at this moment, which then writes no cache this time), and the caches of data files that
    are gone or of another Python's amex (which parses again, and writes its own)."""
    for entry in target.parent.iterdir():
        name = entry.name
        if name.startswith(f".{target.name}.") and name.endswith(".tmp"):
            stale = True
        else:
            stale = name.endswith(".parsed") and entry != target and not _made_for_a_file(entry)
        if stale:
            with contextlib.suppress(OSError):
                entry.unlink()


def _made_for_a_file(cache: Path) -> bool:
    """Whether `cache` is this amex's cache of a data file that still exists."""
    try:
        with _open(cache) as f:
            fields = f.readline(8192).split(b" ")
        real = os.fsdecode(bytes.fromhex(fields[3].decode("ascii")))
    except (OSError, ValueError, IndexError):
        return False
    return b" ".join(fields[:3]) == MAGIC and os.path.lexists(real)


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
