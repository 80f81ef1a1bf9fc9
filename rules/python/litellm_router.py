"""Model lists (README, Frameworks): each model entry of OpenAI's in LiteLLM's `Router(model_list=…)` or AutoGen's
`llm_config={"config_list": …}` moves whole.

`{"model_name": "chat", "litellm_params": {"model": "gpt-4o", "api_key": os.getenv("OPENAI_API_KEY")}}`
becomes `{… "litellm_params": {"model": "openai/gpt-5-4", "api_key": os.getenv("BYTESPIKE_API_KEY"),
"api_base": "https://llm.bytespike.ai/v1"}}`: the id behind LiteLLM's `openai/` prefix, the endpoint and a
ByteSpike key in the entry's own keys, added in the dict's own layout. Entries of other providers or servers
are left alone; a list the tool cannot read whole keeps the router where it is (the clients rule says why).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from migrate_cli.python.analysis import State, string_value
from migrate_cli.python.cstedit import add_dict_entries, environ_read, string_node
from migrate_cli.python.endpoint_values import migrate_api_key, migrate_base_url
from migrate_cli.python.frameworks import FrameworkEntry, entry_of, entry_verdict, model_entries, move_model_literal
from migrate_cli.python.rewrite_rules import PythonRule

if TYPE_CHECKING:
    import libcst


def _get(node: ast.Dict, name: str) -> ast.expr | None:
    for key, value in zip(node.keys, node.values):
        if isinstance(key, ast.Constant) and key.value == name:
            return value
    return None


def _move_entry(state: State, entry: FrameworkEntry, params: ast.Dict, call: ast.Call) -> None:
    rules = state.rules
    q = state.preferred_quote(params)
    model = _get(params, "model")
    value = string_value(model)
    if model is None or value is None:
        return  # entry_verdict moves only entries whose model is a string
    _, bare = entry.strip_prefix(value)
    move_model_literal(state, model, entry.prefix, bare)
    missing: list[tuple[libcst.BaseExpression, libcst.BaseExpression]] = []
    base = _get(params, "api_base") or _get(params, "base_url")
    if base is not None:
        migrate_base_url(state, base, f"{entry.base_url[0]} of a {entry.name} model entry")
    else:
        missing.append((string_node(entry.base_url[0], q), string_node(rules.bytespike_url, q)))
    key = _get(params, "api_key")
    if key is None:
        missing.append((string_node(entry.api_key[0], q), environ_read(state.os_name(), rules.key_env, q)))
    elif string_value(key) == f"os.environ/{rules.openai_key_env}":
        state.replace_literal(key, f"os.environ/{rules.key_env}", "api-key")
    elif string_value(key) != f"os.environ/{rules.key_env}":
        migrate_api_key(state, key, state.call_scope[id(call)], f"api_key of a {entry.name} model entry")
    if missing:
        state.rewrite(params, add_dict_entries(missing, state.newline_in(params)), "client-arguments", minimal=True)


def fix_routers(state: State) -> None:
    for client in state.clients.values():
        if client.kind != "framework" or not client.migrates:
            continue
        for call in client.constructors:
            entry = entry_of(state, call, state.call_scope[id(call)])
            if entry is None or entry.shape != "model-list":
                continue
            for params in model_entries(state, entry, call) or []:
                verdict = entry_verdict(state, entry, params)
                if verdict == "":
                    _move_entry(state, entry, params, call)
                else:
                    # Another provider's or server's entry (an Azure deployment name is not a model id): its
                    # values stay as they are.
                    state.protected.append((state.start(params), state.end(params)))


class LitellmRouterRule(PythonRule):
    name = "litellm-router"
    description = "moves the OpenAI entries of model lists (LiteLLM's Router, AutoGen's config_list) to ByteSpike"
    emits = ("dynamic-config", "hardcoded-key", "approximate-model")
    order = 36

    def run(self, state: State) -> None:
        fix_routers(state)
