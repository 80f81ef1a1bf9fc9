"""The pipeline: discover → read and prefilter → rewrite (in parallel) → verify → write or report.

Knows nothing about the command line or the terminal: progress goes to a callback, results come back as
data in the same order whatever the number of jobs.
"""

from __future__ import annotations

import gc
import os
import posixpath
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from migrate_cli import typescript as ts
from migrate_cli.pipeline.discovery import Discovery, discover
from migrate_cli.pipeline.handlers import HANDLERS, Handler, Prefilter, handler_for
from migrate_cli.pipeline.result import FileResult, PlannedItem, WorkItem
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.textfile import skipped
from migrate_cli.safety.deepstack import DEEP_LIMIT, deeply

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from migrate_cli.pipeline.cache import Cache
    from migrate_cli.reporters.findings import Finding

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
    cache: bool = True  # keep per-file results in .bytespike-migrate-cache at the repository root
    # apply --interactive: given the changed files, returns those to write.
    choose: Callable[[list[FileResult]], list[FileResult]] | None = None


@dataclass
class RunReport:
    results: list[FileResult]
    files_scanned: int
    skipped: Counter
    written: list[str] = field(default_factory=list)
    absolute: dict[str, Path] = field(default_factory=dict)  # shown path -> file
    named_skips: list[tuple[str, str]] = field(default_factory=list)  # (shown path, why): unreadable, …
    note: str = ""  # why the run did nothing, when that is not obvious (a revert with nothing to revert)

    @property
    def changed(self) -> list[FileResult]:
        return [r for r in self.results if r.changed]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def internal_errors(self) -> list[str]:
        return [r.internal_error for r in self.results if r.internal_error]


# Set once per worker process (and once for an in-process run): what every file is examined with.
_rules: Ruleset | None = None


def _init_worker(rules: Ruleset) -> None:
    global _rules
    _rules = rules


def _rewrite(item: WorkItem | PlannedItem) -> FileResult:
    """One candidate file through its handler (in a worker, or in this process), with the plan the
    repository-wide resolution made for it when it is processed again."""
    handler = next(h for h in HANDLERS if h.name == item.kind)
    shown, data = item.shown, item.data
    assert _rules is not None, "the worker was not given the rules"
    rules = replace(_rules, plan=item.plan) if isinstance(item, PlannedItem) else _rules
    try:
        return deeply(handler.process, shown, data, rules)
    except RecursionError:
        return skipped(shown, f"skipped: nested more deeply than {DEEP_LIMIT:,} frames of analysis allow")
    except Exception as exc:  # a bug must not take the rest of the run with it, nor go unreported
        return FileResult(shown, internal_error=f"{shown}: {type(exc).__name__}: {exc}")


def _rest_of_repository(options: RunOptions, found: Discovery) -> list[tuple[str, str, int]]:
    """The repositories' other files when only some of their files are looked at (file paths, as
    pre-commit passes them, or `--since`): read for the repository-wide resolution, their own results
    dropped. A folder given is the program (a repository may hold several): nothing more is read."""
    from migrate_cli.pipeline.discovery import record_root

    if options.since is None and all(Path(p).is_dir() for p in options.paths):
        return []
    roots = list(dict.fromkeys(Path(p) if Path(p).is_dir() else record_root(Path(p)) for p in options.paths))
    seen = {path for path, _, _ in found.files}
    return [f for f in discover(roots, options.excludes).files if f[0] not in seen and f[2] <= MAX_FILE_BYTES]


def _python_context(rest: list[tuple[str, str, int]], is_candidate: Prefilter) -> tuple[list, list]:
    """Of the rest of the repository, the Python candidates (to analyse) and the other Python files."""
    context, others = [], []
    for path, shown, size in rest:
        if not shown.endswith(".py"):
            continue
        try:
            data = _read(path, size)
        except OSError:
            continue
        if is_candidate(data):
            context.append(WorkItem("python", shown, data))
        else:
            others.append((path, shown, size))
    return context, others


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class Listing:
    """The files of one invocation, listed and read once for every provider's run (on a tree with little
    to migrate, listing and reading are most of a run): each file with its handler and, when any provider's
    prefilter matched it, its bytes (None: no provider has anything in it)."""

    found: Discovery
    files: list[tuple[str, str, int, Handler, bytes | None]]
    scanned: int


