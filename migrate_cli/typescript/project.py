"""The TypeScript/JavaScript side of a repository, resolved as one program (docs/design.md).

Clients are found where they are built (`new OpenAI(...)`, `createOpenAI(...)`) and followed through
names, class fields, factory functions and the imports and exports between modules to every request
made on them. A client that makes a request ByteSpike does not serve stays on OpenAI, with every model
id its requests need; a model id that reaches both a kept and a moving client keeps both. Model ids are
followed from the literal to the requests that use it the same way.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from migrate_cli.formats.dotenv import serves
from migrate_cli.pipeline.ruleset import RECORD_NAMES, Ruleset
from migrate_cli.typescript.module import (
    CLASSES,
    ESCAPES,
    FUNCTIONS,
    Binding,
    Module,
    base_class,
    enclosing,
    env_name,
    package_spec,
)
from migrate_cli.typescript.syntax import callee_chain, member_chain, string_content, text_of, unwrap, walk

if TYPE_CHECKING:
    from collections.abc import Iterator

_JS_EXTENSIONS = (".js", ".jsx", ".mjs", ".cjs")
# The SDK methods whose options name a model (`chat.completions.create`, `responses.stream`, `….parse`).
_TAKES_A_MODEL = frozenset({"create", "stream", "parse", "runTools", "generate", "edit", "createVariation"})
_DEPTH = 12
# Expressions that wrap a value without changing it: `(x)`, `await x`, `x as T`, `x!`, `x satisfies T`.
_WRAPPERS = (
    "parenthesized_expression",
    "await_expression",
    "as_expression",
    "non_null_expression",
    "satisfies_expression",
)


@dataclass(eq=False)
class Request:
    module: Module
    call: Node
    path: tuple[str, ...]
    family: str | None  # an unsupported API family, or None
    client: Client | None = None
    tool: str = ""  # the hosted tool (or stored file) that puts a served endpoint's request in `family`


@dataclass(eq=False)
class Client:
    module: Module
    node: Node  # the constructor or factory call; the import for the AI SDK's default provider
    # "sdk", "azure", "legacy" (v3's OpenAIApi), "ai-sdk" (createOpenAI), "default" (the AI SDK's `openai`),
    # "lookalike" (another package's OpenAI class: LangChain's ChatOpenAI, …)
    kind: str
    display: str = ""
    requests: list[Request] = field(default_factory=list)
    kept: str = ""  # why it does not move; empty when it moves
    other_endpoint: str | None = None
    escapes: list[tuple[Module, Node]] = field(default_factory=list)
    options: Node | None = None  # the options object literal, when there is one
    # A "split" client (README, What it changes in Python code): the ByteSpike client declared beside `split_from`.
    split_from: str = ""
    statement: Node | None = None  # the original's declaration, after which this one goes
    renamed: list[Node] = field(default_factory=list)  # the receivers of the calls that move to it
    sites: str = ""  # the original's calls that stay, for its finding


@dataclass(frozen=True)
class Reach:
    """Where a value goes: the clients whose requests it reaches, whether it also goes where the tool cannot
    follow (`lost`), and where it is a key looked up in data the tool does not rewrite (a table read from a
    JSON file or an API: `prices[model]`), or the body of a request made without the SDK (`fetch(
    "https://api.openai.com/v1/chat/completions", { body })`), as "path:line"."""

    clients: frozenset[Client] = frozenset()
    lost: bool = False
    looked_up: tuple[str, ...] = ()
    raw: tuple[str, ...] = ()
    handed: tuple[str, ...] = ()  # `new Metric({ model })` of a package, `expect(pkg()).toBe(id)`: "`call` (path:line)"
    # Requests on a client only code outside the repository gives: "`client` of `ask`".
    external: tuple[str, ...] = ()
    # Where it is compared with another value for equality (`x.id === id`): "path:line".
    compared: tuple[str, ...] = ()

    def __or__(self, other: Reach) -> Reach:
        return Reach(
            self.clients | other.clients,
            self.lost or other.lost,
            self.looked_up + tuple(w for w in other.looked_up if w not in self.looked_up),
            self.raw + tuple(w for w in other.raw if w not in self.raw),
            self.handed + tuple(w for w in other.handed if w not in self.handed),
            self.external + tuple(w for w in other.external if w not in self.external),
            self.compared + tuple(w for w in other.compared if w not in self.compared),
        )


_LOST = Reach(lost=True)


_MODEL_OPTION = re.compile(r"(?:--model(?:-name)?|\s-m)[= ]['\"]?$")


def _equality(node: Node) -> bool:
    operator = node.child_by_field_name("operator") if node.type == "binary_expression" else None
    return operator is not None and operator.type in ("===", "!==", "==", "!=")


def _compared_with_a_value(comparison: Node, side: Node) -> bool:
    """Whether an equality tests a value (`side`, not a literal) against another that is no literal either
    (`x.id === id`; `model === "gpt-4o"` is the literal's to follow)."""
    left, right = comparison.child_by_field_name("left"), comparison.child_by_field_name("right")
    other = unwrap(right if side == left else left)
    literals = ("string", "template_string", "null", "undefined", "number", "true", "false")
    mine = unwrap(side)
    return mine is not None and mine.type not in literals and other is not None and other.type not in literals


def _lookup_index(use: Node) -> Node | None:
    """The value a table is looked up by, where `use` names the table: `T[x]` and `x in T` give `x`."""
    parent = use.parent
    if parent is None:
        return None
    if parent.type == "subscript_expression" and parent.child_by_field_name("object") == use:
        return parent.child_by_field_name("index")
    operator = parent.child_by_field_name("operator") if parent.type == "binary_expression" else None
    if operator is not None and operator.type == "in" and parent.child_by_field_name("right") == use:
        return parent.child_by_field_name("left")
    return None


# The keys of an object that name a model.
MODEL_PROPERTIES = frozenset({"model", "modelId", "modelName", "model_name", "llm", "engine"})
# Test matchers that compare a value with what `expect(…)` was given.
_MATCHERS = frozenset({"toBe", "toEqual", "toStrictEqual", "toContain", "toMatch", "toHaveProperty", "equal"})

# The end of a reason a request stays for (`model_source`): an id it sends that ByteSpike does not serve.
NO_MAPPING = "an id with no ByteSpike mapping"


def _key(module: Module, node: Node) -> tuple[str, int, int, str]:
    return module.path, node.start_byte, node.end_byte, node.type


def _properties_named(node: Node, key: str, *, spreads: bool) -> list[tuple[Node | None, str]]:
    """The values an object literal gives its property `key` (`{ model: m }`, `{ model }`), each with the property
    still to read in it ("": none); with `spreads`, the objects spread into it too, still to be read for `key`."""
    found: list[tuple[Node | None, str]] = []
    for part in node.named_children:
        label = part.child_by_field_name("key") if part.type == "pair" else part
        if part.type == "pair" and label is not None and text_of(label).strip("\"'") == key:
            found.append((part.child_by_field_name("value"), ""))
        elif part.type == "shorthand_property_identifier" and text_of(part) == key:
            found.append((part, ""))
        elif spreads and part.type == "spread_element" and part.named_children:
            found.append((part.named_children[0], key))
    return found


def _model_value(current: Node, prev: Node) -> bool:
    """Whether `prev` is the value of a `model:` property (`current` the pair)."""
    if current.type != "pair" or current.child_by_field_name("value") != prev:
        return False
    name = current.child_by_field_name("key")
    return name is not None and text_of(name).strip("\"'") in MODEL_PROPERTIES


def _command_line_given(module: Module, current: Node, prev: Node) -> Reach | None:
    """`codex exec --model ${MODEL}` (`current` a template, `prev` its substitution): a command line given the model,
    run where the tool cannot see. None for any other node."""
    if current.type == "template_string" and prev.type == "template_substitution" and current.text:
        before = current.text[: prev.start_byte - current.start_byte].decode("utf-8", "replace")
        if _MODEL_OPTION.search(before):
            where = f"`{module.short(current, 50)}` ({module.path}:{module.position(current)[0]})"
            return Reach(lost=True, handed=(where,))
    return None


class Project:
    def __init__(
        self, modules: list[Module], rules: Ruleset, env: dict[str, list[tuple[str, str]]] | None = None
    ) -> None:
        self.modules = modules
        self.env = env or {}  # what the repository's env files set: variable -> [(value, "path:line")]
        self.orphans_held = ""  # why the ids no request takes stay, decided with Python's (docs/design.md)
        self._program_of: dict[str, str] | None = None  # module path -> its program (`_programs`)
        self.rules = rules
        self.ts = rules.typescript
        self.by_path = {m.path: m for m in modules}
        self.stems: dict[str, list[Module]] = {}
        for module in modules:
            stem = module.path.rsplit(".", 1)[0]
            self.stems.setdefault(stem, []).append(module)
            if stem.endswith("/index"):
                self.stems.setdefault(stem[: -len("/index")], []).append(module)
        self.clients: list[Client] = []
        self.client_at: dict[tuple, Client] = {}
        self.default_clients: dict[str, Client] = {}
        self.requests: dict[tuple, list[Request]] = {}
        self.unresolved: list[Request] = []
        # Served requests on a client only code outside the repository gives (a parameter of a function nothing
        # here calls): call -> "`client` of `ask`".
        self.external_requests: dict[tuple[str, int, int, str], str] = {}
        self.maybe_unresolved: list[Request] = []  # the same, in modules that do not import the SDK
        self._options_memo: dict[str, list[Client]] = {}  # module path -> its SDK clients with options
        self._values_memo: dict[tuple, tuple[Client, ...]] = {}
        self._subclasses: dict[tuple, list[tuple[Module, Node]]] | None = None
        self._families: dict[tuple, list[tuple[Module, Node]]] = {}
        self._tools_memo: dict[str, tuple[str, str] | None] = {}
        self._reach_memo: dict[tuple, Reach] = {}
        self.value_bindings: dict[tuple, list[tuple[Module, Binding]]] = {}
        for module in modules:
            for bindings in module.bindings.values():
                for binding in bindings:
                    if binding.value is not None:
                        self.value_bindings.setdefault(_key(module, binding.value), []).append((module, binding))

    # Modules and names.
    def _envserves(self, home: str, module: Module) -> bool:
        """Whether an env file of folder `home` sets the environment `module` runs with: the module is in that
        folder or below, or the program it belongs to (modules joined by imports) has a module there."""
        if serves(home, posixpath.dirname(module.path)):
            return True
        program = self._programs().get(module.path)
        return any(
            serves(home, posixpath.dirname(path)) for path, other in self._programs().items() if other == program
        )

    def _programs(self) -> dict[str, str]:
        """module path -> its program (modules joined by the imports the project resolves), computed once."""
        if self._program_of is None:
            parent = {m.path: m.path for m in self.modules}

            def find(x: str) -> str:
                while parent[x] != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x

            for module in self.modules:
                for spec, _ in set(module.imports.values()):
                    other = self.resolve_spec(module, spec)
                    if other is not None and other.path in parent:
                        parent[find(module.path)] = find(other.path)
            self._program_of = {path: find(path) for path in parent}
        return self._program_of

    def resolve_spec(self, module: Module, spec: str) -> Module | None:
        if spec.startswith("."):
            base = posixpath.normpath(posixpath.join(posixpath.dirname(module.path), spec))
            stems = [base]
            for ext in _JS_EXTENSIONS:
                if base.endswith(ext):
                    stems.append(base[: -len(ext)])
            if base in self.by_path:
                return self.by_path[base]
            for stem in stems:
                found = self.stems.get(stem)
                if found:
                    return found[0]
            return None
        if spec.startswith(("@/", "~/", "#/", "src/")):
            tail = spec.split("/", 1)[1] if not spec.startswith("src/") else spec
            matches = [ms for stem, ms in self.stems.items() if stem == tail or stem.endswith("/" + tail)]
            if len(matches) == 1:
                return matches[0][0]
            # A file named with its extension (`@/lib/models.json`): by its path.
            named = [m for path, m in self.by_path.items() if path == tail or path.endswith("/" + tail)]
            if len(named) == 1:
                return named[0]
        return None

    def exported(self, module: Module, name: str, depth: int = 0) -> tuple[Module, str] | None:
        """(module, local name) that `name` exported by `module` stands for."""
        if depth > _DEPTH:
            return None
        if name in module.exports:
            return module, module.exports[name]
        if name in module.reexports:
            spec, inner = module.reexports[name]
            target = self.resolve_spec(module, spec)
            return self.exported(target, inner, depth + 1) if target is not None else None
        for spec in module.star_exports:
            target = self.resolve_spec(module, spec)
            if target is not None:
                found = self.exported(target, name, depth + 1)
                if found is not None:
                    return found
        return None

    def values_of(self, module: Module, name: str, at: Node | None, depth: int = 0) -> list[tuple[Module, Node]]:
        """The values a name can hold at `at`: its bindings in scope there, or what its import stands for."""
        if depth > _DEPTH:
            return []
        bindings = [
            b
            for b in module.bindings.get(name, [])
            if at is None or b.scope.start_byte <= at.start_byte < b.scope.end_byte
        ]
        if name.startswith("this.") and at is not None:
            # A field of a class is a field of its bases and subclasses too, by name (`class Embedder extends
            # BaseLLM` calls `this.client` that the base sets; a subclass's `model = …` reaches the base's call).
            owner_class = enclosing(at, CLASSES)
            kin = self.class_family(module, owner_class) if owner_class is not None else []
            fields = [(module, b.value) for b in bindings if b.value is not None]
            for other, cls in kin:
                body = cls.child_by_field_name("body")
                if cls == owner_class or body is None:
                    continue
                fields.extend((other, b.value) for b in other.bindings.get(name, []) if b.scope == body and b.value)
            return fields
        if bindings:
            return [(module, b.value) for b in bindings if b.value is not None]
        if name in module.imports:
            spec, imported = module.imports[name]
            target = self.resolve_spec(module, spec)
            if target is None:
                return []
            found = self.exported(target, "default" if imported == "*" else imported)
            if found is None:
                return []
            owner, local = found
            return self.values_of(owner, local, None, depth + 1)
        return []

    def references_to(self, module: Module, binding: Binding) -> list[tuple[Module, Node]]:
        """`module.references_to(binding)`, and for a class's field the same field of its bases and subclasses."""
        found = [(module, ref) for ref in module.references_to(binding)]
        owner_class = binding.scope.parent if binding.name.startswith("this.") else None
        if owner_class is None or owner_class.type not in CLASSES:
            return found
        for other, cls in self.class_family(module, owner_class):
            body = cls.child_by_field_name("body")
            if cls != owner_class and body is not None:
                found.extend((other, ref) for ref in other.references_to(Binding(binding.name, None, body, None)))
        return found

    def class_named(self, module: Module, node: Node | None, depth: int = 0) -> tuple[Module, Node] | None:
        """The repository's class declaration that `node` (a name, or `ns.Name`) stands for in `module`."""
        node = unwrap(node)
        if node is None or depth > _DEPTH:
            return None
        if node.type == "identifier":
            name = text_of(node)
            if name in module.classes:
                return module, module.classes[name][0]
            if name not in module.imports:
                return None
            spec, imported = module.imports[name]
        elif node.type == "member_expression" and (obj := node.child_by_field_name("object")) is not None:
            spec, imported = module.imports.get(text_of(obj), ("", ""))
            if imported != "*" or (prop := node.child_by_field_name("property")) is None:
                return None
            imported = text_of(prop)
        else:
            return None
        target = self.resolve_spec(module, spec)
        found = self.exported(target, "default" if imported == "*" else imported) if target else None
        if found is None or found[1] not in found[0].classes:
            return None
        return found[0], found[0].classes[found[1]][0]

    def class_family(self, module: Module, cls: Node) -> list[tuple[Module, Node]]:
        """`cls`, the repository's classes it extends and the ones that extend it, transitively."""
        if self._subclasses is None:
            self._subclasses = {}
            for other in self.modules:
                for declared in other.classes.values():
                    for sub in declared:
                        base = self.class_named(other, base_class(sub))
                        if base is not None:
                            self._subclasses.setdefault(_key(*base), []).append((other, sub))
        known = self._families.get(_key(module, cls))
        if known is not None:
            return known
        family: dict[tuple, tuple[Module, Node]] = {}
        pending = [(module, cls)]
        while pending and len(family) <= _DEPTH * 4:
            current = pending.pop()
            if _key(*current) in family:
                continue
            family[_key(*current)] = current
            base = self.class_named(current[0], base_class(current[1]))
            if base is not None:
                pending.append(base)
            pending.extend(self._subclasses.get(_key(*current), []))
        found = self._families[_key(module, cls)] = list(family.values())
        return found

    def functions_of(self, module: Module, name: str, depth: int = 0) -> list[tuple[Module, Node]]:
        if depth > _DEPTH:
            return []
        if name in module.functions:
            return [(module, f) for f in module.functions[name]]
        if name in module.imports:
            spec, imported = module.imports[name]
            target = self.resolve_spec(module, spec)
            found = self.exported(target, "default" if imported == "*" else imported) if target else None
            if found is not None:
                return self.functions_of(found[0], found[1], depth + 1)
        return []

    def class_kind(self, module: Module, ctor: Node | None) -> str | None:
        """ "sdk" or "azure" when `new <ctor>(...)` builds an openai-node client."""
        ctor = unwrap(ctor)
        if ctor is None:
            return None
        if ctor.type == "identifier":
            imported = module.imports.get(text_of(ctor))
            if imported is None or imported[0] != self.ts.package:
                return None
            name = imported[1]
        elif ctor.type == "member_expression":
            obj, prop = ctor.child_by_field_name("object"), ctor.child_by_field_name("property")
            imported = module.imports.get(text_of(obj)) if obj is not None else None
            if (
                imported is None
                or imported[0] != self.ts.package
                or imported[1] not in ("*", "default")
                or prop is None
            ):
                return None
            name = text_of(prop)
        else:
            return None
        if name in ("default", "*") or name in self.ts.clients:
            return "sdk"
        if name in self.ts.azure:
            return "azure"
        if name in self.ts.legacy:
            return "legacy"
        return None

    def clients_of(self, module: Module, node: Node | None, depth: int = 0) -> tuple[Client, ...]:
        """The clients an expression may evaluate to, followed through names (every assignment of a
        `let`), fields, imports and factory functions."""
        node = unwrap(node)
        if node is None or depth > _DEPTH:
            return ()
        key = _key(module, node)
        if key in self.client_at:
            return (self.client_at[key],)
        if key in self._values_memo:
            return self._values_memo[key]
        self._values_memo[key] = ()  # a cycle resolves to nothing
        found: list[Client] = []
        if node.type == "identifier":
            found = self._identifier_clients(module, node, depth)
        elif node.type == "member_expression":
            found = self._member_clients(module, node, depth)
        elif node.type == "call_expression":
            found = self._call_clients(module, node, depth)
        elif node.type in ("ternary_expression", "binary_expression"):
            for part in node.named_children:
                if part.type not in ("comment",) and part != node.child_by_field_name("condition"):
                    found.extend(self.clients_of(module, part, depth + 1))
        result = tuple(dict.fromkeys(found))
        self._values_memo[key] = result
        return result

    def _identifier_clients(self, module: Module, node: Node, depth: int) -> list[Client]:
        """A name: the AI SDK's default provider, or every value the name is given, or a parameter's arguments."""
        found: list[Client] = []
        name = text_of(node)
        imported = module.imports.get(name)
        if imported is not None and imported[0] == self.ts.ai_sdk_package and imported[1] in self.ts.ai_sdk_default:
            default = self.default_clients.get(module.path + ":" + name)
            found = [default] if default is not None else []
        else:
            values = self.values_of(module, name, node)
            for owner, value in values:
                found.extend(self.clients_of(owner, value, depth + 1))
            if not values:
                found.extend(self._parameter_clients(module, node, depth))
        return found

    def _member_clients(self, module: Module, node: Node, depth: int) -> list[Client]:
        """`this.client` (its assignments, a getter of the class), `ns.client` of a namespace import."""
        found: list[Client] = []
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj is not None and prop is not None:
            if obj.type == "this":
                for owner, value in self.values_of(module, "this." + text_of(prop), node):
                    found.extend(self.clients_of(owner, value, depth + 1))
                # `get client() { return this._client; }` in the same class
                owner_class = enclosing(node, frozenset({"class_declaration", "class"}))
                for getter in module.methods.get(text_of(prop), []):
                    if (
                        owner_class is not None
                        and enclosing(getter, frozenset({"class_declaration", "class"})) == owner_class
                        and text_of(getter).startswith("get ")
                    ):
                        found.extend(self._returned_clients(module, getter, depth + 1))
            elif obj.type == "identifier" and module.imports.get(text_of(obj), ("", ""))[1] == "*":
                target = self.resolve_spec(module, module.imports[text_of(obj)][0])
                exported = self.exported(target, text_of(prop)) if target is not None else None
                if exported is not None:
                    for owner, value in self.values_of(exported[0], exported[1], None):
                        found.extend(self.clients_of(owner, value, depth + 1))
        return found

    def _call_clients(self, module: Module, node: Node, depth: int) -> list[Client]:
        """What a function of the repository returns, and `client.withOptions(…)`."""
        found: list[Client] = []
        function = unwrap(node.child_by_field_name("function"))
        if function is not None and function.type == "identifier":
            for owner, body in self.functions_of(module, text_of(function)):
                found.extend(self._returned_clients(owner, body, depth + 1))
        elif function is not None and function.type == "member_expression":
            prop = function.child_by_field_name("property")
            if prop is not None and text_of(prop) == "withOptions":
                # `client.withOptions({ timeout })`: a copy of the client, which sends where it does.
                found.extend(self.clients_of(module, function.child_by_field_name("object"), depth + 1))
        return found

    def _parameter_clients(self, module: Module, node: Node, depth: int) -> list[Client]:
        """A parameter of a function of this module (`async function ask(c: OpenAI, …)`) holds the clients its
        callers here pass (`ask(new OpenAI(), …)`)."""
        found = parameter_of(node)
        if found is None:
            return []
        function, index, key = found
        if key is not None:
            return []  # a property of what its callers pass
        return [
            c
            for owner, arguments in self._calls_of(module, function)
            if index < len(arguments)
            for c in self.clients_of(owner, arguments[index], depth + 1)
        ]

    def _returned_clients(self, module: Module, function: Node, depth: int) -> list[Client]:
        body = function.child_by_field_name("body")
        if body is None:
            return []
        if body.type != "statement_block":
            return list(self.clients_of(module, body, depth))
        found: list[Client] = []
        for node in walk(body):
            if node.type == "return_statement" and enclosing(node, FUNCTIONS) == function:
                value = next((c for c in node.named_children if c.type != "comment"), None)
                found.extend(self.clients_of(module, value, depth))
        return found

    # Analysis.
    def find_clients(self) -> None:
        ts = self.ts
        for module in self.modules:
            for name, (spec, imported) in module.imports.items():
                if spec == ts.ai_sdk_package and imported in ts.ai_sdk_default:
                    client = Client(module, module.import_nodes[name], "default", name)
                    self.default_clients[module.path + ":" + name] = client
                    self.clients.append(client)
            mocked = _mocked_modules(module)
            for node in module.news:
                ctor = node.child_by_field_name("constructor")
                kind = self.class_kind(module, ctor)
                if kind == "sdk" and ts.package in mocked:
                    continue  # `vi.mock("openai", …)` / `jest.mock("openai")`: the class is a test double here
                if kind == "sdk":
                    self._add_client(module, node, kind)
                elif kind in ("azure", "legacy"):
                    # Its options name a deployment, often after a model: a request of its own.
                    client = self._add_client(module, node, kind)
                    request = Request(module, node, (), None, client)
                    client.requests.append(request)
                    self.requests[_key(module, node)] = [request]
                elif ctor is not None and ctor.type == "identifier":
                    spec = module.imports.get(text_of(ctor), ("", ""))[0]
                    if ts.provider in spec.lower() and spec not in (ts.package, ts.ai_sdk_package):
                        # Its constructor names the model: a request of its own.
                        client = self._add_client(module, node, "lookalike")
                        client.kept = "not the OpenAI SDK"
                        request = Request(module, node, (), None, client)
                        client.requests.append(request)
                        self.requests[_key(module, node)] = [request]
            for node in module.calls:
                function = unwrap(node.child_by_field_name("function"))
                if function is not None and function.type == "identifier":
                    origin = module.imports.get(text_of(function))
                    if origin == (ts.ai_sdk_package, origin[1] if origin else "") and origin[1] in ts.ai_sdk_factories:
                        self._add_client(module, node, "ai-sdk")

    def _add_client(self, module: Module, node: Node, kind: str) -> Client:
        client = Client(module, node, kind)
        parent = node.parent
        while parent is not None and parent.type in _WRAPPERS:
            parent = parent.parent
        if parent is not None and parent.type == "variable_declarator":
            client.display = text_of(parent.child_by_field_name("name"))
        elif parent is not None and parent.type in ("public_field_definition", "field_definition"):
            name = parent.child_by_field_name("name") or parent.child_by_field_name("property")
            client.display = "this." + text_of(name)
        elif parent is not None and parent.type == "assignment_expression":
            client.display = text_of(parent.child_by_field_name("left"))
        else:
            client.display = module.short(node, 40)
        args = node.child_by_field_name("arguments")
        first = next((c for c in args.named_children if c.type != "comment"), None) if args is not None else None
        options = unwrap(first)
        if options is not None and options.type == "object":
            client.options = options
        self.clients.append(client)
        self.client_at[_key(module, node)] = client
        return client

    def requests_at(self, module: Module, call: Node) -> list[Request]:
        """The requests a call makes (none when it is not one)."""
        return self.requests.get(_key(module, call), [])

    def find_requests(self) -> None:
        apis = self.ts.apis
        for module in self.modules:
            for call in module.calls:
                function = call.child_by_field_name("function")
                chain = member_chain(function) if function is not None else None
                if chain is None:
                    continue
                root, path = chain
                if any(p.startswith("mock") for p in path):
                    continue  # `client.files.create.mockResolvedValue(…)`: a test double, not a request
                clients = self.clients_of(module, root)
                if not clients and root.type == "identifier":
                    # `const emb = client.embeddings; emb.create(…)`: a call on the client, by the path it stands for.
                    alias = self._resource_alias(module, root)
                    if alias is not None:
                        clients = self.clients_of(module, alias[0])
                        path = (*alias[1], *path)
                if not clients:
                    given = self._given_from_outside(module, root)
                    if given is not None and len(path) >= 2 and apis.classify(path) is None:
                        self.external_requests[_key(module, call)] = given
                    self._unresolved(module, call, root, path)
                    continue
                for client in clients:
                    if client.kind in ("sdk", "azure", "legacy", "lookalike"):
                        if not path:
                            continue
                        verdict = apis.on_client(path) if client.kind == "sdk" else apis.classify(path)
                        family = verdict[1] if verdict and verdict[0] == "unsupported" else None
                    else:
                        family = apis.unsupported.get(path[:1]) if len(path) == 1 else None
                    tool = ""
                    if family is None:
                        tool, family = self._hosted_tool(module, call, path) or ("", None)
                    request = Request(module, call, path, family, client, tool)
                    client.requests.append(request)
                    self.requests.setdefault(_key(module, call), []).append(request)

    def _given_from_outside(self, module: Module, root: Node) -> str | None:
        """ "`client` of `ask`" where a call's receiver is a parameter of a function that nothing in the repository
        calls or names (an exported helper of a library, `export async function ask(client: OpenAI, …)`): only
        code outside the repository gives it a client. None otherwise (a method, whose calls the tool may not see,
        a function something here names)."""
        if root.type != "identifier" or self.values_of(module, text_of(root), root):
            return None
        found = parameter_of(root)
        if found is None or found[2] is not None or found[0].type == "method_definition":
            return None
        function = found[0]
        title = function_title(function)
        if title is None:
            return None
        name = text_of(title)
        if any(ref != title for ref in module.references.get(name, [])):
            return None
        exported = [e for e, local in module.exports.items() if local == name]
        if any(True for e in exported for _ in self.importers(module, e)):
            return None
        return f"`{text_of(root)}` of `{name}`"

    def _resource_alias(self, module: Module, name: Node) -> tuple[Node, tuple[str, ...]] | None:
        """(the client's expression, the attributes a name stands for) where every value the name is given is a
        chain of one client's attributes (`const emb = client.embeddings`, `const create = client.chat.completions
        .create`)."""
        values = [unwrap(b.value) for b in module.bindings.get(text_of(name), []) if b.value is not None]
        found: list[tuple[Node, tuple[str, ...]]] = []
        for value in values:
            chain = member_chain(value) if value is not None and value.type == "member_expression" else None
            if chain is None:
                return None
            root, path = chain
            if not path or not self.clients_of(module, root):
                return None
            found.append((root, path))
        if not found or len({text_of(r) for r, _ in found}) != 1:
            return None
        return found[0]

    def _hosted_tool(self, module: Module, call: Node, path: tuple[str, ...]) -> tuple[str, str] | None:
        """(tool, family) when a request of a served endpoint needs objects stored on OpenAI: a hosted tool
        (`tools: [{ type: "file_search" }]`, the AI SDK's `openai.tools.fileSearch(…)`) or content naming a
        stored file (`{ type: "input_file", file_id }`). Such a request stays with its client, like a call to
        the family itself (as in Python)."""
        tools = self.rules.unsupported_tools
        if len(path) == 2 and path[0] == "tools":
            snake = re.sub(r"(?<!^)([A-Z])", r"_\1", path[1]).lower()
            if snake in tools:
                return "", tools[snake]  # the call is the tool itself
        args = call.child_by_field_name("arguments")
        built_elsewhere = False  # `tools: getTools()`, `tools`, `{ ...params }`: built by code, not here
        for node in walk(args) if args is not None else ():
            if node.type == "spread_element":
                built_elsewhere = True
            if node.type not in ("pair", "shorthand_property_identifier"):
                continue
            name = node.child_by_field_name("key") if node.type == "pair" else node
            key = text_of(name).strip("\"'`")
            if key in ("file_id", "fileId"):
                return "stored file", "files"
            value = unwrap(node.child_by_field_name("value")) if node.type == "pair" else None
            if key == "tools" and (value is None or value.type != "array"):
                built_elsewhere = True
            found = self._tool_of(node) if node.type == "pair" else None
            if found:
                return found
        if built_elsewhere:
            for place in (module, *(self.resolve_spec(module, spec) for spec, _ in module.imports.values())):
                found = self._module_tools(place) if place is not None else None
                if found:
                    return found
        return None

    def _tool_of(self, pair: Node) -> tuple[str, str] | None:
        """(tool, family) for a `type: "file_search"` property naming a hosted tool of the rules."""
        if text_of(pair.child_by_field_name("key")).strip("\"'`") != "type":
            return None
        value = unwrap(pair.child_by_field_name("value"))
        content = string_content(value) if value is not None else None
        tools = self.rules.unsupported_tools
        return (content[0], tools[content[0]]) if content is not None and content[0] in tools else None

    def _module_tools(self, module: Module) -> tuple[str, str] | None:
        """The first hosted tool of the rules a module builds anywhere (`{ type: "file_search", … }`), once a
        module: where a request's tools come from code (`tools: getTools()`), that code is usually here or in a
        module it imports."""
        if module.path not in self._tools_memo:
            pairs = (n for n in walk(module.tree.root_node) if n.type == "pair")
            self._tools_memo[module.path] = next((t for n in pairs if (t := self._tool_of(n))), None)
        return self._tools_memo[module.path]

    def _unresolved(self, module: Module, call: Node, root: Node, path: tuple[str, ...]) -> None:
        """A call on something the tool cannot follow to a client, that looks like one to an API ByteSpike
        does not serve (`x.beta.threads…`, `x.vectorStores…`, `openai.files…`)."""
        apis = self.ts.apis
        root = _without_options(root)
        if self._built_by_another_package(module, root):
            return  # another provider's client (an OpenAI client in Anthropic's run): that run's to report
        if _field_typed_by_a_package(module, root, path, self.ts.package):
            return  # `private client: WebClient` (from "@slack/web-api"): Slack's `conversations`, not OpenAI's
        receiver = text_of(root).lower()
        for i in range(len(path)):
            verdict = apis.classify(path[i:])
            if verdict is None:
                continue
            head = path[i : i + verdict[2]]
            if i > 0 and path[i - 1] == "chat":
                continue  # `x.chat.completions…`: served chat, not the legacy completions endpoint
            if len(head) == 1 and _V3_CALL.match(head[0]):
                return  # `editor.createFile(…)`: the v3 SDK's names count on a v3 client only
            distinctive = len(head) > 1 or any(c.isupper() for c in head[0])
            named = self.ts.provider in receiver or "client" in ".".join((receiver, *path[:i])).lower()
            if distinctive or named:
                sdk = self.ts.package
                imports_sdk = any(
                    package_spec(spec) == sdk or spec.startswith(sdk + "/") for spec, _ in module.imports.values()
                )
                # In a module that does not import the SDK, the receiver may be any service's client.
                (self.unresolved if imports_sdk else self.maybe_unresolved).append(
                    Request(module, call, path[i:], verdict[1])
                )
            return

    def _built_by_another_package(self, module: Module, root: Node, depth: int = 0) -> bool:
        """Whether the receiver is built by another package than this provider's SDK: `new X(…)` with X imported
        from it (`new OpenAI()` from "openai" in the Anthropic run, `new Together()`), bound to a name, returned
        by a function of the repository (`getTogetherClient()`), or a parameter typed so (`client: Together`)."""
        root = unwrap(root) or root
        if depth > 4:
            return False
        if root.type == "new_expression":
            constructor = root.child_by_field_name("constructor")
            return constructor is not None and self._another_sdk(module, text_of(constructor).split(".")[0])
        if root.type == "call_expression":
            function = unwrap(root.child_by_field_name("function"))
            if function is None or function.type != "identifier":
                return False
            return any(
                self._built_by_another_package(owner, value, depth + 1)
                for owner, definition in self.functions_of(module, text_of(function))
                for value in _returned(definition)
            )
        if root.type != "identifier":
            return False
        for binding in module.bindings.get(text_of(root), []):
            value = binding.value
            if value is None or not (binding.scope.start_byte <= root.start_byte < binding.scope.end_byte):
                continue
            if self._built_by_another_package(module, value, depth + 1):
                return True
        found = parameter_of(root)
        if found is not None and found[2] is None and not any(self._calls_of(module, found[0])):
            # (A parameter its callers here fill is what they pass: `InstructorClient<OpenAI>` wraps an SDK client.)
            parameters = found[0].child_by_field_name("parameters")
            listed = [p for p in parameters.named_children if p.type != "comment"] if parameters is not None else []
            typed = listed[found[1]].child_by_field_name("type") if found[1] < len(listed) else None
            shown = text_of(typed).lstrip(":").strip() if typed is not None else ""
            # `Wrapper<OpenAI>`: may well hold the SDK's client.
            return "<" not in shown and self._another_sdk(module, shown.split(".")[0])
        return False

    def _another_sdk(self, module: Module, name: str) -> bool:
        """Whether `name` is imported from a package other than this provider's SDK (not a path of the
        repository)."""
        imported = module.imports.get(name)
        return imported is not None and imported[0] != self.ts.package and not imported[0].startswith(".")

    def find_escapes(self) -> None:
        """Where a client's value goes somewhere the tool does not follow: passed, returned, stored in an
        object or array."""
        for module in self.modules:
            for name in set(module.bindings) | set(module.imports):
                if name.startswith("@export:"):
                    continue
                bindings = module.bindings.get(name) or [
                    Binding(name, None, module.tree.root_node, module.import_nodes.get(name))
                ]
                for binding in bindings:
                    if binding.value is not None:
                        clients = self.clients_of(module, binding.value)
                    else:
                        clients = tuple(
                            c
                            for owner, value in self.values_of(module, name, None)
                            for c in self.clients_of(owner, value)
                        )
                    for owner, ref in self.references_to(module, binding) if clients else ():
                        if _escapes(ref):
                            for client in clients:
                                client.escapes.append((owner, ref))
        for client in self.clients:
            if client.kind in ("sdk", "ai-sdk") and _escapes(client.node, inline=True):
                client.escapes.append((client.module, client.node))

    # A request's model: where it comes from.
    def model_source(self, request: Request) -> str | None:
        """What a request's model comes from when that may be outside the repository (a request body, a
        parameter of an exported function, a library's value), or None when the repository's own values (or
        nothing: no model) give it."""
        found = _model_argument(request)
        if found is None:
            return None
        given, in_options = found
        if in_options:
            return self._options_model(request.module, given, 0)
        # `openai(process.env.CUSTOM_MODEL!)`, `openai.chat(id)`: an AI SDK provider is given the model itself.
        model = unwrap(given)
        return None if model is None or model.type == "object" else self._value_source(request.module, model, 0)

    def model_variables(self, request: Request) -> set[str]:
        """The environment variables a request's model is read from (`model: process.env.CHAT_MODEL!`, through
        names, fallbacks and the options object it is given)."""
        return self._model_read(request, self._variables_of)

    def model_data_files(self, request: Request) -> set[str]:
        """The data files a request's model is read from (`model: cfg.chatModel`, `import cfg from
        "./ai.config.json"`, through names, fallbacks and the options object it is given)."""
        return self._model_read(request, self._files_of)

    def _model_read(
        self, request: Request, read: Callable[[Module, Node | None, int, set[str], str], None]
    ) -> set[str]:
        """What `read` finds the request's model read from: its `model` argument, or its options' `model`."""
        found: set[str] = set()
        argument = _model_argument(request)
        if argument is not None:
            given, in_options = argument
            read(request.module, given, 0, found, "model" if in_options else "")
        return found

    def _files_of(self, module: Module, node: Node | None, depth: int, found: set[str], key: str = "") -> None:
        """Adds to `found` the data files the value at `node` (or its property `key`) is read from."""
        node = unwrap(node)
        if node is None or depth > _DEPTH:
            return
        if node.type in ("identifier", "shorthand_property_identifier"):
            name = text_of(node)
            spec = module.imports.get(name, ("", ""))[0]
            if spec.lower().endswith(DATA_FILES) and not module.bindings.get(name):
                found.update(data_file_paths(module.path, spec))
                return
            for owner, value in self.values_of(module, name, node):
                self._files_of(owner, value, depth + 1, found, key)
            return
        if node.type in ("member_expression", "subscript_expression"):
            # `cfg.chatModel`, `cfg["chat"]`, `cfg.models.chat`: what the object holds under that name.
            prop = node.child_by_field_name("property" if node.type == "member_expression" else "index")
            quoted = string_content(prop) if prop is not None else None
            self._files_of(
                module, node.child_by_field_name("object"), depth + 1, found, quoted[0] if quoted else text_of(prop)
            )
            return
        if key and node.type == "object":
            for given, rest in _properties_named(node, key, spreads=True):
                self._files_of(module, given, depth + 1, found, rest)
            return
        if node.type in ("binary_expression", "ternary_expression", "parenthesized_expression"):
            for part in node.named_children:
                self._files_of(module, part, depth + 1, found)

    def _variables_of(self, module: Module, node: Node | None, depth: int, found: set[str], key: str = "") -> None:
        """Adds to `found` the environment variables the value at `node` (or its property `key`) is read from."""
        node = unwrap(node)
        if node is None or depth > _DEPTH:
            return
        if node.type == "identifier":
            for owner, value in self.values_of(module, text_of(node), node):
                self._variables_of(owner, value, depth + 1, found, key)
            if not key:  # `const { CHAT_MODEL } = process.env`
                found.update(n for n, read in module.env_reads if n == text_of(node))
            return
        if key:
            if node.type == "object":
                for given, rest in _properties_named(node, key, spreads=False):
                    self._variables_of(module, given, depth + 1, found, rest)
            return
        read = env_name(node) if node.type in ("member_expression", "subscript_expression", "call_expression") else None
        if read is not None:
            found.add(read[0])
        elif node.type in ("binary_expression", "ternary_expression", "parenthesized_expression"):
            for part in node.named_children:
                self._variables_of(module, part, depth + 1, found)

    def _options_model(self, module: Module, node: Node | None, depth: int, key: str = "model") -> str | None:
        """Where the property `key` (a request's `model`) of the object at `node` comes from."""
        node = unwrap(node)
        if node is None:
            return None
        if depth > _DEPTH:
            return _too_deep(module, node)
        if node.type == "object":
            return self._object_model(module, node, depth, key)
        if node.type == "identifier":
            return self._name_source(
                module, node, depth, lambda owner, value, deeper: self._options_model(owner, value, deeper, key)
            )
        if node.type == "member_expression":
            return self._member_model(module, node, depth, key)
        if node.type == "call_expression":
            return self._call_source(
                module, node, depth, lambda owner, value, deeper: self._options_model(owner, value, deeper, key)
            )
        if node.type == "new_expression" and _is_url_of_input(node):
            # `const { searchParams } = new URL(req.url)`, `new URLSearchParams(location.search)`
            return _url_query(module, node)
        return None

    def _object_model(self, module: Module, node: Node, depth: int, key: str) -> str | None:
        """`{ model: M }`, `{ model }`, `{ ...body }`: where the object's `key` comes from."""
        # The last part that sets `key` wins: read from the end, a spread after `model: M` (`{ model: "gpt-4o-mini",
        # ...body }`) overrides M wherever what it spreads has a `model`, so what it spreads is a source first; a
        # spread before it (`{ ...body, model: M }`) cannot override M.
        for part in reversed(node.named_children):
            if part.type == "pair":
                name = part.child_by_field_name("key")
                if name is not None and text_of(name).strip("\"'") == key:
                    return self._value_source(module, part.child_by_field_name("value"), depth + 1)
            elif part.type == "shorthand_property_identifier" and text_of(part) == key:
                return self._name_source(module, part, depth + 1, self._value_source)
            elif part.type == "spread_element" and part.named_children:
                why = self._options_model(module, part.named_children[0], depth + 1, key)
                if why is not None:
                    return why
        return None

    def _member_model(self, module: Module, node: Node, depth: int, key: str) -> str | None:
        """`req.body`, `url.searchParams`, `this.route`: where the options an attribute holds come from."""
        target, prop = unwrap(node.child_by_field_name("object")), node.child_by_field_name("property")
        if target is None or prop is None:
            return None
        if text_of(prop) in ("body", "query", "params") and target.type == "identifier" and parameter_of(target):
            # Express's `req.body`, Koa's `ctx.query`: what a client of the service sent.
            return (
                f"the body of a request it receives (`{module.short(node, 40)}`, {module.path}:"
                f"{module.position(node)[0]})"
            )
        if text_of(prop) == "searchParams":  # `new URL(req.url).searchParams`, `req.nextUrl.searchParams`
            return _url_query(module, node)
        if target.type == "this":  # `this.route.model`: what the class sets `this.route` to
            return next(
                (
                    why
                    for owner, value in self.values_of(module, "this." + text_of(prop), node)
                    if (why := self._options_model(owner, value, depth + 1, key)) is not None
                ),
                None,
            )
        return None

    def _value_source(self, module: Module, node: Node | None, depth: int) -> str | None:
        node = unwrap(node)
        if node is None or node.type in ("string", "template_string", "number", "null", "undefined"):
            return None
        if depth > _DEPTH:
            return _too_deep(module, node)
        if node.type == "identifier":
            return self._name_source(module, node, depth, self._value_source)
        if (
            node.type in ("member_expression", "subscript_expression", "call_expression")
            and (read := env_name(node)) is not None
        ):
            return self._env_source(module, node, read[0])
        if node.type == "member_expression":
            target = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if target is not None and target.type == "this" and prop is not None:
                # `this.model`: what the class sets it to; nothing, and a framework or a caller fills it.
                values = self.values_of(module, "this." + text_of(prop), node)
                if not values:
                    return (
                        f"the field `this.{text_of(prop)}` ({module.path}:{module.position(node)[0]}), which "
                        "nothing in the repository sets"
                    )
                return next(
                    (why for owner, value in values if (why := self._value_source(owner, value, depth + 1))), None
                )
            if target is None or prop is None:
                return None
            return self._options_model(module, target, depth + 1, text_of(prop))  # `route.model`: its `model`
        if node.type == "call_expression":
            return self._call_source(module, node, depth)
        if node.type in ("ternary_expression", "binary_expression"):
            # `escalate ? A : B`: the condition picks a model, it is none.
            parts = (
                [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
                if node.type == "ternary_expression"
                else node.named_children
            )
            for part in parts:
                why = self._value_source(module, part, depth + 1)
                if why is not None:
                    return why
        return None

    def _name_source(
        self, module: Module, node: Node, depth: int, follow: Callable[[Module, Node | None, int], str | None]
    ) -> str | None:
        """A name's values, each followed as a model (`_value_source`) or as request options (`_options_model`);
        a name with no value here is a parameter or a global."""
        values = self.values_of(module, text_of(node), node)
        if not values:
            if follow == self._value_source and any(
                name == text_of(node) and read.type == "shorthand_property_identifier_pattern"
                for name, read in module.env_reads
            ):  # `const { TITLE_MODEL } = process.env`
                return self._env_source(module, node, text_of(node))
            return self._unbound(module, node, depth)
        why = next((why for owner, value in values if (why := follow(owner, value, depth + 1)) is not None), None)
        if why is None and (found := parameter_of(node)) is not None:
            # `constructor(model = null)`: its default where a caller gives nothing, and what the callers give.
            function, index, key = found
            why = self._callers_source(module, function, index, depth, key, defaulted=True)
        return why

    def env_file_serves_both(self, variable: str, one: Module, other: Module) -> bool:
        """Whether an env file of the repository sets `variable` for the code of both modules."""
        return any(
            self._envserves(folder, one) and self._envserves(folder, other)
            for folder in {posixpath.dirname(where.rsplit(":", 1)[0]) for _, where in self.env.get(variable, [])}
        )

    def _env_source(self, module: Module, node: Node, variable: str) -> str | None:
        """`process.env.TITLE_MODEL`: what the repository's env files set it to, and its fallback (`|| "gpt-4o"`,
        `?? DEFAULT`, followed beside it) wherever the program runs without it, as Python's `os.getenv(X,
        default)`. With neither, the variable comes from outside the repository; set to an id with no ByteSpike
        mapping, it keeps its request on OpenAI."""
        models = self.rules.models
        # An env file sets its variables for the code of its folder and the folders below it, not a sibling app's.
        found = [
            (value, where)
            for value, where in self.env.get(variable, [])
            if self._envserves(posixpath.dirname(where.rsplit(":", 1)[0]), module)
        ]
        for value, where in found:
            if models.is_unmapped_openai_id(value) or models.only_on_openai(value):
                return f"the environment variable {variable}, which {where} sets to {value!r}: {NO_MAPPING}"
        if any(value for value, _ in found) or _has_fallback(node):
            return None
        return (
            f"the environment variable {variable} ({module.path}:{module.position(node)[0]}), which no env file of "
            "the repository sets for it (in its folder or above) and no default gives"
        )

    def _call_source(
        self,
        module: Module,
        call: Node,
        depth: int = 0,
        follow: Callable[[Module, Node | None, int], str | None] | None = None,
    ) -> str | None:
        """Where what a call returns comes from: a request body, what an API answers, a function of the repository
        (what it returns, followed with `follow`), or code the tool does not read (a package's function)."""
        function = unwrap(call.child_by_field_name("function"))
        chain = member_chain(function) if function is not None else None
        if chain is not None and chain[1] and chain[1][-1] in ("json", "formData", "text"):
            return (
                f"the body of a request it receives (`{module.short(call, 40)}`, {module.path}:"
                f"{module.position(call)[0]})"
            )
        if chain is not None and chain[1] and self._sdk_client(module, chain[0]):
            # `const job = await openai.fineTuning.jobs.retrieve(id)`: what the API answers (`job.fine_tuned_model`,
            # an id only OpenAI has) comes from outside the repository.
            return f"what `{module.short(call, 40)}` returns ({module.path}:{module.position(call)[0]})"
        if function is None or depth > _DEPTH:
            return None
        follow = follow or self._value_source
        given = call.child_by_field_name("arguments")
        arguments = [a for a in given.named_children if a.type != "comment"] if given is not None else []
        outside = (
            f"what `{module.short(call, 40)}` returns ({module.path}:{module.position(call)[0]}), which the tool "
            "does not follow"
        )
        if function.type == "identifier":
            name = text_of(function)
            if name in _SAME_VALUE:  # `String(model)`: what goes in comes out
                return follow(module, arguments[0], depth + 1) if arguments else None
            definitions = self.functions_of(module, name)
            if definitions:  # a function of the repository: what it returns
                return next(
                    (
                        why
                        for owner, definition in definitions
                        for value in _returned(definition)
                        if (why := follow(owner, value, depth + 1)) is not None
                    ),
                    None,
                )
            imported = module.imports.get(name)
            if (imported is not None and self.resolve_spec(module, imported[0]) is None) or (
                imported is None and name not in module.bindings and name not in _GLOBALS
            ):
                return outside  # a package's function, or a global the repository does not define
            return None
        if function.type == "member_expression":
            target, prop = unwrap(function.child_by_field_name("object")), function.child_by_field_name("property")
            method = text_of(prop) if prop is not None else ""
            if target is None or method in _SAME_VALUE_METHODS:  # `model.trim()`, `MODELS.find(…)`
                return follow(module, target, depth + 1) if target is not None else None
            if method == "get" and arguments and (key := string_content(arguments[0])) is not None:
                return self._options_model(module, target, depth + 1, key[0])  # `config.get("model")`
            if any(method in m.methods for m in self.modules) or _is_env_object(target):
                return None  # the repository's own method: followed by name, as in Python
            return outside
        return None

    def _sdk_client(self, module: Module, root: Node) -> bool:
        """Whether `root` is an openai-node client this repository builds (`new OpenAI()`, or a name bound to one)."""
        root = unwrap(root) or root
        values: list[Node | None] = [root] if root.type == "new_expression" else []
        if root.type == "identifier":
            values = [unwrap(v) for _, v in self.values_of(module, text_of(root), root)]
        return any(
            v is not None
            and v.type == "new_expression"
            and self.class_kind(module, v.child_by_field_name("constructor")) == "sdk"
            for v in values
        )

    def _unbound(self, module: Module, node: Node, depth: int = 0) -> str | None:
        """A name with no value here: a parameter (of an exported function: its callers are outside the
        repository) or a global."""
        found = parameter_of(node)
        if found is None:
            return None
        function, index, key = found
        why = self._callers_source(module, function, index, depth, key)
        if why is None and _exported_function(module, function) and not any(self._calls_of(module, function)):
            title = function_title(function)
            shown = text_of(title) if title is not None else "an exported function"
            return (
                f"the parameter `{text_of(node)}` of `{shown}` ({module.path}:{module.position(function)[0]}), "
                "which callers outside the repository fill"
            )
        return why

    def _callers_source(
        self,
        module: Module,
        function: Node,
        index: int,
        depth: int,
        key: str | None = None,
        defaulted: bool = False,
    ) -> str | None:
        """A parameter of a function takes what its callers in the repository pass (the property `key` of it,
        for a destructured one): the first of their arguments that may come from outside the repository (an
        exported wrapper's own parameter). `defaulted`: the parameter has a default, which stands for callers
        the repository does not have."""
        title = function_title(function)
        if title is None or depth > _DEPTH:
            return None
        if function.type == "method_definition" and text_of(title) == "constructor":
            return self._constructor_callers_source(module, function, index, depth, defaulted)
        for owner, arguments in self._calls_of(module, function):
            argument = arguments[index] if index < len(arguments) else None
            if argument is None:
                continue
            why = (
                self._value_source(owner, argument, depth + 1)
                if key is None
                else self._options_model(owner, argument, depth + 1, key)
            )
            if why is not None:
                return why
        return None

    def _calls_of(self, module: Module, function: Node) -> Iterator[tuple[Module, list[Node]]]:
        """(module, arguments) of every call of a named function: in its own module, and where another module
        imports it."""
        title = function_title(function)
        if title is None:
            return
        local = text_of(title)
        refs = [(module, ref) for ref in module.references.get(local, [])]
        if _exported_function(module, function):
            for exported, name in module.exports.items():
                if name == local:
                    refs += list(self.importers(module, exported))
        for owner, ref in refs:
            call = ref.parent
            if call is None or call.type != "call_expression" or call.child_by_field_name("function") != ref:
                continue
            given = call.child_by_field_name("arguments")
            yield owner, [a for a in given.named_children if a.type != "comment"] if given is not None else []

    def _constructor_callers_source(
        self, module: Module, function: Node, index: int, depth: int, defaulted: bool = False
    ) -> str | None:
        """A constructor's parameter takes what `new` of its class passes, anywhere in the repository; with no
        `new` of it here, its callers are elsewhere (a registry that builds a provider by name)."""
        owner = enclosing(function, frozenset({"class_declaration", "class"}))
        title = owner.child_by_field_name("name") if owner is not None else None
        if title is None:
            return None
        name = text_of(title)
        built = False
        for other in self.modules:
            for new in other.news:
                ctor = unwrap(new.child_by_field_name("constructor"))
                if ctor is None or text_of(ctor).rsplit(".", 1)[-1] != name:
                    continue
                built = True
                given = new.child_by_field_name("arguments")
                arguments = [a for a in given.named_children if a.type != "comment"] if given is not None else []
                if index < len(arguments):
                    why = self._value_source(other, arguments[index], depth + 1) or self._options_model(
                        other, arguments[index], depth + 1
                    )
                    if why is not None:
                        return why
        if built or defaulted:
            return None
        return (
            f"the parameters of `{name}`'s constructor ({module.path}:{module.position(function)[0]}), which no "
            "code of the repository fills"
        )

    # Model ids: where a literal's value goes.
    def _sdk_options(self, module: Module) -> list[Client]:
        """The module's SDK clients made with an options object (read for every literal's reach: once)."""
        found = self._options_memo.get(module.path)
        if found is None:
            found = self._options_memo[module.path] = [
                c for c in self.clients if c.module is module and c.kind == "sdk" and c.options is not None
            ]
        return found

    def reach(self, module: Module, node: Node, depth: int = 0) -> Reach:
        """Where a value at `node` goes: the clients whose requests it reaches, whether it also goes where the
        tool cannot follow, and the lookups in data the tool does not rewrite that take it as their key."""
        prev, current = node, node.parent
        keyed = False  # the value of a `model:` property on the way up
        modelled = False  # a `model:` property anywhere on the way up (`body: JSON.stringify({ model })`)
        made = next((c for c in self._sdk_options(module) if _within_options(c, node)), None)
        if made is not None:
            # A model in a client's own options (`new Anthropic({ middleware: [fallback([{ model }])] })`): the
            # client sends it.
            return Reach(frozenset({made}))
        whole = True  # the value itself on the way up, not something computed from it (`list.includes(m)`)
        while current is not None:
            handed = _command_line_given(module, current, prev)
            if handed is not None:
                return handed
            if whole and _equality(current) and _compared_with_a_value(current, prev):
                # `x.id === id`: the value is tested against another, which must still agree with it once mapped.
                return Reach(lost=True, compared=(f"{module.path}:{module.position(current)[0]}",))
            if current.type not in _WHOLE and not _part_of(current, prev):
                whole = False
            # Once a `model:` value, the objects around it are handed on whole (`{ params: { model } }`).
            keyed = keyed or _model_value(current, prev)
            modelled = modelled or keyed
            sent = self._sent_by_a_request(_key(module, current)) if prev.type == "arguments" else None
            if sent is not None:
                return sent
            for owner, binding in self.value_bindings.get(_key(module, prev), []):
                return self.reach_of_binding(owner, binding, depth + 1)
            if current.type == "arguments" and current.parent is not None:
                given = self._reach_of_an_argument(module, current, prev, prev == node, keyed, modelled, depth)
                if given is not None:
                    return given
            looked_up = self._looked_up_outside(module, current, prev)
            if looked_up is not None:
                return looked_up
            if whole and (
                current.type == "return_statement"
                or (current.type == "arrow_function" and current.child_by_field_name("body") == prev)
            ):
                # `function pickModel() { return DEFAULT_MODEL }`, `const pick = () => MODEL`: the value goes where
                # the function's calls go.
                function = current if current.type == "arrow_function" else enclosing(current, FUNCTIONS)
                called = self._function_binding(module, function) if function is not None else None
                if called is not None:
                    return self.reach_of_binding(module, called, depth + 1)
                if function is None or function.parent is None:
                    return _LOST
                # A function bound to no name (`register({ getModelContext: () => ({ config: { modelName } }) })`):
                # what it returns goes where the function itself goes.
                prev, current = function, function.parent
                continue
            if current.type in FUNCTIONS or current.type in ("program", "class_body"):
                break
            prev, current = current, current.parent
        return _LOST

    def _sent_by_a_request(self, key: tuple[str, int, int, str]) -> Reach | None:
        """Given to a request (the call at `key`): its client's, or a request the tool does not move."""
        requests = self.requests.get(key)
        if requests:
            return Reach(frozenset(r.client for r in requests if r.client is not None))
        if key in self.external_requests:
            return Reach(external=(self.external_requests[key],))
        return None

    def _looked_up_outside(self, module: Module, current: Node, prev: Node) -> Reach | None:
        """`PRICES[model]` (`current`, with `prev` its index) on a table the tool does not rewrite: the value is a key
        of data from elsewhere. None for any other node, and for a table of the module's own."""
        if (
            current.type == "subscript_expression"
            and current.child_by_field_name("index") == prev
            and prev.type not in ("binary_expression", "unary_expression", "update_expression")  # `[r.length - 1]`
        ):
            table = current.child_by_field_name("object")
            if table is not None and not self._local_table(module, table):
                return Reach(looked_up=(f"{module.path}:{module.position(current)[0]}",))
        return None

    def _reach_of_an_argument(
        self, module: Module, arguments: Node, prev: Node, itself: bool, keyed: bool, modelled: bool, depth: int
    ) -> Reach | None:
        """Where a value given to a call or a `new` (`arguments` holds `prev`) goes, where the call decides it: a
        function of the repository's parameter, a request made without the SDK, another package's code. None: the
        walk up goes on. `itself`: `prev` is the value itself; `keyed`: a `model:` value on the way up."""
        call = arguments.parent
        if call is None:
            return None
        if call.type == "new_expression":
            handed = self._handed_to_a_package(module, call, keyed or (itself and _about_models(call)))
            return Reach(lost=True, handed=(handed,)) if handed is not None else None
        if call.type != "call_expression":
            return None
        through = self._through_parameter(module, call, prev, depth)
        if through is not None:
            return through
        first = next((a for a in arguments.named_children if a.type != "comment"), None)
        content = string_content(first) if first is not None and first is not prev else None
        if content is not None and self.rules.names_a_request(content[0]):
            return Reach(raw=(f"{module.path}:{module.position(call)[0]}",))
        if (modelled and _http_call(call)) or (
            itself and (self._made_by_a_package(module, call) or self._package_factory(module, call, prev))
        ):
            # The body of a request made without the SDK to a server the tool cannot name (a local proxy,
            # OpenRouter): its model is that server's, as Python's `requests.post(json={"model": …})`. And
            # `openrouter("openai/gpt-4o")`, `azure("gpt-4o-mini")`, `local("gpt-5")`: a model given to a provider
            # another package made (`createOpenRouter(…)`, `createAzure(…)`) goes to its server, as one given to the
            # package's function itself (`makeProvider("gpt-5")`).
            return Reach(lost=True, handed=(f"`{module.short(call, 50)}` ({module.path}:{module.position(call)[0]})",))
        # An id written as the argument of a package's function about models (`encodingForModel("gpt-4o")`) is that
        # function's; a React state's first value (`useState("gpt-4o")`) is the app's own.
        handed = self._handed_to_a_package(module, call, keyed or (itself and _about_models(call)))
        return Reach(lost=True, handed=(handed,)) if handed is not None else None

    def compared_reach(self, module: Module, literal: Node) -> Reach | None:
        """Where the value a literal is compared with goes (`modelName === "gpt-4o"`, `"gpt-4o" !== m`): the
        reach of that name's binding, or of the parameter it is; None when it is not compared with a name."""
        parent = literal.parent
        while parent is not None and parent.type == "parenthesized_expression":
            literal, parent = parent, parent.parent
        operator = parent.child_by_field_name("operator") if parent is not None else None
        if parent is None or parent.type != "binary_expression" or operator is None:
            return None
        if operator.type not in ("===", "!==", "==", "!="):
            return None
        left, right = parent.child_by_field_name("left"), parent.child_by_field_name("right")
        other = unwrap(right if left == literal else left)
        if other is None or other.type != "identifier":
            return None
        name = text_of(other)
        bindings = [
            b for b in module.bindings.get(name, []) if b.scope.start_byte <= other.start_byte < b.scope.end_byte
        ]
        function = enclosing(other, FUNCTIONS)
        while not bindings and function is not None:
            parameters = function.child_by_field_name("parameters")
            for parameter in parameters.named_children if parameters is not None else []:
                for found in _parameter_names(parameter):
                    if text_of(found) == name:
                        bindings.append(Binding(name, None, function, found))
            function = enclosing(function, FUNCTIONS)
        if not bindings:
            return None
        reach = Reach()
        for binding in bindings:
            reach |= self.reach_of_binding(module, binding, 1)
        return reach

    def _function_binding(self, module: Module, function: Node) -> Binding | None:
        """The name a function is called by: a declaration's (`function f() {}`), or the constant it is the value
        of (`const f = () => …`); None for a method, a callback or a function expression handed on."""
        if function.type in ("function_declaration", "generator_function_declaration"):
            name = function.child_by_field_name("name")
            around = enclosing(function, FUNCTIONS | {"program"})
            if name is None or around is None:
                return None
            return Binding(text_of(name), None, around, name)
        declarator = function.parent
        if declarator is None or declarator.type != "variable_declarator":
            return None
        name = declarator.child_by_field_name("name")
        if name is None or name.type != "identifier":
            return None
        return next((b for b in module.bindings.get(text_of(name), []) if b.value == function), None)

    def _handed_to_a_package(self, module: Module, call: Node, keyed: bool) -> str | None:
        """A model handed to another package's code (`new metrics.AnswerRelevancyMetric({ model: MODEL })`), or
        compared in a test with what such code returns (`expect(new OpenAIModel({…}).getModelName()).toBe(id)`):
        "`call` (path:line)", as Python's sinks; None for the repository's own code and anything else."""
        chain = callee_chain(call)
        if chain is None:
            return None
        root, path = chain
        where = f"`{module.short(call, 50)}` ({module.path}:{module.position(call)[0]})"
        if path and path[-1] in _MATCHERS and root.type == "call_expression":
            subject = root.child_by_field_name("arguments")
            outside = subject is not None and any(
                n.type in ("call_expression", "new_expression") and self._package_callee(module, n)
                for n in walk(subject)
            )
            return where if outside else None
        if _key(module, call) in self.client_at:
            return None  # a client of its own (`new ChatOpenAI({ model })`): decided with it
        if path and RECORD_NAMES.search(path[-1]) or not path and RECORD_NAMES.search(text_of(root)):
            return None  # `writeFileSync(f, JSON.stringify({ model }))`, `logger.info({ model })`: a record kept
        return where if keyed and self._package_callee(module, call) else None

    def _made_by_a_package(self, module: Module, call: Node) -> bool:
        """Whether a call calls a function another package returned, no client of the SDK's (`const azure =
        createAzure(…); azure(id)`, `const prov = makeProvider({…}); prov(id)`)."""
        function = unwrap(call.child_by_field_name("function"))
        if function is not None and function.type in ("call_expression", "new_expression"):
            # `createAzure({…})(modelName)`: the provider made and given the model at once.
            return _key(module, function) not in self.client_at and self._package_callee(
                module, function, providers=True
            )
        if function is None or function.type != "identifier":
            return False
        made = [unwrap(v) for _, v in self.values_of(module, text_of(function), call)]
        return bool(made) and all(
            value is not None
            and value.type in ("call_expression", "new_expression")
            and _key(module, value) not in self.client_at
            and self._package_callee(module, value, providers=True)
            for value in made
        )

    def _package_factory(self, module: Module, call: Node, argument: Node) -> bool:
        """`makeProvider("gpt-5")`: a function another package exports, called with a model id first whose result
        is used on (`.complete(…)`), not a state or store of the app's own (`useState("gpt-4o")`, `atom(…)`) nor a
        test's assertion (`expect(MODEL).toBeTruthy()`)."""
        function = unwrap(call.child_by_field_name("function"))
        parent = call.parent
        given = call.child_by_field_name("arguments")
        first = next((a for a in given.named_children if a.type != "comment"), None) if given is not None else None
        return (
            function is not None
            and function.type == "identifier"
            and not _STATE.match(text_of(function))
            and text_of(function) not in _TEST_CALLS
            and parent is not None
            and parent.type == "member_expression"
            and first == argument
            and self._package_callee(module, call)
        )

    def _package_callee(self, module: Module, call: Node, providers: bool = False) -> bool:
        """Whether a call or `new` calls another package's code: its root is imported from a package."""
        chain = callee_chain(call)
        if chain is None or chain[0].type != "identifier":
            return False
        imported = module.imports.get(text_of(chain[0]))
        if imported is None:
            # `const aui = useAui(); aui.modelContext.register(…)`: an object another package's call made.
            made = [unwrap(v) for _, v in self.values_of(module, text_of(chain[0]), call)] if chain[1] else []
            return bool(made) and all(
                v is not None
                and v.type in ("call_expression", "new_expression")
                and _key(module, v) not in self.client_at
                and v != call
                and callee_chain(v) is not None
                and callee_chain(v)[0] != chain[0]  # type: ignore[index]
                and self._package_callee(module, v, providers)
                for v in made
            )
        spec = imported[0]
        if providers and spec.startswith("@ai-sdk/") and spec not in ("@ai-sdk/openai", "@ai-sdk/anthropic"):
            return True  # another provider of the AI SDK (`createAzure`, `createOpenAICompatible`, `createGroq`)
        return (
            not spec.startswith((".", "openai", "@anthropic-ai/", "@ai-sdk/", "node:", *_ALIASES))
            and spec.split("/")[0] not in _NODE_BUILTINS
            and spec != "ai"  # the SDKs and the AI SDK: their calls are requests, decided elsewhere
            and self.resolve_spec(module, spec) is None
        )

    def lookup_sources(self, module: Module, table: Node) -> list[str]:
        """Where the values that look up an object literal's keys come from, where that may be outside the
        repository (`MAX_TOKENS[model]` in an exported function its callers give the model): each as
        `_value_source` says it. The lookups are `T[x]` and `x in T` on the name the table is declared as, in its
        module and in the modules that import it."""
        declarator = table.parent
        while declarator is not None and declarator.type in _WRAPPERS:
            declarator = declarator.parent
        name = declarator.child_by_field_name("name") if declarator is not None else None
        if declarator is None or declarator.type != "variable_declarator" or name is None or name.type != "identifier":
            return []
        found: list[str] = []
        for binding in module.bindings.get(text_of(name), []):
            if binding.name_node != name:
                continue
            uses = self.references_to(module, binding)
            if binding.scope == module.tree.root_node:
                for exported, local in module.exports.items():
                    if local == binding.name:
                        uses.extend(self.importers(module, exported))
            for owner, use in uses:
                index = _lookup_index(use)
                why = self._value_source(owner, index, 1) if index is not None else None
                if why is not None:
                    found.append(why)
        return found

    def _local_table(self, module: Module, table: Node) -> bool:
        """Whether a looked-up table is an object literal of the repository (its id keys are rewritten with
        the ids that look them up), rather than data read from a file or an API."""
        root = unwrap(table)
        while root is not None and root.type in ("member_expression", "subscript_expression"):
            root = unwrap(root.child_by_field_name("object"))
        if root is None or root.type != "identifier":
            return root is not None and root.type == "object"
        values = [unwrap(value) for _, value in self.values_of(module, text_of(root), table)]
        return any(value is not None and value.type == "object" for value in values)

    def _through_parameter(self, module: Module, call: Node, argument: Node, depth: int) -> Reach | None:
        """A value passed to a function of the repository (`ask("gpt-4o")`) goes where its parameter goes; to
        a method (`pricing.costOf("gpt-4o")`, `this.#lookup(model)`) when one class of the repository alone
        defines a method of that name."""
        function = unwrap(call.child_by_field_name("function"))
        if function is None:
            return None
        if function.type == "member_expression":
            if self.requests.get(_key(module, call)):
                return None  # a request: `reach` takes it
            prop = function.child_by_field_name("property")
            method = text_of(prop) if prop is not None else ""
            definitions = [(m, d) for m in self.modules for d in m.methods.get(method, [])]
            if len(definitions) != 1 or not self._may_be_instance(module, function, definitions[0][1]):
                return None
        elif function.type == "identifier":
            definitions = self.functions_of(module, text_of(function))
        else:
            return None
        given = call.child_by_field_name("arguments")
        if given is None:  # the grammar gives every call its arguments
            return None
        arguments = [a for a in given.named_children if a.type != "comment"]
        if not definitions or argument not in arguments:
            return None
        index = arguments.index(argument)
        found = Reach()
        for owner, definition in definitions:
            parameters = definition.child_by_field_name("parameters")
            listed = (
                [p for p in parameters.named_children if p.type != "comment"]
                if parameters is not None
                else [definition.child_by_field_name("parameter")]
            )
            parameter = listed[index] if index < len(listed) else None
            names = _parameter_names(parameter) if parameter is not None else []
            if not names:
                found |= _LOST
                continue
            for name in names:
                found |= self.reach_of_binding(owner, Binding(text_of(name), None, definition, name), depth + 1)
        return found

    def _may_be_instance(self, module: Module, function: Node, method: Node) -> bool:
        """Whether the receiver of `receiver.name(…)` can be of the one class that defines `name`: `this` in that
        class, the class itself (a static method), or a name bound to `new` of it or to a call of a function
        of the repository (`freshInstance()`, which builds it). Another package's object is not."""
        owner = enclosing(method, frozenset({"class_declaration", "class"}))
        title = owner.child_by_field_name("name") if owner is not None else None
        receiver = unwrap(function.child_by_field_name("object"))
        if receiver is None or title is None:
            return False
        if receiver.type == "this":
            return enclosing(function, frozenset({"class_declaration", "class"})) == owner
        values: list[Node | None] = [receiver]
        if receiver.type == "identifier":
            if text_of(receiver) == text_of(title):
                return True
            values = [unwrap(v) for _, v in self.values_of(module, text_of(receiver), receiver)]
        for value in values:
            if value is None:
                continue
            if value.type == "new_expression":
                built = value.child_by_field_name("constructor")
                if built is not None and text_of(built) == text_of(title):
                    return True
            elif value.type == "call_expression":
                called = unwrap(value.child_by_field_name("function"))
                if called is not None and called.type == "identifier" and self.functions_of(module, text_of(called)):
                    return True
        return False

    def reach_of_binding(self, module: Module, binding: Binding, depth: int) -> Reach:
        memo_key = (module.path, binding.name, binding.scope.start_byte, binding.scope.end_byte)
        memo = self._reach_memo.get(memo_key)
        if memo is not None:
            return memo
        if depth > _DEPTH:
            return _LOST
        self._reach_memo[memo_key] = Reach()  # a cycle adds nothing
        found = Reach()
        for owner, ref in self.references_to(module, binding):
            if _is_export_position(ref) or _is_type_position(ref):
                continue
            found |= self.reach(owner, ref, depth)
        if binding.scope == module.tree.root_node:
            for exported, local in module.exports.items():
                if local != binding.name:
                    continue
                imported = False
                for importer, ref in self.importers(module, exported):
                    imported = True
                    found |= self.reach(importer, ref, depth)
                # Exported and imported nowhere in the repository: used by code outside it (a framework's
                # configuration, another package), where the tool cannot follow it.
                if not imported:
                    found |= _LOST
        self._reach_memo[memo_key] = found
        return found

    def importers(self, module: Module, exported: str) -> Iterator[tuple[Module, Node]]:
        """(module, node) for every use, in other modules, of `exported` from `module`."""
        for other in self.modules:
            if other is module:
                continue
            for local, (spec, imported) in other.imports.items():
                if spec.startswith(("openai", "@ai-sdk")):
                    continue
                target = self.resolve_spec(other, spec)
                if target is None:
                    continue
                if imported == "*":
                    if target is module or self.exported(target, exported) is not None:
                        for ref in other.references.get(local, []):
                            parent = ref.parent
                            prop = (
                                parent.child_by_field_name("property")
                                if parent is not None and parent.type == "member_expression"
                                else None
                            )
                            if prop is not None and text_of(prop) == exported:
                                yield other, parent  # type: ignore[misc]
                    continue
                found = self.exported(target, imported)
                if found is None or found[0] is not module or module.exports.get(exported) != found[1]:
                    continue
                binding = Binding(local, None, other.tree.root_node, other.import_nodes.get(local))
                for ref in other.references_to(binding):
                    if not _is_export_position(ref) and not _is_type_position(ref):
                        yield other, ref


# A test runner's functions: what they are given is checked, not sent anywhere.
_TEST_CALLS = frozenset({"expect", "assert", "describe", "it", "test", "expectTypeOf", "assertType"})
# Import specifiers that name the repository's own modules through a bundler's or TypeScript's alias.
_ALIASES = ("@/", "~/", "#", "$lib", "src/")

# The app's own state and stores, from a UI library (React, Solid, Vue, Svelte, Jotai, Recoil, Preact signals).
_STATE = re.compile(
    r"^(use[A-Z]\w*|create(Signal|Store|Resource)|signal|ref|shallowRef|reactive|writable|readable|atom|selector"
    r"|computed)$"
)

# What a value passes through whole on its way to a `return` (an object or list holding it, a fallback).
_WHOLE = frozenset(
    {
        "pair",
        "object",
        "array",
        "parenthesized_expression",
        "ternary_expression",
        "as_expression",
        "non_null_expression",
        "satisfies_expression",
        "spread_element",
        "return_statement",
        "arrow_function",
    }
)

# Calls whose value is what they are given: `String(model)`, `model.trim()`, `MODELS.find((m) => …)`.
_SAME_VALUE = frozenset({"String", "Boolean", "Number", "structuredClone"})
_SAME_VALUE_METHODS = frozenset(
    {
        "trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toString", "valueOf", "replace",
        "replaceAll", "slice", "substring", "at", "find", "findLast", "filter", "pop", "shift", "concat",
        "normalize", "then",
    }
)  # fmt: skip
# Globals of JavaScript runtimes whose calls are not requests' models.
_GLOBALS = frozenset({"require", "fetch", "Symbol", "Array", "Object", "Date", "parseInt", "parseFloat", "JSON"})


# Functions of JavaScript runtimes and HTTP packages that send a request: `fetch(url, init)`, `axios.post(url,
# data)`, `ky.post`, `got.post`, `ofetch`, `$fetch`, `superagent`.
_HTTP_CALLS = frozenset({"fetch", "$fetch", "ofetch", "axios", "ky", "got", "request", "superagent", "needle"})
_HTTP_METHODS = frozenset({"post", "put", "patch", "request", "get", "fetch", "send"})


_ABOUT_MODELS = re.compile(r"(?i)model|token|encod")


# Data files code imports (`import models from "./models.json"`): their values are the resolution's, by file.
DATA_FILES = (".json", ".yaml", ".yml", ".toml")


def data_file_paths(importer: str, spec: str) -> set[str]:
    """The paths a data file imported by `spec` may have: by its relative path, or for a tsconfig path alias
    (`import models from "@/lib/models.json"`) under the importer's folder or any folder above it (where tsconfig's
    baseUrl may be), by its path from there."""
    if not spec.lower().endswith(DATA_FILES):
        return set()
    if spec.startswith("."):
        return {posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))}
    if not spec.startswith(("@/", "~/", "#/")):
        return set()
    tail = spec.split("/", 1)[1]
    parts = posixpath.dirname(importer).split("/") if "/" in importer else []
    return {posixpath.normpath(posixpath.join("/".join(parts[:k]), tail)) for k in range(len(parts) + 1)}


