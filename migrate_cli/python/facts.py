"""Facts about one Python module that the repository-wide resolution needs.

Values flow between *slots*: a module-level name (`m|app.settings|MODEL`), a class attribute
(`a|app.kb|Store|model`), a variable or parameter of one function (`v|app.kb|function@12:0|model`), a
constructor call (`c|app/kb.py|3:9`), a model-id literal (`l|app/kb.py|4:21`), an environment variable
(`e|MODEL`), an imported name not resolved yet (`i|app.settings.MODEL`), an attribute read on an object the
analysis cannot name (`f|model`: every class field and command-line option of that name flows into it), a
value the analysis knows is no model id (`k|…`) or one it cannot follow (`u|…`, with why in `unknowns`).

Values flow one way: an edge `(target, source)` says the source's value can end up in the target (an
assignment, a default, a `return`, an argument passed to a function of the repository, a loop over a
collection). A comparison, an `in` test or a lookup (`PRICES[model]`) is a *use*: it joins nothing, and is
kept apart (`uses`) so that the literals it tests move with the value they test.

Built from the `ast` analysis every Python file already gets (analysis.ModuleAnalysis): one extra walk, no parse.
The facts are plain data, so worker processes can send them back.
"""

from __future__ import annotations

import ast
import posixpath
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from migrate_cli.pipeline.ruleset import PROVIDER_NAMED, RECORD_NAMES, SERVED_ROUTES
from migrate_cli.python.analysis import (
    TRANSPARENT,
    ModuleAnalysis,
    Scope,
    assignment_parts,
    method_class,
    position,
    string_value,
)
from migrate_cli.python.frameworks import blocker as framework_blocker
from migrate_cli.python.frameworks import callee as framework_callee
from migrate_cli.python.frameworks import entry_of, is_request, model_argument, rebuilt_by, request_family
from migrate_cli.python.packages import another_package, built_by_another_package, looks_like_the_sdk
from migrate_cli.reporters.findings import PROVIDER

if TYPE_CHECKING:
    from collections.abc import Iterator

    from migrate_cli.pipeline.ruleset import Ruleset
    from migrate_cli.python.analysis import CallSite, Client
    from migrate_cli.python.frameworks import ImplicitModel

MODULE_CLIENT = "openai-module"
# Keywords that carry the model of a request, in the SDK and in the frameworks.
MODEL_KEYWORDS = frozenset({"model", "model_name", "engine", "deployment_id", "llm_model", "model_id"})
# A keyword another package names its model by (`model_name_or_path`, `deployment_name`, `chat_model`).
_MODEL_KEYWORD = re.compile(r"(?:\w+_)?(?:model|deployment)(?:_(?:name|id|path|name_or_path|or_path))?$")
# A request's parameters that never hold its model (`params["messages"] = […]`).
# fmt: off
_REQUEST_PARAMETERS = frozenset({
    "messages", "input", "instructions", "system", "prompt", "tools", "tool_choice", "functions", "function_call",
    "temperature", "top_p", "max_tokens", "max_completion_tokens", "max_output_tokens", "stream", "response_format",
    "stop", "seed", "user", "metadata", "n", "reasoning", "text", "extra_headers", "extra_body", "timeout",
})
# fmt: on


@dataclass(frozen=True)
class Constructor:
    slot: str
    line: int
    column: int
    kind: str  # "sdk", "azure", "lookalike", "framework"
    blocker: str  # why it cannot move whatever its calls: "" (it can), "other endpoint", "dynamic endpoint"
    reads_key: bool  # reads OPENAI_API_KEY from the environment (no api_key given)
    reads_base_url: bool  # reads OPENAI_BASE_URL from the environment (no base_url given)
    display: str
    on_bytespike: bool = False  # its base_url is ByteSpike's already
    reads_module_settings: bool = False  # falls back on `openai.base_url` / `openai.api_key` (LlamaIndex)
    # The whole value of an assignment statement (`client = OpenAI()`): a ByteSpike client can be added beside
    # it (README, What it changes in Python code); one inside another call (`instructor.patch(OpenAI())`) cannot.
    assigned: bool = True
    # The environment variables its endpoint is read from (`base_url=os.getenv("BASE_URL")`): where it stays,
    # an env file's value of them stays too.
    url_reads: tuple[str, ...] = ()
    # Used where it is made, and only there (`Anthropic().get_tokenizer()`): no name holds it.
    used_in_place: bool = False
    # A framework's list of model entries, each decided on its own (LiteLLM's Router, AutoGen's config_list).
    model_list: bool = False
    # Its key, where it is a name this module cannot follow (`api_key=API_KEY` imported from a config module): the
    # resolution follows it across modules (a read of OPENAI_API_KEY there lets the client read its own key).
    key_source: str = ""


@dataclass(frozen=True)
class Request:
    """A call that sends a request: an SDK call on a client, or a framework object that names a model."""

    line: int
    column: int
    receiver: str | None  # the client's slot; None for a framework call that does not move (README, Frameworks)
    call: str  # "chat.completions.create", or the framework's name
    family: str  # the unsupported API family it calls, "" when ByteSpike serves it
    sources: tuple[str, ...]  # slots its model comes from
    plausible: bool = True  # on a receiver of unknown origin: does it look like an SDK request at all
    reads: tuple[str, ...] = ()  # endpoint variables it reads from the environment (CrewAI's BASE_URL, …)
    own_settings: str = ""  # a key or endpoint the call passes itself (`openai.Image.create(api_key=…)`)
    tools: tuple[str, ...] = ()  # slots its `tools=` come from, when this module does not build them
    # The family of objects the server keeps that it works on, when ByteSpike's support of it is unknown
    # (message batches, stored responses): the clients that create and read them must reach one server.
    stored: str = ""
    # On a receiver no client of its module reaches, it looks like the SDK's call (`client.files.create()`).
    like_the_sdk: bool = False


@dataclass(frozen=True)
class Sink:
    """A call that hands a model to code the analysis does not follow: where it goes, nobody here can tell."""

    line: int
    column: int
    call: str
    callee: str  # the slot of what is called ("" for none): the repository's own function is no sink
    sources: tuple[str, ...]
    # What is handed, in the same function, to code that may make requests with that model: (callee, value)
    # for `llm_factory("gpt-4o", client=openai_client)` and for `instructor.from_openai(client)` beside
    # `track(model=model)`. The resolution keeps the clients among the values when the callee is not the
    # repository's: that code sends them the model, which the tool does not follow.
    clients: tuple[tuple[str, str], ...] = ()