def list_files(options: RunOptions, rulesets: list[Ruleset]) -> Listing:
    prefilters = [Prefilter(rules) for rules in rulesets]
    searches = _start_searches(options.paths, prefilters)
    try:
        found = discover(options.paths, options.excludes)
        searched = _searched(found, searches)
    finally:
        for pair in searches.values():
            for search in pair:
                search.stop()
    if options.since is not None:
        from migrate_cli.pipeline.since import changed_since

        wanted = changed_since(options.since, options.paths)
        found.files = [f for f in found.files if Path(f[0]).resolve() in wanted]
    handled: list[tuple[str, str, int, Handler]] = []
    for path, shown, size in found.files:
        handler = handler_for(path)
        if handler is None:
            continue
        if size > MAX_FILE_BYTES:
            found.skip(shown, "too large", f"{size:,} bytes")
        else:
            handled.append((path, shown, size, handler))
    files: list[tuple[str, str, int, Handler, bytes | None]] = []
    scanned = 0
    for (path, shown, size, handler), (outcome, data) in zip(
        handled, _scan(handled, prefilters, options.jobs, searched)
    ):
        if outcome in (_KEPT, _PASSED):
            scanned += 1
            files.append((path, shown, size, handler, data if outcome == _KEPT else None))
        elif outcome == _BINARY:
            found.skip(shown, "binary")
        else:
            found.skip(shown, "unreadable", outcome)
    return Listing(found, files, scanned)


_KEPT, _PASSED, _BINARY = "kept", "passed", "binary"  # any other outcome: unreadable, and why
SPLIT_MIN_BYTES = 8 * 1024 * 1024


def _start_searches(paths: list[Path], prefilters: list[Prefilter]) -> dict:
    """`git grep` for every prefilter's token in each folder given, started before the listing (which
    says whether git lists the folder) so that both run at once."""
    from migrate_cli.pipeline.discovery import GitGrep

    tokens = sorted({t for p in prefilters for t in p.all_tokens()})
    folders = {os.path.abspath(p) for p in paths if os.path.isdir(p) and not os.path.islink(p)}
    # TypeScript's own tokens (`.files`, `.beta`, …) in a second search of its files alone, at the same
    # time: in the first they would slow the search of every file (a third more on the standard library).
    typescript = sorted(set(ts.TOKENS) - set(tokens))
    globs = [f"*{extension}" for extension in sorted(ts.EXTENSIONS)]
    # A core is left to this process, which lists the files meanwhile: on 2 cores, git's default of a thread
    # per core made the search of the standard library slower (best of 15: 0.054 s, one thread: 0.042 s).
    threads = max(1, default_jobs() - 1)
    return {
        folder: (GitGrep(folder, tokens, threads=threads), GitGrep(folder, typescript, globs, threads=threads))
        for folder in sorted(folders)
    }


def _searched(found: Discovery, searches: dict) -> set[str] | None:
    """The files `git grep` found a token in (absolute paths), when git listed every folder given: the
    others need not be read. None when the listing did not come from git alone or git cannot say."""
    if not found.listed_by_git or len(found.listed_by_git) != len(found.git_folders):
        return None  # a file given by name, or a folder walked: not all of it is git's to search
    hits: set[str] = set()
    for base in found.listed_by_git:
        for search in searches.get(base, (None,)):
            names = search.names() if search is not None else None
            if names is None:
                return None
            hits.update(os.path.join(base, name) for name in names)
    return hits


