"""`revert` with a migration record: each recorded site whose text is still what `apply` wrote gets its
old text back; a site edited by hand since is left alone and reported.

Runs are undone newest first. When a file is byte-for-byte what `apply` wrote, the recorded offsets are
exact, so `apply` then `revert` gives the original bytes back (a removed secret key excepted: it comes
back as an OPENAI_API_KEY read). After unrelated edits elsewhere in the file, sites are found by their
recorded context.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from migrate_cli import record
from migrate_cli.diffing import unified_diff
from migrate_cli.edits import Edit, apply_edits
from migrate_cli.findings import Finding
from migrate_cli.result import EditRecord, FileResult
from migrate_cli.ruleset import Ruleset
from migrate_cli.source import LineIndex, SourceText, UndecodableSource


@dataclass
class FileRevert:
    """One recorded file, reverted in memory."""

    root: Path
    rel: str
    result: FileResult
    kept: dict[int, list[EditRecord]] = field(default_factory=dict)  # run index -> edits still recorded


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def revert_file(root: Path, rel: str, shown: str, entries, rules: Ruleset) -> FileRevert:
    """`entries`: (run index, RecordedFile) for this file, newest run first."""
    path = root / rel
    result = FileResult(shown)
    outcome = FileRevert(root, rel, result)
    try:
        data = path.read_bytes()
    except OSError:
        result.findings.append(Finding(shown, 1, 1, "revert-conflict",
                                       "recorded by apply but no longer readable: nothing reverted"))
        outcome.kept = {index: list(entry.edits) for index, entry in entries}
        return outcome
    result.original_digest = _digest(data)
    python = rel.endswith(".py")
    try:
        source = SourceText.decode(data, python=python)
    except UndecodableSource as exc:
        result.findings.append(Finding(shown, 1, 1, "parse-error", f"not reverted: {exc}"))
        outcome.kept = {index: list(entry.edits) for index, entry in entries}
        return outcome

    text = source.text
    current = data
    for index, entry in entries:
        # A removed secret comes back as an environment read, which needs the `import os` apply added.
        keeps_os = any(e.secret for e in entry.edits)
        located = record.locate(text, entry.edits, _digest(current) == entry.written_digest)
        edits: list[Edit] = []
        kept: list[EditRecord] = []
        taken: list[tuple[int, int]] = []
        index_now = LineIndex(text)
        for site in located:
            edit = site.edit
            if keeps_os and edit.rule == "import-os":
                continue
            end = site.start + len(edit.new)
            clash = any(s < end and site.start < e for s, e in taken)
            if site.start < 0 or text[site.start:end] != edit.new or clash:
                kept.append(edit)
                line = edit.line
                if site.start >= 0:
                    line = index_now.position(site.start)[0]
                result.findings.append(Finding(
                    shown, line, edit.column, "revert-conflict",
                    f"{edit.rule} edit {rules.redact(edit.new)!r} was changed by hand since apply: left as is",
                ))
                continue
            taken.append((site.start, end))
            edits.append(Edit(site.start, end, edit.old, edit.rule))
            if edit.secret:
                line, column = index_now.position(site.start)
                result.findings.append(Finding(
                    shown, line, column, "hardcoded-key",
                    f"the key literal apply removed is not restored (it was never stored): the code now "
                    f"reads {rules.openai_key_env} in its place",
                ))
        text = apply_edits(text, edits)
        current = source.encode(text)
        if kept:
            outcome.kept[index] = kept

    if text != source.text:
        from migrate_cli.handlers import handler_for

        handler = handler_for(path)
        if handler is not None:
            try:
                handler.verify(text)
            except (SyntaxError, ValueError) as exc:
                result.findings.append(Finding(shown, getattr(exc, "lineno", 1) or 1, 1, "parse-error",
                                               f"revert would not parse, file left unchanged: {exc}"))
                outcome.kept = {index: list(entry.edits) for index, entry in entries}
                return outcome
        result.changed = True
        result.new_data = source.encode(text)
        result.diff = unified_diff(shown, source.text, text, rules.redact)
    result.findings.sort()
    return outcome
