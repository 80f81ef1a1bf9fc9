"""The reverse of SPEC §3.1–2, without a migration record (code written for ByteSpike by hand).

ByteSpike's base URL in a client constructor is removed (the SDK's default is OpenAI's); an
`openai.base_url = …` / `openai.api_base = …` setting gets OpenAI's URL; BYTESPIKE_API_KEY reads become
OPENAI_API_KEY reads, also one assignment away.
"""

from __future__ import annotations

import ast

from migrate_cli.edits import Edit, removal_span
from migrate_cli.pystate import Scope, State, string_value
from migrate_cli.rulebook import PythonRule


def _rename_key_read(state: State, value: ast.expr, scope: Scope, *, follow: bool = True) -> None:
    rules = state.rules
    env = state.env_read(value, scope)
    if env is not None:
        if env.value == rules.key_env:
            state.replace_literal(env, rules.openai_key_env, "api-key")
        return
    if follow and isinstance(value, ast.Name):
        owner, assigned = scope.assigned(value.id)
        if len(assigned) == 1:
            _rename_key_read(state, assigned[0], owner, follow=False)


def reverse_config(state: State) -> None:
    rules = state.rules
    for client in state.clients.values():
        if not client.migrates:
            continue
        if client.kind in ("sdk", "framework"):
            for call in client.constructors:
                scope = state.call_scope[id(call)]
                for keyword in call.keywords:
                    if keyword.arg in rules.base_url_args:
                        url = string_value(keyword.value)
                        if url is not None and rules.is_bytespike_url(url):
                            start, end = removal_span(state.text, state.start(keyword), state.end(keyword))
                            state.edits.append(Edit(start, end, "", "client-arguments"))
                    elif keyword.arg in rules.api_key_args:
                        _rename_key_read(state, keyword.value, scope)
        elif client.kind == "module":
            scope_of = {id(n): s for n, s in state.assignments}
            for name in rules.base_url_args:
                for node in state.module_settings.get(name, []):
                    url = string_value(node.value)
                    if url is not None and rules.swap_base(url) is not None:
                        state.replace_literal(node.value, rules.swap_base(url), "base-url")
            for name in rules.api_key_args:
                for node in state.module_settings.get(name, []):
                    _rename_key_read(state, node.value, scope_of[id(node)])


class ReverseConfigRule(PythonRule):
    name = "reverse-config"
    description = "points ByteSpike clients and settings back at OpenAI"
    directions = frozenset({"reverse"})
    order = 60

    def run(self, state: State) -> None:
        reverse_config(state)
