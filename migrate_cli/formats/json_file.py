"""JSON files, edited as text: a tokenizer finds every string value and the key it stands under, so
indentation, key order and escapes elsewhere stay exactly as they were. (Lock files are not handed to
this module: see pipeline/handlers.py.) JSON with comments and trailing commas (JSONC: `tsconfig.json`, editor and
tool settings) is read the same way, its comments kept: they are tokens the edits never touch."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from migrate_cli.formats.values import Scalar, ValueJudge, is_recording
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex, SourceText, UndecodableSource
from migrate_cli.pipeline.textfile import Unreadable, finish, skipped

_TOKEN = re.compile(
    r'[ \t\r\n]*(?:(?P<string>"(?:[^"\\\n]|\\.)*")|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<punct>[{}\[\]:,])'
    r'|(?P<atom>[^ \t\r\n{}\[\]:,"/]+))',
    re.DOTALL,
)


def strings(text: str) -> Iterator[tuple[tuple, int, int, str, bool]]:
    """(path, start, end, raw token, is_key) for every string token; path is the keys/indexes above it."""
    stack: list[list] = []  # [kind, key or index, expecting_key]
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            if text[position:].strip():
                raise Unreadable(f"unexpected character at offset {position}")
            return
        position = match.end()
        kind = match.lastgroup
        assert kind is not None, "every alternative of _TOKEN is a named group"
        token = match.group(kind)
        start = match.start(kind)
        top = stack[-1] if stack else None
        if kind == "comment":
            continue
        if kind == "punct":
            if token in "{[":
                stack.append(["object" if token == "{" else "array", None if token == "{" else 0, token == "{"])
            elif token in "}]":
                stack.pop()
            elif token == ",":
                if top and top[0] == "object":
                    top[2] = True
                elif top:
                    top[1] += 1
            elif token == ":" and top:
                top[2] = False
            continue
        if kind == "string":
            path = tuple(entry[1] for entry in stack)
            if top and top[0] == "object" and top[2]:
                top[1] = json.loads(token)
                yield path, start, start + len(token), token, True
            else:
                yield path, start, start + len(token), token, False


def object_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every object (`{ … }`), comments and strings passed over."""
    spans: list[tuple[int, int]] = []
    opened: list[tuple[str, int]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            break
        position = match.end()
        if match.lastgroup == "punct":
            token = match.group("punct")
            if token in "{[":
                opened.append((token, match.start("punct")))
            elif token in "}]" and opened:
                kind, start = opened.pop()
                if kind == "{":
                    spans.append((start, match.end("punct")))
    return spans


def load(text: str) -> object:
    """The document: plain JSON, else JSONC (its comments and trailing commas dropped before `json` reads it;
    the tokenizer says where they are, so a `//` inside a string stays a string)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if "/" not in text and "," not in text:
            raise Unreadable(str(exc)) from None
        first = exc
    plain: list[str] = []
    last = 0
    pending_comma: int | None = None  # where a comma stands that may be a trailing one
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            if text[position:].strip():
                raise Unreadable(str(first))
            break
        position = match.end()
        kind = match.lastgroup
        assert kind is not None, "every alternative of _TOKEN is a named group"
        token = match.group(kind)
        start = match.start(kind)
        if kind == "comment":
            plain.append(text[last:start])
            plain.append(" ")
            last = match.end()
            continue
        if kind == "punct" and token in "}]" and pending_comma is not None:
            plain.append(text[last:pending_comma])
            last = pending_comma + 1
        pending_comma = start if kind == "punct" and token == "," else None
    plain.append(text[last:])
    try:
        return json.loads("".join(plain))
    except json.JSONDecodeError:
        raise Unreadable(str(first)) from None


def verify(text: str) -> None:
    load(text)


def scalars(text: str) -> Iterator[tuple[tuple, Scalar, bool]]:
    """(path, scalar, exact) for every string value."""
    for path, start, end, token, is_key in strings(text):
        if is_key:
            continue
        value = json.loads(token)
        key = next((p for p in reversed(path) if isinstance(p, str)), None)
        yield path, Scalar(start + 1, end - 1, value, key), token[1:-1] == value


def rewrite_json(path: str, data: bytes, rules: Ruleset) -> FileResult:
    try:
        source = SourceText.decode(data)
        verify(source.text)
    except (UndecodableSource, Unreadable) as exc:
        return skipped(path, f"skipped, not JSON: {exc}")
    if is_recording(load(source.text)):
        return FileResult(path)
    judge = ValueJudge(rules, path, LineIndex(source.text))
    for _, scalar, exact in scalars(source.text):
        judge.judge(scalar, exact=exact)
    return finish(path, data, source, judge.edits, judge.findings, rules, verify)
