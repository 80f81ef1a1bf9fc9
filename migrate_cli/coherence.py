"""The repository-wide resolution (SPEC §3.7): every request gets a target, and what moves, moves whole.

Input: the facts of every Python module (flow.py) and the model ids the configuration files would map.
Output: a `FilePlan` per file that holds back what must not change there — constructors of clients that
stay, model-id literals that reach requests that stay, the module client's verdict — and the findings
that say why. The rules then rewrite each file under its plan; a file whose plan holds nothing back keeps
the result of its first pass.

1. Slots joined by the facts' edges (assignments, imports, arguments, returns, comparisons) form groups
   (a union-find): a client and every name it flows through are one group; a model id and every name and
   request it reaches are another.
2. A client group moves when every constructor in it can be pointed at ByteSpike and none of its requests
   calls an API ByteSpike does not serve; the module client moves when the repository configures it in
   code (`openai.api_key = …`), one verdict per program (modules joined by imports). A framework call
   that moves (frameworks.py, SPEC §10) is a client of its own; the other framework calls stay.
3. A model-id group moves when every request it reaches moves; when it reaches requests that stay, it
   stays; when it reaches both, it stays and so do the clients of the moving requests (`model-shared`),
   until nothing changes. An id that reaches no request the tool can see moves, unless requests that stay
   take ids the tool cannot trace: then it stays and says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from migrate_cli.findings import Finding
from migrate_cli.flow import MODULE_CLIENT, Constructor, ModuleFacts, Request, Sink, _resolve_relative, module_name
from migrate_cli.flowgraph import FlowGraph
from migrate_cli.formats.values import defines, passes_through
from migrate_cli.result import FileResult

MOVES = ""  # a status: the empty reason
_SINK = "sink"  # the group of the calls that hand a model to code the tool does not follow
_NOT_CLIENTS = ("f|", "r|", "k|", "u|", "e|", "l|", "s|")


@dataclass
class FilePlan:
    """What the resolution holds back in one file; empty means the file's own analysis stands."""

    kept_constructors: dict[tuple[int, int], str] = field(default_factory=dict)  # (line, column) -> why
    held_literals: set[tuple[int, int]] = field(default_factory=set)  # Python: (line, col_offset)
    held_values: set[tuple[int, int]] = field(default_factory=set)  # configuration: (line, column) of edits
    module_client: str | None = None  # None: decided in the file; MOVES; or why it stays
    findings: list[Finding] = field(default_factory=list)
    env: EnvDecision | None = None  # env files and the references to them in configuration
    # Clients split in two (SPEC §3.6): constructor (line, column) -> the calls (line, column) that move to
    # the ByteSpike client added beside it.
    splits: dict[tuple[int, int], frozenset[tuple[int, int]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(
            self.kept_constructors
            or self.held_literals
            or self.held_values
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


@dataclass
class Resolution:
    plans: dict[str, FilePlan]
    # Clients that stay and read the environment: for the env-file rules (§3.7.3).
    # The files whose clients stay and read OPENAI_API_KEY / OPENAI_BASE_URL from the environment.
    key_reader_paths: set[str] = field(default_factory=set)
    url_reader_paths: set[str] = field(default_factory=set)
    any_moves: bool = False
    # Other endpoint variables that framework objects which stay read (CrewAI's BASE_URL): left as they are.
    held_variables: frozenset[str] = frozenset()


class _UnionFind:
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

    def add(self, target: str, source: str) -> None:
        if target != source:
            self.incoming[target].add(source)
            self.outgoing[source].add(target)

    def constructors(self, slot: str) -> list[str]:
        """The constructor slots (`c|…`) whose client can reach `slot`, in a stable order."""
        found = self._constructors.get(slot)
        if found is None:
            found = sorted(s for s in _walk(slot, self.incoming) if s.startswith("c|"))
            self._constructors[slot] = found
        return found

    def forward(self, slot: str) -> list[str]:
        """Every slot the value of `slot` can reach (itself included)."""
        return sorted(_walk(slot, self.outgoing))


def _walk(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


class _Modules:
    """Dotted module names of the repository, found by any suffix (`app.settings` for `src/app/settings.py`)."""

    def __init__(self, facts: list[ModuleFacts]) -> None:
        self.by_suffix: dict[str, set[str]] = defaultdict(set)
        self.classes: dict[str, frozenset[str]] = {}
        self._canonical: dict[str, str] = {}  # a repository's slots repeat: each is looked up once
        for f in facts:
            parts = f.module.split(".")
            for k in range(len(parts)):
                self.by_suffix[".".join(parts[k:])].add(f.module)
            self.classes[f.module] = f.classes

    def module_of(self, name: str) -> str | None:
        """The repository's module an absolute import name refers to (`app.settings.MODEL` -> `app.settings`)."""
        parts = name.split(".")
        for k in range(len(parts), 0, -1):
            found = self.by_suffix.get(".".join(parts[:k]))
            if found and len(found) == 1:
                return next(iter(found))
        return None

    def canonical(self, slot: str) -> str:
        if not slot.startswith("i|"):
            return slot
        known = self._canonical.get(slot)
        if known is None:
            known = self._canonical[slot] = self._resolve(slot)
        return known

    def _resolve(self, slot: str) -> str:
        parts = slot[2:].split(".")
        for k in range(len(parts) - 1, 0, -1):
            found = self.by_suffix.get(".".join(parts[:k]))
            if found and len(found) == 1:
                (module,) = found
                rest = parts[k:]
                if len(rest) >= 2 and rest[0] in self.classes.get(module, ()):
                    return f"a|{module}|{rest[0]}|{rest[1]}"
                return f"m|{module}|{'.'.join(rest)}"
        return slot


def _where(path: str, line: int) -> str:
    return f"{path}:{line}"


def resolve(facts: list[ModuleFacts], config_values: list[ConfigValue], *, split: bool = True) -> Resolution:
    modules = _Modules(facts)
    canon = modules.canonical
    # Clients flow one way too: a request's client is every constructor whose value can reach its receiver. Only
    # names carry clients: attribute reads by name (`f|`), calls by name (`r|`), known and unknown values and
    # environment variables are model flows (flowgraph.py), and a library's class or function (`i|` outside
    # the repository) joins nothing.
    clients = _ClientGraph()
    for f in facts:
        for a, b in f.edges:
            if not (a.startswith(_NOT_CLIENTS) or b.startswith(_NOT_CLIENTS)):
                source = canon(b)
                if not source.startswith("i|"):
                    clients.add(canon(a), source)
    functions: dict[str, tuple[str, ...]] = {}
    for f in facts:
        functions.update(f.functions)
    unfollowed: set[str] = set()  # what is handed to a function the tool cannot follow (outside the repository)
    for f in facts:
        for callee, arguments, via_instance in f.calls:
            params = functions.get(canon(callee))
            target_slot = canon(callee)
            if not params and target_slot.startswith("m|"):
                # `Bot(model="gpt-4o")`: a class of the repository, its arguments go to __init__.
                _, module, name = target_slot.split("|", 2)
                params = functions.get(f"a|{module}|{name}|__init__")
                via_instance = True
            if not params:
                unfollowed.update(canon(source) for _, source in arguments if not source.startswith(_NOT_CLIENTS))
                continue
            by_name = {p.rsplit("|", 1)[1]: p for p in params}
            shift = (
                1 if (via_instance or canon(callee).startswith("a|")) and params[0].endswith(("|self", "|cls")) else 0
            )
            for position, source in arguments:
                if source.startswith(_NOT_CLIENTS):
                    continue
                if isinstance(position, int):
                    if position + shift < len(params):
                        clients.add(params[position + shift], canon(source))
                elif position in by_name:
                    clients.add(by_name[position], canon(source))

    # -- clients ---------------------------------------------------------------------------------------
    # Constructors are one client when a request can reach more than one of them (`client = A() if x else
    # B()`, a factory, a parameter); two bindings of one name in two branches are two clients when each
    # request reaches only one.
    uf = _UnionFind()
    all_ctors = [(f.path, ctor) for f in facts for ctor in f.constructors]
    for f in facts:
        for request in f.requests:
            if request.receiver and request.receiver != MODULE_CLIENT:
                made_by = clients.constructors(canon(request.receiver))
                for ctor_slot in made_by[1:]:
                    uf.union(made_by[0], ctor_slot)

    def group_of(slot: str) -> str:
        made_by = clients.constructors(slot)
        return uf.find(made_by[0]) if made_by else slot

    ctor_group: dict[str, list[tuple[str, Constructor]]] = defaultdict(list)  # group -> [(path, Constructor)]
    for path, ctor in all_ctors:
        ctor_group[uf.find(ctor.slot)].append((path, ctor))
    # The openai module's client is one per program: modules joined by imports are one program; a folder
    # of scripts that import nothing of each other is as many programs.
    programs = _UnionFind()
    for f in facts:
        for name in f.imports:
            other = modules.module_of(name)
            if other is not None:
                programs.union(f.module, other)
    # Modules that make module-client requests in their functions are a library: any program may import them
    # together (`import llm, embed`), and then they share one client. Only scripts that run their requests at
    # their top and import nothing of each other are programs of their own.
    libraries = [f.module for f in facts if f.module_client_library]
    for module in libraries[1:]:
        programs.union(libraries[0], module)

    def module_client(f: ModuleFacts) -> str:
        return f"{MODULE_CLIENT}|{programs.find(f.module)}"

    module_settings: dict[str, list[tuple[str, str]]] = defaultdict(list)  # module-client group -> settings
    for f in facts:
        if f.module_settings:
            module_settings[module_client(f)].append((f.path, f.module_settings))
    requests: list[tuple[str, Request, str | None]] = []  # (path, request, receiver group)
    for f in facts:
        for request in f.requests:
            if request.receiver == MODULE_CLIENT:
                group: str | None = module_client(f)
            else:
                group = group_of(canon(request.receiver)) if request.receiver else None
            requests.append((f.path, request, group))
    hosted_findings = _hosted_tools_elsewhere(facts, requests, canon)
    by_group: dict[str, list[tuple[str, Request]]] = defaultdict(list)
    for path, request, group in requests:
        if group is not None:
            by_group[group].append((path, request))

    escaped = {
        uf.find(c)
        for slot in {canon(x) for f in facts for x in f.escapes} | unfollowed
        for c in clients.constructors(slot)
    }
    status: dict[str, str] = {}
    for group, ctors in ctor_group.items():
        status[group] = _client_status(ctors, by_group.get(group, []), escaped=group in escaped)
    module_groups = set(module_settings) | {g for _, r, g in requests if r.receiver == MODULE_CLIENT and g is not None}
    unconfigurable: dict[str, str] = {}  # module-client group -> a module whose requests have no `import openai`
    for f in facts:
        if not f.module_import and any(r.receiver == MODULE_CLIENT for r in f.requests):
            unconfigurable.setdefault(module_client(f), f.path)
    for group in module_groups:
        status[group] = _module_status(
            module_settings.get(group, []), by_group.get(group, []), unconfigurable.get(group)
        )
    # Two clients side by side (SPEC §3.6): a client whose calls mix what ByteSpike serves with what it
    # does not, built and used in one module and passed nowhere, keeps the second on OpenAI and gets a
    # ByteSpike client beside it for the first. Its served requests form a group of their own.
    splits: dict[str, str] = {}  # group -> the group of its moving half
    if split:
        for group, ctors in ctor_group.items():
            calls = by_group.get(group, [])
            if not (
                len(ctors) == 1
                and ctors[0][1].kind == "sdk"
                and not ctors[0][1].blocker
                and not ctors[0][1].on_bytespike  # on ByteSpike already: nothing to split off
                and any(r.family for _, r in calls)
                and any(not r.family for _, r in calls)
                and all(p == ctors[0][0] for p, _ in calls)
                and group not in escaped
            ):
                continue
            names = [m for m in clients.forward(ctors[0][1].slot) if not m.startswith("c|")]
            if len(names) == 1 and names[0].startswith(("m|", "v|", "a|")) and "." not in names[0].rsplit("|", 1)[1]:
                half = group + "|bytespike"
                splits[group] = half
                status[half] = MOVES
                requests = [(p, r, half if g == group and not r.family else g) for p, r, g in requests]
                by_group[half] = [(p, r) for p, r in calls if not r.family]
                by_group[group] = [(p, r) for p, r in calls if r.family]
    known = [s for g, s in status.items() if g not in splits.values()]
    if known and all(s == MOVES for s in known):
        fallback = MOVES
    elif known and all(s != MOVES for s in known):
        fallback = "every client of the repository stays on OpenAI"
    else:
        fallback = None  # cannot tell

    def target(group: str | None) -> str | None:
        """MOVES, why it stays, or None: unknown."""
        if group is None:
            return "framework"
        if group in status:
            return status[group]
        return fallback

    # -- model ids ---------------------------------------------------------------------------------------
    # Values flow one way (flowgraph.py): the ids a request may send are the literals in the backward closure
    # of its model; what the closure cannot follow makes its model unknown.
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
    config_edges = [(f"e|{c.variable}", _config_slot(c)) for c in config_values if c.variable]
    config_edges += [
        (read, _config_slot(c))
        for c in config_values
        for read in read_files
        if c.path == read[4:] or c.path.endswith("/" + read[4:])
    ]
    graph = FlowGraph(facts, canon, config_edges, functions)
    literal_at: dict[str, tuple[str, int, int, str]] = {}
    for f in facts:
        for slot, (line, col, value) in f.literals.items():
            literal_at[slot] = (f.path, line, col, value)
    config_slots = {_config_slot(c): c for c in config_values}
    unmapped_at: dict[str, tuple[str, int, int, str]] = {}  # OpenAI ids with no mapping
    for f in facts:
        for slot, (line, column, value) in f.unmapped.items():
            unmapped_at[slot] = (f.path, line, column, value)
    raw = [(f.path, line, url) for f in facts for line, _, url in f.raw_requests]

    # What the resolution reads of a value's backward closure: the literals, the unknowns, test doubles, and
    # the slots compared with or looked up by something (for the uses below).
    used = {canon(x) for f in facts for pair in f.uses for x in pair}

    provider_strings = {canon(s) for f in facts for s in f.provider_strings}
    foreign_at = {canon(s): (f.path, *where) for f in facts for s, where in f.foreign.items()}

    def interesting(slot: str) -> bool:
        return (
            slot in literal_at
            or slot in config_slots
            or slot in unmapped_at
            or slot in used
            or slot.startswith("k|mock")
            or slot in provider_strings
            or slot in foreign_at
            or graph.unknown(slot) is not None
        )

    def summary(slots) -> frozenset[str]:
        found: frozenset[str] = frozenset()
        for slot in slots:
            found |= graph.summary(slot, interesting)
        return found

    # Test doubles are not requests: a call on a MagicMock, or in a test file on no client of the repository.
    test_files = {f.path for f in facts if f.test_file}

    def double(path: str, request: Request, group: str | None) -> bool:
        if not request.receiver or request.receiver == MODULE_CLIENT or group in status:
            return False
        return path in test_files or any(x.startswith("k|mock") for x in summary([canon(request.receiver)]))

    requests = [(p, r, g) for p, r, g in requests if not double(p, r, g)]
    # A model handed to code the analysis does not follow goes to a request whose target nobody can tell: it
    # counts as a request that stays (where the tool cannot tell, it changes nothing).
    status[_SINK] = "it hands its model to code the tool cannot follow"
    sinks: dict[int, Sink] = {}
    for f in facts:
        for sink in f.sinks:
            callee = canon(sink.callee) if sink.callee else ""
            if (
                callee in functions
                or callee in graph.classes
                or (callee.startswith("r|") and graph.by_name.get(callee[2:]))
            ):
                continue  # the repository's own function: its parameters are followed
            sinks[len(requests)] = sink
            requests.append(
                (f.path, Request(sink.line, sink.column, f"{_SINK}|{f.path}", sink.call, "", sink.sources), _SINK)
            )
    closures = [summary(canon(s) for s in r.sources) for _, r, _ in requests]
    ids_of = [[s for s in c if s in literal_at or s in config_slots] for c in closures]
    unmapped_of = [[unmapped_at[s] for s in c if s in unmapped_at] for c in closures]
    unknown_of = [
        graph.unknowns_in(c) if r.family not in _NO_CHAT_MODEL else [] for c, (_, r, _) in zip(closures, requests)
    ]
    reach: dict[str, set[int]] = defaultdict(set)  # literal slot -> the requests it may reach
    for i, found in enumerate(ids_of):
        for slot in found:
            reach[slot].add(i)
    reached_unmapped = {s for c in closures for s in c if s in unmapped_at}
    # Uses: a literal that reaches no request of its own but is compared with, or looked up by, a value that
    # does (`if model == "gpt-4o"`, `PRICES[model]`) moves with that value.
    slot_reach: dict[str, set[int]] = defaultdict(set)
    for i, c in enumerate(closures):
        for slot in c:
            slot_reach[slot].add(i)
    own_reach = {slot: frozenset(found) for slot, found in reach.items()}
    for f in facts:
        for value, tested in f.uses:
            for one, other in ((canon(value), canon(tested)), (canon(tested), canon(value))):
                requests_of_one = slot_reach.get(one)
                if not requests_of_one:
                    continue
                for slot in summary([other]):
                    if (slot in literal_at or slot in config_slots) and not own_reach.get(slot):
                        reach[slot] |= requests_of_one
    prefix_literals = {
        s for f in facts for p in f.prefixes for s in summary([canon(p)]) if s in literal_at or s in config_slots
    }

    def keep(group: str | None, why: str) -> bool:
        if group is not None and status.get(group, fallback) == MOVES:
            status[group] = why
            return True
        return False

    def counts(i: int) -> bool:
        """A request whose unknown model matters: a real client's, or one that looks like an SDK request."""
        _, r, g = requests[i]
        return bool(unknown_of[i]) and (g is None or g in status or r.plausible)

    shared_reason: dict[str, str] = {}
    group_verdict = ""  # why the unknown-model requests and the orphans stay ("" when they move)
    orphan_unmapped = sorted(v for s, v in unmapped_at.items() if s not in reached_unmapped)
    for _ in range(20):
        changed = False
        # A request that may send another provider's model ("google_genai:gemini-2.5-flash" through LangChain's
        # init_chat_model, "anthropic/claude-…" through LiteLLM) goes to that provider: it cannot move.
        for i, (_, _, g) in enumerate(requests):
            foreign = sorted(foreign_at[s] for s in closures[i] if s in foreign_at)
            on_bytespike = g in ctor_group and all(c.on_bytespike for _, c in ctor_group[g])
            if foreign and target(g) == MOVES and not on_bytespike:
                at, line, _, value = foreign[0]
                changed |= keep(
                    g,
                    f"its requests may use model {value!r} ({_where(at, line)}), another provider's, which the "
                    "tool does not move",
                )
        # A request that moves needs a ByteSpike id: one that takes an OpenAI id with no mapping stays.
        for i, (_, _, g) in enumerate(requests):
            if not unmapped_of[i] or target(g) != MOVES:
                continue
            if g in ctor_group and all(c.on_bytespike for _, c in ctor_group[g]):
                continue  # already on ByteSpike: the unmapped id is reported where it stands
            # Every id with no mapping the group's requests may take, at once: one run, one list of --map.
            blocking = {
                value: (at, line)
                for j, (_, _, h) in enumerate(requests)
                if h == g
                for at, line, _, value in reversed(unmapped_of[j])
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
            changed |= keep(g, why)
        for slot, reached in reach.items():
            moving = [i for i in reached if target(requests[i][2]) == MOVES]
            staying = [i for i in reached if target(requests[i][2]) != MOVES]
            if moving and staying:
                sites = ", ".join(sorted({_where(requests[i][0], requests[i][1].line) for i in staying})[:4])
                for i in moving:
                    if keep(
                        requests[i][2], f"model-shared: its requests share a model id with requests that stay ({sites})"
                    ):
                        shared_reason[slot] = sites
                        changed = True
        # Unknown is a value: the requests whose model the analysis cannot follow and the ids no followed
        # request takes (the orphans) decide together. They move only when every unknown can hold nothing but
        # the repository's own ids, every orphan has a mapping and every such request's client can move.
        unknown = [i for i in range(len(requests)) if counts(i)]
        if unknown:
            external = next((u for i in unknown for u in unknown_of[i] if u.external), None)
            staying = [i for i in unknown if target(requests[i][2]) != MOVES]
            if external is not None:
                group_verdict = (
                    f"its model comes from {external.what}: the tool cannot tell whether ByteSpike serves it"
                )
            elif orphan_unmapped:
                path, line, _, value = orphan_unmapped[0]
                group_verdict = (
                    f"its model comes from {unknown_of[unknown[0]][0].what}, which may be "
                    f"{value!r} ({_where(path, line)}), an id with no ByteSpike mapping"
                )
            elif staying or raw:
                # Some of them stay (their client stays for another reason, or cannot be told): the orphans may
                # be theirs, so none of the group moves.
                _, r, _ = requests[staying[0]] if staying else (None, None, None)
                where = (
                    _where(requests[staying[0]][0], r.line)
                    if staying and r is not None
                    else _where(raw[0][0], raw[0][1])
                )
                group_verdict = (
                    f"its model comes from {unknown_of[unknown[0]][0].what}, like the model of a "
                    f"request that stays ({where}): the tool cannot tell which ids are meant for "
                    "ByteSpike"
                )
            if group_verdict:
                for i in unknown:
                    changed |= keep(requests[i][2], group_verdict)
        if not changed:
            break

    # A client that stays and falls back on the openai module's settings for what it is not given (LlamaIndex's
    # OpenAI reads `openai.base_url` and `openai.api_key`) would follow a module client that moves to ByteSpike,
    # with its OpenAI id: the module client of its program stays too.
    for f in facts:
        program = module_client(f)
        if status.get(program) != MOVES:
            continue
        for ctor in f.constructors:
            if ctor.reads_module_settings and target(uf.find(ctor.slot)) != MOVES:
                status[program] = (
                    f"{ctor.display} ({_where(f.path, ctor.line)}) stays on OpenAI and falls back "
                    "on the openai module's settings: they stay with it"
                )
                break

    any_client_moves = any(s == MOVES for s in status.values())
    unknown = [i for i in range(len(requests)) if counts(i)]
    if not any_client_moves:
        orphans_move, orphan_reason = False, "no client of the repository moves to ByteSpike"
    elif unknown and group_verdict:
        orphans_move = False
        orphan_reason = (
            f"requests whose model the tool cannot follow stay "
            f"({', '.join(sorted({_where(requests[i][0], requests[i][1].line) for i in unknown})[:3])})"
            f", and these ids may be theirs"
        )
    else:
        orphans_move, orphan_reason = True, ""

    plans: dict[str, FilePlan] = defaultdict(FilePlan)
    orphans_held: dict[str, list[tuple[int, int, str]]] = defaultdict(list)

    def hold(slot: str) -> None:
        if slot in literal_at:
            path, line, col, _ = literal_at[slot]
            plans[path].held_literals.add((line, col))
        else:
            path, line, column = _parse_config_slot(slot)
            plans[path].held_values.add((line, column))

    for slot in (*literal_at, *config_slots):
        if slot in prefix_literals:
            hold(slot)  # prefixes, not ids: the rules leave them and report the test (dynamic-model)
            continue
        reached = reach.get(slot, set())
        if reached:
            if all(target(requests[i][2]) == MOVES for i in reached):
                continue
            hold(slot)
            handed = sorted(i for i in reached if i in sinks)
            if handed and slot in literal_at and slot not in shared_reason:
                path, line, col, value = literal_at[slot]
                sink_path, sink = requests[handed[0]][0], sinks[handed[0]]
                plans[path].findings.append(
                    Finding(
                        path,
                        line,
                        col + 1,
                        "dynamic-model",
                        f"model id {value!r} is handed to `{sink.call}` ({_where(sink_path, sink.line)}), which the "
                        "tool cannot follow: left as it is; change it by hand if what uses it moves to ByteSpike",
                    )
                )
            if slot in shared_reason and slot in literal_at:
                path, line, col, value = literal_at[slot]
                held_back = sorted(
                    {
                        _where(requests[i][0], requests[i][1].line)
                        for i in reached
                        if status.get(requests[i][2] or "", "").startswith("model-shared")
                    }
                )
                plans[path].findings.append(
                    Finding(
                        path,
                        line,
                        col + 1,
                        "model-shared",
                        f"model id {value!r} reaches requests that stay on OpenAI ({shared_reason[slot]}) and "
                        f"requests that could move ({', '.join(held_back[:4])}): it stays, and so do their clients; "
                        "give each side its own constant to let the second move",
                    )
                )
            continue
        if not orphans_move:
            hold(slot)
            if slot in literal_at:
                path, line, col, value = literal_at[slot]
            else:
                path, line, column = _parse_config_slot(slot)
                col, value = column - 1, config_slots[slot].value
            orphans_held[path].append((line, col + 1, value))
    for path, held in orphans_held.items():
        # One finding per file: the ids, and why the tool cannot tell where they go.
        held.sort()
        listed = ", ".join(f"{value!r} (line {line})" for line, _, value in held[:6])
        more = f" and {len(held) - 6} more" if len(held) > 6 else ""
        line, col, _ = held[0]
        plans[path].findings.append(
            Finding(
                path,
                line,
                col,
                "dynamic-model",
                f"model ids {listed}{more} reach no request the tool can follow, and {orphan_reason}: left as they "
                "are; change them to ByteSpike ids by hand where what uses them moves",
            )
        )

    for group, half in splits.items():
        if status.get(half) != MOVES:
            continue  # its served half cannot move either (a shared or unmapped id): it stays whole
        ((path, split_ctor),) = ctor_group[group]
        moved = {(r.line, r.column) for p, r, g in requests if g == half}
        plans[path].splits[(split_ctor.line, split_ctor.column)] = frozenset(moved)
    # -- clients that stay, per file -----------------------------------------------------------------
    for group, ctors in ctor_group.items():
        why = status.get(group, MOVES)
        if why == MOVES:
            continue
        blocker = _blocker(ctors)
        for path, kept in ctors:
            own = why
            if blocker is not None and blocker[1] is not kept:
                # Its own options are fine: it shares names with a client that cannot move.
                other_path, other = blocker
                own = (
                    f"it flows through the same names (a parameter, a factory) as {other.display} "
                    f"({_where(other_path, other.line)}), which is {_BLOCKERS.get(why, why)}"
                )
            plans[path].kept_constructors[(kept.line, kept.column)] = own
    for f in facts:
        program = module_client(f)
        if program in status and (f.module_settings or any(r.receiver == MODULE_CLIENT for r in f.requests)):
            plans[f.path].module_client = status[program]
    for i, (path, request, _) in enumerate(requests):
        if request.receiver is None and request.family == "":
            # A framework call the rules do not move (SPEC §10): it reaches OpenAI through its own settings.
            # One whose model string names the provider (`Agent("openai:…")`, `completion("anthropic/…")`)
            # reaches it only when one of the provider's ids, or a model the tool cannot follow, flows in: not
            # `Agent(name="chat")`, nor `Agent("google:gemini-3-flash")`.
            named = closures[i] & provider_strings
            if not (ids_of[i] or unknown_of[i] or named) and not _names_a_provider(request.call):
                continue
            plans[path].findings.append(
                Finding(
                    path,
                    request.line,
                    request.column,
                    "client-kept-on-openai",
                    f"{request.call} reaches OpenAI through the framework's own settings: left whole (endpoint, "
                    "key and model ids); the tool does not move this framework call",
                )
            )
    for i, (path, request, group) in enumerate(requests):
        if request.receiver and group not in status and request.plausible and target(group) is None and ids_of[i]:
            plans[path].findings.append(
                Finding(
                    path,
                    request.line,
                    request.column,
                    "dynamic-config",
                    f"cannot tell which client makes this {request.call} request (some clients of the "
                    "repository move, some stay): its model ids are left as they are; check them by hand",
                )
            )

    for path, finding in hosted_findings:
        plans[path].findings.append(finding)
    # A default callers outside the repository may override moved: they must pass ByteSpike ids now.
    for f in facts:
        for slot, what in f.external_defaults.items():
            if slot not in literal_at or not any(target(requests[i][2]) == MOVES for i in reach.get(slot, ())):
                continue
            path, line, col, value = literal_at[slot]
            if (line, col) not in plans[path].held_literals:
                plans[path].findings.append(
                    Finding(
                        path,
                        line,
                        col + 1,
                        "external-default",
                        f"model id {value!r}, the default of {what}, moves with its requests: whoever passes a "
                        "model there from outside the repository (a script, a caller) must pass a ByteSpike id",
                    )
                )
    resolution = Resolution(dict(plans))
    resolution.any_moves = any(s == MOVES for s in status.values())
    for group, ctors in ctor_group.items():
        if status.get(group, MOVES) != MOVES:
            # Azure clients read AZURE_OPENAI_API_KEY and their own endpoint, not OpenAI's variables.
            resolution.key_reader_paths.update(p for p, c in ctors if c.reads_key and c.kind != "azure")
            resolution.url_reader_paths.update(p for p, c in ctors if c.reads_base_url and c.kind != "azure")
    for f in facts:
        if status.get(module_client(f), MOVES) != MOVES and (
            f.module_settings or any(r.receiver == MODULE_CLIENT for r in f.requests)
        ):
            resolution.key_reader_paths.add(f.path)
            resolution.url_reader_paths.add(f.path)
    for path, request, _ in requests:
        if request.receiver is None:  # frameworks read OPENAI_API_KEY unless told otherwise
            resolution.key_reader_paths.add(path)
            resolution.url_reader_paths.add(path)
    resolution.held_variables = frozenset(
        v for _, request, _ in requests if request.receiver is None for v in request.reads
    )
    return resolution


def _config_slot(value: ConfigValue) -> str:
    return f"l|{value.path}|{value.line}:{value.column}|cfg"


def _parse_config_slot(slot: str) -> tuple[str, int, int]:
    _, path, position, _ = slot.split("|")
    line, column = position.split(":")
    return path, int(line), int(column)


UNREWRITTEN = "not rewritten"
_BLOCKERS = {
    UNREWRITTEN: "in a file the tool does not rewrite (no OpenAI package or model id in it)",
    "an Azure OpenAI client": "an Azure OpenAI client",
    "not the OpenAI SDK": "not the OpenAI SDK's client",
    "dynamic endpoint": "given an endpoint the tool cannot follow",
    "dynamic key": "given a key the tool cannot point at a ByteSpike key",
    "other endpoint": "a client of another server",
}


# Requests whose model is never a chat or image model: an id the map moves cannot be meant for them.
_NO_CHAT_MODEL = frozenset({"embeddings", "audio", "moderations"})


def _blocker(ctors) -> tuple | None:
    """The constructor whose own options or kind keep its group where it is, if any."""
    for path, ctor in ctors:
        if ctor.kind in ("azure", "lookalike") or ctor.blocker:
            return path, ctor
    return None


def _client_status(ctors, calls: list[tuple[str, Request]], *, escaped: bool = False) -> str:
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
    stateful = [(p, r) for p, r in calls if r.family]
    if stateful:
        sites = ", ".join(f"{r.call} ({_where(p, r.line)})" for p, r in stateful[:4])
        if len(ctors) > 1:
            others = ", ".join(f"{c.display} ({_where(p, c.line)})" for p, c in ctors[:4])
            return (
                f"the clients {others} flow through the same names (a parameter, a factory), and "
                f"calls on them include {sites}, which ByteSpike does not serve"
            )
        if ctors and all(c.kind == "framework" for _, c in ctors):
            # `OpenAIEmbeddings()`, LangChain's `OpenAI()` LLM: the framework names the API, not the call.
            apis = " and ".join(sorted({r.family.replace("-", " ") for _, r in stateful}))
            return f"it calls {sites}: requests to OpenAI's {apis} API, which ByteSpike does not serve"
        return f"it calls {sites}, which ByteSpike does not serve"
    if blocker:
        return blocker
    # After the APIs ByteSpike does not serve: advice to point an embeddings call at ByteSpike would break it.
    own = next(((p, r) for p, r in calls if r.own_settings), None)
    if own is not None:
        path, request = own
        return (
            f"its request {request.call} ({_where(path, request.line)}) passes its own {request.own_settings}, "
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


def _module_status(
    settings: list[tuple[str, str]], calls: list[tuple[str, Request]], unconfigurable: str | None
) -> str:
    if not settings and unconfigurable:
        return (
            f"the openai module's client is configured from the environment, and {unconfigurable} makes its "
            "requests without `import openai` at its top, where the tool would configure it"
        )
    for path, verdict in settings:
        if verdict != "migratable":
            return f"openai module settings in {path}: {verdict}"
    return _client_status([], calls)


# -- running it: the runner's step between the first pass and the reports --------------------------------

CONFIG_KINDS = frozenset({"dotenv", "toml", "yaml", "json"})
_DOCS = (".md", ".rst", ".txt", ".adoc", ".html", ".htm", ".ipynb")
KEY_VARIABLE = b"OPENAI_API_KEY"
URL_VARIABLES = (b"OPENAI_BASE_URL", b"OPENAI_API_BASE")


@dataclass(frozen=True)
class EnvDecision:
    """§3.7.3: what env files do with OpenAI's variables, given who still reads them after the rewrite."""

    key_readers: tuple[str, ...]  # who still reads OPENAI_API_KEY (empty: rename it)
    url_readers: tuple[str, ...]  # who still reads OPENAI_BASE_URL / OPENAI_API_BASE (empty: point it at ByteSpike)
    add_key: bool  # a ByteSpike key is needed beside a kept OPENAI_API_KEY
    held: tuple[str, ...] = ()  # other variables read by what stays (CrewAI's BASE_URL): left as they are
    # Files no rule edits that set the key for the commands they run (a Makefile's `OPENAI_API_KEY=x pytest`, a
    # Dockerfile's `ENV`): (path, line, column).
    setters: tuple[tuple[str, int, int], ...] = ()


def _config_values(name: str, data: bytes, result) -> list[ConfigValue]:
    values = []
    lines = None
    for edit in result.edits:
        if edit.rule != "model-id":
            continue
        if lines is None:
            lines = data.decode("utf-8", "replace").splitlines()
        text = lines[edit.line - 1] if edit.line <= len(lines) else ""
        if name == "dotenv":
            head = text.split("=", 1)[0].strip()
            variable = head.removeprefix("export").strip() or None
        else:
            # An environment variable set in compose, CI or a settings file (`CHAT_MODEL: gpt-4o`): the value
            # of the variable the program reads by that name.
            match = _ENV_KEY.match(text)
            variable = match.group(1) if match and match.end() <= edit.column else None
        values.append(ConfigValue(result.path, edit.line, edit.column, _whole_id(data, edit), variable))
    return values


_ENV_KEY = re.compile(r"""[ \t]*(?:-[ \t]+)?["']?([A-Z][A-Z0-9_]*)["']?[ \t]*[:=]""")
_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-")


def _whole_id(data: bytes, edit) -> str:
    """The whole model id an edit changes part of (an editor may change `4o` in `gpt-4o-mini`)."""
    lines = data.decode("utf-8", "replace").splitlines()
    if not 0 < edit.line <= len(lines):
        return edit.old
    text = lines[edit.line - 1]
    start = edit.column - 1
    end = start + len(edit.old)
    if text[start:end] != edit.old:
        return edit.old
    while start > 0 and text[start - 1] in _ID_CHARACTERS:
        start -= 1
    while end < len(text) and text[end] in _ID_CHARACTERS:
        end += 1
    return text[start:end]


def _variables(rules) -> tuple[bytes, tuple[bytes, ...]]:
    """The provider's key variable and URL variables (OPENAI_API_KEY; OPENAI_BASE_URL, OPENAI_API_BASE)."""
    if rules is None or rules.provider == "openai":
        return KEY_VARIABLE, URL_VARIABLES
    return rules.openai_key_env.encode(), tuple(v.encode() for v in rules.url_variables)


def _reads(data: bytes, names: tuple[bytes, ...]) -> bool:
    upper = data.upper() if names[0].lower().split(b"_")[0] + b"_" in data else data
    return any(n in upper for n in names)


def cohere(
    items: list,
    results: list,
    rules,
    found,
    env_readers: list[str],
    rerun,
    context: list[ModuleFacts] | None = None,
    others: list[tuple[str, str, bytes]] | None = None,
    remember=None,
) -> list:
    """Resolve the first pass's facts across the repository, and redo the files whose plan holds
    something back; `rerun` processes (kind, path, bytes, plan) items like the first pass did. `context`:
    facts of the repository's other modules, when only some of its files are looked at; `others`: the
    Python files the byte search passed over, as the runner read them; `remember(what, inputs, compute)`:
    the cache's (cache.py), for the resolution."""
    facts = list(context or [])
    config_values: list[ConfigValue] = []
    for (name, _, data), result in zip(items, results):
        if result.facts is not None:
            facts.append(result.facts)
            result.facts = None
        elif name in CONFIG_KINDS:
            config_values.extend(_config_values(name, data, result))
    if any(result.changed for (name, _, _), result in zip(items, results) if name in CONFIG_KINDS):
        # Env files follow what still reads them (SPEC §3.7.3), frameworks that read OpenAI's variables
        # without naming OpenAI in the file (CrewAI's `Agent()`, `completion(model=settings.model)`) too.
        readers = _framework_files(items, rules, others)
        if readers:
            # Not rewritten in this run: what they hold stays as it is, and reads what it reads now.
            facts.extend(_unmoved(r.facts) for r in rerun(readers) if r.facts is not None)
    if not facts and not any(name == "dotenv" for name, _, _ in items):
        return results  # no Python client or request anywhere: the configuration files' own rules stand
    if others and any(r.receiver == MODULE_CLIENT for f in facts for r in f.requests):
        # The module client is one per program; which modules form a program takes the imports of the
        # modules the byte search passed over too (a `main.py` that imports two others).
        seen = {item[1] for item in items}
        facts.extend(
            ModuleFacts(shown, module_name(shown), imports=import_names(shown, data))
            for _, shown, data in others
            if shown not in seen
        )
    # With no code at all, the configuration files' own rules stand, but for env files: a compose file, a
    # CI workflow or a script still reading OPENAI_API_KEY keeps it (SPEC §3.7.3).
    if not facts:
        resolution = Resolution({})
    elif remember is None:
        resolution = resolve(facts, config_values, split=rules.split)
    else:  # a warm run (`apply` after `diff`) decides once
        resolution = remember(
            "resolution",
            _fingerprint(facts, config_values, rules.split),
            lambda: resolve(facts, config_values, split=rules.split),
        )
    plans = resolution.plans
    index = {item[1]: i for i, item in enumerate(items)}

    def redo(paths: list[str]) -> None:
        todo = [(*items[index[p]][:3], plans[p]) for p in paths]
        for path, result in zip(paths, rerun(todo)):
            result.facts = None
            results[index[path]] = result

    # TypeScript modules were decided by their own project (their facts only tell what they read). A Python
    # file whose plan only adds findings (`external-default`) keeps its first pass, findings added: analysing
    # it again would change nothing else.
    again = []
    for p, plan in plans.items():
        if not plan or p not in index or items[index[p]][0] in ("dotenv", "typescript"):
            continue
        if items[index[p]][0] == "python" and plan == FilePlan(findings=plan.findings):
            result = results[index[p]]
            result.findings = sorted(set(result.findings) | set(plan.findings))
            continue
        again.append(p)
    redo(again)

    decision = _env_decision(items, results, resolution, found, env_readers, rules)
    key_variable, url_variables = _variables(rules)
    # An env file serves the code of its folder and below: where none of that code now reads the ByteSpike
    # key (a sub-project where nothing moved), its variables stay as they are.
    moving = _moving_folders(items, results, rules)
    for path, line, column in decision.setters:
        if _serves(path, moving) and rules is not None:
            # Not a file any rule edits: what it sets, the code it runs no longer reads.
            results.append(
                FileResult(
                    path,
                    findings=[
                        Finding(
                            path,
                            line,
                            column,
                            "dynamic-config",
                            f"sets {rules.openai_key_env} for what it runs, and code it serves now reads "
                            f"{rules.key_env}: set {rules.key_env} there too (a placeholder, where this one is)",
                        )
                    ],
                )
            )
    code = any(kind in ("python", "typescript", "notebook") for kind, _, _ in items) or bool(context)
    for kind, shown, _ in items:
        if kind == "dotenv" and code:
            plan = plans.setdefault(shown, FilePlan())
            if not _serves(shown, moving):
                plan.env = _UNSERVED
            else:  # what reads the variables is the code of its folder and below
                plan.env = EnvDecision(
                    _under(shown, decision.key_readers),
                    _under(shown, decision.url_readers),
                    add_key=bool(_under(shown, decision.key_readers)),
                    held=decision.held,
                )
    if decision.key_readers or decision.url_readers or decision.held:
        followers = [
            item[1]
            for item in items
            if item[0] in CONFIG_KINDS
            and _reads(item[2], (key_variable, *url_variables, *(v.encode() for v in decision.held)))
        ]
        for path in followers:
            plan = plans.setdefault(path, FilePlan())
            if plan.env is None:
                # A compose file or CI workflow hands the ByteSpike key on only to code of its own that moved.
                plan.env = decision if _serves(path, moving) else replace(decision, add_key=False)
        redo(sorted(set(followers) | {p for p in plans if p in index and items[index[p]][0] == "dotenv" and plans[p]}))
    else:
        redo([p for p, plan in plans.items() if plan and p in index and items[index[p]][0] == "dotenv"])
    return results


def _hosted_tools_elsewhere(facts, requests, canon) -> list[tuple[str, Finding]]:
    """Requests whose `tools` come from another module (`from app.tools import TOOLS`, a function there) that
    builds a hosted tool of OpenAI's stored objects (`{"type": "file_search"}`): they are in that tool's family,
    like a request that names it inline (flow.hosted_tool). `requests` is updated in place; the findings to
    add, by path."""
    hosted = {canon(slot): kind for f in facts for slot, kind in f.hosted_tools.items()}
    if not hosted or not any(r.tools and not r.family for _, r, _ in requests):
        return []
    incoming: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        for target, source in f.edges:
            incoming[canon(target)].add(canon(source))
    found = []
    for index, (path, request, group) in enumerate(requests):
        if not request.tools or request.family:
            continue
        reached = set().union(*(_walk(canon(s), incoming) for s in request.tools))
        family, tool = next((hosted[s] for s in sorted(reached) if s in hosted), ("", ""))
        if not family:
            continue
        requests[index] = (path, replace(request, family=family, call=f"{request.call} with its {tool} tool"), group)
        found.append(
            (
                path,
                Finding(
                    path,
                    request.line,
                    request.column,
                    "unsupported-api",
                    f"{family}: this request's {tool} tool (its tools are built in another module) works on "
                    "objects stored on OpenAI, which ByteSpike does not have: keep it on an OpenAI client",
                ),
            )
        )
    return found


def _names_a_provider(call: str) -> bool:
    """A framework's class named for one provider (`ChatAnthropic`, `AnthropicModel`, LlamaIndex's `OpenAI`):
    it reaches that provider whatever its model, by default too."""
    name = call.rsplit(".", 1)[-1].lower()
    return "openai" in name or "anthropic" in name or "claude" in name


def _fingerprint(facts: list[ModuleFacts], config_values: list[ConfigValue], split: bool) -> bytes:
    """Bytes equal in every process for equal inputs of `resolve` (a set's order follows string hashing, which
    changes between interpreters: sets are sorted first). A pickle, not `cache.canonical`: ten times faster on
    a large repository's facts."""
    import hashlib
    import pickle

    digest = hashlib.sha1(repr((split, sorted(map(repr, config_values)))).encode())
    for f in facts:
        fields = tuple(sorted(v) if isinstance(v, (set, frozenset)) else v for v in vars(f).values())
        digest.update(pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.digest()


_UNSERVED = EnvDecision(
    ("the code it serves, none of which moves",), ("the code it serves, none of which moves",), add_key=False
)


def _moving_folders(items, results, rules) -> set[str]:
    """The folders of the code files this provider's run points at ByteSpike (a file that read the ByteSpike
    key before the run, another provider's migration, is not a reason to change this provider's variables:
    a second `apply` changes nothing)."""
    key = rules.key_env.encode()
    folders = set()
    for (kind, shown, _), result in zip(items, results):
        if kind in CONFIG_KINDS or not result.changed or result.new_data is None:
            continue
        if key in result.new_data:
            folders.add(shown.rsplit("/", 1)[0] if "/" in shown else "")
    return folders


def _under(env_file: str, readers: tuple[str, ...]) -> tuple[str, ...]:
    """The readers an env file serves: files of its folder and below (a description that names no file counts
    wherever it stands)."""
    home = env_file.rsplit("/", 1)[0] + "/" if "/" in env_file else ""
    return tuple(r for r in readers if r.startswith(home) or " " in r)


def _serves(env_file: str, folders: set[str]) -> bool:
    """Whether code in `folders` is served by the env, compose or CI file: the code of its folder and below (a
    CI configuration serves the whole repository)."""
    home = env_file.rsplit("/", 1)[0] if "/" in env_file else ""
    if env_file.startswith((".github/", ".circleci/", ".gitlab/")) or env_file.endswith(".gitlab-ci.yml"):
        home = ""
    return any(home == "" or folder == home or folder.startswith(home + "/") for folder in folders)


def _framework_files(items, rules, others) -> list[tuple[str, str, bytes]]:
    """The Python files the byte search passed over that use a framework entry point reaching OpenAI through
    its own settings (`[frameworks]` in the rules): a file that imports the package and calls the name.
    They are analysed for the resolution only (their own results are not kept): what stays of them reads
    OpenAI's key, endpoint and, for some, model variables (CrewAI's `Agent()` reads OPENAI_MODEL_NAME)."""
    names: dict[str, set[bytes]] = defaultdict(set)
    for package, name in (*rules.framework_requests, *rules.framework_entries, *rules.framework_implicit):
        names[package].add(name.encode() + b"(")
    if not names:
        return []
    seen = {item[1] for item in items}
    candidates = [(shown, data) for _, shown, data in others or () if shown not in seen]  # read by the runner
    # One pass over each file's bytes for every package's name (most files name none).
    any_package = re.compile(b"|".join(re.escape(p.encode()) for p in sorted(names, key=len, reverse=True)))
    found_files = []
    for shown, data in candidates:
        if any_package.search(data) is None:
            continue
        imported = {name.split(".")[0] for name in import_names(shown, data)}
        if any(any(call in data for call in names[package]) for package in imported & names.keys()):
            found_files.append(("python", shown, data))
    return found_files


def _unmoved(facts: ModuleFacts) -> ModuleFacts:
    facts.constructors = [replace(c, blocker=c.blocker or UNREWRITTEN) for c in facts.constructors]
    return facts


def _env_decision(items, results, resolution: Resolution, found, env_readers: list[str], rules=None) -> EnvDecision:
    key_variable, url_variables = _variables(rules)  # the provider's: OPENAI_API_KEY, ANTHROPIC_API_KEY
    key_readers: list[str] = []
    url_readers: list[str] = []
    setters: list[tuple[str, int, int]] = []
    key_readers.extend(sorted(resolution.key_reader_paths))  # clients that stay and read it from the environment
    url_readers.extend(sorted(resolution.url_reader_paths))
    seen = set()
    for (name, shown, data), result in zip(items, results):
        seen.add(shown)
        if name in CONFIG_KINDS:
            if any(f.rule == "client-kept-on-openai" for f in result.findings):  # a framework's entry
                left = result.new_data if result.changed and result.new_data is not None else data
                if key_variable in left:  # what still names the variable once the entries that move moved
                    key_readers.append(shown)
                if any(n in left for n in url_variables):
                    url_readers.append(shown)
            elif name != "dotenv":  # a compose file or CI workflow handing the variable on to what it runs
                if passes_through(data, key_variable.decode()) or (
                    name == "yaml" and defines(data, key_variable.decode())
                ):
                    key_readers.append(shown)
                if any(passes_through(data, n.decode()) for n in url_variables):
                    url_readers.append(shown)
            continue
        text = result.new_data if result.changed else data
        if result.env_reads:
            reads = result.env_reads
            if key_variable.decode() in reads:
                key_readers.append(shown)
            if reads & {v.decode() for v in url_variables}:
                url_readers.append(shown)
            continue
        if _reads(text, (key_variable,)):
            key_readers.append(shown)
        if _reads(text, url_variables):
            url_readers.append(shown)
    key_readers += env_readers
    url_readers += env_readers
    if found is not None:
        from migrate_cli.handlers import handler_for

        for path, shown, size in found.files:
            if shown in seen or size > 512 * 1024 or shown.endswith(_DOCS) or handler_for(path) is not None:
                continue
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                continue
            if key_variable in data:
                key_readers.append(shown)
                setter = _sets_variable(data, key_variable)
                if setter is not None:
                    setters.append((shown, *setter))
            if any(n in data for n in url_variables):
                url_readers.append(shown)
    return EnvDecision(
        tuple(dict.fromkeys(key_readers)),
        tuple(dict.fromkeys(url_readers)),
        add_key=bool(key_readers) and resolution.any_moves,
        held=tuple(sorted(resolution.held_variables)),
        setters=tuple(setters),
    )


def _sets_variable(data: bytes, variable: bytes) -> tuple[int, int] | None:
    """(line, column) where a script, Makefile or Dockerfile sets `variable` for what it runs
    (`OPENAI_API_KEY=x pytest`, `export OPENAI_API_KEY=…`, `ENV OPENAI_API_KEY …`), or None."""
    found = re.search(rb"(?m)(?:^|[\s;(])(?:export\s+|ENV\s+)?(" + re.escape(variable) + rb")(?:=|\s+\S)", data)
    if found is None or data[: found.start(1)].rstrip(b" \t").endswith((b"$", b"${", b"%")):
        return None
    line = data.count(b"\n", 0, found.start(1)) + 1
    return line, found.start(1) - (data.rfind(b"\n", 0, found.start(1)) + 1) + 1


_IMPORT = None


def import_names(shown: str, data: bytes) -> set[str]:
    """The absolute names a Python file imports, from its import lines alone (no parse)."""
    import re

    global _IMPORT
    if _IMPORT is None:
        _IMPORT = re.compile(
            rb"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([\w, \t]+)|import[ \t]+([\w., \t]+))", re.MULTILINE
        )
    names: set[str] = set()
    module = module_name(shown)
    for match in _IMPORT.finditer(data):
        source, imported, plain = (g.decode("utf-8", "replace") if g else None for g in match.groups())
        if plain is not None:
            names.update(n.split(" as ")[0].strip() for n in plain.split(","))
        else:
            base = _resolve_relative(source or "", module, shown.endswith("__init__.py"))
            names.add(base)
            names.update(f"{base}.{n.split(' as ')[0].strip()}" for n in (imported or "").split(","))
    return names


def neighbours(facts: list[ModuleFacts], others: list[tuple[str, str, bytes]]) -> list[int]:
    """Which of `others` (path, shown, bytes) import a module whose facts hold a client, a request or a
    model id, or are imported by one: they use or serve what it defines without naming the SDK (a helper
    that takes the client as a parameter), so the byte search passed them over."""
    interesting = [f for f in facts if f.constructors or f.requests or f.module_settings or f.literals]
    if not interesting:
        return []
    modules = _Modules(interesting)
    tails = {f.module.rsplit(".", 1)[-1].encode() for f in interesting if f.module}
    imported = _Modules([ModuleFacts(shown, module_name(shown)) for _, shown, _ in others])
    wanted = {imported.module_of(name) for f in interesting for name in f.imports} - {None}
    found = []
    for index, (_, shown, data) in enumerate(others):
        if module_name(shown) in wanted or (
            any(tail in data for tail in tails)
            and any(modules.module_of(name) is not None for name in import_names(shown, data))
        ):
            found.append(index)
    return found
