"""How each framework's OpenAI entry point moves whole (README, Frameworks), read from `[frameworks.move.*]` in the
rules.

A framework class or function that names a model and reaches OpenAI through its own settings (LangChain's
`ChatOpenAI`, LiteLLM's `completion`, DSPy's `LM`, …) moves with three changes in the framework's own
spelling: its endpoint keyword, its key keyword and its model id, with the provider prefix the framework
needs to route an id it does not know to an OpenAI-compatible server. Everything about one framework is data
(`FrameworkEntry`); the few shapes that differ (a model string that becomes an object, a list of model
entries) are rule modules in `rules/python/` that read the same entries.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from migrate_cli.python.cstedit import import_from_statement

if TYPE_CHECKING:
    from collections.abc import Collection

    from migrate_cli.pipeline.ruleset import ModelMap, Ruleset
    from migrate_cli.python.analysis import ModuleAnalysis, Scope, State
    from migrate_cli.python.facts import ModuleFacts, Request


@dataclass(frozen=True)
class FrameworkEntry:
    """One framework entry point, by the keywords it takes; the first of each list is the one added."""

    name: str  # the table's name: "langchain-chat", "litellm", …
    calls: tuple[tuple[str, str], ...]  # (package, name): `litellm.completion` for every import of it
    base_url: tuple[str, ...]
    api_key: tuple[str, ...]
    model: tuple[str, ...]
    model_position: int | None = None  # the positional argument that is the model
    prefix: str = ""  # the provider prefix a moved id carries ("openai/"): added to a literal without one
    openai_prefixes: tuple[str, ...] = ()  # prefixes that name OpenAI ("openai/", "openai:")
    bare_is_openai: bool = True  # an id with no provider prefix is OpenAI's (an OpenAI-looking id only)
    provider: str = ""  # the keyword that names the provider ("model_provider", "custom_llm_provider")
    provider_value: str = "openai"  # its value for OpenAI
    # The framework tells the provider from a ByteSpike id itself ("gpt-5-4" and "openai:gpt-5-4" make LangChain's
    # ChatOpenAI): a model from elsewhere needs no `provider` keyword, which would stop the prefix being read.
    infers_provider: bool = False
    family: str = ""  # the API family its requests call ("embeddings"), "" for chat
    becomes: str = ""  # the class it turns into when it moves: "llama_index.llms.openai_like.OpenAILike"
    becomes_package: str = ""  # the distribution that class comes from, when it is another one
    add: tuple[str, ...] = ()  # arguments added when it moves (`is_chat_model=True`)
    shape: str = "call"  # "call": keywords of one call; other shapes are handled by their own rule module
    params_key: str = ""  # "model-list" shape: the key of each entry's parameters ("litellm_params")
    list_key: str = ""  # "model-list" shape: the key of the list in a configuration dict ("config_list")
    # Ids the framework takes for reasoning models, which it builds only with the settings below (dspy.LM:
    # temperature 1.0 or none, max_tokens of 16000 or more): an id the mapping turns into one cannot move with
    # other settings, or the framework raises when it is built.
    # The version of its package from which the entry takes the endpoint and key it is given ("instructor",
    # "1.15"): where the repository pins an older one, it stays (pipeline/pins.py).
    requires: tuple[str, str] | None = None
    reasoning_ids: re.Pattern[str] | None = None
    reasoning_temperature: float | None = None
    reasoning_min_tokens: int | None = None
    reasoning_refuses: tuple[str, ...] = ()  # settings it refuses outright for such a model (litellm: `stop`)
    # What the framework does differently with a ByteSpike id, said once per file where it moves (`{model}`: the id).
    note: str = ""
    # Said only where the call is given this keyword with a value other than 1 (`temperature=0`), and the id it
    # moves to matches `note_ids`: LangChain's ChatOpenAI drops the temperature of a gpt-5 id.
    note_if: str = ""
    note_ids: re.Pattern[str] | None = None

    def is_openai_id(self, value: str, models: ModelMap) -> bool | None:
        """Whether a literal model id names an OpenAI model for this framework: True, False (another
        provider's), or None (no provider prefix, and the framework does not take a bare id as OpenAI's)."""
        for prefix in self.openai_prefixes:
            if value.startswith(prefix):
                return True
        if "/" in value or ":" in value:
            return False  # "anthropic/claude-…", "ollama:llama3": another provider
        if not self.bare_is_openai:
            return None
        return models.map_forward(value) is not None or models.openai_id.fullmatch(value) is not None

    def strip_prefix(self, value: str) -> tuple[str, str]:
        for prefix in self.openai_prefixes:
            if value.startswith(prefix):
                return prefix, value[len(prefix) :]
        return "", value


@dataclass(frozen=True)
class ImplicitModel:
    """A framework object that takes its model from the environment when it is not given one: CrewAI's
    `Agent(…)` with no `llm` reads MODEL, MODEL_NAME or OPENAI_MODEL_NAME (and OpenAI's key, and its endpoint
    from BASE_URL, OPENAI_API_BASE or OPENAI_BASE_URL)."""

    unless: str  # the keyword that gives it a model instead
    variables: tuple[str, ...]  # the environment variables it reads its model from
    url_variables: tuple[str, ...] = ()  # the environment variables it reads its endpoint from


def parse_implicit(table: dict) -> dict[tuple[str, str], ImplicitModel]:
    """`[frameworks.implicit-model."package.Name"]` tables -> {(package, name): ImplicitModel}."""
    found = {}
    for dotted, entry in table.get("implicit-model", {}).items():
        where = f"frameworks.implicit-model.{dotted}"
        variables = _names(entry, "variables", where) or _names(entry, "variable", where)
        if not isinstance(entry.get("unless"), str) or ("variables" not in entry and "variable" not in entry):
            raise TypeError(f"{where} needs an `unless` string and `variables` (empty: its model is the package's own)")
        found[(dotted.split(".")[0], dotted.rsplit(".", 1)[-1])] = ImplicitModel(
            entry["unless"], variables, _names(entry, "url-variables", where)
        )
    return found


def _names(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{where}.{key} must be a list of strings")
    return tuple(value)


def _requirement(entry: dict, where: str) -> tuple[str, str] | None:
    """`requires = "instructor>=1.15"`: (package, minimum version)."""
    text = entry.get("requires")
    if text is None:
        return None
    match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9.]*)", str(text))
    if match is None:
        raise TypeError(f"{where}.requires must read PACKAGE>=VERSION")
    return match.group(1), match.group(2)


def parse_frameworks(table: dict) -> dict[tuple[str, str], FrameworkEntry]:
    """`[frameworks.move.NAME]` tables -> {(package, name): entry}."""
    found: dict[tuple[str, str], FrameworkEntry] = {}
    for name, entry in table.get("move", {}).items():
        where = f"frameworks.move.{name}"
        position = entry.get("model-position")
        if position is not None and not isinstance(position, int):
            raise TypeError(f"{where}.model-position must be an integer")
        calls = tuple((dotted.split(".")[0], dotted.rsplit(".", 1)[-1]) for dotted in _names(entry, "calls", where))
        framework = FrameworkEntry(
            name=name,
            calls=calls,
            base_url=_names(entry, "base-url", where),
            api_key=_names(entry, "api-key", where),
            model=_names(entry, "model", where),
            model_position=position,
            prefix=str(entry.get("prefix", "")),
            openai_prefixes=_names(entry, "openai-prefixes", where),
            bare_is_openai=bool(entry.get("bare-is-openai", True)),
            provider=str(entry.get("provider", "")),
            provider_value=str(entry.get("provider-value", "openai")),
            infers_provider=bool(entry.get("infers-provider", False)),
            family=str(entry.get("family", "")),
            becomes=str(entry.get("becomes", "")),
            becomes_package=str(entry.get("becomes-package", "")),
            add=_names(entry, "add", where),
            shape=str(entry.get("shape", "call")),
            params_key=str(entry.get("params-key", "")),
            list_key=str(entry.get("list-key", "")),
            requires=_requirement(entry, where),
            reasoning_ids=re.compile(entry["reasoning-ids"]) if "reasoning-ids" in entry else None,
            reasoning_temperature=entry.get("reasoning-temperature"),
            reasoning_min_tokens=entry.get("reasoning-min-tokens"),
            reasoning_refuses=_names(entry, "reasoning-refuses", where),
            note=str(entry.get("note", "")),
            note_if=str(entry.get("note-if", "")),
            note_ids=re.compile(entry["note-ids"]) if "note-ids" in entry else None,
        )
        for call in calls:
            found[call] = framework
    return found


# -- reading a call of an entry (shared by the facts, python/facts.py, and the rewrite rules) -------------------------


def callee(call: ast.Call) -> ast.expr:
    """What a call calls: a generic class's own name where it is given type arguments (`Agent[Context](…)`)."""
    return call.func.value if isinstance(call.func, ast.Subscript) else call.func


