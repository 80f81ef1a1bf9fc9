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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from migrate_cli.discovery import discover
from migrate_cli.handlers import candidate_tokens, handler_for, is_candidate
from migrate_cli.result import FileResult
from migrate_cli.ruleset import Ruleset
from migrate_cli.source import write_atomic

MAX_FILE_BYTES = 2 * 1024 * 1024
# Below this much candidate source, starting worker processes costs more than it saves.
POOL_MIN_BYTES = 256 * 1024


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


_worker_rules: Ruleset | None = None


def _init_worker(rules: Ruleset) -> None:
    global _worker_rules
    _worker_rules = rules


def _process(item: tuple[str, str, bytes]) -> FileResult:
    name, shown, data = item
    return _run_handler(name, shown, data, _worker_rules)


def _run_handler(name: str, shown: str, data: bytes, rules: Ruleset) -> FileResult:
    handler = next(h for h in _handlers() if h.name == name)
    try:
        return handler.process(shown, data, rules)
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
    tokens = candidate_tokens(options.rules)
    items: list[tuple[str, str, bytes]] = []
    absolute: dict[str, Path] = {}
    scanned = 0
    for path, shown in found.files:
        handler = handler_for(path)
        if handler is None:
            continue
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                skipped["too large"] += 1
                continue
            data = path.read_bytes()
        except OSError:
            skipped["unreadable"] += 1
            continue
        if b"\0" in data[:8192]:
            skipped["binary"] += 1
            continue
        scanned += 1
        if is_candidate(data, tokens):
            items.append((handler.name, shown, data))
            absolute[shown] = path

    results = _process_all(items, options, progress)
    report = RunReport(results, scanned, skipped)
    if options.write:
        _write(report, absolute, options, found.git_roots)
    return report


def _process_all(items, options: RunOptions, progress) -> list[FileResult]:
    jobs = options.jobs or default_jobs()
    total = len(items)
    results: list[FileResult] = []
    if jobs > 1 and sum(len(data) for _, _, data in items) >= POOL_MIN_BYTES and total > 1:
        # Import what the workers need once, before they fork, instead of once in every worker.
        import migrate_cli.fixers  # noqa: F401
        import migrate_cli.pyinsert  # noqa: F401
        import migrate_cli.python_file  # noqa: F401

        context = None
        if sys.platform.startswith("linux"):
            import multiprocessing

            context = multiprocessing.get_context("fork")
        chunk = max(1, min(16, total // (jobs * 8)))
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(options.rules,)) as pool:
            for result in pool.map(_process, items, chunksize=chunk):
                results.append(result)
                if progress:
                    progress(len(results), total)
    else:
        for name, shown, data in items:
            results.append(_run_handler(name, shown, data, options.rules))
            if progress:
                progress(len(results), total)
    return results


def _write(report: RunReport, absolute: dict[str, Path], options: RunOptions, roots: set[Path]) -> None:
    changed = report.changed
    if not changed:
        return
    if not options.allow_dirty:
        from migrate_cli.gitguard import uncommitted

        dirty = uncommitted([absolute[r.path] for r in changed], roots)
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
