"""Which clients of one module migrate (README, What it changes in Python code): Azure, other endpoints, stateful APIs.

The analysis step every Python rule reads (`Client.migrates`, `State.protected`); what it finds to say is
kept in `State.notes` and reported by the `clients` rule (rules/python/clients.py).

A client whose calls in the file include an API ByteSpike does not offer (Files, Assistants, Vector
stores, Fine-tuning, …) stays on OpenAI, with its model ids: migrating it would break the code. The
seed's advice is two clients side by side. Azure clients and clients of other servers are not OpenAI's
and stay as they are; so do classes named like the SDK's that come from other packages (LangChain,
LlamaIndex).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import TYPE_CHECKING

from migrate_cli.pipeline.ruleset import is_test_path
from migrate_cli.python.analysis import Client, ClientCall, ClientSubclass, Scope, State, string_value
from migrate_cli.python.facts import hosted_tool, hosted_tool_name
from migrate_cli.python.frameworks import entry_of, rebuilt_by, refused_settings
from migrate_cli.reporters.findings import PROVIDER
from migrate_cli.resolve.resolution import IDLE, UNUSED

if TYPE_CHECKING:
    from migrate_cli.pipeline.ruleset import Ruleset


def _keyword(call: ast.Call, names: tuple[str, ...]) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg in names:
            return kw
    return None


def _holds_mapped_id(state: State, client: Client) -> bool:
    """Whether the client's calls are given a mapped id: written in them, or a name of this module assigned one
    (`OpenAIChat(id=MODEL)`)."""
    models = state.rules.models

    def mapped(n: ast.AST, scope: Scope) -> bool:
        if isinstance(n, ast.Name):
            _, values = scope.assigned(n.id)
            return any(mapped(v, scope) for v in values if isinstance(v, ast.Constant))
        return isinstance(n, ast.Constant) and isinstance(n.value, str) and models.map_forward(n.value) is not None

    nodes = client.constructors + [site.call for site, _, _, _ in client.calls]
    return any(mapped(n, state.call_scope.get(id(node), state.module_scope)) for node in nodes for n in ast.walk(node))


def _site_list(client: Client, state: State) -> str:
    parts = []
    for site, rest, kind, family in client.calls:
        if kind == "unsupported":
            # A served endpoint in an unsupported family by its hosted tool: the tool is the reason.
            served = state.rules.apis.classify(rest) is None
            tool = f" with {hosted_tool_name(site.call, state.rules, family, state.tree)}" if served else ""
            parts.append(f"{'.'.join(rest)}{tool} (line {site.call.lineno})")
    return ", ".join(dict.fromkeys(parts))


def decide_clients(state: State) -> None:
    """Classifies each client's calls, decides which clients stay and protects what they need."""
    rules = state.rules
    for site in state.call_sites:
        client, rest = state.client_for(site)
        if client is None:
            continue
        verdict = rules.apis.on_client(rest) if client.kind == "sdk" else rules.apis.classify(rest)
        tool = hosted_tool(site.call, rules, state.tree) if not verdict else ""
        if tool:
            verdict = ("unsupported", tool, 0)
        elif not verdict and (stored := state.stored_family(site.call)):
            verdict = ("unsupported", stored, 0)  # `create(store=True)` read back by `chat.completions.list`
        client.calls.append(ClientCall(site, rest, verdict[0] if verdict else "", verdict[1] if verdict else ""))

    for client in state.clients.values():
        _keep_for_its_own_reasons(state, client, _other_endpoint(state, client))

    _apply_plan(state)
    _bytespike_key_on_openai(state)
    plan = state.rules.plan
    moved = {call for calls in plan.splits.values() for call in calls} if plan is not None else set()
    protected = []
    for client in state.clients.values():
        if client.migrates:
            continue
        for call in client.constructors + [site.call for site, _, _, _ in client.calls]:
            if (call.lineno, call.col_offset + 1) in moved:
                continue  # moves to the ByteSpike client beside it (split.py): its ids move with it
            protected.append((state.start(call), state.end(call)))
        if client.kind in ("module", "azure") and client.key == ("module",):
            for nodes in state.module_settings.values():
                protected.extend((state.start(n), state.end(n)) for n in nodes)
    state.protected = protected


