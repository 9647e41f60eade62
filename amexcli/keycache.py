"""The keys of the data file's tables, kept for TAB in the per-user cache folder (paths.py).

A TAB on a reference number must not parse a log of 100,000 calls (seconds). So every write of
the data file (store.edit, under the same lock) also writes, with the same temp-file-and-rename,
the keys of its tables and the identity of the file they came from: device, inode, size,
mtime_ns and ctime_ns. TAB uses the keys only while the data file still has exactly that
identity; any change made behind amex's back (an editor, a copy, a restore, `touch`) changes
the ctime at least, and TAB parses the file as before (writing a fresh cache when it can).
It is never a source of truth: deleting it loses nothing, and a torn or foreign file is ignored,
as is anything there that is not a regular file or is bigger than the data file could explain
(paths.read_regular): TAB then parses the file.

It lives in the cache folder, not beside the data file, so that a synced or git-tracked folder
holds only what the README says belongs there; an `amex.toml.keys` left beside the data file by
an older amex is removed on the next write.

Reading takes only os: a TAB answers in the time of starting Python.
"""

from __future__ import annotations

import os

from amexcli import paths

TYPE_CHECKING = False  # `typing` costs a TAB's budget
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

MAGIC = b"amex-keys 2"  # 2: printable keys only (a cache of 1 may hold control characters)
# Besides every table's keys, the values of these fields (a benefit is used by its name).
FIELDS = {"benefits": "name"}


def field_table(table: str, name: str) -> str:
    """The cache's name for the values of `name` in `[table]`'s entries: `benefits.name`."""
    return f"{table}.{name}"


def tables(doc: Mapping[str, Any]) -> dict[str, list[str]]:
    """What the cache holds: per table of tables, its keys; per FIELDS, the values, in order."""
    found: dict[str, list[str]] = {}
    for name, table in doc.items():
        if not (isinstance(table, dict) and name.isidentifier()):
            continue
        if not all(isinstance(v, dict) for v in table.values()):
            continue
        found[name] = [str(k) for k in table]
        if name in FIELDS:
            values = (v.get(FIELDS[name]) for v in table.values())
            found[field_table(name, FIELDS[name])] = [v for v in values if isinstance(v, str)]
    return found


def table_keys(doc: Mapping[str, Any], table: str) -> list[str]:
    """What the cache would answer for `table`, from a parsed document."""
    return tables(doc).get(table, [])


def cache_path(data: str) -> str:
    """In the cache folder, named by a hash of the data file's real path (a symlink's target)."""
    return paths.keys_cache(data)


def limit(st: os.stat_result) -> int:
    """The most a cache of a file of this size can hold: its keys are text of the file itself
    (plus a line per key and per table), so anything bigger is not a cache of it."""
    return 2 * st.st_size + 65536


def identity(st: os.stat_result) -> bytes:
    return b"%d %d %d %d %d" % (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def encode(doc: Mapping[str, Any], st: os.stat_result) -> bytes:
    """The cache's bytes: a header with the identity, then per table `name LENGTH\\n` and keys."""
    parts = [MAGIC + b" " + identity(st) + b"\n"]
    for name, found in tables(doc).items():
        # a key a shell would act on (ESC, CR, a newline, a bidi control) is never offered
        block = "".join(f"{k}\n" for k in found if k.isprintable()).encode("utf-8")
        parts.append(b"%s %d\n" % (name.encode(), len(block)) + block)
    return b"".join(parts)


def block(data: str, table: str) -> bytes | None:
    """The keys of `[table]` as the cache holds them, one per line (b"" for no such table);
    None when the cache cannot be trusted."""
    try:
        st = os.stat(data)
        raw = paths.read_regular(cache_path(data), limit(st))
    except (OSError, ValueError):
        return None
    if raw is None:
        return None
    end = raw.find(b"\n")
    if raw[:end] != MAGIC + b" " + identity(st):
        return None
    wanted = table.encode()
    at = end + 1
    while at < len(raw):
        end = raw.find(b"\n", at)
        name, _, length = raw[at:end].partition(b" ")
        if end < 0 or not length.isdigit() or end + 1 + int(length) > len(raw):
            return None  # torn: trust none of it
        at = end + 1 + int(length)
        if name == wanted:
            return raw[end + 1 : at]
    return b""


def keys(data: str, table: str) -> list[str] | None:
    """The keys of `[table]`, or None when the cache cannot be trusted."""
    found = block(data, table)
    if found is None:
        return None
    try:
        return found.decode("utf-8").split("\n")[:-1]  # not splitlines: a key may hold \r
    except UnicodeDecodeError:
        return None


def write(data: str, doc: Mapping[str, Any]) -> None:
    """Record `doc`'s keys for the data file as it is now; the caller holds the data file's lock.

    A failure here never fails the write it follows: without a cache, TAB parses the file.
    """
    import contextlib
    import tempfile

    with contextlib.suppress(OSError):  # where an older amex kept it
        os.unlink(os.path.realpath(data) + ".keys")
    try:
        target = cache_path(data)
        paths.private_folder(os.path.dirname(target))
        st = os.stat(data)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=os.path.dirname(target)
        )
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:  # 0600 from mkstemp: the keys are the user's data too
            f.write(encode(doc, st))
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def refresh(data: str, doc: Mapping[str, Any], seen: os.stat_result) -> None:
    """After TAB parsed the file as `seen`: write the cache, unless a writer holds the lock or
    the file changed since (then the next amex write, or TAB, does it)."""
    import fcntl
    from pathlib import Path

    try:
        fd = os.open(paths.lock(Path(os.path.realpath(data))), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if identity(os.stat(data)) == identity(seen):
            write(data, doc)
    except OSError:  # BlockingIOError: amex is writing; it writes the cache itself
        pass
    finally:
        os.close(fd)


def forget(data: str) -> None:
    """Remove the cache (when the data file is gone, or a test wants TAB to parse)."""
    import contextlib

    with contextlib.suppress(OSError, RuntimeError):
        os.unlink(cache_path(data))
