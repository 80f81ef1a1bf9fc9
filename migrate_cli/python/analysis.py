"""One Python module: its analysis (ModuleAnalysis), and the context its rewrite rules work in (State).

The analysis is computed once per file and read by every step after it: the facts for the repository-wide
resolution (python/facts.py), the client analysis (python/client_analysis.py) and the rules. State adds what the
rules write: edits (each made by a LibCST transformer, python/cstedit.py) and findings.

Name resolution follows imports, not spelling: `from openai import OpenAI as C`, `import openai as oa`
and `openai.Client` are the SDK; `llama_index.llms.openai.OpenAI` is not. Scopes are modelled the way
Python resolves names (function, then enclosing functions, then the module; class bodies are not
visible from their methods).

The analysis runs on the standard library's `ast`, which parses about five times faster than LibCST
builds its tree and gives exact positions; the edits are made by LibCST transformers on the nodes that
change (python/cstedit.py), so formatting and comments outside them cannot change.

Why scopes are resolved here and not by LibCST's metadata or `symtable` (measured on the 411 candidate
files of openai-agents-python, single process): `ast.parse` 4.7 s; LibCST's parse alone 23.6 s, with
`ScopeProvider` and `QualifiedNameProvider` 213 s. `symtable` costs a second compile of every file
(1.5 s against 2.1 s for this module's whole walk, scopes and clients included, on a busy machine) and
says only that a name is imported, not from where, nor what was assigned to it: the walk that follows
imports and assignments would still be needed.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from migrate_cli.pipeline.edits import Edit
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex
from migrate_cli.python.cstedit import edit_for, import_statement, statement_code, swap_string, transform
from migrate_cli.python.frameworks import is_request
from migrate_cli.reporters.findings import Code, Finding

# Calls that return the same client with other options: `client.with_options(timeout=5).files.create()`.
TRANSPARENT = frozenset({"with_options", "with_raw_response", "with_streaming_response", "copy"})
# The last attribute of an SDK method handed on by reference (`functools.partial(client.files.create, …)`).
_API_METHODS = frozenset(
    {
        "create",
        "retrieve",
        "list",
        "delete",
        "update",
        "cancel",
        "content",
        "upload",
        "create_and_poll",
        "upload_and_poll",
        "create_and_run",
        "submit_tool_outputs",
        "poll",
        "stream",
        "parse",
        "connect",
        "Create",
        "Retrieve",
        "List",
        "Delete",
    }
)
if TYPE_CHECKING:
    import libcst as cst

_OTHER = ""  # a binding that is not an import (assignment, parameter, def, class)
# A test double's own methods (`client.embeddings.create.assert_called_once_with(…)`, `.reset_mock()`): no request.
_MOCK_METHODS = ("assert_", "reset_mock", "mock_", "configure_mock", "attach_mock")
_UNBOUND_MODULES = frozenset({"os"})


def _import_bindings(statement: ast.stmt) -> list[tuple[str, str]]:
    """(name bound, qualified name) of an import statement, as the binder records them."""
    if isinstance(statement, ast.Import):
        return [
            (alias.asname, alias.name) if alias.asname else (alias.name.split(".", 1)[0],) * 2
            for alias in statement.names
        ]
    if isinstance(statement, ast.ImportFrom):
        module = "." * statement.level + (statement.module or "")
        return [
            (alias.asname or alias.name, f"{module}.{alias.name}") for alias in statement.names if alias.name != "*"
        ]
    return []


class Scope:
    __slots__ = ("kind", "parent", "bindings", "assigns", "owner_class", "label", "name")

    def __init__(
        self,
        kind: str,
        parent: Scope | None,
        owner_class: ast.ClassDef | None = None,
        label: str = "module",
        name: str = "",
    ) -> None:
        self.kind = kind
        self.label = label  # stable across parses of the same text: kind@line:column of its node
        self.name = name  # the function's or class's name
        self.parent = parent
        self.bindings: dict[str, set[str]] = {}
        self.assigns: dict[str, list[ast.expr]] = {}
        # For a method: the class it is defined in, so `self.x` can name a per-class attribute.
        self.owner_class = owner_class

    def bind(self, name: str, qual: str) -> None:
        self.bindings.setdefault(name, set()).add(qual)

    def assigned(self, name: str) -> tuple[Scope | None, list[ast.expr]]:
        """The scope that binds `name` as seen from here, and the values assigned to it there."""
        owner, _ = self.lookup(name)
        return owner, (owner.assigns.get(name, []) if owner is not None else [])

    def lookup(self, name: str) -> tuple[Scope | None, set[str]]:
        scope: Scope | None = self
        first = True
        while scope is not None:
            if (first or scope.kind != "class") and name in scope.bindings:
                return scope, scope.bindings[name]
            first = False
            scope = scope.parent
        return None, set()


@dataclass
class CallSite:
    call: ast.Call
    scope: Scope
    receiver: ast.expr  # the expression the attribute path starts from
    path: tuple[str, ...]  # attributes after the receiver, transparent hops removed


class ClientSubclass(NamedTuple):
    """A class of the module that extends an SDK client class: constructing it makes a client of that SDK."""

    node: ast.ClassDef
    kind: str  # what constructing the SDK class makes: "sdk", "azure", "lookalike"
    base: str  # the SDK class's qualified name
    own_code: bool  # it (or a class between it and the SDK's) defines methods


class ClientCall(NamedTuple):
    """A call made on a client: the site, the attribute path after the client, and for APIs ByteSpike does
    not serve (or whose support is unknown) the kind ("unsupported", "unverified") and family."""

    site: CallSite
    path: tuple[str, ...]
    kind: str
    family: str


@dataclass
class Client:
    """Something calls are made on: a variable, a `self.` attribute, the openai module, an inline call."""

    key: tuple
    display: str
    kind: str  # "sdk", "azure", "lookalike" (named like OpenAI, not the SDK), "framework" or "module"
    constructors: list[ast.Call] = field(default_factory=list)
    # Calls made on it: (site, attribute path after the client, kind of API, family), kind and family
    # empty for APIs ByteSpike offers.
    calls: list[ClientCall] = field(default_factory=list)
    origin: str = ""  # qualified name of what constructed it
    other_endpoint: str | None = None  # a literal base URL of a server that is not OpenAI
    kept_reason: str = ""  # why it stays where it is (empty: it migrates)

    @property
    def migrates(self) -> bool:
        return not self.kept_reason


class _Binder(ast.NodeVisitor):
    """The one pass over the tree: scopes and their bindings, every call with its scope, simple
    assignments, and every node by type for the rules."""

    def __init__(self, state: ModuleAnalysis) -> None:
        self.state = state
        self.scope = state.module_scope
        self.buckets: dict[type, list[ast.AST]] = {}
        self._globals: dict[int, set[str]] = {}  # id(function scope) -> the names it declares `global`
        cls = type(self)
        self._dispatch = {
            getattr(ast, name[6:]): getattr(self, name)
            for name in dir(cls)
            if name.startswith("visit_") and hasattr(ast, name[6:])
        }

    def visit(self, node: ast.AST) -> None:
        # NodeVisitor.visit looks its method up by name for every node; a table is several times faster.
        kind = type(node)
        bucket = self.buckets.get(kind)
        if bucket is None:
            bucket = self.buckets[kind] = []
        bucket.append(node)
        method = self._dispatch.get(kind)
        if method is not None:
            method(node)
        else:
            for child in ast.iter_child_nodes(node):
                self.visit(child)

    def generic_visit(self, node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            self.visit(child)

    def _push(self, kind: str, node: ast.AST, owner_class: ast.ClassDef | None = None) -> Scope:
        line, column, _, _ = position(node)
        scope = Scope(kind, self.scope, owner_class, f"{kind}@{line}:{column}", getattr(node, "name", ""))
        self.state.scope_of[id(node)] = scope
        return scope

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.scope.bind(alias.asname, alias.name)
            else:
                top = alias.name.split(".", 1)[0]
                self.scope.bind(top, top)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name != "*":
                self.scope.bind(alias.asname or alias.name, f"{module}.{alias.name}")

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for default in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
            self.visit(default)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
            if node.returns:
                self.visit(node.returns)
            self.scope.bind(node.name, _OTHER)
        owner = self.state.class_of_scope.get(id(self.scope)) if self.scope.kind == "class" else None
        outer = self.scope
        self.scope = self._push("function", node, owner)
        args = node.args
        for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
            if arg is not None:
                self.scope.bind(arg.arg, _OTHER)
                if arg.annotation is not None:
                    self.visit(arg.annotation)
        body = node.body if isinstance(node.body, list) else [node.body]
        for stmt in body:
            self.visit(stmt)
        self.scope = outer

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in node.decorator_list + node.bases + [k.value for k in node.keywords]:
            self.visit(expr)
        self.scope.bind(node.name, _OTHER)
        outer = self.scope
        self.scope = self._push("class", node)
        self.state.class_of_scope[id(self.scope)] = node
        for stmt in node.body:
            self.visit(stmt)
        self.scope = outer

    def visit_Global(self, node: ast.Global) -> None:
        self._globals.setdefault(id(self.scope), set()).update(node.names)

    def _binds(self, name: str) -> Scope:
        """The scope an assignment to `name` binds it in: the module's where the function declares it `global`
        (`def pick(): global MODEL; MODEL = "gpt-4o"`)."""
        return self.state.module_scope if name in self._globals.get(id(self.scope), ()) else self.scope

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        # `OpenAI = None` in an `except ImportError:` fallback does not make the name something else.
        if isinstance(node.value, ast.Constant) and node.value.value is None:
            return
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._binds(target.id).assigns.setdefault(target.id, []).append(node.value)
            self.visit(target)
        self.state.assignments.append((node, self.scope))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
            if isinstance(node.target, ast.Name):
                self._binds(node.target.id).assigns.setdefault(node.target.id, []).append(node.value)
            self.state.assignments.append((node, self.scope))
        self.visit(node.annotation)
        self.visit(node.target)

    def visit_withitem(self, node: ast.withitem) -> None:
        self.visit(node.context_expr)
        if node.optional_vars is not None:
            self.visit(node.optional_vars)
            self.state.assignments.append((node, self.scope))

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self._binds(node.id).bind(node.id, _OTHER)

    def visit_Call(self, node: ast.Call) -> None:
        self.state.calls.append((node, self.scope))
        self.generic_visit(node)

    def _in_scope(self, node: ast.AST) -> None:
        """Nodes the repository-wide facts read (python/facts.py) remember the scope they stand in."""
        self.state.scope_at[id(node)] = self.scope
        self.generic_visit(node)

    visit_Compare = visit_Subscript = visit_For = visit_AsyncFor = visit_Return = _in_scope

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self.state.scope_at[id(node)] = self.scope
        self.generic_visit(node)


class ModuleAnalysis:
    """The analysis of one module, computed once: scopes and bindings, calls, assignments, clients and the
    calls made on them. It reads the source; it does not change it (State does)."""

    def __init__(self, text: str, tree: ast.Module, rules: Ruleset, path: str, newline: str) -> None:
        self.text = text
        self.tree = tree
        self.rules = rules
        self.path = path
        self.newline = newline
        # Modules whose names this one gets besides its imports: a notebook's `%run common.py` (".common").
        self.runs: list[str] = []
        self.index = LineIndex(text)
        self.module_scope = Scope("module", None)
        self.scope_of: dict[int, Scope] = {id(tree): self.module_scope}
        self.class_of_scope: dict[int, ast.ClassDef] = {}
        self.calls: list[tuple[ast.Call, Scope]] = []
        self.scope_at: dict[int, Scope] = {}  # comparisons, subscripts, loops, returns -> their scope
        self.assignments: list[tuple[ast.Assign | ast.AnnAssign | ast.withitem, Scope]] = []
        binder = _Binder(self)
        binder.visit(tree)
        self.nodes: dict[type, list[ast.AST]] = binder.buckets

    # -- positions and text -------------------------------------------------------------------------

    def start(self, node: ast.AST) -> int:
        line, column, _, _ = position(node)
        return self.index.offset(line, column)

    def end(self, node: ast.AST) -> int:
        _, _, line, column = position(node)
        return self.index.offset(line, column)

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]

    def newline_in(self, node: ast.AST) -> str:
        """The line ending a node spanning lines uses (a file may mix them), else the file's."""
        source = self.segment(node)
        at = source.find("\n")
        if at == -1:
            return self.newline
        return "\r\n" if at > 0 and source[at - 1] == "\r" else "\n"

    def short(self, node: ast.AST, limit: int = 60) -> str:
        """The node's source on one line, shortened, secrets redacted: for messages."""
        text = " ".join(self.segment(node).split())
        text = self.rules.redact(text)
        return text if len(text) <= limit else text[: limit - 1] + "…"

    # -- names --------------------------------------------------------------------------------------

    def wrapped_client(self, call: ast.Call, scope: Scope) -> ast.expr | None:
        """The client a wrapper returns (`instructor.from_openai(OpenAI())` -> `OpenAI()`), or None for a call
        that is no client wrapper of the rules."""
        wrappers = self.rules.client_wrappers
        given = (
            call.args[0]
            if call.args
            # (`track_openai(openai_client=client)`)
            else next(
                (kw.value for kw in call.keywords if kw.arg in ("client", "openai_client", "anthropic_client")), None
            )
        )
        if not wrappers or given is None:
            return None
        qual = self.qualname(call.func, scope)
        if qual is None:
            return None
        parts = qual.split(".")
        # (`instructor.from_openai(client=OpenAI())`: the keyword its signature names)
        return given if (parts[0], parts[-1]) in wrappers else None

    def qualname(self, node: ast.expr, scope: Scope) -> str | None:
        """The imported name an expression refers to ('openai.OpenAI', 'os.environ'), or None."""
        if isinstance(node, ast.Name):
            owner, quals = scope.lookup(node.id)
            if len(quals) == 1:
                (qual,) = quals
                return qual or None
            if owner is not None and owner.kind == "module" and _OTHER not in quals:
                # `from llama_index.llms.openai import OpenAI`, later `from openai import OpenAI` (a notebook's
                # cells): at the top of the module, the last import before the read is the one it sees.
                return self._last_import(node)
            if owner is None and node.id in _UNBOUND_MODULES:
                # `os.environ[...]` with no `import os` in the file (a star import, a notebook cell that
                # ran earlier): it can only mean the module, and `apply` may add the import itself.
                return node.id
            return None
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value, scope)
            return f"{base}.{node.attr}" if base else None
        return None

    def _last_import(self, node: ast.Name) -> str | None:
        """The qualified name the last top-level import of `node`'s name before it binds, when every binding of
        the name is such an import (none in a branch, a function, a `try`); None otherwise."""
        found = self._top_imports.get(node.id)
        if not found or len(found) != len(self._all_imports.get(node.id, ())):
            return None
        before = [qual for line, qual in found if line < node.lineno]
        return before[-1] if before else None

    @cached_property
    def self_fields(self) -> dict[tuple[int, str], list[ast.expr]]:
        """(id of a class's scope, attribute) -> the values its methods assign to `self.<attribute>`."""
        found: dict[tuple[int, str], list[ast.expr]] = {}
        for node, scope in self.assignments:
            owner = method_class(scope) if isinstance(node, ast.Assign) else None
            if owner is None or not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                ):
                    found.setdefault((id(owner), target.attr), []).append(node.value)
        return found

    @cached_property
    def _top_imports(self) -> dict[str, list[tuple[int, str]]]:
        found: dict[str, list[tuple[int, str]]] = {}
        for statement in self.tree.body:
            for name, qual in _import_bindings(statement):
                found.setdefault(name, []).append((statement.lineno, qual))
        return found

    @cached_property
    def _all_imports(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for statement in self.of_type(ast.Import, ast.ImportFrom):
            for name, qual in _import_bindings(statement):
                found.setdefault(name, []).append(qual)
        return found

    def is_sdk(self, qual: str | None) -> bool:
        package = self.rules.package
        return qual is not None and (qual == package or qual.startswith(package + "."))

    @cached_property
    def client_subclasses(self) -> dict[tuple[int, str], ClientSubclass]:
        """Classes of the module that extend an SDK client class (`class ClientWithRetrieval(OpenAI)`), by
        (id of the scope that defines them, name). A subclass of such a class is one too."""
        found: dict[tuple[int, str], ClientSubclass] = {}
        for node in self.of_type(ast.ClassDef):
            body = self.scope_of.get(id(node))
            outer = body.parent if body is not None else None
            if outer is None:
                continue
            for base in node.bases:
                kind = self._client_class(base, outer, found)
                if kind is not None:
                    inherited = found.get((id(outer), base.id)) if isinstance(base, ast.Name) else None
                    own = any(isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) for stmt in node.body)
                    found[(id(outer), node.name)] = ClientSubclass(
                        node, kind[0], kind[1], own or (inherited is not None and inherited.own_code)
                    )
                    break
        return found

    def _client_class(
        self, node: ast.expr, scope: Scope, subclasses: dict[tuple[int, str], ClientSubclass]
    ) -> tuple[str, str] | None:
        qual = self.qualname(node, scope)
        if qual and self.is_sdk(qual):
            name = qual.rsplit(".", 1)[-1]
            for kind, names in (
                ("sdk", self.rules.sdk_clients),
                ("azure", self.rules.azure_clients),
                ("lookalike", self.rules.other_clients),
            ):
                if name in names:
                    return kind, qual
            return None
        if isinstance(node, ast.Name):
            owner, quals = scope.lookup(node.id)
            known = subclasses.get((id(owner), node.id)) if owner is not None and quals == {_OTHER} else None
            if known is not None:
                return known.kind, known.base
        return None

    def client_subclass(self, call: ast.Call, scope: Scope) -> ClientSubclass | None:
        """The subclass of an SDK client class the call constructs, if it is one of this module's."""
        if not isinstance(call.func, ast.Name) or not self.client_subclasses:
            return None
        owner, quals = scope.lookup(call.func.id)
        if owner is None or quals != {_OTHER}:
            return None
        return self.client_subclasses.get((id(owner), call.func.id))

    def constructor_kind(self, call: ast.Call, scope: Scope) -> tuple[str, str] | None:
        """('sdk' | 'azure' | 'lookalike', qualified name) for a client constructor call."""
        qual = self.qualname(call.func, scope)
        name = qual.rsplit(".", 1)[-1] if qual else _tail_name(call.func)
        if qual and self.is_sdk(qual):
            if name in self.rules.sdk_clients:
                return "sdk", qual
            if name in self.rules.azure_clients:
                return "azure", qual
            if name in self.rules.other_clients:
                return "lookalike", qual  # AnthropicBedrock, AnthropicVertex: another cloud's endpoint
            return None
        if qual and (qual.split(".")[0], name) in self.rules.framework_movable:
            # A framework entry point that moves whole (python/frameworks.py): LangChain's ChatOpenAI, LiteLLM's
            # completion, … Each call is a client of its own, configured in the framework's spelling.
            entry = self.rules.framework_entries[(qual.split(".")[0], name)]
            return ("framework", qual) if is_request(entry, call) else None
        subclass = self.client_subclass(call, scope)
        if subclass is not None:
            # Methods of its own (an `__init__` that takes other arguments, calls the tool does not follow on
            # `self`): a client that is not simply the SDK's, left as it is like a lookalike.
            return ("lookalike" if subclass.own_code else subclass.kind), subclass.base
        if name and self.rules.lookalike in name and qual:
            return "lookalike", qual
        return None

    # -- clients ------------------------------------------------------------------------------------

    def receiver_key(
        self, node: ast.expr, scope: Scope, at: ast.AST | None = None, binding: ast.expr | None = None
    ) -> tuple | None:
        """What a call is made on, as a key of `clients`. A name assigned clients in more than one place is
        one client per assignment (`binding`) for the uses each assignment dominates (`at`)."""
        if isinstance(node, ast.Name):
            if self.is_sdk(self.qualname(node, scope)) and self.qualname(node, scope) == self.rules.package:
                return ("module",)
            owner, _ = scope.lookup(node.id)
            key = ("name", id(owner), node.id)
            if owner is not None and self.client_bindings(node.id, owner) is not None:
                if binding is not None:
                    return (*key, id(binding))
                if at is not None:
                    dominating = self.dominating_assignment(node.id, scope, at)
                    if dominating is not None:
                        return (*key, id(dominating))
            return key
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                owner = method_class(scope)
                return ("attr", id(owner), node.attr)
            dotted = _dotted(node)
            return ("dotted", dotted) if dotted else None
        if isinstance(node, ast.Call):
            inner = self.wrapped_client(node, scope)
            if inner is not None:  # `instructor.from_openai(OpenAI()).chat…`: the client it wraps
                return self.receiver_key(inner, scope, at, binding)
            return ("call", id(node))
        return None

    def stored_family(self, call: ast.Call) -> str:
        """The family a request writes into when the module reads it back: `chat.completions.create(store=True)`
        where `chat.completions.list(…)` reads the stored completions (they must be on one server), else ""."""
        if not any(
            kw.arg == "store" and not (isinstance(kw.value, ast.Constant) and not kw.value.value)
            for kw in call.keywords
        ):
            return ""
        return "stored-completions" if "stored-completions" in self._families_read else ""

    @cached_property
    def _families_read(self) -> frozenset[str]:
        """The unsupported families the module's calls use (by their path: `chat.completions.list`)."""
        found = set()
        for site in self.call_sites:
            for i in range(len(site.path)):
                verdict = self.rules.apis.classify(tuple(site.path[i:]))
                if verdict is not None and verdict[0] == "unsupported":
                    found.add(verdict[1])
                    break
        return frozenset(found)

    @cached_property
    def call_sites(self) -> list[CallSite]:
        sites = []
        for call, scope in self.calls:
            path: list[str] = []
            node: ast.expr = call.func
            while True:
                if isinstance(node, ast.Attribute):
                    if node.attr not in TRANSPARENT:
                        path.append(node.attr)
                    node = node.value
                elif (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in TRANSPARENT
                ):
                    node = node.func.value
                else:
                    break
            alias = self._resource_alias(node, scope) if isinstance(node, ast.Name) else None
            if alias is not None:
                # `emb = client.embeddings` then `emb.create(…)`: a call on the client, by the path it stands for.
                node, path = alias[0], [*path, *reversed(alias[1])]
            if path and not any(p.startswith(_MOCK_METHODS) for p in path):
                sites.append(CallSite(call, scope, node, tuple(reversed(path))))
            sites.extend(self._method_references(call, scope))
        return sites

    def _method_references(self, call: ast.Call, scope: Scope) -> list[CallSite]:
        """An API method handed to a call instead of called (`asyncio.to_thread(client.files.create, …)`,
        `functools.partial(client.files.create, …)`, `sync_to_async(client.audio.transcriptions.create)`):
        a site of the enclosing call, so that it holds its client back as a call would. Only methods of
        families ByteSpike does not serve: a served one handed on this way cannot move to a second client
        (the split renames the receiver of a call), and its client then stays whole for the other reasons."""
        sites = []
        for argument in (*call.args, *(kw.value for kw in call.keywords)):
            if isinstance(argument, ast.Starred) or not isinstance(argument, ast.Attribute):
                continue
            path: list[str] = []
            node: ast.expr = argument
            while isinstance(node, ast.Attribute):
                if node.attr not in TRANSPARENT:
                    path.append(node.attr)
                node = node.value
            path.reverse()
            if len(path) < 2 or path[-1] not in _API_METHODS:
                continue
            if any(
                (found := self.rules.apis.classify(tuple(path[i:]))) is not None and found[0] == "unsupported"
                for i in range(len(path))
            ):
                sites.append(CallSite(call, scope, node, tuple(path)))
        return sites

    @cached_property
    def clients(self) -> dict[tuple, Client]:
        clients: dict[tuple, Client] = {}

        def add(key: tuple, display: str, kind: str, ctor: ast.Call | None, origin: str) -> Client:
            client = clients.get(key)
            if client is None:
                client = clients[key] = Client(key, display, kind, origin=origin)
            if ctor is not None:
                client.constructors.append(ctor)
            return client

        self.client_aliases: dict[tuple, tuple] = {}
        for node, scope in self.assignments:
            for made in self._assigned_clients(node, scope):
                add(*made)
        # Constructors not assigned to anything we can follow (`return OpenAI()`, `OpenAI().files…`).
        seen = {id(c) for client in clients.values() for c in client.constructors}
        for call, scope in self.calls:
            if id(call) not in seen:
                kind = self.constructor_kind(call, scope)
                if kind is not None:
                    add(("call", id(call)), self.short(call.func), kind[0], call, kind[1])
        if self.module_used:
            add(("module",), self.rules.package, "module", None, self.rules.package)
        return clients

    def _assigned_clients(
        self, node: ast.Assign | ast.AnnAssign | ast.withitem, scope: Scope
    ) -> Iterator[tuple[tuple, str, str, ast.Call, str]]:
        """The clients an assignment makes (key, display, kind, constructor, origin); a wrapper given a name's
        client (`client = instructor.from_openai(client)`) is noted as an alias of it instead."""
        value, targets = assignment_parts(node)
        if isinstance(value, ast.Await):
            value = value.value
        outer = value
        while isinstance(value, ast.Call) and (inner := self.wrapped_client(value, scope)) is not None:
            value = inner  # `client = instructor.from_openai(OpenAI())`: the client given
        if value is not outer and isinstance(value, ast.Name) and isinstance(outer, ast.Call):
            # `client = instructor.from_openai(client)`: the name now holds the client it held, wrapped.
            given = self.receiver_key(value, scope, at=node)
            for target in targets:
                key = self.receiver_key(target, scope, binding=outer) if target is not None else None
                if key is not None and given is not None and key != given:
                    self.client_aliases[key] = given
            return
        if not isinstance(value, ast.Call):
            return
        kind = self.constructor_kind(value, scope)
        if kind is None:
            return
        for target in targets:
            key = self.receiver_key(target, scope, binding=value) if target is not None else None
            if key is not None and target is not None:
                # `response = litellm.completion(…)`: the call is the request, and its answer no client.
                called = kind[1].rsplit(".", 1)[-1]
                request = kind[0] == "framework" and called[:1].islower() and called != "init_chat_model"
                yield key, kind[1] if request else self.short(target), kind[0], value, kind[1]

    # -- bindings: a name assigned clients in two branches is two clients ---------------------------------

    def client_bindings(self, name: str, owner: Scope) -> list[ast.expr] | None:
        """The values assigned to `name` in the scope that binds it, when there are several and one of them
        constructs a client."""
        values = owner.assigns.get(name, [])
        if len(values) < 2:
            return None
        if not any(isinstance(v, ast.Call) and self.constructor_kind(v, owner) is not None for v in values):
            return None
        return values

    def dominating_assignment(self, name: str, scope: Scope, use: ast.AST) -> ast.expr | None:
        """The value of the assignment to `name` that every path to `use` goes through last: the one in the
        innermost block around `use` that comes before it (`client = OpenAI()` then `client.files.create()` in
        the same branch). None when any of several may reach it."""
        owner, values = scope.assigned(name)
        if owner is None or len(values) < 2:
            return None
        chain = self._blocks_around(use)  # (id of block's owner, field) -> (depth, index of the use's statement)
        places = self.statement_places
        best: tuple[int, int, ast.expr] | None = None
        for value in values:
            statement = self.assignment_of.get(id(value))
            place = places.get(id(statement)) if statement is not None else None
            if place is None or place[:2] not in chain:
                continue
            depth, use_index = chain[place[:2]]
            index = place[2]
            if index < use_index and (best is None or (depth, -index) < (best[0], -best[1])):
                best = (depth, index, value)
        if best is None:
            return None
        # Another assignment written between it and the use (`x = "a"`, `if c: x = "b"`, then `use(x)`) may run
        # last: none dominates.
        chosen = self.assignment_of.get(id(best[2]))
        after = (chosen.end_lineno or chosen.lineno, chosen.end_col_offset or 0) if chosen is not None else (0, 0)
        at = (use.lineno, use.col_offset)  # type: ignore[attr-defined]
        for value in values:
            statement = self.assignment_of.get(id(value))
            if value is best[2] or statement is None:
                continue
            if after < (statement.lineno, statement.col_offset) < at:
                return None
        return best[2]

    def _blocks_around(self, use: ast.AST) -> dict[tuple[int, str], tuple[int, int]]:
        """The statement blocks that hold `use`, innermost first: (id of the block's owner, field) -> (depth,
        index of the statement in that block that holds `use`). Found by position, statements only: a map of
        every node's parent costs more than the analysis of the file (measured: 8 s on openai-agents-python)."""
        at = (use.lineno, use.col_offset)  # type: ignore[attr-defined]
        found: list[tuple[tuple[int, str], int]] = []
        owner: ast.AST = self.tree
        blocks = [("body", self.tree.body)]
        while blocks:
            inner = None
            for field_name, block in blocks:
                for index, stmt in enumerate(block):
                    if (
                        (stmt.lineno, stmt.col_offset)
                        <= at
                        <= (stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0)
                    ):
                        found.append(((id(owner), field_name), index))
                        inner = stmt
                        break
                if inner is not None:
                    break
            if inner is None:
                break
            owner = inner
            blocks = _statement_blocks(inner)
        return {key: (depth, index) for depth, (key, index) in enumerate(reversed(found))}

    @cached_property
    def statement_places(self) -> dict[int, tuple[int, str, int]]:
        """id(statement) -> (id of the node whose list holds it, the list's field, its index)."""
        places: dict[int, tuple[int, str, int]] = {}
        stack: list[ast.AST] = [self.tree]
        while stack:
            owner = stack.pop()
            for field_name, block in _statement_blocks(owner):
                for index, stmt in enumerate(block):
                    places[id(stmt)] = (id(owner), field_name, index)
                    stack.append(stmt)
        return places

    @cached_property
    def assignment_of(self) -> dict[int, ast.stmt]:
        """id(assigned value) -> the assignment statement."""
        return {
            id(node.value): node
            for node, _ in self.assignments
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None
        }

    @cached_property
    def call_scope(self) -> dict[int, Scope]:
        return {id(call): scope for call, scope in self.calls}

    @cached_property
    def module_settings(self) -> dict[str, list[ast.Assign]]:
        """`openai.X = …` statements, by X."""
        settings: dict[str, list[ast.Assign]] = {}
        for node, scope in self.assignments:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and self.qualname(target.value, scope) == self.rules.package:
                        settings.setdefault(target.attr, []).append(node)
        return settings

    def of_type(self, *types: type) -> list:
        if len(types) == 1:
            return self.nodes.get(types[0], [])
        return [n for t in types for n in self.nodes.get(t, [])]

    @cached_property
    def code_strings(self) -> list[ast.Constant]:
        """String literals that are code: not docstrings or other bare strings, not f-string parts."""
        prose = {id(e.value) for e in self.of_type(ast.Expr)}
        for joined in self.of_type(ast.JoinedStr):
            prose.update(id(v) for v in joined.values)
        return [n for n in self.of_type(ast.Constant) if isinstance(n.value, str) and id(n) not in prose]

    @cached_property
    def imported(self) -> frozenset[str]:
        """Every qualified name the module imports, in any scope."""
        scopes = {id(s): s for s in self.scope_of.values()}
        return frozenset(q for s in scopes.values() for qs in s.bindings.values() for q in qs if q)

    @cached_property
    def module_used(self) -> bool:
        return self.rules.package in self.imported

    @cached_property
    def imports_sdk(self) -> bool:
        return any(self.is_sdk(q) for q in self.imported)

    def client_for(self, site: CallSite) -> tuple[Client | None, tuple[str, ...]]:
        """The known client a call is made on, and the attribute path after it."""
        clients = self.clients
        node: ast.expr = site.receiver
        key = self.receiver_key(node, site.scope, at=site.call)
        key = self.client_aliases.get(key, key)  # type: ignore[arg-type]
        if key in clients:
            if key == ("module",) and site.path[0] not in self.rules.module_resources:
                return None, site.path
            return clients[key], site.path
        # `self.client.chat…` starts from `self`: try longer receivers.
        for i in range(1, len(site.path)):
            node = ast.Attribute(value=node, attr=site.path[i - 1], ctx=ast.Load())
            key = self.receiver_key(node, site.scope)
            if key in clients:
                return clients[key], site.path[i:]
        return None, site.path

    def _resource_alias(self, node: ast.expr, scope: Scope) -> tuple[ast.expr, tuple[str, ...]] | None:
        """`emb = client.embeddings` then `emb.create(…)`; `create = client.chat.completions.create` then
        `create(…)`; `messages = client.beta.messages if betas else client.messages`: (the client's expression,
        the attributes the name stands for), for a name every assignment of which is such a chain of one client."""
        if not isinstance(node, ast.Name) or node.id not in self._attribute_names:
            return None
        owner, values = scope.assigned(node.id)
        if owner is not None and not values and id(owner) in self._parameter_defaults:
            # `def embed(texts, embeddings=client.embeddings)`: the default, read where the function is defined.
            default = self._parameter_defaults[id(owner)].get(node.id)
            values = [default] if default is not None else []
            owner = owner.parent
        if owner is None or not values:
            return None
        chains = []
        for value in values:
            for option in [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]:
                attrs: list[str] = []
                current: ast.expr = option
                found = None
                while isinstance(current, ast.Attribute):
                    if current.attr not in TRANSPARENT:
                        attrs.append(current.attr)
                    key = self.receiver_key(current.value, owner)
                    if key is not None and key in self.clients:
                        found = (key, current.value, tuple(reversed(attrs)))
                        break
                    current = current.value
                if found is None:
                    return None
                chains.append(found)
        if len({key for key, _, _ in chains}) != 1:
            return None
        return chains[0][1], chains[0][2]

    @cached_property
    def _attribute_names(self) -> frozenset[str]:
        """Names assigned an attribute (`emb = client.embeddings`), also as a parameter's default: the only ones
        `_resource_alias` looks at."""
        found: set[str] = set()
        for node, _ in self.assignments:
            value, targets = assignment_parts(node)
            if isinstance(value, ast.IfExp):
                value = value.body
            if isinstance(value, ast.Attribute):
                found.update(t.id for t in targets if isinstance(t, ast.Name))
        found.update(name for defaults in self._parameter_defaults.values() for name in defaults)
        return frozenset(found)

    @cached_property
    def _parameter_defaults(self) -> dict[int, dict[str, ast.expr]]:
        """id(function scope) -> its parameters whose default is an attribute (`embeddings=client.embeddings`)."""
        found: dict[int, dict[str, ast.expr]] = {}
        for function in self.of_type(ast.FunctionDef, ast.AsyncFunctionDef):
            scope = self.scope_of.get(id(function))
            if scope is None:
                continue
            a = function.args
            positional = a.posonlyargs + a.args
            pairs = [*zip(positional[len(positional) - len(a.defaults) :], a.defaults)]
            pairs += [(arg, d) for arg, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
            attributes: dict[str, ast.expr] = {arg.arg: d for arg, d in pairs if isinstance(d, ast.Attribute)}
            if attributes:
                found[id(scope)] = attributes
        return found

    # -- environment reads and `import os` ----------------------------------------------------------

    def url_value(self, node: ast.expr, call: ast.Call) -> str | None:
        """The URL a client's option is given: written there, or held by a name assigned it once (`BASE_URL =
        "https://api.openai.com/v1"`, then `OpenAI(base_url=BASE_URL)`); None for anything else."""
        url = string_value(node)
        if url is not None or not isinstance(node, ast.Name):
            return url
        _, assigned = self.call_scope.get(id(call), self.module_scope).assigned(node.id)
        return string_value(assigned[0]) if len(assigned) == 1 else None

    def spread_url(self, call: ast.Call, names: tuple[str, ...]) -> str | None:
        """The endpoint a call is given in a dict it spreads (`Anthropic(**CLIENT_KWARGS)`, `CLIENT_KWARGS =
        {"base_url": "http://testserver", …}` assigned once), as a string, or None."""
        scope = self.call_scope.get(id(call), self.module_scope)
        for kw in call.keywords:
            if kw.arg is not None or not isinstance(kw.value, ast.Name):
                continue
            _, values = scope.assigned(kw.value.id)
            if len(values) == 1 and isinstance(values[0], ast.Dict):
                for key, value in zip(values[0].keys, values[0].values):
                    if string_value(key) in names and (url := string_value(value)) is not None:
                        return url
        return None

    def class_attribute(self, node: ast.expr, scope: Scope) -> tuple[Scope, ast.expr] | None:
        """`Config.KEY` where `Config` is a class of the module whose body assigns `KEY` once, and nothing
        assigns `Config.KEY` elsewhere: (the class's scope, the value)."""
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
            return None
        owner, _ = scope.lookup(node.value.id)
        if owner is None or owner.kind != "module":
            return None
        cls = next((c for c in self.tree.body if isinstance(c, ast.ClassDef) and c.name == node.value.id), None)
        body = self.scope_of.get(id(cls)) if cls is not None else None
        values = body.assigns.get(node.attr, []) if body is not None else []
        if body is None or len(values) != 1:
            return None
        if any(
            isinstance(other.ctx, ast.Store) and other.attr == node.attr and _names(other.value, node.value.id)
            for other in self.of_type(ast.Attribute)
        ):
            return None
        return body, values[0]

    def env_read(self, node: ast.expr, scope: Scope) -> ast.Constant | None:
        """The variable-name literal of `os.environ["X"]`, `os.getenv("X")`, `os.environ.get("X")`."""
        name: ast.expr | None = None
        if isinstance(node, ast.Subscript) and self.qualname(node.value, scope) == "os.environ":
            name = node.slice
        elif isinstance(node, ast.Call) and node.args:
            func = self.qualname(node.func, scope)
            if func in ("os.getenv", "os.environ.get"):
                name = node.args[0]
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            return name
        return None

    def key_read(self, node: ast.expr, scope: Scope) -> ast.Constant | None:
        """`env_read` of a key, through what leaves the value read as it is: `str(os.getenv("X"))`,
        `os.getenv("X") or ""`."""
        while True:
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "str"
                and len(node.args) == 1
                and not node.keywords
            ):
                node = node.args[0]
            elif (
                isinstance(node, ast.BoolOp)
                and isinstance(node.op, ast.Or)
                and all(isinstance(v, ast.Constant) and not v.value for v in node.values[1:])
            ):
                node = node.values[0]
            else:
                return self.env_read(node, scope)

    def _os_import_position(self) -> tuple[int, str]:
        """Where isort would put `import os`: among the standard library's plain imports, else before its
        `from` imports, else in a block of its own before the first import, else after the docstring.
        (offset, what follows the new line there: a blank line when it opens a block of its own)"""
        body = self.tree.body
        stdlib = sys.stdlib_module_names

        def top(stmt: ast.Import | ast.ImportFrom) -> str:
            name = stmt.names[0].name if isinstance(stmt, ast.Import) else (stmt.module or "")
            return name.split(".")[0]

        imports = [
            s
            for s in body
            if isinstance(s, (ast.Import, ast.ImportFrom))
            and not (isinstance(s, ast.ImportFrom) and (s.module == "__future__" or s.level))
        ]
        standard = [s for s in imports if top(s) in stdlib]
        plain = [s for s in standard if isinstance(s, ast.Import)]
        for stmt in plain:
            if stmt.names[0].name > "os":
                return self.index.starts[stmt.lineno - 1], ""
        if plain:
            return self._line_after(plain[-1]), ""
        if standard:
            return self.index.starts[standard[0].lineno - 1], ""
        if imports:
            return self.index.starts[imports[0].lineno - 1], self.newline
        return self.top_of_module(), ""

    def top_of_module(self) -> int:
        """Where a statement goes at the top of the module: below the leading comment lines (a `#!` line and
        an encoding declaration work only on line 1 or 2: pushed lower, a Latin-1 file no longer decodes),
        the docstring and the `from __future__` imports (which must come first)."""
        body = self.tree.body
        last_header = None
        for i, header in enumerate(body):
            is_doc = (
                i == 0
                and isinstance(header, ast.Expr)
                and isinstance(header.value, ast.Constant)
                and isinstance(header.value.value, str)
            )
            is_future = isinstance(header, ast.ImportFrom) and header.module == "__future__"
            if is_doc or is_future:
                last_header = header
            else:
                break
        if last_header is not None:
            return self._line_after(last_header)
        first = min([body[0].lineno, *(d.lineno for d in getattr(body[0], "decorator_list", []))]) if body else 1
        offset = 0
        for line in range(1, first):
            stripped = self.index.line_text(line).strip()
            if stripped.startswith("#"):
                offset = self.index.starts[line]
            elif stripped or offset or line >= 2:
                break  # a blank line ends the header comments, unless it is line 1 (a declaration may follow)
        return offset

    def _line_after(self, stmt: ast.stmt) -> int:
        _, _, end_line, _ = position(stmt)
        if end_line < len(self.index.starts):
            return self.index.starts[end_line]
        # The statement ends the file without a newline.
        return len(self.text) if self.text.endswith(("\n", "\r")) else -1

    # -- string literals ----------------------------------------------------------------------------

    def literal_quote(self, node: ast.expr) -> tuple[str, str] | None:
        """(prefix+quote, quote) for a one-token string literal whose text is exactly its value."""
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            return None
        text = self.segment(node)
        i = 0
        while i < len(text) and text[i] in "rRuU":
            i += 1
        for quote in ('"""', "'''", '"', "'"):
            if text.startswith(quote, i) and text == text[:i] + quote + node.value + quote:
                return text[:i] + quote, quote
        return None

    def preferred_quote(self, node: ast.AST) -> str:
        text = self.segment(node)
        return "'" if "'" in text and '"' not in text else '"'