def data_files(module: Module) -> list[str]:
    """The data files a module imports, by their paths (`data_file_paths`)."""
    return sorted({path for spec, _ in module.imports.values() for path in data_file_paths(module.path, spec)})


def _part_of(current: Node, prev: Node) -> bool:
    """Whether `current` is the value at `prev` or a part of it, which may be the id: `a || b`, `DEFAULTS.model`,
    `MODELS[0]`, `m.trim()`, `MODELS.find(…)` (not `m.length`'s number, not `list.includes(m)`'s answer)."""
    kind = current.type
    if kind == "binary_expression":
        return text_of(current.child_by_field_name("operator")) in ("||", "??")
    if kind in ("member_expression", "subscript_expression"):
        prop = current.child_by_field_name("property")
        return current.child_by_field_name("object") == prev and (prop is None or text_of(prop) != "length")
    if (
        kind == "call_expression"
        and current.child_by_field_name("function") == prev
        and prev.type == "member_expression"
    ):
        prop = prev.child_by_field_name("property")
        return prop is not None and text_of(prop) in _SAME_VALUE_METHODS
    return False


def _about_models(call: Node) -> bool:
    """A call or `new` whose function's name speaks of models, tokens or encodings (`encodingForModel`,
    `countTokens`, `new ModelCard`)."""
    chain = callee_chain(call)
    if chain is None:
        return False
    root, path = chain
    return _ABOUT_MODELS.search(path[-1] if path else text_of(root)) is not None


