"""Statements that set an environment variable for the program itself (`os.environ["OPENAI_API_KEY"] = key`,
`os.environ.setdefault(…)`, `_set_env("OPENAI_API_KEY")`): the env-writes rule twins those that ask for the key,
and the resolution keeps a client that reads a key the program sets from a value it holds."""

from __future__ import annotations

import ast
from collections.abc import Callable

from migrate_cli.python.analysis import string_value


def setter_functions(tree: ast.Module) -> frozenset[str]:
    """The module's functions that set the variable they are given (`def _set_if_undefined(var): …
    os.environ[var] = getpass.getpass(var)`), whatever their name; read once a module."""
    found = getattr(tree, "_env_setters", None)
    if found is None:
        names = set()
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not node.args.args:
                continue
            given = node.args.args[0].arg
            for inner in ast.walk(node):
                targets = inner.targets if isinstance(inner, ast.Assign) else []
                if any(
                    isinstance(t, ast.Subscript) and _is_environ(t.value) and getattr(t.slice, "id", None) == given
                    for t in targets
                ):
                    names.add(node.name)
                    break
        found = frozenset(names)
        tree._env_setters = found  # type: ignore[attr-defined]
    return found


def sets_variable(stmt: ast.stmt, name: str, setters: frozenset[str] = frozenset()) -> bool:
    """Whether the statement is one that sets the environment variable `name`: an assignment to
    `…environ[name]`, or a call given `name` of a function that sets variables (`setdefault`, `putenv`,
    `_set_env`, `set_env`); or a test (`if "OPENAI_API_KEY" not in os.environ:`) whose body is only that,
    with no `else`. Nothing else is twinned: a block that sets other variables or prints would do it twice,
    and a definition sets what it is given when it is called."""
    if isinstance(stmt, ast.If):
        return not stmt.orelse and bool(stmt.body) and all(sets_variable(s, name, setters) for s in stmt.body)
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return any(
            isinstance(t, ast.Subscript) and string_value(t.slice) == name and _is_environ(t.value) for t in targets
        )
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        call = stmt.value
        callee = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if callee == "update":  # `os.environ.update(OPENAI_API_KEY="fake-key")`
            return _is_environ(getattr(call.func, "value", None)) and any(kw.arg == name for kw in call.keywords)
        return any(string_value(a) == name for a in call.args[:1]) and (
            callee in ("setdefault", "putenv")
            or "set_env" in callee.lower()
            or "setenv" in callee.lower()
            or callee in setters
        )
    return False


def _is_environ(node: ast.AST | None) -> bool:
    """`os.environ`, `environ`."""
    return (
        isinstance(node, (ast.Attribute, ast.Name))
        and (getattr(node, "attr", None) or getattr(node, "id", "")) == "environ"
    )


def set_value(node: ast.AST) -> ast.expr | None:
    """The value a statement part sets a variable to: an assignment's, `setdefault`'s second argument,
    `environ.update`'s keyword's (None: this part sets nothing)."""
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        return node.value
    if isinstance(node, ast.Call):
        attr = getattr(node.func, "attr", None)
        if attr == "setdefault" and len(node.args) > 1:
            return node.args[1]
        if attr == "update" and _is_environ(getattr(node.func, "value", None)) and node.keywords:
            return node.keywords[0].value
    return None


def asks_anew(stmt: ast.stmt, name: str) -> bool:
    """Whether the twin would get a ByteSpike key of its own: the value asked for (a prompt, a call given
    the variable's name: `getpass(…)`, `userdata.get("OPENAI_API_KEY")`, `_set_env("OPENAI_API_KEY")`) or
    a placeholder string, not an OpenAI key the program holds already (`= OPENAI_API_KEY`, `= key`)."""
    for node in ast.walk(stmt):
        value = set_value(node)
        # (`os.getenv("OPENAI_API_KEY") or getpass("OpenAI API key: ")`: asked for where it is not set)
        parts = value.values if isinstance(value, ast.BoolOp) else [value]
        if value is not None and not all(isinstance(p, ast.Call) or string_value(p) is not None for p in parts):
            return False
    return True


def held_key_write(
    tree: ast.Module, name: str, before: int, secret: Callable[[str], bool] = lambda _: False
) -> ast.stmt | None:
    """The statement that last sets `name` before line `before`, when it sets it from a value the program holds
    already (`= api_key`, typed in by the user): a client made there reads that value, which the tool cannot
    make a ByteSpike key. None when the last write asks for the key (the env-writes rule twins it) or there is
    none."""
    writes = sorted(
        (node for node in ast.walk(tree) if isinstance(node, ast.stmt) and not isinstance(node, ast.If)
         and node.lineno < before and sets_variable(node, name, setter_functions(tree))),
        key=lambda node: node.lineno,
    )  # fmt: skip
    if not writes:
        return None
    # A key written in the code (`= "sk-proj-…"`): no twin copies it (it is reported where it stands), so what the
    # client reads is that value too.
    written = [string_value(v) for n in ast.walk(writes[-1]) if (v := set_value(n)) is not None]
    if asks_anew(writes[-1], name) and not any(w is not None and secret(w) for w in written):
        return None
    return writes[-1]
