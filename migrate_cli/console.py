"""The console script (`bytespike-migrate`, `python -m migrate_cli`): Ctrl-C and SIGTERM are taken over
before anything else is imported, so that even an interrupt while the command line is still loading
ends in one line and exit 130 rather than a traceback."""

import sys


def _interrupted() -> None:
    sys.stderr.write("bytespike-migrate: interrupted: nothing was written\n")
    sys.exit(130)


def main() -> None:
    try:
        from migrate_cli import interrupts

        interrupts.install()
    except KeyboardInterrupt:
        _interrupted()
    try:
        from migrate_cli import cli
    except (KeyboardInterrupt, interrupts.Interrupted):
        _interrupted()
    cli.main()