def _http_call(call: Node) -> bool:
    chain = callee_chain(call)
    if chain is None:
        return False
    root, path = chain
    if not path:
        return text_of(root) in _HTTP_CALLS
    return text_of(root) in _HTTP_CALLS and path[-1] in _HTTP_METHODS


def _too_deep(module: Module, node: Node) -> str:
    return f"`{module.short(node, 40)}` ({module.path}:{module.position(node)[0]}), further than the tool follows"


def _returned(function: Node) -> list[Node]:
    """The values a function returns: an arrow's body, or its `return` statements' values."""
    body = function.child_by_field_name("body")
    if body is None:
        return []
    if body.type != "statement_block":
        return [body]
    return [
        value
        for node in walk(body)
        if node.type == "return_statement" and enclosing(node, FUNCTIONS) == function
        for value in [next((c for c in node.named_children if c.type != "comment"), None)]
        if value is not None
    ]


def _is_env_object(node: Node) -> bool:
    return text_of(node).replace(" ", "") in ("process.env", "import.meta.env")


def _has_fallback(node: Node) -> bool:
    """Whether a value stands before a fallback: `X || "gpt-4o"`, `(model ?? X) ?? DEFAULT`."""
    current = node
    while current.parent is not None and current.parent.type in ("parenthesized_expression", "binary_expression"):
        parent = current.parent
        if parent.type == "binary_expression":
            operator = parent.child_by_field_name("operator")
            if operator is None or operator.type not in ("||", "??"):
                return False
            if parent.child_by_field_name("left") == current:
                return True
        current = parent
    return False