def entry_of(state: ModuleAnalysis, call: ast.Call, scope: Scope) -> FrameworkEntry | None:
    """The framework entry a call is made to, by import: `from litellm import completion as c` too."""
    qual = state.qualname(callee(call), scope)
    if not qual:
        return None
    return state.rules.framework_entries.get((qual.split(".")[0], qual.rsplit(".", 1)[-1]))


def keyword(call: ast.Call, names: Collection[str]) -> ast.keyword | None:
    return next((kw for kw in call.keywords if kw.arg is not None and kw.arg in names), None)


def model_argument(entry: FrameworkEntry, call: ast.Call) -> ast.expr | None:
    found = keyword(call, entry.model)
    if found is not None:
        return found.value
    position = entry.model_position
    if (
        position is not None
        and len(call.args) > position
        and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1])
    ):
        return call.args[position]
    return None


def is_request(entry: FrameworkEntry, call: ast.Call) -> bool:
    """pydantic-ai's `Agent(OpenAIChatModel(…))` takes a model object: the object is the request, not the
    agent; `Agent()` with no model gets one at run time."""
    if entry.shape == "model-string":
        model = model_argument(entry, call)
        return model is not None and not isinstance(model, ast.Call)
    if entry.shape == "model-list":  # AutoGen's `UserProxyAgent(llm_config=False)` calls no model
        found = keyword(call, entry.model)
        return found is not None and not isinstance(found.value, ast.Constant)
    return True