def _scan(
    handled: list[tuple[str, str, int, Handler]],
    prefilters: list[Prefilter],
    jobs: int,
    searched: set[str] | None = None,
) -> list[tuple[str, bytes | None]]:
    """Read each file and byte-search it with every provider's prefilter: (outcome, its bytes when kept).

    This is most of a run on a tree with nothing to migrate, and it is bound by the searches (each token a
    pass over the bytes: 30 MB of the standard library take ~17 ms a token, five tokens for two providers).
    With two cores and enough bytes, a forked child takes the second half of the list and sends back only
    the outcomes (the few kept files are read again here). A process pool costs more to start and feed
    than it saves; a bare fork costs about a millisecond. Measured on the standard library (1,788 files,
    31 MB): 0.12 s of reading and searching in one process, 0.065 s split in two."""

    def classify(part: list[tuple[str, str, int, Handler]]) -> list[tuple[str, bytes | None]]:
        return [_classify(path, size, handler, prefilters) for path, _, size, handler in part]

    if searched is not None:
        return [
            _classify(path, size, handler, prefilters) if path in searched else (_PASSED, None)
            for path, _, size, handler in handled
        ]
    total = sum(h[2] for h in handled)
    if (jobs or default_jobs()) < 2 or not _can_fork() or total < max(1, SPLIT_MIN_BYTES):
        return classify(handled)
    import marshal

    half, share = 0, 0
    while share * 2 < total:  # the halves hold as many bytes each, not as many files
        share += handled[half][2]
        half += 1
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child: its outcomes other than "passed", then exit without any clean-up
        status = 1
        try:
            os.close(reading)
            outcomes = [
                (i, outcome)
                for i, (path, _, size, handler) in enumerate(handled[half:], half)
                if (outcome := _classify(path, size, handler, prefilters)[0]) != _PASSED
            ]
            payload = marshal.dumps(outcomes)
            while payload:
                payload = payload[os.write(writing, payload) :]
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    received: dict[int, str] | None = None
    try:
        mine = classify(handled[:half])
        with os.fdopen(reading, "rb") as pipe:
            payload = pipe.read()
    finally:
        _, status = os.waitpid(child, 0)
    if status == 0:
        try:
            received = dict(marshal.loads(payload))
        except (EOFError, ValueError, TypeError):
            received = None
    if received is None:  # the child failed or was killed: its half is done here
        return mine + classify(handled[half:])
    theirs: list[tuple[str, bytes | None]] = []
    for i, (path, _, size, handler) in enumerate(handled[half:], half):
        outcome = received.get(i, _PASSED)
        theirs.append(_classify(path, size, handler, prefilters) if outcome == _KEPT else (outcome, None))
    return mine + theirs


def _can_fork() -> bool:
    """A bare fork is safe only in a process with one thread (a lock held by another thread would stay
    locked in the child); Linux only, as for the process pool."""
    import threading

    return sys.platform.startswith("linux") and threading.active_count() == 1


def _classify(path: str, size: int, handler: Handler, prefilters: list[Prefilter]) -> tuple[str, bytes | None]:
    try:
        data = _read(path, size)
    except OSError as exc:
        return exc.strerror or "", None
    if data.find(b"\0", 0, 8192) != -1:
        return _BINARY, None
    if handler.one_project:
        wanted = ts.is_candidate(data) or any(p(data) for p in prefilters)
    elif handler.exact_prefilter:
        wanted = any(p(data) for p in prefilters)
    else:
        wanted = any(p.loose(data) for p in prefilters)
    return (_KEPT, data) if wanted else (_PASSED, None)


_RELATIVE_IMPORT = re.compile(rb"""(?:from|import|require\()\s*["'](\.{1,2}/[^"']+)["']""")


def _bytespike_side(
    items: list[WorkItem], typescript: list[tuple[str, bytes]], rules: Ruleset
) -> tuple[list[WorkItem], list[tuple[str, bytes]]]:
    """The reverse rules without a record change only what is ByteSpike's: the files that name its endpoint
    or its key, and the modules they import or that import them (a constants module beside a client that
    moves back). A file of code that never moved (an Anthropic client still on Anthropic) keeps its ids."""
    from migrate_cli.python.facts import module_name
    from migrate_cli.resolve.repository import import_names

    marks = (b"bytespike", rules.key_env.encode())

    def names_bytespike(data: bytes) -> bool:
        lowered = data.lower() if b"bytespike" not in data else data
        return any(mark in lowered for mark in marks)

    every = [(shown, data) for _, shown, data in items] + typescript
    home = {shown for shown, data in every if names_bytespike(data)}
    modules = {module_name(shown): shown for shown, _ in every if shown.endswith(".py")}
    stems = {shown.rsplit(".", 1)[0]: shown for shown, _ in every}
    linked: dict[str, set[str]] = {shown: set() for shown, _ in every}
    for shown, data in every:
        if shown.endswith(".py"):
            for name in import_names(shown, data):
                parts = name.split(".")
                for k in range(len(parts), 0, -1):
                    other = modules.get(".".join(parts[:k]))
                    if other is not None:
                        linked[shown].add(other)
                        linked[other].add(shown)
                        break
        elif shown.endswith((".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")):
            folder = posixpath.dirname(shown)
            for match in _RELATIVE_IMPORT.finditer(data):
                target = posixpath.normpath(posixpath.join(folder, match.group(1).decode("utf-8", "replace")))
                other = stems.get(target.rsplit(".", 1)[0] if target.endswith((".js", ".ts")) else target) or stems.get(
                    target + "/index"
                )
                if other is not None:
                    linked[shown].add(other)
                    linked[other].add(shown)
    keep = set(home)
    for shown in home:
        keep |= linked.get(shown, set())
    return [item for item in items if item[1] in keep], [item for item in typescript if item[0] in keep]


