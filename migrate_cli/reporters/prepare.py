"""What every reporter is handed: the run's findings as they may be shown, whatever the output format.

Two things happen after the run and before any rendering: keys are cut to their first 6 characters in every
finding and error message (a parser's message can quote the line it stopped at), and after `apply` the
findings of a file that was to change but was not written describe the file as it stays.
"""

from __future__ import annotations

import re
from dataclasses import replace

from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.runner import RunReport

# Findings whose message describes an edit made (a model id mapped, a reverse choice taken).
_TELLS_OF_AN_EDIT = frozenset({"approximate-model", "ambiguous-reverse"})


def prepare(report: RunReport, rules: Ruleset, *, applied: bool) -> None:
    """The report's findings made ready to render, in place; `applied`: the run was `apply`."""
    _mask(report, rules)
    if applied:
        _as_written(report)


def _mask(report: RunReport, rules: Ruleset) -> None:
    """Every finding and error message with keys cut to their first 6 characters, whatever produced it."""
    for result in report.results:
        result.findings = [
            f if not rules.secret.search(f.message) else replace(f, message=rules.redact(f.message))
            for f in result.findings
        ]
        result.internal_error = rules.redact(result.internal_error)


def _as_written(report: RunReport) -> None:
    """The findings of a file that was to change but was not written (declined in the review, the review quit
    early, or the write failed): a finding that tells of an edit is dropped, and a key's finding says the key
    is still there."""
    written = set(report.written)
    for result in report.results:
        if not result.changed or result.path in written:
            continue
        kept = []
        for f in result.findings:
            if f.code == "hardcoded-key":
                quoted = re.search(r"'[^']*'", f.message)
                key = f" {quoted.group(0)}" if quoted else ""
                kept.append(
                    replace(
                        f,
                        message=f"hard-coded API key{key} left in place: this file was not written; "
                        "move the key to the environment",
                    )
                )
            elif f.code not in _TELLS_OF_AN_EDIT:
                kept.append(f)
        result.findings = kept
