# SPDX-License-Identifier: MIT
"""edplan.output.forked: a child the parent no longer needs ends when told, whatever it is doing,
so that ``edplan run`` stopped by SIGTERM never waits on its painter."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from edplan.output import forked

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="needs os.fork")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_child_ends_on_sigterm_even_when_the_parent_turns_sigterm_into_an_exception():
    class Terminated(BaseException):
        pass

    def terminate(signum, frame):
        raise Terminated()

    assert threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, terminate)  # as edplan run does before it forks
    try:
        child = forked.start(lambda: time.sleep(60))
        pid = child.pid
        t0 = time.monotonic()
        child.stop()
        assert time.monotonic() - t0 < forked.STOP_SECONDS  # SIGTERM, not the SIGKILL fallback
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert child.pid is None and _gone(pid)


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(monkeypatch):
    monkeypatch.setattr(forked, "STOP_SECONDS", 0.3)

    def stubborn():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(60)

    child = forked.start(stubborn)
    pid = child.pid
    time.sleep(0.2)  # let it ignore SIGTERM before it is sent
    t0 = time.monotonic()
    child.stop()
    waited = time.monotonic() - t0
    assert 0.3 <= waited < 5.0 and _gone(pid)


def test_a_finished_child_still_hands_back_its_value():
    assert forked.start(lambda: {"answer": 42}).join() == {"answer": 42}


def test_a_child_that_ends_without_a_word_is_named_with_how_it_ended():
    with pytest.raises(RuntimeError, match=r"^the process writing x\.csv ended with status 3 before handing back"):
        forked.start(lambda: os._exit(3), "writing x.csv").join()
    with pytest.raises(RuntimeError, match=r"^the process drawing was killed by SIGKILL \(the system out of memory"):
        forked.start(lambda: os.kill(os.getpid(), signal.SIGKILL), "drawing").join()