def model_entries(state: ModuleAnalysis, entry: FrameworkEntry, call: ast.Call) -> list[ast.Dict] | None:
    """LiteLLM's `Router(model_list=[{"model_name": …, "litellm_params": {…}}])`: the parameter mappings
    of its entries, from a list written in the call or assigned once to the name it passes; None when the
    tool cannot read them all."""
    found = keyword(call, entry.model)
    value = found.value if found is not None else (call.args[0] if call.args else None)
    scope = state.call_scope[id(call)]
    value = _assigned(value, scope)
    if isinstance(value, ast.Dict) and entry.list_key:  # AutoGen's `llm_config={"config_list": [...]}`
        value = _assigned(_dict_get(value, entry.list_key), scope)
    if not isinstance(value, (ast.List, ast.Tuple)):
        return None
    params = []
    for element in value.elts:
        if not isinstance(element, ast.Dict):
            return None
        inner = _dict_get(element, entry.params_key) if entry.params_key else element
        if not isinstance(inner, ast.Dict) or None in inner.keys:
            return None
        params.append(inner)
    return params


def _assigned(value: ast.expr | None, scope: Scope) -> ast.expr | None:
    """A name assigned once stands for its value (`model_list = [...]`, `config_list = [...]`)."""
    if isinstance(value, ast.Name):
        _, assigned = scope.assigned(value.id)
        return assigned[0] if len(assigned) == 1 else None
    return value


