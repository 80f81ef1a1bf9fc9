"""pydantic-ai (README, Frameworks): a model named by a string moves as a model object whose provider points at
ByteSpike.

`Agent("openai:gpt-4o")` reads OpenAI's endpoint and key from the environment; moved, it is
`Agent(OpenAIResponsesModel("gpt-5-4", provider=OpenAIProvider(base_url=…, api_key=…)))`: the class the string
stands for in pydantic-ai 2 (`openai:` and `openai-responses:` a Responses model, `openai-chat:` a chat
model). `OpenAIChatModel("gpt-4o")` gets the same provider; an `OpenAIProvider(…)` given inline gets
ByteSpike's endpoint and key in its own keywords.
"""

from __future__ import annotations

import ast

from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.python.analysis import State, string_value
from migrate_cli.python.cstedit import add_keywords, keywords_from, parse_node, replace_with
from migrate_cli.python.endpoint_values import migrate_api_key, migrate_base_url
from migrate_cli.python.frameworks import FrameworkEntry, add_import, entry_of, keyword, model_argument
from migrate_cli.python.rewrite_rules import PythonRule

PROVIDER = "pydantic_ai.providers.openai.OpenAIProvider"
RESPONSES = "pydantic_ai.models.openai.OpenAIResponsesModel"


def _provider(state: State, rules: Ruleset, quote: str, beside: str) -> str:
    name = add_import(state, PROVIDER, beside)
    return (
        f"{name}(base_url={quote}{rules.bytespike_url}{quote}, "
        f"api_key={state.os_name()}.environ[{quote}{rules.key_env}{quote}])"
    )


def _func_name(call: ast.Call) -> str:
    return call.func.id if isinstance(call.func, ast.Name) else ""


def _agent(state: State, call: ast.Call, entry: FrameworkEntry) -> None:
    model = model_argument(entry, call)
    value = string_value(model)
    if model is None or value is None:
        return
    prefix, model_id = entry.strip_prefix(value)
    if not prefix:
        return
    rules = state.rules
    mapped = rules.models.map_forward(model_id) or model_id
    q = state.preferred_quote(model)
    beside = _func_name(call)
    # pydantic-ai 2 makes `openai:` an OpenAIResponsesModel (1.x made it a chat model, as `openai-chat:` is now):
    # the class built is the one the string stands for in the current major version.
    cls = add_import(state, RESPONSES if prefix in ("openai:", "openai-responses:") else entry.becomes, beside)
    built = parse_node(f"{cls}({q}{mapped}{q}, provider={_provider(state, rules, q, beside)})")
    state.rewrite(model, replace_with(lambda _: built), "model-id")
    state.protected.append((state.start(model), state.end(model)))
    if approximation := rules.models.approximation(model_id):
        state.report(model, "approximate-model", approximation)


def _model(state: State, call: ast.Call, entry: FrameworkEntry) -> None:
    rules = state.rules
    q = state.preferred_quote(call)
    provider = keyword(call, (entry.provider,))
    if provider is None:
        added = keywords_from([f"{entry.provider}={_provider(state, rules, q, _func_name(call))}"])
        state.rewrite(call, add_keywords(added, state.newline_in(call)), "client-arguments", minimal=True)
    elif string_value(provider.value) == entry.provider_value:
        built = parse_node(_provider(state, rules, q, _func_name(call)))
        state.rewrite(provider.value, replace_with(lambda _: built), "client-arguments")
    elif isinstance(provider.value, ast.Call):
        inner = provider.value
        scope = state.call_scope[id(inner)]
        missing = []
        base = keyword(inner, rules.base_url_args)
        if base is not None:
            migrate_base_url(state, base.value, "base_url of OpenAIProvider")
        else:
            missing.append(f"base_url={q}{rules.bytespike_url}{q}")
        key = keyword(inner, rules.api_key_args)
        if key is not None:
            migrate_api_key(state, key.value, scope, "api_key of OpenAIProvider")
        else:
            missing.append(f"api_key={state.os_name()}.environ[{q}{rules.key_env}{q}]")
        if missing:
            state.rewrite(
                inner, add_keywords(keywords_from(missing), state.newline_in(inner)), "client-arguments", minimal=True
            )


def fix_pydantic_ai(state: State) -> None:
    for client in state.clients.values():
        if client.kind != "framework" or not client.migrates:
            continue
        for call in client.constructors:
            entry = entry_of(state, call, state.call_scope[id(call)])
            if entry is not None and entry.shape == "model-string":
                _agent(state, call, entry)
            elif entry is not None and entry.shape == "provider-object":
                _model(state, call, entry)


class PydanticAiModelsRule(PythonRule):
    name = "pydantic-ai-models"
    description = "moves pydantic-ai models named by a string or built without a provider to ByteSpike"
    emits = ("dynamic-config", "hardcoded-key", "approximate-model")
    order = 36

    def run(self, state: State) -> None:
        fix_pydantic_ai(state)
