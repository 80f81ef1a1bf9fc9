"""Finding the files to look at, as git sees them.

In a git work tree: tracked files plus untracked files that are not ignored. Elsewhere: a walk of the
folder that honours `.gitignore` files. Symlinks are never followed; tool and environment folders
(`.git`, `.venv`, `node_modules`, …) are skipped.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

RECORD_NAME = ".bytespike-migrate.toml"  # the migration record (undo/record.py), never a file to migrate
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".eggs",
        ".bytespike-migrate-cache",
    }
)


class DiscoveryError(ValueError):
    pass


class RepositoryBusy(RuntimeError):
    """Another run holds the lock on a repository (safety/journal.py; defined here to keep that module off
    start-up)."""


class RecordError(ValueError):
    """The migration record cannot be read (defined here, where start-up already looks, so that the
    record module is imported only when a record is)."""


@dataclass
class Discovery:
    files: list[tuple[str, str, int]] = field(default_factory=list)  # (absolute path, shown path, size)
    skipped: Counter = field(default_factory=Counter)
    git_folders: set[Path] = field(default_factory=set)  # folders whose files came from git
    listed_by_git: list[str] = field(default_factory=list)  # the folders given that `git ls-files` listed
    # Files skipped for a reason the user should see by name: (shown path made printable, why).
    named_skips: list[tuple[str, str]] = field(default_factory=list)

    def skip(self, shown: str, reason: str, detail: str = "") -> None:
        from migrate_cli.safety.safepaths import printable

        self.skipped[reason] += 1
        self.named_skips.append((printable(shown), f"{reason} ({detail})" if detail else reason))

    def git_roots(self) -> set[Path]:
        roots = set()
        for folder in self.git_folders:
            top = git_toplevel(folder)
            if top is not None:
                roots.add(top.resolve())
        return roots


def shown_path(path: str, cwd: str) -> str:
    shown = os.path.relpath(path, cwd)
    return shown.replace(os.sep, "/") if os.sep != "/" else shown


def git_toplevel(folder: Path) -> Path | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None


def record_root(path: Path) -> Path:
    """Where the migration record for `path` lives: its git work tree's root, else the folder itself."""
    folder = path if path.is_dir() else path.parent
    top = git_toplevel(folder)
    return (top or folder).resolve()


# git's word for a folder it could not list (it goes on without it, exit status 0)
_GIT_UNREADABLE = re.compile(r"could not open directory '(.+)': (.+)$", re.M)


def _git_files(folder: Path, unreadable: list[tuple[str, str]] | None = None) -> list[str] | None:
    """Tracked plus untracked-not-ignored files below `folder` (relative), or None outside a work tree.
    Folders git could not read go to `unreadable` as (relative path, reason).

    A plain `git` call: importing gitpython costs more than the whole listing on a sparse tree.
    """
    if not os.access(folder, os.R_OK | os.X_OK):
        raise DiscoveryError(f"cannot read the folder {folder}: permission denied")
    try:
        out = subprocess.run(
            ["git", "-c", "core.quotepath=off", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=folder,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        return None  # no git on this machine: walk the folder
    except OSError as exc:
        raise DiscoveryError(f"cannot list the folder {folder}: {exc.strerror or exc}") from None
    if out.returncode != 0:
        message = out.stderr.decode(errors="replace")
        if "not a git repository" in message:
            return None
        raise DiscoveryError(f"git ls-files failed in {folder}: {message.strip()}")
    if unreadable is not None:
        for match in _GIT_UNREADABLE.finditer(out.stderr.decode("utf-8", "surrogateescape")):
            unreadable.append((match.group(1).rstrip("/"), match.group(2).strip()))
    return list(dict.fromkeys(n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n))


class GitGrep:
    """The files below a folder (relative, as `_git_files` lists them) that hold any of `tokens`, by git's
    own search: one pass over the bytes for every token at once. Started before the listing,
    so that both run at once; `names()` is None when git cannot say (not a work tree, no git).

    Where a tree is a git work tree this is the byte search of the whole listing: Python searches each
    token in turn (the standard library's 31 MB: about 17 ms a token, eight tokens for two providers and
    their configuration files, after 30 ms of reading), `git grep` all of them in about 40 ms. The files
    it names are read and searched again exactly (handlers.Prefilter); the others hold none of the tokens.
    """

    def __init__(self, folder: str, tokens: list[bytes], pathspecs: list[str] | None = None, threads: int = 0) -> None:
        command = [
            b"git",
            b"-c",
            b"core.quotepath=off",
            b"-c",
            b"grep.fullName=false",
            b"-c",
            b"grep.fallbackToNoIndex=false",
            b"grep",
            b"-l",
            b"-z",
            b"-F",
            b"--untracked",
            b"--no-color",
            b"--no-recurse-submodules",
            b"--threads=%d" % threads,  # 0: git's default, a thread per core
        ]
        for token in tokens:
            command += [b"-e", token]
        if pathspecs:
            command += [b"--", *(p.encode() for p in pathspecs)]
        self.folder = folder
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                command, cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError:
            self.process = None

    def names(self) -> set[str] | None:
        if self.process is None:
            return None
        out, _ = self.process.communicate()
        if self.process.returncode not in (0, 1):  # 1: no file holds any token
            return None
        return {n for n in out.decode("utf-8", "surrogateescape").split("\0") if n}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _walk_files(folder: Path, unreadable: list[str] | None = None) -> list[str]:
    import pathspec

    found: list[str] = []

    def note(error: OSError) -> None:
        if unreadable is not None and error.filename:
            unreadable.append(os.path.relpath(error.filename, folder).replace(os.sep, "/"))

    specs: list[tuple[str, pathspec.PathSpec]] = []

    def ignored(rel: str, is_dir: bool) -> bool:
        for base, spec in specs:
            if base == "" or rel.startswith(base + "/"):
                inner = rel[len(base) + 1 :] if base else rel
                if spec.match_file(inner + ("/" if is_dir else "")):
                    return True
        return False

    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False, onerror=note):
        rel_dir = os.path.relpath(dirpath, folder).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        if ".gitignore" in filenames:
            try:
                with open(os.path.join(dirpath, ".gitignore"), encoding="utf-8", errors="replace") as handle:
                    specs.append((rel_dir, pathspec.GitIgnoreSpec.from_lines(handle.read().splitlines())))
            except OSError:
                pass
        prefix = rel_dir + "/" if rel_dir else ""
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not ignored(prefix + d, True))
        found.extend(prefix + f for f in sorted(filenames) if not ignored(prefix + f, False))
    return found


