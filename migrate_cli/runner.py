"""The pipeline: discover → read and prefilter → rewrite (in parallel) → verify → write or report.

Knows nothing about the command line or the terminal: progress goes to a callback, results come back as
data in the same order whatever the number of jobs.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migrate_cli.discovery import discover
from migrate_cli.handlers import Prefilter, handler_for
from migrate_cli.result import FileResult
from migrate_cli.ruleset import Ruleset
from migrate_cli.source import write_atomic

MAX_FILE_BYTES = 2 * 1024 * 1024
# Below this much candidate source, starting worker processes costs more than it saves.
POOL_MIN_BYTES = 128 * 1024


class DirtyTreeError(RuntimeError):
    def __init__(self, paths: list[str]) -> None:
        super().__init__(paths)
        self.paths = paths


@dataclass
class RunOptions:
    paths: list[Path]
    rules: Ruleset
    write: bool = False
    jobs: int = 0
    excludes: list[str] = field(default_factory=list)
    allow_dirty: bool = False


@dataclass
class RunReport:
    results: list[FileResult]
    files_scanned: int
    skipped: Counter
    written: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[FileResult]:
        return [r for r in self.results if r.changed]

    @property
    def findings(self):
        return [f for r in self.results for f in r.findings]

    @property
    def internal_errors(self) -> list[str]:
        return [r.internal_error for r in self.results if r.internal_error]


# Set once per worker process (and once for an in-process run): what every file is examined with.
_rules: Ruleset | None = None


def _init_worker(rules: Ruleset) -> None:
    global _rules
    _rules = rules


def _examine(item: tuple[str, str, bytes]) -> FileResult:
    name, shown, data = item
    handler = next(h for h in _handlers() if h.name == name)
    try:
        return handler.process(shown, data, _rules)
    except Exception as exc:  # a bug must not take the rest of the run with it, nor go unreported
        return FileResult(shown, internal_error=f"{shown}: {type(exc).__name__}: {exc}")


def _handlers():
    from migrate_cli.handlers import HANDLERS

    return HANDLERS


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def run(options: RunOptions, progress: Callable[[int, int], None] | None = None) -> RunReport:
    found = discover(options.paths, options.excludes)
    skipped = Counter(found.skipped)
    is_candidate = Prefilter(options.rules)
    items: list[tuple[str, str, bytes]] = []
    absolute: dict[str, Path] = {}
    scanned = 0
    # Reading and the byte search stay in this process: on a sparse tree, starting workers and sending
    # them the file list costs more than the search itself.
    for path, shown, size in found.files:
        handler = handler_for(path)
        if handler is None:
            continue
        if size > MAX_FILE_BYTES:
            skipped["too large"] += 1
            continue
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            skipped["unreadable"] += 1
            continue
        if b"\0" in data[:8192]:
            skipped["binary"] += 1
            continue
        scanned += 1
        if is_candidate(data):
            items.append((handler.name, shown, data))
            absolute[shown] = path

    results = list(_process_all(items, options, progress))
    report = RunReport(results, scanned, skipped)
    if options.write:
        _write(report, absolute, options, found)
    return report


def _process_all(items, options: RunOptions, progress):
    """Rewrite the candidates, in a process pool when there is enough to do; results in input order."""
    jobs = options.jobs or default_jobs()
    total = len(items)
    if jobs > 1 and total > 1 and sum(len(data) for _, _, data in items) >= POOL_MIN_BYTES:
        from concurrent.futures import ProcessPoolExecutor

        # Import what the workers need once, before they fork, instead of once in every worker.
        import migrate_cli.fixers  # noqa: F401
        import migrate_cli.python_file  # noqa: F401

        context = None
        if sys.platform.startswith("linux"):
            import multiprocessing

            context = multiprocessing.get_context("fork")
        chunk = max(1, min(16, total // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(options.rules,)) as pool:
            for done, result in enumerate(pool.map(_examine, items, chunksize=chunk), 1):
                if progress:
                    progress(done, total)
                yield result
    else:
        _init_worker(options.rules)
        for done, item in enumerate(items, 1):
            result = _examine(item)
            if progress:
                progress(done, total)
            yield result


def _write(report: RunReport, absolute: dict[str, Path], options: RunOptions, found) -> None:
    changed = report.changed
    if not changed:
        return
    if not options.allow_dirty:
        from migrate_cli.gitguard import uncommitted

        dirty = uncommitted([absolute[r.path] for r in changed], found.git_roots())
        if dirty:
            shown = {absolute[r.path]: r.path for r in changed}
            raise DirtyTreeError([shown[p] for p in dirty])
    for result in changed:
        path = absolute[result.path]
        # The file must still be what was read: never overwrite an edit made during the run.
        if hashlib.sha1(path.read_bytes()).hexdigest() != result.original_digest:
            result.internal_error = f"{result.path}: changed on disk during the run, not written"
            continue
        write_atomic(path, result.new_data)
        report.written.append(result.path)
