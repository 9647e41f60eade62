"""Every file amex keeps for a data file, named in one place, and the one way amex reads them.

Beside the data file (a symlink's target): `<name>.bak` (the version before the last write),
`<name>.lock` (taken by every write), `<name>.history/` (older versions, history.py).
In the per-user cache folder (`~/.cache/amexcli/`, or `$XDG_CACHE_HOME/amexcli/`, 0700):
`keys-<hash>` (0600), the keys TAB offers (keycache.py), named by a hash of the data file's real
path so that two data files never share one; and nothing there is ever a source of truth.

Whatever amex reads from these places (`read_regular`) must be a regular file: it is opened
without following a last symlink and without blocking (a FIFO never answers), checked with
fstat, and read no further than a size bound. Anything else (a FIFO, a folder, a device, a link
to /dev/zero, a file too big) reads as None: the caller skips it.

Only os here: TAB imports this module, and must answer in the time of starting Python.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `typing` costs a TAB's budget
if TYPE_CHECKING:
    from pathlib import Path

KEYS_PREFIX = "keys-"


def backup(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def lock(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def history(path: Path) -> Path:
    return path.with_name(path.name + ".history")


def old_keys(path: Path) -> Path:
    """Where amex kept the TAB keys before they moved to the cache folder (removed on a write)."""
    return path.with_name(path.name + ".keys")


def cache_folder() -> str:
    """The per-user cache folder, as platformdirs names it (without importing it on Linux, for
    TAB's speed). OSError when there is none: a relative XDG_CACHE_HOME is ignored, as the XDG
    rules say, and without a home there is no cache."""
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            found = os.path.join(xdg, "amexcli")
        else:
            found = os.path.join(os.path.expanduser("~"), ".cache", "amexcli")
    else:
        import platformdirs

        found = str(platformdirs.user_cache_path("amexcli"))
    if not os.path.isabs(found):
        raise OSError(f"no cache folder: {found} is not an absolute path")
    return found


def keys_cache(data: str) -> str:
    """The TAB keys of the data file at `data`, named by a 64-bit hash of its real path (zlib's:
    hashlib costs a TAB 10 ms). Were two paths to meet, the cache's header, which names the
    file's device and inode, would still tell them apart."""
    import zlib

    real = os.fsencode(os.path.realpath(data))
    name = f"{KEYS_PREFIX}{zlib.crc32(real):08x}{zlib.adler32(real):08x}"
    return os.path.join(cache_folder(), name)


def private_folder(where: str) -> None:
    """`where` made if need be (its parent too, as anyone makes ~/.cache) and made 0700."""
    import stat

    if not os.path.isdir(where):
        os.makedirs(os.path.dirname(where), exist_ok=True)
        os.mkdir(where, 0o700)
    if stat.S_IMODE(os.stat(where).st_mode) != 0o700:
        os.chmod(where, 0o700)  # mkdir's mode is masked by the umask


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """The bytes of the regular file at `path`, or None if it is missing, not a regular file
    (a FIFO, a folder, a device, a symlink), or bigger than `limit` bytes. Never blocks."""
    import stat

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        chunks = []
        left = limit + 1  # a file that grew since fstat is still bounded
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return None if len(data) > limit else data
    except OSError:
        return None
    finally:
        os.close(fd)
