"""A key the program sets itself (docs/design.md, in code): a notebook or script that sets OPENAI_API_KEY
(`os.environ["OPENAI_API_KEY"] = getpass(...)`, `_set_env("OPENAI_API_KEY")`, `os.environ.setdefault(…)`),
then builds a client that now reads BYTESPIKE_API_KEY, would stop with a KeyError: the variable it reads is
set nowhere. Each such top-level statement gets a twin that sets BYTESPIKE_API_KEY the same way (the prompt
asked again, the secret store read under the new name), after it. The original stays where what stays on OpenAI
reads it; where nothing left reads it, the statement itself sets BYTESPIKE_API_KEY instead.
"""

from __future__ import annotations

import ast

from migrate_cli.pipeline.edits import Edit
from migrate_cli.pipeline.ruleset import is_pytest_module
from migrate_cli.python.analysis import State, string_value
from migrate_cli.python.cstedit import renamed_statement, statement_code
from migrate_cli.python.env_writes import asks_anew as _asks_anew
from migrate_cli.python.env_writes import set_value, setter_functions
from migrate_cli.python.env_writes import sets_variable as _sets
from migrate_cli.python.rewrite_rules import PythonRule


def _writes_a_string(stmt: ast.stmt) -> bool:
    """`os.environ["OPENAI_API_KEY"] = "YOUR KEY"`, `os.environ.setdefault("OPENAI_API_KEY", "sk-...")`,
    `os.environ.update(OPENAI_API_KEY="fake-key")`."""
    for node in ast.walk(stmt):
        value = set_value(node)
        if value is not None:
            return string_value(value) is not None
    return False


def _from_itself(stmt: ast.stmt, variable: str) -> bool:
    """`os.environ["OPENAI_API_KEY"] = os.getenv("OPENAI_API_KEY")`: the variable set to what it holds already."""
    value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
    if isinstance(value, ast.Call) and getattr(value.func, "attr", getattr(value.func, "id", "")) in ("getenv", "get"):
        return bool(value.args) and string_value(value.args[0]) == variable
    return isinstance(value, ast.Subscript) and string_value(value.slice) == variable


def twin_env_writes(state: State) -> None:
    rules = state.rules
    old, new = rules.openai_key_env, rules.key_env
    plan = rules.plan
    if not any(new in e.new for e in state.edits) and not (plan is not None and plan.sets_key_for_moved_code):
        return  # nothing in this file reads the new variable now, nor tests of its folder (a conftest.py's)
    if old not in state.text:
        return  # nothing here names the variable, let alone sets it (and walking every statement is not free)
    body = list(state.tree.body)
    if is_pytest_module(state.path):
        # A test or fixture sets it for the code under test (`monkeypatch.setenv("OPENAI_API_KEY", "test")`).
        body += [
            stmt
            for function in ast.walk(state.tree)
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
            for stmt in function.body
        ]
    setters = setter_functions(state.tree)
    if any(_sets(s, new, setters) for s in body):
        return  # the program sets it already (a second run, or by hand)
    _twin_patched_environments(state, old, new)
    _twin_listed_variables(state, body, old, new)
    own = {id(stmt) for stmt in body}  # (a test's statements are twinned each, not reported with their function)
    for stmt in body:
        if not _sets(stmt, old, setters) or not _asks_anew(stmt, old):
            setting = (
                next(
                    (
                        node
                        for node in ast.walk(stmt)
                        if isinstance(node, ast.stmt)
                        and (node is stmt or id(node) not in own)
                        and _sets(node, old, setters)
                        and not _from_itself(node, old)
                    ),
                    None,
                )
                if old in state.segment(stmt)
                else None
            )
            if setting is not None:
                state.report(
                    setting,
                    "dynamic-config",
                    f"the program sets {old} itself here, and its clients now read {new}: set {new} "
                    f"to a ByteSpike key the same way (the tool copies "
                    "only a statement that asks for the key or writes a placeholder)",
                )
            continue
        source = state.segment(stmt)
        if rules.secret.search(source):
            continue  # a key written here: reported where it is read, never copied
        display = rules.provider_display  # the prompt asks for a ByteSpike key now
        words = ((display, "ByteSpike"), (display.lower(), "bytespike"), (display.upper(), "BYTESPIKE"))
        twin = renamed_statement(source, old, new, state.newline_in(stmt), words)
        if twin is None:
            continue
        if _writes_a_string(stmt):
            # `os.environ["OPENAI_API_KEY"] = "YOUR OPENAI KEY"`: the twin holds a placeholder too.
            renamed = plan is not None and plan.renames_key_setters
            state.report(
                stmt,
                "dynamic-config",
                f"the program sets {old} to a placeholder here; "
                + (f"it sets {new} now, to a placeholder" if renamed else f"the twin setting {new} gets one too")
                + f": put a ByteSpike key ({rules.key_prefix}…) there before it runs",
            )
        end = state.end(stmt)
        after = state._line_after(stmt)
        line_start = state.text.rfind("\n", 0, state.start(stmt)) + 1
        indent = state.text[line_start : state.start(stmt)]
        if plan is not None and plan.renames_key_setters:
            # Nothing left reads the old variable: the statement asks for the ByteSpike key instead.
            state.edits.append(Edit(state.start(stmt), end, statement_code(twin, state.newline), "env-write"))
        elif indent.strip():
            continue  # `x = 1; os.environ[…] = …` on one line: no line of its own for the twin
        elif indent:
            state.insert_statement(after, twin, "env-write", indent=indent)  # in a function (a test, a fixture)
        elif state.text[end : after if after >= 0 else len(state.text)].strip():
            state.insert_statement(after, twin, "env-write")  # a comment ends the line: the twin goes below
        else:
            # Right after the statement, in its notebook cell even when it ends the cell.
            state.edits.append(Edit(end, end, state.newline + statement_code(twin, state.newline), "env-write"))


