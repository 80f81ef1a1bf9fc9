"""The migration record as a write-ahead journal, under a lock.

`apply`: the run's edits go into the record (each file's entry in state `writing`, with the file's digest
before and after) before the first file is replaced; each file is marked `written` as it lands. `revert`:
the files it is about to restore carry the digest of what it writes and the edits it undoes, before the
first file is restored; each entry is trimmed as its file lands. Whatever stops a run (Ctrl-C, SIGTERM,
kill -9, a full disk), the next run, holding the lock, settles every open entry by the file's digest:

- `writing`, file as apply wrote it: written; file as it was before: never written, the entry is dropped;
  anything else: left open, and `revert` reports it as a conflict rather than guess;
- a revert's mark, file as revert wrote it: the undone edits are dropped; anything else: the mark goes.

So the record never disagrees with the tree: the next `revert` undoes exactly what was written, and the
next `apply` finishes the rest. The lock is an advisory `flock` on the repository's root folder: no file
to leave behind, released by the kernel when a run dies however it dies.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from migrate_cli.pipeline.discovery import RepositoryBusy
from migrate_cli.pipeline.result import FileResult
from migrate_cli.safety import interrupts, writing
from migrate_cli.safety.interrupts import Interrupted, Stop, deferred
from migrate_cli.safety.safepaths import inside, printable
from migrate_cli.undo import record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from migrate_cli.undo.record import RecordedRun
    from migrate_cli.undo.reverting import FileRevert

# Seconds a run waits for another run on the same repository before it refuses. Not longer: the other
# run is changing the files this one read, so most of its work would be refused file by file anyway.
LOCK_WAIT = 1.0
FLUSH_EVERY = 0.25  # seconds between journal updates while files land (each is a rewrite and an fsync)

try:
    import fcntl
except ImportError:  # not on this platform: runs are not serialised
    fcntl = None  # type: ignore[assignment]


@contextmanager
def locked(roots: Iterable[Path]) -> Iterator[None]:
    """Hold the lock of every root (in a fixed order: two runs never wait on each other)."""
    handles = []
    try:
        for root in sorted(set(roots)):
            handles.append(_lock(root))
        yield
    finally:
        for handle in handles:
            os.close(handle)


def _lock(root: Path) -> int:
    fd = os.open(root, os.O_RDONLY)
    if fcntl is None:
        return fd
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise RepositoryBusy(
                    f"another bytespike-migrate run is writing in {printable(str(root))}; nothing "
                    "was written: run this again once it has finished"
                ) from None
            time.sleep(0.05)
        except OSError:
            return fd  # a file system without locks: as safe as it was before locks


def settle(root: Path, runs: list[record.RecordedRun], *, cleanup: bool) -> bool:
    """Settle every open entry by its file's digest (see the module's docstring); True when any changed.
    `cleanup` (under the lock): also remove the temporary files a killed run left."""
    changed = False
    if cleanup:
        record.remove_temporary(root)
    for run in runs:
        for entry in run.files:
            if entry.state == record.WRITTEN and not entry.reverted_digest:
                continue
            path = inside(root, entry.path)
            if cleanup:
                writing.remove_temporary(path)
            now = writing.digest(path)
            if entry.reverted_digest:
                if now == entry.reverted_digest:
                    entry.edits = [e for n, e in enumerate(entry.edits) if n not in entry.undo]
                entry.reverted_digest, entry.undo = "", set()
                changed = True
            elif entry.state == record.WRITING:
                if now == entry.written_digest:
                    entry.state = record.WRITTEN
                    changed = True
                elif now is not None and now == entry.original_digest:
                    entry.edits = []
                    changed = True
    return changed


def open_record(root: Path) -> list[record.RecordedRun]:
    """The record's runs, settled and saved (call with the lock held)."""
    if not record.exists(root):
        record.remove_temporary(root)
        return []
    runs = record.load(root)
    if settle(root, runs, cleanup=True):
        record.save(root, runs)
        runs = [r for r in runs if any(f.edits for f in r.files)]
    return runs


