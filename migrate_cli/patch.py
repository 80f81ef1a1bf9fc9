"""`diff --patch FILE`: the change as a patch that `git apply` accepts on the unchanged tree and that
gives exactly what `apply` writes. Made from the files' bytes (encodings, BOMs and line endings kept).

A file whose change removes a secret key is left out: the patch would have to show the key in full,
which no output of the tool ever does. Those files are named so the user can run `apply` for them.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from migrate_cli.runner import RunReport

_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")


def _lines(data: bytes) -> list[str]:
    return [line.decode("utf-8", "surrogateescape") for line in _LINE.findall(data)]


def build(report: RunReport, root: Path) -> tuple[bytes, list[str]]:
    """(patch, shown paths left out because they hold a secret)."""
    chunks: list[bytes] = []
    withheld: list[str] = []
    for result in report.changed:
        if any(edit.secret for edit in result.edits):
            withheld.append(result.path)
            continue
        path = report.absolute[result.path]
        name = path.resolve().relative_to(root).as_posix()
        before = path.read_bytes()
        out = []
        for line in difflib.unified_diff(_lines(before), _lines(result.new_data), f"a/{name}", f"b/{name}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        chunks.append("".join(out).encode("utf-8", "surrogateescape"))
    return b"".join(chunks), withheld
