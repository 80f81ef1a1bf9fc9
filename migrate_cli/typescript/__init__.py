"""TypeScript and JavaScript (openai-node, the Vercel AI SDK): README, What it changes in TypeScript and JavaScript.

The modules of a repository are migrated together, in one call, because a client or a model id crosses
modules (`export const client = new OpenAI()` imported elsewhere; model constants in a `models.ts`).
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from migrate_cli.pipeline.ruleset import Ruleset

if TYPE_CHECKING:
    from collections.abc import Iterator

    from migrate_cli.pipeline.result import FileResult

# What the repository's env files set: variable -> [(value, "path:line")].
EnvSettings = dict[str, list[tuple[str, str]]]

# Bytes that make a TypeScript/JavaScript file worth reading besides the model ids the shared prefilter
# looks for: the SDK's name (`openai`, `@ai-sdk/openai`, `OPENAI_API_KEY`) and the call chains of the APIs
# ByteSpike does not serve, which a module may make on a client imported from another, and the hosted tools
# of the rules (`[api.unsupported-tools]`).
TOKENS = (
    b"penai",
    b"PENAI_",
    b"BYTESPIKE",
    b".files",
    b".beta",
    b".vectorStores",
    b".fineTuning",
    b".embeddings",
    b".audio",
    b".moderations",
    b".batches",
    b".uploads",
    b".realtime",
    # Hosted tools that keep a request on OpenAI, built in a module of their own (`getTools()`).
    b"file_search",
    b"code_interpreter",
    # The environment handed whole to another package (`createLanguageModel(process.env)`, TypeChat's): it reads
    # the provider's variables itself.
    b"process.env)",
    b"process.env,",
)

EXTENSIONS = {
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
}


def is_candidate(data: bytes) -> bool:
    return any(token in data for token in TOKENS)


def generated(shown: str, data: bytes, rules: Ruleset) -> bool:
    """Minified bundles and build output (`*.min.js`, `dist/`, `build/`, a file mostly in very long lines): never
    edited."""
    ts = rules.typescript
    parts = shown.split("/")
    name = parts[-1]
    if ".min." in name or name.endswith((".bundle.js", ".chunk.js")):
        return True
    if any(part in ts.generated_dirs or part == "node_modules" for part in parts[:-1]):
        return True
    limit = ts.max_line_length
    if len(data) <= limit or re.search(rb"[^\n]{%d}" % (limit + 1), data) is None:
        return False
    # Minified: most of the file is in lines over the limit, and they are code with its spaces taken out (1-2 % of
    # jQuery's or a bundler's output, 10 % of an icon bundle's SVG paths). A hand-written module with one long
    # template string of text (a generator's embedded README, 18 %) is read: skipped, its client stayed while the
    # constant it imports moved.
    long_lines = [line for line in data.split(b"\n") if len(line) > limit]
    long_bytes = sum(len(line) for line in long_lines)
    spaces = sum(line.count(b" ") + line.count(b"\t") for line in long_lines)
    return long_bytes * 2 > len(data) and spaces < long_bytes * 0.15


def migrate_typescript(
    files: list[tuple[str, bytes]], rules: Ruleset, env: EnvSettings | None = None, orphans_held: str = ""
) -> list[FileResult]:
    from migrate_cli.typescript.migrate import migrate_typescript as run

    return run(files, rules, env, orphans_held)


def migrate_all(
    files: list[tuple[str, bytes]], rules: Ruleset, env: EnvSettings | None = None, orphans_held: str = ""
) -> list[FileResult]:
    """migrate_typescript, with a failure reported for every file instead of ending the run. `env`: what the
    repository's env files set, by variable (`process.env.TITLE_MODEL` is their value)."""
    from migrate_cli.pipeline.result import FileResult

    try:
        return migrate_typescript(files, rules, env, orphans_held)
    except Exception as exc:  # a bug must not take the rest of the run with it, nor go unreported
        return [FileResult(shown, internal_error=f"{shown}: {type(exc).__name__}: {exc}") for shown, _ in files]


