"""Replacing a file's content without losing what the user had: its owner, group, mode and hard links.

The usual way is a temporary file in the same folder (fsynced, given the file's mode, owner and group)
renamed over the file: a crash leaves the old file or the new one, never half of one. A rename cannot
keep a hard link, nor an owner the user may not give away: such a file is written in place (signals are
deferred while it is, and the journal knows its digests before and after). A file the user may not write
is refused, never replaced by a rename.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

SUFFIX = ".bytespike-migrate.tmp"


class NotWritable(OSError):
    pass


def temporary_path(path: Path) -> Path:
    """The one temporary name a write of `path` uses: a run stopped by kill -9 leaves at most this file,
    and the next run (holding the lock) removes it."""
    name = f".{path.name}{SUFFIX}"
    if len(name.encode("utf-8", "surrogateescape")) > 200:
        name = f".{hashlib.sha1(path.name.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}{SUFFIX}"
    return path.parent / name


def remove_temporary(path: Path) -> None:
    try:
        os.unlink(temporary_path(path))
    except OSError:
        pass


def digest(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha1(handle.read()).hexdigest()
    except OSError:
        return None


def check_writable(path: Path) -> None:
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
        raise NotWritable(0, "not a regular file")
    if not os.access(path, os.W_OK):
        raise NotWritable(13, "permission denied (the file is read-only for this user)")


def replace(path: Path, data: bytes) -> None:
    """`path` now holds `data`, with its owner, group, mode and links as they were."""
    check_writable(path)
    info = os.lstat(path)
    if info.st_nlink > 1:
        _in_place(path, data)
        return
    tmp = temporary_path(path)
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except PermissionError:
        _in_place(path, data)  # a folder the user may not add to, holding a file they may write
        return
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if (info.st_uid, info.st_gid) != _owner_of(fd):
                try:
                    os.fchown(fd, info.st_uid, info.st_gid)
                except OSError:
                    # Not ours to give away: a rename would change the owner, so write in place.
                    os.close(fd)
                    fd = -1
                    os.unlink(tmp)
                    _in_place(path, data)
                    return
            os.fchmod(fd, stat.S_IMODE(info.st_mode))
            os.fsync(fd)
        finally:
            if fd != -1:
                os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _owner_of(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _in_place(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)
