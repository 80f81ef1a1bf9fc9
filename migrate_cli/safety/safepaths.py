"""Paths read from the migration record or the settings: only ever inside the repository.

A record is plain text in the repository, so anyone who can open a pull request can write one. A path in
it that is absolute, climbs out with `..`, or goes through a symbolic link (a folder linked out of the
tree, or the file itself) is refused, never followed: nothing outside the root is read or written.
"""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath


class OutsideRoot(ValueError):
    pass


def printable(text: str) -> str:
    """`text` with control characters and undecodable bytes escaped: a file name is shown on one line
    (a newline in a name could forge an output line, or a workflow command in a CI log)."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def inside(root: Path, rel: str) -> Path:
    """root / rel, when rel is a plain relative '/'-separated path that stays inside root."""
    if not isinstance(rel, str) or not rel:
        raise OutsideRoot("an empty path")
    shown = printable(rel)
    # `\` and a drive-like `x:` are ordinary characters of a file name on POSIX (git tracks `a\b.py` and
    # `x:y.py`, and apply migrates them), so only where they separate or root a path are they refused.
    windows = os.sep == "\\" or os.altsep == "\\"
    rooted = windows and ("\\" in rel or bool(PureWindowsPath(rel).drive))
    if "\0" in rel or rooted or rel.startswith("/") or os.path.isabs(rel):
        raise OutsideRoot(f"{shown!r} is not a relative path inside the repository")
    if not rel.isprintable():
        raise OutsideRoot(f"{shown!r} is not a printable file name")
    if any(part in ("", ".", "..") for part in rel.split("/")):
        raise OutsideRoot(f"{shown!r} leaves the repository or is not a plain path")
    real_root = root.resolve()
    path = real_root / rel
    if path.is_symlink():
        raise OutsideRoot(f"{shown!r} is a symbolic link")
    folder = path.parent.resolve()
    if folder != real_root and real_root not in folder.parents:
        raise OutsideRoot(f"{shown!r} goes through a symbolic link out of the repository")
    return path