def _other_endpoint(state: State, client: Client) -> ast.AST | None:
    """Sets `other_endpoint` where a client is given another server's URL (the module client through its
    settings, which may also make it Azure's), and returns where its finding goes: that setting, or its first
    constructor."""
    rules, settings = state.rules, state.module_settings
    anchor: ast.AST | None = client.constructors[0] if client.constructors else None
    if client.kind == "module":
        for node in settings.get("api_type", []):
            if (string_value(node.value) or "").lower().startswith("azure"):
                client.kind, anchor = "azure", node
        for name in rules.base_url_args:
            for node in settings.get(name, []):
                url = string_value(node.value)
                if url and not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
                    client.other_endpoint = url
                    if client.kind != "azure":
                        anchor = node
        return anchor
    for ctor in client.constructors:
        kw = _keyword(ctor, rules.base_url_args)
        url = state.url_value(kw.value, ctor) if kw else state.spread_url(ctor, rules.base_url_args)
        if url is not None and not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
            client.other_endpoint, anchor = url, ctor
    return anchor


def _endpoint_from_elsewhere(state: State, client: Client) -> ast.expr | None:
    """The endpoint every constructor of the client is given, when it is computed (`base_url=self.config.url`), not
    a URL written there: None where any constructor has none or a literal one."""
    found = None
    for ctor in client.constructors:
        kw = _keyword(ctor, state.rules.base_url_args)
        if kw is None or state.url_value(kw.value, ctor) is not None:
            return None
        found = found or kw.value
    return found


def _key_reads(state: State, key: ast.expr, scope: Scope) -> list[str]:
    """The key variables (the provider's or ByteSpike's) an expression reads from the environment."""
    wanted = (state.rules.openai_key_env, state.rules.key_env)
    found = []
    for node in ast.walk(key):
        if isinstance(node, (ast.Call, ast.Subscript)):
            env = state.env_read(node, scope)
            if env is not None and env.value in wanted:
                found.append(str(env.value))
    return found


def _keep_for_its_own_reasons(state: State, client: Client, anchor: ast.AST | None) -> None:
    """Whether a client stays for what it is or calls, whatever the resolution decides (an Azure client, another
    package's class, a subclass with code of its own, another server's, APIs ByteSpike does not serve): its
    `kept_reason`, and the finding that says why at `anchor`."""
    if not _kept_for_what_it_is(state, client, anchor):
        _kept_for_where_it_goes(state, client, anchor)


def _sharing_a_name(state: State, client: Client, anchor: ast.AST | None, why: str) -> None:
    """`self.client = AzureOpenAI(…)` (or a tracing wrapper's class) in one branch, the SDK's `OpenAI()` in the
    other: one name, one client, said where the SDK's is made."""
    for ctor in client.constructors:
        made = state.constructor_kind(ctor, state.call_scope.get(id(ctor), state.module_scope))
        if made is not None and made[0] == "sdk" and anchor is not None and ctor is not anchor:
            state.note(ctor, "client-kept-on-openai", f"client `{client.display}` {why}")


