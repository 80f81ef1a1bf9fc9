"""Where model ids go: the repository's value flows as a directed graph, and what each request's model can be.

The facts of every module (python/facts.py) give edges `(target, source)`. This module adds the edges that need the
whole repository: arguments into the parameters of the function called (by name, when the call's object
cannot be named: `agent.ask(m)` reaches every `ask` of the repository), keyword arguments of a class with no
`__init__` of its own into its fields (a dataclass, a pydantic model), class fields and options into the
attribute reads that may see them (`f|model`), the repository's methods into the calls made by name
(`r|ask`), and configuration values into the environment variables they set.

A request's model is then the backward closure of its model's slots: the model-id literals in it are the ids
it may send, and the slots in it that nothing flows into and that are not values themselves are what the
analysis cannot follow (`Unknown`): a parameter nothing in the repository passes, a library's return value,
an environment variable set where the program runs. An unknown may come from outside the repository
(`external`), or only from code the analysis does not follow (then it can only hold the repository's own ids).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from migrate_cli.python.facts import ModuleFacts


@dataclass(frozen=True)
class Unknown:
    """A value the analysis cannot follow into a request's model."""

    what: str  # what it is, for a finding: "`request.json()` (app/main.py:12)"
    external: bool  # it may come from outside the repository


# Slots that are values of their own: a model-id literal, another string, a client, a known non-id value, a
# configuration file of the repository.
_VALUES = ("l|", "s|", "c|", "k|", "cfg|")


def method_of(
    callee: str,
    canon: Callable[[str], str],
    classes: set[str],
    functions: dict[str, tuple[str, ...]],
    roots: frozenset[str],
) -> str:
    """`t|run|<class>`, a method called on an instance of a known class: that class's own method, else (a method it
    inherits, a class of the repository's packages the analysis did not read) `r|run`, every method of the
    repository of that name; "" for a class of another package (`OpenAIProvider().get_model(m)` from the Agents
    SDK calls no `get_model` of the repository). `roots`: the top-level packages of the repository's modules
    (`class_roots`)."""
    method, cls = callee[2:].split("|", 1)
    cls = canon(cls)
    if cls in classes:
        _, module, name = cls.split("|", 2)
        own = f"a|{module}|{name}|{method}"
        if own in functions:
            return own
    elif cls.startswith("i|") and cls[2:].split(".", 1)[0] not in roots:
        return ""
    return f"r|{method}"


def class_roots(facts: Iterable[ModuleFacts]) -> frozenset[str]:
    """The top-level packages of the repository's modules."""
    return frozenset(f.module.split(".", 1)[0] for f in facts)


# Calls that call what they are given with the caller's own values: no entry from outside.
_FORWARDING = frozenset(
    {
        "map", "filter", "sorted", "min", "max", "reduce", "partial", "submit", "map_async", "apply_async", "starmap",
        "imap", "imap_unordered", "Thread", "Process", "Timer", "run_in_executor", "to_thread", "create_task",
        "ensure_future", "gather", "wait_for", "run", "call_soon", "call_later", "wraps", "cache", "lru_cache",
    }
)  # fmt: skip
_STANDARD = frozenset({"functools", "itertools", "concurrent", "asyncio", "threading", "multiprocessing", "builtins"})