@dataclass
class ModuleFacts:
    path: str
    module: str  # dotted module name from the path
    edges: list[tuple[str, str]] = field(default_factory=list)  # (target, source): the source flows in
    uses: list[tuple[str, str]] = field(default_factory=list)  # (value, what it is compared with / looked up in)
    lookups: list[tuple[str, str, int]] = field(default_factory=list)  # (key, table, line) of `table[key]`
    calls: list[tuple[str, tuple[tuple[int | str, str], ...], bool]] = field(default_factory=list)
    functions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # function slot -> parameter slots
    kwargs_params: dict[str, str] = field(default_factory=dict)  # function slot -> its `**kwargs` parameter's
    constructors: list[Constructor] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    literals: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # slot -> (line, column, value)
    module_settings: str = ""  # "", "migratable", "other endpoint", "azure", "dynamic endpoint", "dynamic key"
    module_key_set: bool = False  # `openai.api_key = …` somewhere in the module
    module_import: bool = False  # `import openai` at the top level: the module's client can be configured there
    imports_sdk: bool = True  # the module imports the SDK at all (`from openai import …` too)
    key_variables: tuple[str, ...] = ()  # the provider's key variable and ByteSpike's (`Constructor.key_source`)
    # Module-client requests inside functions: code other modules may import together, whatever this one imports.
    module_client_library: bool = False
    classes: frozenset[str] = frozenset()  # module-level class names, for `Config.MODEL` from elsewhere
    strings: set[str] = field(default_factory=set)  # slots of other string literals: a traced value
    provider_strings: set[str] = field(default_factory=set)  # those naming the provider ("anthropic/…")
    external_defaults: dict[str, str] = field(default_factory=dict)  # literal slot -> whose default it is
    foreign: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # another provider's "x:model" ids
    hosted_tools: dict[str, tuple[str, str]] = field(default_factory=dict)  # "file_search" slot -> (family, tool)
    imports: set[str] = field(default_factory=set)  # absolute names of the modules it imports
    unmapped: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # slot -> OpenAI id with no mapping
    only_openai: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # slot -> id only OpenAI serves
    unknown_ids: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # slot -> a model no table knows
    raw_requests: list[tuple[int, int, str]] = field(default_factory=list)  # OpenAI URLs used outside the SDK
    escapes: set[str] = field(default_factory=set)  # slots handed to code the tool does not follow
    # (function, its decorator's slot): what a decorated function returns goes to the decorator's code.
    handed_returns: list[tuple[str, str]] = field(default_factory=list)
    # Slots whose SDK method is handed to other code as a value: slot -> "path:line" (`create=client.chat…`)
    handed_methods: dict[str, str] = field(default_factory=dict)
    # Slots handed to another package's code (`set_default_openai_client(client)`, `llm_validator(…, client=c)`):
    # slot -> "`call` (path:line)". That code may make requests of its own with a client it is given.
    handed_to_packages: dict[str, str] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)  # slots used as prefixes (`m.startswith(PREFIXES)`)
    # `model.startswith(key)`: (line, column, the call, what is tested, the prefixes), for the resolution
    prefix_tests: list[tuple[int, int, str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    # The keys of a dict that would collide once mapped (`{"gpt-4o-mini": …, "gpt-5-mini": …}`): left as they are,
    # so a value looked up in it cannot move. Slot -> (line, value).
    colliding: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Values the analysis cannot follow: slot -> (line, column, what it is, whether it may come from outside
    # the repository: a request body, a library's return value, getattr; or the name of the method called,
    # when the resolution decides by whether the repository defines a method of that name).
    unknowns: dict[str, tuple[int, int, str, bool | str]] = field(default_factory=dict)
    # Parameters filled by a framework, not by the repository's code (a route handler's): param slot -> what.
    entry_params: dict[str, str] = field(default_factory=dict)
    loaded_names: set[str] = field(default_factory=set)  # every name and attribute read: who may call what
    sinks: list[Sink] = field(default_factory=list)
    test_file: bool = False  # tests/, test_*.py, *_test.py, conftest.py: its requests without a client are doubles
    # The provider's name is in its code (an import, a string), not only in its docstrings or comments.
    names_provider: bool = True


def module_name(path: str) -> str:
    """'src/app/settings.py' -> 'src.app.settings'; a package's __init__ is the package."""
    name = path[:-3] if path.endswith(".py") else path
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve_relative(qual: str, module: str, is_package: bool) -> str:
    """'..settings.X' seen from 'app.sub.kb' -> 'app.settings.X'."""
    level = len(qual) - len(qual.lstrip("."))
    if not level:
        return qual
    base = module.split(".") if module else []
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    rest = qual[level:]
    return ".".join([*base, rest] if rest else base)


class _Extractor:
    def __init__(self, state: ModuleAnalysis, path: str) -> None:
        self.state = state
        self.rules = state.rules
        self.path = path
        self.module = module_name(path)
        self.is_package = path.endswith("__init__.py")
        self.classes = {node.name for node in state.tree.body if isinstance(node, ast.ClassDef)}
        self.ctor_kinds: dict[int, str] = {}  # id(constructor call) -> "sdk", "azure", "lookalike"
        self.facts = ModuleFacts(path, self.module, classes=frozenset(self.classes))
        self.ctor_slots: dict[int, str] = {}
        self._calls_by_scope: dict[int, list[tuple[ast.Call, Scope]]] | None = None  # id(scope) -> its calls
        self._params_by_scope: dict[int, frozenset[str]] | None = None  # id(function scope) -> its parameters
        self._mocked: str | None = None  # why its clients stay for an HTTP double of the provider
        self._later: dict[tuple, str] | None = None  # client key -> where its endpoint or key is set after it is made
        self._typed_callees: set[int] = set()  # id(`obj.method`) called on an instance of a known class
        self._on_clients: frozenset[int] | None = None  # id(call) of the calls made on an SDK client
        self._stars: list[str] | None = None  # the modules of `from … import *` (`_star_imports`)
        self._site_clients: dict[int, Client | None] = {}  # id(call site) -> its client (`_client_of`)

    # -- slots ---------------------------------------------------------------------------------------

    def _at(self, node: ast.AST) -> str:
        line, column, _, _ = position(node)
        return f"{line}:{column}"

    def name_slot(self, name: str, scope: Scope) -> str | None:
        owner, quals = scope.lookup(name)
        if owner is None:
            return None
        imported = [q for q in quals if q]
        if imported:
            if len(imported) > 1:
                return None
            return "i|" + _resolve_relative(imported[0], self.module, self.is_package)
        if owner.kind == "module":
            return f"m|{self.module}|{name}"
        if owner.kind == "class":
            return f"a|{self.module}|{owner.name}|{name}"
        return f"v|{self.module}|{owner.label}|{name}"

    def slot(self, node: ast.AST, scope: Scope) -> str | None:
        """The slot an expression names (a variable, an attribute, a module-level name), or None."""
        if isinstance(node, ast.Name):
            return self.name_slot(node.id, scope)
        if isinstance(node, ast.Attribute):
            value = node.value
            if isinstance(value, ast.Name) and value.id in ("self", "cls"):
                cls = method_class(scope)
                if cls is not None:
                    return f"a|{self.module}|{cls.name}|{node.attr}"
            if isinstance(value, ast.Name) and value.id in self.classes:
                owner, _ = scope.lookup(value.id)
                if owner is not None and owner.kind == "module":
                    return f"a|{self.module}|{value.id}|{node.attr}"
            if isinstance(value, ast.Name) and value.id not in ("self", "cls"):
                # `s.client` on `s = Svc()`: the attribute its class's methods know as `self.client`.
                cls_slot = self._instance_class(value, scope)
                if cls_slot is not None and cls_slot.startswith("m|") and cls_slot.count("|") == 2:
                    return f"a|{self.module}|{cls_slot.rsplit('|', 1)[1]}|{node.attr}"
                if cls_slot is not None and cls_slot.startswith("i|"):
                    return f"{cls_slot}.{node.attr}"
            base = self.slot(value, scope)
            if base is not None and base.startswith("i|"):
                return f"{base}.{node.attr}"
            if base is not None and base.startswith("m|") and base.count("|") == 2:
                # A module-level object's attribute: one slot per object (good enough for settings objects).
                return f"{base}.{node.attr}"
        return None

    def sources(self, node: ast.AST | None, scope: Scope) -> list[str]:
        """The slots a value comes from, looking through containers, conditionals and lookups; a part the
        analysis cannot follow is an unknown slot of its own, so that what it reaches knows it."""
        if node is None:
            return []
        if isinstance(node, ast.Constant):
            return self._string_sources(node, node.value) if isinstance(node.value, str) else []  # a number: no model
        if isinstance(node, ast.Name):
            return self._name_sources(node, scope)
        if isinstance(node, ast.Attribute):
            return self._attribute_sources(node, scope)
        if isinstance(node, ast.Subscript):
            return self._subscript_sources(node, scope)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return [s for e in node.elts for s in self.sources(e, scope)]
        if isinstance(node, (ast.Dict, ast.DictComp, ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return self._built_sources(node, scope)
        if isinstance(node, ast.IfExp):
            return self.sources(node.body, scope) + self.sources(node.orelse, scope)
        if isinstance(node, ast.BoolOp):
            return [s for v in node.values for s in self.sources(v, scope)]
        if isinstance(node, (ast.Await, ast.Starred, ast.NamedExpr)):
            return self.sources(node.value, scope)
        if isinstance(node, ast.Call):
            return self._call_sources(node, scope)
        if isinstance(node, (ast.JoinedStr, ast.BinOp)):
            # `f"gpt-{version}"`, `"gpt-" + size`: an id built at run time, which no map can rewrite.
            return [self._unknown(node, f"`{self.state.short(node)}`, built at run time", True)]
        if isinstance(node, (ast.Lambda, ast.UnaryOp, ast.Compare)):
            return []
        return [self._unknown(node, f"`{self.state.short(node)}`", False)]

    def _built_sources(
        self, node: ast.Dict | ast.DictComp | ast.ListComp | ast.SetComp | ast.GeneratorExp, scope: Scope
    ) -> list[str]:
        """What a mapping or a comprehension written in the code holds."""
        if isinstance(node, ast.DictComp):
            # `cls(**{k: v for k, v in values.items() if v})`: what the comprehension's values are.
            return self.sources(node.value, scope)
        if not isinstance(node, ast.Dict):
            return self.sources(node.elt, scope)
        # A request's parameters (`{"model": m, "messages": [...]}`): only the model is a model.
        model = [i for i, k in enumerate(node.keys) if string_value(k) in MODEL_KEYWORDS]
        if model:
            # `{"model": "gpt-4o-mini", **body}`: what is spread after the model may hold a model that overrides
            # it (a request body from outside); what is spread before it is overridden.
            spread = [i for i, k in enumerate(node.keys) if k is None and i > model[-1]]
            return [s for i in (*model, *spread) for s in self.sources(node.values[i], scope)]
        return [s for e in (*node.keys, *node.values) for s in self.sources(e, scope)]

    def _name_sources(self, node: ast.Name, scope: Scope) -> list[str]:
        value = self._straight_line_value(node, scope)
        if value is not None:  # `model = "gpt-4o"`, a request, then `model = "gpt-4-turbo"`: the first
            return self.sources(value, scope)
        found = self.slot(node, scope)
        if found is not None:
            return [found]
        if node.id in _BUILTIN_VALUES:
            return []
        # `from common import *` (a notebook's `%run common.py`): the name may be that module's; it stays unknown
        # too (another star import, a builtin).
        starred = [f"i|{base}.{node.id}" for base in self._star_imports()]
        return [*starred, self._unknown(node, f"`{node.id}`", True)]

    def _runs(self) -> list[str]:
        """The modules a notebook's `%run` magics run in its namespace, resolved from its folder."""
        if not self.state.runs:
            return []
        seen_from = module_name(self.path.removesuffix(".ipynb") + ".py")
        return [_resolve_relative(spec, seen_from, False) for spec in self.state.runs]

    def _star_imports(self) -> list[str]:
        """The modules the module imports every name of (`from common import *`, resolved)."""
        if self._stars is None:
            self._stars = [
                _resolve_relative("." * s.level + (s.module or ""), self.module, self.is_package)
                for s in self.state.tree.body
                if isinstance(s, ast.ImportFrom) and any(a.name == "*" for a in s.names)
            ] + self._runs()
        return self._stars

    def _attribute_sources(self, node: ast.Attribute, scope: Scope) -> list[str]:
        if self._parsed_here(node.value, scope):
            # `args.model` on this file's `parser.parse_args()`: its own option, not another script's of that name.
            return [f"o|{self.path}|{node.attr}"]
        found = self.slot(node, scope)
        if found is not None:
            # `settings.model` on a module-level object is a slot of its own (resolve/flowgraph.py also reads the
            # object and what its class or the command line gives `.model`).
            return [found]
        # `agent.model`, `args.model`: the object's own sources say whether it is followed, and every
        # class field and command-line option of that name flows into it.
        base = self.sources(node.value, scope)
        return [f"f|{node.attr}", *base, *self._framework_model(node, scope)]

    def _parsed_here(self, node: ast.expr, scope: Scope) -> bool:
        """Whether a name holds only what this file's command-line parser returns (`args = parser.parse_args()`)."""
        if not isinstance(node, ast.Name):
            return False
        _, values = scope.assigned(node.id)
        return bool(values) and all(
            isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr in _CLI_NAMESPACES
            for v in values
        )

    def _framework_model(self, node: ast.Attribute, scope: Scope) -> list[str]:
        """`lm.model` on `lm = dspy.LM("openai/gpt-4o")` (a framework's model object made here) is the model it was
        made with: a comparison with it (`assert lm.model == "openai/gpt-4o"`) stays consistent with that id."""
        if node.attr not in MODEL_KEYWORDS:
            return []
        key = self.state.receiver_key(node.value, scope, at=node)
        client = self.state.clients.get(key) if key is not None else None
        if client is None or client.kind != "framework":
            return []
        found = []
        for ctor in client.constructors:
            where = self.state.call_scope.get(id(ctor), self.state.module_scope)
            entry = entry_of(self.state, ctor, where)
            model = model_argument(entry, ctor) if entry is not None else None
            if model is not None:
                found += self.sources(model, where)
        return found

    def _string_sources(self, node: ast.Constant, value: str) -> list[str]:
        """A string is a model id's literal, or a string that still tells where a model comes from; what else it
        is (another provider's id, a hosted tool, an OpenAI id with no mapping) is noted with it."""
        if self._is_model(value):
            slot = f"l|{self.path}|{self._at(node)}"
            self.facts.literals[slot] = (node.lineno, node.col_offset, value)
            return [slot]
        # Any other string still tells where a model comes from ("text-embedding-3-small").
        slot = f"s|{self.path}|{self._at(node)}"
        self.facts.strings.add(slot)
        if self.rules.provider in re.split("[/:]", value.lower(), maxsplit=1)[0]:
            # (not a router's "openrouter/anthropic/…", which reaches the router)
            self.facts.provider_strings.add(slot)  # "anthropic/claude-sonnet-4-5" for LiteLLM, CrewAI
        if self.rules.models.names_another_provider(value):
            # "google_genai:gemini-2.5-flash", "anthropic/claude-…": another provider's model
            self.facts.foreign[slot] = (node.lineno, node.col_offset + 1, value)
        if value in self.rules.unsupported_tools:  # `{"type": "file_search"}`, where tools are built
            self.facts.hosted_tools[slot] = (self.rules.unsupported_tools[value], value)
        if self.rules.models.is_unmapped_openai_id(value):
            # An OpenAI id with no ByteSpike mapping: a request that takes it cannot move.
            self.facts.unmapped[slot] = (node.lineno, node.col_offset + 1, value)
        elif self.rules.models.only_on_openai(value):
            # `dall-e-3` sent with `images.generate`, which ByteSpike serves with its own models only.
            self.facts.only_openai[slot] = (node.lineno, node.col_offset + 1, value)
        return [slot]

    def _subscript_sources(self, node: ast.Subscript, scope: Scope) -> list[str]:
        env = self.state.env_read(node, scope)
        if env is not None:  # `os.environ["MODEL"]`: the variable, which env files may set
            return [f"e|{env.value!s}"]
        # `MODELS[name]` gives one of the table's values; the key is a use (see `run`). A table written as a
        # dict literal gives its values only: `PALM_FOR[model]` hands on "models/text-bison-001", never the
        # key "gpt-4o-mini", which stays consistent with `model` instead.
        if isinstance(node.value, ast.Name):
            _, values = scope.assigned(node.value.id)
            if len(values) == 1 and isinstance(values[0], ast.Dict) and None not in values[0].keys:
                return [s for v in values[0].values for s in self.sources(v, scope)]
        return self.sources(node.value, scope)

    def _config_file(self, call: ast.Call, scope: Scope, name: str) -> list[str] | None:
        """A configuration file of the repository read by this code: `json.load(open("models.json"))`,
        `yaml.safe_load(Path("llm.yaml").read_text())`, `tomllib.load(f)` on `open("settings.toml", "rb")`.
        Its values flow in by file (`cfg|models.json`): the resolution joins the ids the file's own rules found
        there (a lookup by key is a lookup: every value of the file may come out)."""
        qual = (self.state.qualname(call.func, scope) or "") if name in _LOADER_NAMES else ""
        if qual in _CONFIG_LOADERS and call.args:
            return self.sources(call.args[0], scope)
        if name in ("read_text", "read", "read_bytes") and isinstance(call.func, ast.Attribute) and not call.args:
            found = self.sources(call.func.value, scope)
            return found if any(s.startswith("cfg|") for s in found) else None
        if name in ("open", "Path") and call.args:
            path = string_value(call.args[0])
            if path and path.endswith(_CONFIG_SUFFIXES):
                return [f"cfg|{posixpath.normpath(path).lstrip('./')}"]
        return None

    def _unknown(self, node: ast.AST, what: str, external: bool | str) -> str:
        slot = f"u|{self.path}|{self._at(node)}"
        self.facts.unknowns[slot] = (node.lineno, node.col_offset + 1, what, external)  # type: ignore[attr-defined]
        return slot

    def _call_sources(self, call: ast.Call, scope: Scope) -> list[str]:
        if id(call) in self.ctor_slots:
            return [self.ctor_slots[id(call)]]
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in TRANSPARENT:
            return self.sources(func.value, scope)
        wrapped = self.state.wrapped_client(call, scope)
        if wrapped is not None:  # `instructor.from_openai(client)`: the client it is given
            return self.sources(wrapped, scope)
        env = self.state.env_read(call, scope)
        if env is not None:
            return self._env_sources(call, scope, str(env.value))
        if isinstance(func, ast.Attribute) and func.attr == "get" and call.args:
            # settings.get("model", "gpt-4o"): the mapping's values, and the default.
            default = call.args[1] if len(call.args) > 1 else None
            return self.sources(func.value, scope) + self.sources(default, scope)
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        declared = self._config_file(call, scope, name)
        if declared is None:
            declared = self._declared_default(call, scope, name)
        if declared is not None:
            return declared
        if name == "getattr":
            return [self._unknown(call, f"`{self.state.short(call)}`", True)]
        if isinstance(func, ast.Name) and name in _CONTAINERS and self.slot(func, scope) is None:
            # `str(model)`, `dict(model=m, messages=…)`, `next(iter(MODELS))`: what goes in comes out.
            model = [kw.value for kw in call.keywords if kw.arg in MODEL_KEYWORDS]
            parts = model or [*call.args, *(kw.value for kw in call.keywords)]
            return [s for part in parts for s in self.sources(part, scope)]
        if name in _MOCKS or (
            name in ("patch", "object", "multiple") and (self.state.qualname(func, scope) or "") in _PATCHERS
        ):
            # (`with patch.object(client.chat.completions, "create") as m`: m records what the code sends)
            return [f"k|mock|{self.path}"]
        if isinstance(func, ast.Attribute) and self._on_client(func, scope):
            # `job = client.fine_tuning.jobs.retrieve(…)`: what the API answers (`job.fine_tuned_model`, an id
            # only OpenAI has) comes from outside the repository.
            return [self._unknown(call, f"what `{self.state.short(call, 40)}` returns", True)]
        callee = self.slot(func, scope)
        if callee is not None:
            return [callee]
        if isinstance(func, ast.Attribute):
            # `obj.method()`: the repository's own method of that name, or a library's: decided by name.
            return [self._unknown(call, f"`{self.state.short(call)}`", func.attr), f"r|{func.attr}"]
        return [self._unknown(call, f"`{self.state.short(call)}`", True)]

    def _env_sources(self, call: ast.Call, scope: Scope, variable: str) -> list[str]:
        """`os.getenv("MODEL", "gpt-4o")`: the variable, which is its default wherever the program runs
        without it."""
        default = call.args[1] if len(call.args) > 1 else None
        default = default or _keyword_value(call, "default")
        if default is not None:
            value = self.sources(default, scope)
            self.join([f"e|{variable}"], value)
            self._external_defaults(value, f"the environment variable {variable}")
        return [f"e|{variable}"]

    def _declared_default(self, call: ast.Call, scope: Scope, name: str) -> list[str] | None:
        """A command-line namespace or option, or a field declaration: followed through its default."""
        if name in _CLI_NAMESPACES:
            return [f"k|cli|{self.path}"]  # `parser.parse_args()`: options flow in by name (`_cli_option`)
        if name in _CLI_OPTIONS:  # typer.Option("gpt-4o"), click.option(default=…): followed through the default
            default = _keyword_value(call, "default")
            if default is None and call.args and not (string_value(call.args[0]) or "").startswith("-"):
                default = call.args[0]
            if default is not None:
                return self.sources(default, scope)
            what = f"the command-line option `{self.state.short(call)}`, which has no default"
            return [self._unknown(call, what, True)]
        if (
            name in _FIELD_DECLARATIONS
            and (self.state.qualname(call.func, scope) or "").split(".")[0] in _FIELD_PACKAGES
        ):
            # `model: str = field(default="gpt-4o")`, pydantic's `Field("gpt-4o")`: the field's default.
            default = _keyword_value(call, "default")
            if default is None and call.args and name == "Field":
                default = call.args[0]
            if default is not None:
                return self.sources(default, scope)
        return None

    def _on_client(self, func: ast.Attribute, scope: Scope) -> bool:
        """Whether a method is called on an SDK client this module builds (`client.x.y(…)` with `client =
        OpenAI()`, or `OpenAI().x.y(…)`)."""
        root: ast.expr = func
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name):
            _, assigned = scope.assigned(root.id)
            return any(id(value) in self.ctor_slots and self.ctor_kinds.get(id(value)) == "sdk" for value in assigned)
        return id(root) in self.ctor_slots and self.ctor_kinds.get(id(root)) == "sdk"

    def _is_model(self, value: str) -> bool:
        models = self.rules.models
        return (models.map_reverse(value) if self.rules.reverse else models.map_forward(value)) is not None

    def join(self, targets: list[str], sources: list[str]) -> None:
        """The values of `sources` flow into `targets`. What a class's own code gives its attribute is also kept
        apart (`a|…|attr#own`): that is what its subclasses inherit (`_inherited_attributes`)."""
        for a in targets:
            for b in sources:
                if a != b:
                    self.facts.edges.append((a, b))
                    if a.startswith("a|"):
                        self.facts.edges.append((a + "#own", b))

    def use(self, values: list[str], tested: list[str]) -> None:
        """`values` are compared with, or looked up in, `tested`."""
        for a in values:
            for b in tested:
                if a != b:
                    self.facts.uses.append((a, b))

    # -- the walk ------------------------------------------------------------------------------------

    def run(self) -> ModuleFacts:
        state = self.state
        for client in state.clients.values():
            for ctor in client.constructors:
                self.ctor_slots[id(ctor)] = f"c|{self.path}|{self._at(ctor)}"
                self.ctor_kinds[id(ctor)] = client.kind
        self._constructors()
        self._module_settings()
        self._imports()
        for node in state.of_type(ast.FunctionDef, ast.AsyncFunctionDef):
            self._function(node)
        for node, scope in state.assignments:
            self._assignment(node, scope)
        for call, scope in state.calls:
            self._call(call, scope)
        self._method_references()
        self._inherited_attributes()
        self._unknown_ids()
        self._uses()
        self._loops_and_returns()
        self._requests()
        self._sinks({(r.line, r.column) for r in self.facts.requests})
        self._package_tables()
        self._about_the_module()
        self._other_literals()
        return self.facts

    def _imports(self) -> None:
        """What the module imports, and the names it re-exports (`from .settings import MODEL` in `__init__`)."""
        state = self.state
        for name, quals in state.module_scope.bindings.items():
            imported = [q for q in quals if q]
            if len(imported) == 1:  # re-exports: `from .settings import MODEL` in a package's __init__
                self.join(
                    [f"m|{self.module}|{name}"], ["i|" + _resolve_relative(imported[0], self.module, self.is_package)]
                )
        self.facts.imports.update(self._runs())
        for node in state.of_type(ast.Import, ast.ImportFrom):
            if isinstance(node, ast.Import):
                self.facts.imports.update(alias.name for alias in node.names)
            else:
                base = _resolve_relative("." * node.level + (node.module or ""), self.module, self.is_package)
                self.facts.imports.add(base)
                self.facts.imports.update(f"{base}.{alias.name}" for alias in node.names)

    def _uses(self) -> None:
        """Comparisons and lookups: uses of a value that stay consistent with it, not flows."""
        state = self.state
        for node in state.of_type(ast.Compare):
            # `model == "gpt-4o"`, `model in SUPPORTED`: a use of the value, not a flow. `"gpt-4o" in model` tests a
            # substring, never rewritten (rules/python/model_ids.py says so): its string is no id of the module.
            where = self._scope_of_node(node)
            if where is not None and substring_test(node, state.module_scope) is not None:
                self.facts.prefixes.update(self.sources(node.left, where))  # held as prefixes are, said once
            elif where is not None:
                self.use(self.sources(node.left, where), [s for c in node.comparators for s in self.sources(c, where)])
        for node in state.of_type(ast.Subscript):
            # `MAX_TOKENS[model]`: a lookup; the table's keys move with the model, nothing flows.
            where = self._scope_of_node(node)
            if isinstance(node.ctx, ast.Load) and where is not None:
                self._lookup(node, node.value, node.slice, where)
        for table in state.of_type(ast.Dict):
            self._collisions(table)
        for call, where in state.calls:
            # `MAX_TOKENS.get(model, 1024)`, `.pop(model, …)`: the same lookup by a name.
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("get", "pop", "setdefault")
                and call.args
                and not isinstance(call.args[0], (ast.Constant, ast.Starred))
            ):
                self._lookup(call, func.value, call.args[0], where)

    def _collisions(self, table: ast.Dict) -> None:
        """The mapped keys of a dict two of whose keys would be one once mapped (the model-ids rule leaves them)."""
        keys = [string_value(k) for k in table.keys]
        mapped = [self.rules.models.map_forward(k) if k is not None else None for k in keys]
        if not key_clashes(keys, mapped):
            return
        written = set(keys)
        for node, value, target in zip(table.keys, keys, mapped):
            # (a key whose ByteSpike id the table has already, `{"gpt-4o": …, "gpt-5-4": …}`, finds that entry)
            if node is not None and value is not None and target is not None and target not in written:
                self.facts.colliding[f"l|{self.path}|{self._at(node)}"] = (node.lineno, value)

    def _lookup(self, node: ast.expr, table: ast.expr, key: ast.expr, where: Scope) -> None:
        keys = self.sources(key, where)
        if isinstance(key, ast.Constant):
            keys = [k for k in keys if k.startswith("l|")]  # `row["name"]`: no model, nothing to keep
            if not keys:
                return
        tables = self.sources(table, where)
        if not isinstance(key, ast.Constant):
            self.use(keys, tables)
        self.facts.lookups.extend((k, t, node.lineno) for k in keys for t in tables)

    def _loops_and_returns(self) -> None:
        """A loop's target takes what it iterates over; a function's slot takes what it returns."""
        state = self.state
        for node in state.of_type(ast.For, ast.AsyncFor, ast.comprehension):
            where = self._scope_of_node(node)
            if where is not None:
                self.join(self.sources(node.target, where), self.sources(node.iter, where))
        for node in state.of_type(ast.Return):
            where = self._scope_of_node(node)
            if where is not None and where.kind == "function" and node.value is not None:
                own = self._function_slot(where)
                if own:
                    self.join([own], self.sources(node.value, where))

    def _about_the_module(self) -> None:
        """What the resolution reads of the module as a whole: whether it imports the SDK, the names it loads,
        whether its code names the provider, whether it is a test file."""
        state = self.state
        self.facts.imports_sdk = state.imports_sdk
        self.facts.key_variables = (self.rules.openai_key_env, self.rules.key_env)
        self.facts.module_import = any(
            isinstance(stmt, ast.Import) and any(a.name == self.rules.package for a in stmt.names)
            for stmt in state.tree.body
        )
        loaded = self.facts.loaded_names
        loaded.update(n.id for n in state.of_type(ast.Name) if isinstance(n.ctx, ast.Load))
        # (a method called on an instance of a known class is not loaded by name: `Translator().run(m)` calls
        # no other class's `run`)
        # (nor is a resource of the SDK's: `openai.chat.completions.create` calls no function `chat`)
        on_sdk = self._sdk_paths()
        loaded.update(
            n.attr
            for n in state.of_type(ast.Attribute)
            if isinstance(n.ctx, ast.Load) and id(n) not in self._typed_callees and id(n) not in on_sdk
        )
        package = self.rules.package
        self.facts.names_provider = any(package in q.lower() for q in state.imported) or any(
            package in str(n.value).lower() for n in state.code_strings
        )
        name = self.path.rsplit("/", 1)[-1]
        self.facts.test_file = (
            name.startswith("test_")
            or name.endswith("_test.py")
            or name == "conftest.py"
            or any(part in ("tests", "test") for part in self.path.split("/")[:-1])
        )

    def _other_literals(self) -> None:
        state = self.state
        # Every other model id in code is a value of its own that reaches nothing the tool can follow (an
        # argument of a method of an object from elsewhere, a bare expression): the resolution decides on it
        # like on the others, so no id moves by default. A client's own arguments are its analysis's business.
        inside_clients = [
            (state.start(c), state.end(c)) for client in state.clients.values() for c in client.constructors
        ]
        for node in state.code_strings:
            value = node.value
            if (
                isinstance(value, str)
                and self._is_model(value)
                and not any(s <= state.start(node) < e for s, e in inside_clients)
            ):
                slot = f"l|{self.path}|{self._at(node)}"
                self.facts.literals.setdefault(slot, (node.lineno, node.col_offset, value))

    # -- bindings: a name assigned clients in two branches is two clients ------------------------------

    def _client_bindings(self, name: str, scope: Scope) -> list[ast.expr] | None:
        owner, _ = scope.lookup(name)
        return self.state.client_bindings(name, owner) if owner is not None else None

    def _binding_slot(self, name: str, scope: Scope, value: ast.expr) -> str | None:
        plain = self.name_slot(name, scope)
        return f"{plain}@{self._at(value)}" if plain is not None else None

    def _straight_line_value(self, node: ast.Name, scope: Scope) -> ast.expr | None:
        """The value a module-level name holds where it is read, when the module (or a notebook's cells, one
        after the other) assigns it several times at its top level and the read is in no loop: the last
        assignment before it. In a function, the assignment every path to the read goes through last (one per
        branch: `if bedrock: m = …; return Bedrock(model=m)`, then `m = "gpt-4o"`), where the read is in no
        loop. None otherwise (the name's slot then holds every value)."""
        if scope.kind == "function":
            return self._dominating_value(node, scope)
        if scope.kind != "module":
            return None
        state = self.state
        value = state.dominating_assignment(node.id, scope, node)
        if value is None:
            return None
        top = id(state.tree)
        places = state.statement_places
        for assigned in scope.assigned(node.id)[1]:
            statement = state.assignment_of.get(id(assigned))
            place = places.get(id(statement)) if statement is not None else None
            if place is None or place[0] != top:
                return None  # assigned in a branch, a loop, a function: not straight-line code
        at = (node.lineno, node.col_offset)
        holder = next(
            (s for s in state.tree.body if (s.lineno, s.col_offset) <= at <= (s.end_lineno or 0, 1 << 30)), None
        )
        if holder is None:
            return None
        for loop in ast.walk(holder):
            if isinstance(loop, (ast.For, ast.AsyncFor, ast.While)) and loop.lineno <= node.lineno <= (
                loop.end_lineno or 0
            ):
                return None
        return value

    def _dominating_value(self, node: ast.Name, scope: Scope) -> ast.expr | None:
        owner, values = scope.assigned(node.id)
        if owner is not scope or len(values) < 2:
            return None  # a name of an enclosing scope, or one value anyway
        value = self.state.dominating_assignment(node.id, scope, node)
        if value is None:
            return None
        for loop in self.state.of_type(ast.For, ast.AsyncFor, ast.While):
            if loop.lineno <= node.lineno <= (loop.end_lineno or 0):
                return None  # an assignment later in the loop may reach it on the next turn
        return value

    def _dominating_client(self, name: str, scope: Scope, use: ast.AST) -> str | None:
        """The binding a use of a name assigned clients in several places reads (None: any of them)."""
        if self._client_bindings(name, scope) is None:
            return None
        value = self.state.dominating_assignment(name, scope, use)
        return self._binding_slot(name, scope, value) if value is not None else None

    def _scope_of_node(self, node: ast.AST) -> Scope | None:
        """The scope a comparison, subscript, loop or return stands in, as the binder recorded it."""
        return self.state.scope_at.get(id(node))

    def _function_slot(self, scope: Scope) -> str | None:
        parent = scope.parent
        if parent is None:
            return None
        if parent.kind == "module":
            return f"m|{self.module}|{scope.name}"
        if parent.kind == "class":
            return f"a|{self.module}|{parent.name}|{scope.name}"
        return f"v|{self.module}|{parent.label}|{scope.name}"

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        scope = self.state.scope_of.get(id(node))
        if scope is None:
            return
        own = self._function_slot(scope)
        args = node.args
        positional = args.posonlyargs + args.args
        params = tuple(f"v|{self.module}|{scope.label}|{a.arg}" for a in positional + args.kwonlyargs)
        if args.kwarg is not None:
            # `def ask(messages, **kwargs)`: the keywords its callers give that no parameter names (`model=`).
            kwargs = f"v|{self.module}|{scope.label}|{args.kwarg.arg}"
            params += (kwargs,)
            if own:
                self.facts.kwargs_params[own] = kwargs
        if own:
            self.facts.functions[own] = params
        outer = scope.parent
        if outer is None:
            return  # a function's scope always has the one it is defined in
        defaults = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults))
        defaults += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
        for arg, default in defaults:
            value = self.sources(default, outer)
            # A parameter is followed through its default, also one that holds no model (`opts=None`): what callers
            # outside the repository give it is said where a default moves (`external-default`), as for `model=`.
            self.join([f"v|{self.module}|{scope.label}|{arg.arg}"], value or [f"k|default|{self.path}"])
            if node.name == "__init__" and outer.kind == "class":
                # A class's constructor is called by the class's name, from outside the repository too.
                self._external_defaults(value, f"the parameter `{arg.arg}` of `{outer.name}`")
            elif not node.name.startswith("_"):
                self._external_defaults(value, f"the parameter `{arg.arg}` of `{node.name}`")
        self._pytest(node, scope, own, outer)
        self._decorated(node, scope, own, outer, params)

    def _decorated(
        self,
        node: ast.FunctionDef | ast.AsyncFunctionDef,
        scope: Scope,
        own: str | None,
        outer: Scope,
        params: tuple[str, ...],
    ) -> None:
        """A function a decorator hands to a framework (a route, a task, a tool, a command-line command): the
        framework calls it with values from outside the repository, and gets what it returns."""
        handed = [
            d
            for d in node.decorator_list
            if _decorator_name(d) not in _PLAIN_DECORATORS and _decorator_name(d) not in _PYTEST_DECORATORS
        ]
        for decorator in handed:
            if isinstance(decorator, ast.Call) and _decorator_name(decorator) in _CLI_OPTIONS:
                # `@click.option("--model", default="gpt-4o")`: the parameter is the option's value.
                dest = _option_dest(decorator)
                if dest is not None:
                    value = self._option_value(decorator, outer)
                    self.join([f"v|{self.module}|{scope.label}|{dest}"], value)
                    self._external_defaults(self._option_default(decorator, outer), f"the command-line option `{dest}`")
        if handed and own:
            # What it returns goes to the framework that calls it: Mirascope's `@openai.call("gpt-4o-mini")` sends
            # its model through the `"client": OpenAI()` the function returns (the resolution says whether the
            # decorator is a package's, not the repository's own).
            for decorator in handed:
                called = decorator.func if isinstance(decorator, ast.Call) else decorator
                self.facts.handed_returns.append((own, self.slot(called, outer) or ""))
        if handed:
            what = f"a parameter of `{node.name}`, which `@{self.state.short(handed[0], 40)}` calls from outside"
            for slot in params:
                self.facts.entry_params[slot] = what

    def _pytest(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, own: str | None, outer: Scope
    ) -> None:
        """pytest fills a test's parameters: from the fixture of that name (what it returns or yields, a slot
        `fx|NAME` shared by the whole repository, conftest.py's fixtures included) or from
        `@pytest.mark.parametrize`'s values."""
        fixture = _fixture_name(node)
        if fixture is not None and own:
            self.join([f"fx|{fixture}"], [own])
            for child in _own_nodes(node):
                if isinstance(child, (ast.Yield, ast.YieldFrom)) and child.value is not None:
                    self.join([own], self.sources(child.value, scope))
        if fixture is None and not self._collected(node, scope):
            return
        param = f"v|{self.module}|{scope.label}|"
        args = node.args
        names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs if a.arg not in ("self", "cls")]
        parametrized = set()
        for decorator in node.decorator_list:
            if (
                isinstance(decorator, ast.Call)
                and _decorator_name(decorator) == "parametrize"
                and len(decorator.args) >= 2
            ):
                given = decorator.args[0]
                listed = string_value(given)
                if listed is not None:
                    argnames = [n.strip() for n in listed.split(",") if n.strip()]
                elif isinstance(given, (ast.List, ast.Tuple)):
                    argnames = [v for v in (string_value(e) for e in given.elts) if v is not None]
                else:
                    continue
                values = self.sources(decorator.args[1], outer)
                for name in argnames:
                    parametrized.add(name)
                    self.join([param + name], values)
        for name in names:
            if name not in parametrized:
                self.join([param + name], [f"fx|{name}"])

    def _collected(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> bool:
        """Whether pytest collects the function as a test, by its default names: a `test*` function at the top
        of a `test_*.py` or `*_test.py` module, or a `test*` method of its `Test*` classes. Any other function
        named `test` (`ChatProbe.test(self, model_id, client)` in a script) is called by the program, with its
        arguments, not given fixtures (whose clients may be doubles)."""
        name = self.path.rsplit("/", 1)[-1]
        if not node.name.startswith("test") or not (name.startswith("test_") or name.endswith("_test.py")):
            return False
        parent = scope.parent
        return parent is not None and (
            parent.kind == "module" or (parent.kind == "class" and parent.name.startswith("Test"))
        )

    def _external_defaults(self, slots: list[str], what: str) -> None:
        """Model ids written as a default that callers outside the repository may override (`--model`, a public
        function's `model="gpt-4o"`): reported where they move (`external-default`)."""
        for slot in slots:
            if slot in self.facts.literals:
                self.facts.external_defaults[slot] = what

    def _settings_class(self, scope: Scope) -> bool:
        """Whether a class scope is a pydantic-settings class (`class Settings(BaseSettings)`), whose fields the
        environment sets."""
        cls = self.state.class_of_scope.get(id(scope))
        if cls is None or scope.parent is None:
            return False
        return any(
            (self.state.qualname(base, scope.parent) or "").rsplit(".", 1)[-1] == "BaseSettings" for base in cls.bases
        )

    def _settings_variable(self, scope: Scope, name: str, value_node: ast.expr | None) -> str:
        """The environment variable a pydantic-settings field reads: its alias (`Field(validation_alias="X")`,
        pydantic v1's `env="X"`), or the class's `env_prefix` and its name."""
        if isinstance(value_node, ast.Call):
            for keyword in ("validation_alias", "alias", "env"):
                given = _keyword_value(value_node, keyword)
                alias = string_value(given) if given is not None else None
                if alias:
                    return alias.upper()
        cls = self.state.class_of_scope.get(id(scope))
        return (_env_prefix(cls) + name).upper() if cls is not None else name.upper()

    def _option_default(self, call: ast.Call, scope: Scope) -> list[str]:
        """What an option holds when the user gives none: its default (said as one, where it moves)."""
        default = _keyword_value(call, "default")
        return self.sources(default, scope) if default is not None else []

    def _option_value(self, call: ast.Call, scope: Scope) -> list[str]:
        # The choices it offers are values it may hold (`choices=[…]`, click's `type=click.Choice([…])`): an id with
        # no mapping among them keeps its requests.
        offered = _keyword_value(call, "choices")
        kind = _keyword_value(call, "type")
        if offered is None and isinstance(kind, ast.Call) and kind.args and _decorator_name(kind) == "Choice":
            offered = kind.args[0]
        choices = self.sources(offered, scope) if offered is not None else []
        if _keyword_value(call, "default") is not None:
            return self._option_default(call, scope) + choices
        if choices:
            return choices
        return [
            self._unknown(call, f"the command-line option `{self.state.short(call, 50)}`, which has no default", True)
        ]

    def _assignment(self, node: ast.Assign | ast.AnnAssign | ast.withitem, scope: Scope) -> None:
        value_node, targets = assignment_parts(node)
        value = self.sources(value_node, scope)
        if scope.kind == "class" and self._settings_class(scope):
            # pydantic-settings' `chat_model: str = "gpt-4o"`: CHAT_MODEL in the environment (and in the env file the
            # class reads) overrides it. The field is what the variable holds, whose default the declaration gives.
            variables = {
                t.id: self._settings_variable(scope, t.id, value_node) for t in targets if isinstance(t, ast.Name)
            }
            for name, variable in variables.items():
                self._external_defaults(value, f"the setting `{name}` (the environment's {variable})")
                self.join([f"e|{variable}"], value)
            if len(variables) == 1 and len(targets) == 1:
                value = [f"e|{variable}" for variable in variables.values()]
        for target in targets:
            if target is None:
                continue
            elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            for element in elements:
                slot = self.slot(element, scope)
                if (
                    slot is not None
                    and isinstance(element, ast.Name)
                    and value_node is not None
                    and self._client_bindings(element.id, scope) is not None
                ):
                    # One binding of a name assigned clients in several places: uses it dominates read it alone.
                    binding = self._binding_slot(element.id, scope, value_node)
                    if binding is not None:
                        self.join([binding], value)
                        self.join([slot], [binding])
                        continue
                if slot is not None:
                    self.join([slot], value)
                    continue
                if isinstance(element, ast.Subscript):
                    # `params["model"] = m`: the value goes into the container (`create(**params)`); not
                    # `params["messages"] = […]`, a request's other parameter, whose text is no model.
                    container = self.slot(element.value, scope)
                    if container is not None and string_value(element.slice) not in _REQUEST_PARAMETERS:
                        self.join([container], value)
                elif isinstance(element, ast.Attribute):
                    # `agent.model = m` on an object the analysis cannot name: any read of `.model` may see it, a
                    # script's own `args.model` too (`fa|`: what code, not a command-line parser, sets).
                    self.join([f"f|{element.attr}", f"fa|{element.attr}"], value)
                if isinstance(value_node, (ast.Name, ast.Attribute)):
                    self.facts.escapes.update(value)  # `registry.client = client`: stored elsewhere

    def _class_of_cls(self, func: ast.expr, scope: Scope) -> str | None:
        """`cls(**data)` in a classmethod of a class of the module (quivr's `from_yaml`): that class, built."""
        if not (isinstance(func, ast.Name) and func.id == "cls"):
            return None
        owner = method_class(scope)
        return f"m|{self.module}|{owner.name}" if owner is not None and owner.name in self.classes else None

    def _prefix_test(self, call: ast.Call, func: ast.Attribute, scope: Scope) -> None:
        """Prefixes, not ids: the model-ids rule leaves them and reports the test. `model.startswith(key)` with a key
        from a table (not `"gpt-4o"` written in the test, which the model-ids rule reports): the resolution reads
        it with the table's keys."""
        prefixes = self.sources(call.args[0], scope)
        self.facts.prefixes.update(prefixes)
        written = isinstance(call.args[0], ast.Constant) or (
            isinstance(call.args[0], (ast.Tuple, ast.List))
            and all(isinstance(e, ast.Constant) for e in call.args[0].elts)
        )
        tested = [] if written else self.sources(func.value, scope)
        if tested and prefixes:
            where = (call.lineno, call.col_offset + 1, self.state.short(call, 60))
            self.facts.prefix_tests.append((*where, tuple(tested), tuple(prefixes)))

    def _option(self, call: ast.Call, scope: Scope) -> None:
        """argparse: `args.grader_model` is the option's default unless the user passes one."""
        dest = _option_dest(call)
        if dest is not None:
            value = self._option_value(call, scope)
            # `o|`: the option as this file's parser defines it, read by its own `args.dest` (flowgraph.py)
            self.join([f"f|{dest}", f"o|{self.path}|{dest}"], value)
            self._external_defaults(self._option_default(call, scope), f"the command-line option `{dest}`")

    def _call(self, call: ast.Call, scope: Scope) -> None:
        """Arguments flow into the parameters of a function of the repository."""
        if id(call) in self.ctor_slots:
            self._constructor_arguments(call, scope)
            return
        func = call.func
        if self.state.wrapped_client(call, scope) is not None:
            return  # the client it is given comes back (`_call_sources`): handed nowhere
        if isinstance(func, ast.Attribute) and func.attr in ("startswith", "endswith") and call.args:
            self._prefix_test(call, func, scope)
            return
        self._labels(call, scope)
        if isinstance(func, ast.Attribute) and func.attr == "add_argument":
            self._option(call, scope)
            return
        grown = _grown(call)
        if grown is not None:
            # `tools.append({"type": "file_search"})`, `clients.append(OpenAI())`: the list holds what it is given.
            container = self.slot(grown[0], scope)
            if container is not None:
                self.join([container], [s for arg in grown[1] for s in self.sources(arg, scope)])
                return
        self._handed_to_a_package(call, scope)
        callee = self._class_of_cls(func, scope) or self.slot(func, scope)
        if callee is None:
            # Handed to code the tool does not follow (`store.save(client)`, `Model(client=OpenAI())`): it
            # may be used anywhere.
            for arg in [*call.args, *(kw.value for kw in call.keywords)]:
                self.facts.escapes.update(self.sources(arg, scope))
        typed = self._method_callee(func, callee, scope)
        if typed is None and callee is None and isinstance(func, ast.Attribute) and id(call) not in self._sdk_calls():
            # `agent.ask(model)`: the arguments reach every method of the repository of that name (a call on an
            # SDK client is a request instead), unless the object is an instance of a known class (`typed`).
            by_name: str | None = f"r|{func.attr}"
        else:
            by_name = None
        if typed is not None or callee is None:
            arguments = self._arguments(call, scope) if typed or by_name else []
            if arguments:
                if typed is not None:
                    self._typed_callees.add(id(func))
                self.facts.calls.append((typed or by_name or "", tuple(arguments), True))
            return
        via_instance = (
            isinstance(func, ast.Attribute)
            and not (isinstance(func.value, ast.Name) and func.value.id in self.classes)
            and callee.startswith("a|")
        )
        arguments = self._arguments(call, scope)
        if arguments:
            self.facts.calls.append((callee, tuple(arguments), via_instance))

    def _constructor_arguments(self, call: ast.Call, scope: Scope) -> None:
        """What a client's constructor is given: a framework's clients escape into it, and a class named like the
        SDK's that may be the repository's own takes its arguments into its `__init__`."""
        if self.ctor_kinds.get(id(call)) != "sdk":
            # `OpenAIChatCompletionsModel(openai_client=AsyncOpenAI())`: a client handed to a framework.
            for arg in [*call.args, *(kw.value for kw in call.keywords)]:
                if isinstance(arg, (ast.Name, ast.Attribute)) or id(arg) in self.ctor_slots:
                    self.facts.escapes.update(self.sources(arg, scope))
            self._handed_to_a_package(call, scope)
        if self.ctor_kinds.get(id(call)) == "lookalike":
            # A class named like the SDK's may be the repository's own (`OpenAIAdapter("gpt-4o")` from another
            # module): its arguments reach its `__init__` too, where a client inside may take them.
            callee = self.slot(call.func, scope)
            arguments = self._arguments(call, scope)
            if callee is not None and arguments:
                self.facts.calls.append((callee, tuple(arguments), False))

    def _handed_to_a_package(self, call: ast.Call, scope: Scope) -> None:
        """`set_default_openai_client(client)`, `llm_validator("…", client=client)`, `OpenAIChatCompletionsModel(
        openai_client=client)`: another package's code given a client makes requests of its own with it, with
        models (its own defaults) and APIs (`moderations`) the tool cannot see."""
        if not another_package(self.state, self.state.qualname(call.func, scope)) or self._keeps_a_record(call, scope):
            return
        where = f"`{self.state.short(call.func, 50)}(…)` ({self.path}:{call.lineno})"
        for arg in [*call.args, *(kw.value for kw in call.keywords)]:
            if isinstance(arg, (ast.Name, ast.Attribute)) or id(arg) in self.ctor_slots:
                for slot in self.sources(arg, scope):
                    self.facts.handed_to_packages.setdefault(slot, where)

    def _labels(self, call: ast.Call, scope: Scope) -> None:
        """`agentops.init(tags=["o1", "gpt-4o"])`, `trace_name=…`: labels a dashboard filters by, not models; left as
        they are, like prefixes."""
        for keyword in call.keywords:
            if keyword.arg in LABEL_KEYWORDS:
                self.facts.prefixes.update(
                    s
                    for node in ast.walk(keyword.value)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                    for s in self.sources(node, scope)
                )

    def _keeps_a_record(self, call: ast.Call, scope: Scope) -> bool:
        """A call that writes or serialises what it is given rather than sending it to a model: the standard
        library's (`json.dump`, `pickle.dumps`, `logging.info`), or one named for it (`save`, `write`, `track`)."""
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if RECORD_NAMES.search(name):
            return True
        qual = self.state.qualname(func, scope)
        return qual is not None and qual.split(".")[0] in sys.stdlib_module_names

    def _sdk_calls(self) -> frozenset[int]:
        """The calls made on a client of the SDK (`client.chat.completions.create(…)`): requests, which reach no
        method of the repository by their name (a `create` of its own)."""
        if self._on_clients is None:
            self._on_clients = frozenset(
                id(s.call)
                for s in self.state.call_sites
                if (client := self._client_of(s)) is not None and client.kind in ("sdk", "azure", "module")
            )
        return self._on_clients

    def _client_of(self, site: CallSite) -> Client | None:
        """The known client a call site is made on (`ModuleAnalysis.client_for`), looked up once per site."""
        if id(site) not in self._site_clients:
            self._site_clients[id(site)] = self.state.client_for(site)[0]
        return self._site_clients[id(site)]

    def _method_callee(self, func: ast.expr, callee: str | None, scope: Scope) -> str | None:
        """`t|run|<class>` for a method called on an instance of a known class (`Translator().run(m)`, `t.run(m)`
        on `t = Translator()`, module-level or not): that class's method (flowgraph.method_of falls back to every
        method of the name when the class has none of its own), not every `run` nor a slot of `t`."""
        if not isinstance(func, ast.Attribute) or not (callee is None or callee.startswith(("m|", "a|", "i|"))):
            return None
        cls = self._instance_class(func.value, scope)
        return f"t|{func.attr}|{cls}" if cls is not None else None

    def _instance_class(self, node: ast.expr, scope: Scope, depth: int = 0) -> str | None:
        """The class an object is an instance of, when it is made by calling a class by name here
        (`Translator()`) or assigned only such calls in the scope that binds it (not a parameter): the
        class's slot (`m|module|Name`, or `i|package.module.Name` for an imported one), else None."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            slot = self.name_slot(node.func.id, scope)
            if slot is not None and (slot.startswith("i|") or node.func.id in self.classes):
                return slot
            return None
        if isinstance(node, ast.Name) and depth == 0:
            owner, values = scope.assigned(node.id)
            if owner is None or not values or node.id in self._parameters(owner):
                return None
            found = {self._instance_class(v, owner, 1) for v in values}
            return found.pop() if len(found) == 1 and None not in found else None
        return None

    def _parameters(self, scope: Scope) -> frozenset[str]:
        """The names a function's scope binds as parameters (none for other scopes)."""
        if self._params_by_scope is None:
            self._params_by_scope = {}
            for node in self.state.of_type(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
                own = self.state.scope_of.get(id(node))
                if own is not None:
                    a = node.args
                    every = [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]
                    self._params_by_scope[id(own)] = frozenset(x.arg for x in every if x is not None)
        return self._params_by_scope.get(id(scope), frozenset())

    def _arguments(self, call: ast.Call, scope: Scope) -> list[tuple[int | str, str]]:
        arguments: list[tuple[int | str, str]] = []
        for index, arg in enumerate(call.args):
            for source in self.sources(arg, scope):
                arguments.append((index, source))
        for keyword in call.keywords:
            # `factory(model, **kwargs)`: what the dict holds goes in under names the tool does not know ("**").
            for source in self.sources(keyword.value, scope):
                arguments.append((keyword.arg if keyword.arg is not None else "**", source))
        return arguments

    # -- clients and requests ------------------------------------------------------------------------

    def _constructors(self) -> None:
        state, rules = self.state, self.rules
        in_place = {id(node.value) for node in state.of_type(ast.Attribute) if isinstance(node.value, ast.Call)}
        for client in state.clients.values():
            for ctor in client.constructors:
                keywords = {kw.arg: kw for kw in ctor.keywords if kw.arg is not None}
                opaque = bool(ctor.args) or any(kw.arg is None for kw in ctor.keywords)
                entry = (
                    entry_of(state, ctor, state.call_scope.get(id(ctor), state.module_scope))
                    if client.kind == "framework"
                    else None
                )
                if entry is not None:  # a framework's positional arguments are its model and messages
                    opaque = any(kw.arg is None for kw in ctor.keywords)
                base = next((keywords[n] for n in rules.base_url_args if n in keywords), None)
                key = next((keywords[n] for n in rules.api_key_args if n in keywords), None)
                blocker = self._options_blocker(ctor, client.kind, keywords, opaque)
                if key is None and not opaque and not blocker and client.kind in ("sdk", "framework"):
                    blocker = self._key_the_program_sets(ctor)
                if not blocker and client.kind in ("sdk", "framework"):
                    blocker = self._mocked_endpoint() or self._set_later(client)
                if entry is not None and not blocker:
                    blocker = framework_blocker(entry, ctor, rules, state)
                    if not blocker and entry.name.startswith("langchain") and rebuilt_by(state, ctor):
                        blocker = "rebuilt elsewhere"  # crewAI's `Agent(llm=ChatOpenAI(…))`
                url = state.url_value(base.value, ctor) if base is not None else None
                scope = state.call_scope.get(id(ctor), state.module_scope)
                url_reads = (
                    tuple(
                        str(found.value)
                        for node in ast.walk(base.value)
                        if isinstance(node, (ast.Call, ast.Subscript))
                        and (found := state.env_read(node, scope)) is not None
                    )
                    if base is not None and url is None
                    else ()
                )
                self.facts.constructors.append(
                    Constructor(
                        self.ctor_slots[id(ctor)],
                        ctor.lineno,
                        ctor.col_offset + 1,
                        client.kind,
                        blocker,
                        key is None,
                        base is None,
                        client.display,
                        url is not None and rules.is_bytespike_url(url),
                        client.origin.split(".")[0] in rules.module_settings_readers and (key is None or base is None),
                        id(ctor) in state.assignment_of,
                        url_reads,
                        id(ctor) in in_place or self._helpers_only(ctor),
                        entry is not None and entry.shape == "model-list",
                        key_source=(
                            (self.slot(key.value, scope) or "")
                            if blocker == "dynamic key"
                            and key is not None
                            and isinstance(key.value, (ast.Name, ast.Attribute))
                            else ""
                        ),
                    )
                )

    def _options_blocker(self, ctor: ast.Call, kind: str, keywords: dict[str, ast.keyword], opaque: bool) -> str:
        """Why a constructor's own endpoint and key options keep it where it is: "" (they can move), "dynamic key",
        "dynamic endpoint" or "other endpoint"."""
        state, rules = self.state, self.rules
        base = next((keywords[n] for n in rules.base_url_args if n in keywords), None)
        key = next((keywords[n] for n in rules.api_key_args if n in keywords), None)
        blocker = ""
        if key is not None and not self._key_follows(key.value, state.call_scope.get(id(ctor))):
            blocker = "dynamic key"
        if base is not None:
            url = state.url_value(base.value, ctor)
            if url is None:
                blocker = "dynamic endpoint"
            elif not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
                blocker = "other endpoint"
            elif rules.is_openai_url(url) and rules.swap_base(url) is None:
                blocker = "dynamic endpoint"
        elif opaque:
            url = state.spread_url(ctor, rules.base_url_args)  # `Anthropic(**CLIENT_KWARGS)`
            other = url is not None and not rules.is_openai_url(url) and not rules.is_bytespike_url(url)
            blocker = "other endpoint" if other else "dynamic endpoint"
        if blocker and blocker != "other endpoint" and self._other_provider(base, key):
            blocker = "other endpoint"  # `api_key=os.getenv("OPENROUTER_API_KEY")`: that provider's client
        if kind == "sdk" and any(k in keywords for k in rules.elsewhere_args):
            blocker = "other endpoint"  # `OpenAI(provider=bedrock(…))`: Amazon Bedrock's
        elif kind == "sdk" and any(k in keywords for k in rules.own_auth_args):
            blocker = "dynamic key"  # `OpenAI(workload_identity=…)`: no key to give it
        return blocker

    def _unknown_ids(self) -> None:
        """Strings no table knows (`my-team-model`) where a model is named: a `model=` keyword, the value of a
        `"model"` key, a name or attribute named for a model (`MODEL = …`, `self.model = …`), a parameter named
        for one (`def ask(q, model="…")`). A request they reach cannot move; a dict's other values ('markdown')
        or a `.get`'s keys reach it only through flows that join what is not a model."""
        found: list[ast.expr | None] = []
        for node in self.state.of_type(
            ast.Assign, ast.AnnAssign, ast.Dict, ast.Call, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda
        ):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(_MODEL_NAME.search(_target_name(t)) for t in targets):
                    found += self._given(node.value)
            elif isinstance(node, ast.Dict):
                found += [
                    v
                    for k, v in zip(node.keys, node.values)
                    if isinstance(k, ast.Constant) and k.value in MODEL_KEYWORDS
                ]
            elif isinstance(node, ast.Call):
                names = MODEL_KEYWORDS
                if self.ctor_kinds.get(id(node)) == "framework":
                    # A framework's own model keywords only: dspy.LM's `engine="litellm"` is no model.
                    entry = entry_of(self.state, node, self.state.call_scope.get(id(node), self.state.module_scope))
                    names = frozenset(entry.model) if entry is not None else names
                found += [g for kw in node.keywords if kw.arg in names for g in self._given(kw.value)]
                if isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument":
                    dest = _option_dest(node)  # `parser.add_argument("--model", default="llama3")`
                    if dest is not None and _MODEL_NAME.search(dest):
                        found += [kw.value for kw in node.keywords if kw.arg == "default"]
            else:
                args = node.args
                positional = [*args.posonlyargs, *args.args]
                pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults))
                pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
                found += [d for a, d in pairs if _MODEL_NAME.search(a.arg)]
        for value in found:
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                continue
            text = value.value
            if (
                PROVIDER_NAMED.match(text)
                or self.rules.models.is_foreign_id(text)
                or not self.rules.models.is_unknown_id(text)
            ):
                continue
            self.facts.unknown_ids[f"s|{self.path}|{self._at(value)}"] = (value.lineno, value.col_offset + 1, text)

    def _given(self, value: ast.expr | None) -> list[ast.expr | None]:
        """The values an expression may give as it is written: itself, an environment read's default
        (`os.getenv("MODEL", "llama3")`), either side of `or` and of a conditional."""
        if isinstance(value, ast.Call) and self.state.env_read(value, self.state.module_scope) is not None:
            given: list[ast.expr | None] = [
                *value.args[1:2],
                *(kw.value for kw in value.keywords if kw.arg == "default"),
            ]
            return given
        if isinstance(value, ast.BoolOp):
            return [g for v in value.values for g in self._given(v)]
        if isinstance(value, ast.IfExp):
            return self._given(value.body) + self._given(value.orelse)
        return [value]

    def _helpers_only(self, ctor: ast.Call) -> bool:
        """`client = Anthropic()` in a function that only calls `client.count_tokens(text)` with it: the SDK's
        helpers that send nothing are all it is made for."""
        helpers, state = self.rules.local_helpers, self.state
        statement = state.assignment_of.get(id(ctor)) if helpers else None
        if not (
            isinstance(statement, ast.Assign)
            and statement.value is ctor
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            return False
        name = statement.targets[0].id
        around = [
            f
            for f in state.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
            if f.lineno <= ctor.lineno <= (f.end_lineno or 0)
        ]
        if not around:
            return False  # a module's name: other modules may import it
        body = max(around, key=lambda f: f.lineno)
        helper_reads = {
            id(node.value)
            for node in ast.walk(body)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr in helpers
        }
        reads = [n for n in ast.walk(body) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]
        return bool(reads) and all(id(n) in helper_reads for n in reads)

    def _other_provider(self, *keywords: ast.keyword | None) -> bool:
        """Whether a key or endpoint argument reads another provider's variable (OPENROUTER_API_KEY)."""
        return any(
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and self.rules.other_env.fullmatch(node.value) is not None
            for kw in keywords
            if kw is not None
            for node in ast.walk(kw.value)
        )

    def _key_follows(self, value: ast.expr, scope: Scope | None) -> bool:
        """Whether the constructors rule can give this key argument a ByteSpike key: a read of
        OPENAI_API_KEY or BYTESPIKE_API_KEY (also one assignment away), or a literal (a secret is replaced;
        any other literal is a test's dummy key, left as is)."""
        rules, state = self.rules, self.state
        scope = scope or state.module_scope
        if isinstance(value, ast.Constant):
            return True
        env = state.key_read(value, scope)
        if env is None and isinstance(value, ast.Name):
            owner, assigned = scope.assigned(value.id)
            if len(assigned) == 1 and owner is not None:
                if isinstance(assigned[0], ast.Constant) and isinstance(assigned[0].value, str):
                    # `KEY = "YOUR API KEY"`, one assignment away: a placeholder, as the literal itself (a real
                    # key there would go to ByteSpike: it stays whole).
                    return not rules.holds_real_key(assigned[0].value)
                env = state.key_read(assigned[0], owner)
        if env is None and (attribute := state.class_attribute(value, scope)) is not None:
            env = state.env_read(attribute[1], attribute[0])  # `class Config: KEY = os.getenv(…)`, `Config.KEY`
        return env is not None and env.value in (rules.openai_key_env, rules.key_env)

    def _module_settings(self) -> None:
        state, rules = self.state, self.rules
        settings = state.module_settings
        if not settings:
            return
        verdict = "migratable"
        for node in settings.get("api_type", []):
            if (string_value(node.value) or "").lower().startswith("azure"):
                verdict = "azure"
        for name in rules.base_url_args:
            for node in settings.get(name, []):
                url = string_value(node.value)
                if url is None:
                    verdict = verdict if verdict != "migratable" else "dynamic endpoint"
                elif not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
                    verdict = "other endpoint"
        if verdict == "migratable":
            # `openai.api_key = api_key` (a parameter, a config object): the key the module client would send to
            # ByteSpike is not one the tool can give it. Moved whole or not at all: it stays.
            scopes = {id(node): scope for node, scope in state.assignments}
            for name in rules.api_key_args:
                for node in settings.get(name, []):
                    if not self._key_follows(node.value, scopes.get(id(node))):
                        verdict = "dynamic key"
        if any(settings.get(n) for n in (*rules.base_url_args, *rules.api_key_args)):
            self.facts.module_settings = verdict
        self.facts.module_key_set = any(settings.get(n) for n in rules.api_key_args)

    def _inherited_attributes(self) -> None:
        """A subclass's `self.client` is its base's (`class Embedder(BaseLLM)` calls embeddings on the client
        `BaseLLM.__init__` makes), and its own `model = "gpt-4-turbo"` is what the base's methods read on its
        instances: the attributes of a class of the repository and of its bases flow both ways, by name (into the
        subclass, only what the base's own code gives them)."""
        state = self.state
        for cls in state.tree.body:
            if not isinstance(cls, ast.ClassDef) or not cls.bases:
                continue
            methods = {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
            called = {
                n.func.attr for n in ast.walk(cls) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            }
            attrs = {
                n.attr
                for n in ast.walk(cls)
                if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"
            } | {
                t.id
                for stmt in cls.body
                if isinstance(stmt, (ast.Assign, ast.AnnAssign))
                for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
                if isinstance(t, ast.Name)
            }
            attrs -= methods | called
            own = f"a|{self.module}|{cls.name}|"
            for base in cls.bases:
                slot = self.slot(base, state.module_scope)
                if slot is None or not slot.startswith(("m|", "i|")):
                    continue
                for attr in sorted(attrs):
                    if slot.startswith("m|"):
                        _, module, name = slot.split("|", 2)
                        inherited = f"a|{module}|{name}|{attr}"
                    else:
                        inherited = f"{slot}.{attr}"
                    # The subclass's instances see what the base's own code gives (not what a sibling subclass
                    # does: `self._client` of an OpenAI service and of an Azure one, both of one base, are two
                    # clients); the base's methods see what every subclass gives.
                    self.join([own + attr], [inherited + "#own"])
                    self.facts.edges.append((inherited, own + attr))

    def _method_references(self) -> None:
        """`Wrapper(create=client.chat.completions.create)`, `partial(client.responses.create, …)`: an SDK method
        handed to other code as a value is called there, with models the tool cannot see: the client escapes."""
        for call, scope in self.state.calls:
            for argument in [*call.args, *(kw.value for kw in call.keywords)]:
                path: list[str] = []
                root: ast.expr = argument
                while isinstance(root, ast.Attribute):
                    path.append(root.attr)
                    root = root.value
                if len(path) >= 2 and isinstance(root, ast.Name) and path[-1] in _API_ROOTS:
                    for source in self.sources(root, scope):
                        self.facts.handed_methods.setdefault(source, f"{self.path}:{argument.lineno}")

    def _key_the_program_sets(self, ctor: ast.Call) -> str:
        """Why a client that reads the provider's key from the environment stays, where the program sets that
        variable itself from a value it holds (`os.environ["OPENAI_API_KEY"] = api_key`, typed in by the user)
        last before it: the key it reads is that value, which the tool cannot make a ByteSpike key; "" when not."""
        from migrate_cli.python.env_writes import held_key_write

        variable = self.rules.openai_key_env
        if variable not in self.state.text:
            return ""
        stmt = held_key_write(self.state.tree, variable, ctor.lineno, self.rules.is_real_key)
        if stmt is None:
            return ""
        return (
            f"it reads {variable}, which the program sets itself from a value it holds (line {stmt.lineno}): "
            "the tool cannot make that a ByteSpike key; set it from a ByteSpike key there to move the client"
        )

    def _sdk_paths(self) -> set[int]:
        """The attribute nodes of the calls made on the SDK's module or on a client of it (`openai.chat…`,
        `client.beta.messages…`)."""
        state = self.state
        found: set[int] = set()
        for site in state.call_sites:
            on_module = state.qualname(site.receiver, site.scope) == self.rules.package
            if not on_module and state.client_for(site)[0] is None:
                continue
            node: ast.expr = site.call.func
            while isinstance(node, (ast.Attribute, ast.Call)):
                if isinstance(node, ast.Attribute):
                    found.add(id(node))
                    node = node.value
                else:
                    node = node.func
        return found

    def _set_later(self, client: Client) -> str:
        """Why a client stays whose endpoint or key is set after it is made (`client.base_url = os.getenv(…)`,
        `client.api_key = key`), or that is copied with options of its own (`client.with_options(base_url=…)`):
        a constructor edit would be undone there; "" when neither."""
        if self._later is None:
            self._later = {}
            state, rules = self.state, self.rules
            names = (*rules.base_url_args, *rules.api_key_args)
            for node, scope in state.assignments:
                if not isinstance(node, ast.Assign):
                    continue
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr in names:
                        key = state.receiver_key(target.value, scope)
                        if key is not None and key != ("module",):
                            self._later.setdefault(key, f"`{state.short(target)} = …` (line {node.lineno})")
            for node, scope in state.assignments:
                # `local = base.with_options(base_url=…)`, a copy kept under a name (one made for a request,
                # `client.with_options(api_key=…).chat…`, is that request's own settings).
                call, _ = assignment_parts(node)
                func = call.func if isinstance(call, ast.Call) else None
                if (
                    isinstance(call, ast.Call)
                    and isinstance(func, ast.Attribute)
                    and func.attr in ("with_options", "copy")
                    and any(kw.arg in names for kw in call.keywords)
                ):
                    key = state.receiver_key(func.value, scope)
                    if key is not None:
                        self._later.setdefault(key, f"`{state.short(call, 40)}` (line {call.lineno})")
        where = self._later.get(client.key)
        if where is None:
            return ""
        return (
            f"its endpoint or key is set after it is made, at {where}, which the tool does not change: point "
            "them at ByteSpike there to move it"
        )

    def _mocked_endpoint(self) -> str:
        """Why the clients of a test stay where an HTTP test double of the module answers at the provider's URL
        (`respx.post("https://api.openai.com/v1/chat/completions")`): moved, their requests would miss it; ""
        when no double does."""
        if self._mocked is None:
            self._mocked = ""
            state = self.state
            if "mock" in state.text or "resp" in state.text:
                for call, _ in state.calls:
                    given = [*call.args, *(kw.value for kw in call.keywords)]
                    if _http_double(call) and any(self.rules.is_openai_url(string_value(node) or "") for node in given):
                        self._mocked = (
                            f"its requests are answered by a test double of {PROVIDER}'s endpoint "
                            f"(`{state.short(call.func)}`, line {call.lineno}), which would not see them at ByteSpike"
                        )
                        break
            if not self._mocked and ("vcr" in state.text or "cassette" in state.text):
                self._mocked = self._recorded(state)
        return self._mocked

    def _recorded(self, state: ModuleAnalysis) -> str:
        """A test that replays HTTP cassettes recorded at the provider (`@pytest.mark.vcr`, `vcr.use_cassette(…)`,
        `pytestmark = pytest.mark.vcr`): moved, its requests would not match what was recorded."""
        found: list[ast.expr] = [
            d
            for node in state.of_type(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            for d in node.decorator_list
        ]
        found += [call.func for call, _ in state.calls if getattr(call.func, "attr", "") == "use_cassette"]
        found += [
            node.value
            for node in state.of_type(ast.Assign)
            if any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets)
        ]
        for node in found:
            text = state.segment(node)
            if "vcr" in text or "cassette" in text:
                return (
                    f"its requests are replayed from HTTP cassettes recorded at {PROVIDER} (`{state.short(node)}`, "
                    f"line {node.lineno}), which would not match them at ByteSpike"
                )
        return ""

    def _raw_requests(self) -> None:
        """OpenAI URLs outside SDK configuration feed hand-written HTTP calls that stay on OpenAI."""
        state, rules = self.state, self.rules
        configured: set[int] = set()
        for client in state.clients.values():
            for ctor in client.constructors:
                configured.update(id(kw.value) for kw in ctor.keywords if kw.arg in rules.base_url_args)
        for nodes in state.module_settings.values():
            configured.update(id(n.value) for n in nodes)
        configured |= mocked_strings(state)
        for node in state.code_strings:
            if (
                id(node) not in configured
                and isinstance(node.value, str)
                and rules.names_a_request(node.value)
                and rules.unserved_family(node.value) not in ("embeddings", "audio", "moderations")
            ):  # (an embeddings request takes no chat model: the ids no request takes cannot be its)
                self.facts.raw_requests.append((node.lineno, node.col_offset + 1, node.value))

    def _requests(self) -> None:
        self._raw_requests()
        for site in self.state.call_sites:
            receiver, rest = self._request_receiver(site)
            if receiver is None:
                self._raw_http_request(site)
            else:
                self._sdk_request(site, receiver, rest)
        self._wrapper_models()
        self._framework_requests()

    def _request_receiver(self, site: CallSite) -> tuple[str | None, tuple[str, ...]]:
        """The client slot a call is made on and its path after the client (`chat.completions.create`), or
        (None, ()) where the call is no resource's."""
        state, rules = self.state, self.rules
        resources = rules.module_resources
        path = site.path
        scope = site.scope
        qual = state.qualname(site.receiver, scope)
        receiver: str | None = None
        rest: tuple[str, ...] = ()
        named = qual.split(".") if qual and qual.startswith(rules.package + ".") else []
        if named[1:2] and named[1] in resources and len(named) + len(path) >= 3:
            # `from openai import embeddings; embeddings.create(…)`: the module client's resource, imported by name.
            qual, path = rules.package, (*named[1:], *path)
        if qual == rules.package:
            if path[0] in resources and len(path) >= 2:
                receiver, rest = MODULE_CLIENT, path
                if scope.kind != "module":
                    self.facts.module_client_library = True
        elif self._client_of(site) is not None and (after := self._request_path(site)):
            # A call on a known client (`client.videos.create`): the path after the client, not after the first
            # resource name on the way (instructor's `client.chat.completions.create` on an Anthropic client is
            # no legacy `completions` call); instructor's `client.create(model=…)` too.
            node: ast.expr = site.receiver
            for attr in path[: len(path) - len(after)]:
                node = ast.copy_location(ast.Attribute(value=node, attr=attr, ctx=ast.Load()), site.receiver)
            receiver, rest = self._receiver_slot(node, scope, site.call), after
        else:
            node = site.receiver
            for i in range(len(path)):
                if path[i] in resources and len(path) - i >= 2:
                    receiver = self._receiver_slot(node, scope, site.call)
                    rest = path[i:]
                    break
                node = ast.Attribute(value=node, attr=path[i], ctx=ast.Load())
                ast.copy_location(node, site.receiver)
        return receiver, rest

    def _raw_http_request(self, site: CallSite) -> None:
        """`client.post("/realtime/calls/…")`: the SDK's raw request on a path ByteSpike may not serve."""
        rules = self.rules
        path, scope = site.path, site.scope
        if not (path and path[-1] in ("post", "get", "delete", "patch", "put") and site.call.args):
            return
        route = _route(site.call.args[0])
        if not route:
            return
        node = site.receiver
        for attr in path[:-1]:
            node = ast.copy_location(ast.Attribute(value=node, attr=attr, ctx=ast.Load()), site.receiver)
        receiver, rest = self._receiver_slot(node, scope, site.call), (route, path[-1])
        verdict = rules.apis.classify(rest)
        family = verdict[1] if verdict and verdict[0] == "unsupported" else ("" if route in SERVED_ROUTES else route)
        self.facts.requests.append(
            Request(site.call.lineno, site.call.col_offset + 1, receiver, f"{path[-1]} /{route}", family, (), True)
        )

    def _sdk_request(self, site: CallSite, receiver: str, rest: tuple[str, ...]) -> None:
        """The request an SDK call on a client slot makes."""
        state, rules = self.state, self.rules
        scope = site.scope
        if receiver != MODULE_CLIENT and self._client_of(site) is None and built_by_another_package(state, site):
            return  # `genai.Client(…).models.generate_content(…)`: another package's call, no request
        known = receiver != MODULE_CLIENT and self._client_of(site) is not None
        verdict = rules.apis.on_client(rest) if known else rules.apis.classify(rest)
        family = verdict[1] if verdict and verdict[0] == "unsupported" else ""
        tool = "" if family else hosted_tool(site.call, rules, state.tree)
        family = family or tool or state.stored_family(site.call)
        keywords = {kw.arg for kw in site.call.keywords}
        own = next((k for k in (*rules.api_key_args, *rules.base_url_args) if k in keywords), "")
        own = own or _with_options(site.call, rules)
        sources = self._model_sources(site.call, scope, positional=False)
        if not sources and rest and rest[0].lower() in ("images", "image") and not family:
            # No model: the SDK's default (dall-e-2), which ByteSpike does not serve.
            sources = [self._unknown(site.call, "the provider's default image model (no `model` given)", True)]
        text = state.short(site.receiver).lower()
        plausible = (
            receiver == MODULE_CLIENT
            or receiver.startswith("c|")
            or len(rest) >= 3
            or bool(family)
            or "model" in keywords
            or "client" in text
            or "openai" in text
        )
        self.facts.requests.append(
            Request(
                site.call.lineno,
                site.call.col_offset + 1,
                receiver,
                ".".join(rest) + (f" with {hosted_tool_name(site.call, rules, tool, state.tree)}" if tool else ""),
                family,
                tuple(sources),
                plausible,
                own_settings=own,
                tools=() if family else self._tool_sources(site.call, scope),
                stored=(
                    verdict[1]
                    if verdict and verdict[0] == "unverified"
                    # `previous_response_id=first.id`: a response kept on the server it continues
                    else next((rules.unverified_arguments[k] for k in keywords if k in rules.unverified_arguments), "")
                ),
                # (read for a module that does not import the SDK only: `_Resolver._unsupported_elsewhere`)
                like_the_sdk=bool(family)
                and not state.imports_sdk
                and self._client_of(site) is None
                and looks_like_the_sdk(state, site) is not None,
            )
        )

    def _framework_requests(self) -> None:
        """The requests a framework's object makes (ChatOpenAI, CrewAI's Agent, …), each as its own client."""
        state, rules = self.state, self.rules
        for call, scope in state.calls:
            name = self._framework(call, scope)
            if name is None:
                continue
            # A framework class migrated like the SDK's (ChatOpenAI) makes its requests as its own client.
            entry = entry_of(state, call, scope)
            sources = self._model_sources(call, scope, positional=True)
            if entry is not None:  # its own model keywords (LiteLLM's Router: `model_list`)
                sources += [
                    s
                    for kw in call.keywords
                    if kw.arg in entry.model and kw.arg not in MODEL_KEYWORDS
                    for s in self.sources(kw.value, scope)
                ]
            if self.ctor_kinds.get(id(call)) == "lookalike":
                # `h = OpenAIHandler()`, a class named like the SDK's: the model ids of its calls stay as they
                # are (python/client_analysis.py), so wherever else they go (the repository's own class,
                # followed by the flow) stays with them.
                sources += [
                    s
                    for site in state.call_sites
                    if (made := self._client_of(site)) is not None and any(c is call for c in made.constructors)
                    # (a method about models takes its model first: `OpenAIProvider().get_model(MODEL_NAME)`)
                    for s in self._model_sources(
                        site.call, site.scope, positional=bool(site.path) and bool(_MODEL_NAME.search(site.path[-1]))
                    )
                ]
                # Its own arguments too (agno's `OpenAIChat(id="gpt-4o")`): they stay with it, whatever their
                # keyword, and reach its `__init__` where the class is the repository's (`_call`).
                sources += [s for _, s in self._arguments(call, scope) if s.startswith("l|")]
                # and what a keyword named for its model is given (`OpenAIChat(id=MODEL)`), wherever it comes from.
                sources += [
                    s
                    for kw in call.keywords
                    if kw.arg is not None and (kw.arg == "id" or _MODEL_NAME.search(kw.arg))
                    for s in self.sources(kw.value, scope)
                ]
            implicit = self._implicit(name)
            reads: tuple[str, ...] = ()
            given = _keyword_value(call, implicit.unless) if implicit is not None else None
            if given is not None:  # CrewAI's `Agent(llm="gpt-4o")`: the id, with OpenAI's key and endpoint
                sources += self.sources(given, scope)
            elif implicit is not None:  # CrewAI's Agent with no `llm`: its model is OPENAI_MODEL_NAME's
                sources += [f"e|{variable}" for variable in implicit.variables]
                reads = implicit.url_variables
            self.facts.requests.append(
                Request(
                    call.lineno,
                    call.col_offset + 1,
                    self.ctor_slots.get(id(call)),
                    name,
                    request_family(entry, rules) if entry is not None else "",
                    tuple(sources),
                    reads=reads,
                )
            )

    def _request_path(self, site: CallSite) -> tuple[str, ...]:
        """The path of a call after the known client it is made on, when it is a request: two steps or more
        (`chat.completions.create`), or one given a model (instructor's `client.create(model=…)`)."""
        _, after = self.state.client_for(site)
        if len(after) >= 2 or (len(after) == 1 and any(kw.arg in MODEL_KEYWORDS for kw in site.call.keywords)):
            return after
        return ()

    def _wrapper_models(self) -> None:
        """A client wrapper given a default model (`instructor.from_openai(OpenAI(), model="gpt-4o")`) sends it with
        every request made through it that names none: a request of the wrapped client, with that model."""
        for call, scope in self.state.calls:
            wrapped = self.state.wrapped_client(call, scope)
            model = [kw.value for kw in call.keywords if kw.arg in MODEL_KEYWORDS]
            if wrapped is None or not model:
                continue
            receiver = next(iter(self.sources(wrapped, scope)), None)
            if receiver is None:
                continue
            self.facts.requests.append(
                Request(
                    call.lineno,
                    call.col_offset + 1,
                    receiver,
                    "chat.completions.create",
                    "",
                    tuple(s for value in model for s in self.sources(value, scope)),
                )
            )

    def _package_tables(self) -> None:
        """`litellm.model_cost[MODEL]`, `litellm.model_cost.get(MODEL)`: a package's table of models looked up by
        the id (a model lookup of the rules), which has no entry for a ByteSpike id: KeyError at import."""
        # (the name a lookup is written with: `model_cost`, `supports_…`, `openai_info` for `openai_info.*`)
        names = {
            next((p.rstrip("*") for p in reversed(entry.split(".")) if p.rstrip("*")), entry)
            for entry in self.rules.model_lookups
        }
        if not any(name in self.state.text for name in names):
            return
        for node in self.state.of_type(ast.Subscript, ast.Call):
            scope = self._scope_of_node(node) if isinstance(node, ast.Subscript) else None
            if isinstance(node, ast.Subscript):
                table, key = node.value, node.slice
            elif isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "__getitem__") and node.args:
                table, key = node.func.value, node.args[0]
                scope = self.state.call_scope.get(id(node))
            else:
                continue
            if scope is None or isinstance(key, ast.Slice):
                continue
            qual = self.state.qualname(table, scope)
            if qual is None or not self.rules.looks_up_models(qual):
                continue
            sources = self.sources(key, scope)
            if sources:
                call = self.state.short(node, 50)
                self.facts.sinks.append(Sink(node.lineno, node.col_offset + 1, call, "", tuple(sources)))

    def _sinks(self, requests: set[tuple[int, int]]) -> None:
        """Calls that hand a model to code the analysis does not follow (`agent.run_stream(p, model=m)` on a
        library's object, `generate(model=M)` from a library): where the model goes from there, the tool
        cannot tell. The resolution decides whether the callee is the repository's (`callee`)."""
        for call, scope in self.state.calls:
            if id(call) in self.ctor_slots or (call.lineno, call.col_offset + 1) in requests:
                continue
            if not self._hands_on(call, scope):
                continue  # `dict(model=m)`, `params.get("model", m)`: a value, not a hand-off
            # (`PromptNode(model_name_or_path="gpt-4o")`, `AzureChatCompletion(deployment_name="gpt-4o")`: a model by
            # another name, which that package sends where it sends it)
            model = [kw.value for kw in call.keywords if kw.arg in MODEL_KEYWORDS or _MODEL_KEYWORD.match(kw.arg or "")]
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            qual = self.state.qualname(func, scope) if self.rules.may_look_up_models(name) else None
            lookup = self.rules.looks_up_models(qual)
            if lookup and not model:
                model = call.args[:1]  # `supports_function_calling(MODEL)`: its table has no ByteSpike id
                # `completion_cost(completion_response=resp)` of `resp = completion(model=M, …)`: the answer's model
                # is looked up (LiteLLM raises for a ByteSpike id after the request was answered).
                answer = next((kw.value for kw in call.keywords if kw.arg == "completion_response"), None)
                model = self._answered_model(answer, scope) if answer is not None else model
            if not model:
                # `requests.post(url, json={"model": MODEL, …})`, `httpx.post(…, json=payload)`: a request body.
                model = [kw.value for kw in call.keywords if kw.arg == "json" and _names_a_model(kw.value, scope)]
            if not model and not self._keeps_a_record(call, scope):
                # `ChatModel(params={"model": M})`, `Agent(fallbacks=[{"model": M}])`: a model inside what is handed on
                # (not a record written: `json.dump({"model": M, …}, f)`, `tracker.log({…})`).
                model = [m for a in (*call.args, *(kw.value for kw in call.keywords)) for m in _model_values(a, scope)]
            if not model:
                # `make_llm("gpt-4o", client=kept)`: an id written as an argument of another package's function;
                # `llm_factory(model, **kwargs)`: a model handed on beside the client the dict holds.
                # (a name that says it is a model: `create_model(name, **fields)`, pydantic's, hands on none).
                spread = any(kw.arg is None or "client" in kw.arg for kw in call.keywords)
                model = [
                    a
                    for a in call.args
                    if (isinstance(a, ast.Constant) and self._is_model(str(a.value)))
                    or (spread and _MODEL_NAME.search(a.id if isinstance(a, ast.Name) else getattr(a, "attr", "")))
                ]
            if not model:
                continue
            qual = qual or self.state.qualname(func, scope)
            if (
                _NOT_REQUESTS.search(name)
                and not lookup
                and not (
                    # `tiktoken.encoding_for_model("gpt-4o")`: no request, but a package's tokenizer, which may not know
                    # ByteSpike's ids (tiktoken before GPT-5 raises for them): an id written in the call stays, as
                    # TypeScript's `encodingForModel("gpt-4o")` does.
                    TOKENIZERS.search(name)
                    and all(isinstance(v, ast.Constant) for v in model)
                    and another_package(self.state, qual)
                )
            ):
                continue
            if qual is not None and qual.split(".")[0] == self.rules.package:
                continue  # the SDK's own types (`ChatCompletionChunk(model=…)`): an answer built, no request
            callee = self.slot(func, scope)
            typed = self._method_callee(func, callee, scope)  # a method of a known class (the resolution says whose)
            if typed is not None:
                callee = typed
            elif callee is None:
                callee = f"r|{name}" if isinstance(func, ast.Attribute) else ""
            sources = [s for value in model for s in self.sources(value, scope)]
            clients = self._handed_beside(call, callee, scope)
            if sources:
                self.facts.sinks.append(
                    Sink(call.lineno, call.col_offset + 1, self.state.short(call, 50), callee, tuple(sources), clients)
                )

    def _answered_model(self, answer: ast.expr, scope: Scope) -> list[ast.expr]:
        """The model of the request whose answer `answer` names (`resp` of `resp = completion(model=M, …)`)."""
        values = scope.assigned(answer.id)[1] if isinstance(answer, ast.Name) else []
        value = values[0] if len(values) == 1 else None
        while isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return []
        return [kw.value for kw in value.keywords if kw.arg in MODEL_KEYWORDS]

    def _handed_beside(self, sink: ast.Call, callee: str, scope: Scope) -> tuple[tuple[str, str], ...]:
        """(callee, value) for the names a sink's call is given as a client (`client=c`) and, in a function, for
        the names the function hands to other calls that hand them on (`instructor.from_openai(client)`)."""
        found = [
            (callee, slot)
            for kw in sink.keywords
            if kw.arg is not None and "client" in kw.arg and isinstance(kw.value, (ast.Name, ast.Attribute))
            for slot in [self._receiver_slot(kw.value, scope, sink)]
            if slot is not None
        ]
        if scope.kind != "function":
            return tuple(found)
        if self._calls_by_scope is None:
            self._calls_by_scope = defaultdict(list)
            for call, where in self.state.calls:
                self._calls_by_scope[id(where)].append((call, where))
        for call, where in self._calls_by_scope[id(scope)]:
            if call is sink or not self._hands_on(call, where):
                continue
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            other = self.slot(func, where) or (f"r|{name}" if isinstance(func, ast.Attribute) else "")
            values = [*call.args, *(kw.value for kw in call.keywords)]
            found += [
                (other, slot)
                for value in values
                if isinstance(value, ast.Name)
                for slot in [self.slot(value, where)]
                if slot is not None
            ]
        return tuple(found)

    def _hands_on(self, call: ast.Call, scope: Scope) -> bool:
        """Whether a call hands its arguments on to code that may make requests with them, rather than giving
        a value back from them (`os.getenv("M", "gpt-4o")`, `d.get(k, "gpt-4o")`, `str(m)`, `print(m)`)."""
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        return not (
            _http_double(call)  # an HTTP test double's canned answer
            or name in _GIVES_BACK
            or name in _CONTAINERS
            or name in _CLI_OPTIONS
            or name in _MOCKS
            or self.state.env_read(call, scope) is not None
        )

    def _receiver_slot(self, node: ast.expr, scope: Scope, at: ast.AST | None = None) -> str | None:
        if isinstance(node, ast.Call):
            made = self._call_sources(node, scope)
            return made[0] if made else f"x|{self.path}|{self._at(node)}"
        if isinstance(node, ast.Name) and at is not None:
            binding = self._dominating_client(node.id, scope, at)
            if binding is not None:
                return binding
        found = self.slot(node, scope)
        if found is None:
            return f"x|{self.path}|{self._at(node)}"  # a receiver the tool cannot name: a group of its own
        return found

    def _tool_sources(self, call: ast.Call, scope: Scope) -> tuple[str, ...]:
        """Where a request's `tools=` come from when it is not a list written in the call (the resolution looks
        there for hosted tools built in another module)."""
        value = _keyword_value(call, "tools")
        if value is None or isinstance(value, (ast.List, ast.Tuple)):
            return ()
        return tuple(self.sources(value, scope))

    def _model_sources(self, call: ast.Call, scope: Scope, *, positional: bool) -> list[str]:
        found: list[str] = []
        # `create(model=MODEL, **args)`: Python refuses a second `model`, so the spread holds none.
        named = any(keyword.arg in MODEL_KEYWORDS for keyword in call.keywords)
        for keyword in call.keywords:
            if (keyword.arg is None and not named) or keyword.arg in MODEL_KEYWORDS:
                found += self.sources(keyword.value, scope)
            elif keyword.arg in ("requests", "params", "body", "extra_body"):
                # Requests inside a request (`batches.create(requests=[{"params": {"model": M, …}}])`), also
                # built beforehand in a variable (`requests=batch_requests`).
                values = [keyword.value]
                if isinstance(keyword.value, ast.Name):
                    values += scope.assigned(keyword.value.id)[1]
                    values += self._appended(keyword.value.id, scope)
                given = len(found)
                for node in (n for value in values for n in ast.walk(value)):
                    if isinstance(node, ast.Dict):
                        for key, value in zip(node.keys, node.values):
                            if string_value(key) in MODEL_KEYWORDS:
                                found += self.sources(value, scope)
                if keyword.arg == "requests" and len(found) == given:
                    if isinstance(keyword.value, ast.Name) and len(values) == 1:
                        # `def batch(requests): …create(requests=requests)`: what its callers give.
                        found += self.sources(keyword.value, scope)
                    elif not all(_written_out(v) for v in values if v is not keyword.value or len(values) == 1):
                        # `requests=[json.loads(line) for line in f]`: requests whose models the tool cannot see
                        # (read from a file, built elsewhere) are a model from outside.
                        what = f"the requests `{self.state.short(keyword.value, 40)}`"
                        found.append(self._unknown(keyword.value, what, True))
        if positional and call.args:
            found += self.sources(call.args[0], scope)
        return found

    def _appended(self, name: str, scope: Scope) -> list[ast.expr]:
        """What `name.append(x)`, `.extend(xs)` or `.insert(i, x)` add to the list `name` holds, where the same
        binding is meant (a batch of requests built in a loop)."""
        owner, _ = scope.lookup(name)
        return [
            argument
            for call, where in self.state.calls
            if (grown := _grown(call)) is not None
            and isinstance(grown[0], ast.Name)
            and grown[0].id == name
            and where.lookup(name)[0] is owner
            for argument in grown[1]
        ]

    def _model_string(self, node: ast.expr, scope: Scope) -> bool:
        """A model id rather than a model object: a string, an environment read, or a name assigned a string;
        a constant of another module (`from app.settings import MODEL`, `settings.CHAT_MODEL`: an upper-case
        name, which a model object's rarely is) is taken for one too, so that it stays with what reads it."""
        if isinstance(node, ast.Name):
            _, assigned = scope.assigned(node.id)
            if len(assigned) == 1:
                node = assigned[0]
            elif not assigned and node.id.isupper():
                return True
        if isinstance(node, ast.Attribute) and node.attr.isupper():
            return True
        return (
            isinstance(node, ast.JoinedStr)
            or string_value(node) is not None
            or self.state.env_read(node, scope) is not None
        )

    def _implicit(self, qual: str) -> ImplicitModel | None:
        parts = qual.split(".")
        return self.rules.framework_implicit.get((parts[0], parts[-1]))

    def _framework(self, call: ast.Call, scope: Scope) -> str | None:
        """A framework call that names a model and reaches OpenAI through its own settings."""
        qual = self.state.qualname(framework_callee(call), scope)
        if qual is None:
            return None
        parts = qual.split(".")
        entry = self.rules.framework_entries.get((parts[0], parts[-1]))
        if entry is not None and not is_request(entry, call):
            return None  # `Agent(OpenAIChatModel(…))`: the model object is the request
        implicit = self._implicit(qual)
        if implicit is not None:
            # An object that reads its model from the environment unless it is given one; given a model id
            # rather than a model object (`llm="gpt-4o"`), it makes the request itself.
            given = _keyword_value(call, implicit.unless)
            return qual if given is None or self._model_string(given, scope) else None
        if entry is not None or (parts[0], parts[-1]) in self.rules.framework_requests:
            return qual
        if qual in self.rules.framework_exact_requests:
            return qual
        kind = self.state.constructor_kind(call, scope)
        if kind is not None and kind[0] == "lookalike":
            return qual
        return None


def _grown(call: ast.Call) -> tuple[ast.expr, list[ast.expr]] | None:
    """(the container, what it is given) for `items.append(x)`, `.extend(xs)`, `.insert(i, x)`, and a mapping's
    `params.update(body)` / `.update(model=m)`, on a name or an attribute; None for any other call."""
    func = call.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr in ("append", "extend", "insert", "update")
        and isinstance(func.value, (ast.Name, ast.Attribute))
    ):
        return None
    if func.attr == "update":
        return func.value, [*call.args, *(k.value for k in call.keywords if k.arg is None or k.arg in MODEL_KEYWORDS)]
    return func.value, call.args[1:] if func.attr == "insert" else call.args


