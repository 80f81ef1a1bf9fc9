"""Human output: the diff on stdout, findings and a summary on stderr, colour only on a terminal.

On a terminal (or with FORCE_COLOR) the lines go through Rich, styled; anywhere else they are the same
text written as is: Rich writes nothing else there, and importing it costs more than a sparse run's
whole byte search.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import TYPE_CHECKING, TextIO

from migrate_cli.pipeline.runner import RunReport
from migrate_cli.reporters.findings import Severity

if TYPE_CHECKING:
    from rich.console import Console

_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
Segments = list[tuple[str, str]]  # (text, Rich style)


_color = "auto"  # --color: auto, always or never


def set_color(choice: str) -> None:
    global _color
    _color = choice


def no_color() -> bool:
    """NO_COLOR (https://no-color.org): set and not empty."""
    return bool(os.environ.get("NO_COLOR"))


class Writer:
    """Writes styled lines to a stream, through Rich only when colour is to be shown.

    `is_terminal`: the stream is a terminal (or FORCE_COLOR is set); `styled`: lines carry colour, which
    `--color always|never` decides, and otherwise a terminal without NO_COLOR.
    """

    def __init__(self, stream: TextIO, styled: bool | None = None) -> None:
        self.stream = stream
        try:
            tty = stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.is_terminal = tty or bool(os.environ.get("FORCE_COLOR"))
        if styled is not None:
            self.styled = styled
        elif _color == "always":
            self.styled = True
        elif _color == "never":
            self.styled = False
        else:
            self.styled = self.is_terminal and not no_color()
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        if self._console is None:
            self._console = console_for(self.stream, styled=self.styled)
        return self._console

    def line(self, segments: Segments) -> None:
        if self.styled:
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


def console_for(stream: TextIO | None = None, *, styled: bool | None = None) -> Console:
    """A Rich console on `stream` (stdout by default) that follows --color, and that does not wrap at 80
    columns when the stream is not a terminal (a pipe, a file): tables keep their natural width there."""
    from rich.console import Console

    stream = stream if stream is not None else sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if styled is None:
        styled = _color == "always" or (
            _color == "auto" and (tty or bool(os.environ.get("FORCE_COLOR"))) and not no_color()
        )
    options: dict = {"file": stream, "highlight": False}
    if _color == "always":
        options.update(force_terminal=True, no_color=False)
    elif not styled:
        options.update(no_color=True)
    if not tty:
        options["width"] = 10_000
    return Console(**options)


def stdout() -> Writer:
    return Writer(sys.stdout)


def stderr() -> Writer:
    return Writer(sys.stderr)


def render_diff(report: RunReport, out: Writer) -> None:
    for result in report.results:
        if not result.diff:
            continue
        if not out.styled:
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
    for finding in sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code)):
        err.line(
            [
                (f"{finding.path}:{finding.line}:{finding.column}: ", "bold"),
                (f"{finding.severity.value}[{finding.code}]", _SEVERITY_STYLE[finding.severity]),
                (f" {finding.message}", ""),
            ]
        )


_SKIP_REASONS = {
    "too large": "larger than 2 MiB",
    "unreadable": "could not be read",
    "binary": "a NUL byte near the start: not text",
    "generated": "generated or bundled JavaScript/TypeScript (minified, or marked generated)",
    "tool folder": "inside .git, .venv, node_modules, a cache or build folder",
    "excluded": "matched --exclude or the settings' exclude",
    "symlink": "a symbolic link (never followed)",
    "unprintable file name": "a file name that cannot be shown safely",
    "unreadable folder": "a folder that could not be listed",
}


def render_skipped(report: RunReport, err: Writer) -> None:
    """-v: every reason files were left out, how many, and the files where the run names them."""
    named: dict[str, list[str]] = {}
    for shown, why in report.named_skips:
        named.setdefault(why.split(" (")[0], []).append(shown)
    if not report.skipped:
        err.line([("skipped: no file", "")])
    for why, count in sorted(report.skipped.items()):
        files = "file" if count == 1 else "files"
        explained = _SKIP_REASONS.get(why, "")
        err.line(
            [(f"skipped {count} {files}: ", "bold"), (why, "yellow"), (f" ({explained})" if explained else "", "")]
        )
        for shown in named.get(why, []):
            err.line([(f"  {shown}", "")])


def render_file_table(report: RunReport, mode: str, err: Writer) -> None:
    """-v: one row per file that changes or has findings: edits, and findings by severity."""
    rows = [r for r in report.results if r.changed or r.findings]
    if not rows:
        return
    from rich import box
    from rich.table import Table

    written = set(report.written)
    status = {"apply": "written", "revert": "reverted"}.get(mode)
    table = Table(box=box.SIMPLE, title=None, show_edge=False)
    for column in ("file", "change", "edits", "errors", "warnings", "info"):
        table.add_column(column, justify="left" if column in ("file", "change") else "right")
    for r in sorted(rows, key=lambda r: r.path):
        counts = Counter(f.severity for f in r.findings)
        if not r.changed:
            change = "–"
        elif status is None:
            change = "to change"
        else:
            change = status if r.path in written else "not written"
        table.add_row(
            r.path,
            change,
            str(len(r.edits)) if r.changed else "0",
            *(str(counts[s]) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)),
        )
    err.console.print(table, markup=False, highlight=False)


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
    parts = [
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s != Severity.INFO else ''}" for s in Severity if counts[s]
    ]
    findings = f"{total} finding{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
    scanned = f"{report.files_scanned} file{'s' if report.files_scanned != 1 else ''} scanned"
    if report.skipped:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items()))
        scanned += f", {sum(report.skipped.values())} skipped ({skipped})"
    return f"{head} · {findings} · {scanned}" + (f" · {report.note}" if report.note else "")
