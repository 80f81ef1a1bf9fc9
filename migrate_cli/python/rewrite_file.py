"""Python files: parse, run every rule, apply the edits, check the result parses, report."""

from __future__ import annotations

import hashlib

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import SourceText, UndecodableSource
from migrate_cli.pipeline.textfile import finish
from migrate_cli.python.analysis import State
from migrate_cli.reporters.findings import PROVIDER, Finding
from migrate_cli.safety.deepstack import parse_python


def _syntax_finding(path: str, exc: BaseException, what: str) -> Finding:
    line = getattr(exc, "lineno", None) or 1
    column = getattr(exc, "offset", None) or 1
    reason = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
    return Finding(path, line, max(column, 1), "parse-error", f"{what}: {reason}")


def rewrite_python(path: str, data: bytes, rules: Ruleset) -> FileResult:
    from migrate_cli.python.rewrite_rules import run_rules

    result = FileResult(path, original_digest=hashlib.sha1(data).hexdigest())
    try:
        source = SourceText.decode(data, python=True)
    except UndecodableSource as exc:
        result.findings.append(Finding(path, 1, 1, "parse-error", f"skipped: {exc}"))
        return result
    try:
        tree = parse_python(source.text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        newer = _newer_grammar(path, source.text, exc, rules)
        result.findings.extend(newer if newer is not None else [_syntax_finding(path, exc, "skipped, does not parse")])
        return result

    state = State(source.text, tree, rules, path, source.newline)
    facts = None
    if rules.plan is None and not rules.reverse:
        from migrate_cli.python.facts import extract
        from migrate_cli.python.frameworks import drop_other_providers_requests

        facts = extract(state, path)
        drop_other_providers_requests(state, facts)
    run_rules(state)
    result = finish(path, data, source, state.edits, state.findings, rules, parse_python)
    result.facts = facts
    return result


def _newer_grammar(path: str, text: str, exc: BaseException, rules: Ruleset) -> list[Finding] | None:
    """Findings for a file the running interpreter's `ast` refuses but LibCST's parser, which knows newer
    grammar (PEP 701 f-strings such as `f"{row["k"]}"`, PEP 695 `type` statements), reads: None when LibCST
    refuses it too (a real syntax error).

    Every decision of the tool (which client a request uses, what moves) rests on the `ast` analysis, so such
    a file is not rewritten; instead of a parse-error that hides its model ids, each id literal is reported
    where it stands, and the file once, so that the user can move them by hand or run the tool on a newer
    Python."""
    if not isinstance(exc, SyntaxError) or "too many" in str(exc) or _nesting(text) > _MAX_NESTING:
        # Limits of every Python (nesting, indentation), not newer grammar; and LibCST's native parser
        # overflows its stack (a crash, not an exception) on a few thousand nested brackets.
        return None
    try:
        wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        strings = _code_strings(wrapper.module)
    except (cst.ParserSyntaxError, RecursionError, MemoryError, ValueError):
        return None
    line = getattr(exc, "lineno", None) or 1
    findings = [
        Finding(
            path,
            line,
            1,
            "newer-syntax",
            "written in newer Python syntax than this Python reads: not rewritten (run the tool on "
            "the Python the project uses to migrate it)",
        )
    ]
    if rules.reverse:
        return findings
    models = rules.models
    for node in strings:
        value = node.evaluated_value
        if not isinstance(value, str):
            continue
        start = positions[node].start
        target = models.map_forward(value)
        if target is not None:
            findings.append(
                Finding(
                    path,
                    start.line,
                    start.column + 1,
                    "newer-syntax",
                    f"model id {value!r} left as is in a file this Python cannot analyse: it "
                    f"would be {target!r} on ByteSpike if its request moves",
                )
            )
        elif models.is_unmapped_openai_id(value):
            findings.append(
                Finding(
                    path,
                    start.line,
                    start.column + 1,
                    "unmapped-model",
                    f"{PROVIDER} model id {value!r} has no ByteSpike mapping: left as is; choose an "
                    f"id from ByteSpike's catalog or add --map {models.split_prefix(value)[1]}=NEW",
                )
            )
    return findings


# CPython's tokenizer refuses more than 200 nested brackets, in every version.
_MAX_NESTING = 200


def _nesting(text: str) -> int:
    """The deepest bracket nesting of the text, brackets inside strings and comments counted too (more
    than the truth, never less)."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(depth - 1, 0)
    return deepest


def _code_strings(module: cst.Module) -> list[cst.SimpleString]:
    """String literals that are code: docstrings and other bare strings left out."""
    found: list[cst.SimpleString] = []
    bare: set[int] = set()

    class Gather(cst.CSTVisitor):
        def visit_Expr(self, node: cst.Expr) -> None:
            bare.add(id(node.value))

        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            if id(node) not in bare:
                found.append(node)

    module.visit(Gather())
    return found