# Functions that read a configuration file's text or stream into values.
_CONFIG_LOADERS = frozenset(
    {
        "json.load",
        "json.loads",
        "yaml.safe_load",
        "yaml.load",
        "yaml.full_load",
        "tomllib.load",
        "tomllib.loads",
        "tomli.load",
        "tomli.loads",
        "toml.load",
        "toml.loads",
    }
)
_CONFIG_SUFFIXES = (".json", ".yaml", ".yml", ".toml")
_LOADER_NAMES = frozenset(name.rsplit(".", 1)[1] for name in _CONFIG_LOADERS)
# Calls given a model that send no request with it: token counting, pricing, logging.
_MODEL_NAME = re.compile(r"(?i)model|llm")


def _target_name(target: ast.expr) -> str:
    """`MODEL`, `self.model`, `cfg["model"]`: the name an assignment gives its value."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant):
        return str(target.slice.value)
    return ""


TOKENIZERS = re.compile(r"token|encod", re.IGNORECASE)
_NOT_REQUESTS = re.compile(
    r"token|encod|count|cost|price|log|print|format|limit|window|info|valid|check|get$", re.IGNORECASE
)
# Names that are no model even unbound (builtins): `None`-like values a request may be given.
_BUILTIN_VALUES = frozenset({"None", "True", "False", "NotImplemented", "Ellipsis"})
_CONTAINERS = frozenset(
    {"str", "dict", "list", "tuple", "set", "frozenset", "sorted", "reversed", "next", "iter", "min", "max"}
)
# `parser.parse_args()` and friends: a namespace whose attributes are the command-line options.
_CLI_NAMESPACES = frozenset({"parse_args", "parse_known_args", "parse_intermixed_args"})
# typer's and click's options and arguments: their value is the default unless the user passes one.
# Keywords whose strings label a run for a dashboard or a tracker, whatever they look like.
LABEL_KEYWORDS = frozenset({"tags", "labels", "trace_name", "run_name", "session_tags", "name"})
_CLI_OPTIONS = frozenset({"Option", "Argument", "option", "argument"})
# A class's field declared with its default (dataclasses, pydantic, attrs, SQLModel, msgspec).
_FIELD_DECLARATIONS = frozenset({"field", "Field", "ib", "attrib"})
_FIELD_PACKAGES = frozenset({"dataclasses", "pydantic", "attr", "attrs", "sqlmodel", "msgspec", "pydantic_settings"})
# Test doubles: what they are called on is no request.
_MOCKS = frozenset({"MagicMock", "Mock", "AsyncMock", "NonCallableMock", "create_autospec"})
_PATCHERS = frozenset(
    f"{base}.{name}" for base in ("unittest.mock", "mock") for name in ("patch", "patch.object", "patch.multiple")
)
# Decorators that leave a function's callers as they are: any other decorator (a route, a task, a tool) hands
# the function to a framework, which calls it with values from outside the repository.
_PLAIN_DECORATORS = frozenset(
    {
        "staticmethod",
        "classmethod",
        "property",
        "cache",
        "lru_cache",
        "cached_property",
        "wraps",
        "abstractmethod",
        "override",
        "overload",
        "setter",
        "getter",
        "deleter",
        "contextmanager",
        "asynccontextmanager",
        "dataclass",
        "total_ordering",
    }
)


def _with_options(call: ast.Call, rules: Ruleset) -> str:
    """The key or endpoint a request sets for itself through `client.with_options(api_key=…)` on its way."""
    node: ast.expr = call.func
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute) and node.func.attr == "with_options":
                given = {kw.arg for kw in node.keywords}
                found = next((k for k in (*rules.api_key_args, *rules.base_url_args) if k in given), "")
                if found:
                    return found
            node = node.func
        else:
            node = node.value
    return ""


_PYTEST_DECORATORS = frozenset({"fixture", "parametrize", "usefixtures", "asyncio", "skip", "skipif", "xfail"})


def _fixture_name(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The name a pytest fixture is requested by (`@pytest.fixture(name="client")`, else the function's), or
    None for a function that is no fixture."""
    for decorator in node.decorator_list:
        if _decorator_name(decorator) == "fixture":
            if isinstance(decorator, ast.Call):
                named = next((string_value(k.value) for k in decorator.keywords if k.arg == "name"), None)
                if named:
                    return named
            return node.name
    return None


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, not those of the functions and classes defined in it."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        child = stack.pop()
        yield child
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(child))