def discover(paths: list[Path], excludes: list[str], cwd: Path | None = None) -> Discovery:
    cwd_text = str(cwd or Path.cwd())
    result = Discovery()
    exclude_spec = None
    if excludes:
        import pathspec

        try:
            exclude_spec = pathspec.GitIgnoreSpec.from_lines(excludes)
        except (ValueError, TypeError) as exc:  # pathspec's pattern errors are ValueErrors
            raise DiscoveryError(f"invalid --exclude pattern: {exc}") from None
    seen: set[str] = set()
    uid = os.getuid() if hasattr(os, "getuid") else None  # the real user, whom os.access asks about
    for given in paths:
        base, listed = _listing(given, result, cwd_text)
        # Shown paths by prefix: os.path.relpath for every file costs more than the listing.
        base_shown = shown_path(base, cwd_text)
        prefix = "" if base_shown == "." else base_shown + "/"
        # Absolute paths by prefix too, as os.path.join makes them for a relative name.
        base_prefix = os.path.join(base, "")
        for rel in listed:
            absolute = base_prefix + rel
            if absolute in seen:
                continue
            seen.add(absolute)
            shown = prefix + rel if os.sep == "/" else shown_path(absolute, cwd_text)
            if _admitted(result, rel, shown, exclude_spec):
                _add_if_readable(result, absolute, shown, uid)
    result.files.sort(key=lambda item: item[1])
    return result


def _listing(given: Path, result: Discovery, cwd_text: str) -> tuple[str, list[str]]:
    """The folder a given path's files are listed from, and their paths relative to it: a folder's files by
    git (its unreadable folders noted), or by walking it outside a repository; a file alone."""
    if not given.exists() and not given.is_symlink():
        raise DiscoveryError(f"path does not exist: {given}")
    if not given.is_dir() or given.is_symlink():
        base = os.path.dirname(os.path.abspath(given))
        result.git_folders.add(Path(base))
        return base, [os.path.basename(given)]
    base = os.path.abspath(given)
    base_shown = shown_path(base, cwd_text)
    folders: list[tuple[str, str]] = []
    listed = _git_files(given, folders)
    if listed is None:
        walked: list[str] = []
        listed = _walk_files(given, walked)
        folders = [(rel, "permission denied") for rel in walked]
    else:
        result.git_folders.add(Path(base))
        result.listed_by_git.append(base)
    for rel, why in folders:
        result.skip(rel if base_shown == "." else f"{base_shown}/{rel}", "unreadable folder", why)
    return base, listed


def _admitted(result: Discovery, rel: str, shown: str, exclude_spec: pathspec.GitIgnoreSpec | None) -> bool:
    """Whether a listed path is one to read, by its name: the skipped ones are counted or named."""
    if not rel.isprintable():
        # Not UTF-8, or a control character (a newline could forge an output line): named, skipped.
        result.skip(shown, "unprintable file name")
        return False
    parts = rel.split("/")
    if parts[-1] == RECORD_NAME:
        return False  # the migration record is the tool's own file
    if len(parts) > 1 and any(part in SKIPPED_DIRS for part in parts[:-1]):
        result.skipped["tool folder"] += 1
        return False
    if exclude_spec is not None and (exclude_spec.match_file(shown) or exclude_spec.match_file(rel)):
        result.skipped["excluded"] += 1
        return False
    return True


def _add_if_readable(result: Discovery, absolute: str, shown: str, uid: int | None) -> None:
    """Adds a regular file this user can read; a symlink is counted, an unreadable file named."""
    try:
        info = os.lstat(absolute)
    except FileNotFoundError:
        return  # deleted since it was committed
    except OSError as exc:
        result.skip(shown, "unreadable", exc.strerror or str(exc))
        return
    if stat.S_ISLNK(info.st_mode):
        result.skipped["symlink"] += 1
        return
    if not stat.S_ISREG(info.st_mode):
        return  # a submodule, a socket, …
    # A file of this user's with its owner's read bit set is readable (the owner's bits decide, ACLs
    # or not): os.access is asked about the others only (1,790 calls: 5 ms of a 20 ms listing).
    if not (info.st_uid == uid and info.st_mode & stat.S_IRUSR) and not os.access(absolute, os.R_OK):
        result.skip(shown, "unreadable", "permission denied")
        return
    result.files.append((absolute, shown, info.st_size))
