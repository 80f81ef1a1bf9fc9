"""TOML files with tomlkit: string values are replaced in the document, which tomlkit writes back with
every comment, space and key order as it was; the edits are the lines that differ, trimmed to the
changed characters."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrate_cli.formats.values import Scalar, ValueJudge
from migrate_cli.pipeline.edits import Edit
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex, SourceText, UndecodableSource
from migrate_cli.pipeline.textfile import Unreadable, finish, skipped

if TYPE_CHECKING:
    from typing import Any

    from tomlkit.items import String


def verify(text: str) -> None:
    import tomllib

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Unreadable(str(exc)) from None


@dataclass
class _TomlJudge(ValueJudge):
    """Replacements go into the tomlkit document; positions (for findings) come from the raw text."""

    setters: dict[int, Callable[[str], None]] = field(default_factory=dict)  # id(scalar) -> its setter
    rules_used: list[str] = field(default_factory=list)

    def replace(self, scalar: Scalar, new: str, rule: str) -> None:
        self.setters[id(scalar)](new)
        self.rules_used.append(rule)


def _walk(container: Any, key: str | None, visit: Callable[[String, str | None, Callable[..., None]], None]) -> None:
    from tomlkit.items import AoT, Array, String

    if isinstance(container, (Array, AoT, list)):
        for i in range(len(container)):
            item = container[i]
            if isinstance(item, String):
                visit(item, key, lambda new, c=container, i=i, t=item: c.__setitem__(i, _like(t, new)))
            else:
                _walk(item, key, visit)
    elif hasattr(container, "keys"):
        for name in list(container.keys()):
            item = container[name]
            if isinstance(item, String):
                visit(item, str(name), lambda new, c=container, n=name, t=item: c.__setitem__(n, _like(t, new)))
            else:
                _walk(item, str(name), visit)


def _like(item: String, new: str) -> String:
    from tomlkit.items import String

    return String.from_raw(new, type_=item.type)


def line_edits(old: str, new: str, rule: str) -> list[Edit]:
    """The edits that turn `old` into `new` when only some lines differ: each trimmed to what changed."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs = [(starts[i], old_lines[i], new_lines[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            pairs = [(starts[i1], "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]))]
        for offset, a, b in pairs:
            prefix = 0
            while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
                prefix += 1
            suffix = 0
            while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
                suffix += 1
            edits.append(Edit(offset + prefix, offset + len(a) - suffix, b[prefix : len(b) - suffix], rule))
    return edits


def rewrite_toml(path: str, data: bytes, rules: Ruleset) -> FileResult:
    import tomlkit

    try:
        source = SourceText.decode(data)
        verify(source.text)
        document = tomlkit.parse(source.text)
    except (UndecodableSource, Unreadable, Exception) as exc:
        return skipped(path, f"skipped, not TOML: {exc}")
    text = source.text
    judge = _TomlJudge(rules, path, LineIndex(text))
    cursor = [0]

    def visit(item: String, key: str | None, setter: Callable[[str], None]) -> None:
        raw = item.as_string()
        at = text.find(raw, cursor[0])
        if at == -1:
            at = max(text.find(raw), 0)
        else:
            cursor[0] = at + len(raw)
        inner = len(raw) - len(str(item))
        scalar = Scalar(at + (inner // 2 if inner > 0 else 0), at + len(raw), str(item), key)
        judge.setters[id(scalar)] = setter
        judge.judge(scalar, exact=True)

    _walk(document, None, visit)
    edits: list[Edit] = []
    if judge.rules_used:
        rule = judge.rules_used[0] if len(set(judge.rules_used)) == 1 else "config-values"
        edits = line_edits(text, tomlkit.dumps(document), rule)
    return finish(path, data, source, edits, judge.findings, rules, verify)