def _decorator_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _option_dest(call: ast.Call) -> str | None:
    """The attribute (argparse) or parameter (click) a command-line option fills: `--grader-model` ->
    `grader_model`; an explicit `dest=` or a bare parameter name wins."""
    dest = string_value(_keyword_value(call, "dest"))
    if dest:
        return dest
    names = [string_value(a) for a in call.args]
    plain = [n for n in names if n and not n.startswith("-") and n.isidentifier()]
    if plain:
        return plain[0]
    long = [n for n in names if n and n.startswith("--")]
    short = [n for n in names if n and n.startswith("-")]
    chosen = long[0] if long else short[0] if short else None
    return chosen.lstrip("-").replace("-", "_") if chosen else None


# The first attribute of an SDK client's API paths (`client.chat.completions.create`).
_API_ROOTS = frozenset(
    {"chat", "responses", "completions", "messages", "beta", "embeddings", "images", "audio", "files", "batches"}
)
# Calls that give a value back from their arguments, or print them: not a hand-off of a model.
_GIVES_BACK = frozenset(
    {
        "get", "setdefault", "pop", "getenv", "append", "extend", "add", "insert", "remove", "index", "count",
        "format", "join", "replace", "print", "debug", "info", "warning", "error", "exception", "log", "write", "echo",
        "isinstance", "len", "Literal", "cast", "parametrize", "param", "field", "Field",
    }
)  # fmt: skip


