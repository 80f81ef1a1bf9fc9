"""Module-level configuration (README, What it changes in Python code): `openai.api_key = …`, `openai.base_url = …`
/ `openai.api_base = …`.

The same rules as constructor arguments. Code that sets the key but no endpoint gets the endpoint on the
next line (`api_base` for the v0 SDK's `openai.ChatCompletion` style, `base_url` otherwise).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from migrate_cli.python.analysis import State
from migrate_cli.python.cstedit import _cst as cst
from migrate_cli.python.cstedit import assignment, environ_read, parse_node, statement_code, string_node
from migrate_cli.python.endpoint_values import migrate_api_key, migrate_base_url
from migrate_cli.python.rewrite_rules import PythonRule

if TYPE_CHECKING:
    from migrate_cli.python.analysis import Client


def fix_module_settings(state: State) -> None:
    rules = state.rules
    module = state.clients.get(("module",))
    if module is None or not module.migrates:
        return
    settings = state.module_settings
    scope_of = dict((id(n), s) for n, s in state.assignments)
    # (Said where the module client makes requests: `openai.organization` set beside `AsyncOpenAI()` clients, which
    # do not read it, is no setting of anything that moves.)
    for name in rules.ignored_args if module.calls else ():
        for node in settings.get(name, []):
            state.report(node, "org-project-ignored", f"openai.{name} is accepted but ignored by ByteSpike")
    base_nodes = [(name, n) for name in rules.base_url_args for n in settings.get(name, [])]
    for attr, node in base_nodes:
        migrate_base_url(state, node.value, f"openai.{attr}", trailing_slash=attr == "base_url")
    key_nodes = [n for name in rules.api_key_args for n in settings.get(name, [])]
    for node in key_nodes:
        migrate_api_key(state, node.value, scope_of[id(node)], "openai.api_key")
    if key_nodes and not base_nodes and all(scope_of[id(n)].kind != "module" for n in key_nodes):
        # `openai.api_key = …` set in `main()` only: the module's other paths (a script or a test that imports
        # its request functions) would send ByteSpike ids to OpenAI. Configured after `import openai`, as a
        # module client configured by the environment is; the key set in `main()` reads the ByteSpike key too.
        _configure_module_client(state, module)
    elif key_nodes and not base_nodes:
        stmt = key_nodes[0]
        v0 = any(rest[0][:1].isupper() for _, rest, _, _ in module.calls)
        setting = "api_base" if v0 else "base_url"
        line_start = state.index.starts[stmt.lineno - 1]
        indent = state.text[line_start : state.start(stmt)]
        # The v1 module client joins paths onto `openai.base_url` as it is: without the trailing slash,
        # requests go to `…/v1chat/completions` (the constructor adds the slash, the module setting does not).
        url = rules.bytespike_url if v0 else rules.bytespike_url.rstrip("/") + "/"
        target = stmt.targets[0]
        assert isinstance(target, ast.Attribute)  # a module setting: `openai.api_key = …`
        module_name = parse_node(state.segment(target.value))
        setting_line = assignment(
            cst().Attribute(value=module_name, attr=cst().Name(setting)), string_node(url, state.preferred_quote(stmt))
        )
        if indent.strip() == "":
            state.insert_statement(state._line_after(stmt), setting_line, "module-base-url", indent=indent)
    plan = state.rules.plan
    if module.calls and not key_nodes and not base_nodes and plan is not None and plan.module_client == "":
        # Configured only by the environment, the module's client is an `OpenAI()` with no arguments: every
        # module-client request of the program moves, so it is configured in code after `import openai`.
        _configure_module_client(state, module)
        return
    if module.calls and not key_nodes and not base_nodes and state.rules.plan is None:
        first = module.calls[0][0].call
        state.report(
            first,
            "dynamic-config",
            f"the {rules.package} module's client is configured from the environment: set "
            f"OPENAI_BASE_URL={rules.bytespike_url} and a ByteSpike key in OPENAI_API_KEY where it runs",
        )


def _configure_module_client(state: State, module: Client) -> None:
    rules = state.rules
    imports = [
        stmt
        for stmt in state.tree.body
        if isinstance(stmt, ast.Import) and any(alias.name == rules.package for alias in stmt.names)
    ]
    if not imports:
        return  # the resolution moves the module client only where `import openai` stands at the top level
    stmt = imports[0]
    alias = next(a.asname or a.name for a in stmt.names if a.name == rules.package)
    v0 = any(rest[0][:1].isupper() for _, rest, _, _ in module.calls)
    setting = "api_base" if v0 else "base_url"
    url = rules.bytespike_url if v0 else rules.bytespike_url.rstrip("/") + "/"
    quote = state.preferred_quote(stmt)
    at = state._line_after(stmt)
    name = cst().Name(alias)
    key = environ_read(state.os_name(), rules.key_env, quote)
    base_line, key_line = (
        assignment(cst().Attribute(value=name, attr=cst().Name(attr)), value)
        for attr, value in ((setting, string_node(url, quote)), ("api_key", key))
    )
    after = statement_code(key_line, state.newline) + state.newline
    state.insert_statement(at, base_line, "module-settings", after=after)


class ModuleSettingsRule(PythonRule):
    name = "module-settings"
    description = "points `openai.api_key` / `openai.base_url` settings at ByteSpike"
    emits = ("dynamic-config", "hardcoded-key", "org-project-ignored")
    order = 40

    def run(self, state: State) -> None:
        fix_module_settings(state)
