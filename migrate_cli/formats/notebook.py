"""Jupyter notebooks: the code cells go through the Python rules as one module (a client made in one cell
and used in another is one client); the notebook's JSON layout and outputs are untouched except for the
edited source lines.

IPython magics (`%pip …`, `!ls`) are masked as comments of the same length before parsing, so positions
stay exact; `%%` cell magics make a cell opaque, except those that run it as Python (`%%capture`, `%%time`).
Each changed source line is written back as the JSON string it was, so a one-line change is a one-line diff.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from migrate_cli.formats.json_file import strings, verify
from migrate_cli.pipeline.edits import Edit, apply_edits
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex, SourceText, UndecodableSource
from migrate_cli.pipeline.textfile import Unreadable, finish, skipped
from migrate_cli.python.analysis import State
from migrate_cli.reporters.findings import Finding
from migrate_cli.safety.deepstack import parse_python

if TYPE_CHECKING:
    from migrate_cli.python.facts import ModuleFacts

_MAGIC = re.compile(r"^([ \t]*)([%!])", re.M)
# IPython runs these without a `%` (automagic): tried only on a cell that does not parse as it is.
_AUTOMAGIC = re.compile(r"^([ \t]*)(?=(?:cd|ls|pwd|pip|conda|mkdir|cat|echo|wget|curl|git)(?:[ \t]|$))\w", re.M)


# Cell magics that run the rest of their cell as Python (`%%capture` hides its output): the cell is code.
_PYTHON_CELL_MAGICS = re.compile(r"\s*%%(?:capture|time|timeit|prun)\b")


def _mask(source: str) -> str:
    if source.lstrip().startswith("%%") and not _PYTHON_CELL_MAGICS.match(source):
        return re.sub(r"[^\n]", " ", source)  # another cell magic (`%%bash`, `%%html`): not Python at all
    return _MAGIC.sub(lambda m: m.group(1) + "#", source)


def _source_tokens(text: str) -> dict[int, list[tuple[int, int, str]]]:
    """Cell index -> the JSON string tokens (start, end, raw) of its `source`, in order."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    for path, start, end, token, is_key in strings(text):
        if not is_key and len(path) >= 3 and path[0] == "cells" and path[2] == "source":
            found.setdefault(path[1], []).append((start, end, token))
    return found


