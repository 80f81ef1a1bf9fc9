"""A key the program sets itself (SPEC §3.7.3, in code): a notebook or script that sets OPENAI_API_KEY
(`os.environ["OPENAI_API_KEY"] = getpass(...)`, `_set_env("OPENAI_API_KEY")`, `os.environ.setdefault(…)`),
then builds a client that now reads BYTESPIKE_API_KEY, would stop with a KeyError: the variable it reads is
set nowhere. Each such top-level statement gets a twin that sets BYTESPIKE_API_KEY the same way (the prompt
asked again, the secret store read under the new name), after it. The original stays: what stays on OpenAI
may read it.
"""

from __future__ import annotations

import ast

from migrate_cli.cstedit import renamed_statement, statement_code
from migrate_cli.edits import Edit
from migrate_cli.pystate import State, string_value
from migrate_cli.rulebook import PythonRule

# The statements a twin can follow: a call, an assignment, a test around them. Never a definition (a
# function that sets a variable it is given runs when called, with whatever name it is called with).
_TWINNED = (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.If, ast.Try)


def _sets(stmt: ast.stmt, name: str) -> bool:
    """Whether the statement sets the environment variable `name`: an assignment to `…environ[name]`, or a
    call given `name` of a function that sets variables (`setdefault`, `putenv`, `_set_env`, `set_env`)."""
    for node in ast.walk(stmt):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (isinstance(target, ast.Subscript) and string_value(target.slice) == name
                        and isinstance(target.value, (ast.Attribute, ast.Name))
                        and (getattr(target.value, "attr", None) or getattr(target.value, "id", "")) == "environ"):
                    return True
        elif isinstance(node, ast.Call) and any(string_value(a) == name for a in node.args[:1]):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if callee in ("setdefault", "putenv") or "set_env" in callee.lower() or "setenv" in callee.lower():
                return True
    return False


def twin_env_writes(state: State) -> None:
    rules = state.rules
    old, new = rules.openai_key_env, rules.key_env
    if not any(new in e.new for e in state.edits):
        return  # nothing in this file reads the new variable now
    body = state.tree.body
    if any(isinstance(s, _TWINNED) and _sets(s, new) for s in body):
        return  # the program sets it already (a second run, or by hand)
    for stmt in body:
        if not isinstance(stmt, _TWINNED) or not _sets(stmt, old):
            continue
        source = state.segment(stmt)
        if rules.secret.search(source):
            continue  # a key written here: reported where it is read, never copied
        twin = renamed_statement(source, old, new, state.newline_in(stmt))
        if twin is None:
            continue
        end = state.end(stmt)
        after = state._line_after(stmt)
        if state.text[end : after if after >= 0 else len(state.text)].strip():
            state.insert_statement(after, twin, "env-write")  # a comment ends the line: the twin goes below
        else:
            # Right after the statement, in its notebook cell even when it ends the cell.
            state.edits.append(Edit(end, end, state.newline + statement_code(twin, state.newline), "env-write"))


class EnvWritesRule(PythonRule):
    name = "env-writes"
    description = ("a statement that sets OPENAI_API_KEY gets a twin setting BYTESPIKE_API_KEY, when the file's "
                   "clients now read that")
    order = 90

    def run(self, state: State) -> None:
        twin_env_writes(state)
