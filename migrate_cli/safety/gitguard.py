"""The dirty-tree guard: `apply` and `revert` do not overwrite uncommitted work they could not give back.

Outside a git work tree there is nothing to compare with: no guard (as for `apply` there). A git that
cannot answer (a damaged object store, a missing binary) stops the run with one line: writing over
work that might be uncommitted is not a guess this tool makes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from migrate_cli.pipeline.discovery import git_toplevel
from migrate_cli.safety.safepaths import printable


class DirtyCheckError(RuntimeError):
    pass


def uncommitted(paths: list[Path], roots: set[Path]) -> list[Path]:
    """Those of `paths` that are inside a git work tree and differ from HEAD (staged, unstaged, untracked)."""
    if not paths or not roots:
        return []
    dirty: list[Path] = []
    for root in sorted(roots):
        top = git_toplevel(root)
        if top is None or top.resolve() != root.resolve():
            continue  # not the root of a work tree: nothing to compare with
        inside = [p for p in paths if p.resolve().is_relative_to(root)]
        if not inside:
            continue
        rels = [p.resolve().relative_to(root).as_posix() for p in inside]
        try:
            done = subprocess.run(
                [
                    "git",
                    "-c",
                    "core.quotepath=off",
                    "status",
                    "--porcelain=v1",
                    "-z",
                    "--untracked-files=all",
                    "--",
                    *(f":(literal){rel}" for rel in rels),
                ],
                cwd=root,
                capture_output=True,
                check=False,
            )
        except OSError as exc:
            raise DirtyCheckError(
                f"cannot run git to check for uncommitted changes: {exc.strerror or exc}; "
                "pass --allow-dirty to write anyway"
            ) from None
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DirtyCheckError(
                f"git status failed in {printable(str(root))}"
                + (f" ({printable(reason[0])})" if reason else "")
                + ": cannot tell which files have uncommitted changes; repair the repository, or pass "
                "--allow-dirty to write anyway"
            )
        changed = set()
        for entry in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            if len(entry) > 3 and entry[2] == " ":
                changed.add(entry[3:])
        dirty.extend(p for p, rel in zip(inside, rels) if rel in changed)
    return dirty
