"""The reverse of the client and settings rules (README, What it changes in Python code), without a migration record
(code written for ByteSpike by hand).

ByteSpike's base URL in a client constructor is removed (the SDK's default is OpenAI's); an
`openai.base_url = …` / `openai.api_base = …` setting gets OpenAI's URL; BYTESPIKE_API_KEY reads become
OPENAI_API_KEY reads, also one assignment away.
"""

from __future__ import annotations

import ast

from migrate_cli.python.analysis import Scope, State, string_value
from migrate_cli.python.cstedit import remove_dict_entries, remove_keywords
from migrate_cli.python.frameworks import entry_of, model_entries
from migrate_cli.python.frameworks import keyword as keyword_named
from migrate_cli.python.rewrite_rules import PythonRule


def _rename_key_read(state: State, value: ast.expr, scope: Scope, *, follow: bool = True) -> None:
    rules = state.rules
    env = state.env_read(value, scope)
    if env is not None:
        if env.value == rules.key_env:
            state.replace_literal(env, rules.openai_key_env, "api-key")
        return
    if follow and isinstance(value, ast.Name):
        owner, assigned = scope.assigned(value.id)
        if len(assigned) == 1 and owner is not None:
            _rename_key_read(state, assigned[0], owner, follow=False)


def _reverse_keywords(state: State, call: ast.Call) -> None:
    """ByteSpike's base URL removed (the default is OpenAI's), BYTESPIKE_API_KEY reads renamed."""
    rules = state.rules
    scope = state.call_scope[id(call)]
    for keyword in call.keywords:
        if keyword.arg in rules.base_url_args:
            url = string_value(keyword.value)
            if url is not None and rules.is_bytespike_url(url):
                state.rewrite(call, remove_keywords([keyword.arg]), "client-arguments", minimal=True)
        elif keyword.arg in rules.api_key_args:
            _rename_key_read(state, keyword.value, scope)


def _reverse_framework(state: State, call: ast.Call) -> None:
    """A framework call in its own shape: its keywords, the `OpenAIProvider(…)` it is given (pydantic-ai), or
    the entries of its model list (LiteLLM's Router, AutoGen's config_list)."""
    entry = entry_of(state, call, state.call_scope[id(call)])
    if entry is None or entry.shape == "call":
        _reverse_keywords(state, call)
    elif entry.shape == "provider-object":
        provider = keyword_named(call, (entry.provider,))
        if provider is not None and isinstance(provider.value, ast.Call):
            _reverse_keywords(state, provider.value)
    elif entry.shape == "model-list":
        rules = state.rules
        scope = state.call_scope[id(call)]
        for params in model_entries(state, entry, call) or []:
            for key, value in zip(params.keys, params.values):
                name = string_value(key)
                url = string_value(value)
                if name in rules.base_url_args and url is not None and rules.is_bytespike_url(url):
                    state.rewrite(params, remove_dict_entries([name]), "client-arguments", minimal=True)
                elif name in rules.api_key_args:
                    if url == f"os.environ/{rules.key_env}":
                        state.replace_literal(value, f"os.environ/{rules.openai_key_env}", "api-key")
                    else:
                        _rename_key_read(state, value, scope)


def reverse_config(state: State) -> None:
    rules = state.rules
    for client in state.clients.values():
        if not client.migrates:
            continue
        if client.kind == "framework":
            for call in client.constructors:
                _reverse_framework(state, call)
        elif client.kind == "sdk":
            for call in client.constructors:
                _reverse_keywords(state, call)
        elif client.kind == "module":
            scope_of = {id(n): s for n, s in state.assignments}
            for name in rules.base_url_args:
                for node in state.module_settings.get(name, []):
                    url = string_value(node.value)
                    swapped = rules.swap_base(url) if url is not None else None
                    if swapped is not None:
                        state.replace_literal(node.value, swapped, "base-url")
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