def _dict_get(node: ast.Dict, name: str) -> ast.expr | None:
    for key, value in zip(node.keys, node.values):
        if isinstance(key, ast.Constant) and key.value == name:
            return value
    return None


def entry_verdict(state: ModuleAnalysis, entry: FrameworkEntry, params: ast.Dict) -> str:
    """One model entry of a list: "" (OpenAI's, can move), "other" (another provider's or server's: left
    alone), or why the tool cannot move it."""
    rules = state.rules
    model = _dict_get(params, "model")
    if not (isinstance(model, ast.Constant) and isinstance(model.value, str)):
        return "a model the tool cannot read"
    api_type = _dict_get(params, "api_type")
    if api_type is not None and not (isinstance(api_type, ast.Constant) and api_type.value == "openai"):
        return "other"  # AutoGen's `"api_type": "azure"` and the like
    if not entry.is_openai_id(model.value, rules.models):
        return "other"
    base = _dict_get(params, "api_base") or _dict_get(params, "base_url")
    if base is not None:
        url = base.value if isinstance(base, ast.Constant) and isinstance(base.value, str) else None
        if url is None or rules.is_openai_url(url) and rules.swap_base(url) is None:
            return "an endpoint the tool cannot follow"
        if not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
            return "other"
    key = _dict_get(params, "api_key")
    if key is not None and not _key_reference(state, key):
        return "a key the tool cannot point at a ByteSpike key"
    return ""


def _key_reference(state: ModuleAnalysis, key: ast.expr) -> bool:
    rules = state.rules
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return (
            key.value in (f"os.environ/{rules.openai_key_env}", f"os.environ/{rules.key_env}")
            or rules.secret.search(key.value) is not None
        )
    env = state.env_read(key, state.module_scope)
    return env is not None and env.value in (rules.openai_key_env, rules.key_env)


def blocker(entry: FrameworkEntry, call: ast.Call, rules: Ruleset, state: ModuleAnalysis | None = None) -> str:
    """Why a call of the entry cannot move whatever the rest of the repository does, beyond its endpoint and
    key (which python/facts.py judges like a constructor's): "" (it can), "other endpoint" (another provider's model:
    not a request to OpenAI), "dynamic endpoint" (its provider is chosen at run time), "dynamic model" (the
    model comes from elsewhere and would need the framework's provider prefix), "default model" (no model
    given: the framework sends its own default OpenAI id), "unknown model" (an id no table knows), "configurable
    model" (a model chosen at run time)."""
    if any(kw.arg is None for kw in call.keywords):
        return "dynamic endpoint"
    path = state.path if state is not None else ""
    if entry.requires is not None and rules.dependencies.pin_for(entry.requires[0], path) is not None:
        return "old version"
    if entry.becomes_package and rules.dependencies.missing_for(entry.becomes_package, path) is not None:
        return "missing package"
    if entry.shape == "model-list":
        params = model_entries(state, entry, call)  # type: ignore[arg-type]
        if params is None:
            return "dynamic model list"
        verdicts = [entry_verdict(state, entry, p) for p in params]  # type: ignore[arg-type]
        blocked = [v for v in verdicts if v not in ("", "other")]
        return "dynamic model list" if blocked else ("" if "" in verdicts else "other endpoint")
    provider = keyword(call, (entry.provider,)) if entry.provider else None
    if provider is not None and entry.shape == "provider-object" and isinstance(provider.value, ast.Call):
        why = _provider_object(entry, call, provider.value, rules, state)
        if why:
            return why
        provider = None
    elif provider is not None:
        value = provider.value.value if isinstance(provider.value, ast.Constant) else None
        if not isinstance(value, str):
            return "dynamic endpoint"
        if value != entry.provider_value:
            return "other endpoint"
    return _model_blocker(entry, call, provider, rules, state)