def rewrite_notebook(path: str, data: bytes, rules: Ruleset) -> FileResult:
    from migrate_cli.python.rewrite_rules import run_rules

    try:
        source = SourceText.decode(data)
        verify(source.text)
        notebook = json.loads(source.text)
        tokens = _source_tokens(source.text)
    except (UndecodableSource, Unreadable, ValueError) as exc:
        return skipped(path, f"skipped, not a notebook: {exc}")
    shape = _not_a_notebook(notebook)
    if shape:
        return skipped(path, f"skipped, not a notebook: {shape}")
    text = source.text
    json_lines = LineIndex(text)

    cells, module, unreadable = _code_cells(notebook, tokens)
    language = _language(notebook)
    try:
        tree = parse_python(module)
    except (SyntaxError, ValueError, MemoryError) as exc:
        if language:
            return skipped(path, f"skipped, a {language} notebook (its kernel's language) whose cells are not Python")
        return skipped(path, f"skipped, its code cells do not parse: {getattr(exc, 'msg', exc)}")
    if language and len(unreadable) * 2 > len(cells):
        # A tslab or Deno notebook: most of its cells are not Python; a client in it is reviewed by hand (and the
        # env files keep the variables it may read, resolve/repository.py). A Python dialect's kernel (Coconut, Sage,
        # PySpark) whose cells parse is read like Python's.
        return skipped(path, f"skipped, a {language} notebook (its kernel's language) whose cells are not Python")

    findings = []
    for index, body in unreadable:
        if "penai" in body or any(m in body for m in rules.models.forward):
            line = json_lines.position(tokens[index][0][0])[0] if tokens.get(index) else 1
            findings.append(
                Finding(
                    path,
                    line,
                    1,
                    "parse-error",
                    f"cell {index + 1} is not Python (a shell command, an IPython automagic?): "
                    "skipped, check it by hand",
                )
            )

    state = State(module, tree, rules, path, "\n")
    state.runs = _runs(cells)
    facts = None
    if rules.plan is None and not rules.reverse:
        # The notebook's clients, requests and ids take part in the repository-wide resolution (docs/design.md) like
        # a module's: a client whose request takes an id ByteSpike does not serve stays, in a notebook too.
        from migrate_cli.python.facts import extract
        from migrate_cli.python.frameworks import drop_other_providers_requests

        facts = extract(state, path)
        drop_other_providers_requests(state, facts)
        _stored(cells, module, facts)
    run_rules(state)
    _env_magics(state, cells, module)
    _keys_in_magics(state, cells, module)

    edits: list[Edit] = []
    for position, (index, start, lines) in enumerate(cells):
        end = cells[position + 1][1] if position + 1 < len(cells) else len(module)
        # One edit made twice (a `config_list` two agents read) is one edit, as in a module (textfile.finish).
        mine = sorted(
            dict.fromkeys(
                e for e in state.edits if start <= e.start and e.end <= end and not (e.start == end and e.end == end)
            ),
            key=lambda e: (e.start, e.end),  # insertions at one offset in the order made (`import os` first)
        )
        if not mine:
            continue
        body = "".join(lines)
        shifted = [_within(body, Edit(e.start - start, e.end - start, e.new, e.kind, e.secret)) for e in mine]
        new_body = apply_edits(body, shifted)
        one_string = isinstance(notebook["cells"][index].get("source"), str)
        new_lines = [new_body] if one_string else new_body.splitlines(keepends=True)
        edits.extend(_cell_edits(text, tokens[index], lines, new_lines, shifted))

    plan = rules.plan
    if plan is not None and plan.findings:
        # The resolution's findings are at the module's positions: placed in the notebook like the rules' own.
        from dataclasses import replace

        state.findings.extend(plan.findings)
        rules = replace(rules, plan=replace(plan, findings=[]))

    placed = _placer(cells, module, tokens, json_lines)

    # Lines a message quotes (`(line 5)`, `(nb.ipynb:12)`) are the module's too: the notebook's, like the finding's.
    # (`(… at nb.ipynb:4)`: a site a message names beside what is there.)
    quoted = re.compile(r"(\(|\bat )(line |" + re.escape(path) + r":)(\d+)\)")

    def retold(message: str) -> str:
        return quoted.sub(lambda m: f"{m.group(1)}{m.group(2)}{placed(int(m.group(3)))[1]})", message)

    for finding in state.findings:
        cell, line = placed(finding.line, finding.column)
        message = retold(finding.message)
        findings.append(
            Finding(path, line, finding.column, finding.code, f"cell {cell[0] + 1 if cell else '?'}: {message}")
        )
    result = finish(path, data, source, edits, findings, rules, verify)
    result.facts = facts
    return result


def _env_magics(state: State, cells: list[tuple[int, int, list[str]]], module: str) -> None:
    """`%env OPENAI_API_KEY=…` (or `%set_env`) in a notebook whose clients now read BYTESPIKE_API_KEY: nothing set
    that variable, and the first request raised KeyError. The magic (masked for parsing: no rule sees it) gets a
    twin that sets BYTESPIKE_API_KEY the same way when its value is a placeholder, as `env_writes` does for
    `os.environ[…] = "YOUR KEY"`; a real key is never copied. Either way it is said."""
    rules = state.rules
    if rules.reverse or not any(rules.key_env in e.new for e in state.edits):
        return
    magic = re.compile(
        r"^([ \t]*%(?:set_)?env[ \t]+)" + re.escape(rules.openai_key_env) + r"\b([ \t]*=?[ \t]*)([^\n]*)", re.MULTILINE
    )
    index = LineIndex(module)
    for _, start, lines in cells:
        for found in magic.finditer("".join(lines)):
            lead, joint, value = found.groups()
            at = start + found.start()  # before it: a cell's last line has no newline to follow
            line, column = index.position(start + found.start())
            copied = bool(value.strip()) and not rules.secret.search(value)
            if copied:
                twin = f"{lead}{rules.key_env}{joint}{value}"
                state.edits.append(Edit(at, at, twin + "\n", "env-writes"))
            state.findings.append(
                Finding(
                    state.path,
                    line,
                    column,
                    "dynamic-config",
                    f"the notebook sets {rules.openai_key_env} with an IPython magic, and its clients now read "
                    f"{rules.key_env}: "
                    + (
                        f"a twin sets {rules.key_env} the same way, to the same placeholder: put a ByteSpike key there"
                        if copied
                        else f"set {rules.key_env} to a ByteSpike key the same way (%env {rules.key_env}=…)"
                    ),
                )
            )