def _kept_for_what_it_is(state: State, client: Client, anchor: ast.AST | None) -> bool:
    """An Azure client, another cloud's, a subclass with code of its own, a class named like the SDK's."""
    rules = state.rules
    if client.kind == "azure":
        client.kept_reason = "azure"
        if anchor is not None:
            state.note(
                anchor,
                "azure-client",
                f"Azure OpenAI client `{client.display}`: not migrated (its model is a deployment name); "
                "move it to ByteSpike by hand if it should move",
            )
        _sharing_a_name(
            state,
            client,
            anchor,
            f"stays on {PROVIDER}: it is the name of the Azure OpenAI client (line {getattr(anchor, 'lineno', '?')}) "
            "too, whose model ids are deployment names",
        )
    elif client.kind == "lookalike" and client.origin.rsplit(".", 1)[-1] in rules.other_clients:
        client.kept_reason = "other endpoint"
        if anchor is not None:
            state.note(
                anchor,
                "other-endpoint",
                f"{client.origin} talks to its own cloud's endpoint, with that cloud's credentials and model "
                "ids: left as is",
            )
    elif client.kind == "lookalike" and (subclass := _subclass(state, client)) is not None:
        client.kept_reason = "a subclass with code of its own"
        if anchor is not None:
            state.note(
                anchor,
                "client-kept-on-openai",
                f"client `{client.display}` is a {subclass.node.name}, a subclass of {subclass.base} with "
                f"methods of its own that the tool does not follow: left on {PROVIDER}, with the model ids of its "
                f"calls; point it at ByteSpike ({rules.bytespike_url}, a {rules.key_env} key) in the class "
                "if it should move",
            )
    elif client.kind == "lookalike":
        client.kept_reason = "not the OpenAI SDK"
        _sharing_a_name(
            state,
            client,
            anchor,
            f"stays as it is: it is the name of {client.origin} (line {getattr(anchor, 'lineno', '?')}) too, which "
            f"is not the {PROVIDER} SDK's class and which the tool does not migrate; move both by hand if they should "
            "move",
        )
        # Worth a word only when a model id was held back because of it: a library full of
        # `OpenAIProvider()` calls with no model in them has nothing to review.
        if anchor is not None and _holds_mapped_id(state, client):
            state.note(
                anchor,
                "client-kept-on-openai",  # it may well talk to OpenAI: no "other endpoint" is known
                f"{client.origin} is not the {PROVIDER} SDK's class (a class named like it, of this repository or "
                f"another package), which the tool does not migrate: left as is, with the model ids of its "
                f"calls; configure it for ByteSpike ({rules.bytespike_url}) by hand if it should move",
            )
    else:
        return False
    return True


def _kept_for_where_it_goes(state: State, client: Client, anchor: ast.AST | None) -> None:
    """Another server's client, one whose endpoint comes from configuration, one that calls APIs ByteSpike does
    not serve."""
    rules = state.rules
    if client.other_endpoint is not None:
        client.kept_reason = "other endpoint"
        if anchor is not None:
            state.note(
                anchor,
                "other-endpoint",
                f"client `{client.display}` talks to {client.other_endpoint}, not {PROVIDER}: left as is, "
                "with the model ids of its calls",
            )
    elif (
        not rules.reverse
        and (endpoint := _endpoint_from_elsewhere(state, client)) is not None
        and any(kind == "unsupported" for _, _, kind, _ in client.calls)
    ):
        # `OpenAI(base_url=self.config.server_url)` calling embeddings: a local server's (LM Studio, TEI) as
        # likely as OpenAI's. Nothing here can tell it is on OpenAI, nor that it should move.
        client.kept_reason = "dynamic endpoint"
        if anchor is not None:
            state.note(
                anchor,
                "dynamic-config",
                f"client `{client.display}` takes its endpoint from `{state.short(endpoint)}`, which the tool "
                f"cannot follow, and calls {_site_list(client, state)}, which ByteSpike does not offer: left as is"
                + (
                    ""
                    if all(kind == "unsupported" for _, _, kind, _ in client.calls)
                    else f"; if that endpoint is {PROVIDER}'s, make its other calls on a second client for ByteSpike"
                ),
            )
    elif not rules.reverse and any(kind == "unsupported" for _, _, kind, _ in client.calls):
        client.kept_reason = "stateful APIs"
        first = next(site for site, _, kind, _ in client.calls if kind == "unsupported")
        plan = rules.plan
        split = plan is not None and any((c.lineno, c.col_offset + 1) in plan.splits for c in client.constructors)
        advice = (
            f"its other calls move to {_split_name(client.display)}, a ByteSpike client added beside it"
            if split
            else "create a second client for ByteSpike for the other calls"
        )
        unserved = plan.unserved_calls if plan is not None else set()
        if all(
            kind == "unsupported" or (site.call.lineno, site.call.col_offset + 1) in unserved
            for site, _, kind, _ in client.calls
        ):
            advice = ""  # no other calls to move (a request whose hosted tool another module builds stays too)
        elif (answer := _model_from_its_answers(state, client)) is not None:
            # `model=job.fine_tuned_model` of `job = client.fine_tuning.jobs.retrieve(…)`: an id only OpenAI serves.
            advice = (
                f"its other calls send a model its {PROVIDER} answers give (`{state.short(answer)}`): they stay too"
            )
        if any(_on_bytespike(ctor, rules) for ctor in client.constructors):  # it does not stay anywhere
            state.note(
                anchor or first.call,
                "client-kept-on-openai",
                f"client `{client.display}` is on ByteSpike already and calls {_site_list(client, state)}, "
                f"which ByteSpike does not offer: make those calls on an {rules.provider_display} client",
            )
        else:
            state.note(
                anchor or first.call,
                "client-kept-on-openai",
                f"client `{client.display}` stays on {PROVIDER}: it calls {_site_list(client, state)}, which "
                "ByteSpike does not offer" + (f"; {advice}" if advice else ""),
            )