# HTTP test doubles (docs/design.md: not requests): `respx.post(url)`, `responses.add(responses.POST, url)`,
# `httpx_mock.add_response(url=…)`, `requests_mock.post(url)`, `aioresponses().post(url)`.
_HTTP_DOUBLES = frozenset({"respx", "responses", "httpx_mock", "requests_mock", "aioresponses", "mocked", "rsps"})
_HTTP_DOUBLE_METHODS = frozenset({"add_response", "add_callback", "register_uri", "add_passthru"})


def mocked_strings(state: ModuleAnalysis) -> set[int]:
    """The ids of the strings given to an HTTP test double: the URL it fakes is not a request."""
    found: set[int] = set()
    for call, _ in state.calls:
        if _http_double(call):
            found.update(id(node) for node in ast.walk(call) if isinstance(node, ast.Constant))
    return found


def _http_double(call: ast.Call) -> bool:
    """`respx.post(…)`, `responses.add(…)`, `httpx_mock.add_response(…)`, `aioresponses().post(…)`."""
    root: ast.expr = call.func
    while isinstance(root, (ast.Attribute, ast.Call)):
        root = root.value if isinstance(root, ast.Attribute) else root.func
    name = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    return (isinstance(root, ast.Name) and root.id in _HTTP_DOUBLES) or name in _HTTP_DOUBLE_METHODS


