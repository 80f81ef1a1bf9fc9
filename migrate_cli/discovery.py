"""Finding the files to look at, as git sees them.

In a git work tree: tracked files plus untracked files that are not ignored. Elsewhere: a walk of the
folder that honours `.gitignore` files. Symlinks are never followed; tool and environment folders
(`.git`, `.venv`, `node_modules`, …) are skipped.
"""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SKIPPED_DIRS = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
     "site-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs"}
)


class DiscoveryError(ValueError):
    pass


@dataclass
class Discovery:
    files: list[tuple[Path, str]] = field(default_factory=list)  # (absolute path, shown path)
    skipped: Counter = field(default_factory=Counter)
    git_roots: set[Path] = field(default_factory=set)


def shown_path(path: Path, cwd: Path) -> str:
    return Path(os.path.relpath(path, cwd)).as_posix()


def git_toplevel(folder: Path) -> Path | None:
    # A plain `git` call: importing gitpython costs more than the whole listing on a sparse tree.
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, check=False,
        )
    except OSError:
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def _git_files(folder: Path) -> list[Path]:
    out = subprocess.run(
        ["git", "-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=folder, capture_output=True, check=False,
    )
    if out.returncode != 0:
        raise DiscoveryError(f"git ls-files failed in {folder}: {out.stderr.decode(errors='replace').strip()}")
    names = dict.fromkeys(n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n)
    return [folder / name for name in names]


def _walk_files(folder: Path) -> list[Path]:
    import pathspec

    found: list[Path] = []
    specs: list[tuple[Path, pathspec.PathSpec]] = []

    def ignored(path: Path, is_dir: bool) -> bool:
        for base, spec in specs:
            if base == path or base in path.parents:
                rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
                if spec.match_file(rel):
                    return True
        return False

    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        current = Path(dirpath)
        if ".gitignore" in filenames:
            try:
                lines = (current / ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
                specs.append((current, pathspec.GitIgnoreSpec.from_lines(lines)))
            except OSError:
                pass
        dirnames[:] = sorted(
            d for d in dirnames if d not in SKIPPED_DIRS and not ignored(current / d, True)
        )
        found.extend(current / f for f in sorted(filenames) if not ignored(current / f, False))
    return found


def discover(paths: list[Path], excludes: list[str], cwd: Path | None = None) -> Discovery:
    cwd = cwd or Path.cwd()
    result = Discovery()
    exclude_spec = None
    if excludes:
        import pathspec

        exclude_spec = pathspec.GitIgnoreSpec.from_lines(excludes)
    seen: set[Path] = set()
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise DiscoveryError(f"path does not exist: {given}")
        folder = given if given.is_dir() and not given.is_symlink() else None
        if folder is None:
            candidates, base = [given], given.parent
        else:
            top = git_toplevel(folder)
            if top is not None:
                result.git_roots.add(top.resolve())
                candidates = _git_files(folder)
            else:
                candidates = _walk_files(folder)
            base = folder
        for path in candidates:
            absolute = Path(os.path.abspath(path))
            if absolute in seen:
                continue
            seen.add(absolute)
            rel_parts = absolute.relative_to(os.path.abspath(base)).parts if folder else ()
            if any(part in SKIPPED_DIRS for part in rel_parts[:-1]):
                result.skipped["tool folder"] += 1
                continue
            shown = shown_path(absolute, cwd)
            if exclude_spec is not None and (
                exclude_spec.match_file(shown) or exclude_spec.match_file("/".join(rel_parts))
            ):
                result.skipped["excluded"] += 1
                continue
            if path.is_symlink():
                result.skipped["symlink"] += 1
                continue
            if not path.is_file():
                continue  # deleted since it was committed, or a submodule
            result.files.append((absolute, shown))
        if folder is None and given.is_file():
            top = git_toplevel(given.parent)
            if top is not None:
                result.git_roots.add(top.resolve())
    result.files.sort(key=lambda item: item[1])
    return result