class FlowGraph:
    def __init__(
        self,
        facts: list[ModuleFacts],
        canon: Callable[[str], str],
        config_edges: Iterable[tuple[str, str]],
        functions: dict[str, tuple[str, ...]],
    ) -> None:
        self.incoming: dict[str, set[str]] = defaultdict(set)
        self.unknowns: dict[str, tuple[int, int, str, bool | str]] = {}
        self.entry_params: dict[str, str] = {}
        self.where: dict[str, str] = {}  # module -> path, for findings
        loaded: set[str] = set()
        classes: set[str] = set()
        for f in facts:
            self.unknowns.update(f.unknowns)
            self.entry_params.update(f.entry_params)
            loaded |= f.loaded_names
            classes.update(f"m|{f.module}|{c}" for c in f.classes)
            self.where[f.module] = f.path
            for target, source in f.edges:
                self._add(canon(target), canon(source))
        for target, source in config_edges:
            self._add(target, source)
        self.functions = functions
        self.kwargs_params = {fn: slot for f in facts for fn, slot in f.kwargs_params.items()}
        self.classes = classes
        self.roots = class_roots(facts)
        self.loaded = loaded
        self.param_of: dict[str, str] = {p: fn for fn, params in functions.items() for p in params}
        by_name: dict[str, list[str]] = defaultdict(list)
        for fn in functions:
            by_name[fn.rsplit("|", 1)[-1]].append(fn)
        self.by_name = by_name
        for f in facts:
            for given, arguments, via_instance in f.calls:
                callee = self.method_of(given, canon, functions) if given.startswith("t|") else given
                self.bind(canon(callee), [(position, canon(source)) for position, source in arguments], via_instance)
                self._handed_functions(given, canon(callee) if callee else "", arguments, canon, functions)
        # Every class attribute of the repository (also one a constructor's keyword fills: `Config(id="…")` of a
        # dataclass, bound above) flows into the reads of that attribute on objects the analysis cannot name;
        # every function into the calls made by its name.
        fields: dict[str, list[str]] = defaultdict(list)
        for slot in list(self.incoming):
            if slot.startswith("a|") and slot not in functions:
                fields[slot.rsplit("|", 1)[-1]].append(slot)
        for name, slots in fields.items():
            for slot in slots:
                self._add(f"f|{name}", slot)
        for name, fns in by_name.items():
            for fn in fns:
                self._add(f"r|{name}", fn)
        self._summaries: dict[str, frozenset[str]] = {}
        self._unknown_memo: dict[str, Unknown | None] = {}

    def _handed_functions(
        self,
        given: str,
        callee: str,
        arguments: tuple[tuple[int | str, str], ...],
        canon: Callable[[str], str],
        functions: dict[str, tuple[str, ...]],
    ) -> None:
        """A function of the repository handed to another package's code (`builder.add_node("call", call_model)`,
        a LangGraph node): that code calls it, with values from outside the repository (the run's `config`). Not
        the standard library's callers of what they are given (`map`, `executor.submit`, `Thread(target=…)`)."""
        if callee and not (callee.startswith("i|") and callee[2:].split(".", 1)[0] not in self.roots):
            return  # the repository's own code, followed (or a method of its own by name)
        name = given.split("|")[1] if given.startswith("t|") else callee[2:]
        if name.rsplit(".", 1)[-1] in _FORWARDING or name.split(".", 1)[0] in _STANDARD:
            return
        for _, source in arguments:
            fn = canon(source)
            for param in functions.get(fn, ()):
                what = f"a parameter of `{fn.rsplit('|', 1)[-1]}`, which `{name}` (another package's code) calls"
                self.entry_params.setdefault(param, what)

    def method_of(self, callee: str, canon: Callable[[str], str], functions: dict[str, tuple[str, ...]]) -> str:
        return method_of(callee, canon, self.classes, functions, self.roots)

    def _add(self, target: str, source: str) -> None:
        if target != source:
            self.incoming[target].add(source)

    def bind(self, callee: str, arguments: list[tuple[int | str, str]], via_instance: bool) -> None:
        """Arguments flow into the parameters of what is called: a function or method of the repository, a
        class's `__init__`, or the fields of a class that has none (dataclass, pydantic, attrs)."""
        if callee.startswith("r|"):
            targets = self.by_name.get(callee[2:], [])
            for fn in targets:
                self._bind(fn, self.functions[fn], arguments, True)
            return
        params = self.functions.get(callee)
        if params:
            self._bind(callee, params, arguments, via_instance)
            return
        if callee in self.classes:
            _, module, name = callee.split("|", 2)
            init = f"a|{module}|{name}|__init__"
            if init in self.functions:
                self._bind(init, self.functions[init], arguments, True)
            else:
                for position, source in arguments:
                    if isinstance(position, str):
                        self._add(f"a|{module}|{name}|{position}", source)

    def _bind(
        self, fn: str, params: tuple[str, ...], arguments: list[tuple[int | str, str]], via_instance: bool
    ) -> None:
        shift = 1 if (via_instance or fn.startswith("a|")) and params and params[0].endswith(("|self", "|cls")) else 0
        kwargs = self.kwargs_params.get(fn)
        named = [p for p in params if p != kwargs]
        by_name = {p.rsplit("|", 1)[1]: p for p in named}
        for position, source in arguments:
            if isinstance(position, int):
                if position + shift < len(named):
                    self._add(named[position + shift], source)
            elif position in by_name:
                self._add(by_name[position], source)
            elif kwargs is not None:  # `ask(model="gpt-4o")` into `def ask(messages, **kwargs)`; `**opts` too
                self._add(kwargs, source)

    # -- reading it ---------------------------------------------------------------------------------------

    def _sources_of(self, slot: str) -> Iterable[str]:
        found = self.incoming.get(slot, ())
        if slot.startswith("o|"):
            # `args.model`: this file's option, and what code anywhere sets `.model` to (`args.model = …` in a helper
            # it is handed to); where this file's parser defines no such option (it is built in another module),
            # what every option of that name gives.
            attr = slot.rsplit("|", 1)[1]
            return (*found, f"fa|{attr}") if found else (f"f|{attr}",)
        if slot.startswith("m|") and "." in slot.rsplit("|", 1)[-1]:
            # `m|app|args.model`: an attribute of a module-level object is also what the object holds and what
            # its class fields or command-line options of that name give (not a client flow: here only).
            head, attr = slot.rsplit(".", 1)
            return (*found, head, f"f|{attr}")
        if slot.startswith("a|") and slot.count("|") == 3:
            # `ModelConfig(**yaml.safe_load(f)["model"])` of a class with no `__init__` (pydantic, a dataclass):
            # what the mapping holds goes into any of its fields (`bind`, under "**").
            spread = slot.rsplit("|", 1)[0] + "|**"
            if spread in self.incoming:
                return (*found, spread)
        return found

    def summary(self, slot: str, interesting: Callable[[str], bool]) -> frozenset[str]:
        """The interesting slots (literals, unknowns, …) whose value can reach `slot`: its backward closure,
        kept small. Computed once per strongly connected component of the graph (Tarjan's algorithm, without
        recursion) and shared, so that thousands of requests over a large repository's graph cost one walk
        of it: measured on openai-agents-python (920 files), a closure per request took 28 s, this 1 s."""
        return summarise(slot, self._sources_of, interesting, self._summaries)

    def unknown(self, slot: str) -> Unknown | None:
        """What `slot` is, when nothing the analysis follows flows into it and it is no value of its own."""
        if slot in self._unknown_memo:
            return self._unknown_memo[slot]
        found = self._unknown(slot)
        self._unknown_memo[slot] = found
        return found

    def _unknown(self, slot: str) -> Unknown | None:
        if slot.startswith("u|"):
            line, _, what, external = self.unknowns.get(slot, (0, 0, "a value", True))
            path = slot.split("|")[1]
            if isinstance(external, str):  # a method called by name: the repository's, or a library's
                external = not self.by_name.get(external)
            return Unknown(f"{what} ({path}:{line})", external)
        if slot.startswith((*_VALUES, "o|", "fa|")) or self.incoming.get(slot) or slot.endswith("#own"):
            return None  # (what a base's own code gives an attribute: nothing, where it gives none; an option: its
            # sources, or every option of its name)
        if slot.startswith("e|"):
            return Unknown(
                f"the environment variable {slot[2:].split('|')[0]}, which no env file of the repository sets to an "
                "id the tool knows for that code (in its folder or above) and no default gives",
                True,
            )
        if slot.startswith("i|"):
            return Unknown(f"`{slot[2:]}`, from outside the repository", True)
        if slot.startswith("fx|"):
            return Unknown(f"the pytest fixture `{slot[3:]}`, which the repository does not define", True)
        if slot.startswith("f|"):
            # `self.model` where nothing in the repository sets `.model` (no assignment, no class field, no
            # keyword of a constructor): the object's own sources cannot give it either.
            return Unknown(f"the attribute `.{slot[2:]}`, which nothing in the repository sets", True)
        if slot.startswith("r|") or (slot.startswith("m|") and "." in slot.rsplit("|", 1)[-1]):
            return None  # the object's own slots, beside it in the closure, say where it comes from
        if slot in self.functions or slot in self.classes:
            return None  # a function that returns nothing followed, an instance of a class of the repository
        if slot in self.entry_params:
            return Unknown(f"`{slot.rsplit('|', 1)[-1]}`, {self.entry_params[slot]}", True)
        fn = self.param_of.get(slot)
        if fn is not None:
            return self._unknown_parameter(fn, slot.rsplit("|", 1)[-1])
        if slot.startswith("a|"):
            # `self.model` in a class where nothing in the repository sets it (a base class of a library, a
            # framework that fills it): it comes from outside.
            _, _, owner, attribute = slot.split("|", 3)
            return Unknown(f"the attribute `{owner}.{attribute}`, which nothing in the repository sets", True)
        return Unknown(f"`{slot.rsplit('|', 1)[-1]}`", False)

    def _unknown_parameter(self, fn: str, param: str) -> Unknown | None:
        """A parameter no call the analysis follows gives a value: called in ways the tool does not follow (a name
        the repository loads, a private function), or from outside the repository."""
        name = fn.rsplit("|", 1)[-1]
        if param in ("self", "cls"):
            return None
        if name == "__init__":  # called when its class is: by the class's name
            name = fn.rsplit("|", 2)[-2]
        if name in self.loaded or (name.startswith("_") and not name.startswith("__")):
            return Unknown(
                f"the parameter `{param}` of `{name}`, which the repository calls in ways the tool does not follow",
                False,
            )
        return Unknown(
            f"the parameter `{param}` of `{name}`, which nothing in the repository calls: its callers are outside it",
            True,
        )

    def unknowns_in(self, closure: Iterable[str]) -> list[Unknown]:
        found = [u for u in (self.unknown(slot) for slot in closure) if u is not None]
        return sorted(set(found), key=lambda u: (not u.external, u.what))


