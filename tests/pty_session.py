"""`amex` on a pseudo-terminal of its own, driven as a person would: wait for a question, answer.

The terminal is amex's controlling terminal, so Ctrl-C typed there (`\\x03`) reaches it as SIGINT
from the terminal driver, not from a kill() of the test.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import struct
import time

from conftest import AMEX

CTRL_C = "\x03"
CTRL_D = "\x04"


class Session:
    def __init__(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        stdin_fd: int | None = None,
        stdout_fd: int | None = None,
    ) -> None:
        """Start `amex args` on a new terminal; `stdin_fd`, `stdout_fd`: a pipe instead."""
        assert AMEX
        import fcntl
        import termios

        environ = {**os.environ, "TERM": "xterm-256color", "NO_COLOR": "1", **(env or {})}
        for size in ("COLUMNS", "LINES"):  # the terminal's own size (pytest-xdist sets 80x24)
            if size not in (env or {}):
                environ.pop(size, None)
        pid, fd = pty.fork()
        if pid == 0:  # the child: its stdin, stdout and stderr are the terminal
            try:
                # as a login shell has it, even when the tests run with SIGINT ignored (`&`)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                # the terminal's size before amex starts, or amex may read the default first
                fcntl.ioctl(2, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
                if stdin_fd is not None:
                    os.dup2(stdin_fd, 0)
                if stdout_fd is not None:
                    os.dup2(stdout_fd, 1)
                os.execve(AMEX, [AMEX, *args], environ)  # noqa: S606 (amex itself, no shell)
            finally:
                os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
        self.pid, self.fd = pid, fd
        self.screen = ""
        self._seen = 0
        self.code: int | None = None

    def read_some(self, deadline: float) -> bool:
        """Read what the terminal shows; False at its end (amex exited and closed it)."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"amex is waiting, or slow; the terminal shows:\n{self.screen}")
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the other side is closed
            return False
        if not chunk:
            return False
        self.screen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str, timeout: float = 30) -> None:
        """Wait until `text` shows on the terminal after what was expected before."""
        deadline = time.monotonic() + timeout
        while text not in self.screen[self._seen :]:
            if not self.read_some(deadline):
                raise AssertionError(f"amex ended before showing {text!r}:\n{self.screen}")
        self._seen = self.screen.index(text, self._seen) + len(text)

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def answer(self, question: str, text: str = "") -> None:
        """Wait for `question`, then type `text` and Enter."""
        self.expect(question)
        self.type(text + "\r")

    def wait(self, timeout: float = 30) -> int:
        """Read to the end and return amex's exit code (130 for Ctrl-C, as a shell reports it)."""
        deadline = time.monotonic() + timeout
        while self.read_some(deadline):
            pass
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        if os.WIFSIGNALED(status):
            self.code = 128 + os.WTERMSIG(status)
        else:
            self.code = os.WEXITSTATUS(status)
        return self.code

    def kill(self) -> None:
        if self.code is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.fd)