def _model_blocker(
    entry: FrameworkEntry, call: ast.Call, provider: ast.keyword | None, rules: Ruleset, state: ModuleAnalysis | None
) -> str:
    """`blocker`'s verdict on the model a call is given (its provider is OpenAI, or named by none)."""
    model = model_argument(entry, call)
    if model is None and any(kw.arg == "configurable_fields" for kw in call.keywords):
        return "configurable model"  # `init_chat_model(configurable_fields=("model", …))`: chosen at run time
    if model is None and entry.model and not request_family(entry, rules):
        return "default model"  # the framework's default OpenAI id, which ByteSpike does not know
    if isinstance(model, ast.Constant) and isinstance(model.value, str):
        if provider is None and not entry.is_openai_id(model.value, rules.models):
            # `ChatOpenAI(model="my-team-model")`: an id no table knows goes to OpenAI, or wherever
            # OPENAI_BASE_URL points; a prefixed id of another provider (`anthropic/…`) is that provider's.
            bare = entry.strip_prefix(model.value)[1]
            named = ":" in bare or "/" in bare  # `ollama:llama3`, `anthropic/claude-…`: another provider's
            return "unknown model" if not named and rules.models.is_unknown_id(bare) else "other endpoint"
        if rules.models.is_unknown_id(entry.strip_prefix(model.value)[1]):
            # `dspy.LM("openai/my-custom-model")`, `litellm.completion(model="openai/ft:gpt-4o-mini:acme::x")`: an
            # OpenAI fine-tune or an id no table knows, which ByteSpike does not serve, as with the SDK.
            return "unknown model"
        return "reasoning settings" if _becomes_reasoning(entry, call, model.value, rules) else ""
    if model is not None and provider is None and entry.prefix and not entry.provider:
        # `lm = dspy.LM(MODEL)`: fine when MODEL is assigned once, here, an id that carries its prefix already.
        assigned = _assigned(model, state.call_scope[id(call)]) if state is not None else None
        if not (
            isinstance(assigned, ast.Constant)
            and isinstance(assigned.value, str)
            and any(assigned.value.startswith(p) for p in entry.openai_prefixes)
        ):
            return "dynamic model"
        if _becomes_reasoning(entry, call, assigned.value, rules):
            return "reasoning settings"
    elif model is not None and state is not None:
        # `completion(model=MODEL, temperature=0.2)`: the id a name is assigned once, as given in place.
        assigned = _assigned(model, state.call_scope[id(call)])
        if (
            isinstance(assigned, ast.Constant)
            and isinstance(assigned.value, str)
            and _becomes_reasoning(entry, call, assigned.value, rules)
        ):
            return "reasoning settings"
    return ""


# Frameworks that take a LangChain chat model and rebuild an LLM of their own from its attributes (crewAI's
# `create_llm` reads `model_name`, `base_url`, `api_key`; ChatOpenAI keeps its endpoint as `openai_api_base`):
# (package, the keywords that take the model).
_REBUILDERS = (("crewai", frozenset({"llm", "manager_llm", "function_calling_llm", "planning_llm"})),)


def rebuilt_by(state: ModuleAnalysis, ctor: ast.Call) -> str | None:
    """The framework call a LangChain model is handed to that rebuilds it and loses its endpoint and key
    (`Agent(llm=ChatOpenAI(…))`, `llm = ChatOpenAI(…)` then `Agent(llm=llm)`, or `Agent(llm=self.llm)` where a
    class holds it), or None."""
    from migrate_cli.python.analysis import assignment_parts

    names: set[str] = set()
    fields: set[str] = set()  # `llm = ChatOpenAI(…)` in a class body, `self.llm = ChatOpenAI(…)`: read as `self.llm`
    for node, scope in state.assignments:
        if assignment_parts(node)[0] is not ctor:
            continue
        for target in assignment_parts(node)[1]:
            if isinstance(target, ast.Name):
                (fields if scope.kind == "class" else names).add(target.id)
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                fields.add(target.attr)

    def hands_it(value: ast.expr) -> bool:
        if value is ctor or isinstance(value, ast.Name) and value.id in names:
            return True
        return isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.attr in fields

    for call, scope in state.calls:
        qual = state.qualname(call.func, scope) or ""
        for package, keywords in _REBUILDERS:
            if qual.split(".")[0] != package:
                continue
            for kw in call.keywords:
                if kw.arg in keywords and hands_it(kw.value):
                    return qual
    return None