def summarise(
    slot: str,
    sources: Callable[[str], Iterable[str]],
    interesting: Callable[[str], bool],
    memo: dict[str, frozenset[str]],
) -> frozenset[str]:
    """The interesting slots among everything `sources` reaches from `slot`, itself included. Computed once per
    strongly connected component (Tarjan's algorithm, without recursion) and kept in `memo`, which later calls
    share: one walk of the graph for all the slots asked about."""
    if slot in memo:
        return memo[slot]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    counter = 0
    work: list[tuple[str, Iterator[str]]] = []

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        work.append((node, iter(sources(node))))

    visit(slot)
    while work:
        node, successors = work[-1]
        advanced = False
        for nxt in successors:
            if nxt in memo:
                continue
            if nxt not in index:
                visit(nxt)
                advanced = True
                break
            if nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if advanced:
            continue
        work.pop()
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[node])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            own = [m for m in component if interesting(m)]
            members = set(component)
            below = {id(memo[nxt]): memo[nxt] for member in component for nxt in sources(member) if nxt not in members}
            if not own and len(below) <= 1:
                # A chain (`a = b`): the one summary below is shared, not copied.
                frozen = next(iter(below.values()), frozenset())
            else:
                frozen = frozenset(own).union(*below.values())
            for member in component:
                memo[member] = frozen
    return memo[slot]