def _names_a_model(value: ast.expr, scope: Scope) -> bool:
    """Whether a request body is a dict with a `model` key: written there, or assigned to the name given."""
    if isinstance(value, ast.Name):
        _, assigned = scope.assigned(value.id)
        return any(_names_a_model(v, scope) for v in assigned if not isinstance(v, ast.Name))
    return isinstance(value, ast.Dict) and any(string_value(k) in MODEL_KEYWORDS for k in value.keys if k is not None)


def _model_values(value: ast.expr, scope: Scope, depth: int = 0) -> list[ast.expr]:
    """The values of the `model` keys of the dicts in a dict or list literal, at any depth, or in the one such
    literal assigned to the name given: `{"params": {"model": M}}` gives M."""
    if depth > 6:
        return []
    if isinstance(value, ast.Name) and depth == 0:
        _, assigned = scope.assigned(value.id)
        return [m for v in assigned if not isinstance(v, ast.Name) for m in _model_values(v, scope, depth + 1)]
    if isinstance(value, ast.Dict):
        # (`envs={"CODEX_MODEL": MODEL}`: a variable a program in a sandbox reads its model from)
        found = [
            v
            for k, v in zip(value.keys, value.values)
            if k is not None and ((key := string_value(k)) in MODEL_KEYWORDS or _ENV_MODEL.search(key or ""))
        ]
        return found or [m for v in value.values for m in _model_values(v, scope, depth + 1)]
    if isinstance(value, (ast.List, ast.Tuple)):
        # `["codex", "exec", "--model", MODEL]`: a command line's model option
        options = [
            value.elts[i + 1]
            for i, e in enumerate(value.elts[:-1])
            if string_value(e) in ("--model", "-m", "--model-name")
        ]
        return options + [m for e in value.elts for m in _model_values(e, scope, depth + 1)]
    return []