def _provider_object(
    entry: FrameworkEntry, call: ast.Call, inner: ast.Call, rules: Ruleset, state: ModuleAnalysis | None
) -> str:
    """pydantic-ai's `provider=OpenAIProvider(base_url=…, api_key=…)`: its endpoint and key are the model's. Why
    it keeps the call ("dynamic endpoint", "other endpoint"), or "" where it can move."""
    qual = state.qualname(inner.func, state.call_scope[id(call)]) if state is not None else None
    package = entry.becomes.split(".")[0]
    if qual is None or qual.split(".")[0] != package:
        return "dynamic endpoint"  # `provider=get_provider()`: a provider the tool cannot follow
    if qual.rsplit(".", 1)[-1] != entry.becomes.rsplit(".", 1)[-1]:
        return "other endpoint"  # `provider=DeepSeekProvider(…)`: another provider's endpoint and key
    if any(kw.arg is None or kw.arg == "openai_client" for kw in inner.keywords) or inner.args:
        return "dynamic endpoint"
    base = keyword(inner, rules.base_url_args)
    if base is not None:
        url = base.value.value if isinstance(base.value, ast.Constant) else None
        if not isinstance(url, str) or rules.is_openai_url(url) and rules.swap_base(url) is None:
            return "dynamic endpoint"
        if not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
            return "other endpoint"
    return ""


def _becomes_reasoning(entry: FrameworkEntry, call: ast.Call, value: str, rules: Ruleset) -> bool:
    """Whether mapping the id makes the framework take it for a reasoning model (`gpt-4o` -> `gpt-5-4` for
    dspy.LM) while the call passes settings such a model refuses (`temperature=0.7`, `max_tokens=2000`)."""
    pattern = entry.reasoning_ids
    if pattern is None or rules.reverse:
        return False
    source = entry.strip_prefix(value)[1]
    target = rules.models.map_forward(source)
    if target is None or pattern.search(source) or not pattern.search(target):
        return False
    return bool(refused_settings(entry, call))


def refused_settings(entry: FrameworkEntry, call: ast.Call) -> list[str]:
    """The settings of a call that the entry's framework refuses for a reasoning model, as written
    (`temperature=0.2`, `stop=[…]`)."""
    refused = []
    temperature, tokens = entry.reasoning_temperature, entry.reasoning_min_tokens
    for kw in call.keywords:
        given = kw.value.value if isinstance(kw.value, ast.Constant) else kw.value
        if given is None or kw.arg is None:
            continue
        if (
            (kw.arg == "temperature" and temperature is not None and not _equals(given, temperature))
            or (kw.arg == "max_tokens" and tokens is not None and not (isinstance(given, int) and given >= tokens))
            or kw.arg in entry.reasoning_refuses
        ):
            refused.append(f"{kw.arg}={ast.unparse(kw.value)}"[:40])
    return refused


def _equals(given: object, number: float) -> bool:
    return isinstance(given, (int, float)) and not isinstance(given, bool) and float(given) == number


def request_family(entry: FrameworkEntry, rules: Ruleset) -> str:
    """The unsupported API family the entry's requests call ("" when ByteSpike serves them, or the user's
    key reaches that family: `available = ["embeddings"]`)."""
    return entry.family if entry.family and entry.family in set(rules.apis.unsupported.values()) else ""