def _model_from_its_answers(state: State, client: Client) -> ast.expr | None:
    """The model a served call of the client sends when it is read from what a call on the client answered
    (`model=job.fine_tuned_model` with `job = client.fine_tuning.jobs.retrieve(…)`), else None."""
    prefix = client.display + "."
    for site, _, kind, _ in client.calls:
        if kind == "unsupported":
            continue
        model = next((kw.value for kw in site.call.keywords if kw.arg == "model"), None)
        root = model
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            root = root.value
        if model is None or not isinstance(root, ast.Name):
            continue
        _, values = site.scope.assigned(root.id)
        if any(isinstance(v, ast.Call) and state.segment(v).startswith(prefix) for v in values):
            return model
    return None


def _on_bytespike(ctor: ast.Call, rules: Ruleset) -> bool:
    """A constructor pointed at ByteSpike already (by hand, or by an earlier run)."""
    return any(
        kw.arg in rules.base_url_args and rules.is_bytespike_url(string_value(kw.value) or "") for kw in ctor.keywords
    )


def _bytespike_key_on_openai(state: State) -> None:
    """A client that stays on OpenAI but reads the ByteSpike key (`OpenAIEmbeddings(openai_api_key=
    os.environ["BYTESPIKE_API_KEY"])`, edited by hand after an earlier run): OpenAI refuses it."""
    rules = state.rules
    if rules.reverse:
        return
    for client in state.clients.values():
        if client.migrates or client.kind in ("module", "azure"):
            continue
        for ctor in client.constructors:
            scope = state.call_scope.get(id(ctor), state.module_scope)
            if _on_bytespike(ctor, rules):
                continue  # its key is the right one
            for kw in ctor.keywords:
                if kw.arg not in rules.api_key_args:
                    continue
                env = state.env_read(kw.value, scope)
                if env is not None and env.value == rules.key_env:
                    state.report(
                        kw.value,
                        "dynamic-config",
                        f"client `{client.display}` stays on {rules.provider_display} but reads {rules.key_env}: "
                        f"{rules.provider_display} refuses a ByteSpike key; read {rules.openai_key_env} here",
                    )


def _subclass(state: State, client: Client) -> ClientSubclass | None:
    ctor = client.constructors[0] if client.constructors else None
    return state.client_subclass(ctor, state.call_scope[id(ctor)]) if ctor is not None else None


def _model_node(ctor: ast.Call, client: Client) -> ast.AST:
    for kw in ctor.keywords:
        if kw.arg in ("model", "model_name"):
            return kw.value
    return ctor.args[0] if ctor.args else ctor


def _split_name(display: str) -> str:
    return f"{display}_bytespike"


def _apply_plan(state: State) -> None:
    """What the repository-wide resolution decided (resolve/resolution.py): clients that stay because of code in
    other modules, or because a model id they need also serves requests that stay."""
    plan = state.rules.plan
    if plan is None:
        return
    for client in state.clients.values():
        if client.kind == "module":
            if plan.module_client and client.migrates:
                _module_client_kept(state, client, plan.module_client)
            continue
        for ctor in client.constructors:
            why = plan.kept_constructors.get((ctor.lineno, ctor.col_offset + 1))
            if why is None or not client.migrates:
                continue
            client.kept_reason = why
            if why.startswith("model-shared: "):
                state.note(
                    ctor,
                    "model-shared",
                    f"client `{client.display}` stays on {PROVIDER}: "
                    f"{why.removeprefix('model-shared: ')}; it cannot move without its model ids",
                )
            elif why in _KEPT_SAYS:
                _KEPT_SAYS[why](state, client, ctor)
            elif why not in ("other endpoint", UNUSED) and not (why == IDLE and is_test_path(state.path)):
                # (a client made in place for an SDK helper, or a test's that checks its own settings: silently)
                state.note(ctor, "client-kept-on-openai", f"client `{client.display}` stays on {PROVIDER}: {why}")
            break


