"""A `git diff` text conversion that cuts every secret key to its first 6 characters.

all-repos prints each repository's change with `git diff` (in a dry run, and before an interactive
commit); a migration that replaces a hard-coded key would show the key in full on the removed line. The
autofixer names this module as the `textconv` of every file in its temporary clone, so the diff shows
`sk-pro…` as the tool's own diff does (README, Findings). Git runs it as `textconv FILE` and reads stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from migrate_cli.pipeline.ruleset import load_rules


def main(argv: Sequence[str] | None = None) -> int:
    (path,) = sys.argv[1:] if argv is None else argv
    with open(path, "rb") as file:
        text = file.read().decode("utf-8", "surrogateescape")
    sys.stdout.buffer.write(load_rules().redact(text).encode("utf-8", "surrogateescape"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
