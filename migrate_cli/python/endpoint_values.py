"""The endpoint and key values shared by constructor arguments and `openai.X = …` settings (README, What it changes
in Python code)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from migrate_cli.pipeline.ruleset import is_test_path, literal_key_message
from migrate_cli.python.analysis import Scope, State, string_value
from migrate_cli.python.cstedit import environ_read, replace_with, string_node
from migrate_cli.reporters.findings import PROVIDER


def migrate_base_url(
    state: State, value: ast.expr, where: str, *, trailing_slash: bool = False, call: ast.Call | None = None
) -> None:
    """An OpenAI URL literal becomes ByteSpike's; another expression is reported, not guessed at. A constructor's
    (`call`) name that holds a URL assigned once (`base_url=BASE_URL`) gets ByteSpike's URL in its place: the
    name keeps its value for whatever else reads it.

    `trailing_slash`: the v1 module setting `openai.base_url`, which the SDK uses without adding one."""
    rules = state.rules
    url = string_value(value)
    given = url if url is not None or call is None else state.url_value(value, call)
    if given is None:
        state.report(
            value,
            "dynamic-config",
            f"{where} comes from `{state.short(value)}`: left as is; make it {rules.bytespike_url} for ByteSpike",
        )
        return
    if not rules.is_openai_url(given):
        return  # a ByteSpike URL is done already; another server's was classified by the client analysis
    swapped = rules.swap_base(given)
    if swapped is not None and trailing_slash and not swapped.endswith("/"):
        swapped += "/"
    if swapped is None:
        state.report(
            value,
            "dynamic-config",
            f"{where} is {given!r}, not {PROVIDER}'s API base: left as is; make it {rules.bytespike_url}",
        )
    elif url is None or not state.replace_literal(value, swapped, "base-url"):
        # A name's URL, implicit concatenation, escapes: one plain literal in its place.
        written = string_node(swapped, state.preferred_quote(value))
        state.rewrite(value, replace_with(lambda _: written), "base-url")


# `sk-...`, `YOUR_API_KEY`, `<key>`, `ENTER OPENAI KEY HERE`, `INSERT OPENAI API KEY`, `PASTE_KEY_HERE`.
_PLACEHOLDER = re.compile(
    r"\.\.\.|your|xxx|<[^>]*>|(?<![a-z])(?:enter|insert|paste|here|replace|changeme)(?![a-z])", re.IGNORECASE
)


def followed_key(state: State, call: ast.Call) -> bool:
    """Whether the resolution followed the constructor's key to a read of the provider's key variable in another
    module (`resolution.FilePlan.followed_keys`)."""
    plan = state.rules.plan
    return plan is not None and (call.lineno, call.col_offset + 1) in plan.followed_keys


def _falls_back(value: ast.expr) -> bool:
    """`os.getenv("OPENAI_API_KEY")`, `os.environ.get("OPENAI_API_KEY")`: a read with no default, given as a client's
    key itself, which gives None where the variable is unset."""
    return (
        isinstance(value, ast.Call)
        and len(value.args) == 1
        and not value.keywords
        and isinstance(value.func, ast.Attribute)
        and (
            (value.func.attr == "getenv" and isinstance(value.func.value, ast.Name))
            or (value.func.attr == "get" and getattr(value.func.value, "attr", "") == "environ")
        )
    )


def _migrate_key_read(state: State, value: ast.expr, env: ast.Constant, where: str, *, in_place: bool) -> None:
    """A key read from the environment (`env` the variable's name in it): the provider's becomes ByteSpike's."""
    rules = state.rules
    if env.value == rules.openai_key_env and in_place and not rules.reverse and _falls_back(value):
        # `api_key=os.getenv("OPENAI_API_KEY")`: given None where the variable is unset, the SDK reads its own
        # (OPENAI_API_KEY, ANTHROPIC_API_KEY) and would send that key to ByteSpike; the read fails instead.
        read = environ_read(state.os_name(), rules.key_env, state.preferred_quote(env))
        state.rewrite(value, replace_with(lambda _: read), "api-key")
    elif env.value == rules.openai_key_env:
        state.replace_literal(env, rules.key_env, "api-key")
    elif env.value != rules.key_env:
        state.report(
            value,
            "dynamic-config",
            f"{where} is read from {env.value!s}: left as is; make sure it holds a ByteSpike key ({rules.key_env})",
        )


def migrate_api_key(
    state: State, value: ast.expr, scope: Scope, where: str, *, follow: bool = True, own_key: bool = False
) -> None:
    """`OPENAI_API_KEY` reads become `BYTESPIKE_API_KEY` reads; a literal key becomes an environment read. `own_key`:
    the key is a name another module sets from OPENAI_API_KEY, which stays as it is; the client reads its own."""
    rules = state.rules
    env = state.key_read(value, scope)
    if env is not None:
        _migrate_key_read(state, value, env, where, in_place=follow)
        return
    key = string_value(value)
    if key is not None:
        if not rules.holds_real_key(key):
            # "test", "sk-...", "EMPTY", a test suite's dummy key: not configuration, left byte for byte. A
            # tutorial's placeholder is said, though: the requests now go to ByteSpike with it.
            if _PLACEHOLDER.search(key) or rules.secret.search(key):
                state.report(
                    value,
                    "dynamic-config",
                    f"{where} is the placeholder {key!r}: left as it is; the requests now go to ByteSpike, "
                    f"so put a ByteSpike key there (or read {rules.key_env}) before it runs",
                )
            elif not is_test_path(state.path):
                state.report(value, "dynamic-config", literal_key_message(where, key, rules.key_env))
            return
        read = environ_read(state.os_name(), rules.key_env, state.preferred_quote(value))
        state.rewrite(value, replace_with(lambda _: read), "api-key", secret=True)
        state.report(
            value,
            "hardcoded-key",
            f"hard-coded API key {rules.redact(key)!r} replaced by an environment read of {rules.key_env}; "
            "revoke it, it stays in your history",
        )
        return
    if follow and isinstance(value, ast.Name):
        # One hop: `key = os.getenv("OPENAI_API_KEY")` then `OpenAI(api_key=key)`.
        owner, assigned = scope.assigned(value.id)
        if len(assigned) == 1 and owner is not None and string_value(assigned[0]) is not None:
            migrate_api_key(state, assigned[0], owner, where, follow=False)  # `KEY = "YOUR API KEY"`
            return
        hop = state.key_read(assigned[0], owner) if len(assigned) == 1 and owner is not None else None
        if hop is not None and owner is not None:
            if hop.value == rules.openai_key_env and not _read_by_moving_clients_only(state, value.id):
                # `emb = OpenAI(api_key=key)` stays (embeddings) and reads it too: the variable keeps the OpenAI
                # key, and this client reads its own.
                _own_key(state, value)
            else:
                migrate_api_key(state, assigned[0], owner, where, follow=False)
            return
    if own_key:
        _own_key(state, value)
        return
    attribute = state.class_attribute(value, scope) if follow else None
    hop = state.env_read(attribute[1], attribute[0]) if attribute is not None else None
    if hop is not None and hop.value in (rules.openai_key_env, rules.key_env):
        # `class Config: OPENAI_API_KEY = os.getenv("OPENAI_API_KEY")`, `OpenAI(api_key=Config.OPENAI_API_KEY)`: the
        # class keeps its value for whatever else reads it, and this client reads its own key.
        if hop.value == rules.openai_key_env:
            _own_key(state, value)
        return
    state.report(
        value,
        "dynamic-config",
        f"{where} comes from `{state.short(value)}`: left as is; make sure it provides a ByteSpike key "
        f"({rules.key_env})",
    )


def _read_by_moving_clients_only(state: State, name: str) -> bool:
    """Whether every read of `name` in the module is the key of a client that moves: then the variable's own
    environment read can become the ByteSpike key's."""
    rules = state.rules
    moving = {
        id(kw.value)
        for client in state.clients.values()
        if client.migrates
        for ctor in client.constructors
        for kw in ctor.keywords
        if kw.arg in rules.api_key_args
    }
    guards = _guard_names(state)
    return all(
        id(node) in moving or id(node) in guards
        for node in state.of_type(ast.Name)
        if node.id == name and isinstance(node.ctx, ast.Load)
    )


def _guard_names(state: State) -> set[int]:
    """The names a condition only tests for being set (`if key:`, `if not key or x:`, `assert key`, `key is
    None`): a guard of the clients the key feeds, which must test the key they now read."""
    return {
        id(value)
        for node in state.of_type(ast.If, ast.While, ast.Assert, ast.IfExp)
        for value in tested_values(node.test)
        if isinstance(value, ast.Name)
    }


def tested_values(test: ast.expr) -> Iterator[ast.expr]:
    """The values a condition only tests for being set: `x`, `not x`, `x and y`, `x is None`, `x == ""`."""
    if isinstance(test, ast.BoolOp):
        for value in test.values:
            yield from tested_values(value)
    elif isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        yield from tested_values(test.operand)
    elif (
        isinstance(test, ast.Compare)
        and len(test.comparators) == 1
        and isinstance(test.ops[0], (ast.Is, ast.IsNot, ast.Eq, ast.NotEq))
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value in (None, "")
    ):
        yield from tested_values(test.left)
    else:
        yield test


def _own_key(state: State, value: ast.expr) -> None:
    """The client reads its own ByteSpike key where its key is a value other code reads too: an environment read of
    BYTESPIKE_API_KEY in its place."""
    read = environ_read(state.os_name(), state.rules.key_env, state.preferred_quote(value))
    state.rewrite(value, replace_with(lambda _: read), "api-key")
    state.own_keys.append(value)
