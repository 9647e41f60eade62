"""The data file: where it lives, the lock, reading, and atomic writes with a backup.

Every change is read-modify-write under an exclusive lock on a sidecar file; the new text goes to
a temp file in the same folder, is fsynced and then `os.replace`d over the old one, which is kept
as `<name>.bak`. A file that does not parse is never written.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amexcli import paths
from amexcli.errors import DataFileError, InputError

if TYPE_CHECKING:
    from datetime import date

SCHEMA_VERSION = 2  # 2: retention ids from ids.py, tombstones in [deleted] (merge.upgrade)
# Tables of tables, keyed by card key, record id, reference number, number key, and the ids of
# offers and benefits (amexcli.ids). An old amex keeps the last two as unknown tables: no new
# schema version is needed for them.
SECTIONS = ("cards", "retention", "calls", "numbers", "offers", "benefits")
LOCK_TIMEOUT = 10.0  # seconds; AMEX_LOCK_TIMEOUT overrides

Document = dict[str, Any]


def resolve_path(option: str | None = None) -> Path:
    """The data file: the --file option, else $AMEX_FILE, else the per-user default."""
    chosen = option or os.environ.get("AMEX_FILE")
    if chosen and "\0" in chosen:
        raise InputError("the data file's path holds a NUL byte; no file can have that name.")
    if chosen:
        path = Path(chosen).expanduser()
        # pathlib drops "." parts, so the name of `.` is "" (and `a/.` names `a`)
        if path.name in ("", "..") or chosen.endswith(os.sep):
            raise DataFileError(
                f"{chosen} names a folder, not a file: give a file such as {path / 'amex.toml'}."
            )
        return path
    import platformdirs

    return platformdirs.user_data_path("amexcli") / "amex.toml"


def real_path(path: Path) -> Path:
    """Where the data really is: a symlinked data file is written through to its target, with
    the lock, temp files and backup beside the target (people link it into a synced folder)."""
    try:
        linked = path.is_symlink()
    except OSError:  # e.g. a name too long: the read or the write says why, not a traceback
        return path
    return Path(os.path.realpath(path)) if linked else path


backup_path = paths.backup  # every file kept beside the data file is named in paths.py
lock_path = paths.lock


def new_document() -> Document:
    return {"schema_version": SCHEMA_VERSION}


def section(doc: Document, name: str) -> dict[str, dict[str, Any]]:
    """The table `name` of `doc`, created empty when absent (it is written only if filled)."""
    table: dict[str, dict[str, Any]] = doc.setdefault(name, {})
    return table


def read(path: Path) -> Document:
    """The parsed file; a missing file is an empty store."""
    data = _read_bytes(path)
    return new_document() if data is None else parse(data, path)


def parse(data: bytes, path: Path) -> Document:
    """`data`, the bytes of the data file at `path`, parsed and checked."""
    doc = _loads(data, path)
    _check_shape(doc, path)
    return doc


def _loads(data: bytes, path: Path) -> Document:
    import tomli  # tomllib's own code, compiled: a third of its time on a long log

    try:
        doc = tomli.loads(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise DataFileError(
            f"{path} is not UTF-8 text (byte {e.start}).\n{_repair(path)}"
        ) from None
    except tomli.TOMLDecodeError as e:
        raise DataFileError(f"{path} is not valid TOML: {e}.\n{_repair(path)}") from None
    except RecursionError:
        raise DataFileError(f"{path} nests too deeply.\n{_repair(path)}") from None
    return doc


MAX_DEPTH = 32  # tables and arrays in one another; amex itself writes 2 or 3
_NESTING = {dict, list}  # what tomli makes them of (exact types: a set lookup is fastest)


def depth(value: object) -> int:
    """How deeply tables and arrays nest in `value`: the level of its deepest value. Without
    recursion (it may nest thousands deep), and queueing only tables and arrays, not the
    hundreds of thousands of values in a long log."""
    todo: list[tuple[Any, int]] = [(value, 0)] if type(value) in _NESTING else []
    deepest = 0
    while todo:
        item, level = todo.pop()
        children = item.values() if isinstance(item, dict) else item
        if children:
            deepest = max(deepest, level + 1)
        todo.extend((v, level + 1) for v in children if type(v) in _NESTING)
    return deepest


def _repair(path: Path) -> str:
    if backup_path(path).exists():
        return (
            "amex left it untouched: fix it by hand, or put the previous version back with "
            "`amex data restore`."
        )
    return "amex left it untouched: fix it by hand."


def _check_shape(doc: Document, path: Path) -> None:
    if depth(doc) > MAX_DEPTH:
        raise DataFileError(
            f"{path} nests tables or arrays more than {MAX_DEPTH} deep: amex could not rewrite "
            "it. Fix it by hand; it was left untouched."
        )
    version = doc.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataFileError(f"{path}: schema_version must be a whole number, not {version!r}.")
    for name in SECTIONS:
        table = doc.get(name, {})
        bad = not isinstance(table, dict) or any(not isinstance(v, dict) for v in table.values())
        if bad:
            raise DataFileError(
                f"{path}: [{name}] must hold tables such as [{name}.KEY]; fix it by hand."
            )


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes; None when it does not exist."""
    found = _read_file(path)
    return None if found is None else found[0]


