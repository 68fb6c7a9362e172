# SPDX-License-Identifier: MIT
"""One function run in a forked child process, its return value or its exception handed back
through a pipe: how ``edplan run`` draws the report's charts and writes the workbook beside the
tables, on the second core (matplotlib and XlsxWriter hold the GIL, so a thread would not run
beside them).

The child inherits the run's results by fork, without pickling them; it writes nothing to the
terminal (its warnings are dropped: a lock that another thread held at the fork would stay
held in the child) and leaves by ``os._exit``, so that it never flushes the parent's buffers
nor runs its exit handlers."""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, Optional

__all__ = ["STOP_SECONDS", "Forked", "can_fork", "start"]

STOP_SECONDS = 5.0
"""How long :meth:`Forked.stop` waits for a child to end on SIGTERM before it kills it."""


def can_fork() -> bool:
    """Whether this process may fork a child to write in: POSIX, and not told otherwise by
    ``EDPLAN_NO_FORK=1`` (a debugger, or a process whose threads must not be forked)."""
    return hasattr(os, "fork") and not os.environ.get("EDPLAN_NO_FORK")


class Forked:
    """A child process running one function; :meth:`join` gives its result."""

    def __init__(self, pid: int, reader: int, what: str = "writing in the background") -> None:
        self.pid: Optional[int] = pid
        self._reader = reader
        self.what = what
        """What the child does, for the message when it dies without a word ("writing edplan.xlsx")."""

    def join(self) -> Any:
        """The function's return value, once the child is done; its exception raised here."""
        with os.fdopen(self._reader, "rb") as pipe:
            data = pipe.read()
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        try:
            ok, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - the child died before it could say (killed, out of memory)
            raise RuntimeError(f"the process {self.what} {_ended(status)} before handing back its result") from None
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        """Ends the child if it is still running (the parent failed or was interrupted first)."""
        if self.pid is None:
            return
        try:
            os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + STOP_SECONDS
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:  # it blocks or ignores SIGTERM: it must not hold the parent
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    break
                time.sleep(0.005)
        except (ProcessLookupError, ChildProcessError):
            pass
        self.pid = None
        try:
            os.close(self._reader)
        except OSError:
            pass


def _ended(status: int) -> str:
    """How a child ended, from its wait status, in words."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "a signal"
        return f"was killed by {name}" + (" (the system out of memory, often)" if number == signal.SIGKILL else "")
    return f"ended with status {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}"


def start(fn: Callable[[], Any], what: str = "writing in the background") -> Forked:
    """``fn()`` in a forked child process; ``what`` it does names it in the error raised by
    :meth:`Forked.join` if it dies before it hands back its result."""
    reader, writer = os.pipe()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()  # what the parent buffered is written once, by the parent
        except (AttributeError, OSError, ValueError):
            pass
    # The parent ends a child it no longer needs with SIGTERM (:meth:`Forked.stop`). The child
    # must die of it at once: the handler it inherits (``edplan run`` turns SIGTERM into an
    # exception) would wait for the interpreter, which a child in C code does not give it, and a
    # SIGTERM handled inside Python's after-fork hooks is lost. So SIGTERM is blocked across the
    # fork, and unblocked in the child once its default action is back (pending: delivered then).
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM}) if hasattr(signal, "pthread_sigmask") else None
    pid = os.fork()
    if pid:
        os.close(writer)
        child = Forked(pid, reader, what)
        try:
            if mask is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a SIGTERM held meanwhile is handled here
        except BaseException:
            child.stop()  # the caller never sees this child: end it now
            raise
        return child
    # the child
    code = 0
    try:
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        except ValueError:  # forked from a thread other than the main one: no handler to undo there
            pass
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(reader)
        # The objects inherited from the parent are never garbage to the child: out of the
        # collector's sight, its passes walk only what the child makes, and leave the parent's
        # pages shared (a pass writes to every object it walks, and each page written is copied).
        gc.freeze()
        import warnings

        warnings.simplefilter("ignore")
        try:
            result: tuple[bool, Any] = (True, fn())
        except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
            code = 1
            result = (False, error)
        try:
            data = pickle.dumps(result)
        except Exception:  # noqa: BLE001 - a value or an exception that does not pickle: its text
            what = result[1]
            data = pickle.dumps((False, RuntimeError(f"{type(what).__name__}: {what}")))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(code)
