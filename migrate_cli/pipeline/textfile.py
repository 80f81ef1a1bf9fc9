"""The tail every handler shares: apply a file's edits, check the result, and describe it (diff, record)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from migrate_cli.pipeline.edits import Edit, OverlappingEdits, apply_edits
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex, SourceText
from migrate_cli.reporters.findings import Finding


class Unreadable(ValueError):
    """The rewritten text does not parse (the message says why)."""


def skipped(path: str, reason: str) -> FileResult:
    """A file left alone because it could not be read as its kind: reported as a parse error."""
    result = FileResult(path)
    result.findings.append(Finding(path, 1, 1, "parse-error", reason))
    return result


def finish(
    path: str,
    data: bytes,
    source: SourceText,
    edits: list[Edit],
    findings: list[Finding],
    rules: Ruleset,
    verify: Callable[[str], object],
) -> FileResult:
    """A FileResult for `edits` on `source`; `verify` raises Unreadable (or SyntaxError) for bad output."""
    result = FileResult(path, original_digest=hashlib.sha1(data).hexdigest())
    plan = rules.plan
    if plan is not None and (plan.held_values or plan.held_endpoints):
        # Model ids the repository-wide resolution holds back (they reach requests that stay on OpenAI), and
        # endpoints whose key, ids or readers stay.
        index = LineIndex(source.text)
        held, endpoints = plan.held_values, plan.held_endpoints
        edits = [
            e
            for e in edits
            if not (e.kind == "model-id" and index.position(e.start) in held)
            and not (e.kind in ("base-url", "api-key") and index.position(e.start) in endpoints)
        ]
        findings = [f for f in findings if f.code != "approximate-model" or (f.line, f.column) not in held]
    if plan is not None:
        findings = [*findings, *plan.findings]
    findings = sorted(set(findings))
    # Once each, in place order; insertions at one offset keep the order they were made in (`import os` first).
    edits = sorted(dict.fromkeys(edits), key=lambda e: (e.start, e.end))
    try:
        new_text = apply_edits(source.text, edits)
    except OverlappingEdits as exc:
        result.internal_error = f"{path}: {exc}"
        result.findings = findings
        return result
    if new_text != source.text:
        try:
            verify(new_text)
            new_data = source.written(new_text)
        except (Unreadable, SyntaxError, ValueError, MemoryError) as exc:  # too deep: pipeline/runner.py retries
            line = getattr(exc, "lineno", None) or 1
            reason = getattr(exc, "msg", None) or str(exc)
            findings.append(
                Finding(path, line, 1, "parse-error", f"rewrite would not parse, file left unchanged: {reason}")
            )
            result.findings = sorted(findings)
            return result
        # A key removed inside a larger edit (a notebook's rewritten lines) comes back as a read that needs no
        # import: the `import os` apply added is in the same edit, and goes with it.
        result.wrote(
            path,
            source,
            new_text,
            new_data,
            edits,
            rules,
            # (without the `?? ""` a TypeScript key read gets on ByteSpike's side: back on the provider, its SDK's
            # own reading of the variable is the one wanted)
            lambda written: re.sub(r" \?\? (['\"])\1$", "", written.replace(rules.key_env, rules.openai_key_env)),
            (rules.provider,),
        )
    result.findings = findings
    return result
