"""`--format github`: one workflow command per finding, so findings show as annotations on the pull request."""

from __future__ import annotations

from migrate_cli.pipeline.runner import RunReport

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: RunReport) -> str:
    lines = []
    for f in sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code)):
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (("file", f.path), ("line", f.line), ("col", f.column), ("title", f.code))
        )
        lines.append(f"::{_LEVEL[f.severity.value]} {properties}::{_escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)