def function_title(function: Node) -> Node | None:
    """The name of a function: its own, or the variable an arrow function or function expression is bound to."""
    title = function.child_by_field_name("name")
    if title is None and function.parent is not None and function.parent.type == "variable_declarator":
        title = function.parent.child_by_field_name("name")
    return title


def parameter_of(node: Node) -> tuple[Node, int, str | None] | None:
    """(function, index, key) of the innermost enclosing function one of whose parameters `node` names: the
    position of that parameter, and the property it is destructured from (`{ model = null } = {}`), if any."""
    name = text_of(node)
    function = enclosing(node, FUNCTIONS)
    while function is not None:
        parameters = function.child_by_field_name("parameters")
        listed = (
            [p for p in parameters.named_children if p.type != "comment"]
            if parameters is not None
            else [p for p in [function.child_by_field_name("parameter")] if p is not None]  # `x => …`
        )
        for index, parameter in enumerate(listed):
            for bound in _parameter_names(parameter):
                if text_of(bound) == name:
                    return function, index, _property_key(bound)
        function = enclosing(function, FUNCTIONS)
    return None


def _property_key(bound: Node) -> str | None:
    """The property a destructured parameter name takes (`{ model }`, `{ model = x }`, `{ model: m }`)."""
    parent = bound.parent
    if bound.type == "shorthand_property_identifier_pattern":
        return text_of(bound)
    if parent is not None and parent.type == "object_assignment_pattern":
        return text_of(bound)
    if parent is not None and parent.type == "pair_pattern":
        key = parent.child_by_field_name("key")
        return text_of(key).strip("\"'") if key is not None else None
    return None