def _twin_listed_variables(state: State, body: list[ast.stmt], old: str, new: str) -> None:
    """`for var in ["OPENAI_API_KEY", "TAVILY_API_KEY"]: os.environ[var] = getpass.getpass(var)` (a notebook that
    asks for each key it lists): the ByteSpike key is listed too, after the provider's, and asked for the same way."""
    for loop in body:
        if not (
            isinstance(loop, ast.For)
            and isinstance(loop.target, ast.Name)
            and isinstance(loop.iter, (ast.List, ast.Tuple))
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in loop.iter.elts)
        ):
            continue
        names = [e.value for e in loop.iter.elts if isinstance(e, ast.Constant)]
        if old not in names or new in names:
            continue
        target = loop.target.id
        # Its body sets the variable it names, asking for it (a prompt, a secret store): no value copied.
        sets = [node for node in ast.walk(loop) if _asks_for(node, target)]
        if not sets:
            continue
        element = loop.iter.elts[names.index(old)]
        quote = state.segment(element)[0]
        if state.rules.plan is not None and state.rules.plan.renames_key_setters:
            # Nothing left reads the provider's key: the loop asks for the ByteSpike key instead.
            state.edits.append(Edit(state.start(element), state.end(element), f"{quote}{new}{quote}", "env-write"))
        else:
            state.edits.append(Edit(state.end(element), state.end(element), f", {quote}{new}{quote}", "env-write"))


def _asks_for(node: ast.AST, name: str) -> bool:
    """`os.environ[var] = getpass(var)` or `os.environ.setdefault(var, getpass(var))`: the variable the loop names
    set to what a call asks for."""
    if isinstance(node, ast.Assign):
        return isinstance(node.value, ast.Call) and any(
            isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Name) and t.slice.id == name for t in node.targets
        )
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "setdefault"
        and len(node.args) == 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id == name
        and isinstance(node.args[1], ast.Call)
    )


def _twin_patched_environments(state: State, old: str, new: str) -> None:
    """`mock.patch.dict(os.environ, {"OPENAI_API_KEY": "test"}, clear=True)` (a decorator, a `with`): the test runs
    with only what the mapping holds, so the moved client's BYTESPIKE_API_KEY gets an entry beside it, with the same
    string (`OPENAI_API_KEY="test"` given as a keyword, a keyword beside it)."""
    for call in ast.walk(state.tree):
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "dict"
            and call.args
            and (_is_environ_target(call.args[0]))
        ):
            continue
        entries: list[tuple[ast.expr, ast.expr]] = []
        if len(call.args) > 1 and isinstance(call.args[1], ast.Dict):
            mapping = call.args[1]
            entries = [(k, v) for k, v in zip(mapping.keys, mapping.values) if k is not None]
            if any(string_value(k) == new for k, _ in entries):
                continue
            for key, value in entries:
                if string_value(key) == old:
                    _twin_entry(state, value, f", {state.segment(key).replace(old, new)}: {state.segment(value)}")
        if any(k.arg == new for k in call.keywords):
            continue
        for keyword in call.keywords:
            if keyword.arg == old:
                _twin_entry(state, keyword.value, f", {new}={state.segment(keyword.value)}")


def _twin_entry(state: State, value: ast.expr, twin: str) -> None:
    """The twin after a patched environment's entry, when its value is a string written there; else said."""
    if _copyable(state, value):
        state.edits.append(Edit(state.end(value), state.end(value), twin, "env-write"))
        return
    old, new = state.rules.openai_key_env, state.rules.key_env
    state.report(
        value,
        "dynamic-config",
        f"the environment patched here gives {old} a value the tool does not copy, and its clients now read {new}: "
        f"give {new} a ByteSpike key here too",
    )


def _is_environ_target(node: ast.expr) -> bool:
    """`os.environ`, `environ`, or the string `"os.environ"` that `patch.dict` takes too."""
    return string_value(node) == "os.environ" or (
        isinstance(node, (ast.Attribute, ast.Name))
        and (getattr(node, "attr", None) or getattr(node, "id", "")) == "environ"
    )


def _copyable(state: State, value: ast.expr) -> bool:
    """A string written in the test (a placeholder), never a key: a real-looking one is reported where it stands."""
    text = string_value(value)
    return text is not None and not state.rules.secret.search(state.segment(value))


class EnvWritesRule(PythonRule):
    name = "env-writes"
    description = (
        "a statement that sets OPENAI_API_KEY gets a twin setting BYTESPIKE_API_KEY, when the file's "
        "clients now read that"
    )
    emits = ("dynamic-config",)
    order = 90

    def run(self, state: State) -> None:
        twin_env_writes(state)
