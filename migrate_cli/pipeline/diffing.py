"""Unified diffs of a file's text, with every real-looking key cut to its first 6 characters."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split where Python's tokenizer splits (not at form feeds)."""
    return _LINE.findall(text)


def unified_diff(path: str, before: str, after: str, redact: Callable[[str], str]) -> str:
    if before == after:
        return ""
    out = []
    for line in difflib.unified_diff(
        split_lines(before), split_lines(after), fromfile=f"a/{path}", tofile=f"b/{path}", n=3
    ):
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return redact("".join(out))