def _with_pins(options: RunOptions, found: Discovery, items: list[WorkItem]) -> RunOptions:
    """The run's rules with what the repository's dependency files pin, or lack, of the packages framework
    entries need to move (pipeline/pins.py); read only where a candidate names such an entry's package."""
    entries = [e for e in options.rules.framework_entries.values() if e.requires is not None or e.becomes_package]
    named = {package.encode() for e in entries for package, _ in e.calls}
    if not any(package in item.data for item in items for package in named):
        return options
    from migrate_cli.pipeline.pins import Dependencies, dependency_file

    texts = []
    for absolute, shown, _ in found.files:
        if dependency_file(shown):
            try:
                with open(absolute, "rb") as handle:
                    texts.append((shown, handle.read().decode("utf-8", "replace")))
            except OSError:
                continue
    if not texts:
        return options
    required = {e.requires for e in entries if e.requires is not None}
    dependencies = Dependencies.read(texts, required, {e.becomes_package for e in entries if e.becomes_package})
    return replace(options, rules=replace(options.rules, dependencies=dependencies))


def run(
    options: RunOptions, progress: Callable[[int, int], None] | None = None, *, listing: Listing | None = None
) -> RunReport:
    """`listing`: the files as the invocation listed and read them for every provider's run; each run gets
    its own copy of what was found."""
    if listing is None:
        listing = list_files(options, [options.rules])
    found = replace(
        listing.found,
        files=list(listing.found.files),
        skipped=Counter(listing.found.skipped),
        git_folders=set(listing.found.git_folders),
        named_skips=list(listing.found.named_skips),
    )
    is_candidate = Prefilter(options.rules)
    sorted_files = _Sorted.of(listing, found, is_candidate, options.rules)
    items, typescript, absolute = sorted_files.items, sorted_files.typescript, sorted_files.absolute
    options = _with_pins(options, found, items)
    others, ts_others = sorted_files.others, sorted_files.ts_others
    if not options.rules.reverse and items:
        # A conftest.py that sets the key for the tests of its folder: resolve/repository.py gives it a twin where
        # their clients move. Read here (the byte search looks for the provider's package and ids, not its key).
        conftests = [o for o in others if o[1].rsplit("/", 1)[-1] == "conftest.py"]
        for path, shown, data in _load(conftests):
            if options.rules.openai_key_env.encode() in data:
                items.append(WorkItem("python", shown, data))
                absolute[shown] = Path(path)
        others = [o for o in others if o[1] not in absolute]
    if options.rules.reverse:
        items, typescript = _bytespike_side(items, typescript, options.rules)

    cache = None
    if options.cache and items:
        from migrate_cli.pipeline.cache import Cache
        from migrate_cli.pipeline.discovery import record_root

        roots = found.git_roots()
        cache = Cache(min(roots) if roots else record_root(Path(options.paths[0])), options.rules)
    results = list(_process_cached(items, options, progress, cache))
    # The other Python files, read again once, and only when some candidate holds a client, a request or
    # a model id: their imports tie modules to the candidates and into programs.
    loaded: list[tuple[str, str, bytes]] = []
    if not options.rules.reverse and others and any(r.facts is not None for r in results):
        loaded = _load(others)
        followers = _importers(results, loaded)
        if followers:
            for path, shown, _ in followers:
                absolute[shown] = Path(path)
            items += [WorkItem("python", shown, data) for _, shown, data in followers]
            results += _process_cached(items[len(results) :], options, None, cache)
    rest = _rest_of_repository(options, found) if typescript or (not options.rules.reverse and items) else []
    if typescript:
        context = ts.context(rest, options.rules)
        context += ts.imported(typescript, ts_others, options.rules)
        read = {shown for shown, _ in context}
        context += [m for m in ts.importers(typescript, ts_others, options.rules) if m[0] not in read]
        from migrate_cli.formats.dotenv import settings as env_settings

        ts_files, env = typescript + context, env_settings(items, options.rules.url_variables)
        migrated = ts.migrate_all(ts_files, options.rules, env)[: len(typescript)]
        # In the lists the repository-wide step reads: env files follow what TypeScript still reads too.
        items += [WorkItem("typescript", shown, data) for shown, data in typescript]
        results += migrated
    if not options.rules.reverse and items:
        from migrate_cli.resolve.repository import cohere

        # Python files that are not candidates but name the provider's variables (`OPENAI_API_KEY`): env
        # files follow them. Looked for only here, where an env file may be decided on.
        other_files = loaded or _load(others)
        env_readers = [shown for _, shown, data in other_files if options.rules.env_prefix in data]
        _add_key_setters(other_files, absolute, items, results, options, cache)
        context, more = _python_context(rest, is_candidate)
        context_results = list(_process_cached(context, options, None, cache))  # type: ignore[arg-type]
        if more:
            near = _importers(results + context_results, other_files + _load(more))
            context_results += _process_cached(
                [WorkItem("python", shown, data) for _, shown, data in near if shown not in absolute],
                options,
                None,
                cache,
            )
        context_facts = [r.facts for r in context_results if r.facts is not None]
        results = cohere(
            items,
            results,
            options.rules,
            found,
            env_readers,
            lambda again: list(_process_cached(again, options, None, cache)),
            context_facts,
            other_files,
            cache.remember if cache is not None else None,
            (
                (lambda reason: ts.migrate_all(ts_files, options.rules, env, reason)[: len(typescript)])
                if typescript
                else None
            ),
        )
    if any(".ipynb:" in f.message for r in results for f in r.findings):
        from migrate_cli.formats.notebook import retell_quoted_lines

        notebooks = {shown: data for _, shown, data in items if shown.endswith(".ipynb")}
        retell_quoted_lines(results, notebooks.get)
    results.sort(key=lambda r: r.path)
    _filter_findings(results, options)
    report = RunReport(results, listing.scanned, found.skipped, absolute=absolute)
    report.named_skips = found.named_skips
    if options.write:
        # (the record is kept as the files are written: safety/journal.py, from _write)
        _write(report, absolute, options, found)
    return report


