"""`--format json`: one JSON document on stdout (SPEC §6)."""

from __future__ import annotations

import json

from migrate_cli.runner import RunReport


def render(report: RunReport) -> str:
    findings = sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.rule))
    document = {
        "version": 1,
        "files": [{"path": r.path, "changed": r.changed} for r in report.results],
        "findings": [f.to_dict() for f in findings],
        "summary": {
            "files_scanned": report.files_scanned,
            "files_changed": len(report.changed),
            "findings": len(findings),
            "files_skipped": dict(sorted(report.skipped.items())),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
