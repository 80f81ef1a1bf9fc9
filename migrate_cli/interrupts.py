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

SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


class Interrupted(BaseException):
    """A run stopped by SIGINT or SIGTERM; `message` says what was and was not done."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


def _raise(signum, frame) -> None:
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

    def note(signum, frame) -> None:
        stop.requested = True

    previous = {signum: signal.signal(signum, note) for signum in SIGNALS}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def worker_initializer(initializer, *args) -> None:
    """In a pool worker: SIGINT is the main process's business, SIGTERM ends the worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    initializer(*args)


def stop_pool(pool) -> None:
    """End a ProcessPoolExecutor now: queued work cancelled, workers terminated. Its own shutdown waits
    for every submitted item, and a worker blocked on the call queue can keep the interpreter's exit
    waiting in `join` for minutes; terminating the processes ends both. (It reads two private attributes
    of the executor, which has no public way to end its workers.)"""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=2)
        if process.is_alive():  # it was interrupted before it could take SIGTERM's default back
            process.kill()
            process.join(timeout=2)
    if manager is not None:
        # Until its thread has closed the pool's pipes, the interpreter's exit hook may write to one that
        # is being closed (and report it, with a traceback).
        manager.join(timeout=5)


# Set once every file of the run is written: an interrupt after that (while the report is printed)
# must not say that nothing was.
completed: str = ""
