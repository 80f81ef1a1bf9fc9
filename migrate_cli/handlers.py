"""Which files the tool reads, and how: a handler per file type, with the bytes that make a file a candidate.

Most files in a repository never mention OpenAI; a byte search (about a thousand times cheaper than a
parse) decides which files are parsed at all.
"""

from __future__ import annotations

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


def _python(path: str, data: bytes, rules: Ruleset) -> FileResult:
    from migrate_cli.python_file import rewrite_python

    return rewrite_python(path, data, rules)


HANDLERS: tuple[Handler, ...] = (Handler("python", lambda p: p.name.endswith(".py"), _python),)


def handler_for(path: PurePath) -> Handler | None:
    for handler in HANDLERS:
        if handler.matches(path):
            return handler
    return None


def candidate_tokens(rules: Ruleset) -> tuple[bytes, ...]:
    """Byte strings at least one of which every file with something to migrate or report contains.

    Few and short on purpose: each token is one pass over the bytes. `penai` covers openai, OpenAI and
    Openai (and so every provider-prefixed id); the first word of each mapped id covers bare ids (`gpt-`),
    behind a quote when it is too short to be rare on its own (`"o1`, `'o1`).
    """
    tokens = {b"penai", b"PENAI"}
    for model in rules.models.forward:
        head = model.split("-", 1)[0].encode()
        if len(head) >= 3 and "-" in model:
            tokens.add(head + b"-")
        else:
            tokens.update((b'"' + head, b"'" + head))
    # A token that contains another is found whenever the shorter one is: drop it.
    return tuple(sorted(t for t in tokens if not any(o != t and o in t for o in tokens)))


def is_candidate(data: bytes, tokens: tuple[bytes, ...]) -> bool:
    return any(token in data for token in tokens)
