"""Python files: parse, run every fixer, apply the edits, check the result parses, report."""

from __future__ import annotations

import ast
import hashlib
import warnings

from migrate_cli.diffing import unified_diff
from migrate_cli.edits import OverlappingEdits, apply_edits
from migrate_cli.findings import Finding
from migrate_cli.pystate import State
from migrate_cli.result import FileResult, record_edits
from migrate_cli.ruleset import Ruleset
from migrate_cli.source import LineIndex, SourceText, UndecodableSource


def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        # Invalid escape sequences and the like are the author's business, not this run's output.
        warnings.simplefilter("ignore")
        return ast.parse(text)


def _syntax_finding(path: str, exc: BaseException, what: str) -> Finding:
    line = getattr(exc, "lineno", None) or 1
    column = getattr(exc, "offset", None) or 1
    reason = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return Finding(path, line, max(column, 1), "parse-error", f"{what}: {reason}")


def rewrite_python(path: str, data: bytes, rules: Ruleset) -> FileResult:
    from migrate_cli.fixers import fixers_for

    result = FileResult(path, original_digest=hashlib.sha1(data).hexdigest())
    try:
        source = SourceText.decode(data, python=True)
    except UndecodableSource as exc:
        result.findings.append(Finding(path, 1, 1, "parse-error", f"skipped: {exc}"))
        return result
    try:
        tree = _parse(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        result.findings.append(_syntax_finding(path, exc, "skipped, does not parse"))
        return result

    state = State(source.text, tree, rules, path, source.newline)
    for fixer in fixers_for(rules.reverse):
        fixer.run(state)
    findings = sorted(set(state.findings))
    edits = sorted(set(state.edits))
    try:
        new_text = apply_edits(source.text, edits)
    except OverlappingEdits as exc:
        result.internal_error = f"{path}: {exc}"
        result.findings = findings
        return result

    if new_text != source.text:
        try:
            _parse(new_text)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
            findings.append(_syntax_finding(path, exc, "rewrite would not parse, file left unchanged"))
            result.findings = sorted(findings)
            return result
        result.changed = True
        result.new_data = source.encode(new_text)
        result.written_digest = hashlib.sha1(result.new_data).hexdigest()
        result.diff = unified_diff(path, source.text, new_text, rules.redact)
        result.edits = record_edits(
            source.text, new_text, edits, LineIndex(source.text),
            lambda written: written.replace(rules.key_env, rules.openai_key_env),
        )
    result.findings = findings
    return result
