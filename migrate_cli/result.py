"""What processing one file produces; the runner collects these and the reporters render them."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate_cli.findings import Finding


CONTEXT = 40  # characters of the written text kept on each side of an edit, to find it again


@dataclass(frozen=True)
class EditRecord:
    """One edit as the migration record and the reporters see it (no secret ever stored).

    `old` is the text the edit replaced (for a removed secret: the expression `revert` puts back in its
    place), `new` the text it wrote, `offset` where `new` starts in the written text, and the contexts
    the written text around it.
    """

    rule: str
    line: int
    column: int
    old: str
    new: str
    secret: bool = False
    offset: int = 0
    context_before: str = ""
    context_after: str = ""


@dataclass
class FileResult:
    path: str  # as shown: relative to the working directory, '/'-separated
    changed: bool = False
    new_data: bytes | None = None
    original_digest: str = ""
    diff: str = ""
    edits: list[EditRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    internal_error: str = ""
    written_digest: str = ""  # sha1 of new_data
    env_reads: frozenset[str] = frozenset()  # environment variables the file still reads after the rewrite


def record_edits(old_text: str, new_text: str, edits, index, restore_secret) -> list[EditRecord]:
    """EditRecords for `edits` (sorted, non-overlapping) that turned old_text into new_text."""
    records = []
    shift = 0
    for edit in edits:
        start = edit.start + shift
        end = start + len(edit.new)
        line, column = index.position(edit.start)
        old = old_text[edit.start : edit.end]
        records.append(
            EditRecord(
                edit.rule, line, column,
                restore_secret(edit.new) if edit.secret else old,
                edit.new, edit.secret, start,
                new_text[max(0, start - CONTEXT) : start], new_text[end : end + CONTEXT],
            )
        )
        shift += len(edit.new) - (edit.end - edit.start)
    return records