class _Writable(Protocol):
    result: FileResult


_Item = TypeVar("_Item", bound=_Writable)


class _Flusher:
    """Saves the journal at most every FLUSH_EVERY seconds while files land, and at the end."""

    def __init__(self, roots: dict[Path, list[record.RecordedRun]]) -> None:
        self.roots = roots
        self.last = time.monotonic()

    def maybe(self) -> None:
        if time.monotonic() - self.last >= FLUSH_EVERY:
            self.now()

    def now(self) -> None:
        for root, runs in self.roots.items():
            record.save(root, runs)
        self.last = time.monotonic()

    def write_each(
        self, items: list[_Item], write: Callable[[_Item], bool], stop: Stop
    ) -> tuple[list[str], list[_Item]]:
        """Writes the items in turn (the journal on disk before the first, and now and then after) until an
        interrupt is asked for; returns the shown paths written and the items not written for that reason
        (an item whose write failed is not among them: its result's error says so)."""
        self.now()
        written: list[str] = []
        for item in items:
            if stop.requested:
                break
            if write(item):
                written.append(item.result.path)
                self.maybe()
        landed = set(written)
        return written, [i for i in items if i.result.path not in landed and not i.result.internal_error]


@dataclass
class Target:
    result: FileResult
    path: Path
    root: Path | None  # None: not recorded
    entries: list[record.RecordedFile] = field(default_factory=list)


def _still(result: FileResult, path: Path) -> bool:
    return writing.digest(path) == result.original_digest


def write_apply(
    changed: list[FileResult],
    absolute: dict[str, Path],
    paths: list[Path],
    *,
    keep_record: bool,
    check_dirty: Callable[[list[FileResult], set[Path]], None],
) -> list[str]:
    """apply: journal, then write each file; returns the shown paths written. Errors of single files go
    to their result's internal_error; an interrupt raises Interrupted once the journal is up to date."""
    from migrate_cli.pipeline.discovery import record_root

    bases = [(Path(p).resolve(), record_root(Path(p))) for p in paths]
    targets = _targets(changed, absolute, bases, keep_record)
    roots = {t.root for t in targets if t.root is not None}
    with locked({r for _, r in bases}):
        journals = {root: open_record(root) for root in roots}
        check_dirty([t.result for t in targets], {r for _, r in bases})
        with deferred() as stop:
            ready = [target for target in targets if _ready(target)]
            runs_added = {}
            for root in roots:
                files = [e for t in ready if t.root == root for e in t.entries]
                if files:
                    runs_added[root] = record.new_run(files)
                    journals[root].append(runs_added[root])
            flusher = _Flusher({root: journals[root] for root in runs_added})
            written, left = flusher.write_each(ready, _written, stop)
            for target in left:
                for entry in target.entries:
                    entry.edits = []  # never written: nothing to record
            flusher.now()
        if stop.requested:
            raise Interrupted(
                f"{len(written)} of {len(ready)} files written (and recorded), {len(left)} not written; "
                "run `bytespike-migrate apply` again to finish the migration, or `bytespike-migrate revert` "
                "to undo what was written"
            )
    interrupts.completed = f"the run had finished ({len(written)} files written and recorded)"
    return written


def _targets(
    changed: list[FileResult], absolute: dict[str, Path], bases: list[tuple[Path, Path]], keep_record: bool
) -> list[Target]:
    """The files to write, each with the repository root whose record takes it (None: not recorded); a file
    outside the root it was found in is not written."""
    targets: list[Target] = []
    for result in changed:
        path = absolute[result.path].resolve()
        root = next((r for base, r in bases if path == base or base in path.parents), None)
        if root is None or root not in path.parents:
            result.internal_error = f"{result.path}: outside the repository root it was found in, not written"
            continue
        targets.append(Target(result, absolute[result.path], root if keep_record else None))
    return targets