_ENV_MODEL = re.compile(r"^[A-Z][A-Z0-9_]*_MODEL(?:_NAME|_ID)?$|^MODEL(?:_NAME|_ID)?$")


def _written_out(value: ast.expr) -> bool:
    """A list of requests written whole in the code (`[]`, `[{"custom_id": …, "params": {…}}]`): what models it
    holds, the walk over it has seen."""
    if isinstance(value, (ast.List, ast.Tuple)):
        return all(isinstance(e, ast.Dict) for e in value.elts)
    return isinstance(value, ast.Dict)


def _env_prefix(cls: ast.ClassDef) -> str:
    """A pydantic-settings class's `env_prefix`: `model_config = SettingsConfigDict(env_prefix="APP_")` (or a dict),
    or pydantic v1's `class Config: env_prefix = "APP_"`."""
    for statement in cls.body:
        if isinstance(statement, ast.ClassDef) and statement.name == "Config":
            for inner in statement.body:
                value_node, targets = (
                    assignment_parts(inner) if isinstance(inner, (ast.Assign, ast.AnnAssign)) else (None, [])
                )
                if any(isinstance(t, ast.Name) and t.id == "env_prefix" for t in targets):
                    return string_value(value_node) or "" if value_node is not None else ""
            continue
        if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
            continue
        value_node, targets = assignment_parts(statement)
        if not any(isinstance(t, ast.Name) and t.id == "model_config" for t in targets):
            continue
        if isinstance(value_node, ast.Call):
            given = _keyword_value(value_node, "env_prefix")
            return (string_value(given) or "") if given is not None else ""
        if isinstance(value_node, ast.Dict):
            for key, item in zip(value_node.keys, value_node.values):
                if key is not None and string_value(key) == "env_prefix":
                    return string_value(item) or ""
    return ""