def _add_key_setters(
    other_files: list[tuple[str, str, bytes]],
    absolute: dict[str, Path],
    items: list[WorkItem],
    results: list[FileResult],
    options: RunOptions,
    cache: Cache | None,
) -> None:
    """A script that sets the key and runs code it loads by path joins the files the run reads (and may edit):
    resolve/repository.py twins the key it sets where that code moves, as a conftest.py's."""
    from migrate_cli.resolve.repository import LOADS_CODE

    key = options.rules.openai_key_env.encode()
    setters = [f for f in other_files if f[1] not in absolute and key in f[2] and LOADS_CODE.search(f[2])]
    for path, shown, _ in setters:
        absolute[shown] = Path(path)
    if setters:
        items += [WorkItem("python", shown, data) for _, shown, data in setters]
        results += _process_cached(items[len(results) :], options, None, cache)


@dataclass
class _Sorted:
    """The listing's files by what the run does with them: candidates of the file-by-file handlers (`items`), the
    TypeScript and JavaScript candidates, resolved together (clients and ids cross modules), and the other Python
    and TypeScript files, which are read only where imports tie them to the candidates."""

    items: list[WorkItem] = field(default_factory=list)
    typescript: list[tuple[str, bytes]] = field(default_factory=list)
    absolute: dict[str, Path] = field(default_factory=dict)
    others: list[tuple[str, str, int]] = field(default_factory=list)
    ts_others: list[tuple[str, str, int]] = field(default_factory=list)

    @classmethod
    def of(cls, listing: Listing, found: Discovery, is_candidate: Prefilter, rules: Ruleset) -> _Sorted:
        done = cls()
        for path, shown, size, handler, data in listing.files:
            if data is None:
                if handler.imports_tie:
                    done.others.append((path, shown, size))
                elif handler.one_project:
                    done.ts_others.append((path, shown, size))
            elif handler.one_project:
                if ts.generated(shown, data, rules):
                    found.skip(shown, "generated")
                elif is_candidate(data) or ts.is_candidate(data):
                    done.typescript.append((shown, data))
                    done.absolute[shown] = Path(path)
            elif is_candidate(data) if handler.exact_prefilter else is_candidate.loose(data):
                done.items.append(WorkItem(handler.name, shown, data))
                done.absolute[shown] = Path(path)
            elif handler.imports_tie:
                done.others.append((path, shown, size))
        return done


