"""Which files the tool reads, and how: a handler per file type, with the bytes that make a file a candidate.

Most files in a repository never mention OpenAI; a byte search (about a thousand times cheaper than a
parse) decides which files are parsed at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from migrate_cli.result import FileResult
from migrate_cli.ruleset import Ruleset


@dataclass(frozen=True)
class Handler:
    name: str
    matches: Callable[[PurePath], bool]
    process: Callable[[str, bytes, Ruleset], FileResult]
    verify: Callable[[str], None]  # raises when text of this kind does not parse
    exact_prefilter: bool = True  # Python: quoted ids only; configuration files: any token


def _python(path: str, data: bytes, rules: Ruleset) -> FileResult:
    from migrate_cli.python_file import rewrite_python

    return rewrite_python(path, data, rules)


def _verify_python(text: str) -> None:
    import ast
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ast.parse(text)


def _lazy(module: str, function: str) -> Callable:
    """A handler function imported on first use: the formats' libraries stay off start-up."""

    def call(*args):
        import importlib

        return getattr(importlib.import_module(f"migrate_cli.formats.{module}"), function)(*args)

    return call


def _is_dotenv(path: PurePath) -> bool:
    name = path.name
    return name == ".env" or name.startswith(".env.") or (name.endswith(".env") and len(name) > 4)


HANDLERS: tuple[Handler, ...] = (
    Handler("python", lambda p: p.name.endswith(".py"), _python, _verify_python),
    Handler("notebook", lambda p: p.suffix == ".ipynb", _lazy("notebook", "rewrite_notebook"),
            _lazy("json_file", "verify"), exact_prefilter=False),
    Handler("dotenv", _is_dotenv, _lazy("dotenv", "rewrite_dotenv"), lambda text: None, exact_prefilter=False),
    Handler("toml", lambda p: p.suffix == ".toml" and p.name not in ("poetry.lock", ".bytespike-migrate.toml"),
            _lazy("toml_file", "rewrite_toml"), _lazy("toml_file", "verify"), exact_prefilter=False),
    Handler("yaml", lambda p: p.suffix in (".yaml", ".yml"), _lazy("yaml_file", "rewrite_yaml"),
            _lazy("yaml_file", "verify"), exact_prefilter=False),
    Handler("json", lambda p: p.suffix == ".json" and p.name not in ("package-lock.json", "npm-shrinkwrap.json"),
            _lazy("json_file", "rewrite_json"), _lazy("json_file", "verify"), exact_prefilter=False),
)


def handler_for(path: PurePath) -> Handler | None:
    for handler in HANDLERS:
        if handler.matches(path):
            return handler
    return None


_QUOTES = (b'"', b"'")
_ID_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789.-_:")


class Prefilter:
    """Decides from a file's bytes whether it can hold anything to migrate or report, without parsing.

    First one pass over the bytes per token, few and short on purpose: `penai` is in every import of the
    SDK (`openai`, `langchain_openai`) and every provider-prefixed id (`openai/…`); the first word of each mapped id (`gpt-`, `o1`)
    covers bare ids. Then, for a file that has only an id's first word, each occurrence is checked: a
    quoted string of model-id characters (`"gpt-4o"`, `'openai/o1'`, `"gpt-4-turbo"`, to report unmapped
    ids too) or an id built at run time (`gpt-{`); `"o1=4"` is not one. (A regular expression doing the
    same is slower than the byte scans it would save.)
    """

    def __init__(self, rules: Ruleset) -> None:
        heads: dict[bytes, list[bytes]] = {}
        for model in rules.models.forward:
            first = model.split("-", 1)[0].encode()
            head = first + b"-" if len(first) >= 3 and "-" in model else first
            heads.setdefault(head, []).append(model.encode())
        self.heads = {h: sorted(ids, key=len, reverse=True) for h, ids in sorted(heads.items())}
        self.tokens = (b"penai", *self.heads)

    def loose(self, data: bytes) -> bool:
        """For configuration files: any token, or the key variable's name (`OPENAI_API_KEY=`)."""
        return b"penai" in data or b"PENAI" in data or any(head in data for head in self.heads)

    def __call__(self, data: bytes) -> bool:
        if b"penai" in data:
            return True
        for head, ids in self.heads.items():
            at = data.find(head)
            while at != -1:
                if self._id_at(data, at, head, ids):
                    return True
                at = data.find(head, at + 1)
        return False

    @staticmethod
    def _id_at(data: bytes, at: int, head: bytes, ids: list[bytes]) -> bool:
        end = at + len(head)
        if data[end : end + 1] == b"{" or data[end : end + 2] == b"-{":
            return True  # f"gpt-{version}"
        if data[at - 1 : at] not in (b'"', b"'", b"/", b":"):
            return False
        limit = min(len(data), end + 64)
        while end < limit and data[end] in _ID_BYTES:
            end += 1
        return data[end : end + 1] in _QUOTES