def _module_client_kept(state: State, client: Client, why: str) -> None:
    client.kept_reason = why
    first = client.calls[0][0].call if client.calls else None
    if first is not None:
        package = state.rules.package
        hint = f"; set `{package}.base_url` and `{package}.api_key` in code to move it" if "environment" in why else ""
        state.note(
            first,
            "client-kept-on-openai",
            f"the {package} module's client stays on {PROVIDER} with its model ids: {why}{hint}",
        )


def _kept_for_its_key(state: State, client: Client, ctor: ast.Call) -> None:
    rules = state.rules
    key = next((kw.value for kw in ctor.keywords if kw.arg in rules.api_key_args), None)
    scope = state.call_scope.get(id(ctor), state.module_scope)
    reads = _key_reads(state, key, scope) if key is not None else []
    names = {n.id for n in ast.walk(key) if isinstance(n, ast.Name)} if key is not None else set()
    others = sorted(names - {"os"}) if reads else []
    advice = (
        # `api_key or os.getenv("BYTESPIKE_API_KEY")`: the variable is read already; the rest blocks.
        f"it reads {reads[0]}, but also {', '.join(f'`{n}`' for n in others)}, which may hold an "
        f"{rules.provider_display} key: left whole (endpoint, key and the model ids of its requests); "
        f"make sure what is given there is a ByteSpike key, or read only {rules.key_env}, and run again"
        if others
        else f"the tool cannot point it at a ByteSpike key: left whole (endpoint, key and the model ids "
        f"of its requests); read it from {rules.key_env} (or give that variable a ByteSpike key) and run "
        "again to move it"
    )
    state.note(
        key if key is not None else ctor,
        "dynamic-config",
        f"client `{client.display}` takes its key from `{state.short(key or ctor)}`: {advice}",
    )


def _kept_for_its_endpoint(state: State, client: Client, ctor: ast.Call) -> None:
    rules = state.rules
    base = next((kw.value for kw in ctor.keywords if kw.arg in rules.base_url_args), None)
    source = f"`{state.short(base)}`" if base is not None else f"the options of `{state.short(ctor)}`"
    state.note(
        ctor,
        "dynamic-config",
        f"client `{client.display}` takes its endpoint from {source}, which the tool cannot "
        "follow: left whole (endpoint, key and the model ids of its requests); point it at "
        f"{rules.bytespike_url} with a {rules.key_env} key and ByteSpike ids by hand if it "
        "should move",
    )


def _kept_for_an_unknown_model(state: State, client: Client, ctor: ast.Call) -> None:
    model = _model_node(ctor, client)
    value = string_value(model) if isinstance(model, ast.expr) else None
    state.note(
        model,
        "client-kept-on-openai",
        f"{client.origin} stays on {PROVIDER}: its model {value!r} is neither an id the tool maps nor one "
        "of ByteSpike's: its endpoint may be another server's, set in the environment; add --map "
        f"{state.rules.models.split_prefix(value or '')[1]}=ID to move it",
    )


def _said(code: str, message: Callable[[State, Client, ast.Call], str]) -> Callable[[State, Client, ast.Call], None]:
    """A reason to stay, said at the constructor with its message."""

    def say(state: State, client: Client, ctor: ast.Call) -> None:
        state.note(ctor, code, message(state, client, ctor))

    return say


def _refused(state: State, ctor: ast.Call) -> str:
    entry = entry_of(state, ctor, state.call_scope.get(id(ctor), state.module_scope))
    refused = refused_settings(entry, ctor) if entry is not None else []
    return ", ".join(f"`{r}`" for r in refused) or "the settings it is given"


def _takes(state: State, ctor: ast.Call) -> str:
    """What the framework takes for a reasoning model: " (it takes temperature 1.0 or none, …)"."""
    entry = entry_of(state, ctor, state.call_scope.get(id(ctor), state.module_scope))
    if entry is None:
        return ""
    takes = [f"temperature {entry.reasoning_temperature} or none"] if entry.reasoning_temperature is not None else []
    if entry.reasoning_min_tokens is not None:
        takes.append(f"max_tokens of {entry.reasoning_min_tokens} or more")
    return f" (it takes {', '.join(takes)} for such a model)" if takes else ""


