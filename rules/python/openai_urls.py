"""OpenAI URLs outside SDK configuration (README, What it changes in Python code).

A literal `https://api.openai.com/v1` that is not a client's `base_url` or an `openai.base_url` setting
usually feeds a hand-written HTTP client or a settings default. The tool cannot tell what uses it, so it
reports the site instead of guessing.
"""

from __future__ import annotations

import ast

from migrate_cli.python.analysis import State
from migrate_cli.python.facts import mocked_strings
from migrate_cli.python.rewrite_rules import PythonRule
from migrate_cli.reporters.findings import PROVIDER


def report_openai_urls(state: State) -> None:
    rules = state.rules
    edited = {e.start for e in state.edits}
    mocked = mocked_strings(state) if "mock" in state.text or "resp" in state.text else set()
    # `if API_URL != "https://api.openai.com/v1/chat/completions":` tests a URL; it sends nothing there. Nor does a
    # test's `monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://api.openai.com")`.
    compared = {id(o) for c in state.of_type(ast.Compare) for o in (c.left, *c.comparators)}
    # A JWT claim's name (`claims["https://api.openai.com/auth"]`, a dict's key): a key, which no request goes to.
    compared.update(id(s.slice) for s in state.of_type(ast.Subscript))
    if "monkeypatch" in state.text:
        compared.update(
            id(a)
            for call, _ in state.calls
            if isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "monkeypatch"
            for a in call.args
        )
    compared.update(_client_options_only(state))
    for node in state.code_strings:
        if id(node) in mocked or id(node) in compared:
            continue  # the URL an HTTP test double fakes, or one a test compares with: no request goes there
        if (
            isinstance(node.value, str)
            and rules.is_openai_socket(node.value)
            and not state.is_protected(node)
            and (family := rules.unserved_family(node.value))
        ):
            state.report(node, "unsupported-api", rules.unserved_message(family, node.value))  # realtime over wss
            continue
        if (
            isinstance(node.value, str)
            and rules.is_openai_url(node.value)
            and state.start(node) not in edited
            and not state.is_protected(node)
        ):
            family = rules.unserved_family(node.value)
            if family:  # `requests.post(".../v1/embeddings")`: pointing it at ByteSpike would get a 404
                state.report(
                    node,
                    "unsupported-api",
                    rules.unserved_message(family, node.value),
                )
                continue
            state.report(
                node,
                "dynamic-config",
                f"{PROVIDER} URL {node.value!r} outside an SDK client's configuration: whatever uses it still "
                f"talks to {PROVIDER}; point it at {rules.url_advice(node.value)} by hand, with a ByteSpike key and "
                "ByteSpike ids, if it should move",
            )


def _client_options_only(state: State) -> set[int]:
    """The URLs held by names only clients' endpoint options read (`BASE_URL = "…"`, then `OpenAI(base_url=BASE_URL)`):
    SDK client configuration, which the constructors' rule judges."""
    names = state.rules.base_url_args
    given: dict[str, list[ast.Call]] = {}
    for client in state.clients.values():
        for ctor in client.constructors:
            for kw in ctor.keywords:
                if kw.arg in names and isinstance(kw.value, ast.Name):
                    given.setdefault(kw.value.id, []).append(ctor)
    if not given:
        return set()
    option_values = {
        id(kw.value) for ctors in given.values() for ctor in ctors for kw in ctor.keywords if kw.arg in names
    }
    found: set[int] = set()
    for name, ctors in given.items():
        _, assigned = state.call_scope.get(id(ctors[0]), state.module_scope).assigned(name)
        reads = [n for n in state.of_type(ast.Name) if n.id == name and isinstance(n.ctx, ast.Load)]
        if len(assigned) == 1 and isinstance(assigned[0], ast.Constant) and all(id(n) in option_values for n in reads):
            found.add(id(assigned[0]))
    return found


def report_unserved_routes(state: State) -> None:
    """`f"{OPENAI_HOST}/v1/audio/transcriptions"`: an OpenAI host from a module's constant, and a route ByteSpike
    does not serve after it, as the same URL written whole is reported."""
    rules = state.rules
    for node in state.of_type(ast.JoinedStr):
        parts = node.values
        if len(parts) < 2 or not isinstance(parts[0], ast.FormattedValue) or not isinstance(parts[1], ast.Constant):
            continue
        name = parts[0].value
        if not isinstance(name, ast.Name) or not isinstance(parts[1].value, str):
            continue
        _, assigned = state.module_scope.assigned(name.id)
        host = assigned[0].value if len(assigned) == 1 and isinstance(assigned[0], ast.Constant) else None
        if not isinstance(host, str) or not rules.is_openai_url(host) or state.is_protected(node):
            continue
        url = host.rstrip("/") + parts[1].value
        family = rules.unserved_family(url)
        if family:
            state.report(
                node,
                "unsupported-api",
                rules.unserved_message(family, url),
            )


class OpenaiUrlsRule(PythonRule):
    name = "openai-urls"
    description = "reports OpenAI URLs that are not SDK client configuration"
    rewrites = False
    emits = ("dynamic-config", "unsupported-api")
    order = 50

    def run(self, state: State) -> None:
        report_openai_urls(state)
        report_unserved_routes(state)