_ENV_MAGIC = re.compile(r"^[ \t]*%(?:set_)?env[ \t]+\w+[ \t]*=?[ \t]*([^\s]+)", re.MULTILINE)


def _keys_in_magics(state: State, cells: list[tuple[int, int, list[str]]], module: str) -> None:
    """A real-looking key a magic sets (`%env OPENAI_API_KEY=sk-proj-…`), which no rule sees (the magics are masked
    for parsing): reported as one written in the code is, whichever way the notebook's clients go."""
    rules = state.rules
    index = LineIndex(module)
    for _, start, lines in cells:
        for found in _ENV_MAGIC.finditer("".join(lines)):
            value = found.group(1).strip("\"'")
            if not rules.owns_real_key(value):
                continue
            line, column = index.position(start + found.start(1))
            state.findings.append(
                Finding(
                    state.path,
                    line,
                    column,
                    "hardcoded-key",
                    f"a real-looking API key ({rules.redact(value)}) is committed here: move it to the environment and "
                    "revoke it",
                )
            )


# IPython's `%run file.py` (and `-i`, `-t`…): the file runs in the notebook's namespace, as `from file import *`.
_RUN = re.compile(r"^[ \t]*%run(?:[ \t]+-\w+)*[ \t]+([\w./-]+?)\.(?:py|ipynb)[ \t]*$", re.MULTILINE)
# `%store NAME …` (not `-r`, `-z`, `-d`): the values go to a store other notebooks read back (`%store -r NAME`).
_STORE = re.compile(r"^[ \t]*%store[ \t]+(?!-)([\w \t]+?)[ \t]*$", re.MULTILINE)


def _runs(cells: list[tuple[int, int, list[str]]]) -> list[str]:
    """The modules a notebook's `%run` magics run in its namespace, as relative imports (`%run ../lib/common.py`:
    "..lib.common")."""
    found = []
    for _, _, lines in cells:
        for match in _RUN.finditer("".join(lines)):
            parts = [p for p in match.group(1).split("/") if p not in ("", ".")]
            up = 0
            while parts and parts[0] == "..":
                parts.pop(0)
                up += 1
            if parts and ".." not in parts and all(p.isidentifier() for p in parts):
                found.append("." * (up + 1) + ".".join(parts))
    return found


def _stored(cells: list[tuple[int, int, list[str]]], module: str, facts: ModuleFacts) -> None:
    """`%store MODEL_NAME`: other notebooks read the value back (`%store -r MODEL_NAME`) and send it on clients the
    tool cannot follow from here; the value is handed to code the tool does not follow, as a model given to a
    package's function is (and a client stored so escapes)."""
    from migrate_cli.python.facts import Sink

    for _, start, lines in cells:
        for match in _STORE.finditer("".join(lines)):
            line = module.count("\n", 0, start + match.start()) + 1
            for name in match.group(1).split():
                slot = f"m|{facts.module}|{name}"
                facts.escapes.add(slot)
                facts.sinks.append(Sink(line, 1, f"%store {name}", "", (slot,)))


