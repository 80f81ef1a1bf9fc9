"""The repository-wide resolution (docs/design.md): every request gets a target, and what moves, moves whole.

Input: the facts of every module (flow.ModuleFacts: Python, notebooks, and the data files TypeScript reads)
and the model ids the configuration files would map. Output: a `FilePlan` per file that holds back what must
not change there — constructors of clients that stay, model-id literals that reach requests that stay, the
module client's verdict — and the findings that say why. The rules then rewrite each file under its plan; a
file whose plan holds nothing back keeps the result of its first pass.

`resolve` runs small phases in order, each a method of `_Resolver` over the state the earlier ones left:

1. Clients (`_client_flows`, `_client_groups`): a request's client is every constructor whose value can reach
   its receiver (flows go one way); constructors a request can reach together are one group. The openai
   module's client is one per program (`_programs`: modules joined by imports).
2. Client statuses (`_client_statuses`, `_split_clients`): a group moves when every constructor in it can be
   pointed at ByteSpike and none of its requests calls an API ByteSpike does not serve; a client built and
   used in one module whose calls mix both is split in two (README, What it changes in Python code).
3. Models (`_model_closures`): the ids a request may send are the literals in the backward closure of its
   model (resolve/flowgraph.py); what the closure cannot follow makes its model unknown. Test doubles are no requests;
   a model handed to code the tool does not follow is a request that stays.
4. Settling (`_settle`), until nothing changes: a request that may send another provider's model, or an id
   with no mapping, keeps its client; an id that reaches requests that stay and requests that move keeps both
   (`model-shared`); the requests whose model is unknown and the orphan ids decide together.
5. Plans (`_plans`): what each file holds back, and the findings that say why.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from migrate_cli.formats.dotenv import serves
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.python.facts import MODULE_CLIENT, Constructor, ModuleFacts, Request, Sink
from migrate_cli.reporters.findings import PROVIDER, Finding
from migrate_cli.resolve.flowgraph import FlowGraph, Unknown, class_roots, method_of, summarise

if TYPE_CHECKING:
    from typing import Any

    from migrate_cli.resolve.repository import EnvDecision

MOVES = ""  # a status: the empty reason
# The constructors' own reasons to stay (`Constructor.blocker`, `client_status`), said in a sentence.
_SHORT_REASONS = {
    "dynamic endpoint": "its client's endpoint comes from code the tool cannot follow",
    "dynamic key": "its client's key comes from code the tool cannot follow",
    "other endpoint": "its client talks to another server",
    "not the OpenAI SDK": f"its client is not the {PROVIDER} SDK's",
    "an Azure OpenAI client": "its client is an Azure OpenAI client",
    "framework": "it is a framework's call, which the tool does not move",
}
_SINK = "sink"  # the group of the calls that hand a model to code the tool does not follow
# The most methods of one name a client handed on by that name is followed into (`_client_flows`).
_FEW_METHODS = 4
_NOT_CLIENTS = ("f|", "r|", "k|", "u|", "e|", "l|", "s|")
UNREWRITTEN = "not rewritten"
UNUSED = "no request the tool can see uses it: left as it is"  # a client, or the openai module's client
# A client the program makes and keeps, with no request the tool can see (its requests are in code the tool cannot
# follow, or nowhere): moved, it only needed a ByteSpike key where the program has none.
IDLE = (
    "it sends no request the tool can see: left as it is (moved, it would need a ByteSpike key wherever its module "
    "is loaded); point it at ByteSpike by hand where code the tool cannot see uses it"
)


@dataclass
class FilePlan:
    """What the resolution holds back in one file; empty means the file's own analysis stands."""

    kept_constructors: dict[tuple[int, int], str] = field(default_factory=dict)  # (line, column) -> why
    held_literals: set[tuple[int, int]] = field(default_factory=set)  # Python: (line, col_offset)
    held_values: set[tuple[int, int]] = field(default_factory=set)  # configuration: (line, column) of edits
    held_endpoints: set[tuple[int, int]] = field(default_factory=set)  # configuration: (line, column) of URLs
    module_client: str | None = None  # None: decided in the file; MOVES; or why it stays
    findings: list[Finding] = field(default_factory=list)
    env: EnvDecision | None = None  # env files and the references to them in configuration
    # Clients split in two (README, What it changes in Python code): constructor (line, column) -> the calls (line,
    # column) that move to
    # the ByteSpike client added beside it.
    splits: dict[tuple[int, int], frozenset[tuple[int, int]]] = field(default_factory=dict)
    # Constructors whose key is a name another module sets from the provider's key variable (`api_key=API_KEY`,
    # `API_KEY = os.getenv("OPENAI_API_KEY")` in config.py): (line, column); where the client moves, it reads its own.
    followed_keys: set[tuple[int, int]] = field(default_factory=set)
    # A conftest.py that sets OPENAI_API_KEY for tests of its folder whose clients now read BYTESPIKE_API_KEY: its
    # statement gets the twin the env-writes rule gives a module that sets the key its own clients read.
    sets_key_for_moved_code: bool = False
    # Nothing left reads OPENAI_API_KEY: a statement that asks for it (`_set_env("OPENAI_API_KEY")`) asks for the
    # ByteSpike key instead of beside it (the env files rename it too).
    renames_key_setters: bool = False
    # Ids with no mapping every request of which stays for another reason (an API ByteSpike does not serve, an
    # endpoint the tool cannot follow): (line, column) -> where one of those requests is. No `--map` advice:
    # a mapping would move nothing.
    unmapped_kept: dict[tuple[int, int], str] = field(default_factory=dict)
    # Calls the file's own analysis takes for served ones that stay for what another module gives them (a hosted
    # file_search tool built there): (line, column). No advice to move them to a second client.
    unserved_calls: set[tuple[int, int]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(
            self.sets_key_for_moved_code
            or self.renames_key_setters
            or self.unmapped_kept
            or self.unserved_calls
            or self.followed_keys
            or self.kept_constructors
            or self.held_literals
            or self.held_values
            or self.held_endpoints
            or self.findings
            or self.module_client is not None
            or self.env is not None
            or self.splits
        )


@dataclass(frozen=True)
class ConfigValue:
    """A model id a configuration file would map; `variable` is its dotenv variable, if any."""

    path: str
    line: int
    column: int
    value: str
    variable: str | None = None
    # The folders whose code (and the folders below) the variable is set for: an env file's own, and those of code
    # that loads it by its path. None: the whole repository (a compose, CI or settings file).
    folders: tuple[str, ...] | None = None
    # Set by a file the tool reads but does not edit (a Dockerfile's `ENV OPENAI_MODEL=gpt-4o`): the requests it
    # reaches stay, with it.
    fixed: bool = False
    # In a data file whose name no code of the repository mentions (benchmark results): no reader the tool can see
    # moves, so the id stays where no request is seen to take it, and so do the requests whose model is unknown.
    unread: bool = False
    # An id with no ByteSpike mapping the file gives the variable (`CHAT_MODEL=gpt-4` in `.env.example`): nothing
    # maps it, so the requests it reaches stay.
    unmapped: bool = False
    # Set in an env file that points the provider's endpoint variable (OPENAI_BASE_URL) at ByteSpike too: a package
    # that reads its own settings from the environment (MAGENTIC_OPENAI_MODEL) moves with that file.
    beside_endpoint: bool = False

    @property
    def slot(self) -> str:
        return f"l|{self.path}|{self.line}:{self.column}|cfg"


def parse_config_slot(slot: str) -> tuple[str, int, int]:
    """(path, line, column) of a `ConfigValue.slot`."""
    _, path, position, _ = slot.split("|")
    line, column = position.split(":")
    return path, int(line), int(column)


@dataclass
class Resolution:
    plans: dict[str, FilePlan]
    # The files whose clients stay and read OPENAI_API_KEY / OPENAI_BASE_URL from the environment: for the
    # env-file rules (docs/design.md).
    key_reader_paths: set[str] = field(default_factory=set)
    url_reader_paths: set[str] = field(default_factory=set)
    any_moves: bool = False
    # Other endpoint variables that framework objects which stay read (CrewAI's BASE_URL): left as they are.
    held_variables: frozenset[str] = frozenset()
    # Why the ids no request takes stay, where Python requests whose model the tool cannot follow stay: the
    # orphans of every language are one group with them (TypeScript's too); "" when they may move.
    orphans_held: str = ""


@dataclass(frozen=True)
class RequestSite:
    """A request where it stands, and the client group that makes it (None: a framework call, README, Frameworks)."""

    path: str
    request: Request
    group: str | None

    @property
    def where(self) -> str:
        return _where(self.path, self.request.line)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


class _ClientGraph:
    """Where clients flow: `incoming[target]` holds the slots whose value can end up in `target`."""

    def __init__(self) -> None:
        self.incoming: dict[str, set[str]] = defaultdict(set)
        self.outgoing: dict[str, set[str]] = defaultdict(set)
        self._constructors: dict[str, list[str]] = {}
        self._reached: dict[str, frozenset[str]] = {}  # slot -> the constructors that reach it (flowgraph.summarise)

    def add(self, target: str, source: str) -> None:
        if target != source:
            self.incoming[target].add(source)
            self.outgoing[source].add(target)

    def constructors(self, slot: str) -> list[str]:
        """The constructor slots (`c|…`) whose client can reach `slot`, in a stable order."""
        found = self._constructors.get(slot)
        if found is None:
            reached = summarise(slot, self.sources, _is_constructor, self._reached)
            found = self._constructors[slot] = sorted(reached)
        return found

    def sources(self, slot: str) -> Iterable[str]:
        return self.incoming.get(slot, ())

    def forward(self, slot: str) -> list[str]:
        """Every slot the value of `slot` can reach (itself included)."""
        return sorted(walk(slot, self.outgoing))


def _is_constructor(slot: str) -> bool:
    return slot.startswith("c|")


def walk(start: str, edges: dict[str, set[str]]) -> set[str]:
    """Every slot reachable from `start` along `edges` (itself included)."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


class Modules:
    """Dotted module names of the repository, found by any suffix (`app.settings` for `src/app/settings.py`)."""

    def __init__(self, facts: list[ModuleFacts]) -> None:
        self.by_suffix: dict[str, set[str]] = defaultdict(set)
        self.classes: dict[str, frozenset[str]] = {}
        self._canonical: dict[str, str] = {}  # a repository's slots repeat: each is looked up once
        # `from .judge import Judge` in `evaluators/__init__.py`: `evaluators.Judge` is `evaluators.judge.Judge`.
        self.reexports: dict[str, str] = {}
        for f in facts:
            parts = f.module.split(".")
            for k in range(len(parts)):
                self.by_suffix[".".join(parts[k:])].add(f.module)
            self.classes[f.module] = f.classes
            own = f"m|{f.module}|"
            for target, source in f.edges:
                if (
                    target.startswith(own)
                    and source.startswith("i|")
                    and "." not in target[len(own) :]
                    and target not in f.functions  # `def run(): return get_completion(…).choices`: its answer
                ):
                    self.reexports[target] = source

    def module_of(self, name: str) -> str | None:
        """The repository's module an absolute import name refers to (`app.settings.MODEL` -> `app.settings`)."""
        parts = name.split(".")
        for k in range(len(parts), 0, -1):
            found = self.by_suffix.get(".".join(parts[:k]))
            if found and len(found) == 1:
                return next(iter(found))
        return None

    def module_imported(self, name: str, importer: str) -> str | None:
        """`module_of`, and where the name is ambiguous the module beside the importer (`import tools` in
        `chat/app.py` is `chat/tools.py`: Python's path puts the script's folder first), unless a top-level
        module has the name too (which of the two loads depends on how the program is run)."""
        parts = name.split(".")
        for k in range(len(parts), 0, -1):
            sibling = self.sibling(".".join(parts[:k]), importer)
            if sibling is not None:
                return sibling
        return self.module_of(name)

    def sibling(self, name: str, importer: str) -> str | None:
        """The module `name` beside the importer (`chat.tools` for `tools` from `chat.app`), when the repository
        has it and no top-level module of that name."""
        package = importer.rpartition(".")[0]
        found = self.by_suffix.get(name, ())
        return f"{package}.{name}" if package and f"{package}.{name}" in found and name not in found else None

    def canonical(self, slot: str) -> str:
        if not slot.startswith("i|"):
            return slot
        known = self._canonical.get(slot)
        if known is None:
            known = self._canonical[slot] = self._resolve(slot)
        return known

    def _resolve(self, slot: str, depth: int = 0) -> str:
        parts = slot[2:].split(".")
        for k in range(len(parts) - 1, 0, -1):
            found = self.by_suffix.get(".".join(parts[:k]))
            if found and len(found) == 1:
                (module,) = found
                rest = parts[k:]
                again = self.reexports.get(f"m|{module}|{rest[0]}")
                if again is not None and depth < 8 and rest[0] not in self.classes.get(module, ()):
                    resolved = self._resolve(".".join([again, *rest[1:]]), depth + 1)
                    if not resolved.startswith("i|"):
                        return resolved
                if len(rest) >= 2 and rest[0] in self.classes.get(module, ()):
                    return f"a|{module}|{rest[0]}|{rest[1]}"
                return f"m|{module}|{'.'.join(rest)}"
        return slot


def _env_slots(f: ModuleFacts) -> set[str]:
    """The environment variables a module reads, as slots (`e|OPENAI_MODEL|its folder` once scoped)."""
    found = {s for pair in f.edges for s in pair if s.startswith("e|")}
    found.update(s for r in f.requests for s in r.sources if s.startswith("e|"))
    found.update(s for sink in f.sinks for s in sink.sources if s.startswith("e|"))
    found.update(s for _, arguments, _ in f.calls for _, s in arguments if s.startswith("e|"))
    found.update(s for pair in f.uses for s in pair if s.startswith("e|"))
    return found


def _scoped_env(f: ModuleFacts) -> ModuleFacts:
    """A module's reads of environment variables, named with the module (`e|OPENAI_MODEL` in `app/x.py` is
    `e|OPENAI_MODEL|app.x`): the env files that set them are those of its folder and above, and those that serve
    another module of its program (`_model_flows`)."""
    if not _env_slots(f):
        return f
    module = f.module
    return _relabel(f, lambda slot: f"{slot}|{module}" if slot.startswith("e|") and slot.count("|") == 1 else slot)


def _relabel(value: Any, rename: Callable[[str], str]) -> Any:
    """The facts with every slot (every string in them) renamed."""
    if isinstance(value, str):
        return rename(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(_relabel(v, rename) for v in value)
    if isinstance(value, dict):
        return {_relabel(k, rename): _relabel(v, rename) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{x.name: _relabel(getattr(value, x.name), rename) for x in fields(value) if x.init})
    return value


def _sibling_imports(f: ModuleFacts, modules: Modules) -> ModuleFacts:
    """`import tools` in `chat/app.py` where the repository has `chat/tools.py` and other `tools` modules: the
    one beside the script, which Python's path puts first. Its slots (`i|tools.build_tools`) name that module
    in full (`i|chat.tools.build_tools`), so the analysis follows the import instead of taking it for another
    package's (a cookbook's app moved a request whose tools its sibling module built with file_search)."""
    renames: dict[str, str] = {}
    for name in f.imports:
        top = name.split(".")[0]
        sibling = modules.sibling(top, f.module)
        if sibling is not None and len(modules.by_suffix[top]) > 1:  # one module of the name: found already
            renames[top] = sibling
    if not renames:
        return f

    def rename(text: str, prefix: str) -> str:
        if not text.startswith(prefix):
            return text
        name = text[len(prefix) :]
        top = name.split(".")[0].split("|")[0]
        return prefix + renames[top] + name[len(top) :] if top in renames else text

    relabeled = _relabel(f, lambda slot: rename(slot, "i|"))
    relabeled.imports = {rename(name, "") for name in f.imports}
    return relabeled


def _where(path: str, line: int) -> str:
    return f"{path}:{line}"


def resolve(facts: list[ModuleFacts], config_values: list[ConfigValue], *, split: bool = True) -> Resolution:
    """Decide, for the whole repository, which requests move and what each file holds back."""
    return _Resolver(facts, config_values, split).run()


@dataclass
class _Models:
    """What the model phase found for each request (indexed like `_Resolver.requests`)."""

    closures: list[frozenset[str]]  # the interesting slots of each request's backward closure
    ids: list[list[str]]  # the id literals and configuration values each request may send
    unmapped: list[list[tuple[str, int, int, str]]]  # OpenAI ids with no mapping it may send
    unknown: list[list]  # what its model may be that the analysis cannot follow (flowgraph.Unknown)
    reach: dict[str, set[int]]  # id slot -> the requests it may reach (uses included)
    direct: dict[str, frozenset[int]]  # id slot -> the requests its value flows into (uses not included)
    prefixes: frozenset[str]  # id slots used as prefixes (`m.startswith(PREFIXES)`), not ids


class _Resolver:
    """One resolution's state. Each phase reads what the phases before it left, and adds to it."""

    def __init__(self, facts: list[ModuleFacts], config_values: list[ConfigValue], split: bool) -> None:
        self.modules = Modules(facts)
        facts = self.facts = [_scoped_env(_sibling_imports(f, self.modules)) for f in facts]
        self.modules = Modules(facts)
        self.config_values = config_values
        self.split = split
        self.canon = self.modules.canonical
        self.functions: dict[str, tuple[str, ...]] = {}
        for f in facts:
            self.functions.update(f.functions)
        self.status: dict[str, str] = {}  # client group -> MOVES or why it stays
        self.fallback: str | None = None  # the target of a request on no known client
        self.splits: dict[str, str] = {}  # a client group split in two -> the group of its moving half
        self.plans: dict[str, FilePlan] = defaultdict(FilePlan)
        self._provider_named: set[str] | None = None  # the modules whose code names the provider
        self.handed_to_packages: dict[str, str] = {}  # client group -> another package's call it is handed to
        self._elsewhere: dict[str, str] | None = None  # id -> a request to another server that sends it

    def run(self) -> Resolution:
        self._follow_keys()
        self._client_flows()
        self._client_groups()
        self._programs()
        self._request_sites()
        self._client_statuses()
        if self.split:
            self._split_clients()
        self._fallback()
        self._external_clients()
        self._model_flows()
        self._drop_doubles()
        self._add_sinks()
        self.models = self._model_closures()
        self._settle()
        self._module_settings_followers()
        self._orphan_verdict()
        self._plans()
        return self._resolution()

    # -- 1. clients ------------------------------------------------------------------------------------

    def _follow_keys(self) -> None:
        """A client's key that its module cannot follow (`api_key=API_KEY`, imported) and that another module sets,
        once, from the provider's key variable or ByteSpike's (`API_KEY = os.getenv("OPENAI_API_KEY")`): the client
        can read its own ByteSpike key, so the key does not keep it."""
        wanted = {self.canon(c.key_source) for f in self.facts for c in f.constructors if c.key_source and c.blocker}
        if not wanted:
            return
        given: dict[str, list[str]] = defaultdict(list)
        for f in self.facts:
            for target, source in f.edges:
                if target in wanted:
                    given[target].append(source)
        for n, f in enumerate(self.facts):
            if not any(c.key_source for c in f.constructors):
                continue
            constructors = []
            for c in f.constructors:
                sources = given.get(self.canon(c.key_source), []) if c.key_source and c.blocker == "dynamic key" else []
                if len(sources) == 1 and sources[0].startswith("e|") and sources[0].split("|")[1] in f.key_variables:
                    self.plans[f.path].followed_keys.add((c.line, c.column))
                    c = replace(c, blocker="")
                constructors.append(c)
            self.facts[n] = replace(f, constructors=constructors)

    def _client_flows(self) -> None:
        """Clients flow one way too. Only names carry clients: attribute reads by name (`f|`), calls by name
        (`r|`), known and unknown values and environment variables are model flows (resolve/flowgraph.py), and a
        library's class or function (`i|` outside the repository) joins nothing."""
        canon, functions = self.canon, self.functions
        clients = self.clients = _ClientGraph()
        for f in self.facts:
            for a, b in f.edges:
                if not (a.startswith(_NOT_CLIENTS) or b.startswith(_NOT_CLIENTS)):
                    source = canon(b)
                    if not source.startswith("i|"):
                        clients.add(canon(a), source)
        # What is handed to a function the tool cannot follow (outside the repository).
        self.unfollowed: set[str] = set()
        classes = self.class_slots = {f"m|{f.module}|{c}" for f in self.facts for c in f.classes}
        roots = class_roots(self.facts)
        by_name: dict[str, list[str]] = defaultdict(list)
        for fn in functions:
            by_name[fn.rsplit("|", 1)[-1]].append(fn)
        for f in self.facts:
            for callee, arguments, via_instance in f.calls:
                if callee.startswith("t|"):
                    callee = method_of(callee, canon, classes, functions, roots)
                if callee.startswith("r|") and len(by_name.get(callee[2:], ())) <= _FEW_METHODS:
                    # `t.test(model_id, client)` on an object the tool cannot name: the client may reach every
                    # method of the repository of that name (as the models do, resolve/flowgraph.py), or a library's. A
                    # name many classes define (`run`, `create`) joins too much to be worth it: the client is
                    # handed to code the tool does not follow instead (below), as before.
                    for fn in by_name.get(callee[2:], []):
                        self._bind_clients(fn, functions[fn], arguments, True)
                target_slot = canon(callee)
                params = functions.get(target_slot)
                if not params and target_slot.startswith("m|"):
                    # `Bot(model="gpt-4o")`: a class of the repository, its arguments go to __init__.
                    _, module, name = target_slot.split("|", 2)
                    params = functions.get(f"a|{module}|{name}|__init__")
                    via_instance = True
                if not params:
                    self.unfollowed.update(
                        canon(source) for _, source in arguments if not source.startswith(_NOT_CLIENTS)
                    )
                    continue
                self._bind_clients(target_slot, params, arguments, via_instance)

    def _bind_clients(
        self, target: str, params: tuple[str, ...], arguments: tuple[tuple[int | str, str], ...], via_instance: bool
    ) -> None:
        if not params:
            return
        named = {p.rsplit("|", 1)[1]: p for p in params}
        bound = (via_instance or target.startswith("a|")) and params[0].endswith(("|self", "|cls"))
        shift = 1 if bound else 0
        for position, source in arguments:
            if source.startswith(_NOT_CLIENTS):
                continue
            if isinstance(position, int):
                if position + shift < len(params):
                    self.clients.add(params[position + shift], self.canon(source))
            elif position in named:
                self.clients.add(named[position], self.canon(source))

    def _client_groups(self) -> None:
        """Constructors are one client when a request can reach more than one of them (`client = A() if x else
        B()`, a factory, a parameter); two bindings of one name in two branches are two clients when each
        request reaches only one."""
        canon = self.canon
        uf = self.groups = UnionFind()
        stored: dict[str, str] = {}  # family of stored objects -> a constructor that works on them
        self.stored_by: dict[str, str] = {}  # constructor -> the family of stored objects it works on
        for f in self.facts:
            for request in f.requests:
                if request.receiver and request.receiver != MODULE_CLIENT:
                    made_by = self.clients.constructors(canon(request.receiver))
                    for ctor_slot in made_by[1:]:
                        uf.union(made_by[0], ctor_slot)
                    if request.stored and made_by:
                        # A batch one client creates and another polls lives on one server: the two move or
                        # stay together (letta polled ByteSpike for batches its kept client made on Anthropic).
                        uf.union(stored.setdefault(request.stored, made_by[0]), made_by[0])
                        for ctor_slot in made_by:
                            self.stored_by.setdefault(ctor_slot, request.stored)
        self.ctor_group: dict[str, list[tuple[str, Constructor]]] = defaultdict(list)  # group -> constructors
        for f in self.facts:
            for ctor in f.constructors:
                self.ctor_group[uf.find(ctor.slot)].append((f.path, ctor))

    def group_of(self, slot: str) -> str:
        made_by = self.clients.constructors(slot)
        return self.groups.find(made_by[0]) if made_by else slot

    def _programs(self) -> None:
        """The openai module's client is one per program: modules joined by imports are one program; a folder
        of scripts that import nothing of each other is as many programs. Modules that make module-client
        requests in their functions are a library: any program may import them together (`import llm,
        embed`), and then they share one client."""
        programs = self.programs = UnionFind()
        for f in self.facts:
            for name in f.imports:
                other = self.modules.module_imported(name, f.module)
                if other is not None:
                    programs.union(f.module, other)
        # A notebook runs in a kernel of its own and is imported by nothing: never a library.
        libraries = [f.module for f in self.facts if f.module_client_library and not f.path.endswith(".ipynb")]
        for module in libraries[1:]:
            programs.union(libraries[0], module)

    def module_client(self, f: ModuleFacts) -> str:
        """The group of the openai module's client in the program `f` belongs to."""
        return f"{MODULE_CLIENT}|{self.programs.find(f.module)}"

    def _uses_module_client(self, f: ModuleFacts) -> bool:
        return bool(f.module_settings) or any(r.receiver == MODULE_CLIENT for r in f.requests)

    def _request_sites(self) -> None:
        canon = self.canon
        self.requests: list[RequestSite] = []
        for f in self.facts:
            for request in f.requests:
                if request.receiver == MODULE_CLIENT:
                    group: str | None = self.module_client(f)
                else:
                    group = self.group_of(canon(request.receiver)) if request.receiver else None
                self.requests.append(RequestSite(f.path, request, group))
        self.hosted_findings = hosted_tools_elsewhere(self.facts, self.requests, canon)
        self.by_group: dict[str, list[RequestSite]] = defaultdict(list)
        for site in self.requests:
            if site.group is not None:
                self.by_group[site.group].append(site)

    def _client_statuses(self) -> None:
        canon, status = self.canon, self.status
        returned = {
            canon(own)
            for f in self.facts
            for own, decorator in f.handed_returns
            if not decorator or (canon(decorator) not in self.functions and canon(decorator) not in self.class_slots)
        }
        self.escaped = {
            self.groups.find(c)
            for slot in {canon(x) for f in self.facts for x in f.escapes} | self.unfollowed | returned
            for c in self.clients.constructors(slot)
        }
        handed = self._by_group(lambda f: f.handed_methods)  # group -> where its SDK method is handed to other code
        packages = self._by_group(lambda f: f.handed_to_packages)  # group -> the call of another package it is given to
        for group, ctors in self.ctor_group.items():
            status[group] = client_status(ctors, self.by_group.get(group, []), escaped=group in self.escaped)
            if status[group] == MOVES and group in packages and all(c.kind == "sdk" for _, c in ctors):
                # (A framework's model object handed to its own framework's agent is what the framework entry moves.)
                self.handed_to_packages[group] = packages[group]
                status[group] = (
                    f"it is handed to {packages[group]}, another package's code, which makes requests of its own "
                    "with it (with model ids the tool cannot see, or APIs ByteSpike does not serve): move it by "
                    "hand where that code's requests can"
                )
            if status[group] == MOVES and group in handed:
                status[group] = (
                    f"its method is handed to other code as a value ({handed[group]}), which calls it with models "
                    "the tool cannot see: move that code's models with it by hand"
                )
            if status[group] == MOVES and not self.by_group.get(group) and all(c.kind == "sdk" for _, c in ctors):
                # `Anthropic().get_tokenizer()` (silently), or a client nothing uses (openai/evals: its module's
                # helpers are what others import): it sends nothing, and moving it would only make it need a
                # ByteSpike key where the program has none (importing the module raised KeyError).
                status[group] = UNUSED if all(c.used_in_place for _, c in ctors) else IDLE
        module_settings: dict[str, list[tuple[str, str]]] = defaultdict(list)  # module-client group -> settings
        for f in self.facts:
            if f.module_settings:
                module_settings[self.module_client(f)].append((f.path, f.module_settings))
        module_groups = set(module_settings) | {
            s.group for s in self.requests if s.request.receiver == MODULE_CLIENT and s.group is not None
        }
        unconfigurable: dict[str, str] = {}  # module-client group -> a module whose requests have no `import openai`
        for f in self.facts:
            if not f.module_import and any(r.receiver == MODULE_CLIENT for r in f.requests):
                unconfigurable.setdefault(self.module_client(f), f.path)
        for group in module_groups:
            calls = self.by_group.get(group, [])
            status[group] = module_status(module_settings.get(group, []), calls, unconfigurable.get(group))
            if status[group] == MOVES and not calls:
                # `openai.api_key = …` in a program that makes no request through the module: a framework may
                # read it (LlamaIndex falls back on it for its embeddings), so it stays as it is.
                status[group] = UNUSED

    def _by_group(self, of: Callable[[ModuleFacts], dict[str, str]]) -> dict[str, str]:
        """A per-slot fact of every module (slot -> where), by the client group of the slot's constructors."""
        found: dict[str, str] = {}
        for f in self.facts:
            for slot, where in of(f).items():
                for c in self.clients.constructors(self.canon(slot)):
                    found.setdefault(self.groups.find(c), where)
        return found

    def _split_clients(self) -> None:
        """Two clients side by side (README, What it changes in Python code): a client whose calls mix what
        ByteSpike serves with what it
        does not, built and used in one module and passed nowhere, keeps the second on OpenAI and gets a
        ByteSpike client beside it for the first. Its served requests form a group of their own."""
        for group, ctors in self.ctor_group.items():
            calls = self.by_group.get(group, [])
            path, ctor = ctors[0]
            if not (
                len(ctors) == 1
                and ctor.kind == "sdk"
                and not ctor.blocker
                and not ctor.on_bytespike  # on ByteSpike already: nothing to split off
                and ctor.assigned  # the split rule adds the ByteSpike client on the line after its assignment
                and any(s.request.family for s in calls)
                and any(not (s.request.family or s.request.stored) for s in calls)
                and all(s.path == path for s in calls)
                and group not in self.escaped
            ):
                continue
            names = [m for m in self.clients.forward(ctor.slot) if not m.startswith("c|") and not m.endswith("#own")]
            if len(names) == 1 and names[0].startswith(("m|", "v|", "a|")) and "." not in names[0].rsplit("|", 1)[1]:
                half = group + "|bytespike"
                self.splits[group] = half
                self.status[half] = MOVES
                # A request that continues a response stored on the server (`previous_response_id`) stays with the
                # client that made it.
                self.requests = [
                    replace(s, group=half) if s.group == group and not (s.request.family or s.request.stored) else s
                    for s in self.requests
                ]
                self.by_group[half] = [s for s in calls if not (s.request.family or s.request.stored)]
                self.by_group[group] = [s for s in calls if s.request.family or s.request.stored]

    def _fallback(self) -> None:
        """The target of a request whose client the analysis cannot name: what every client does, if they
        agree."""
        halves = set(self.splits.values())
        known = [s for g, s in self.status.items() if g not in halves and s not in (UNUSED, IDLE)]
        if known and all(s == MOVES for s in known):
            self.fallback = MOVES
        elif known and all(s != MOVES for s in known):
            self.fallback = f"every client of the repository stays on {PROVIDER}"

    @cached_property
    def _injected_parameters(self) -> dict[str, str]:
        """The parameters (slot -> function slot) that only code outside the repository can give a client: no
        call of the repository passes them one (a library's public API, a function nothing here calls)."""
        params = {p: fn for fn, names in self.functions.items() for p in names if not p.endswith(("|self", "|cls"))}
        return {p: fn for p, fn in params.items() if not self.clients.incoming.get(p)}

    def _external_clients(self) -> None:
        """A request on a client that code outside the repository gives (`def ask(client, model="gpt-4o")` that
        nothing here calls) goes wherever that caller's client goes, most likely the provider's own: it stays,
        with the ids it sends (moved, `model="gpt-5-4"` would reach OpenAI from the caller's OpenAI client). Not
        one of the repository's clients, it does not decide the fallback of the requests on those."""
        injected = self._injected_parameters
        memo: dict[str, frozenset[str]] = {}
        self.external_clients: dict[str, tuple[str, str]] = {}  # group -> (parameter, function)
        for site in self.requests:
            receiver = site.request.receiver
            if receiver in (None, MODULE_CLIENT) or site.group is None or site.group in self.status:
                continue
            given = summarise(self.canon(receiver), self.clients.sources, injected.__contains__, memo)
            if given:
                param = min(given)
                function = ".".join(injected[param].split("|")[2:])  # `Helper.__init__`, `ask`
                self.external_clients[site.group] = (param.rsplit("|", 1)[-1], function)
                self.status[site.group] = (
                    f"its client is given as `{param.rsplit('|', 1)[-1]}` of `{function}` by code outside the "
                    "repository, which nothing here calls"
                )

    def target(self, group: str | None) -> str | None:
        """MOVES, why it stays, or None: unknown."""
        if group is None:
            return "framework"
        if group in self.status:
            return self.status[group]
        return self.fallback

    def moves(self, site: RequestSite) -> bool:
        return self.target(site.group) == MOVES

    def keep(self, group: str | None, why: str) -> bool:
        """Keep a group that would move where it is, for `why`; whether that changed anything."""
        if group is not None and self.status.get(group, self.fallback) == MOVES:
            self.status[group] = why
            return True
        return False

    def _on_bytespike(self, group: str | None) -> bool:
        return group in self.ctor_group and all(c.on_bytespike for _, c in self.ctor_group[group])

    # -- 3. model ids ----------------------------------------------------------------------------------

    def _model_flows(self) -> None:
        """Values flow one way (resolve/flowgraph.py): the graph of model values, with the configuration files a
        module reads and the env files' variables in it."""
        canon, facts = self.canon, self.facts
        read_files = {
            slot
            for f in facts
            for slot in (
                *(b for _, b in f.edges),
                *(x for r in f.requests for x in r.sources),
                *(x for sink in f.sinks for x in sink.sources),
                *(x for _, arguments, _ in f.calls for _, x in arguments),
            )
            if slot.startswith("cfg|")
        }
        values = self.config_values
        # An env file sets its variables for the code of its folder and the folders below it (`load_dotenv()` and
        # dotenv read the one of the folder the program runs in): a sibling app's `.env.example` is not this one's.
        # It serves the program of that code too: a module in another folder that the program imports
        # (`lib/helper.py`, imported by `app/main.py` after `load_dotenv()`) runs with the same environment.
        readers: dict[str, set[str]] = defaultdict(set)  # variable -> the modules that read it
        for f in facts:
            for slot in _env_slots(f):
                variable, _, module = slot[2:].partition("|")
                readers[variable].add(module)
        # An env file's `chat_model=…` is what a pydantic-settings field reads as CHAT_MODEL (it matches names whatever
        # their case): a variable no module reads by its own spelling is read by one that spells it otherwise.
        spelled = {variable.upper(): variable for variable in readers}
        self.read_variables = frozenset(spelled)  # (by their upper-case names)
        programs = self.programs
        config_edges = []
        for c in values:
            if not c.variable:
                continue
            variable = c.variable if c.variable in readers else spelled.get(c.variable.upper(), c.variable)
            # The programs with a module in a folder the file serves (every module is in its own program).
            served = (
                None
                if c.folders is None
                else {
                    programs.find(f.module)
                    for f in facts
                    if any(serves(home, posixpath.dirname(f.path)) for home in c.folders)
                }
            )
            config_edges += [
                (f"e|{variable}|{module}", c.slot)
                for module in readers.get(variable, ())
                if served is None or programs.find(module) in served
            ]
        # One process, one environment: the reads of a variable in one program are one value (a `getenv`
        # default in `app/main.py` is what `app/worker.py`'s read sees too).
        # Only where something gives it a value (an env file, a default): a variable no one sets stays unknown
        # in every module that reads it, not a cycle of reads that looks followed.
        given = {target for target, _ in config_edges}
        given.update(
            target
            for f in facts
            for target, source in f.edges
            if target.startswith("e|") and not source.startswith("e|")
        )
        for variable, modules in readers.items():
            by_program: dict[str, list[str]] = defaultdict(list)
            for module in modules:
                by_program[programs.find(module)].append(module)
            for program, members in by_program.items():
                if len(members) > 1 and any(f"e|{variable}|{m}" in given for m in members):
                    shared = f"e|{variable}|@{program}"
                    for module in members:
                        config_edges += [(shared, f"e|{variable}|{module}"), (f"e|{variable}|{module}", shared)]
        config_edges += [
            (read, c.slot)
            for c in values
            for read in read_files
            if c.path == read[4:] or c.path.endswith("/" + read[4:])
        ]
        self.graph = FlowGraph(facts, canon, config_edges, self.functions)
        self.literal_at = {slot: (f.path, *found) for f in facts for slot, found in f.literals.items()}
        self.config_slots = {c.slot: c for c in values}
        self.unmapped_at = {slot: (f.path, *found) for f in facts for slot, found in f.unmapped.items()}
        self.only_openai_at = {slot: (f.path, *found) for f in facts for slot, found in f.only_openai.items()}
        self.unknown_id_at = {canon(s): (f.path, *found) for f in facts for s, found in f.unknown_ids.items()}
        self.raw = [(f.path, line, url) for f in facts for line, _, url in f.raw_requests]
        # What the resolution reads of a value's backward closure: the literals, the unknowns, test doubles,
        # and the slots compared with or looked up by something (for the uses below).
        self.used = {canon(x) for f in facts for pair in f.uses for x in pair}
        self.provider_strings = {canon(s) for f in facts for s in f.provider_strings}
        self.foreign_at = {canon(s): (f.path, *where) for f in facts for s, where in f.foreign.items()}

    def _interesting(self, slot: str) -> bool:
        return (
            slot in self.literal_at
            or slot in self.config_slots
            or slot in self.unmapped_at
            or slot in self.only_openai_at
            or slot in self.unknown_id_at
            or slot in self.used
            or slot.startswith("k|mock")
            or slot in self.provider_strings
            or slot in self.foreign_at
            or self.graph.unknown(slot) is not None
        )

    def summary(self, slots: Iterable[str]) -> frozenset[str]:
        """The interesting slots whose values can reach any of `slots`."""
        parts = [self.graph.summary(slot, self._interesting) for slot in slots]
        if len(parts) == 1:
            return parts[0]  # shared, not copied: a large repository's closures hold thousands of slots
        return frozenset().union(*parts)

    def _is_id(self, slot: str) -> bool:
        return slot in self.literal_at or slot in self.config_slots

    @cached_property
    def _id_slots(self) -> frozenset[str]:
        """Every id slot (`_is_id`), for set intersections with large closures."""
        return frozenset(self.literal_at.keys() | self.config_slots.keys())

    def _drop_doubles(self) -> None:
        """Test doubles are not requests: a call on a MagicMock, or in a test file on no client of the
        repository."""
        test_files = {f.path for f in self.facts if f.test_file}

        def double(site: RequestSite) -> bool:
            receiver = site.request.receiver
            if not receiver or receiver == MODULE_CLIENT or site.group in self.status:
                return False
            return site.path in test_files or any(x.startswith("k|mock") for x in self.summary([self.canon(receiver)]))

        self.requests = [s for s in self.requests if not double(s)]

    def _add_sinks(self) -> None:
        """A model handed to code the analysis does not follow goes to a request whose target nobody can tell:
        it counts as a request that stays (where the tool cannot tell, it changes nothing)."""
        self.status[_SINK] = "it hands its model to code the tool cannot follow"
        self.sinks: dict[int, Sink] = {}  # request index -> the sink it stands for
        self.prefix_tests: set[int] = set()  # those that test a model against ids as prefixes (no request)
        for f in self.facts:
            # `model.startswith(key)` over a table's keys (`for key, info in MODEL_TABLE.items()`): the keys are ids,
            # which stay as prefixes do; a model that moved would match none of them (quivr's model table: None, then
            # AttributeError), nor look the table up (`MODEL_TABLE[model]`: KeyError). What is tested stays with them.
            tests = [
                Sink(line, column, call, "", tested)
                for path, line, column, call, tested, _ in self._tests_of_prefix_ids
                if path == f.path and self._holds_an_id(tested)
            ]
            tests += [
                Sink(line, 1, "a lookup in a table of model prefixes", "", (key,))
                for key, table, line in (f.lookups if self._prefix_tables else ())
                if self._of_a_prefix_table(table) and self._holds_an_id([key])
            ]
            for test in tests:
                self.prefix_tests.add(len(self.requests))
                self.sinks[len(self.requests)] = test
                request = Request(test.line, test.column, f"{_SINK}|{f.path}", test.call, "", test.sources)
                self.requests.append(RequestSite(f.path, request, _SINK))
            for sink in f.sinks:
                if self._own_code(self.canon(sink.callee) if sink.callee else ""):
                    continue  # the repository's own function: its parameters are followed
                self.sinks[len(self.requests)] = sink
                request = Request(sink.line, sink.column, f"{_SINK}|{f.path}", sink.call, "", sink.sources)
                self.requests.append(RequestSite(f.path, request, _SINK))
                for callee_slot, slot in sink.clients:
                    # `llm_factory("gpt-4o", client=c)`: the package sends c that model, which stays.
                    if not callee_slot or self._own_code(self.canon(callee_slot)):
                        continue
                    for ctor in self.clients.constructors(self.canon(slot)):
                        group = self.groups.find(ctor)
                        why = (
                            f"it is handed to code the tool does not follow beside a model handed to `{sink.call}` "
                            f"({_where(f.path, sink.line)}), which that code may send it: move them together by hand"
                        )
                        if not self.keep(group, why) and group in self.handed_to_packages:
                            self.status[group] = why  # which model that code sends it says more

    @cached_property
    def _tests_of_prefix_ids(self) -> list[tuple[str, int, int, str, tuple[str, ...], frozenset[str]]]:
        """The tests of a model against ids as prefixes (`for key in MODEL_TABLE: if model.startswith(key)`): (path,
        line, column, the call, what is tested, the ids of the table)."""
        found = []
        for f in self.facts:
            for line, column, call, tested, prefixes in f.prefix_tests:
                ids = self._prefix_ids & self.summary(self.canon(p) for p in prefixes)
                if ids:
                    found.append((f.path, line, column, call, tested, ids))
        return found

    @cached_property
    def _prefix_tables(self) -> list[frozenset[str]]:
        """The ids of each table a model is tested against as prefixes."""
        return [ids for *_, ids in self._tests_of_prefix_ids]

    def _of_a_prefix_table(self, table: str) -> bool:
        """Whether a table looked up (`MODEL_TABLE[model]`) is one of those: its ids are that table's keys."""
        ids = self._id_slots & self.summary([self.canon(table)])
        return bool(ids) and any(ids <= keys for keys in self._prefix_tables)

    def _holds_an_id(self, slots: Iterable[str]) -> bool:
        return bool(self._id_slots & self.summary(self.canon(x) for x in slots))

    @cached_property
    def _prefix_ids(self) -> frozenset[str]:
        """The id slots used as prefixes (`m.startswith(PREFIXES)`), not ids: they stay."""
        return self._id_slots & self.summary(self.canon(p) for f in self.facts for p in f.prefixes)

    def _own_code(self, callee: str) -> bool:
        """Whether a call's slot is the repository's own function, class or method (by name, or of a known
        class: `t|run|<class>`)."""
        if callee.startswith("t|"):
            return self.graph.method_of(callee, self.canon, self.functions).startswith("a|")
        return (
            callee in self.functions
            or callee in self.graph.classes
            or (callee.startswith("r|") and bool(self.graph.by_name.get(callee[2:])))
        )

    def _model_closures(self) -> _Models:
        canon = self.canon
        closures = [self.summary(canon(s) for s in site.request.sources) for site in self.requests]
        # A large repository's closures hold thousands of slots each, and many requests share one: each distinct
        # closure is read once, and by set intersection.
        id_slots = self._id_slots
        unmapped_slots = set(self.unmapped_at)
        of_closure: dict[frozenset[str], tuple[list[str], list[tuple[str, int, int, str]], list]] = {}
        for c in closures:
            if c not in of_closure:
                unmapped = sorted(self.unmapped_at[s] for s in unmapped_slots & c)
                of_closure[c] = (list(id_slots & c), unmapped, self.graph.unknowns_in(c))
        ids = [of_closure[c][0] for c in closures]
        unknown = [
            of_closure[c][2] if site.request.family not in NO_CHAT_MODEL else []
            for c, site in zip(closures, self.requests)
        ]
        reach: dict[str, set[int]] = defaultdict(set)
        for i, found in enumerate(ids):
            for slot in found:
                reach[slot].add(i)
        own_reach = {slot: frozenset(found) for slot, found in reach.items()}
        self._reach_by_uses(closures, id_slots, own_reach, reach)
        self._reach_by_answers(own_reach, reach)
        return _Models(
            closures=closures,
            ids=ids,
            unmapped=[of_closure[c][1] for c in closures],
            unknown=unknown,
            reach=reach,
            direct=own_reach,
            prefixes=self._prefix_ids,
        )

    def _reach_by_uses(
        self,
        closures: list[frozenset[str]],
        id_slots: frozenset[str],
        own_reach: dict[str, frozenset[int]],
        reach: dict[str, set[int]],
    ) -> None:
        """Uses: a literal that reaches no request of its own but is compared with, or looked up by, a value that
        does (`if model == "gpt-4o"`, `PRICES[model]`) moves with that value."""
        canon = self.canon
        uses = [(f.path, canon(value), canon(tested)) for f in self.facts for value, tested in f.uses]
        used = {slot for _, *pair in uses for slot in pair}
        slot_reach: dict[str, set[int]] = defaultdict(set)
        # (many requests share one closure object: each is intersected once)
        sharing: dict[int, tuple[frozenset[str], list[int]]] = {}
        for i, c in enumerate(closures):
            sharing.setdefault(id(c), (c, []))[1].append(i)
        for c, requests in sharing.values():
            for slot in used & c:
                slot_reach[slot].update(requests)
        framework = self._framework_requests
        ids_of: dict[str, frozenset[str]] = {}  # a used value -> the id slots that reach it
        for path, value, tested in uses:
            for one, other in ((value, tested), (tested, value)):
                requests_of_one = slot_reach.get(one) or (
                    # `dspy.settings.lm.model == "openai/gpt-4o"`: what the framework keeps holds the models of
                    # the framework's objects this module makes.
                    framework.get((path, one[2:].split(".")[0])) if one.startswith("i|") else None
                )
                if not requests_of_one:
                    continue
                if other not in ids_of:
                    ids_of[other] = id_slots & self.summary([other])
                for slot in ids_of[other]:
                    if not own_reach.get(slot):
                        reach[slot] |= requests_of_one

    def _reach_by_answers(self, own_reach: dict[str, frozenset[int]], reach: dict[str, set[int]]) -> None:
        """`result.get_lm_usage()["openai/gpt-4o-mini"]` in a module that makes dspy's objects: an answer of the
        framework, keyed by their models, reaches the requests of those objects."""
        framework = self._framework_requests
        for f in self.facts:
            for key, table, _ in f.lookups:
                if key in own_reach or not self._is_id(key):
                    continue
                for package in {name.split(".")[0] for name in f.imports}:
                    requests = framework.get((f.path, package))
                    if requests and self._answer_of_a_method(self.summary([self.canon(table)])):
                        reach[key] |= requests

    @cached_property
    def _framework_requests(self) -> dict[tuple[str, str], set[int]]:
        """(path, package) -> the requests of the framework objects of that package the module makes (`dspy.LM(…)`)."""
        framework = self._framework_ctor_slots
        found: dict[tuple[str, str], set[int]] = defaultdict(set)
        for i, site in enumerate(self.requests):
            if site.request.receiver in framework:
                found[(site.path, site.request.call.split(".")[0])].add(i)
        return found

    def _answer_of_a_method(self, held: frozenset[str], *, only: bool = True) -> bool:
        """Whether what a value may be that the analysis cannot follow is what methods of objects from elsewhere
        return (`result.get_lm_usage()`); `only`: and nothing else reaches it."""
        unknown = [s for s in held if s.startswith("u|")]
        return (
            bool(unknown)
            and (not only or len(unknown) == len(held))
            and all(isinstance(self.graph.unknowns.get(s, (0, 0, "", True))[3], str) for s in unknown)
        )

    # -- 4. settling -----------------------------------------------------------------------------------

    def counts(self, i: int) -> bool:
        """A request whose unknown model matters: a real client's, or one that looks like an SDK request."""
        site = self.requests[i]
        return bool(self.models.unknown[i]) and (
            site.group is None or site.group in self.status or site.request.plausible
        )

    def _settle(self) -> None:
        self.shared_reason: dict[str, str] = {}  # id slot -> the kept requests it shares
        self.group_verdict = ""  # why the unknown-model requests and the orphans stay ("" when they move)
        reached = {s for c in self.models.closures for s in c if s in self.unmapped_at}
        self.orphan_unmapped = sorted(v for s, v in self.unmapped_at.items() if s not in reached)
        unread = {c.slot: c for c in self.config_values if c.unread}
        reached = {s for c in self.models.closures for s in c if s in unread} if unread else set()
        # The ids of data files no code names, which no request is seen to take: they stay (`_held_ids`).
        self.unread_orphans = sorted((c.path, c.line, c.column, c.value) for s, c in unread.items() if s not in reached)
        for _ in range(20):
            changed = self._keep_foreign()
            changed |= self._keep_routed()
            changed |= self._keep_unmapped()
            changed |= self._keep_only_openai()
            changed |= self._keep_fixed()
            changed |= self._keep_colliding()
            changed |= self._keep_unknown_ids()
            changed |= self._keep_shared()
            changed |= self._keep_unknown()
            if not changed:
                break

    def _keep_foreign(self) -> bool:
        """A request that may send another provider's model ("google_genai:gemini-2.5-flash" through
        LangChain's init_chat_model, "anthropic/claude-…" through LiteLLM) goes to that provider: it cannot
        move."""
        changed = False
        for i, site in enumerate(self.requests):
            foreign = sorted(self.foreign_at[s] for s in self.models.closures[i] if s in self.foreign_at)
            if foreign and self.moves(site) and not self._on_bytespike(site.group):
                at, line, _, value = foreign[0]
                changed |= self.keep(
                    site.group,
                    f"its requests may use model {value!r} ({_where(at, line)}), another provider's, which the "
                    "tool does not move",
                )
        return changed

    def _keep_routed(self) -> bool:
        """An SDK client's request that sends an id named the way a router names it (`"openai/gpt-4o"`, which
        OpenAI's own endpoint refuses) goes where the environment points the client (OPENAI_BASE_URL: OpenRouter,
        a LiteLLM proxy): it stays, with its id. (A framework that takes prefixed ids, LiteLLM or pydantic-ai,
        moves them with their prefix.)"""
        changed = False
        for i, site in enumerate(self.requests):
            if not self.moves(site) or self._on_bytespike(site.group):
                continue
            ctors = self.ctor_group.get(site.group or "", [])
            if not ctors or not all(c.kind == "sdk" for _, c in ctors):
                continue
            routed = sorted(
                self.literal_at[s]
                for s in self.models.closures[i]
                # A mapped id holds no "/" or ":" of its own: one there is a prefix's.
                if s in self.literal_at and ("/" in self.literal_at[s][3] or ":" in self.literal_at[s][3])
            )
            if routed:
                at, line, _, value = routed[0]
                changed |= self.keep(
                    site.group,
                    f"its requests use model {value!r} ({_where(at, line)}), named the way a router or gateway "
                    f"names it, which {PROVIDER}'s own endpoint refuses: the client goes where its environment "
                    "points it",
                )
        return changed

    def _keep_unmapped(self) -> bool:
        """A request that moves needs a ByteSpike id: one that takes an OpenAI id with no mapping stays."""
        changed = False
        for i, site in enumerate(self.requests):
            if not self.models.unmapped[i] or not self.moves(site):
                continue
            if self._on_bytespike(site.group):
                continue  # already on ByteSpike: the unmapped id is reported where it stands
            # Every id with no mapping the group's requests may take, at once: one run, one list of --map.
            blocking = {
                value: (at, line)
                for j, other in enumerate(self.requests)
                if other.group == site.group
                for at, line, _, value in reversed(self.models.unmapped[j])
            }
            if len(blocking) == 1:
                [(value, (at, line))] = blocking.items()
                why = (
                    f"its requests use model {value!r} ({_where(at, line)}), which has no "
                    f"ByteSpike mapping: add --map {value}=ID to move it"
                )
            else:
                ids = ", ".join(f"{v!r} ({_where(a, n)})" for v, (a, n) in sorted(blocking.items()))
                maps = " ".join(f"--map {v}=ID" for v in sorted(blocking))
                why = f"its requests use models {ids}, which have no ByteSpike mapping: add {maps} to move it"
            changed |= self.keep(site.group, why)
        return changed

    def _keep_only_openai(self) -> bool:
        """A request ByteSpike serves (`images.generate`) that may send a model only OpenAI has (`dall-e-3`)
        stays: ByteSpike would answer it with model_not_found. (Requests of an API ByteSpike does not serve,
        embeddings with their models, stay for that.)"""
        changed = False
        for i, site in enumerate(self.requests):
            if site.request.family or not self.moves(site) or self._on_bytespike(site.group):
                continue
            found = sorted(self.only_openai_at[s] for s in self.models.closures[i] if s in self.only_openai_at)
            if found:
                at, line, _, value = found[0]
                why = f"its requests use model {value!r} ({_where(at, line)}), which only {PROVIDER} serves"
                changed |= self.keep(site.group, why)
        return changed

    def _keep_fixed(self) -> bool:
        """A request that may send a model a file the tool does not edit sets (a Dockerfile's `ENV MODEL=gpt-4o`)
        stays: moved, it would send that OpenAI id to ByteSpike."""
        fixed = {c.slot: c for c in self.config_values if c.fixed or c.unmapped}
        if not fixed:
            return False
        changed = False
        for i, site in enumerate(self.requests):
            if site.request.family or not self.moves(site) or self._on_bytespike(site.group):
                continue
            found = sorted((fixed[s].path, fixed[s].line, s) for s in self.models.closures[i] if s in fixed)
            if found:
                at, line, slot = found[0]
                value = fixed[slot]
                why = (
                    f"its requests may use model {value.value!r}, which {_where(at, line)} gives "
                    f"{value.variable}: it has no ByteSpike mapping (choose an id from ByteSpike's catalog or add "
                    f"--map {value.value}=NEW)"
                    if value.unmapped
                    else f"its requests use model {value.value!r}, set by {_where(at, line)}, a file the tool does not "
                    "edit: map it there by hand to move it"
                )
                changed |= self.keep(site.group, why)
        return changed

    def _keep_colliding(self) -> bool:
        """A request whose model is looked up in a dict whose keys would collide once mapped (`PRICE[model]` with
        keys "gpt-4o-mini" and "gpt-5-mini"): the keys stay as they are, so the model cannot move, or the lookup
        misses (KeyError, a default) once the request has gone to ByteSpike."""
        changed = False
        for f in self.facts:
            for slot, (line, value) in f.colliding.items():
                for i in sorted(self.models.reach.get(self.canon(slot), ())):
                    site = self.requests[i]
                    if site.request.family or not self.moves(site) or self._on_bytespike(site.group):
                        continue
                    changed |= self.keep(
                        site.group,
                        f"its model is looked up in a table whose keys would collide once mapped ({value!r}, "
                        f"{_where(f.path, line)}): merge the table's entries by hand to move it",
                    )
        return changed

    def _keep_unknown_ids(self) -> bool:
        """A request that may send a model no table knows (`my-team-model`: neither the provider's id nor one of
        ByteSpike's) stays: its client may reach another server through OPENAI_BASE_URL, or a model ByteSpike
        does not have; mapping it (`--map my-team-model=ID`) moves it."""
        changed = False
        for i, site in enumerate(self.requests):
            if site.request.family or not self.moves(site) or self._on_bytespike(site.group):
                continue
            if any(c.model_list for _, c in self.ctor_group.get(site.group or "", [])):
                continue  # each entry of a model list is decided on its own (an Azure deployment's name stays)
            found = sorted(self.unknown_id_at[s] for s in self.models.closures[i] if s in self.unknown_id_at)
            if found:
                at, line, _, value = found[0]
                why = (
                    f"its requests use model {value!r} ({_where(at, line)}), which is neither an id the tool maps "
                    f"nor one of ByteSpike's: its endpoint may be another server's, set in the environment; add --map "
                    f"{value}=ID to move it"
                )
                changed |= self.keep(site.group, why)
        return changed

    def _keep_shared(self) -> bool:
        """An id that reaches requests that stay and requests that would move keeps the second too."""
        changed = False
        for slot, reached in sorted(self.models.reach.items()):  # sorted: the same run gives the same findings
            moving = [i for i in sorted(reached) if self.moves(self.requests[i])]
            staying = [i for i in sorted(reached) if not self.moves(self.requests[i])]
            if moving and staying:
                # Named with their call where they are another provider's or a framework's (`ChatAnthropic`).
                sites = ", ".join(sorted({self._kept_site(i) for i in staying})[:4])
                for i in moving:
                    why = f"model-shared: its requests share a model id with requests that stay ({sites})"
                    if self.keep(self.requests[i].group, why):
                        self.shared_reason[slot] = sites
                        changed = True
        return changed

    def _kept_site(self, i: int) -> str:
        """Where a request that stays is; named by its call where it is code the tool cannot follow (another
        provider's class, `ChatAnthropic(model=…)`) or a framework's call."""
        site = self.requests[i]
        if i in self.sinks:
            return f"`{self.sinks[i].call}` at {site.where}"
        call = site.request.call
        if site.request.receiver in self._framework_ctor_slots:
            return f"{call.rsplit('.', 1)[-1]} at {site.where}"
        return site.where

    @cached_property
    def _framework_ctor_slots(self) -> frozenset[str]:
        return frozenset(c.slot for f in self.facts for c in f.constructors if c.kind == "framework")

    def _keep_unknown(self) -> bool:
        """Unknown is a value: the requests whose model the analysis cannot follow and the ids no followed
        request takes (the orphans) decide together. They move only when every unknown can hold nothing but
        the repository's own ids, every orphan has a mapping and every such request's client can move."""
        unknown = [i for i in range(len(self.requests)) if self.counts(i)]
        if not unknown:
            return False
        unknown_of = self.models.unknown
        external = next((u for i in unknown for u in unknown_of[i] if u.external), None)
        staying = [i for i in unknown if not self.moves(self.requests[i])]
        if external is not None:
            self.group_verdict = (
                f"its model comes from {external.what}: the tool cannot tell whether ByteSpike serves it"
            )
        elif self.orphan_unmapped:
            path, line, _, value = self.orphan_unmapped[0]
            self.group_verdict = (
                f"its model comes from {unknown_of[unknown[0]][0].what}, which may be "
                f"{value!r} ({_where(path, line)}), an id with no ByteSpike mapping"
            )
        elif self.unread_orphans:
            path, line, _, value = self.unread_orphans[0]
            self.group_verdict = (
                f"its model comes from {unknown_of[unknown[0]][0].what}, which may be {value!r} "
                f"({_where(path, line)}), in a data file whose name no code of the repository mentions, which the "
                "tool leaves as it is"
            )
        elif staying or self.raw:
            # Some of them stay (their client stays for another reason, or cannot be told): the orphans may be
            # theirs, so none of the group moves.
            where = self.requests[staying[0]].where if staying else _where(self.raw[0][0], self.raw[0][1])
            self.group_verdict = (
                f"its model comes from {unknown_of[unknown[0]][0].what}, like the model of a request that stays "
                f"({where}): the tool cannot tell which ids are meant for ByteSpike"
            )
        changed = False
        if self.group_verdict:
            for i in unknown:
                changed |= self.keep(self.requests[i].group, self._verdict_of(i, external))
        return changed

    def _verdict_of(self, i: int, external: Unknown | None) -> str:
        """Why one request of the group stays: its own source from outside the repository where it has one, else
        its own source beside the one that decided the group (a request whose model is a function's return
        value stays because another's comes from the command line: both are named)."""
        own = self.models.unknown[i]
        if external is None or not own:
            return self.group_verdict
        mine = next((u for u in own if u.external), None)
        if mine is not None:
            return f"its model comes from {mine.what}: the tool cannot tell whether ByteSpike serves it"
        return (
            f"its model comes from {own[0].what}, which may hold the ids of other requests whose model comes from "
            f"{external.what}: the tool cannot tell whether ByteSpike serves them"
        )

    def _module_settings_followers(self) -> None:
        """A client that stays and falls back on the openai module's settings for what it is not given
        (LlamaIndex's OpenAI reads `openai.base_url` and `openai.api_key`) would follow a module client that
        moves to ByteSpike, with its OpenAI id: the module client of its program stays too."""
        for f in self.facts:
            program = self.module_client(f)
            if self.status.get(program) != MOVES:
                continue
            for ctor in f.constructors:
                if ctor.reads_module_settings and self.target(self.groups.find(ctor.slot)) != MOVES:
                    self.status[program] = (
                        f"`{ctor.display}` ({_where(f.path, ctor.line)}) stays on {PROVIDER} and falls back "
                        "on the openai module's settings: they stay with it"
                    )
                    break

    def _orphan_verdict(self) -> None:
        """Whether the ids no request takes move: when some client moves and no unknown model holds them."""
        unknown = [i for i in range(len(self.requests)) if self.counts(i)]
        self.orphans_move, self.orphan_reason = True, ""
        # (path, "path:line") of the unknown-model requests that hold them
        self.orphan_sites: list[tuple[str, str]] = []
        if not any(s == MOVES for s in self.status.values()):
            # (said of Python's clients where the repository has Python: its TypeScript is decided apart)
            python = any(f.path.endswith((".py", ".ipynb")) or ".ipynb:" in f.path for f in self.facts)
            self.orphans_move = False
            self.orphan_reason = f"no {'Python ' if python else ''}client of the repository moves to ByteSpike"
        elif unknown and self.group_verdict:
            self.orphan_sites = sorted({(self.requests[i].path, self.requests[i].where) for i in unknown})
            sites = ", ".join(where for _, where in self.orphan_sites[:3])
            self.orphans_move = False
            self.orphan_reason = (
                f"requests whose model the tool cannot follow stay ({sites}), and these ids may be theirs"
            )
        elif self.raw:
            # A request made without the SDK (`requests.post("https://api.openai.com/v1/chat/completions", …)`)
            # stays on OpenAI with a model the tool does not follow: these ids may be its.
            path, line, _ = self.raw[0]
            self.orphans_move = False
            self.orphan_reason = (
                f"a request made without the SDK stays on {PROVIDER} ({_where(path, line)}), and these ids may be its"
            )

    def _orphan_reason_for(self, path: str) -> str:
        """Why the orphans of one file stay, naming the requests nearest to it first (its own program's, then its
        folder's): the first three of the repository named places in other projects that cannot be theirs."""
        if not self.orphan_sites:
            return self.orphan_reason
        sites = ", ".join(
            where for _, where in sorted(self.orphan_sites, key=lambda s: (*self._distance(path, s[0]), s[1]))[:3]
        )
        return f"requests whose model the tool cannot follow stay ({sites}), and these ids may be theirs"

    def _distance(self, here: str, there: str) -> tuple[bool, int]:
        """How far a file is from another, for naming the nearest first: another program's, then fewer folders
        shared."""
        shared = posixpath.commonpath([posixpath.dirname(there), posixpath.dirname(here)])
        return self._program_of(there) != self._program_of(here), -len(shared.split("/")) if shared else 0

    def _program_of(self, path: str) -> str:
        """The program a file belongs to: the modules joined by imports (`_programs`)."""
        return self._program_by_path.get(path, "")

    @cached_property
    def _program_by_path(self) -> dict[str, str]:
        return {f.path: self.programs.find(f.module) for f in self.facts}

    # -- 5. plans --------------------------------------------------------------------------------------

    def _plans(self) -> None:
        self._held_ids()
        self._split_plans()
        self._unmapped_kept_anyway()
        self._kept_constructors()
        self._unsupported_elsewhere()
        for f in self.facts:
            program = self.module_client(f)
            if program in self.status and self._uses_module_client(f):
                self.plans[f.path].module_client = self.status[program]
        self._framework_findings()
        self._unknown_client_findings()
        for path, finding in self.hosted_findings:
            self.plans[path].findings.append(finding)
            self.plans[path].unserved_calls.add((finding.line, finding.column))
        self._external_defaults()
        self._injectable_clients()

    def _say(self, path: str, line: int, column: int, rule: str, message: str) -> None:
        """A finding of the resolution, added to the plan of the file it is about."""
        self.plans[path].findings.append(Finding(path, line, column, rule, message))

    def _hold(self, slot: str) -> None:
        if slot in self.literal_at:
            path, line, col, _ = self.literal_at[slot]
            self.plans[path].held_literals.add((line, col))
        else:
            path, line, column = parse_config_slot(slot)
            self.plans[path].held_values.add((line, column))

    def _looked_up_outside(self) -> dict[str, tuple[str, int]]:
        """The ids that are keys looked up in data the tool does not rewrite (`PRICES[model]` on a table read
        from a JSON file or an API): id slot -> (path, line) of the lookup. Its keys stay OpenAI's."""
        found: dict[str, tuple[str, int]] = {}
        for f in self.facts:
            for key, table, line in f.lookups:
                if self.canon(table).startswith(("i|typing.", "i|typing_extensions.")):
                    continue  # `Literal["gpt-4o"]`: a type, not a table
                ids = [s for s in self._id_slots & self.summary([self.canon(key)]) if s not in found]
                if not ids:
                    continue  # looked up by no id (most lookups): the table need not be read
                held = self.summary([self.canon(table)])
                if any(self._is_id(s) for s in held) or not self.graph.unknowns_in(held):
                    continue  # the repository's own table: its keys move with the ids that look them up
                if any(self._of_moving_framework(s) for s in held) or self._framework_answer(f, held):
                    continue  # the framework's own data (`dspy.settings`, a program's usage by model): its ids moved
                for slot in ids:
                    found.setdefault(slot, (f.path, line))
        return found

    @cached_property
    def _moving_frameworks(self) -> frozenset[str]:
        """The packages of the framework objects the repository makes (`dspy.LM(…)`), where every one of them
        moves: what such a package keeps (`dspy.settings.lm.model`, a program's usage by model) holds the ids they
        were moved to, not OpenAI's."""
        verdict: dict[str, bool] = {}
        for (_, package), requests in self._framework_requests.items():
            verdict[package] = verdict.get(package, True) and all(self.moves(self.requests[i]) for i in requests)
        return frozenset(package for package, every_one in verdict.items() if every_one)

    def _of_moving_framework(self, slot: str) -> bool:
        return slot.startswith("i|") and slot[2:].split(".")[0] in self._moving_frameworks

    def _framework_answer(self, f: ModuleFacts, held: frozenset[str]) -> bool:
        """Whether a table is what a method of an object from elsewhere returns (`result.get_lm_usage()`), in a
        module that uses a framework whose models all moved: that framework's answer, keyed by the moved ids."""
        if not self._moving_frameworks & {name.split(".")[0] for name in f.imports}:
            return False
        return self._answer_of_a_method(held, only=False)

    def _compared_outside(self) -> dict[str, str]:
        """The ids compared with, or looked up by, a value from outside the repository (`SAMPLERS[sys.argv[1]]`
        with a table keyed by ids, `mdl == "gpt-4o"` over rows of a CSV file): id slot -> what that value is.
        What comes from outside keeps OpenAI's ids, so these ids must too."""
        found: dict[str, str] = {}
        for f in self.facts:
            for value, tested in f.uses:
                for one, other in ((value, tested), (tested, value)):
                    if self.canon(one).startswith(("i|typing.", "i|typing_extensions.")):
                        continue  # `Literal["gpt-4o"]`: a type, not a table
                    seen = self.summary([self.canon(one)])
                    if any(self._is_id(s) or s.startswith("k|mock") for s in seen):
                        # (`m.call_args.kwargs["model"] == "gpt-4o"` on a test double: it records what the code
                        # sent, which moved with its request)
                        continue
                    # Data from outside (a command-line argument, a file, the environment), not a parameter of the
                    # repository's code, whose callers may be migrated code too, nor an object's attribute (an
                    # API's answer comes from where its request goes).
                    outside = next(
                        (
                            u
                            for slot in sorted(seen)
                            if slot not in self.graph.param_of
                            and slot not in self.graph.entry_params
                            and not slot.startswith(("f|", "a|"))  # `r.model`: the answer of a request that moves
                            and (u := self.graph.unknown(slot)) is not None
                            and u.external
                            and not u.what.startswith("what `")  # what an SDK call returns (flow._call_sources)
                        ),
                        None,
                    )
                    if outside is None or any(self._of_moving_framework(s) for s in seen):
                        continue  # (`dspy.settings.lm.model`: the framework's own, whose models all moved)
                    for slot in self.summary([self.canon(other)]):
                        if self._is_id(slot):
                            found.setdefault(slot, outside.what)
        return found

    def _held_ids(self) -> None:
        """Every id that reaches a request that stays is held, and so is every orphan when orphans stay, or
        when it is a key looked up in data the tool does not rewrite, or compared with a value from outside."""
        orphans_held: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        looked_up = self._looked_up_outside()
        compared = self._compared_outside() if self.orphans_move else {}
        unread: dict[str, list[str]] = defaultdict(list)  # folder -> the data files no code names, ids held
        for slot in (*self.literal_at, *self.config_slots):
            if slot in self.models.prefixes:
                self._hold(slot)  # prefixes, not ids: the rules leave them and report the test (dynamic-model)
                continue
            reached = self.models.reach.get(slot, set())
            if reached:
                if not all(self.moves(self.requests[i]) for i in reached):
                    self._hold(slot)
                    self._held_id_findings(slot, reached)
                continue
            config = self.config_slots.get(slot)
            if config is not None and config.unread:
                self._hold(slot)
                unread[posixpath.dirname(config.path)].append(slot)
                continue
            if self.orphans_move and slot in looked_up:
                self._hold_for(
                    slot, f"is a key looked up in data the tool does not rewrite ({_where(*looked_up[slot])})"
                )
                continue
            if slot in compared:
                what = compared[slot].removesuffix(", from outside the repository")
                self._hold_for(slot, f"is compared with, or looked up by, {what}, a value from outside the repository")
                continue
            if self.orphans_move and (elsewhere := self._sent_elsewhere().get(self._id_at(slot)[3])):
                # `SERVED = {"gpt-4o": …}` of a server the repository runs, which its tests call on localhost: the
                # id names a model on another server, not OpenAI's, there.
                self._hold_for(
                    slot,
                    "reaches no request the tool can follow, and a request to another server sends that id "
                    f"({elsewhere})",
                    ": it may be that server's name for a model; left as it is",
                )
                continue
            if self.orphans_move and config is not None and self._package_setting(config):
                self._hold_for(
                    slot,
                    f"is the value of {config.variable}, which no code of the repository reads (a package's own "
                    "setting, read by code the tool cannot follow)",
                    ": left as it is; change it by hand if what reads it moves to ByteSpike",
                )
                continue
            if not self.orphans_move:
                self._hold(slot)
                path, line, col, value = self._id_at(slot)
                orphans_held[path].append((line, col + 1, value))
        self._unread_findings(unread)
        for path, held in orphans_held.items():
            # One finding per file: the ids, and why the tool cannot tell where they go.
            held.sort()
            listed = ", ".join(f"{value!r} (line {line})" for line, _, value in held[:6])
            more = f" and {len(held) - 6} more" if len(held) > 6 else ""
            line, col, _ = held[0]
            self._say(
                path,
                line,
                col,
                "dynamic-model",
                f"model ids {listed}{more} reach no request the tool can follow, and {self._orphan_reason_for(path)}: "
                "left as they are; change them to ByteSpike ids by hand where what uses them moves",
            )

    def _package_setting(self, config: ConfigValue) -> bool:
        """`MAGENTIC_OPENAI_MODEL=gpt-4o`: a variable of an env file that no code of the repository reads is a
        package's own setting, read with the package's own client. It stays where a request that stays is made in
        code the file serves (that code's package may be it, on OpenAI), unless the file points the endpoint
        variable at ByteSpike too; where all of that code moves, the file moves whole (its key renamed), setting
        too."""
        if not config.variable or config.beside_endpoint or config.variable.upper() in self.read_variables:
            return False
        homes = config.folders
        return any(
            homes is None or any(serves(home, posixpath.dirname(site.path)) for home in homes)
            for site in self.requests
            if not self.moves(site)
        )

    def _unread_findings(self, unread: dict[str, list[str]]) -> None:
        """One finding per folder of data files whose name no code mentions (a benchmark's results, one file per
        run): their ids stay, as records of what was run."""
        for folder, slots in sorted(unread.items()):
            values = sorted((self.config_slots[s] for s in slots), key=lambda v: (v.path, v.line, v.column))
            first = values[0]
            ids = sorted({v.value for v in values})
            listed = ", ".join(repr(i) for i in ids[:3]) + (", …" if len(ids) > 3 else "")
            files = len({v.path for v in values})
            where = "this data file" if files == 1 else f"{files} data files of {folder or '.'}/, the first here,"
            self._say(
                first.path,
                first.line,
                first.column,
                "data-file",
                f"model ids ({listed}) in {where} whose name no code of the repository mentions: left as they are "
                "(records of what was run, or read by something outside the repository); change them by hand if "
                "what reads them moves to ByteSpike",
            )

    def _sent_elsewhere(self) -> dict[str, str]:
        """The ids requests to another server send (`OpenAI(base_url="http://localhost:8000/v1")`): id -> where."""
        if self._elsewhere is None:
            self._elsewhere = {}
            for i, site in enumerate(self.requests):
                if self.status.get(site.group or "") != "other endpoint":
                    continue
                for slot in self.models.closures[i]:
                    if slot in self.literal_at or slot in self.config_slots:
                        self._elsewhere.setdefault(self._id_at(slot)[3], site.where)
        return self._elsewhere

    def _hold_for(self, slot: str, why: str, then: str = f", which keeps {PROVIDER}'s ids: left as it is") -> None:
        """Hold an id that data from outside the repository keeps OpenAI's, and say so where it is written."""
        self._hold(slot)
        path, line, col, value = self._id_at(slot)
        self._say(path, line, col + 1, "dynamic-model", f"model id {value!r} {why}{then}")

    def _id_at(self, slot: str) -> tuple[str, int, int, str]:
        """(path, line, column from 0, value) of an id literal or configuration value."""
        if slot in self.literal_at:
            return self.literal_at[slot]
        path, line, column = parse_config_slot(slot)
        return path, line, column - 1, self.config_slots[slot].value

    def _held_id_findings(self, slot: str, reached: set[int]) -> None:
        """Why an id literal that reaches requests is held: handed to code the tool cannot follow, or shared."""
        if slot not in self.literal_at:
            return
        path, line, col, value = self.literal_at[slot]
        external = sorted(
            {self.external_clients[g] for i in reached if (g := self.requests[i].group) in self.external_clients}
        )
        if external and slot not in self.shared_reason:
            param, function = external[0]
            self._say(
                path,
                line,
                col + 1,
                "external-client",
                f"model id {value!r} is sent on the client given as `{param}` of `{function}` by code outside the "
                "repository (nothing here calls it), most likely the provider's own: left as it is; a caller that "
                "gives it a ByteSpike client must give it a ByteSpike id",
            )
        handed = sorted(i for i in reached if i in self.sinks)
        if handed and slot not in self.shared_reason:
            sink_site, sink = self.requests[handed[0]], self.sinks[handed[0]]
            where = f"`{sink.call}` ({_where(sink_site.path, sink.line)})"
            flows = any(i in self.models.direct.get(slot, ()) for i in handed)
            self._say(
                path,
                line,
                col + 1,
                "dynamic-model",
                f"model id {value!r} is handed to {where}, which the tool cannot follow: left as it is; change "
                "it by hand if what uses it moves to ByteSpike"
                if flows
                # `"gpt-5" in meta.model` where meta.model is handed on: a test of that model, kept with it.
                else f"model id {value!r} is tested against (or looks up) a model handed to {where}, which the "
                "tool cannot follow: left as it is, as that model is left",
            )
        if slot in self.shared_reason:
            held_back = sorted(
                {
                    self.requests[i].where
                    for i in reached
                    if self.status.get(self.requests[i].group or "", "").startswith("model-shared")
                }
            )
            self._say(
                path,
                line,
                col + 1,
                "model-shared",
                f"model id {value!r} reaches requests that stay where they are ({self.shared_reason[slot]}) and "
                f"requests that could move ({', '.join(held_back[:4])}): it stays, and so do their clients; "
                "give each side its own constant to let the second move",
            )

    def _split_plans(self) -> None:
        for group, half in self.splits.items():
            if self.status.get(half) != MOVES:
                continue  # its served half cannot move either (a shared or unmapped id): it stays whole
            ((path, split_ctor),) = self.ctor_group[group]
            moved = {(s.request.line, s.request.column) for s in self.requests if s.group == half}
            self.plans[path].splits[(split_ctor.line, split_ctor.column)] = frozenset(moved)

    def _unmapped_kept_anyway(self) -> None:
        """The ids with no mapping whose requests all stay for another reason: said without advice to map them."""
        reached: dict[tuple[str, int, int], list[int]] = defaultdict(list)
        for i in range(len(self.requests)):
            for at, line, col, _ in self.models.unmapped[i]:
                reached[(at, line, col)].append(i)
        for (at, line, col), requests in reached.items():
            reasons = [self.target(self.requests[i].group) for i in requests]
            if all(r is not None and r != MOVES and "ByteSpike mapping" not in r for r in reasons):
                # The request nearest the id is named (its own file's, then its program's, then its folder's): the
                # first the id reaches may be another project's (storm's ids named an Azure class of another engine).
                paths = {i: self.requests[i].path for i in requests}
                nearest = min(requests, key=lambda i: (paths[i] != at, *self._distance(at, paths[i]), i))
                why = (self.target(self.requests[nearest].group) or "").removeprefix("model-shared: ")
                why = _SHORT_REASONS.get(why, why)
                where = self.requests[nearest].where
                # (named once: "it calls completions.create (svc.py:11), …" names its request itself)
                self.plans[at].unmapped_kept[(line, col)] = why if f"({where})" in why else f"{where}: {why}"

    def _kept_constructors(self) -> None:
        """Clients that stay, per file, with why (their own options, or the names they share with one that
        cannot move)."""
        unmapped: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)  # group -> id -> where
        for i, site in enumerate(self.requests):
            for at, line, _, value in self.models.unmapped[i]:
                unmapped[site.group or ""].setdefault(value, (at, line))
        for group, ctors in self.ctor_group.items():
            why = self.status.get(group, MOVES)
            if why == MOVES:
                continue
            also = ""
            if unmapped.get(group) and "ByteSpike mapping" not in why:
                # Held for another reason too: said at once, or the advice given would not move it. A client kept for
                # an API ByteSpike does not serve never moves: the ids are for a second client, for its other calls.
                ids = sorted(unmapped[group].items())
                listed = ", ".join(f"{v!r} ({_where(a, n)})" for v, (a, n) in ids)
                maps = " ".join(f"--map {v}=ID" for v, _ in ids)
                if any(s.request.family for s in self.by_group.get(group, [])):
                    also = (
                        f"; its other requests use {listed}, with no ByteSpike mapping: a ByteSpike client for them "
                        f"needs {maps}"
                    )
                else:
                    also = f"; its requests also use {listed}, with no ByteSpike mapping: add {maps} too"
            blocker = _culprit(ctors, why)
            for path, kept in ctors:
                own = why
                partner = self._stored_partner(group, kept, ctors) if blocker is None and len(ctors) > 1 else None
                if partner is not None:
                    # Kept for another client's id, with which it shares stored objects (`responses.retrieve`).
                    other_path, other = partner
                    own = (
                        f"it works on the {self.stored_by[kept.slot]} that `{other.display}` "
                        f"({_where(other_path, other.line)}) works on, which stay on the server that made them; "
                        f"`{other.display}` stays: {why}"
                    )
                elif kept.blocker and blocker is not None and blocker[1] is not kept:
                    own = kept.blocker  # it stays for its own options (another server's endpoint) whatever it shares
                elif blocker is not None and blocker[1] is not kept:
                    # Its own options are fine: it shares names with a client that cannot move.
                    other_path, other = blocker
                    family = self.stored_by.get(kept.slot)
                    where, reason = _where(other_path, other.line), _BLOCKERS.get(why, why)
                    if family is not None and self.stored_by.get(other.slot) == family:
                        own = (
                            f"it works on the {family} that `{other.display}` ({where}) works on, which stay on the "
                            f"server that made them; `{other.display}` is {reason}"
                        )
                    else:
                        own = (
                            f"it flows through the same names (a parameter, a factory) as `{other.display}` "
                            f"({where}), which is {reason}"
                        )
                # The constructor's own reasons are keys the client analysis words itself (`dynamic key`).
                worded = own not in _OWN_REASONS and not own.startswith("model-shared: ")
                if worded and kept.blocker and kept.blocker not in _OWN_REASONS and kept.blocker not in own:
                    own += f"; also, {kept.blocker}"  # `it reads OPENAI_API_KEY, which the program sets itself…`
                self.plans[path].kept_constructors[(kept.line, kept.column)] = own + also if worded else own

    def _stored_partner(
        self, group: str, kept: Constructor, ctors: list[tuple[str, Constructor]]
    ) -> tuple[str, Constructor] | None:
        """Another constructor of the group that works on the same stored objects as `kept`, where none of
        `kept`'s own requests sends an id with no mapping (the group stays for the other's), else None."""
        family = self.stored_by.get(kept.slot)
        if family is None:
            return None
        for i, site in enumerate(self.requests):
            receiver = site.request.receiver
            mine = site.group == group and receiver and kept.slot in self.clients.constructors(self.canon(receiver))
            if mine and self.models.unmapped[i]:
                return None
        return next(((p, c) for p, c in ctors if c is not kept and self.stored_by.get(c.slot) == family), None)

    def _unsupported_elsewhere(self) -> None:
        """An unsupported API called in a module that neither builds the receiver nor imports the SDK: an error
        where a client of the repository reaches it (`self._client` a base class in another module makes), and
        where none does, said as what it may be (a test's `client` fixture may be any service's)."""
        elsewhere = {f.path for f in self.facts if not f.imports_sdk}
        for site in self.requests:
            request = site.request
            if site.path not in elsewhere or not request.family or request.receiver in (None, MODULE_CLIENT):
                continue
            sdk = any(c.kind == "sdk" for _, c in self.ctor_group.get(site.group or "", []))
            if sdk:
                message = Ruleset.unsupported_message(request.family, request.call)
                rule = "unsupported-api"
            elif request.like_the_sdk and site.group not in self.ctor_group:
                where = "on a receiver this module does not build"
                message = Ruleset.maybe_unsupported_message(request.family, request.call, where)
                rule = "unverified-api"
            else:
                continue
            self.plans[site.path].findings.append(Finding(site.path, request.line, request.column, rule, message))

    def _framework_findings(self) -> None:
        """A framework call the rules do not move (README, Frameworks): it reaches OpenAI through its own settings. One
        whose model string names the provider (`Agent("openai:…")`, `completion("anthropic/…")`) reaches it
        only when one of the provider's ids, or a model the tool cannot follow, flows in: not
        `Agent(name="chat")`, nor `Agent("google:gemini-3-flash")`."""
        for i, site in enumerate(self.requests):
            request = site.request
            if request.receiver is not None or request.family != "":
                continue
            named = self.models.closures[i] & self.provider_strings
            if not (self.models.ids[i] or self.models.unknown[i] or named) and not names_a_provider(request.call):
                continue
            if not (self.models.ids[i] or named or names_a_provider(request.call) or request.reads) and not (
                self._names_provider(site)
            ):
                # A model from elsewhere, in a module whose code never names the provider (its docstring may); a
                # framework object that reads the provider's variables itself (CrewAI's `Agent()`) is the provider's.
                continue
            self.plans[site.path].findings.append(
                Finding(
                    site.path,
                    request.line,
                    request.column,
                    "client-kept-on-openai",
                    f"{request.call} reaches {PROVIDER} through the framework's own settings: left whole (endpoint, "
                    "key and model ids); the tool does not move this framework call",
                )
            )

    def _names_provider(self, site: RequestSite) -> bool:
        if self._provider_named is None:
            self._provider_named = {f.path for f in self.facts if f.names_provider}
        return site.path in self._provider_named

    def _unknown_client_findings(self) -> None:
        """A request on a receiver no client of the repository reaches, where some clients move: which one it is
        decides its model ids, and nothing tells. Where none moves, its ids stay anyway: nothing to say."""
        if not any(s == MOVES for s in self.status.values()):
            return
        for i, site in enumerate(self.requests):
            request = site.request
            if (
                request.receiver
                and site.group not in self.status
                and request.plausible
                and self.target(site.group) is None
                and self.models.ids[i]
            ):
                self.plans[site.path].findings.append(
                    Finding(
                        site.path,
                        request.line,
                        request.column,
                        "dynamic-config",
                        f"cannot tell which client makes this {request.call} request (some clients of the "
                        "repository move, some stay): its model ids are left as they are; check them by hand",
                    )
                )

    def _external_defaults(self) -> None:
        """A default callers outside the repository may override moved: they must pass ByteSpike ids now."""
        for f in self.facts:
            for slot, what in f.external_defaults.items():
                if slot not in self.literal_at:
                    continue
                if not any(self.moves(self.requests[i]) for i in self.models.reach.get(slot, ())):
                    continue
                path, line, col, value = self.literal_at[slot]
                if (line, col) not in self.plans[path].held_literals:
                    self._say(
                        path,
                        line,
                        col + 1,
                        "external-default",
                        f"model id {value!r}, the default of {what}, moves with its requests: whoever gives it a "
                        "model from outside the repository (a caller, a script, the environment) must give a "
                        "ByteSpike id",
                    )

    def _injectable_clients(self) -> None:
        """A client that moves where a parameter nothing in the repository passes may give another one instead
        (`def __init__(self, client=None): self.client = client or OpenAI()`): code outside the repository that
        passes its own client gets the ByteSpike ids of the requests too. Said once per parameter, where the
        client is made."""
        params = self._injected_parameters
        memo: dict[str, frozenset[str]] = {}
        said: set[str] = set()
        for site in self.requests:
            receiver = site.request.receiver
            if receiver in (None, MODULE_CLIENT) or site.group not in self.ctor_group or not self.moves(site):
                continue
            for param in sorted(
                summarise(self.canon(receiver), self.clients.sources, params.__contains__, memo) - said
            ):
                said.add(param)
                path, ctor = self.ctor_group[site.group][0]
                function = ".".join(params[param].split("|")[2:])  # `OpenAI_Chat.__init__`, `ask`
                self._say(
                    path,
                    ctor.line,
                    ctor.column,
                    "external-default",
                    f"client `{ctor.display}` moves to ByteSpike, with ByteSpike ids in its requests: a client given "
                    f"as `{param.rsplit('|', 1)[-1]}` of `{function}` by code outside the repository, which nothing "
                    "here passes, gets those ids too: give it a ByteSpike client",
                )

    def _resolution(self) -> Resolution:
        resolution = Resolution(dict(self.plans))
        resolution.any_moves = any(s == MOVES for s in self.status.values())
        unknown = sorted({self.requests[i].where for i in range(len(self.requests)) if self.counts(i)})
        if not self.orphans_move and self.group_verdict and unknown:
            resolution.orphans_held = (
                f"Python requests whose model the tool cannot follow stay ({', '.join(unknown[:3])}), and it may "
                "be theirs"
            )
        for group, ctors in self.ctor_group.items():
            if self.status.get(group, MOVES) != MOVES:
                # Azure clients read AZURE_OPENAI_API_KEY and their own endpoint, not OpenAI's variables.
                resolution.key_reader_paths.update(p for p, c in ctors if c.reads_key and c.kind != "azure")
                resolution.url_reader_paths.update(p for p, c in ctors if c.reads_base_url and c.kind != "azure")
        for f in self.facts:
            if self.status.get(self.module_client(f), MOVES) != MOVES and self._uses_module_client(f):
                resolution.key_reader_paths.add(f.path)
                resolution.url_reader_paths.add(f.path)
        for i, site in enumerate(self.requests):
            # Frameworks read OPENAI_API_KEY unless told otherwise, and so may the code an id of the provider is
            # handed to that the tool cannot follow (magentic's `OpenaiChatModel("gpt-4o")`, a LiteLLM wrapper): it
            # stays, with its key. (Not another provider's requests, handed their own ids.)
            handed = (
                site.group == _SINK
                and i not in self.prefix_tests
                and bool(self.models.ids[i] or self.models.unmapped[i])
            )
            if site.request.receiver is None or handed:
                resolution.key_reader_paths.add(site.path)
                resolution.url_reader_paths.add(site.path)
        resolution.held_variables = frozenset(
            v for site in self.requests if site.request.receiver is None for v in site.request.reads
        ) | frozenset(
            v
            for f in self.facts
            for ctor in f.constructors
            if ctor.blocker or self.target(self.groups.find(ctor.slot)) != MOVES
            for v in ctor.url_reads
        )
        return resolution


_BLOCKERS = {
    UNREWRITTEN: f"in a file the tool does not rewrite (no {PROVIDER} package or model id in it)",
    "an Azure OpenAI client": "an Azure OpenAI client",
    "not the OpenAI SDK": f"not the {PROVIDER} SDK's client",
    "dynamic endpoint": "given an endpoint the tool cannot follow",
    "dynamic key": "given a key the tool cannot point at a ByteSpike key",
    "other endpoint": "a client of another server",
    "rebuilt elsewhere": "rebuilt by a framework that drops its endpoint and key",
}


# Requests whose model is never a chat or image model: an id the map moves cannot be meant for them.
NO_CHAT_MODEL = frozenset({"embeddings", "audio", "moderations"})


# A constructor's own reasons to stay, which the client analysis turns into its findings' words.
_OWN_REASONS = frozenset(
    {
        "dynamic key",
        "dynamic endpoint",
        "dynamic model",
        "reasoning settings",
        "default model",
        "configurable model",
        "old version",
        "missing package",
        "rebuilt elsewhere",
        "unknown model",
        "dynamic model list",
        "other endpoint",
        UNUSED,
    }
)


def _culprit(ctors: list[tuple[str, Constructor]], why: str) -> tuple[str, Constructor] | None:
    """The constructor whose kind or options gave its group the reason `why` it stays, if one did (a Bedrock
    client beside an `Anthropic()` one in the branches of one name, not the first with any blocker)."""
    kinds = {"an Azure OpenAI client": "azure", "not the OpenAI SDK": "lookalike"}
    for path, ctor in ctors:
        if ctor.kind == kinds.get(why) or (ctor.blocker and ctor.blocker == why):
            return path, ctor
    return _blocker(ctors)


def _blocker(ctors: list[tuple[str, Constructor]]) -> tuple[str, Constructor] | None:
    """The constructor whose own options or kind keep its group where it is, if any."""
    for path, ctor in ctors:
        if ctor.kind in ("azure", "lookalike") or ctor.blocker:
            return path, ctor
    return None


def client_status(ctors: list[tuple[str, Constructor]], calls: list[RequestSite], *, escaped: bool = False) -> str:
    """MOVES, or why a client group stays: its constructors' kinds and options, then its calls."""
    for _, ctor in ctors:
        if ctor.kind == "azure":
            return "an Azure OpenAI client"
        if ctor.kind == "lookalike":
            return "not the OpenAI SDK"
        if ctor.blocker == "other endpoint":
            return ctor.blocker
    # An API ByteSpike does not serve before a key or endpoint the tool cannot follow: advice to give an
    # embeddings client a ByteSpike key would break it.
    blocker = next((c.blocker for _, c in ctors if c.blocker), "")
    stateful = [s for s in calls if s.request.family]
    if stateful:
        sites = ", ".join(f"{s.request.call} ({s.where})" for s in stateful[:4])
        if len(ctors) > 1:
            others = ", ".join(f"`{c.display}` ({_where(p, c.line)})" for p, c in ctors[:4])
            return (
                f"the clients {others} flow through the same names (a parameter, a factory), and "
                f"calls on them include {sites}, which ByteSpike does not serve"
            )
        if ctors and all(c.kind == "framework" for _, c in ctors):
            # `OpenAIEmbeddings()`, LangChain's `OpenAI()` LLM: the framework names the API, not the call.
            apis = " and ".join(sorted({s.request.family.replace("-", " ") for s in stateful}))
            return f"it calls {sites}: requests to {PROVIDER}'s {apis} API, which ByteSpike does not serve"
        return f"it calls {sites}, which ByteSpike does not serve"
    if blocker:
        return blocker
    # After the APIs ByteSpike does not serve: advice to point an embeddings call at ByteSpike would break it.
    own = next((s for s in calls if s.request.own_settings), None)
    if own is not None:
        return (
            f"its request {own.request.call} ({own.where}) passes its own {own.request.own_settings}, "
            "which the tool does not change: point that call at ByteSpike by hand if it should move"
        )
    if escaped and not calls:
        # `Model(openai_client=AsyncOpenAI())`, `register(client)`: requests are made where the tool cannot see
        # them, with model ids it cannot see either; moving the client alone could send them to ByteSpike
        # with OpenAI ids.
        return (
            "it is handed to code the tool cannot follow, which makes its requests with model ids the tool "
            "cannot see: move that code's models with it by hand"
        )
    return MOVES


def module_status(settings: list[tuple[str, str]], calls: list[RequestSite], unconfigurable: str | None) -> str:
    """MOVES, or why the openai module's client of one program stays."""
    if not settings and unconfigurable:
        return (
            f"the openai module's client is configured from the environment, and {unconfigurable} makes its "
            "requests without `import openai` at its top, where the tool would configure it"
        )
    for path, verdict in settings:
        if verdict != "migratable":
            return f"openai module settings in {path}: {verdict}"
    return client_status([], calls)


def hosted_tools_elsewhere(
    facts: list[ModuleFacts], requests: list[RequestSite], canon: Callable[[str], str]
) -> list[tuple[str, Finding]]:
    """Requests whose `tools` come from another module (`from app.tools import TOOLS`, a function there) that
    builds a hosted tool of OpenAI's stored objects (`{"type": "file_search"}`): they are in that tool's family,
    like a request that names it inline (flow.hosted_tool). `requests` is updated in place; the findings to
    add, by path."""
    hosted = {canon(slot): kind for f in facts for slot, kind in f.hosted_tools.items()}
    if not hosted or not any(s.request.tools and not s.request.family for s in requests):
        return []
    incoming: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        for target, source in f.edges:
            incoming[canon(target)].add(canon(source))
    found = []
    for index, site in enumerate(requests):
        request = site.request
        if not request.tools or request.family:
            continue
        reached = set().union(*(walk(canon(s), incoming) for s in request.tools))
        family, tool = next((hosted[s] for s in sorted(reached) if s in hosted), ("", ""))
        if not family:
            continue
        requests[index] = replace(
            site, request=replace(request, family=family, call=f"{request.call} with its {tool} tool")
        )
        found.append(
            (
                site.path,
                Finding(
                    site.path,
                    request.line,
                    request.column,
                    "unsupported-api",
                    f"{family}: this request's {tool} tool (its tools are built in another module) works on "
                    f"objects stored on {PROVIDER}, which ByteSpike does not have: keep it on an {PROVIDER} client",
                ),
            )
        )
    return found


def names_a_provider(call: str) -> bool:
    """A framework's class named for one provider (`ChatAnthropic`, `AnthropicModel`, LlamaIndex's `OpenAI`):
    it reaches that provider whatever its model, by default too."""
    name = call.rsplit(".", 1)[-1].lower()
    return "openai" in name or "anthropic" in name or "claude" in name
