"""Per-file results kept between runs, so that `diff` then `apply` on the same tree analyses once.

An entry is keyed by everything its result depends on: the tool's version, the effective rules (map,
URLs, settings), the file's kind, path and bytes, and the plan the repository-wide resolution made for it.
Any change to one of those is a different key; nothing is ever invalidated by hand. The cache is a folder
at the repository root, `.bytespike-migrate-cache/`, which ignores itself (its own `.gitignore` says `*`, as
Ruff's does), so it never shows in `git status`, is never found as a file to migrate, and is safe to delete.
`--no-cache` neither reads nor writes it.

A file that holds a real-looking key is never cached: no copy of a secret is written anywhere.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from migrate_cli import __version__
from migrate_cli.pipeline.result import PlannedItem, WorkItem

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from migrate_cli.pipeline.ruleset import Ruleset

    T = TypeVar("T")

FOLDER = ".bytespike-migrate-cache"
_FORMAT = 1


class Cache:
    def __init__(self, root: Path, rules: Ruleset) -> None:
        from dataclasses import replace

        self.folder = root / FOLDER
        self.path = str(self.folder)
        self.secret = rules.secret
        fingerprint = canonical(replace(rules, plan=None, source=""))
        self.salt = hashlib.sha1(f"{_FORMAT}\0{__version__}\0{fingerprint}\0{_code_digest()}".encode()).digest()
        self.ready = False

    def key(self, item: WorkItem | PlannedItem) -> str | None:
        if self.secret.search(item.data.decode("latin-1")):
            return None
        digest = hashlib.sha1(self.salt)
        digest.update(f"{item.kind}\0{item.shown}\0".encode())
        digest.update(item.data)
        if isinstance(item, PlannedItem):
            digest.update(canonical(item.plan).encode())
        return digest.hexdigest()

    def get(self, key: str | None) -> Any:
        if key is None:
            return None
        try:
            # Paths joined as text: a thousand pathlib joins cost more than the thousand reads.
            with open(os.path.join(self.path, key[:2], key), "rb") as handle:
                result = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None
        return result

    def get_all(self, keys: list[str | None]) -> list:
        """`get` of every key."""
        with _collector_paused():
            return [self.get(key) for key in keys]

    def remember(self, what: str, inputs: bytes, compute: Callable[[], T]) -> T:
        """`compute()`'s value for `inputs` (bytes that determine it, with the tool, its code and rules): from
        the cache when seen before. A value whose pickle looks like it holds a key is not kept."""
        digest = hashlib.sha1(self.salt)
        digest.update(f"{what}\0".encode())
        digest.update(inputs)
        key = digest.hexdigest()
        with _collector_paused():
            found = self.get(key)
        if found is None:
            found = compute()
            if not self.secret.search(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL).decode("latin-1")):
                self.put(key, found)
        return found

    def put(self, key: str | None, result: object) -> None:
        if key is None or getattr(result, "internal_error", None):
            return
        try:
            self._prepare()
            folder = self.folder / key[:2]
            folder.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, folder / key)
            except BaseException:  # an interrupt too: no stray temporary file
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass  # a cache that cannot be written is only slower

    def _prepare(self) -> None:
        if self.ready:
            return
        self.folder.mkdir(exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Made by bytespike-migrate: its cache, safe to delete.\n*\n", encoding="utf-8")
            (self.folder / "CACHEDIR.TAG").write_text(  # backup tools skip a folder tagged so
                "Signature: 8a477f597d28d172789f06886806bc55\n# bytespike-migrate's cache.\n", encoding="utf-8"
            )
        self.ready = True


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading results with the garbage collector paused: the results of a thousand files are ~100k new
    containers, none of them garbage, and the collector's passes over them were 40% of the loading (the
    dense benchmark's 1,000 files: 0.24 s, 0.14 s paused)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _code_digest() -> str:
    """The tool's own code: a result made by other code (a development checkout between versions) is
    never reused. Reading the package's few dozen files costs about a millisecond."""
    digest = hashlib.sha1()
    package = Path(__file__).resolve().parent.parent  # migrate_cli/
    rules = package.parent / "rules" / "python"  # a checkout's rules (a wheel's are inside the package)
    for path in [*sorted(package.rglob("*.py")), *sorted(rules.glob("*.py"))]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()


def canonical(value: object) -> str:
    """A text that is the same in every process for equal values (a set's repr follows string hashing,
    which changes from one interpreter to the next)."""
    import dataclasses
    import re

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ", ".join(f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}({fields})"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{canonical(k)}: {canonical(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    if isinstance(value, re.Pattern):
        return repr(value.pattern)
    return repr(value)