def _parameter_names(parameter: Node) -> list[Node]:
    """The names a parameter binds: `model`, `model = "x"`, `model: string`, `{ model, temperature }`."""
    if parameter.type in ("required_parameter", "optional_parameter"):
        parameter = parameter.child_by_field_name("pattern") or parameter
    if parameter.type == "assignment_pattern":
        parameter = parameter.child_by_field_name("left") or parameter
    if parameter.type == "identifier":
        return [parameter]
    if parameter.type == "object_pattern":
        names = []
        for part in parameter.named_children:
            if part.type == "shorthand_property_identifier_pattern":
                names.append(part)
            elif part.type == "object_assignment_pattern":
                left = part.child_by_field_name("left")
                if left is not None:
                    names.append(left)
            elif part.type == "pair_pattern":
                value = part.child_by_field_name("value")
                if value is not None and value.type == "identifier":
                    names.append(value)
        return names
    return []


def _exported_function(module: Module, function: Node) -> bool:
    """`export function f`, `export default function`, `export const f = () => …`, or exported by name."""
    around = function.parent
    while around is not None and around.type in ("variable_declarator", "lexical_declaration", "variable_declaration"):
        around = around.parent
    if around is not None and around.type == "export_statement":
        return True
    name = function_title(function)
    return name is not None and text_of(name) in module.exports.values()