def _filter_findings(results: list[FileResult], options: RunOptions) -> None:
    if options.select or options.ignore:
        for result in results:
            result.findings = [
                f
                for f in result.findings
                if (not options.select or f.code in options.select) and f.code not in options.ignore
            ]


def revert(
    options: RunOptions, progress: Callable[[int, int], None] | None = None, providers: frozenset[str] | None = None
) -> RunReport:
    """Undo the recorded migration of the files under options.paths (see undo/reverting.py and safety/journal.py);
    `providers` (`--from`): only the edits of these providers' migrations."""
    from contextlib import nullcontext

    from migrate_cli.pipeline.discovery import record_root, shown_path
    from migrate_cli.safety import journal
    from migrate_cli.safety.safepaths import inside
    from migrate_cli.undo import record
    from migrate_cli.undo.reverting import revert_file

    cwd = str(Path.cwd())
    targets = [Path(p).resolve() for p in options.paths]
    wanted = None
    if options.since is not None:
        from migrate_cli.pipeline.since import changed_since

        wanted = changed_since(options.since, options.paths)
    roots = list(dict.fromkeys(record_root(Path(p)) for p in options.paths))
    results: list[FileResult] = []
    absolute: dict[str, Path] = {}
    plans: list[tuple[Path, list, dict]] = []
    # The lock is held from reading the record to trimming it: a second run waits a moment, then refuses.
    with journal.locked(roots) if options.write else nullcontext():
        for root in roots:
            if options.write:
                runs = journal.open_record(root)
            else:
                runs = record.load(root)
                journal.settle(root, runs, cleanup=False)
            by_file: dict[str, list] = {}
            for index in range(len(runs) - 1, -1, -1):
                for entry in runs[index].files:
                    if entry.edits:
                        by_file.setdefault(entry.path, []).append((index, entry))
            outcomes = {}
            for done, (rel, entries) in enumerate(sorted(by_file.items()), 1):
                path = inside(root, rel)
                if not any(path == t or t in path.parents for t in targets):
                    continue
                if wanted is not None and path.resolve() not in wanted:
                    continue
                shown = shown_path(str(path), cwd)
                outcome = revert_file(root, rel, shown, entries, options.rules, providers)
                outcomes[rel] = outcome
                results.append(outcome.result)
                absolute[shown] = path
                if progress:
                    progress(done, len(by_file))
            plans.append((root, runs, outcomes))
        results.sort(key=lambda r: r.path)
        _filter_findings(results, options)
        report = RunReport(results, len(results), Counter(), absolute=absolute)
        if options.write:

            def check_dirty(changed: list[FileResult]) -> None:
                if options.allow_dirty:
                    return
                # A file that is exactly what apply wrote holds nothing of the user's to lose.
                ours: set[tuple[str, str]] = set()
                for _, runs, outcomes in plans:
                    written_as = {(entry.path, entry.written_digest) for run in runs for entry in run.files}
                    ours.update(
                        o.result.path for o in outcomes.values() if (o.rel, o.result.original_digest) in written_as
                    )
                _guard_dirty([r for r in changed if r.path not in ours], absolute, roots)

            report.written.extend(journal.write_revert(plans, check_dirty))  # the record trimmed as files land
    return report


def _guard_dirty(changed: list[FileResult], absolute: dict[str, Path], roots: Iterable[Path]) -> None:
    """DirtyTreeError when a file about to be written has uncommitted changes in a git work tree."""
    from migrate_cli.safety.gitguard import uncommitted

    if not changed:
        return
    dirty = uncommitted([absolute[r.path] for r in changed], set(roots))
    if dirty:
        shown = {absolute[r.path]: r.path for r in changed}
        raise DirtyTreeError([shown[p] for p in dirty])


def has_record(paths: list[Path]) -> bool:
    from migrate_cli.pipeline.discovery import record_root
    from migrate_cli.undo import record

    return any(record.record_path(record_root(Path(p))).exists() for p in paths)


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


