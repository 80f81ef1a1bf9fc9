"""The console script (`bytespike-migrate`, `python -m migrate_cli`): Ctrl-C and SIGTERM are taken over
before anything else is imported, so that even an interrupt while the command line is still loading
ends in one line and exit 130 rather than a traceback."""

import sys


def _interrupted() -> None:
    sys.stderr.write("bytespike-migrate: interrupted: nothing was written\n")
    sys.exit(130)


def main() -> None:
    try:
        from migrate_cli.safety import interrupts

        interrupts.install()
    except KeyboardInterrupt:
        _interrupted()
    try:
        from migrate_cli import cli
    except (KeyboardInterrupt, interrupts.Interrupted):
        _interrupted()
    try:
        cli.main()
    except SystemExit as done:
        _leave(done)


def _leave(done: SystemExit) -> None:
    """End the process once the command is done without tearing the interpreter down: the output is
    flushed and the exit functions run (a process pool's, a temporary folder's), and the rest (a last
    garbage collection, every module's objects freed one by one) is left to the operating system, as mypy
    does. Measured: 20 ms of a 0.23 s run on a tree with nothing to migrate, 25 ms with a warm cache.

    An exit status that is not a number, a thread still running, a profiler or tracer that writes its data
    once the program is over (`python -m cProfile`, coverage), or output that cannot be flushed (a closed
    pipe) ends the usual way, so that Python reports and waits as it always has."""
    import atexit
    import os
    import threading

    if (
        not isinstance(done.code, int | None)
        or threading.active_count() > 1
        or sys.getprofile() is not None
        or sys.gettrace() is not None
    ):
        raise done
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        raise done from None
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        raise done from None
    os._exit(done.code or 0)