def _code_cells(
    notebook: dict, tokens: dict[int, list[tuple[int, int, str]]]
) -> tuple[list[tuple[int, int, list[str]]], str, list[tuple[int, str]]]:
    """The code cells, one after the other, as one module: (cell index, start in module, source elements:
    lines, or the whole source when it is one string) per cell, the module, and the cells that are not Python
    on their own (`cd ..`, …)."""
    cells: list[tuple[int, int, list[str]]] = []
    pieces: list[str] = []
    offset = 0
    unreadable: list[tuple[int, str]] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        lines = cell.get("source", [])
        lines = lines if isinstance(lines, list) else [lines]
        if len(tokens.get(index, [])) != len(lines):
            continue  # a layout this editor does not know: left alone
        body = "".join(lines)
        masked = _mask(body) + ("" if body.endswith("\n") or not body else "\n")
        if not _parses(masked):
            automagic = _AUTOMAGIC.sub(lambda m: m.group(1) + "#", masked)
            if _parses(automagic):
                masked = automagic
            else:
                unreadable.append((index, body))
                masked = re.sub(r"[^\n]", " ", masked)  # skipped, positions kept
        cells.append((index, offset, lines))
        # A blank line closes each cell in the module: a line added after a cell's last statement (the
        # endpoint after `openai.api_key = …`, inside its `if`) stands on it, in that cell, not at the head of
        # the next cell, and the last cell's last statement is followed by a line too.
        pieces.append(masked + "\n")
        offset += len(masked) + 1
    return cells, "".join(pieces), unreadable


def _placer(
    cells: list[tuple[int, int, list[str]]],
    module: str,
    tokens: dict[int, list[tuple[int, int, str]]],
    json_lines: LineIndex,
) -> Callable[..., tuple[tuple | None, int]]:
    module_index = LineIndex(module)

    def placed(module_line: int, column: int = 1) -> tuple[tuple | None, int]:
        """(cell, line of the notebook's JSON) of a position in the module made of the code cells."""
        offset = module_index.offset(module_line, 0) + column - 1
        cell = next((c for c in reversed(cells) if c[1] <= offset), None)
        line = 1
        if cell is not None:
            within = module[cell[1] : offset].count("\n")
            cell_tokens = tokens[cell[0]]
            if cell_tokens:
                line = json_lines.position(cell_tokens[min(within, len(cell_tokens) - 1)][0])[0]
        return cell, line

    return placed


def code_of(data: bytes) -> str | None:
    """A notebook's code cells as the one module the analysis reads (magics masked), or None when it is no
    notebook the tool reads."""
    try:
        source = SourceText.decode(data)
        notebook = json.loads(source.text)
    except (UndecodableSource, ValueError):
        return None
    if _not_a_notebook(notebook):
        return None
    return _code_cells(notebook, _source_tokens(source.text))[1]


def line_of(data: bytes) -> Callable[[int], int] | None:
    """The notebook's JSON line of a line of the module its code cells make (what the analysis quotes, as
    `(nb.ipynb:12)` in another file's finding), or None when it is no notebook the tool reads."""
    try:
        source = SourceText.decode(data)
        notebook = json.loads(source.text)
        tokens = _source_tokens(source.text)
    except (UndecodableSource, Unreadable, ValueError):
        return None
    if _not_a_notebook(notebook):
        return None
    cells, module, _ = _code_cells(notebook, tokens)
    placed = _placer(cells, module, tokens, LineIndex(source.text))
    return lambda line: placed(line)[1]


_QUOTED = re.compile(r"(\(|\bat )([^()\s:]+\.ipynb):(\d+)\)")


def retell_quoted_lines(results: list, data_of: Callable[[str], bytes | None]) -> None:
    """Findings that quote another notebook's line (`'gpt-4' (b.ipynb:19)`) quote the line of its module: the
    notebook's own, as its own findings are placed (each notebook places the lines it quotes of itself)."""
    maps: dict[str, Callable[[int], int] | None] = {}

    def line(path: str, number: str) -> str:
        if path not in maps:
            data = data_of(path)
            maps[path] = line_of(data) if data is not None else None
        found = maps[path]
        return str(found(int(number))) if found is not None else number

    def retold(finding: Finding) -> Finding:
        def one(m: re.Match[str]) -> str:
            if m.group(2) == finding.path:
                return m.group(0)
            return f"{m.group(1)}{m.group(2)}:{line(m.group(2), m.group(3))})"

        return replace(finding, message=_QUOTED.sub(one, finding.message))

    for result in results:
        if any(".ipynb:" in f.message for f in result.findings):
            result.findings = [retold(f) for f in result.findings]