def _too_old(state: State, client: Client, ctor: ast.Call) -> str:
    """Why a framework call stays for the version of its package the repository pins."""
    entry = entry_of(state, ctor, state.call_scope.get(id(ctor), state.module_scope))
    package, minimum = entry.requires if entry is not None and entry.requires else ("its package", "")
    where = state.rules.dependencies.pin_for(package, state.path) or package
    return (
        f"{client.origin} gives the endpoint and key it is given to its client only from {package} {minimum} on "
        f"(before, it sends them with every request, which fails), and the repository pins an older one ({where}): "
        f"left whole on {PROVIDER}; upgrade it and run again to move it"
    )


def _lacking(state: State, client: Client, ctor: ast.Call) -> str:
    """Why a framework call stays for the package of the class it would become, which the project lacks."""
    entry = entry_of(state, ctor, state.call_scope.get(id(ctor), state.module_scope))
    becomes, package = (entry.becomes.rsplit(".", 1)[-1], entry.becomes_package) if entry else ("", "its package")
    where = state.rules.dependencies.missing_for(package, state.path) or "its dependency files"
    return (
        f"{client.origin} would move as {becomes}, from {package}, which the project's dependencies do not list "
        f"({where}): moved, the module would not import; left whole on {PROVIDER}; add {package} and run again "
        "to move it"
    )


# How each reason the resolution gives a constructor to stay is said (`FilePlan.kept_constructors`).
_KEPT_SAYS: dict[str, Callable[[State, Client, ast.Call], None]] = {
    "dynamic key": _kept_for_its_key,
    "dynamic endpoint": _kept_for_its_endpoint,
    "unknown model": _kept_for_an_unknown_model,
    "dynamic model": _said(
        "dynamic-config",
        lambda state, client, ctor: (
            f"{client.origin} takes its model from `{state.short(_model_node(ctor, client))}`, "
            "which the tool cannot give the framework's provider prefix: left whole (endpoint, key "
            f"and model id); write the id there with the framework's provider prefix, or point it at "
            f"{state.rules.bytespike_url} with a {state.rules.key_env} key and a ByteSpike id by "
            "hand"
        ),
    ),
    "reasoning settings": _said(
        "client-kept-on-openai",
        lambda state, client, ctor: (
            f"{client.origin} would take the ByteSpike id of its model for a reasoning model, for which it "
            f"raises on {_refused(state, ctor)}: left whole on {PROVIDER}; drop those settings{_takes(state, ctor)} "
            "and run again to move it"
        ),
    ),
    "default model": _said(
        "client-kept-on-openai",
        lambda state, client, ctor: (
            f"{client.origin} names no model, so it sends the framework's default {PROVIDER} id, "
            f"which ByteSpike does not know: left whole on {PROVIDER}; give it a model (a ByteSpike "
            f"id, or an {PROVIDER} id the tool maps) and run again to move it"
        ),
    ),
    "rebuilt elsewhere": _said(
        "client-kept-on-openai",
        lambda state, client, ctor: (
            f"{client.origin} is handed to `{rebuilt_by(state, ctor)}`, which rebuilds an LLM of its own from "
            "the object's model_name, base_url and api_key (this class keeps its endpoint as openai_api_base): "
            f"moved, its ByteSpike id would go to {PROVIDER} without the endpoint and key; left whole. Give "
            'it the framework\'s own LLM(model="openai/…", base_url=…, api_key=…) to move it'
        ),
    ),
    "old version": _said("client-kept-on-openai", _too_old),
    "missing package": _said("client-kept-on-openai", _lacking),
    "configurable model": _said(
        "client-kept-on-openai",
        lambda state, client, ctor: (
            f"{client.origin} makes a model chosen at run time (`configurable_fields`), whose id, endpoint "
            "and key the tool cannot see: left as is; configure ByteSpike (its endpoint, a "
            f"{state.rules.key_env} key and ByteSpike ids) where the run's configuration is given"
        ),
    ),
    "dynamic model list": _said(
        "dynamic-config",
        lambda state, client, ctor: (
            f"{client.origin} takes a model list the tool cannot read whole (entries built "
            "elsewhere, or an entry whose model, api_base or api_key it cannot follow): left whole; "
            f"point its {PROVIDER} entries at {state.rules.bytespike_url} with a {state.rules.key_env} "
            "key and `openai/`-prefixed ByteSpike ids by hand"
        ),
    ),
}
