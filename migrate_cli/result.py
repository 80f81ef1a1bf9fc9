"""What processing one file produces; the runner collects these and the reporters render them."""

from __future__ import annotations

from dataclasses import dataclass, field

from migrate_cli.findings import Finding


@dataclass(frozen=True)
class EditRecord:
    """One edit as the migration record and the reporters see it (no secret ever stored)."""

    rule: str
    line: int
    column: int
    old: str
    new: str
    secret: bool = False


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