def context(rest: list[tuple[str, str, int]], rules: Ruleset) -> list[tuple[str, bytes]]:
    """Of the rest of a repository whose files were only partly given (runner._rest_of_repository), the
    TypeScript modules to read for the calls they make on the clients of those given; the caller drops
    their results."""
    from pathlib import Path

    found = []
    for path, shown, _ in rest:
        if not is_typescript(shown):
            continue
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        if not generated(shown, data, rules) and is_candidate(data):
            found.append((shown, data))
    return found


_RELATIVE_IMPORT = re.compile(rb"""(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*|\bimport\s+)["'](\.{1,2}/[^"'\n]+)["']""")


def imported(
    modules: list[tuple[str, bytes]], others: list[tuple[str, str, int]], rules: Ruleset
) -> list[tuple[str, bytes]]:
    """The modules `modules` import (by a relative path) among `others`, the repository's JavaScript and
    TypeScript files the byte search passed over: read with them, one import deep, so that a value handed to
    their functions and methods is followed (a pricing module that looks a model up in its data); the caller
    drops their results."""
    from pathlib import Path

    by_shown = {shown: path for path, shown, _ in others}
    wanted: list[str] = []
    for shown, data in modules:
        for base in _relative_imports(shown, data):
            for name in (base, *(base + e for e in EXTENSIONS), *(f"{base}/index{e}" for e in EXTENSIONS)):
                if name in by_shown and name not in wanted:
                    wanted.append(name)
                    break
    found = []
    for shown in wanted:
        try:
            data = Path(by_shown[shown]).read_bytes()
        except OSError:
            continue
        if not generated(shown, data, rules):
            found.append((shown, data))
    return found


def importers(
    modules: list[tuple[str, bytes]], others: list[tuple[str, str, int]], rules: Ruleset
) -> list[tuple[str, bytes]]:
    """The modules among `others` that import one of `modules` by a relative path: read with them, one import
    deep, so that a value `modules` export is followed where it goes (a table of ids a router sends in a
    `fetch` body to OpenRouter was taken for one used nowhere, and moved); the caller drops their results."""
    from pathlib import Path

    given = {shown for shown, _ in modules}
    # Only the modules that name an id the rules map: their ids may go where an importer sends them.
    ids = [old.encode() for old in rules.models.forward]
    holders = {shown for shown, data in modules if any(i in data for i in ids)}
    names = {
        name
        for shown in holders
        for name in (shown, shown.rsplit(".", 1)[0], *([posixpath.dirname(shown)] if "/index." in shown else []))
    }
    if not names:
        return []
    found = []
    for path, shown, _ in others:
        if shown in given or not is_typescript(shown):
            continue
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        if b"./" not in data or generated(shown, data, rules):
            continue
        if any(base in names or base.rsplit(".", 1)[0] in names for base in _relative_imports(shown, data)):
            found.append((shown, data))
    return found


def _relative_imports(shown: str, data: bytes) -> Iterator[str]:
    """The repository paths (without extension) a module imports by a relative path."""
    folder = posixpath.dirname(shown)
    for match in _RELATIVE_IMPORT.finditer(data):
        yield posixpath.normpath(posixpath.join(folder, match.group(1).decode("utf-8", "replace")))


def process_one(path: str, data: bytes, rules: Ruleset) -> FileResult:
    """One file alone (a single path given on the command line, the fixture runner)."""
    return migrate_typescript([(path, data)], rules)[0]


def verify_any(text: str) -> None:
    from migrate_cli.pipeline.textfile import Unreadable
    from migrate_cli.typescript.syntax import parses_as_any

    if not parses_as_any(text):
        raise Unreadable("does not parse as TypeScript or JavaScript")


def is_typescript(name: str) -> bool:
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in EXTENSIONS
