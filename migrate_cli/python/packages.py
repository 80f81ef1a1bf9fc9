"""Whose client a receiver is, when it is not the SDK's: a client another package builds (`genai.Client(…)`,
`langgraph_sdk.get_client(…)`) makes that package's calls, whatever they are named (`client.files.upload(…)`,
`client.threads.create()`). Read by the API-usage rule and by the facts of the repository-wide resolution."""

from __future__ import annotations

import ast
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from migrate_cli.python.analysis import CallSite, ModuleAnalysis, Scope


def built_by_another_package(state: ModuleAnalysis, site: CallSite) -> bool:
    """`client = get_client(url=…)` with `get_client` from langgraph_sdk: a receiver every value of which
    is built by a function imported from another package is that package's client, whatever its calls are
    named (`client.threads.create()` is LangGraph's, not the Assistants API). A package of the repository
    (`from shop.factory import make_client`: a folder or module beside the file or above it) may well
    build an OpenAI client: not this case."""
    if isinstance(site.receiver, ast.Call):
        return _made_by_a_package(state, site.receiver, site.scope)  # `get_client().audio…`
    if not isinstance(site.receiver, ast.Name):
        return False
    if site.receiver.id == "self" and site.path:
        return _field_by_another_package(state, site)
    _, values = site.scope.assigned(site.receiver.id)
    if not values:
        return _typed_by_a_package(state, site)
    dominating = state.dominating_assignment(site.receiver.id, site.scope, site.call)
    if dominating is not None:  # `client = Anthropic()` then `client.files.create()` in one branch
        values = [dominating]
    for value in values:
        if isinstance(value, ast.Await):
            value = value.value
        qual = state.qualname(value.func, site.scope) if isinstance(value, ast.Call) else None
        if qual is None or state.is_sdk(qual) or "." not in qual or _in_repository(state.path, qual):
            return False
    return True


def _field_by_another_package(state: ModuleAnalysis, site: CallSite) -> bool:
    """`self.client.files.upload(…)` where the class assigns `self.client` only clients of another package
    (`genai.Client(…)`): that package's call, whatever the class's other text says."""
    from migrate_cli.python.analysis import method_class

    owner = method_class(site.scope)
    values = state.self_fields.get((id(owner), site.path[0])) if owner is not None else None
    cls = state.class_of_scope.get(id(owner)) if owner is not None else None
    return bool(values) and all(_a_packages_value(state, v, cls) for v in values or ())


def _a_packages_value(state: ModuleAnalysis, value: ast.expr, owner: ast.ClassDef | None) -> bool:
    """`genai.Client(…)`, a parameter of the class's methods annotated with another package's class (`client:
    Mistral`), or either of those (`client or Mistral(…)`)."""
    if isinstance(value, ast.BoolOp):
        return all(_a_packages_value(state, v, owner) for v in value.values)
    if isinstance(value, ast.Call):
        return _made_by_a_package(state, value, state.call_scope.get(id(value), state.module_scope))
    if isinstance(value, ast.Name) and owner is not None:
        for method in owner.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for arg in (*method.args.posonlyargs, *method.args.args, *method.args.kwonlyargs):
                if arg.arg == value.id and arg.annotation is not None:
                    return _annotated_by_a_package(state, arg.annotation)
    return False


def _annotated_by_a_package(state: ModuleAnalysis, annotation: ast.expr) -> bool:
    """`Mistral`, `Mistral | None`, `Optional[Mistral]`: another package's class (and nothing else but None)."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        parts = [annotation.left, annotation.right]
    elif isinstance(annotation, ast.Subscript) and state.qualname(annotation.value, state.module_scope) in (
        "typing.Optional",
        "Optional",
    ):
        parts = [annotation.slice]
    else:
        parts = [annotation]
    named = [p for p in parts if not (isinstance(p, ast.Constant) and p.value is None)]
    return bool(named) and all(another_package(state, state.qualname(p, state.module_scope)) for p in named)


def another_package(state: ModuleAnalysis, qual: str | None) -> bool:
    """A name imported from a package that is neither the SDK nor one of the repository's, nor Python's own
    (`client: t.Any` says nothing of whose client it is)."""
    return (
        qual is not None
        and "." in qual
        and qual.split(".")[0] not in _PYTHONS_OWN
        and not state.is_sdk(qual)
        and not _in_repository(state.path, qual)
    )


_PYTHONS_OWN = frozenset({*sys.stdlib_module_names, "typing_extensions", "builtins"})


def _made_by_a_package(state: ModuleAnalysis, call: ast.Call, scope: Scope, depth: int = 0) -> bool:
    """`Together()`, or `get_client()` where this module's `get_client` returns one: a class or function of
    another package than the SDK (and than the repository's)."""
    if another_package(state, state.qualname(call.func, scope)):
        return True
    if depth > 3 or not isinstance(call.func, ast.Name):
        return False
    for node in state.tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == call.func.id:
            returned = [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
            return bool(returned) and all(
                isinstance(v, ast.Call) and _made_by_a_package(state, v, scope, depth + 1) for v in returned
            )
    return False


def _typed_by_a_package(state: ModuleAnalysis, site: CallSite) -> bool:
    """`def e(client: Together): client.embeddings.create(…)`: a parameter annotated with another package's
    class."""
    name = site.receiver.id  # type: ignore[attr-defined]
    functions = [
        f
        for f in state.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
        if f.lineno <= site.call.lineno <= (f.end_lineno or f.lineno)
    ]
    for function in sorted(functions, key=lambda f: -f.lineno):  # the innermost first
        for arg in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs):
            if arg.arg == name:
                annotation = arg.annotation
                return annotation is not None and another_package(state, state.qualname(annotation, site.scope))
    return False


def _in_repository(path: str, qual: str) -> bool:
    top = qual.split(".")[0]
    folder = os.path.dirname(path)
    while True:
        base = os.path.join(folder, top)
        if os.path.isdir(base) or os.path.isfile(base + ".py"):
            return True
        if not folder or folder == os.path.dirname(folder):
            return False
        folder = os.path.dirname(folder)


def looks_like_the_sdk(state: ModuleAnalysis, site: CallSite) -> tuple[tuple[str, str, int], tuple[str, ...]] | None:
    """For a call on a receiver no client of the module reaches: the API verdict and path of the SDK's call it looks
    like (`x.beta.threads.create()`, `client.files.create()`), else None (`x.files.create()` could be anything)."""
    rules = state.rules
    receiver = state.short(site.receiver).lower()
    for i in range(len(site.path)):
        if i and site.path[i - 1] == "chat":
            return None  # `x.chat.completions.create`: chat completions, not the legacy endpoint
        found = rules.apis.classify(site.path[i:])
        if found is None:
            continue
        head = site.path[i : i + found[2]]
        distinctive = len(head) > 1 or "_" in head[0]  # `x.beta.threads…`, `x.fine_tuning…`: the SDK's
        if (
            distinctive
            or (state.imports_sdk and ("client" in receiver or "openai" in receiver))
            or "client" in ".".join((receiver, *site.path[:i])).lower()
        ):
            return found, site.path[i:]
        return None
    return None
