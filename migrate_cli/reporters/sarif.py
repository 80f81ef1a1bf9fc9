"""`--format sarif`: SARIF 2.1.0, with a rule descriptor per finding rule, for code scanning upload."""

from __future__ import annotations

import json

from migrate_cli import __version__
from migrate_cli.pipeline.runner import RunReport
from migrate_cli.reporters.findings import code

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: RunReport) -> str:
    findings = sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code))
    rule_ids = sorted({f.code for f in findings})
    rules = [
        {
            "id": c.id,
            "name": "".join(part.capitalize() for part in c.id.split("-")),
            "shortDescription": {"text": c.meaning.split(":")[0].rstrip(".")},
            "fullDescription": {"text": c.meaning},
            "help": {"text": c.meaning},
            "defaultConfiguration": {"level": _LEVEL[c.severity.value]},
        }
        for c in map(code, rule_ids)
    ]
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": rule_ids.index(f.code),
            "level": _LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    return document(rules, results, columnKind="unicodeCodePoints")


def document(rules: list[dict], results: list[dict], **run: object) -> str:
    """A SARIF 2.1.0 log of one run of the tool (`run`: more of the run object's properties)."""
    tool = {
        "driver": {
            "name": "bytespike-migrate",
            "version": __version__,
            "informationUri": "https://bytespike.ai",
            "rules": rules,
        }
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{"tool": tool, "results": results, **run}]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
