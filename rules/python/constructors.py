"""Client constructors (README, What it changes in Python code): `OpenAI(...)` / `AsyncOpenAI(...)` get ByteSpike's
endpoint and key.

No `base_url` → one is added; an OpenAI URL → replaced. No `api_key` → an environment read of
BYTESPIKE_API_KEY is added; an OPENAI_API_KEY read → renamed; a literal key → replaced and reported.
`organization=` / `project=` are accepted but ignored by ByteSpike: reported.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from migrate_cli.python.analysis import State
from migrate_cli.python.cstedit import add_keywords, environ_read, parse_node, replace_with, string_node
from migrate_cli.python.endpoint_values import followed_key, migrate_api_key, migrate_base_url, tested_values
from migrate_cli.python.rewrite_rules import PythonRule

if TYPE_CHECKING:
    from collections.abc import Iterator

    import libcst as cst


def _fix_constructor(state: State, call: ast.Call, display: str) -> None:
    rules = state.rules
    scope = state.call_scope[id(call)]
    keywords = {kw.arg: kw for kw in call.keywords if kw.arg is not None}
    opaque = call.args or any(kw.arg is None for kw in call.keywords)
    missing: list[tuple[str, cst.BaseExpression]] = []

    base = next((keywords[n] for n in rules.base_url_args if n in keywords), None)
    if base is not None:
        migrate_base_url(state, base.value, f"base_url of client {display}", call=call)
    elif not opaque:
        missing.append(("base_url", string_node(rules.bytespike_url, state.preferred_quote(call))))

    key = next((keywords[n] for n in rules.api_key_args if n in keywords), None)
    if key is not None:
        migrate_api_key(state, key.value, scope, f"api_key of client {display}", own_key=followed_key(state, call))
    elif not opaque:
        missing.append(("api_key", environ_read(state.os_name(), rules.key_env, state.preferred_quote(call))))

    if opaque and (base is None or key is None):
        state.report(
            call,
            "dynamic-config",
            f"client {display} takes its options from `{state.short(call)}`: add "
            f"base_url={rules.bytespike_url!r} and a {rules.key_env} key there if they are not set",
        )
    for name in rules.ignored_args:
        if name in keywords:
            state.report(
                keywords[name].value,
                "org-project-ignored",
                f"{name}= is accepted but ignored by ByteSpike (one key per project gives per-project spend)",
            )
    if missing:
        state.rewrite(call, add_keywords(missing, state.newline_in(call)), "client-arguments", minimal=True)


def _fix_guards(state: State, moving: list[ast.Call], kept: list[ast.Call]) -> None:
    """A condition that makes a moving client only when OPENAI_API_KEY is set (`OpenAI(…) if
    os.getenv("OPENAI_API_KEY") else None`, `if os.environ.get("OPENAI_API_KEY"): client = OpenAI()`) tests the
    ByteSpike key the client now reads: a program given only that key would otherwise make no client. Not where
    the condition guards a client that stays, which still needs the OpenAI key."""
    rules = state.rules
    for test, guarded in _guards(state):
        parts = guarded if isinstance(guarded, list) else [guarded]
        within = {id(n) for part in parts for n in ast.walk(part)}
        if not any(id(call) in within for call in moving) or any(id(call) in within for call in kept):
            continue
        scope = state.call_scope.get(id(next(c for c in moving if id(c) in within)), state.module_scope)
        for node in ast.walk(test):
            if isinstance(node, (ast.Call, ast.Subscript)):
                env = state.env_read(node, scope)
                if env is not None and env.value == rules.openai_key_env:
                    state.replace_literal(env, rules.key_env, "api-key")
            elif (
                isinstance(node, ast.Compare)
                and isinstance(node.ops[0], (ast.In, ast.NotIn))
                and isinstance(node.left, ast.Constant)
                and node.left.value == rules.openai_key_env
                and state.qualname(node.comparators[0], scope) == "os.environ"
            ):
                state.replace_literal(node.left, rules.key_env, "api-key")  # `if "OPENAI_API_KEY" not in os.environ:`
        own = [ast.dump(key) for key in state.own_keys if id(key) in within]
        for node in tested_values(test):
            if ast.dump(node) in own or _getattr_of(node) in own:
                # `if not getattr(Config, "OPENAI_API_KEY", None): raise …` before `OpenAI(api_key=Config.
                # OPENAI_API_KEY)`, whose key is now BYTESPIKE_API_KEY: the guard tests that key.
                q = state.preferred_quote(node)
                read = parse_node(f"{state.os_name()}.environ.get({q}{rules.key_env}{q})")
                state.rewrite(node, replace_with(lambda _: read), "api-key")  # noqa: B023 (the rewrite runs now)


def _getattr_of(node: ast.expr) -> str | None:
    """`getattr(Config, "KEY", None)` as the attribute it reads (`Config.KEY`), dumped; None for anything else."""
    if not (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
    ):
        return None
    return ast.dump(ast.Attribute(value=node.args[0], attr=node.args[1].value, ctx=ast.Load()))


_SKIPS = ("skipif", "skipIf", "skipUnless")


def _guards(state: State) -> Iterator[tuple[ast.expr, list[ast.stmt] | ast.expr]]:
    """(condition, what it guards): `if c:` and `x if c else y` their bodies; `if not c: return` (or a skip,
    or a raise) the rest of its block; a test's `@pytest.mark.skipif(c)` / `@unittest.skipUnless(c)` its
    function or class, and a module's `pytestmark = pytest.mark.skipif(c)` the module."""
    for node in state.of_type(ast.If, ast.IfExp):
        yield node.test, node.body
    for node in state.of_type(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module):
        body = node.body
        for i, statement in enumerate(body):
            if isinstance(statement, ast.If) and not statement.orelse and _stops(statement.body[-1]):
                yield statement.test, body[i + 1 :]
        for decorator in [] if isinstance(node, ast.Module) else node.decorator_list:
            if (skip := _skip(decorator)) is not None:
                yield skip.args[0], body
    for statement in state.tree.body:
        if (
            isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in statement.targets)
            and (skip := _skip(statement.value)) is not None
        ):
            yield skip.args[0], state.tree.body


def _skip(node: ast.expr) -> ast.Call | None:
    """`pytest.mark.skipif(c, …)`, `unittest.skipIf(c, …)`, `unittest.skipUnless(c, …)`."""
    if isinstance(node, ast.Call) and node.args and isinstance(node.func, ast.Attribute) and node.func.attr in _SKIPS:
        return node
    return None


def _stops(statement: ast.stmt) -> bool:
    """`return`, `raise`, `sys.exit()`, `pytest.skip(…)`: the rest of the block runs only when the test fails."""
    if isinstance(statement, (ast.Return, ast.Raise, ast.Continue)):
        return True
    call = statement.value if isinstance(statement, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, (ast.Attribute, ast.Name))
        and (call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id) in ("skip", "exit")
    )


def fix_constructors(state: State) -> None:
    moving: list[ast.Call] = []
    kept: list[ast.Call] = []
    for client in state.clients.values():
        if client.kind == "sdk" and client.migrates:
            for call in client.constructors:
                _fix_constructor(state, call, client.display)
            moving += client.constructors
        else:
            kept += client.constructors
    if moving:
        _fix_guards(state, moving, kept)


class ConstructorsRule(PythonRule):
    name = "constructors"
    description = "points OpenAI SDK client constructors at ByteSpike"
    emits = ("dynamic-config", "hardcoded-key", "org-project-ignored")
    order = 30

    def run(self, state: State) -> None:
        fix_constructors(state)