class State(ModuleAnalysis):
    """The per-file context a rule works in: the module's analysis, and the edits and findings the rules make
    (each edit a LibCST transformer's, python/cstedit.py). The client analysis (python/client_analysis.py) sets
    `protected` and `notes` before the rules run."""

    def __init__(self, text: str, tree: ast.Module, rules: Ruleset, path: str, newline: str) -> None:
        super().__init__(text, tree, rules, path, newline)
        self.edits: list[Edit] = []
        self.findings: list[Finding] = []
        self.notes: list[Finding] = []
        # Spans (start, end) of code that belongs to clients that do not migrate: no edits there.
        self.protected: list[tuple[int, int]] = []
        # Key expressions of moving clients that now read the ByteSpike key in their place (`Config.OPENAI_API_KEY`
        # stays for whatever else reads it): a guard that tests them tests the ByteSpike key instead.
        self.own_keys: list[ast.expr] = []
        self._os_import_added = False
        self._os_spelling: str | None = None
        self._os_import_edit: Edit | None = None  # the module's `import os`, when the rules added it

    def rewrite(
        self, node: ast.AST, transformer: cst.CSTTransformer, rule: str, *, secret: bool = False, minimal: bool = False
    ) -> None:
        """Runs a rule's LibCST transformer on the node's source (python/cstedit.py) and keeps the edit it makes."""
        source = self.segment(node)
        edit = edit_for(
            source,
            self.start(node),
            transform(source, transformer, self.newline_in(node)),
            rule,
            secret=secret,
            minimal=minimal,
        )
        if edit is not None:
            self.edits.append(edit)

    def insert_statement(
        self, offset: int, statement: cst.BaseStatement, rule: str, *, indent: str = "", after: str = ""
    ) -> None:
        """A statement built with LibCST, on lines of its own at `offset` (a line start; -1: the end of a
        file whose last line has no newline), followed by `after` (a blank line)."""
        line = indent + statement_code(statement, self.newline)
        if offset == -1:
            self.edits.append(Edit(len(self.text), len(self.text), self.newline + line, rule))
        else:
            self.edits.append(Edit(offset, offset, line + self.newline + after, rule))

    def report(self, node: ast.AST, rule: str | Code, message: str) -> None:
        """A finding at the node: `rule` is a finding code's id, or the `Code` a rule module declares."""
        self.findings.append(self._finding(node, rule.id if isinstance(rule, Code) else rule, message))

    def reported(self, node: ast.AST, rule: str) -> bool:
        """Whether a rule has reported this finding at the node's position already."""
        where = self._finding(node, rule, "")
        return any((f.line, f.column, f.code) == (where.line, where.column, rule) for f in self.findings)

    def note(self, node: ast.AST, rule: str, message: str) -> None:
        """A finding of the analysis, reported by the rule that owns it (or not at all when it is disabled)."""
        self.notes.append(self._finding(node, rule, message))

    def _finding(self, node: ast.AST, rule: str, message: str) -> Finding:
        line, column, _, _ = position(node)
        return Finding(
            self.path,
            line,
            self.index.offset(line, column) - self.index.starts[line - 1] + 1,
            rule,
            self.rules.redact(message),
        )

    def is_protected(self, node: ast.AST) -> bool:
        start, end = self.start(node), self.end(node)
        return any(s <= start and end <= e for s, e in self.protected)

    def os_name(self) -> str:
        """How module code spells the os module; schedules `import os` when the module lacks it (and
        `place_os_import` makes sure it runs before the first use the rules write)."""
        for name, quals in self.module_scope.bindings.items():
            if quals == {"os"}:
                self._os_spelling = name
                return name
        self._os_spelling = "os"
        if not self._os_import_added:
            self._os_import_added = True
            offset, after = self._os_import_position()
            self.insert_statement(offset, import_statement("os"), "import-os", after=after)
            self._os_import_edit = self.edits[-1]
        return "os"

    def place_os_import(self) -> None:
        """`import os` runs before the first use of `os` the rules wrote. Among the imports is where isort
        puts it, but a notebook's cells run in order: a client in the first cell, the imports in the second
        (or the notebook's own `import os` in its ninth) and the first cell fails. So when the import (added
        or already there) comes after the first use, one is put before the top-level statement that use
        stands in."""
        name = self._os_spelling
        if name is None:
            return
        uses = [
            e.start
            for e in self.edits
            if e.kind != "import-os" and (f"{name}.environ" in e.new or f"{name}.getenv" in e.new)
        ]
        if not uses:
            return
        self._bind_os_in_functions(name, uses)
        first = min(uses)
        added = [e for e in self.edits if e.kind == "import-os" and e.start == e.end and "import" in e.new]
        bound = [
            self.index.starts[s.lineno - 1]
            for s in self.tree.body
            if isinstance(s, ast.Import) and any(a.name == "os" and (a.asname or "os") == name for a in s.names)
        ]
        if not added and not bound:
            return  # bound some other way (in a `try:`): left as it is
        if (min(bound) if bound else min(e.start for e in added)) <= first:
            return
        statement = next((s for s in self.tree.body if self.start(s) <= first < self.end(s)), None)
        if statement is not None:
            line = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", []))])
            at = self.index.starts[line - 1]
        else:
            # Between statements: the rules' own statement there (`openai.api_key = os.environ[…]` after
            # `import openai`) is the first use.
            line = self.index.position(first)[0]
            at = first if first in self.index.starts else self.index.starts[min(line, len(self.index.starts) - 1)]
        self.edits = [e for e in self.edits if e not in added]
        self.insert_statement(at, import_statement("os"), "import-os")
        # Before the rules' other insertions at that offset (a ByteSpike client added beside a client), which use it.
        placed = self.edits.pop()
        self.edits.insert(
            next((i for i, e in enumerate(self.edits) if e.start == e.end == at), len(self.edits)), placed
        )

    def _bind_os_in_functions(self, name: str, uses: list[int]) -> None:
        """A function that imports os itself (`import os` in its body) has a local `os`: a use written above
        that import raises UnboundLocalError. A function that carries its own imports (`from litellm import
        completion` in its body) may run away from its module (babyagi runs a registered function's source
        alone, with `exec`). Either gets `import os` as its first statement; the module's own `import os`,
        when the rules added it, goes when every use is bound so."""
        bound_uses: set[int] = set()
        shadowed: set[int] = set()
        for node in self.of_type(ast.FunctionDef, ast.AsyncFunctionDef):
            scope = self.scope_of.get(id(node))
            if scope is None or not node.body:
                continue
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and len(node.body) > 1:
                first = node.body[1]  # after the docstring
            start, end = self.start(first), self.end(node)
            mine = [use for use in uses if start <= use < end]
            if not mine or first.lineno == node.lineno:
                continue  # a one-line function: left as it is
            if name in scope.bindings:
                local_imports = [
                    self.start(s)
                    for s in ast.walk(node)
                    if isinstance(s, ast.Import) and any((a.asname or a.name) == name for a in s.names)
                ]
                if scope.bindings[name] - {"os"}:
                    # `def ask(msg, os="linux")`: a name of the function's own, not the module; the uses there
                    # spell the module another way.
                    shadowed.update(mine)
                    continue
                if not local_imports or not any(use < min(local_imports) for use in mine):
                    continue  # imported before the uses
            elif self._os_import_edit is None or not any(
                isinstance(s, (ast.Import, ast.ImportFrom)) for s in node.body
            ):
                continue  # it uses the module's imports, or the module has its own `import os`: so does the read
            line_start = self.index.starts[first.lineno - 1]
            indent = self.text[line_start:start]
            if indent.strip():
                continue  # `x = 1; y = 2` on the first line: no line of its own to put the import on
            self.insert_statement(line_start, import_statement("os"), "import-os", indent=indent)
            bound_uses.update(mine)
        added = self._os_import_edit
        if added is not None and bound_uses and set(uses) <= bound_uses:
            self.edits = [e for e in self.edits if e is not added]
        if shadowed:
            self._spell_os_apart(name, shadowed)

    def _spell_os_apart(self, name: str, shadowed: set[int]) -> None:
        """The uses the rules wrote in functions where `os` is a name of their own (a parameter, a variable) read
        the module through an alias no scope of the module binds (`import os as _os`, `_os.environ[…]`)."""
        taken = set(self.module_scope.bindings).union(*(s.bindings for s in self.scope_of.values()))
        alias = next(a for a in ("_os", "os_module", "_os_module", "__os") if a not in taken)
        self.edits = [
            replace(
                e, new=e.new.replace(f"{name}.environ", f"{alias}.environ").replace(f"{name}.getenv", f"{alias}.getenv")
            )
            if e.start in shadowed and e.kind != "import-os"
            else e
            for e in self.edits
        ]
        added = self._os_import_edit if self._os_import_edit in self.edits else None
        line = statement_code(import_statement("os", alias), self.newline) + self.newline
        if added is not None:
            # In the `import os` the rules added: in its place where no other use reads it.
            others = [
                e for e in self.edits if e.kind != "import-os" and e.start not in shadowed and f"{name}." in e.new
            ]
            new = added.new + line if others else line + added.new[added.new.index(self.newline) + len(self.newline) :]
            self.edits = [replace(e, new=new) if e is added else e for e in self.edits]
        else:
            offset, after = self._os_import_position()
            self.insert_statement(offset, import_statement("os", alias), "import-os", after=after)

    def replace_literal(self, node: ast.expr, value: str, rule: str, *, secret: bool = False) -> bool:
        quoted = self.literal_quote(node)
        if quoted is None:
            return False
        self.rewrite(node, swap_string(value), rule, secret=secret)
        return True


