"""Frameworks (README, Frameworks): a framework entry point that names a model moves whole, in its own spelling.

LangChain's `ChatOpenAI(model=…)`, `init_chat_model("openai:…")`, LiteLLM's `completion(model=…)`, DSPy's
`dspy.LM("openai/…")`, CrewAI's `LLM(model=…)`, AutoGen's `OpenAIChatCompletionClient(model=…)`, LlamaIndex's
`OpenAI(model=…)`: each gets its endpoint keyword (`base_url`, `openai_api_base`, `api_base`, …), a ByteSpike
key and a ByteSpike id, with the provider prefix the framework needs to route an id it does not know through
its OpenAI-compatible path (`openai/gpt-5-4`). The keywords, prefixes and extra arguments of each are data
(`[frameworks.move.*]` in the rules); a call the repository-wide resolution keeps (another provider's model,
an endpoint or key it cannot follow, embeddings) is left whole, and the clients rule says why.
"""

from __future__ import annotations

import ast

from migrate_cli.python.analysis import State, string_value
from migrate_cli.python.cstedit import add_keywords, keywords_from, parse_node, replace_with
from migrate_cli.python.endpoint_values import followed_key, migrate_api_key, migrate_base_url
from migrate_cli.python.frameworks import (
    FrameworkEntry,
    add_import,
    entry_of,
    keyword,
    model_argument,
    move_model_literal,
)
from migrate_cli.python.rewrite_rules import PythonRule
from migrate_cli.reporters.findings import Code, Severity


def _literal(node: ast.expr | None) -> str | None:
    return string_value(node) if node is not None else None


def fix_framework_call(state: State, call: ast.Call, entry: FrameworkEntry) -> None:
    rules = state.rules
    scope = state.call_scope[id(call)]
    keywords = {kw.arg for kw in call.keywords if kw.arg is not None}
    q = state.preferred_quote(call)
    missing: list[str] = []
    where = f"{entry.name} {state.short(call.func)}"

    base = keyword(call, (*rules.base_url_args, *entry.base_url))
    if base is not None:
        migrate_base_url(state, base.value, f"endpoint of {where}")
    elif entry.base_url:
        missing.append(f"{entry.base_url[0]}={q}{rules.bytespike_url}{q}")
    key = keyword(call, (*rules.api_key_args, *entry.api_key))
    if key is not None:
        migrate_api_key(state, key.value, scope, f"key of {where}", own_key=followed_key(state, call))
    elif entry.api_key:
        missing.append(f"{entry.api_key[0]}={state.os_name()}.environ[{q}{rules.key_env}{q}]")

    model = model_argument(entry, call)
    value = _literal(model)
    has_provider = bool(entry.provider) and entry.provider in keywords
    if value is not None and entry.prefix and not has_provider:
        prefix, _ = entry.strip_prefix(value)
        if not prefix and model is not None:
            move_model_literal(state, model, entry.prefix, value)
    elif model is not None and value is None and entry.provider and not has_provider and not entry.infers_provider:
        # `completion(model=MODEL)`: the provider named beside the id, which comes from elsewhere.
        missing.append(f"{entry.provider}={q}{entry.provider_value}{q}")
    for argument in entry.add:
        if argument.split("=", 1)[0] not in keywords:
            missing.append(argument)
    if entry.becomes:
        func = call.func
        name = add_import(state, entry.becomes, func.id if isinstance(func, ast.Name) else "")
        state.rewrite(call.func, replace_with(lambda _: parse_node(name)), "framework-class")
        reported = state.__dict__.setdefault("_framework_dependencies", set())
        if entry.becomes_package and entry.becomes_package not in reported:
            reported.add(entry.becomes_package)  # once per file: the first place it stands
            state.report(
                call,
                FRAMEWORK_DEPENDENCY,
                f"{state.short(call.func)} becomes {name} ({entry.becomes}), which takes ByteSpike's ids: "
                f"add {entry.becomes_package} to the project's dependencies",
            )
    if missing:
        state.rewrite(
            call, add_keywords(keywords_from(missing), state.newline_in(call)), "client-arguments", minimal=True
        )
    noted = state.__dict__.setdefault("_framework_notes", set())
    if value is None and isinstance(model, ast.Name):
        # `expt_llm = "gpt-4o"` then `ChatOpenAI(model=expt_llm, temperature=0)`: the id the name is assigned once.
        _, assigned = state.call_scope[id(call)].assigned(model.id)
        value = _literal(assigned[0]) if len(assigned) == 1 else None
        value = entry.strip_prefix(value)[1] if value is not None else None
    moved = state.rules.models.map_forward(value or "")
    if entry.note and entry.name not in noted and _noted_here(entry, call, moved):
        noted.add(entry.name)  # once per file: the first place it moves
        state.report(call, FRAMEWORK_BEHAVIOUR, entry.note.format(model=repr(moved) if moved else "the moved id"))


def _noted_here(entry: FrameworkEntry, call: ast.Call, moved: str | None) -> bool:
    """Whether an entry's note concerns this call: every call, or one given `note_if` with a value other than 1
    whose moved id matches `note_ids` (`ChatOpenAI(model="gpt-4o", temperature=0)`, which becomes a gpt-5 id)."""
    if not entry.note_if:
        return True
    given = next((kw.value for kw in call.keywords if kw.arg == entry.note_if), None)
    if given is None or (isinstance(given, ast.Constant) and given.value == 1):
        return False
    if any(kw.arg == "reasoning_effort" and string_value(kw.value) == "none" for kw in call.keywords):
        return False  # a gpt-5 id keeps its temperature then
    bare = (moved or "").split("/")[-1].split(":")[-1]
    return entry.note_ids is None or entry.note_ids.search(bare) is not None


def fix_frameworks(state: State) -> None:
    for client in state.clients.values():
        if client.kind != "framework" or not client.migrates:
            continue
        for call in client.constructors:
            entry = entry_of(state, call, state.call_scope[id(call)])
            if entry is not None and entry.shape == "call":
                fix_framework_call(state, call, entry)


FRAMEWORK_DEPENDENCY = Code(
    "framework-dependency",
    Severity.WARNING,
    "A framework class moved to its OpenAI-compatible sibling from another package "
    "(LlamaIndex's OpenAILike): add that package to the project's dependencies (and to a notebook's "
    "`pip install` cell), or the import fails.",
    needs_a_human=True,
)


FRAMEWORK_BEHAVIOUR = Code(
    "framework-behaviour",
    Severity.WARNING,
    "A framework that moved treats ByteSpike's ids differently from OpenAI's (DSPy asks LiteLLM's model table what "
    "a model supports, and drops a saved program's endpoint when it loads it; LangChain's ChatOpenAI and the AI SDK's "
    "OpenAI provider drop a gpt-5 id's temperature): what changes, said once per file.",
)


class FrameworksRule(PythonRule):
    name = "frameworks"
    description = "moves framework entry points (LangChain, LlamaIndex, LiteLLM, DSPy, CrewAI, AutoGen, …) whole"
    emits = ("dynamic-config", "hardcoded-key", "approximate-model", FRAMEWORK_DEPENDENCY, FRAMEWORK_BEHAVIOUR)
    order = 35

    def run(self, state: State) -> None:
        fix_frameworks(state)