def _read_file(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The file's bytes and its fstat; None when it does not exist. Only a regular file is
    read: a FIFO or a device is refused without waiting on it (O_NONBLOCK), a folder too."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        # A file stands where a folder of the path should be: nothing can be stored here.
        return None
    except OSError as e:
        raise DataFileError(f"cannot read {path}: {e.strerror}.") from None
    try:
        st = os.fstat(fd)  # a folder opens read-only, and is refused here
        if not stat.S_ISREG(st.st_mode):
            raise DataFileError(_not_regular(path, st.st_mode))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), st
    except OSError as e:
        raise DataFileError(f"cannot read {path}: {e.strerror}.") from None
    finally:
        os.close(fd)


def _not_regular(path: Path, mode: int) -> str:
    kind = (
        "a folder" if stat.S_ISDIR(mode)
        else "a FIFO" if stat.S_ISFIFO(mode)
        else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "not a regular file"
    )  # fmt: skip
    return (
        f"{path} is {kind}: amex reads and replaces only regular files. "
        "Choose another data file with --file or AMEX_FILE."
    )


def write_problem(path: Path) -> str | None:
    """Why amex could not write `path` where it lives; None when it could."""
    path = real_path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        st = None
    except OSError as e:
        return f"cannot reach {path}: {e.strerror}."
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            return _not_regular(path, st.st_mode)
        if not st.st_mode & stat.S_IWUSR:
            return (
                f"{path} is read-only (mode {stat.S_IMODE(st.st_mode):04o}): amex does not replace "
                "a file you protected. Allow it with `chmod u+w`, or choose another file."
            )
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return (
            f"cannot create the folder {path.parent}: a file stands in its place ({folder}). "
            "Move it, or choose another data file with --file or AMEX_FILE."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write in {folder}: permission denied. Choose another data file."
    return None


def writable_version(doc: Document, path: Path) -> None:
    version = doc.get("schema_version", SCHEMA_VERSION)
    if version > SCHEMA_VERSION:
        raise DataFileError(
            f"{path} was written by a newer amex (schema {version}; this one knows "
            f"{SCHEMA_VERSION}). Upgrade amex to change it; it was left untouched."
        )


@contextlib.contextmanager
def edit(path: Path) -> Iterator[Document]:
    """Lock, read, let the caller change the document, then write it atomically.

    If the body raises, nothing is written.
    """
    from datetime import datetime

    from amexcli import merge

    path = real_path(path)
    _refuse_special(path)
    _ensure_folder(path.parent)
    with _locked(path):
        _remove_stale_temps(path)
        found = _read_file(path)
        if found is None:
            old, doc = None, new_document()
        else:
            old = found[0]
            doc = parse(old, path)
        writable_version(doc, path)
        if old is not None:
            _refuse_protected(path)
        doc.setdefault("schema_version", 1)  # a hand-written file may lack it
        merge.upgrade(doc)  # an old file is upgraded on its first write; history keeps it
        before = {name: dict(doc[name]) for name in merge.keyed_sections(doc)}
        yield doc
        now = datetime.now()
        merge.note_deletions(doc, before, now=now)  # so that a merge can tell a delete
        merge.purge(doc, now=now)
        try:
            data = dump(doc)
        except RecursionError:
            raise DataFileError(f"{path} nests tables too deeply to be rewritten.") from None
        if data != old:
            _atomic_write(path, data, keep_backup=old is not None)
        from amexcli import keycache

        keycache.write(str(path), doc)  # the keys TAB offers, under the same lock (keycache.py)


def _refuse_special(path: Path) -> None:
    """Before any lock file is made beside it: a FIFO, device or folder is never written."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing (or unreachable: the write will say why)
    if not stat.S_ISREG(mode):
        raise DataFileError(_not_regular(path, mode))


def _refuse_protected(path: Path) -> None:
    """A file the user made read-only is not replaced behind their back."""
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode
        if not mode & stat.S_IWUSR:
            raise DataFileError(
                f"{path} is read-only (mode {stat.S_IMODE(mode):04o}): amex does not replace a "
                "file you protected. Allow it with `chmod u+w`; nothing was changed."
            )


def _remove_stale_temps(path: Path) -> None:
    """Temp files of this data file left by an amex that was killed mid-write (under the lock,
    no other amex is writing them): `.NAME.*.tmp`, as `_atomic_write` and `_backup` name them."""
    for stale in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()


def glob_escape(name: str) -> str:
    import glob

    return glob.escape(name)


def dump(doc: Document) -> bytes:
    """The file's text: records in key order, so two machines write the same bytes."""
    import tomli_w

    from amexcli import merge

    for name in SECTIONS:  # an empty section is not worth a header in the file
        if name in doc and not doc[name]:
            del doc[name]
    for name in merge.keyed_sections(doc):  # A1 beside a1, not after every capital
        doc[name] = dict(sorted(doc[name].items(), key=lambda kv: (kv[0].casefold(), kv[0])))
    return tomli_w.dumps(doc).encode("utf-8")


def _ensure_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        if folder.is_dir():  # another amex created it a moment ago: that is success
            return
        raise DataFileError(
            f"cannot create the folder {folder}: a file stands in its place. "
            "Move it, or choose another data file with --file or AMEX_FILE."
        ) from None
    except OSError as e:
        raise DataFileError(
            f"cannot create the folder {folder}: {e.strerror}. "
            "Choose another data file with --file or AMEX_FILE."
        ) from None
    folder.chmod(0o700)  # mkdir's mode is masked by the umask


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl
    import math

    try:
        timeout = float(os.environ.get("AMEX_LOCK_TIMEOUT", LOCK_TIMEOUT))
    except ValueError:
        timeout = math.nan
    if not math.isfinite(timeout) or timeout < 0:
        raise InputError("AMEX_LOCK_TIMEOUT must be a number of seconds, e.g. 10.") from None
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise DataFileError(f"cannot lock {path}: {e.strerror}.") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                # flock is released by the kernel when its holder dies: no stale locks.
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DataFileError(
                        f"{path} is locked by another amex; gave up after {timeout:g} s. "
                        "Try again when it has finished."
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)


def write_merged(path: Path, data: bytes) -> None:
    """Replace git's temporary file of a merge (`merge-driver`): atomic, nothing kept beside it."""
    _atomic_write(path, data, keep_backup=False, keep_history=False)


def conflict_copies(path: Path) -> list[Path]:
    """Copies of the data file a sync service set aside: Syncthing's, Dropbox's, Nextcloud's.

    Every command that reads the file looks (cli.py), so this is string tests on one listing of
    the folder, no glob patterns to compile (and a `[` in the file's name is just a `[`).
    """
    stem, suffix, name = path.stem, path.suffix, path.name
    shapes = (
        # Syncthing: amex.sync-conflict-20261126-101010-ABCDEFG.toml
        (f"{stem}.sync-conflict-", suffix, ""),
        (f"{name}.sync-conflict-", "", ""),
        # Dropbox and Nextcloud: amex (Dana's conflicted copy 2026-11-26).toml
        (f"{stem} (", f"){suffix}", "conflicted copy"),
        (f"{name} (", ")", "conflicted copy"),
    )
    try:
        names = os.listdir(path.parent)  # noqa: PTH208 -- names only: no Path per entry
    except OSError:
        return []
    found = [
        path.parent / entry
        for entry in names
        if entry.startswith(stem)
        and any(_matches_glob(entry, head, tail, inner) for head, tail, inner in shapes)
    ]
    return sorted(p for p in found if p.is_file())


def _matches_glob(name: str, head: str, tail: str, inner: str) -> bool:
    """Whether `name` is head, then anything holding `inner`, then tail (as `head*inner*tail`)."""
    if len(name) < len(head) + len(tail) or not name.startswith(head) or not name.endswith(tail):
        return False
    return inner in name[len(head) : len(name) - len(tail)]


def sync_conflict_warning(path: Path, *, today: date | None = None) -> str | None:
    """A one-line warning about conflict copies beside `path`, if not given yet `today`."""
    copies = conflict_copies(path)
    if not copies:
        return None
    from datetime import date

    from amexcli import history

    today = today or date.today()
    stamp = history.folder(path) / ".warned-sync-conflicts"  # its time: when we last said it
    try:
        if date.fromtimestamp(stamp.stat().st_mtime) >= today:
            return None
    except OSError:
        pass
    try:
        history.ensure(history.folder(path))
        stamp.touch(mode=0o600)
        os.utime(stamp)
    except OSError:
        return None  # "at most once a day" cannot be kept: better quiet than on every run
    names = ", ".join(p.name for p in copies[:2]) + (", ..." if len(copies) > 2 else "")
    return (
        f"{len(copies)} conflicting cop{'y' if len(copies) == 1 else 'ies'} of {path.name} "
        f"beside it ({names}): `amex data check` says how to merge them."
    )


def write_private(path: Path, data: bytes) -> None:
    """Write a file amex makes from the user's data (a calendar) as the data file is written:
    0600, whole or not at all. A symlink is written through; a device or FIFO written to."""
    import stat

    target = real_path(path)
    try:
        special = not stat.S_ISREG(target.stat().st_mode)
    except FileNotFoundError:
        special = False
    if special:  # /dev/stdout, a named pipe: nothing to replace
        target.write_bytes(data)
        return
    _atomic_write(target, data, keep_backup=False, keep_history=False)


def _atomic_write(path: Path, data: bytes, *, keep_backup: bool, keep_history: bool = True) -> None:
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise DataFileError(f"cannot write {path}: {e.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as f:  # mkstemp made it 0600: private from the first byte
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if keep_history:
            _history(path, Path(tmp))
        if keep_backup:
            _backup(path)
        Path(tmp).replace(path)
    except OSError as e:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise DataFileError(f"cannot write {path}: {e.strerror}; it was left as it was.") from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    _fsync_folder(path.parent)


def _backup(path: Path) -> None:
    """Keep the current file as .bak: a hard link is atomic and copies nothing."""
    bak = backup_path(path)
    tmp = bak.with_name(f".{bak.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        path.chmod(0o600)  # the file is about to be replaced; its backup stays private
        os.link(path, tmp)
    except OSError:  # a file system without hard links: copy instead
        import tempfile

        fd, tmp_name = tempfile.mkstemp(prefix=f".{bak.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as f:  # 0600 from mkstemp
                f.write(path.read_bytes())
                f.flush()
                os.fsync(f.fileno())
        except BaseException:  # a full disk: no partial copy is left behind
            tmp.unlink(missing_ok=True)
            raise
    tmp.replace(bak)


def _history(path: Path, new: Path) -> None:
    """Keep the version being replaced in the history beside the file (history.py)."""
    from amexcli import history

    history.record(path, new)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform lets a folder be opened
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, None when it does not exist."""
    return _read_bytes(path)


def restore_sources(path: Path, wanted: str | None = None) -> tuple[bytes | None, bytes, str]:
    """The current file's bytes (None when missing), a kept version's bytes and its name.

    `wanted` is a version number or id from the history (default 1, the previous version);
    without a history, version 1 is the `.bak`. No such version is bad input.
    """
    from amexcli import history

    path = real_path(path)
    current = _read_bytes(path)
    found = history.find(path, wanted or "1")
    if found is not None:
        when = found.written.isoformat(sep=" ", timespec="minutes")
        data = history.read(found)
        if data is None:
            raise InputError(f"version {found.number} ({found.id}) is not a regular file.")
        return current, data, f"version {found.number} ({when})"
    if wanted in (None, "1") and not history.versions(path):
        backup = _read_bytes(backup_path(path))
        if backup is not None:
            return current, backup, f"the backup {backup_path(path).name}"
        raise InputError(
            f"nothing to restore: {path} has no earlier version yet "
            "(amex keeps the previous version from the second change on)."
        )
    odd = history.odd_entry(path, wanted) if wanted else None
    if odd is not None:
        raise InputError(f"{odd} in the history is not a regular file: nothing restored.")
    raise InputError(f"no version {wanted!r}; see `amex data history`.")


def section_counts(data: bytes | None, path: Path) -> dict[str, int] | None:
    """How many entries each section holds; None when `data` does not parse."""
    if data is None:
        return dict.fromkeys(SECTIONS, 0)
    try:
        doc = parse(data, path)
    except DataFileError:
        return None
    return {name: len(doc.get(name, {})) for name in SECTIONS}


def restore(path: Path, *, current: bytes | None, version: bytes) -> None:
    """Write `version` as a new version of the file; the current one is kept like any other.

    `current` is what the caller showed the user; if the file changed since, the restore is
    refused rather than replacing something nobody looked at. The file need not parse.
    """
    path = real_path(path)
    _refuse_special(path)
    _ensure_folder(path.parent)
    with _locked(path):
        if current is not None:
            _refuse_protected(path)
        if _read_bytes(path) != current:
            raise DataFileError(f"{path} changed meanwhile; run `amex data restore` again.")
        _atomic_write(path, version, keep_backup=current is not None)
