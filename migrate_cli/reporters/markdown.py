"""`--format markdown`: a summary ready for a pull-request comment or a job summary."""

from __future__ import annotations

from collections import Counter

from migrate_cli.pipeline.runner import RunReport
from migrate_cli.reporters.findings import code


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(report: RunReport, mode: str) -> str:
    changed = report.changed
    findings = sorted(report.findings, key=lambda f: (f.path, f.line, f.column, f.code))
    out = ["## ByteSpike migration", ""]
    if mode in ("apply", "revert"):
        verb = "migrated" if mode == "apply" else "reverted"
        out.append(
            f"**{len(report.written)}** file(s) {verb}, **{len(findings)}** finding(s), "
            f"{report.files_scanned} file(s) scanned."
        )
    else:
        out.append(
            f"**{len(changed)}** file(s) to change, **{len(findings)}** finding(s), "
            f"{report.files_scanned} file(s) scanned."
        )
    out.append("")
    if changed:
        out += ["### Files", "", "| file | edits |", "|---|---|"]
        out += [f"| `{_cell(r.path)}` | {len(r.edits)} |" for r in changed]
        out.append("")
    if findings:
        counts = Counter(f.code for f in findings)
        out += ["### Findings by rule", "", "| rule | severity | count |", "|---|---|---|"]
        out += [f"| `{rule}` | {code(rule).severity.value} | {n} |" for rule, n in sorted(counts.items())]
        out.append("")
        human = [f for f in findings if code(f.code).needs_a_human]
        if human:
            out += ["### Needs a human", "", "| where | rule | message |", "|---|---|---|"]
            out += [f"| `{_cell(f.path)}:{f.line}` | `{f.code}` | {_cell(f.message)} |" for f in human]
            out.append("")
    out += ["### Undo", "", "```bash", "bytespike-migrate revert .", "```", ""]
    return "\n".join(out)
