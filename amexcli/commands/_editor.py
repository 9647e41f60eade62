"""Open text in the user's editor, the way `git commit` does, and read back what was saved."""

import os
import re
import sys
from pathlib import Path

from amexcli import output
from amexcli.errors import InputError


def editor() -> str:
    """$VISUAL, else $EDITOR, else vi: a command line, run by sh as git runs it."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def edit(text: str, *, name: str) -> str | None:
    """What the user saved after editing `text` in a private temporary file called after `name`.

    None when what was saved is not UTF-8 text. An editor that fails (`:cq` in vim) cancels:
    that is an error, and nothing is changed.

    The file lives in a folder only the user can enter (0700) and is itself 0600: an entry may
    hold what a rep said about the account. Both are gone when this returns.
    """
    import signal
    import subprocess
    import tempfile

    command = editor()
    with tempfile.TemporaryDirectory(prefix="amex-edit-") as folder:
        path = Path(folder) / (re.sub(r"[^A-Za-z0-9_-]", "_", name)[:60] + ".toml")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        # sh, like git: EDITOR may be "code --wait" or hold quotes
        editor_process = subprocess.Popen(["sh", "-c", f'{command} "$@"', command, str(path)])
        # Ctrl-C belongs to the editor while it runs (vi uses it), as git has it
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            code = editor_process.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
        if code in (-signal.SIGINT, 128 + signal.SIGINT):  # the editor, or sh, ended by Ctrl-C
            sys.stderr.write(output.message("cancelled; nothing was changed."))
            raise KeyboardInterrupt
        if code != 0:
            raise InputError(
                f"the editor ({command}) exited with status {code}; nothing was changed. "
                "Set VISUAL or EDITOR to the editor you use."
            )
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return None
        except OSError as e:
            raise InputError(f"cannot read what the editor saved: {e.strerror}.") from None
