"""The dirty-tree guard: `apply` does not overwrite uncommitted work it could not give back."""

from __future__ import annotations

from pathlib import Path


def uncommitted(paths: list[Path], roots: set[Path]) -> list[Path]:
    """Those of `paths` that are inside a git work tree and differ from HEAD (staged, unstaged, untracked)."""
    if not paths or not roots:
        return []
    import git

    dirty: list[Path] = []
    for root in sorted(roots):
        inside = [p for p in paths if p.resolve().is_relative_to(root)]
        if not inside:
            continue
        repo = git.Repo(root)
        rels = [p.resolve().relative_to(root).as_posix() for p in inside]
        status = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", *rels)
        changed = set()
        for entry in status.split("\0"):
            if len(entry) > 3 and entry[2] == " ":
                changed.add(entry[3:])
        dirty.extend(p for p, rel in zip(inside, rels) if rel in changed)
    return dirty
