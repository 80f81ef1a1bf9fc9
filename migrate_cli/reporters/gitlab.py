"""`--format gitlab`: a GitLab Code Quality report (a JSON list), for the `codequality` artifact.

Each finding: `description`, `check_name` (the finding rule), `fingerprint`, `severity` (error: major,
a hard-coded key: critical, warning: minor, info: info) and `location` (`path`, `lines.begin`). The
fingerprint stays the same while the finding does (rule, file, message without the line numbers it
quotes, and which occurrence of it), even when lines above it move.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

from migrate_cli.pipeline.runner import RunReport

_LINES = re.compile(r"\blines? \d+(?:[-–, ]+\d+)*")
SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(report: RunReport) -> str:
    findings = sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code))
    seen: Counter = Counter()
    items = []
    for f in findings:
        key = (f.code, f.path, _LINES.sub("line", f.message))
        seen[key] += 1
        digest = hashlib.sha256("\0".join([*key, str(seen[key])]).encode("utf-8")).hexdigest()
        items.append(
            {
                "description": f.message,
                "check_name": f.code,
                "fingerprint": digest,
                "severity": "critical" if f.code == "hardcoded-key" else SEVERITY[f.severity.value],
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
