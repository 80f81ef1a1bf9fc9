"""Ctrl-C and SIGTERM: stop promptly, never in the middle of a file, and say what was done.

Both signals raise `Interrupted` in the main process (SIGTERM would otherwise end it without a word, and
Typer turns a KeyboardInterrupt into a silent exit 130 before any handler of ours sees it). Workers ignore
SIGINT (a terminal sends it to the whole process group; the main process decides) and are terminated
when the main process stops. While files are written the signals are deferred: the file being written
is finished, the journal updated, and only then does the run stop.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import ProcessPoolExecutor
    from types import FrameType

SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


class Interrupted(BaseException):
    """A run stopped by SIGINT or SIGTERM; `message` says what was and was not done."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted()


def install() -> None:
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            signal.signal(signum, _raise)


class Stop:
    requested = False


@contextmanager
def deferred() -> Iterator[Stop]:
    """Within the block, a signal only sets `stop.requested`; the caller stops at the next safe point."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def note(signum: int, frame: FrameType | None) -> None:
        stop.requested = True

    previous = {signum: signal.signal(signum, note) for signum in SIGNALS}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def worker_initializer(parent: int, initializer: Callable[..., object], *args: object) -> None:
    """In a pool worker: SIGINT is the main process's business, SIGTERM ends the worker at once, and so
    does the end of the main process, however it ends (after kill -9 the workers would otherwise wait
    on their queue for ever, holding the terminal's pipes open)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    initializer(*args)


def _die_with_parent(parent: int) -> None:
    """`parent`: the main process's id, taken before the fork (once it is gone, getppid names another)."""
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent was gone before the request was made
        os._exit(1)


_pools: list = []  # the process pools running now: an interrupt anywhere ends them before the exit


@contextmanager
def tracked(pool: ProcessPoolExecutor) -> Iterator[None]:
    """While the block runs, `pool` is ended by `stop_pools` (and on any exception out of the block)."""
    _pools.append(pool)
    try:
        yield
    except BaseException:  # Ctrl-C, SIGTERM, a generator closed early: end the workers now
        stop_pool(pool)
        raise
    finally:
        if pool in _pools:
            _pools.remove(pool)


def stop_pools() -> None:
    while _pools:
        stop_pool(_pools.pop())


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a ProcessPoolExecutor now: what is queued is cancelled, the workers finish the item in hand (a
    chunk of a few files) and exit; a worker that does not is terminated. The executor's own shutdown
    would wait for every submitted item, and a worker blocked on the call queue kept the interpreter's
    exit waiting in `join` for minutes. Terminating workers first is no better: the executor then fails
    every pending item, and on Python 3.11 raises (with a traceback) on those already cancelled. (This
    reads two private attributes of the executor, which has no public way to end its workers.)"""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is not None:
        manager.join(timeout=3)
    for process in processes:
        if process.is_alive():
            process.terminate()
            process.join(timeout=2)
        if process.is_alive():  # interrupted before it could take SIGTERM's default back
            process.kill()
            process.join(timeout=2)
    if manager is not None:
        # Until its thread has closed the pool's pipes, the interpreter's exit hook may write to one that
        # is being closed (and report it, with a traceback).
        manager.join(timeout=2)


# Set once every file of the run is written: an interrupt after that (while the report is printed)
# must not say that nothing was.
completed: str = ""
