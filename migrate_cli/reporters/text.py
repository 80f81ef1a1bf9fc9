"""Human output through Rich: the diff on stdout, findings and a summary on stderr, colour only on a terminal."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text

from migrate_cli.findings import Severity
from migrate_cli.runner import RunReport

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render_diff(report: RunReport, out: Console) -> None:
    for result in report.results:
        if not result.diff:
            continue
        if not out.is_terminal:
            out.file.write(result.diff)
            continue
        for line in result.diff.splitlines():
            style = ""
            if line.startswith(("+++", "---")):
                style = "bold"
            elif line.startswith("+"):
                style = "green"
            elif line.startswith("-"):
                style = "red"
            elif line.startswith("@@"):
                style = "cyan"
            out.print(Text(line, style=style), soft_wrap=True)
    out.file.flush()


def render_findings(report: RunReport, err: Console) -> None:
    for finding in sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.rule)):
        line = Text()
        line.append(f"{finding.path}:{finding.line}:{finding.column}: ", style="bold")
        line.append(f"{finding.severity.value}[{finding.rule}]", style=_SEVERITY_STYLE[finding.severity])
        line.append(f" {finding.message}")
        err.print(line, soft_wrap=True, highlight=False)


def summary_line(report: RunReport, mode: str) -> str:
    changed = len(report.changed)
    files = "file" if changed == 1 else "files"
    if mode in ("apply", "revert"):
        verb = "Changed" if mode == "apply" else "Reverted"
        head = f"{verb} {len(report.written)} {'file' if len(report.written) == 1 else 'files'}"
    elif mode in ("diff", "revert-diff"):
        head = f"Would change {changed} {files}" if changed else "Nothing to change"
    else:
        head = f"{changed} {files} to migrate" if changed else "Nothing to migrate"
    counts = Counter(f.severity for f in report.findings)
    total = sum(counts.values())
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s != Severity.INFO else ''}"
             for s in Severity if counts[s]]
    findings = f"{total} finding{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
    scanned = f"{report.files_scanned} file{'s' if report.files_scanned != 1 else ''} scanned"
    if report.skipped:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items()))
        scanned += f", {sum(report.skipped.values())} skipped ({skipped})"
    return f"{head} · {findings} · {scanned}"