def _load(files: list[tuple[str, str, int]]) -> list[tuple[str, str, bytes]]:
    loaded = []
    for path, shown, size in files:
        try:
            loaded.append((path, shown, _read(path, size)))
        except OSError:
            continue
    return loaded


def _importers(results: list[FileResult], loaded: list[tuple[str, str, bytes]]) -> list[tuple[str, str, bytes]]:
    """Of the other Python files (`loaded`), those that import a candidate module (`from app.clients import
    client`) or that a candidate imports (a helper taking the client as a parameter): the repository-wide
    analysis needs their calls too."""
    facts = [r.facts for r in results if r.facts is not None]
    if not facts or not loaded:
        return []
    from migrate_cli.resolve.repository import neighbours

    return [loaded[i] for i in neighbours(facts, loaded)]


def _process_cached(
    items: Sequence[WorkItem | PlannedItem],
    options: RunOptions,
    progress: Callable[[int, int], None] | None,
    cache: Cache | None,
) -> Iterator[FileResult]:
    """_process_all, with the results of files seen before (same bytes, rules and plan) from the cache."""
    if cache is None:
        yield from _process_all(items, options, progress)
        return
    keys = [cache.key(item) for item in items]
    found = cache.get_all(keys)
    fresh = _process_all([item for item, hit in zip(items, found) if hit is None], options, progress)
    for key, hit in zip(keys, found):
        if hit is None:
            hit = next(fresh)
            cache.put(key, hit)
        yield hit


def _process_all(
    items: Sequence[WorkItem | PlannedItem], options: RunOptions, progress: Callable[[int, int], None] | None
) -> Iterator[FileResult]:
    """Rewrite the candidates, in a process pool when there is enough to do; results in input order."""
    jobs = options.jobs or default_jobs()
    total = len(items)
    if jobs > 1 and total > 1 and sum(len(item[2]) for item in items) >= POOL_MIN_BYTES:
        from concurrent.futures import ProcessPoolExecutor

        # Import what the workers need once, before they fork, instead of once in every worker.
        import migrate_cli.python.rewrite_file  # noqa: F401
        from migrate_cli.python.rewrite_rules import python_rules

        python_rules()

        context = None
        if sys.platform.startswith("linux"):
            import multiprocessing

            context = multiprocessing.get_context("fork")
        chunk = max(1, min(16, total // (jobs * 8)))
        from migrate_cli.safety import interrupts

        # What the parent holds (a repository's facts, hundreds of MB by the second pass) is left out of the workers'
        # garbage collections: a collection in a fork would walk it and copy every page it touches. Measured on
        # openai-agents-python: a sixth of the run's CPU time.
        gc.freeze()
        try:
            with (
                ProcessPoolExecutor(
                    jobs,
                    mp_context=context,
                    initializer=interrupts.worker_initializer,
                    initargs=(os.getpid(), _init_worker, options.rules),
                ) as pool,
                interrupts.tracked(pool),
            ):
                # Workers are forked as the work is submitted: a signal handled in a fork hook would be
                # lost (reported as an ignored exception), so it waits until they are started.
                with interrupts.deferred() as stop:
                    results = pool.map(_rewrite, items, chunksize=chunk)
                if stop.requested:
                    raise interrupts.Interrupted()
                for done, result in enumerate(results, 1):
                    if progress:
                        progress(done, total)
                    yield result
        finally:
            gc.unfreeze()
    else:
        _init_worker(options.rules)
        for done, item in enumerate(items, 1):
            result = _rewrite(item)
            if progress:
                progress(done, total)
            yield result


def write_report(report: RunReport, options: RunOptions) -> None:
    """Write a report made by merging runs (pipeline/providers.py): the record's roots guard the dirty check."""
    _write(report, report.absolute, options, None)


def _write(report: RunReport, absolute: dict[str, Path], options: RunOptions, found: Discovery | None) -> None:
    """Write the changed files, journaled in the migration record under its lock (safety/journal.py)."""
    from migrate_cli.safety import journal

    changed = report.changed
    if changed and options.choose is not None:
        changed = options.choose(changed)
    if not changed:
        return

    def check_dirty(files: list[FileResult], roots: set[Path]) -> None:
        if not options.allow_dirty:
            _guard_dirty(files, absolute, found.git_roots() if found is not None else roots)

    report.written.extend(
        journal.write_apply(changed, absolute, options.paths, keep_record=options.record, check_dirty=check_dirty)
    )
