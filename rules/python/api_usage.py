"""Unsupported and unverified API usage (README, What it changes in Python code).

ByteSpike has no Files, Uploads, Assistants (threads, runs, messages), Vector stores or Fine-tuning:
calls to them are errors (`unsupported-api`). Embeddings, audio, moderations, batches and realtime are
not in ByteSpike's documented endpoint list: reported for someone to verify (`unverified-api`).
"""

from __future__ import annotations

import ast

from migrate_cli.pipeline.ruleset import SERVED_ROUTES as _SERVED
from migrate_cli.python.analysis import CallSite, Client, State
from migrate_cli.python.facts import _route, hosted_tool, hosted_tool_name, references_file
from migrate_cli.python.packages import built_by_another_package, looks_like_the_sdk
from migrate_cli.python.rewrite_rules import PythonRule
from migrate_cli.reporters.findings import PROVIDER

_RAW = ("post", "get", "delete", "patch", "put")


def report_api_usage(state: State) -> None:
    rules = state.rules
    for site in state.call_sites:
        found = _verdict(state, site)
        if found is None:
            continue
        client, verdict, rest = found
        if verdict is None:
            if client is not None and not _reports_stored_objects(state, site, rest):
                _report_stored_responses(state, site)
            continue
        kind, family, _ = verdict
        call = ".".join(rest)
        if kind == "unsupported" and client is None and not state.imports_sdk:
            # A receiver the module neither builds nor imports the SDK for: the repository-wide resolution says
            # whether a client of the repository reaches it (an error) or none does (it may be any service's).
            continue
        if kind == "unsupported":
            state.report(site.call, "unsupported-api", rules.unsupported_message(family, call))
        else:
            state.report(
                site.call,
                "unverified-api",
                f"{family} ({call}): its support on ByteSpike is not documented: verify it",
            )


def _verdict(state: State, site: CallSite) -> tuple[Client | None, tuple | None, tuple[str, ...]] | None:
    """(the call's client, the API family its path names or None, the path after the client), or None for a call
    whose endpoint is not the provider's (Azure, a lookalike, a framework, another server, a dynamic endpoint) or
    that another package's object makes."""
    rules = state.rules
    client, rest = state.client_for(site)
    if client is not None:
        if client.kind in ("azure", "lookalike", "framework") or client.other_endpoint is not None:
            return None
        if client.kept_reason == "dynamic endpoint":
            return None  # its endpoint may be any server's (python/client_analysis.py says so)
        return client, rules.apis.on_client(rest) if client.kind == "sdk" else rules.apis.classify(rest), rest
    if built_by_another_package(state, site):
        return None
    looks = looks_like_the_sdk(state, site)
    return (None, looks[0], looks[1]) if looks is not None else (None, None, rest)


def _reports_stored_objects(state: State, site: CallSite, rest: tuple[str, ...]) -> bool:
    """Whether a client's call of no known family uses what the provider stores (a raw request to an unserved
    route, a file referred to in its content, a hosted tool on stored objects): reported, True."""
    rules = state.rules
    if rest and rest[-1] in _RAW and site.call.args:
        # `client.post("/realtime/calls/…")`: the SDK's raw request names its route.
        route = _route(site.call.args[0])
        if route and route not in _SERVED:
            found = rules.apis.classify((route, rest[-1]))
            family = found[1] if found else route
            state.report(
                site.call,
                "unsupported-api",
                f"{family} API (raw {rest[-1]} on /{route}) is not available on ByteSpike: keep this "
                f"call on an {PROVIDER} client",
            )
            return True
    if references_file(site.call, state.tree):
        state.report(
            site.call,
            "unsupported-api",
            f"files: this request's content refers to a file stored on {rules.provider_display}, which "
            f"ByteSpike does not have: keep it on the {rules.provider_display} client",
        )
        return True
    family = hosted_tool(site.call, rules, state.tree)
    if family:
        tool = hosted_tool_name(site.call, rules, family, state.tree).replace("its", "this request's", 1)
        inline = hosted_tool(site.call, rules)
        state.report(
            site.call,
            "unsupported-api",
            f"{family}: {tool} works on objects stored on {PROVIDER}, which "
            "ByteSpike does not have"
            + ("" if inline else " (its tools come from this module, which builds that tool)")
            + f": keep it on an {PROVIDER} client",
        )
        return True
    return False


def _report_stored_responses(state: State, site: CallSite) -> None:
    """`responses.create(previous_response_id=…)` relies on a response stored server-side, also when a spread dict
    written in the call gives it (`**({"previous_response_id": p} if p else {})`)."""
    for name in _keyword_names(site.call):
        unverified = state.rules.unverified_arguments.get(name)
        if unverified:
            state.report(
                site.call,
                "unverified-api",
                f"{unverified}: `{name}=` needs a response stored on the server; verify that ByteSpike keeps them",
            )


def _keyword_names(call: ast.Call) -> list[str]:
    """The keywords a call is given: named, and the string keys of dicts written in its `**` spreads."""
    names = []
    for keyword in call.keywords:
        if keyword.arg is not None:
            names.append(keyword.arg)
            continue
        for node in ast.walk(keyword.value):
            if isinstance(node, ast.Dict):
                names += [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return names


class ApiUsageRule(PythonRule):
    name = "api-usage"
    description = "reports API families ByteSpike does not offer or document"
    rewrites = False
    emits = ("unsupported-api", "unverified-api")
    order = 80

    def run(self, state: State) -> None:
        report_api_usage(state)