def _import_of(state: ModuleAnalysis, name: str) -> ast.stmt | None:
    """The top-level import statement that binds `name`."""
    for stmt in state.tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) and any(
            (alias.asname or alias.name.split(".")[0]) == name for alias in stmt.names
        ):
            return stmt
    return None


def add_import(state: State, dotted: str, beside: str = "") -> str:
    """The name `from package.module import Name` binds, with the import added when it is not there yet: on
    the line after the import of `beside` (the name it stands in for), else after the file's last top-level
    import."""
    module, _, name = dotted.rpartition(".")
    for bound, quals in state.module_scope.bindings.items():
        if quals == {dotted}:
            return bound
    added = state.__dict__.setdefault("_framework_imports", set())
    if dotted not in added:
        added.add(dotted)
        imports = [s for s in state.tree.body if isinstance(s, (ast.Import, ast.ImportFrom))]
        statement = import_from_statement(module, [name])
        guarded = _guarded_import(state, module.split(".")[0])
        if guarded is not None:
            # `try: from pydantic_ai import Agent` / `except ImportError:` (an optional dependency): inside the same
            # guard, or the module stops importing where the package is missing.
            line_start = state.index.starts[guarded.lineno - 1]
            indent = state.text[line_start : state.start(guarded)]
            state.insert_statement(state._line_after(guarded), statement, "framework-import", indent=indent)
        elif imports:
            last = _import_of(state, beside) or imports[-1]
            state.insert_statement(state._line_after(last), statement, "framework-import")
        else:
            state.insert_statement(state.top_of_module(), statement, "framework-import")
    return name


def _guarded_import(state: State, package: str) -> ast.Import | ast.ImportFrom | None:
    """The module's import of `package` inside a top-level `try:` (an optional dependency), if it has one."""
    for stmt in state.tree.body:
        if isinstance(stmt, ast.Try):
            for inner in stmt.body:
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").split(".")[0] == package:
                    return inner
                if isinstance(inner, ast.Import) and any(a.name.split(".")[0] == package for a in inner.names):
                    return inner
    return None


def move_model_literal(state: State, node: ast.expr, prefix: str, model_id: str) -> None:
    """A framework call's model literal becomes the provider prefix and the ByteSpike id in one edit (when that
    changes it); the model-ids rule leaves the literal alone from then on (its span is the framework's)."""
    models = state.rules.models
    target = prefix + (models.map_forward(model_id) or model_id)
    unchanged = isinstance(node, ast.Constant) and node.value == target
    if not unchanged and state.replace_literal(node, target, "model-id"):
        state.protected.append((state.start(node), state.end(node)))
        if approximation := models.approximation(model_id):
            state.report(node, "approximate-model", approximation)


def drop_other_providers_requests(state: State, facts: ModuleFacts | None) -> None:
    """Framework calls that the facts count as requests of this run's provider but whose model is a literal id
    of no model family of this provider (`crewai.LLM(model="gpt-4o")` in the Anthropic run, which reads a file
    because "anthropic" stands in a comment): they are not this provider's, and saying that they reach it
    through the framework's settings would be untrue. A call with a model this provider knows, or one given
    no literal (read from settings, a variable), stays a request as the facts have it."""
    if facts is None:
        return
    models = state.rules.models
    calls = {(call.lineno, call.col_offset + 1): call for call, _ in state.calls}

    def foreign(request: Request) -> bool:
        if request.receiver is not None or request.family:
            return False
        call = calls.get((request.line, request.column))
        if call is None:
            return False
        model = next(
            (kw.value for kw in call.keywords if kw.arg in ("model", "model_name")), call.args[0] if call.args else None
        )
        if not isinstance(model, ast.Constant) or not isinstance(model.value, str) or not model.value:
            return False
        value = model.value
        return (
            models.map_forward(value) is None
            and not models.is_unmapped_openai_id(value)
            and not models.split_prefix(value)[0]
            and models.map_reverse(value) is None
        )

    facts.requests = [r for r in facts.requests if not foreign(r)]
