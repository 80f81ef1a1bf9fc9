"""The pipeline: discover → read and prefilter → rewrite (in parallel) → verify → write or report.

Knows nothing about the command line or the terminal: progress goes to a callback, results come back as
data in the same order whatever the number of jobs.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from migrate_cli import typescript as ts
from migrate_cli.discovery import discover
from migrate_cli.handlers import HANDLERS, Prefilter, handler_for
from migrate_cli.result import FileResult
from migrate_cli.ruleset import Ruleset

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
    record: bool = True  # apply: keep the migration record
    since: str | None = None  # only files changed since this git revision
    select: set[str] = field(default_factory=set)  # only findings of these rules (empty: all)
    ignore: set[str] = field(default_factory=set)  # no findings of these rules
    # apply --interactive: given the changed files, returns those to write.
    choose: Callable[[list[FileResult]], list[FileResult]] | None = None


@dataclass
class RunReport:
    results: list[FileResult]
    files_scanned: int
    skipped: Counter
    written: list[str] = field(default_factory=list)
    absolute: dict[str, Path] = field(default_factory=dict)  # shown path -> file

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


def _rewrite(item: tuple[str, str, bytes]) -> FileResult:
    """One candidate file through its handler (in a worker, or in this process)."""
    name, shown, data = item
    handler = next(h for h in HANDLERS if h.name == name)
    try:
        return handler.process(shown, data, _rules)
    except Exception as exc:  # a bug must not take the rest of the run with it, nor go unreported
        return FileResult(shown, internal_error=f"{shown}: {type(exc).__name__}: {exc}")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def run(options: RunOptions, progress: Callable[[int, int], None] | None = None) -> RunReport:
    found = discover(options.paths, options.excludes)
    if options.since is not None:
        from migrate_cli.since import changed_since

        wanted = changed_since(options.since, options.paths)
        found.files = [f for f in found.files if Path(f[0]).resolve() in wanted]
    skipped = Counter(found.skipped)
    is_candidate = Prefilter(options.rules)
    items: list[tuple[str, str, bytes]] = []
    typescript: list[tuple[str, bytes]] = []  # resolved together: clients and ids cross modules
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
            data = _read(path, size)
        except OSError:
            skipped["unreadable"] += 1
            continue
        if data.find(b"\0", 0, 8192) != -1:
            skipped["binary"] += 1
            continue
        scanned += 1
        if handler.name == "typescript":
            if ts.generated(shown, data, options.rules):
                skipped["generated"] += 1
            elif is_candidate(data) or ts.is_candidate(data):
                typescript.append((shown, data))
                absolute[shown] = Path(path)
            continue
        if is_candidate(data) if handler.exact_prefilter else is_candidate.loose(data):
            items.append((handler.name, shown, data))
            absolute[shown] = Path(path)

    results = list(_process_all(items, options, progress))
    if typescript:
        context = ts.context(options.paths, options.excludes, options.since is not None,
                             {path for path, _, _ in found.files} | {s for s, _ in typescript}, options.rules)
        migrated = ts.migrate_all(typescript + context, options.rules)[: len(typescript)]
        results = sorted(results + migrated, key=lambda r: r.path)
    _filter_findings(results, options)
    report = RunReport(results, scanned, skipped, absolute=absolute)
    if options.write:
        _write(report, absolute, options, found)
        if options.record:
            _record(report, absolute, options.paths)
    return report


def _filter_findings(results: list[FileResult], options: RunOptions) -> None:
    if options.select or options.ignore:
        for result in results:
            result.findings = [
                f for f in result.findings
                if (not options.select or f.rule in options.select) and f.rule not in options.ignore
            ]


def _record(report: RunReport, absolute: dict[str, Path], paths: list[Path]) -> None:
    """Add this run's edits to the migration record of each repository it wrote in."""
    from migrate_cli import record
    from migrate_cli.discovery import record_root

    written = set(report.written)
    roots = [(Path(p).resolve(), record_root(Path(p))) for p in paths]
    by_root: dict[Path, list[record.RecordedFile]] = {}
    for result in report.results:
        if result.path not in written:
            continue
        path = absolute[result.path].resolve()
        root = next((r for base, r in roots if path == base or base in path.parents), None)
        if root is None or root not in path.parents:
            continue
        by_root.setdefault(root, []).append(
            record.RecordedFile(path.relative_to(root).as_posix(), result.written_digest, result.edits)
        )
    for root, files in by_root.items():
        record.add_run(root, files)


