"""`--format json`: one JSON document on stdout (README, Findings)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from migrate_cli.pipeline.runner import RunReport

if TYPE_CHECKING:
    from migrate_cli.pipeline.result import FileResult


def _file(result: FileResult, written: bool) -> dict:
    """A file: whether it changes (and, after `apply` or `revert`, whether it was written), its unified
    diff and each edit. Neither holds a key beyond its first 6
    characters (the diff and the edit records are masked when made); the text an edit removed because it
    was a key is not given at all (`old` is null, `secret` true)."""
    return {
        "path": result.path,
        "changed": result.changed,
        "written": written,
        "diff": result.diff,
        "edits": [
            {
                "rule": e.kind,
                "line": e.line,
                "column": e.column,
                "old": None if e.secret else e.old,
                "new": e.new,
                "secret": e.secret,
                "providers": list(e.providers),
            }
            for e in result.edits
        ],
    }


def render(report: RunReport) -> str:
    written = set(report.written)
    findings = sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code))
    document = {
        "version": 1,
        "files": [_file(r, r.path in written) for r in report.results],
        "findings": [f.to_dict() for f in findings],
        "summary": {
            "files_scanned": report.files_scanned,
            "files_changed": len(report.changed),
            "files_written": len(report.written),
            "findings": len(findings),
            "files_skipped": dict(sorted(report.skipped.items())),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