def _ready(target: Target) -> bool:
    """Whether a file can be written (writable, unchanged since it was read); its record entry is made."""
    result = target.result
    try:
        writing.check_writable(target.path)
    except OSError as exc:
        result.internal_error = f"{result.path}: not written: {exc.strerror or exc}"
        return False
    if not _still(result, target.path):
        result.internal_error = f"{result.path}: changed on disk during the run, not written"
        return False
    if target.root is not None:
        entry = record.RecordedFile(
            target.path.resolve().relative_to(target.root).as_posix(),
            result.written_digest,
            list(result.edits),
            result.original_digest,
            record.WRITING,
        )
        target.entries.append(entry)
    return True


def _written(target: Target) -> bool:
    """Replaces one file (still unchanged on disk) and marks its entries written; on an error, the entries
    record no edits."""
    result = target.result
    try:
        if not _still(result, target.path):
            raise OSError(0, "changed on disk during the run")
        assert result.new_data is not None, "a file to write has changed"
        writing.replace(target.path, result.new_data)
    except OSError as exc:
        result.internal_error = f"{result.path}: not written: {exc.strerror or exc}"
        for entry in target.entries:
            entry.edits = []
        return False
    for entry in target.entries:
        entry.state = record.WRITTEN
    return True


def write_revert(
    plans: list[tuple[Path, list[RecordedRun], dict[str, FileRevert]]],
    check_dirty: Callable[[list[FileResult]], None],
) -> list[str]:
    """revert: `plans` are (root, runs, outcomes) with the lock held and the record settled (see
    runner.revert); journal, restore each file, trim the record. Returns the shown paths written."""
    check_dirty([o.result for _, _, outcomes in plans for o in outcomes.values() if o.result.changed])
    with deferred() as stop:
        for _root, runs, outcomes in plans:
            _mark_undone(runs, outcomes)
        # the files whose write settles entries of the record
        pending = [o for _, _, outcomes in plans for o in outcomes.values() if o.entries]
        flusher = _Flusher({root: runs for root, runs, _ in plans})
        written, left = flusher.write_each(pending, _restored, stop)
        for outcome in left:
            for entry in outcome.entries:
                entry.reverted_digest, entry.undo = "", set()
        flusher.now()
    if stop.requested:
        raise Interrupted(
            f"{len(written)} of {len(pending)} files reverted, {len(left)} not yet; the record "
            "holds the rest: run `bytespike-migrate revert` again to finish"
        )
    interrupts.completed = f"the run had finished ({len(written)} files reverted)"
    return written


def _mark_undone(runs: list[RecordedRun], outcomes: dict[str, FileRevert]) -> None:
    """Marks, in each recorded entry of a file being reverted, the edits the revert undoes (kept apart until
    the file is written); a file left as it is keeps only the edits still in it."""
    for index, run in enumerate(runs):
        for entry in run.files:
            outcome = outcomes.get(entry.path)
            if outcome is None:
                continue  # not under the paths given: still recorded
            kept = outcome.kept.get(index, [])
            if outcome.result.changed and not outcome.result.internal_error:
                kept_ids = {id(e) for e in kept}
                entry.undo = {n for n, e in enumerate(entry.edits) if id(e) not in kept_ids}
                entry.reverted_digest = outcome.result.written_digest
                outcome.entries.append(entry)
            elif not outcome.result.changed:
                entry.edits = kept


def _restored(outcome: FileRevert) -> bool:
    """Writes one reverted file (still unchanged on disk) and drops the undone edits from its entries; on an
    error, the entries are left as they were."""
    result = outcome.result
    path = outcome.root / outcome.rel
    try:
        if writing.digest(path) != result.original_digest:
            raise OSError(0, "changed on disk during the run")
        assert result.new_data is not None, "a file to revert has changed"
        writing.replace(path, result.new_data)
    except OSError as exc:
        result.internal_error = f"{result.path}: not reverted: {exc.strerror or exc}"
        for entry in outcome.entries:
            entry.reverted_digest, entry.undo = "", set()
        return False
    for entry in outcome.entries:
        entry.edits = [e for n, e in enumerate(entry.edits) if n not in entry.undo]
        entry.reverted_digest, entry.undo = "", set()
    return True