def _escapes(node: Node, inline: bool = False) -> bool:
    parent = node.parent
    while parent is not None and parent.type in _WRAPPERS:
        node, parent = parent, parent.parent
    if parent is None:
        return False
    if node.type == "shorthand_property_identifier":
        return not _in_module_exports(node)
    if parent.type == "pair":
        return parent.child_by_field_name("value") == node and not _in_module_exports(parent)
    if parent.type == "arrow_function" and parent.child_by_field_name("body") == node:
        return not inline
    if parent.type == "return_statement" and inline:
        return False
    return parent.type in ESCAPES


def _in_module_exports(node: Node) -> bool:
    obj = node.parent
    assignment = obj.parent if obj is not None else None
    return (
        obj is not None
        and obj.type == "object"
        and assignment is not None
        and assignment.type == "assignment_expression"
        and text_of(assignment.child_by_field_name("left")).replace(" ", "") == "module.exports"
    )


def _is_export_position(node: Node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "export_specifier":
        return True
    if parent.type == "export_statement":
        return True
    if node.type == "shorthand_property_identifier" and _in_module_exports(node):
        return True
    if parent.type == "pair" and _in_module_exports(parent):
        return True
    if parent.type == "assignment_expression" and text_of(parent.child_by_field_name("left")).replace(
        " ", ""
    ).startswith(("module.exports", "exports.")):
        return parent.child_by_field_name("right") == node
    return False


def _is_type_position(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type in ("type_query", "type_annotation", "generic_type")


_MOCKERS = frozenset({"vi.mock", "vi.doMock", "jest.mock", "jest.doMock", "jest.unstable_mockModule"})


def _mocked_modules(module: Module) -> frozenset[str]:
    """The packages a test module replaces with doubles (`vi.mock("openai", () => …)`, `jest.mock("openai")`)."""
    found = set()
    for call in module.calls:
        function = call.child_by_field_name("function")
        if function is None or text_of(function).replace(" ", "") not in _MOCKERS:
            continue
        arguments = call.child_by_field_name("arguments")
        first = next((c for c in arguments.named_children if c.type != "comment"), None) if arguments else None
        content = string_content(first) if first is not None else None
        if content is not None:
            found.add(content[0])
    return frozenset(found)


# Node's own modules (`fs`, `path`, …), imported without `node:`: no package that sends a model.
_NODE_BUILTINS = frozenset(
    {"fs", "path", "os", "util", "crypto", "child_process", "stream", "events", "url", "http", "https", "zlib"}
)


# The v3 SDK's call names (`createEmbedding`, `listFiles`): verbs first, unlike the v4 SDK's resources.
_V3_CALL = re.compile(r"(?:create|list|retrieve|delete|download|cancel)[A-Z]")


def _within_options(client: Client, node: Node) -> bool:
    options = client.options
    return options is not None and options.start_byte <= node.start_byte < options.end_byte


def _without_options(node: Node) -> Node:
    """`client.withOptions({…})` -> `client`: the copy sends where the client does."""
    while node.type == "call_expression":
        function = unwrap(node.child_by_field_name("function"))
        prop = function.child_by_field_name("property") if function is not None else None
        obj = function.child_by_field_name("object") if function is not None else None
        if prop is None or obj is None or text_of(prop) != "withOptions":
            break
        node = obj
    return node


def _field_typed_by_a_package(module: Module, root: Node, path: tuple[str, ...], sdk: str) -> bool:
    """`this.client.…` where the class declares `client: WebClient` (a field, or a constructor's parameter
    property) with a type imported from another package than the SDK."""
    obj = root.child_by_field_name("object") if root.type == "member_expression" else None
    prop = root.child_by_field_name("property") if obj is not None else None
    if obj is not None and obj.type == "this" and prop is not None:
        field = text_of(prop)
    elif root.type == "this" and path:
        field = path[0]
    else:
        return False
    owner = root.parent
    while owner is not None and owner.type not in ("class_declaration", "class", "abstract_class_declaration"):
        owner = owner.parent
    if owner is None:
        return False
    for node in walk(owner):
        if node.type not in ("public_field_definition", "required_parameter", "optional_parameter"):
            continue
        name = node.child_by_field_name("name") or node.child_by_field_name("pattern")
        annotation = node.child_by_field_name("type")
        if name is None or annotation is None or text_of(name) != field:
            continue
        named = next((n for n in walk(annotation) if n.type == "type_identifier"), None)
        spec = module.imports.get(text_of(named), ("", ""))[0] if named is not None else ""
        return bool(spec) and not spec.startswith(".") and package_spec(spec) != sdk and not spec.startswith(sdk + "/")
    return False


def _model_argument(request: Request) -> tuple[Node, bool] | None:
    """The argument a request's model is in, and whether it is the `model` of the options given there (an AI SDK
    provider is given the model itself: `openai("gpt-4o")`); None where it takes no model (`responses.retrieve(id)`:
    an id, not options with a model) or is given nothing."""
    given = request.call.child_by_field_name("arguments")
    first = next((a for a in given.named_children if a.type != "comment"), None) if given is not None else None
    if first is None:
        return None
    if request.client is not None and request.client.kind in ("ai-sdk", "default"):
        return first, False
    if request.path and request.path[-1] not in _TAKES_A_MODEL:
        return None
    return first, True


def _is_url_of_input(node: Node) -> bool:
    """`new URL(req.url)`, `new URLSearchParams(location.search)`: a URL the program is given, not one it
    writes (`new URL("https://…?model=gpt-4o")`)."""
    constructor = node.child_by_field_name("constructor")
    given = node.child_by_field_name("arguments")
    if constructor is None or text_of(constructor) not in ("URL", "URLSearchParams") or given is None:
        return False
    first = next((a for a in given.named_children if a.type != "comment"), None)
    return first is not None and string_content(first) is None


def _url_query(module: Module, node: Node) -> str:
    return f"the query of a URL it receives (`{module.short(node, 40)}`, {module.path}:{module.position(node)[0]})"
