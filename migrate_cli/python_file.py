"""Python files: parse, run every rule, apply the edits, check the result parses, report."""

from __future__ import annotations

import hashlib

from migrate_cli.deepstack import parse_python
from migrate_cli.findings import Finding
from migrate_cli.pystate import State
from migrate_cli.result import FileResult
from migrate_cli.ruleset import Ruleset
from migrate_cli.source import SourceText, UndecodableSource
from migrate_cli.textfile import finish


def _syntax_finding(path: str, exc: BaseException, what: str) -> Finding:
    line = getattr(exc, "lineno", None) or 1
    column = getattr(exc, "offset", None) or 1
    reason = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return Finding(path, line, max(column, 1), "parse-error", f"{what}: {reason}")


def rewrite_python(path: str, data: bytes, rules: Ruleset) -> FileResult:
    from migrate_cli.rulebook import run_rules

    result = FileResult(path, original_digest=hashlib.sha1(data).hexdigest())
    try:
        source = SourceText.decode(data, python=True)
    except UndecodableSource as exc:
        result.findings.append(Finding(path, 1, 1, "parse-error", f"skipped: {exc}"))
        return result
    try:
        tree = parse_python(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        result.findings.append(_syntax_finding(path, exc, "skipped, does not parse"))
        return result

    state = State(source.text, tree, rules, path, source.newline)
    facts = None
    if rules.plan is None and not rules.reverse:
        from migrate_cli.flow import extract

        facts = extract(state, path)
    run_rules(state)
    result = finish(path, data, source, state.edits, state.findings, rules, parse_python)
    result.facts = facts
    return result