def position(node: ast.AST) -> tuple[int, int, int, int]:
    """(line, column, end line, end column) of a node that has a place in the source: every expression,
    statement, keyword and argument does (the standard library's stubs declare them per class, not on AST)."""
    return (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]


def string_value(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _tail_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _statement_blocks(node: ast.AST) -> list[tuple[str, list[ast.stmt]]]:
    """The statement lists directly inside a node (a module's body, an `if`'s body and orelse, a handler's
    body, a `match` case's body)."""
    blocks: list[tuple[str, list[ast.stmt]]] = []
    for field_name in ("body", "orelse", "finalbody"):
        value = getattr(node, field_name, None)
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            blocks.append((field_name, value))
    for index, handler in enumerate(getattr(node, "handlers", []) or []):
        blocks.append((f"handlers{index}", handler.body))
    for index, case in enumerate(getattr(node, "cases", []) or []):
        blocks.append((f"cases{index}", case.body))
    return blocks


def assignment_parts(node: ast.Assign | ast.AnnAssign | ast.withitem) -> tuple[ast.expr | None, list[ast.expr | None]]:
    """(value, targets) of `a = b = v`, `a: T = v` and `with v as a`."""
    if isinstance(node, ast.withitem):
        return node.context_expr, [node.optional_vars]
    if isinstance(node, ast.Assign):
        return node.value, list(node.targets)
    return node.value, [node.target]


def method_class(scope: Scope) -> Scope | None:
    """The class scope a method (or a function nested in one) belongs to."""
    s: Scope | None = scope
    while s is not None:
        if s.owner_class is not None:
            return s.parent
        s = s.parent
    return None


def _names(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
