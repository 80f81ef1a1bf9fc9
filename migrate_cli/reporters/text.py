"""Human output: the diff on stdout, findings and a summary on stderr, colour only on a terminal.

On a terminal (or with FORCE_COLOR) the lines go through Rich, styled; anywhere else they are the same
text written as is: Rich writes nothing else there, and importing it costs more than a sparse run's
whole byte search.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import TextIO

from migrate_cli.findings import Severity
from migrate_cli.runner import RunReport

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
Segments = list[tuple[str, str]]  # (text, Rich style)


class Writer:
    """Writes styled lines to a stream, through Rich only when colour can be shown."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.is_terminal = stream.isatty() or bool(os.environ.get("FORCE_COLOR"))
        self._console = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False)
        return self._console

    def line(self, segments: Segments) -> None:
        if self.is_terminal:
            from rich.text import Text

            text = Text()
            for part, style in segments:
                text.append(part, style=style or None)
            self.console.print(text, soft_wrap=True)
        else:
            self.stream.write("".join(part for part, _ in segments) + "\n")

    def raw(self, text: str) -> None:
        self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


def stdout() -> Writer:
    return Writer(sys.stdout)


def stderr() -> Writer:
    return Writer(sys.stderr)


def render_diff(report: RunReport, out: Writer) -> None:
    for result in report.results:
        if not result.diff:
            continue
        if not out.is_terminal:
            out.raw(result.diff)
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
            out.line([(line, style)])
    out.flush()


def render_findings(report: RunReport, err: Writer) -> None:
    for shown, why in report.named_skips:
        err.line([(f"{shown}: ", "bold"), (f"skipped: {why}", "")])
    for finding in sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.rule)):
        err.line([
            (f"{finding.path}:{finding.line}:{finding.column}: ", "bold"),
            (f"{finding.severity.value}[{finding.rule}]", _SEVERITY_STYLE[finding.severity]),
            (f" {finding.message}", ""),
        ])


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