def revert(options: RunOptions, progress: Callable[[int, int], None] | None = None) -> RunReport:
    """Undo the recorded migration of the files under options.paths (see reverting.py)."""
    from migrate_cli import record
    from migrate_cli.discovery import record_root, shown_path
    from migrate_cli.reverting import revert_file

    cwd = str(Path.cwd())
    targets = [Path(p).resolve() for p in options.paths]
    wanted = None
    if options.since is not None:
        from migrate_cli.since import changed_since

        wanted = changed_since(options.since, options.paths)
    roots = list(dict.fromkeys(record_root(Path(p)) for p in options.paths))
    results: list[FileResult] = []
    absolute: dict[str, Path] = {}
    updates: list[tuple[Path, list, dict]] = []
    for root in roots:
        runs = record.load(root)
        by_file: dict[str, list] = {}
        for index in range(len(runs) - 1, -1, -1):
            for entry in runs[index].files:
                by_file.setdefault(entry.path, []).append((index, entry))
        outcomes = {}
        for done, (rel, entries) in enumerate(sorted(by_file.items()), 1):
            path = root / rel
            if not any(path == t or t in path.parents for t in targets):
                continue
            if wanted is not None and path.resolve() not in wanted:
                continue
            shown = shown_path(str(path), cwd)
            outcome = revert_file(root, rel, shown, entries, options.rules)
            outcomes[rel] = outcome
            results.append(outcome.result)
            absolute[shown] = path
            if progress:
                progress(done, len(by_file))
        updates.append((root, runs, outcomes))
    results.sort(key=lambda r: r.path)
    _filter_findings(results, options)
    report = RunReport(results, len(results), Counter(), absolute=absolute)
    if options.write:
        _write(report, absolute, options, None)
        written = set(report.written)
        for root, runs, outcomes in updates:
            for index, run in enumerate(runs):
                for entry in run.files:
                    outcome = outcomes.get(entry.path)
                    if outcome is None:
                        continue  # not under the paths given: still recorded
                    if outcome.result.changed and outcome.result.path not in written:
                        continue  # not written: everything stays recorded
                    entry.edits = outcome.kept.get(index, [])
            record.save(root, runs)
    return report


def has_record(paths: list[Path]) -> bool:
    from migrate_cli import record
    from migrate_cli.discovery import record_root

    return any(record.record_path(record_root(Path(p))).is_file() for p in paths)


def _read(path: str | Path, size: int) -> bytes:
    """The whole file in (usually) one system call: the size is known from the listing."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = [os.read(fd, size + 1)]
        while len(chunks[-1]) > 0 and sum(map(len, chunks)) > size:  # it grew since it was listed
            chunks.append(os.read(fd, 1 << 20))
        return b"".join(chunks)
    finally:
        os.close(fd)


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
            for done, result in enumerate(pool.map(_rewrite, items, chunksize=chunk), 1):
                if progress:
                    progress(done, total)
                yield result
    else:
        _init_worker(options.rules)
        for done, item in enumerate(items, 1):
            result = _rewrite(item)
            if progress:
                progress(done, total)
            yield result


def _write(report: RunReport, absolute: dict[str, Path], options: RunOptions, found) -> None:
    changed = report.changed
    if changed and options.choose is not None:
        changed = options.choose(changed)
    if not changed:
        return
    if not options.allow_dirty:
        from migrate_cli.gitguard import uncommitted

        from migrate_cli.discovery import record_root

        roots = found.git_roots() if found is not None else {record_root(absolute[r.path]) for r in changed}
        dirty = uncommitted([absolute[r.path] for r in changed], roots)
        if dirty:
            shown = {absolute[r.path]: r.path for r in changed}
            raise DirtyTreeError([shown[p] for p in dirty])
    for result in changed:
        path = absolute[result.path]
        import hashlib

        from migrate_cli.source import write_atomic

        try:
            # The file must still be what was read: never overwrite an edit made during the run.
            if hashlib.sha1(path.read_bytes()).hexdigest() != result.original_digest:
                result.internal_error = f"{result.path}: changed on disk during the run, not written"
                continue
            write_atomic(path, result.new_data)
        except OSError as exc:
            result.internal_error = f"{result.path}: not written: {exc.strerror or exc}"
            continue
        report.written.append(result.path)
