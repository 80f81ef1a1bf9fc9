"""`diff --patch FILE`: the change as a patch that `git apply` accepts on the unchanged tree and that
gives exactly what `apply` writes. Made from the files' bytes (encodings, BOMs and line endings kept).

A file whose patch would hold a secret key anywhere (a key its change removes, or one in a context line
near a change: a kept client's, a comment's, a configuration value the tool reported) is left out: no
output of the tool shows a key. Those files are named so the user can run `apply` for them.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from migrate_cli.pipeline.runner import RunReport

_LINE = re.compile(rb"[^\n]*\n|[^\n]+$")


def _lines(data: bytes) -> list[str]:
    return [line.decode("utf-8", "surrogateescape") for line in _LINE.findall(data)]


def build(report: RunReport, root: Path, secret: re.Pattern[str] | None = None) -> tuple[bytes, list[tuple[str, str]]]:
    """(patch, [(shown path, why)] of the files left out)."""
    chunks: list[bytes] = []
    withheld: list[tuple[str, str]] = []
    for result in report.changed:
        if any(edit.secret for edit in result.edits):
            withheld.append((result.path, "its change removes a secret key, which the patch would show in full"))
            continue
        path = report.absolute[result.path]
        try:
            name = path.resolve().relative_to(root).as_posix()
            before = path.read_bytes()
        except (ValueError, OSError):
            withheld.append((result.path, f"not readable below {root}"))
            continue
        assert result.new_data is not None, "a changed file has its new content"
        out = []
        for line in difflib.unified_diff(_lines(before), _lines(result.new_data), f"a/{name}", f"b/{name}"):
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        text = "".join(out)
        if secret is not None and secret.search(text):
            withheld.append((result.path, "a line near its change holds a secret key, which the patch would show"))
            continue
        chunks.append(text.encode("utf-8", "surrogateescape"))
    return b"".join(chunks), withheld