def _keyword_value(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def references_file(call: ast.Call, tree: ast.Module | None = None) -> bool:
    """Whether a request's content points at a file stored on the provider: OpenAI's `{"type": "input_file",
    "file_id": …}`, Anthropic's `{"type": "document", "source": {"type": "file", "file_id": …}}`, written in the
    request or built by a function of the module (`tree`) it calls there (`file_part(file_id)`). Such a request
    needs the Files API's storage, which ByteSpike does not have."""
    functions = _module_functions(tree) if tree is not None else {}
    for keyword in call.keywords:
        if keyword.arg in ("messages", "input", "content", "requests"):
            for node in ast.walk(keyword.value):
                if _names_a_file(node) or (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in functions
                    and any(_names_a_file(inner) for inner in ast.walk(functions[node.func.id]))
                ):
                    return True
    return False


def _names_a_file(node: ast.AST) -> bool:
    """`{"file_id": …}`, `dict(type="input_file", file_id=…)`."""
    if isinstance(node, ast.Dict):
        return any(string_value(k) == "file_id" for k in node.keys)
    return isinstance(node, ast.Call) and any(kw.arg == "file_id" for kw in node.keywords)


def _module_functions(tree: ast.Module) -> dict[str, ast.AST]:
    """The module's top-level functions by name, read once a module."""
    found = getattr(tree, "_functions", None)
    if found is None:
        found = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        tree._functions = found  # type: ignore[attr-defined]
    return found


def key_clashes(keys: list[str | None], mapped: list[str | None]) -> set[int]:
    """The positions of a dict's keys (None: not a string) that would be one key once mapped (`mapped`: each key's
    id, None where it keeps its own)."""
    seen: dict[str, int] = {}
    clashes: set[int] = set()
    for i, key in enumerate(m if m is not None else k for k, m in zip(keys, mapped)):
        if key is None:
            continue
        if key in seen:
            clashes.update((seen[key], i))
        seen.setdefault(key, i)
    return clashes


def substring_test(compare: ast.Compare, module_scope: Scope) -> str | None:
    """`"gpt-5" in self.model`: the string a comparison tests as a substring; None when it is none, or when the right
    side is a collection (`"gpt-4o" in SUPPORTED`, a membership test)."""
    if not isinstance(compare.ops[0], (ast.In, ast.NotIn)):
        return None
    value = string_value(compare.left)
    right = compare.comparators[0]
    if value is None or isinstance(right, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
        return None
    if isinstance(right, ast.Name):
        _, assigned = module_scope.assigned(right.id)
        if assigned and all(isinstance(a, (ast.List, ast.Tuple, ast.Set, ast.Dict)) for a in assigned):
            return None
    return value


def hosted_tool(call: ast.Call, rules: Ruleset, tree: ast.Module | None = None) -> str:
    """The unsupported family of a hosted tool the call asks for (`tools=[{"type": "file_search", …}]`), or
    "files" for content that references a stored file. `tools` given by a name, a call or `**params`
    (`tools=TOOLS`, `tools=get_tools()`): the hosted tools of the whole module (`tree`), where they are built."""
    if references_file(call, tree):
        return "files"
    for keyword in call.keywords:
        if keyword.arg == "tools" and isinstance(keyword.value, (ast.List, ast.Tuple)):
            for element in keyword.value.elts:
                family = _tool_family(element, rules) if isinstance(element, ast.Dict) else ""
                if family:
                    return family
        elif tree is not None and keyword.arg in ("tools", None):
            family = module_hosted_tools(tree, rules)
            if family:
                return family
    return ""


def _tool_family(node: ast.Dict, rules: Ruleset) -> str:
    for key, value in zip(node.keys, node.values):
        if string_value(key) == "type" and isinstance(value, ast.Constant) and value.value in rules.unsupported_tools:
            return rules.unsupported_tools[value.value]
    return ""


def module_hosted_tools(tree: ast.Module, rules: Ruleset) -> str:
    """The family of the first hosted tool of the rules anywhere in a module (`{"type": "file_search"}`),
    "" for none; looked for once a module."""
    found = getattr(tree, "_hosted_tools", None)
    if found is None:
        found = next(
            (f for node in ast.walk(tree) if isinstance(node, ast.Dict) and (f := _tool_family(node, rules))), ""
        )
        tree._hosted_tools = found  # type: ignore[attr-defined]
    return found


def hosted_tool_name(call: ast.Call, rules: Ruleset, family: str, tree: ast.Module | None = None) -> str:
    """The hosted tool (`file_search`) behind the family hosted_tool gave the call, for messages; "a stored
    file"."""
    if family == "files" and references_file(call, tree):
        return "a stored file"
    if family == "stored-completions" and any(kw.arg == "store" for kw in call.keywords):
        return "store=True, read back by the stored-completions API"
    tool = next((tool for tool, f in rules.unsupported_tools.items() if f == family), family)
    return f"its {tool} tool"


def _route(node: ast.expr) -> str:
    """The first segment of a literal API path: "/realtime/calls/{id}/accept" -> "realtime"."""
    text = None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        text = str(node.values[0].value)
    if not text or not text.startswith("/"):
        return ""
    parts = [p for p in text.split("/") if p]
    if parts and parts[0] == "v1":
        parts = parts[1:]
    return parts[0] if parts and parts[0].replace("_", "").isalpha() else ""


def extract(state: ModuleAnalysis, path: str) -> ModuleFacts:
    return _Extractor(state, path).run()