def _within(body: str, edit: Edit) -> Edit:
    """An insertion on the line that closes a cell in the module goes at the end of the cell's own text (after
    a newline the text may not end with; without one after it, as the cell had none)."""
    if edit.start < len(body) or edit.start != edit.end:
        return edit
    new = edit.new
    if body and not body.endswith("\n"):
        new = "\n" + new.rstrip("\n")
    return Edit(len(body), len(body), new, edit.kind, edit.secret)


def _language(notebook: dict) -> str:
    """The language of a notebook whose kernel is not Python's (`typescript` for tslab), or ""."""
    metadata = notebook.get("metadata")
    if not isinstance(metadata, dict):
        return ""
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(key)
        name = value.get(field) if isinstance(value, dict) else None
        if isinstance(name, str) and name.strip() and name.strip().lower() not in ("python", "python2", "python3"):
            return name.strip()
    return ""


def _not_a_notebook(notebook: object) -> str:
    """Why JSON is not laid out as a notebook (an object whose `cells` are objects, each source a string or
    a list of strings), or "" when it is: JSON of any other shape in a `.ipynb` file is reported, not
    walked as if it were one."""
    if not isinstance(notebook, dict):
        return f"the document is a JSON {type(notebook).__name__}, not an object"
    cells = notebook.get("cells", [])
    if not isinstance(cells, list):
        return "its cells are not a list"
    for number, cell in enumerate(cells, 1):
        if not isinstance(cell, dict):
            return f"cell {number} is not an object"
        lines = cell.get("source", [])
        if not isinstance(cell.get("cell_type", ""), str) or not (
            isinstance(lines, str) or isinstance(lines, list) and all(isinstance(x, str) for x in lines)
        ):
            return f"cell {number} has no source text"
    return ""


def _parses(source: str) -> bool:
    try:
        parse_python(source)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


def _cell_edits(
    text: str, cell_tokens: list[tuple[int, int, str]], lines: list[str], new_lines: list[str], made: list[Edit]
) -> list[Edit]:
    """Edits of the notebook's JSON text that turn a cell's source lines into new_lines; `made`: the edits of
    the cell's text that did it, whose rule each JSON edit takes (an added `import os` stays an edit of its own,
    as in a Python file). A line that loses a key is found so by the record, which compares the lines."""
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def origin(i1: int, i2: int) -> str:
        low, high = starts[i1], starts[i2]
        inside = [e for e in made if low <= e.start <= high and (e.start < high or i1 == i2 or e.start == e.end)]
        return (inside or made)[0].kind

    ascii_only = all(raw.isascii() for _, _, raw in cell_tokens) and any("\\u" in raw for _, _, raw in cell_tokens)

    def encode(line: str) -> str:
        return json.dumps(line, ensure_ascii=ascii_only)

    if not cell_tokens:
        return []  # an empty cell: nothing the rules could have changed
    # Only the elements that change are written again, each run of them in place: two providers' runs over
    # one notebook (an OpenAI client and an Anthropic client in one cell) then make edits that do not overlap,
    # and the same added line (`import os`) from both is one edit.
    separator = text[cell_tokens[0][1] : cell_tokens[1][0]] if len(cell_tokens) > 1 else ",\n    "
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(a=lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        rule = origin(i1, i2)
        written = separator.join(encode(line) for line in new_lines[j1:j2])
        if tag == "insert":
            if i1 < len(cell_tokens):
                at = cell_tokens[i1][0]
                edits.append(Edit(at, at, written + separator, rule))
            else:
                at = cell_tokens[-1][1]
                edits.append(Edit(at, at, separator + written, rule))
        elif tag == "replace":
            edits.append(Edit(cell_tokens[i1][0], cell_tokens[i2 - 1][1], written, rule))
        elif i2 < len(cell_tokens):  # delete, then the next element starts where the first deleted did
            edits.append(Edit(cell_tokens[i1][0], cell_tokens[i2][0], "", rule))
        elif i1 > 0:  # delete up to the end: the separator before goes too
            edits.append(Edit(cell_tokens[i1 - 1][1], cell_tokens[i2 - 1][1], "", rule))
        else:
            edits.append(Edit(cell_tokens[0][0], cell_tokens[-1][1], "", rule))
    return edits
