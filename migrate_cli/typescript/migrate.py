"""Decisions and edits for the TypeScript/JavaScript modules of a repository (README, What it changes in TypeScript
and JavaScript).

Which clients stay (Azure, another server, the AI SDK's default provider, stateful APIs, a shared model
id, passed where the tool cannot follow), then the edits: constructor options for the clients that
move, model ids whose every request moves, and their findings. `finish()` turns the edits into the diff,
the record entries and the checked bytes, as for every other file type.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from tree_sitter import Node

from migrate_cli.formats.dotenv import other_endpoints
from migrate_cli.pipeline.edits import Edit, removal_span
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import PROVIDER_NAMED, Ruleset, is_test_path, literal_key_message
from migrate_cli.pipeline.source import SourceText, UndecodableSource
from migrate_cli.pipeline.textfile import Unreadable, finish, skipped
from migrate_cli.reporters.findings import PROVIDER, Finding
from migrate_cli.typescript.module import FUNCTIONS, NO_FALLBACK, Binding, Literal, Module, enclosing, env_name
from migrate_cli.typescript.project import (
    MODEL_PROPERTIES,
    NO_MAPPING,
    Client,
    Project,
    Reach,
    Request,
    data_files,
    function_title,
    parameter_of,
)
from migrate_cli.typescript.syntax import (
    first_error,
    language_of,
    member_chain,
    parse,
    string_content,
    text_of,
    unwrap,
    walk,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from migrate_cli.python.facts import ModuleFacts
    from migrate_cli.typescript.project import Request

_TESTS = ("startsWith", "endsWith", "includes")
_REGEX_TESTS = ("test", "exec", "match", "matchAll", "search")


def verifier(language: str) -> Callable[[str], None]:
    def verify(text: str) -> None:
        error = first_error(parse(text, language).root_node)
        if error is not None:
            raise Unreadable(f"syntax error at line {error.start_point[0] + 1}")

    return verify


def migrate_typescript(
    files: list[tuple[str, bytes]],
    rules: Ruleset,
    env: dict[str, list[tuple[str, str]]] | None = None,
    orphans_held: str = "",
) -> list[FileResult]:
    """`orphans_held`: why the ids no request takes stay, decided with Python's requests (docs/design.md)."""
    """One FileResult per (shown path, bytes), in input order: the modules are resolved together."""
    results: dict[str, FileResult] = {}
    modules: list[Module] = []
    for path, data in files:
        language = language_of(path) or "typescript"
        try:
            source = SourceText.decode(data)
        except UndecodableSource as exc:
            results[path] = skipped(path, f"skipped: {exc}")
            continue
        try:
            modules.append(Module(path, data, source, language, parse(source.text, language)))
        except Exception as exc:  # one module's bug must not sink the others
            results[path] = FileResult(path, internal_error=f"{path}: {type(exc).__name__}: {exc}")
    project = Project(modules, rules, env or {})
    project.orphans_held = orphans_held
    Migration(project).run()
    for module in modules:
        results[module.path] = _result(module, project, rules)
        if not rules.reverse:
            results[module.path].facts = _data_file_facts(module, project)
    return [results[path] for path, _ in files]


def _data_file_facts(module: Module, project: Project) -> ModuleFacts | None:
    """What the repository-wide resolution must know of the data files a module imports (`import models from
    "./models.json"`) and of the environment variables its requests take their model from
    (`process.env.TITLE_MODEL`, set in an env file): the requests read the file's ids and the variables'
    values. Their clients are decided here already: one that stays hands the ids to code the resolution does
    not follow (a sink: they stay); one that moves is on ByteSpike now (its ids must be ByteSpike's). By file,
    as for Python's `json.load(open(…))`; by variable, as for Python's `os.getenv`."""
    from migrate_cli.python.facts import Constructor, ModuleFacts, Sink
    from migrate_cli.python.facts import Request as Read

    files = data_files(module)
    readers = _data_file_readers(module, project, files)
    sources_of: dict[int, tuple[str, ...]] = {}  # client -> what its requests' models read
    clients = []
    for client in project.clients:
        if client.kind == "lookalike":
            continue
        read = [f"cfg|{f}" for f in files] if files and any(r.module in readers for r in client.requests) else []
        for request in client.requests:
            if request.module is module:
                variables = _model_variables(project, request) | project.model_variables(request)
                read += [f"e|{v}" for v in sorted(variables) if f"e|{v}" not in read]
        if read:
            clients.append(client)
            sources_of[id(client)] = tuple(read)
    handed = _handed_elsewhere(module, project, files)
    if not clients and not handed:
        return None
    facts = ModuleFacts(module.path, "ts:" + module.path.replace(".", "_").replace("/", ":"))
    if handed:
        # A request made without the SDK (`fetch(cfg.endpoint, { body: JSON.stringify({ model: cfg.model }) })`
        # with the OpenAI key), a model handed to another package (`openai({ model: process.env.AGENT_MODEL })`):
        # they stay, and so do the values they read.
        facts.sinks.append(Sink(1, 1, f"requests made without the SDK in {module.path}", "", handed))
    for client in clients:
        line, column = client.module.position(client.node)
        sources = sources_of[id(client)]
        if client.kept:
            facts.sinks.append(Sink(line, column, f"{client.display} ({client.module.path})", "", sources))
            continue
        slot = f"c|{client.module.path}|{line}:{column}|ts"
        facts.constructors.append(Constructor(slot, line, column, "sdk", "", False, False, client.display, True))
        facts.requests.append(Read(line, column, slot, "requests", "", sources))
    return facts


def _data_file_readers(module: Module, project: Project, files: list[str]) -> set[Module]:
    """The modules whose requests read the data files `module` imports, as the resolution is told (by file): the
    module itself and those that import it."""
    return {module} | {
        other
        for other in project.modules
        if files and any(project.resolve_spec(other, spec) is module for spec, _ in other.imports.values())
    }


def _held_data_files(project: Project) -> dict[str, str]:
    """The data files whose ids stay whole, each with what reads it and stays (`_data_file_facts` hands the
    resolution a sink for it): a client that stays whose requests are made where the file is imported, or a
    request made there without the SDK with the provider's key."""
    held: dict[str, str] = {}
    for module in project.modules:
        files = data_files(module)
        if not files:
            continue
        readers = _data_file_readers(module, project, files)
        for client in project.clients:
            if client.kind == "lookalike" or not client.kept or not any(r.module in readers for r in client.requests):
                continue
            where = f"client `{client.display}` ({client.module.path}:{client.module.position(client.node)[0]})"
            for path in files:
                held.setdefault(path, where)
        if any(s.startswith("cfg|") for s in _handed_elsewhere(module, project, files)):
            for path in files:
                held.setdefault(path, f"a request made without the SDK in {module.path}")
    return held


def _handed_elsewhere(module: Module, project: Project, files: list[str]) -> tuple[str, ...]:
    """What a module's requests that the tool does not move read: the data files it imports, where it reads the
    provider's key outside an SDK client's options (it makes requests of its own: `fetch(…, { headers: {
    Authorization: `Bearer ${process.env.OPENAI_API_KEY}` } })`), and the variables of the `model:` values
    that no moving client's request takes (handed to another package, a raw request's body)."""
    key = project.rules.openai_key_env
    options = [c.options for c in project.clients if c.module is module and c.options is not None]
    raw = any(
        name == key and not any(o.start_byte <= node.start_byte < o.end_byte for o in options)
        for name, node in module.env_reads
    )
    found = [f"cfg|{f}" for f in files] if raw else []
    if _hands_the_environment(module):
        # `createLanguageModel(process.env)` (TypeChat): the package reads whichever variables it wants.
        found += [f"e|{v}" for v in sorted(project.env)]
    moving = [
        r.call
        for c in project.clients
        if not c.kept and c.kind != "lookalike"
        for r in c.requests
        if r.module is module
    ]
    for node in walk(module.tree.root_node):
        if node.type != "pair" or text_of(node.child_by_field_name("key")).strip("\"'") not in MODEL_PROPERTIES:
            continue
        if any(call.start_byte <= node.start_byte < call.end_byte for call in moving):
            continue
        variables: set[str] = set()
        project._variables_of(module, node.child_by_field_name("value"), 0, variables)
        found += [f"e|{v}" for v in sorted(variables) if f"e|{v}" not in found]
    return tuple(found)


def _hands_the_environment(module: Module) -> bool:
    """Whether the module hands `process.env` (or `import.meta.env`) whole to a call: `createLanguageModel(
    process.env)`."""
    text = module.source.text
    if "process.env" not in text and "import.meta.env" not in text:
        return False
    for node in walk(module.tree.root_node):
        if node.type == "member_expression" and text_of(node) in ("process.env", "import.meta.env"):
            parent = node.parent
            if parent is not None and parent.type == "spread_element":
                parent = parent.parent.parent if parent.parent is not None else None  # `{ ...process.env }`
            if parent is not None and parent.type == "arguments":
                return True
    return False


def _model_variables(project: Project, request: Request) -> set[str]:
    """The environment variables a request's model is read from (`model: process.env.TITLE_MODEL`, a name
    bound to one, or destructured from `process.env`)."""
    given = request.call.child_by_field_name("arguments")
    first = next((a for a in given.named_children if a.type != "comment"), None) if given is not None else None
    options = unwrap(first)
    if options is None or options.type != "object":
        return set()
    for part in options.named_children:
        if part.type == "pair" and text_of(part.child_by_field_name("key")).strip("\"'") == "model":
            value = part.child_by_field_name("value")
            return _env_in(project, request.module, value, 0) if value is not None else set()
        if part.type == "shorthand_property_identifier" and text_of(part) == "model":
            return _env_in(project, request.module, part, 0)
    return set()


def _env_in(project: Project, module: Module, node: Node, depth: int) -> set[str]:
    names = {name for name, read in module.env_reads if node.start_byte <= read.start_byte < node.end_byte}
    if depth > 3:
        return names
    for ident in walk(node):
        if ident.type not in ("identifier", "shorthand_property_identifier"):
            continue
        name = text_of(ident)
        names |= {
            v for v, read in module.env_reads if v == name and read.type == "shorthand_property_identifier_pattern"
        }
        for owner, value in project.values_of(module, name, ident):
            names |= _env_in(project, owner, value, depth + 1)
    return names


def _result(module: Module, project: Project, rules: Ruleset) -> FileResult:
    if module.broken is not None:
        line, column = module.position(module.broken)
        result = FileResult(module.path)
        language = {"tsx": "TSX", "typescript": "TypeScript"}.get(module.language, "JavaScript")
        result.findings = sorted(
            {
                *module.findings,
                Finding(module.path, line, column, "parse-error", f"skipped, does not parse as {language}"),
            }
        )
        result.env_reads = _env_reads(module, project, module.source.text)
        return result
    result = finish(
        module.path, module.data, module.source, module.edits, module.findings, rules, verifier(module.language)
    )
    text = module.source.text
    if result.changed and result.new_data is not None:
        text = SourceText.decode(result.new_data).text
    result.env_reads = _env_reads(module, project, text)
    return result


def _env_reads(module: Module, project: Project, text: str) -> frozenset[str]:
    """Variables the module reads once written: its explicit reads, and what its clients read implicitly
    (the SDK reads OPENAI_API_KEY / OPENAI_BASE_URL when the option is not given)."""
    if text == module.source.text:
        names = {name for name, _ in module.env_reads}
    else:
        names = {
            name
            for name, _ in Module(
                module.path, b"", replace(module.source, text=text), module.language, parse(text, module.language)
            ).env_reads
        }
    ts = project.ts
    if _provider_adapter(module, project) is not None or _hands_the_environment(module):
        # `openai({ model: "gpt-4o" })` from `@inngest/agent-kit`: another package's adapter named after the
        # provider, which reads the provider's variables itself, as the SDK does.
        names.update(ts.implicit_env or (project.rules.openai_key_env,))
    for client in project.clients:
        if client.module is not module or client.kind in ("azure", "legacy", "split"):
            continue
        if client.kind == "default":
            names.update(ts.implicit_env)
            continue
        given = {
            text_of(p.child_by_field_name("key") or p)
            for p in (client.options.named_children if client.options is not None else [])
        }
        args = client.node.child_by_field_name("arguments") if client.kind != "default" else None
        bare = args is None or not [c for c in args.named_children if c.type != "comment"]
        spread = client.options is not None and any(c.type == "spread_element" for c in client.options.named_children)
        if not client.kept and not project.rules.reverse and (bare or (client.options is not None and not spread)):
            given |= {ts.api_key, ts.base_url}  # added by the rewrite
        if ts.api_key not in given:
            names.add(project.rules.openai_key_env)
        if ts.base_url not in given and len(ts.implicit_env) > 1:
            names.add(ts.implicit_env[1])
    return frozenset(names)


def _drop_unused_import(module: Module, used: Node) -> None:
    """`import { apiKey } from "./config"`, where the key the client read was the name's only use: the name goes
    (`tsc` with `noUnusedLocals` fails on an unused import), the module's import stays for what it does when it loads
    (`import "./config"`, which may load the env file). Not where the name is written elsewhere."""
    name = text_of(used)
    alias = module.import_nodes.get(name)
    if alias is None or len(re.findall(rf"(?<![\w$]){re.escape(name)}(?![\w$])", module.source.text)) != 2:
        return
    specifier = alias.parent
    named = specifier.parent if specifier is not None else None
    clause = named.parent if named is not None else None
    statement = clause.parent if clause is not None else None
    source = statement.child_by_field_name("source") if statement is not None else None
    if specifier is None or specifier.type != "import_specifier" or named is None or clause is None or source is None:
        return
    if len(named.named_children) > 1:  # `import { apiKey, model } from "./config";`
        start, end = removal_span(module.source.text, module.start(specifier), module.end(specifier))
        module.edits.append(Edit(start, end, "", "api-key"))
    elif len(clause.named_children) == 1:  # `import { apiKey } from "./config";` -> `import "./config";`
        module.edits.append(Edit(module.start(clause), module.start(source), "", "api-key"))
    # beside a default import (`import cfg, { apiKey } from …`): left as it is


def _destructured_key(module: Module, inner: Node | None, rules: Ruleset) -> str | None:
    """The provider's or ByteSpike's key variable, where `inner` is the name a destructuring of the environment
    binds it to (`const { OPENAI_API_KEY } = process.env`)."""
    if inner is None or inner.type != "identifier":
        return None
    name = text_of(inner)
    if name not in (rules.openai_key_env, rules.key_env):
        return None
    destructured = any(
        v == name and read.type == "shorthand_property_identifier_pattern" for v, read in module.env_reads
    )
    return name if destructured else None


# The SDK's modules of WebSocket classes (`openai/realtime/ws`, `openai/resources/responses/ws`).
_SOCKETS = re.compile(r"(?i)realtime|websocket|/ws\b")


def _provider_adapter(module: Module, project: Project) -> Node | None:
    """A call a model is handed to whose function another package gives, named after the provider (`openai(…)`
    from `@inngest/agent-kit`; not the SDK, nor the AI SDK's providers, which are clients of their own)."""
    ts, provider = project.ts, project.rules.provider

    def adapter(root: str) -> bool:
        """An import of another package's function named after the provider."""
        spec, name = module.imports.get(root, ("", ""))
        if not spec or spec == ts.package or spec.startswith((ts.package + "/", "@ai-sdk/")) or spec == "ai":
            return False
        return provider in (name if name not in ("default", "*") else root).lower()

    for literal in module.literals:
        call = _handed_to(module, literal.node)
        if call is None:
            continue
        function = call.child_by_field_name("function") or call.child_by_field_name("constructor")
        chain = member_chain(unwrap(function)) if function is not None else None
        if chain is not None and adapter(text_of(chain[0])):
            return call
    # `openai({ model: process.env.AGENT_MODEL! })`: the same adapter given a model that is no literal.
    for root, (spec, _) in module.imports.items():
        if spec.startswith(".") or not adapter(root):
            continue
        for ref in module.references.get(root, []):
            call = ref.parent
            if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == ref:
                return call
    return None


# A model named with its provider ("ollama:llama3", "anthropic/claude-…"): another provider's, not an unknown id.
_MODEL_NAME = re.compile(r"(?i)model|llm")
# What a test double of a function answers is set with these (vitest and jest; sinon's `returns`, `resolves`).
_MOCK_ANSWERS = frozenset(
    {
        "mockResolvedValue",
        "mockResolvedValueOnce",
        "mockReturnValue",
        "mockReturnValueOnce",
        "mockImplementation",
        "mockImplementationOnce",
        "resolves",
        "returns",
    }
)
# The prefixes of the variables a bundler hands to browser code (Vite, Next.js, Create React App, Expo, SvelteKit).
_PUBLIC_ENV = re.compile(r"(VITE_|NEXT_PUBLIC_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|PUBLIC_)")


def _names_a_model(literal: Literal) -> bool:
    """Whether a string stands where a model is named: a `model:` property's value, or the value of a name named
    for a model (`const MODEL = "…"`)."""
    parent = literal.node.parent
    if parent is None:
        return False
    if parent.type == "pair" and parent.child_by_field_name("value") == literal.node:
        key = parent.child_by_field_name("key")
        return key is not None and text_of(key).strip("\"'") in MODEL_PROPERTIES
    if parent.type in ("variable_declarator", "assignment_expression"):
        name = parent.child_by_field_name("name") or parent.child_by_field_name("left")
        return name is not None and _MODEL_NAME.search(text_of(name)) is not None
    return False


class Migration:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.rules = project.rules
        self.ts = project.rules.typescript
        self.reverse = project.rules.reverse
        self._unmapped_said: set[tuple[str, str]] = set()  # (module, id): one `unmapped-model` per id and file
        self.raw_bases: set[str] = set()  # the "path:line" of raw requests that name a bare base URL

    def report(self, module: Module, node: Node, rule: str, message: str) -> None:
        module.report(node, rule, message, self.rules.redact)

    def run(self) -> None:
        project = self.project
        project.find_clients()
        project.find_requests()
        project.find_escapes()
        self.classify_clients()
        self.report_unresolved()
        self.model_ids()
        for client in project.clients:
            if client.kind == "split":
                original = next(c for c in project.clients if c.node == client.node and c.kind == "sdk")
                if client.kept:  # its calls share an id with a client that stays: no split
                    advice = "create a second client for ByteSpike for the other calls"
                else:
                    advice = f"its other calls move to a ByteSpike client beside it, `{client.display}`"
                    self.split_edits(client)
                self.report(
                    client.module,
                    client.node,
                    "client-kept-on-openai",
                    f"client `{original.display}` stays on {PROVIDER}: it calls {client.sites}, which ByteSpike "
                    f"does not offer; {advice}",
                )
            if client.kept or client.kind not in ("sdk", "ai-sdk") or client.module.broken is not None:
                continue
            if self.reverse:
                self.reverse_options(client)
            else:
                self.forward_options(client)
                self._injectable(client)
        if not self.reverse:
            self.committed_keys()
            self.key_guards()

    def _injectable(self, client: Client) -> None:
        """A client that moves where a parameter may give another one instead (`client ?? new OpenAI()`,
        `opts.client || new OpenAI()`): a client given there from outside the repository gets the ByteSpike ids of
        the requests too (said, as in Python)."""
        node, parent = client.node, client.node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            node, parent = parent, parent.parent
        if parent is None or parent.type != "binary_expression" or parent.child_by_field_name("right") != node:
            return
        operator, given = parent.child_by_field_name("operator"), unwrap(parent.child_by_field_name("left"))
        if operator is None or operator.type not in ("??", "||") or given is None:
            return
        root = given
        while root.type == "member_expression" and root.child_by_field_name("object") is not None:
            root = root.child_by_field_name("object")  # type: ignore[assignment]
        found = parameter_of(root) if root.type == "identifier" else None
        title = function_title(found[0]) if found is not None else None
        if title is None:
            return
        self.report(
            client.module,
            client.node,
            "external-default",
            f"client `{client.display}` moves to ByteSpike, with ByteSpike ids in its requests: a client given as "
            f"`{client.module.short(given, 40)}` of `{text_of(title)}` by code outside the repository gets those ids "
            "too: give it a ByteSpike client",
        )

    def committed_keys(self) -> None:
        """Every real-looking key in the code that no rewrite replaced (a client that stays on OpenAI,
        another server's, a constant) is reported too: a secret in the code is the first thing a reviewer
        must hear about, whichever way its client goes."""
        rules = self.rules
        for module in self.project.modules:
            if module.broken is not None:
                continue
            replaced = [(e.start, e.end) for e in module.edits if e.secret]
            reported = {(f.line, f.column) for f in module.findings if f.code == "hardcoded-key"}
            for literal in module.literals:
                if not rules.owns_real_key(literal.value):
                    continue
                start = module.start(literal.node)
                if any(s <= start < e for s, e in replaced) or module.position(literal.node) in reported:
                    continue
                self.report(
                    module,
                    literal.node,
                    "hardcoded-key",
                    f"a real-looking API key ({rules.redact(literal.value)}) is committed here: move it "
                    "to the environment and revoke it",
                )

    # Which clients stay.
    def key_guards(self) -> None:
        """A condition that makes a moving client only when OPENAI_API_KEY is set (`process.env.OPENAI_API_KEY ?
        createOpenAI({…}) : undefined`, `if (process.env.OPENAI_API_KEY) client = new OpenAI()`) tests the ByteSpike
        key the client now reads, as in Python; not where it guards a client that stays."""
        rules = self.rules
        guards: dict[tuple[int, int], tuple[Module, Node, bool]] = {}  # condition -> (module, node, guards kept)
        for client in self.project.clients:
            if client.kind not in ("sdk", "ai-sdk", "split"):
                continue
            node: Node | None = client.node
            while node is not None and node.parent is not None:
                parent = node.parent
                if (
                    parent.type in ("ternary_expression", "if_statement")
                    and parent.child_by_field_name("consequence") == node
                ):
                    condition = parent.child_by_field_name("condition")
                    if condition is not None:
                        key = (id(client.module), condition.start_byte)
                        _, _, kept = guards.get(key, (client.module, condition, False))
                        guards[key] = (client.module, condition, kept or bool(client.kept))
                if parent.type in FUNCTIONS:
                    break
                node = parent
        for module, condition, kept in guards.values():
            if kept:
                continue
            for name, read in module.env_reads:
                if name == rules.openai_key_env and condition.start_byte <= read.start_byte < condition.end_byte:
                    target = env_name(read)
                    if target is not None:
                        module.edit(target[1].start_byte, target[1].end_byte, rules.key_env, "api-key")

    def _option(self, client: Client, names: tuple[str, ...]) -> Node | None:
        if client.options is None:
            return None
        for part in client.options.named_children:
            if part.type == "pair":
                key = part.child_by_field_name("key")
                content = string_content(key) if key is not None else None
                name = content[0] if content else text_of(key) if key is not None else ""
                if name in names:
                    return part
            elif part.type == "shorthand_property_identifier" and text_of(part) in names:
                return part
        return None

    def classify_clients(self) -> None:
        """Each client's verdict, in named steps, each True where it kept the client: for what it is (Azure, the v3
        SDK, the AI SDK's default provider), for how it is configured (another server, an endpoint from elsewhere,
        options the tool does not follow), for its requests (an API ByteSpike does not offer, a model from
        outside); then the clients handed to code the tool does not follow."""
        for client in list(self.project.clients):
            if self._kept_for_its_kind(client) or self._kept_for_its_configuration(client) or self.reverse:
                continue
            self._kept_for_its_requests(client)
        if self.reverse:
            return
        self._keep_handed_to_packages()
        self._keep_handed_to_own_code()
        self._keep_idle()
        self._keep_beside_unresolved()

    def _kept_for_its_kind(self, client: Client) -> bool:
        rules, ts, module = self.rules, self.ts, client.module
        if client.kind == "azure":
            client.kept = "azure"
            self.report(
                module,
                client.node,
                "azure-client",
                f"Azure OpenAI client `{client.display}`: not migrated (its model is a deployment name); "
                "move it to ByteSpike by hand if it should move",
            )
            return True
        if client.kind == "lookalike":
            return True
        if client.kind == "legacy":
            client.kept = "legacy"
            ctor = module.short(client.node.child_by_field_name("constructor"))
            self.report(
                module,
                client.node,
                "client-kept-on-openai",
                f"client `{client.display}` is the openai v3 SDK's {ctor}: not migrated, with the model "
                "ids of its calls; move it to the v4 client "
                f"(new OpenAI({{ {ts.base_url}, {ts.api_key} }})) to migrate it",
            )
            return True
        if client.kind == "default":
            client.kept = "default provider"
            if client.requests:
                self.report(
                    module,
                    client.node,
                    "dynamic-config",
                    f"the default `{client.display}` provider of {ts.ai_sdk_package} reads "
                    f"{' and '.join(ts.implicit_env)} from the environment: its model ids are "
                    f"left as they are; use {min(ts.ai_sdk_factories)}({{ {ts.base_url}: "
                    f"{(ts.ai_sdk_base_url or rules.bytespike_url)!r}, {ts.api_key}: "
                    f'process.env.{rules.key_env} ?? "" }}) to move it',
                )
            return True
        return False

    def _kept_for_its_configuration(self, client: Client) -> bool:
        rules, ts, module = self.rules, self.ts, client.module
        base = self._option(client, (ts.base_url, "baseUrl"))
        value = base.child_by_field_name("value") if base is not None and base.type == "pair" else None
        inner = unwrap(value)
        content = string_content(inner) if inner is not None else None
        held = _held_url(module, inner) if inner is not None and content is None else None
        content = (held, 0, 0, True) if held is not None else content
        other = (
            (content[0], "")
            if content is not None and not rules.is_openai_url(content[0]) and not rules.is_bytespike_url(content[0])
            else None
        )
        if other is None and base is None and (implicit := self._env_endpoint(module)) is not None:
            # `new OpenAI()` reads OPENAI_BASE_URL, which an env file of its folder points elsewhere.
            other = (implicit[1], f", the {implicit[0]} that {implicit[2]} sets")
        if other is not None:
            client.kept = "other endpoint"
            client.other_endpoint = other[0]
            self.report(
                module,
                client.node,
                "other-endpoint",
                f"client `{client.display}` talks to {other[0]}{other[1]}, not {PROVIDER}: left as is, with the "
                "model ids of its calls",
            )
            return True
        theirs = self._other_provider(module, client, base)
        if theirs is not None:
            # `apiKey: process.env.OPENROUTER_API_KEY`: another provider's client, left alone without a word.
            client.kept = "other endpoint"
            client.other_endpoint = theirs
            return True
        elsewhere = self._option(client, ts.other_endpoint)
        if elsewhere is not None:
            client.kept = "other endpoint"
            client.other_endpoint = module.short(elsewhere, 40)
            self.report(
                module,
                client.node,
                "other-endpoint",
                f"client `{client.display}` sends its requests through `{client.other_endpoint}`, not to "
                f"{PROVIDER}: left as is, with the model ids of its calls",
            )
            return True
        if (
            value is not None
            and content is None
            and not (client.requests and all(r.family for r in client.requests))  # kept for its API, said so
            and not (
                self.reverse
                and any(
                    value.start_byte <= lit.node.start_byte < value.end_byte and rules.is_openai_url(lit.value)
                    for lit in module.literals
                )
            )
        ):
            # Computed (`${endpoint}/openai/v1/`) or read from the environment, with an OpenAI fallback or not
            # (`process.env.OPENAI_BASE_URL || "https://api.openai.com/v1"`): where its requests go is not
            # known here (the variable may name a proxy), as in Python.
            client.kept = "dynamic endpoint"
            self.report(
                module,
                value,
                "dynamic-config",
                f"{ts.base_url} of client `{client.display}` comes from `{module.short(value)}`: the client "
                f"is left as is, with the model ids of its calls; point it at {self._url(client)} with "
                f"a {rules.key_env} key by hand if it should move",
            )
            return True
        if module.broken is not None:
            client.kept = "parse error"
            return True
        only_unsupported = bool(client.requests) and all(r.family for r in client.requests)
        if client.kind in ("sdk", "ai-sdk") and not self.reverse and not only_unsupported:
            # (A client that only calls what ByteSpike does not serve stays for that: no advice to move it.)
            unfollowed = self._unfollowed_options(client)
            if unfollowed is not None:
                client.kept, node, message = unfollowed
                self.report(module, node, "dynamic-config", message)
                return True
        return False

    def _kept_for_its_requests(self, client: Client) -> None:
        module = client.module
        only_unsupported = bool(client.requests) and all(r.family for r in client.requests)
        stateful = [r for r in client.requests if r.family]
        if stateful:
            client.kept = "stateful"
            sites = ", ".join(dict.fromkeys(_site(r, module) for r in stateful))
            twin = self._split(client)
            if twin is not None:
                twin.sites = sites  # reported once the split is certain
                return
            self.report(
                module,
                client.node,
                "client-kept-on-openai",
                f"client `{client.display}` stays on {PROVIDER}: it calls {sites}, which ByteSpike does not "
                "offer" + ("" if only_unsupported else "; create a second client for ByteSpike for the other calls"),
            )
            return
        if client.kind in ("sdk", "ai-sdk"):
            # Unknown is a value: a request whose model may come from outside the repository (a request
            # body, a parameter its callers fill) cannot be given a ByteSpike id.
            for request in client.requests:
                why = self.project.model_source(request)
                if why is not None:
                    client.kept = "unknown model"
                    self.report(
                        module,
                        client.node,
                        "client-kept-on-openai",
                        f"client `{client.display}` stays on {PROVIDER}: the model of its request "
                        f"{_site(request, module)} comes from {why}"
                        + ("" if why.endswith(NO_MAPPING) else ": the tool cannot tell whether ByteSpike serves it"),
                    )
                    break

    def _keep_handed_to_packages(self) -> None:
        for client in self.project.clients:
            # Handed to another package's function (`setDefaultOpenAIClient(client)`, `useClient(new OpenAI())`):
            # what that code sends, with which model, nobody here can tell, as in Python.
            handed = next((e for e in client.escapes if self._handed_to_a_package(*e)), None)
            if client.kept or client.kind not in ("sdk", "ai-sdk") or handed is None:
                continue
            client.kept = "passed around"
            owner, where = handed
            call = where.parent.parent if where.parent is not None and where.parent.parent is not None else where
            self.report(
                client.module,
                client.node,
                "client-kept-on-openai",
                f"client `{client.display}` stays on {PROVIDER}: it is handed to `{owner.short(call, 50)}` "
                f"({owner.path}:{owner.position(where)[0]}), code the tool cannot follow; move it by hand if what "
                "that code sends may go to ByteSpike",
            )

    def _keep_handed_to_own_code(self) -> None:
        for client in self.project.clients:
            # Handed to the repository's own code, which makes no request the tool can see on it (`Wrap({ client:
            # oai })` whose `create: (p) => client.chat.completions.create(p)` the tool does not follow): the
            # requests it makes there, with their models, are unseen, as in Python.
            if client.kept or client.kind not in ("sdk", "ai-sdk") or client.requests or not client.escapes:
                continue
            client.kept = "passed around"
            owner, where = client.escapes[0]
            call = where
            while call.parent is not None and call.parent.type in _PASSING:
                call = call.parent  # `Wrap({ client: oai })`, not `{ client: oai }`
            self.report(
                client.module,
                client.node,
                "client-kept-on-openai",
                f"client `{client.display}` stays on {PROVIDER}: it is handed to `{owner.short(call, 50)}` "
                f"({owner.path}:{owner.position(where)[0]}), and no request the tool can follow is made on it; move "
                "it by hand with the models of the requests made there",
            )

    def _keep_idle(self) -> None:
        """A client that sends no request the tool can see (exported for code outside the repository, or unused)
        stays, as in Python: moved, it only needed a ByteSpike key wherever its module loads."""
        for client in self.project.clients:
            if client.kept or client.kind not in ("sdk", "ai-sdk") or client.requests:
                continue
            client.kept = "idle"
            if is_test_path(client.module.path):
                continue  # a test's client that checks its own settings: left, unsaid
            self.report(
                client.module,
                client.node,
                "client-kept-on-openai",
                f"client `{client.display}` stays on {PROVIDER}: it sends no request the tool can see: left as it is "
                "(moved, it would need a ByteSpike key wherever its module is loaded); point it at ByteSpike by hand "
                "where code the tool cannot see uses it",
            )

    def _keep_beside_unresolved(self) -> None:
        if not self.project.unresolved:
            return
        sites = ", ".join(dict.fromkeys(_site(r, None) for r in self.project.unresolved))
        for client in self.project.clients:
            if client.kept or not client.escapes:
                continue
            module, where = client.escapes[0]
            client.kept = "passed around"
            self.report(
                client.module,
                client.node,
                "client-kept-on-openai",
                f"client `{client.display}` stays on {PROVIDER}: it is handed to code the tool does not follow "
                f"({module.path}:{module.position(where)[0]}) and the repository calls {sites}, which "
                "ByteSpike does not offer",
            )

    def _handed_to_a_package(self, module: Module, where: Node) -> bool:
        """Whether an escape is an argument of a call to another package's function (imported from a package,
        not a path of the repository), or of a method on such an import."""
        node = where
        while node.parent is not None and node.parent.type in (
            "parenthesized_expression",
            "as_expression",
            "pair",
            "object",
        ):  # `useClient(oai)`, `Instructor({ client: oai })`
            node = node.parent
        arguments = node.parent
        call = arguments.parent if arguments is not None and arguments.type == "arguments" else None
        if call is None or call.type not in ("call_expression", "new_expression"):
            return False
        function = unwrap(call.child_by_field_name("function") or call.child_by_field_name("constructor"))
        while function is not None and function.type == "member_expression":
            function = unwrap(function.child_by_field_name("object"))
        if function is None or function.type != "identifier":
            return False
        imported = module.imports.get(text_of(function))
        if (
            imported is not None
            and imported[0].startswith(self.ts.package + "/")
            and (_SOCKETS.search(imported[0]) or imported[1].endswith("WS"))
        ):
            # The SDK's own WebSocket classes (`new OpenAIRealtimeWS({ model }, client)`, `new ResponsesWS(client)`
            # from `openai/realtime/ws`): they open a socket with the client's endpoint and key, to an API
            # ByteSpike does not serve.
            return True
        return (
            imported is not None
            and not imported[0].startswith((".", "@/", "~/", "#/", "src/"))
            and not imported[0].startswith((self.ts.package, "@ai-sdk", "ai"))
        )

    def _split(self, client: Client) -> Client | None:
        """Two clients side by side (README, What it changes in Python code), where the split is local: a `const`
        client of one module,
        not exported nor handed anywhere, whose calls all name it directly. The calls ByteSpike serves
        move to `<name>_bytespike`, declared after it; the original keeps the others."""
        module = client.module
        declarator = client.node.parent
        statement = declarator.parent if declarator is not None else None
        if not self.rules.split:  # --no-split, `split = false`
            return None
        if (
            client.kind != "sdk"
            or client.escapes
            or declarator is None
            or declarator.type != "variable_declarator"
            or statement is None
            or statement.type != "lexical_declaration"
            or statement.parent is None
            or statement.parent.type not in ("program", "statement_block")
        ):
            return None
        name = text_of(declarator.child_by_field_name("name"))
        if not name or name in module.exports.values() or any(local == name for local in module.exports.values()):
            return None
        moving = []
        for request in client.requests:
            chain = member_chain(request.call.child_by_field_name("function"))
            if (
                request.module is not module
                or chain is None
                or chain[0].type != "identifier"
                or text_of(chain[0]) != name
            ):
                return None
            if not request.family and not _continues_stored(request):
                moving.append((request, chain[0]))
        twin_name = f"{name}_bytespike"
        if not moving or twin_name in module.references:
            return None
        if any(self.project.model_source(request) is not None for request, _ in moving):
            return None  # a model from outside the repository (a fine-tuned id the API returns): it stays whole
        twin = Client(module, client.node, "split", twin_name, options=client.options)
        for request, _ in moving:
            request.client = twin
            client.requests.remove(request)
            twin.requests.append(request)
        twin.renamed = [root for _, root in moving]
        twin.split_from = name
        twin.statement = statement
        self.project.clients.append(twin)
        return twin

    def split_edits(self, twin: Client) -> None:
        rules, ts, module = self.rules, self.ts, twin.module
        statement = twin.statement
        assert statement is not None, "_split gives every split client the original's statement"
        text = module.source.text
        start = module.start(statement)
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        indent = text[line_start:start] if not text[line_start:start].strip() else ""
        q = module.quote
        ctor = text_of(twin.node.child_by_field_name("constructor"))
        semicolon = ";" if text_of(statement).rstrip().endswith(";") else ""
        # The other options (timeout, retries, a custom fetch) come along: only the endpoint and key differ.
        dropped = {ts.base_url, "baseUrl", ts.api_key, *ts.ignored}
        kept = [
            text_of(part)
            for part in (twin.options.named_children if twin.options is not None else [])
            if part.type != "comment" and _option_name(part) not in dropped
        ]
        options = ", ".join(
            [*kept, f"{ts.base_url}: {q}{rules.bytespike_url}{q}", f"{ts.api_key}: {module.key_read(rules.key_env)}"]
        )
        declaration = f"{module.source.newline}{indent}const {twin.display} = new {ctor}({{ {options} }}){semicolon}"
        module.edits.append(Edit(module.end(statement), module.end(statement), declaration, "client-split"))
        for root in twin.renamed:
            module.edits.append(Edit(module.start(root), module.end(root), twin.display, "client-split"))

    def _unfollowed_options(self, client: Client) -> tuple[str, Node, str] | None:
        """Why a client cannot move whole (options or a key the tool cannot follow), or None."""
        rules, ts, module = self.rules, self.ts, client.module
        args = client.node.child_by_field_name("arguments")
        named = [c for c in args.named_children if c.type != "comment"] if args is not None else []
        advice = (
            f"the client is left as is, with the model ids of its calls; give it {ts.base_url}: "
            f'{self._url(client)!r} and {ts.api_key}: process.env.{rules.key_env} ?? "" by hand if it should move'
        )
        if named and client.options is None:
            return (
                "dynamic options",
                client.node,
                f"client `{client.display}` takes its options from `{module.short(named[0])}`: {advice}",
            )
        if client.options is None:
            return None
        base = self._option(client, (ts.base_url, "baseUrl"))
        key = self._option(client, (ts.api_key,))
        if any(c.type == "spread_element" for c in client.options.named_children) and (base is None or key is None):
            return (
                "dynamic options",
                client.options,
                f"client `{client.display}` takes options from `{module.short(client.options)}`: {advice}",
            )
        token = self._option(client, ("authToken",))
        if token is not None:
            # A bearer token in place of the key (Anthropic's ANTHROPIC_AUTH_TOKEN): an added apiKey would sit
            # beside it (the AI SDK refuses both), and the token is not a ByteSpike key.
            value = _option_value(token)
            return (
                "dynamic key",
                value,
                f"client `{client.display}` authenticates with authToken `{module.short(value)}`, which is not a "
                f"ByteSpike key: {advice} (without the authToken)",
            )
        if key is not None:
            value = _option_value(key)
            others = sorted(
                {
                    name
                    for name, node in module.env_reads
                    if value.start_byte <= node.start_byte < value.end_byte
                    and name not in (rules.openai_key_env, rules.key_env)
                }
            )
            if others:
                # `process.env.MY_OPENAI_API_KEY`: a variable the tool cannot point at a ByteSpike key, as in
                # Python (moving the endpoint sent the OpenAI key it holds to ByteSpike).
                public = _PUBLIC_ENV.match(others[0])
                if public is not None:
                    # `import.meta.env.VITE_OPENAI_API_KEY`: code the bundler builds for the browser sees only
                    # variables with its prefix, read its way; `process.env.BYTESPIKE_API_KEY` is undefined there.
                    accessor = "import.meta.env" if "import.meta" in text_of(value) else "process.env"
                    advice = advice.replace(
                        f"process.env.{rules.key_env}", f"{accessor}.{public.group(1)}{rules.key_env}"
                    )
                return (
                    "dynamic key",
                    value,
                    f"client `{client.display}` takes its key from `{module.short(value)}`, which the tool cannot "
                    f"point at a ByteSpike key: {advice} (or give {others[0]} a ByteSpike key)",
                )
        if key is not None and not self._followable_key(module, key):
            value = _option_value(key)
            return (
                "dynamic key",
                value,
                f"{ts.api_key} of client `{client.display}` comes from `{module.short(value)}`, which may not hold "
                f"a ByteSpike key: {advice}",
            )
        return None

    def _other_provider(self, module: Module, client: Client, base: Node | None) -> str | None:
        """The variable of another provider (OPENROUTER_API_KEY, DEEPSEEK_BASE_URL) that the client's key or
        endpoint reads, if any."""
        key = self._option(client, (self.rules.typescript.api_key,))
        options = [_option_value(o) for o in (base, key) if o is not None]
        return next(
            (
                name
                for name, node in module.env_reads
                if self.rules.other_env.fullmatch(name)
                and any(o.start_byte <= node.start_byte < o.end_byte for o in options)
            ),
            None,
        )

    def _own_key(self, module: Module, inner: Node) -> None:
        """The client reads its own ByteSpike key where its key option names a value other code reads too:
        `apiKey: process.env.BYTESPIKE_API_KEY` (a shorthand `{ apiKey }` written out)."""
        own = module.key_read(self.rules.key_env)
        text = own if inner.type == "identifier" else f"{self.ts.api_key}: {own}"
        module.edits.append(Edit(module.start(inner), module.end(inner), text, "api-key"))

    def _read_where_it_is_imported(self, module: Module, binding: Binding) -> bool:
        """Whether a module that imports the exported `binding` reads it for more than the key of a client that moves
        (which then reads its own key: `_imported_key`): an OpenAI client that stays, a `fetch` to OpenAI, another
        package's class (`new OpenAIEmbeddings({ apiKey })`) still need the OpenAI key the name holds."""
        if binding.scope != module.tree.root_node:
            return False
        moving = [
            (c.module, _option_value(key))
            for c in self.project.clients
            if not c.kept and c.kind in ("sdk", "ai-sdk") and (key := self._option(c, (self.ts.api_key,))) is not None
        ]
        for exported, local in module.exports.items():
            if local != binding.name:
                continue
            for importer, ref in self.project.importers(module, exported):
                if _tests_presence(ref):
                    continue
                if not any(owner is importer and (unwrap(value) or value) == ref for owner, value in moving):
                    return True
        return False

    def _imported_key(self, module: Module, inner: Node | None) -> bool:
        """A name imported from another module of the repository that reads the provider's key variable there, and
        nothing else (`export const apiKey = process.env.OPENAI_API_KEY`)."""
        if inner is None or inner.type not in ("identifier", "shorthand_property_identifier"):
            return False
        name = text_of(inner)
        if name not in module.imports or any(b.value is not None for b in module.bindings.get(name, [])):
            return False
        values = self.project.values_of(module, name, inner)
        if len(values) != 1:
            return False
        owner, value = values[0]
        reads = [v for v, n in owner.env_reads if value.start_byte <= n.start_byte < value.end_byte]
        held = unwrap(value)
        return (
            owner is not module
            and reads == [self.rules.openai_key_env]
            and held is not None
            and held.type in ("member_expression", "subscript_expression")
        )

    def _followable_key(self, module: Module, part: Node) -> bool:
        """An environment read, a literal, or a name one assignment away from either."""
        value = _option_value(part)

        def direct(node: Node) -> bool:
            inner = unwrap(node)
            if inner is not None and inner.type == "binary_expression":
                # `process.env.OPENAI_API_KEY ?? ""` is followed; `apiKey ?? process.env.OPENAI_API_KEY` is not: what a
                # caller hands in may be an OpenAI key (`makeClient(process.env.TEAM_OPENAI_KEY)`), as in Python.
                operator = inner.child_by_field_name("operator")
                left, right = inner.child_by_field_name("left"), inner.child_by_field_name("right")
                return (
                    operator is not None
                    and operator.type in ("??", "||")
                    and left is not None
                    and right is not None
                    and direct(left)
                    and direct(right)
                )
            return inner is not None and (
                string_content(inner) is not None
                or any(node.start_byte <= n.start_byte < node.end_byte for _, n in module.env_reads)
            )

        if direct(value):
            return True
        inner = unwrap(value)
        if _destructured_key(module, inner, self.rules) is not None or self._imported_key(module, inner):
            return True
        if inner is not None and inner.type in ("identifier", "shorthand_property_identifier"):
            values = [
                b.value
                for b in module.bindings.get(text_of(inner), [])
                if b.value is not None and b.scope.start_byte <= inner.start_byte < b.scope.end_byte
            ]
            return len(values) == 1 and direct(values[0])
        return False

    def report_unresolved(self) -> None:
        if self.reverse:
            return
        for request in self.project.unresolved:
            message = Ruleset.unsupported_message(request.family or "", ".".join(request.path))
            self.report(request.module, request.call, "unsupported-api", message)
        for request in self.project.maybe_unresolved:
            where = f"on `{request.module.short(request.call, 40)}`, in a module that does not import the SDK"
            message = Ruleset.maybe_unsupported_message(request.family or "", ".".join(request.path), where)
            self.report(request.module, request.call, "unverified-api", message)
        for client in self.project.clients:
            for request in client.requests:
                if request.family and client.kind not in ("azure",) and client.other_endpoint is None:
                    what = f"{request.family} API ({'.'.join(request.path)}) is not available on ByteSpike"
                    if request.tool == "stored file":
                        what = f"files: this request's content refers to a file stored on {PROVIDER}, which ByteSpike "
                        what += "does not have"
                    elif request.tool:
                        what = f"{request.family}: this request's {request.tool} tool works on objects stored on "
                        what += f"{PROVIDER}, which ByteSpike does not have"
                    self.report(
                        request.module,
                        request.call,
                        "unsupported-api",
                        f"{what}: keep this call on an {PROVIDER} client",
                    )
                elif client.kind == "ai-sdk" and client.other_endpoint is None:
                    self._provider_options_stored(request)
                elif client.kind in ("sdk", "legacy") and client.other_endpoint is None and request.path:
                    verdict = self.ts.apis.classify(request.path)
                    if verdict is not None and verdict[0] == "unverified":
                        self.report(
                            request.module,
                            request.call,
                            "unverified-api",
                            f"{verdict[1]} ({'.'.join(request.path)}): its support on ByteSpike is not documented: "
                            "verify it",
                        )
                    elif verdict is None:
                        self._unverified_arguments(request)

    def _provider_options_stored(self, request: Request) -> None:
        """`generateText({ model: openai.responses("gpt-4o"), providerOptions: { openai: { previousResponseId } } })`:
        the AI SDK's way to `previous_response_id`, a response stored on the server."""
        pair = request.call.parent
        while pair is not None and pair.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
            pair = pair.parent
        options = pair.parent if pair is not None and pair.type == "pair" else None
        for name, part in _properties(_property(_property(options, "providerOptions"), self.rules.provider)):
            if name == "previousResponseId":
                family = self.rules.unverified_arguments.get("previous_response_id", "stored-responses")
                self.report(
                    request.module,
                    part,
                    "unverified-api",
                    f"{family}: `providerOptions.{self.rules.provider}.previousResponseId` needs a response stored on "
                    "the server; verify that ByteSpike keeps them",
                )

    def _unverified_arguments(self, request: Request) -> None:
        """`responses.create({ previous_response_id: prev, … })` relies on a response stored server-side, as in
        Python."""
        for name, _ in _properties(_first_options(request.call)):
            family = self.rules.unverified_arguments.get(name)
            if family:
                self.report(
                    request.module,
                    request.call,
                    "unverified-api",
                    f"{family}: `{name}` needs a response stored on the server; verify that ByteSpike keeps them",
                )

    # Model ids.
    def _map(self, value: str) -> str | None:
        models = self.rules.models
        return models.map_reverse(value) if self.reverse else models.map_forward(value)

    def _mapping(self) -> dict[str, str]:
        models = self.rules.models
        return models.reverse if self.reverse else models.forward

    def raw_requests(self) -> list[str]:
        """OpenAI URLs outside a client's options (`fetch("https://api.openai.com/v1/chat/completions")`): what
        uses them still talks to OpenAI, with models the tool does not follow, as in Python. Reported; their
        "path:line" returned."""
        if self.reverse:
            return []
        hosts = tuple(self.rules.openai_hosts)
        found: list[str] = []
        for module in self.project.modules:
            if module.broken is not None or not any(h in module.source.text for h in hosts):
                continue
            configured = [c.options for c in self.project.clients if c.module is module and c.options is not None]
            for node in walk(module.tree.root_node):
                if node.type not in ("string", "template_string"):
                    continue
                content = string_content(node)
                if content is None and node.type == "template_string":
                    self._template_route(module, node)
                    continue
                if content is not None and self.rules.is_openai_socket(content[0]):
                    family = self.rules.unserved_family(content[0])
                    if family:  # `new WebSocket("wss://api.openai.com/v1/realtime?model=…")`
                        self.report(module, node, "unsupported-api", self.rules.unserved_message(family, content[0]))
                    continue
                if content is not None and self._outside_options(module, node, content[0], configured):
                    self._raw_url(module, node, content[0], found)
        return found

    def _outside_options(self, module: Module, node: Node, url: str, configured: list[Node]) -> bool:
        """Whether a string is an OpenAI URL or host a request may go to, outside a client's options: not a test
        double's, a JWT claim's name, or a host only tests read."""
        if not (self.rules.is_openai_url(url) or self.rules.names_a_request(url)):
            return False
        if any(_within(node, o) for o in configured) or _names_a_base(module, node):
            return False
        if _in_an_http_double(module, node):
            return False  # `nock("https://api.openai.com")`, msw's `http.post(url, …)`: a test double
        if _names_a_property(node):
            return False  # a JWT claim's name (`claims["https://api.openai.com/auth"]`): a key, not a request
        if _a_test_of(node):
            return False  # `baseURL === "https://api.openai.com/v1"`, `url.includes("api.openai.com")`: a test
        # a table of hosts only tests read: no request either
        return "://" in url or _a_host_requested(module, node)

    def _raw_url(self, module: Module, node: Node, url: str, found: list[str]) -> None:
        """Reports an OpenAI URL outside a client's options, and notes it in `found` where a request made with it
        may take a chat model."""
        family = self.rules.unserved_family(url)
        if self.rules.names_a_request(url) and family not in _NO_CHAT_MODEL and not _a_settings_default(node, url):
            # Not the model list, which takes no model, nor embeddings, which take no chat model.
            found.append(f"{module.path}:{module.position(node)[0]}")
            if _a_bare_base(url):
                self.raw_bases.add(found[-1])  # a base a request may be built on, or a client given
        if family:  # `fetch(".../v1/embeddings")`: pointing it at ByteSpike would get a 404
            self.report(module, node, "unsupported-api", self.rules.unserved_message(family, url))
            return
        self.report(
            module,
            node,
            "dynamic-config",
            f"{PROVIDER} URL {url!r} outside an SDK client's configuration: whatever uses it still talks to "
            f"{PROVIDER}; point it at {self.rules.url_advice(url)} by hand, with a ByteSpike key and ByteSpike ids, "
            "if it should move",
        )

    def _template_route(self, module: Module, node: Node) -> None:
        """`${OPENAI_HOST}/v1/audio/transcriptions`: an OpenAI host the template starts with, from a constant,
        and a route ByteSpike does not serve after it, as the same URL written whole is reported."""
        parts = [c for c in node.named_children if c.type in ("template_substitution", "string_fragment")]
        first = parts[0] if parts else None
        inner = first.named_children[0] if first is not None and first.type == "template_substitution" else None
        if inner is None or inner.type != "identifier" or len(parts) < 2 or parts[1].type != "string_fragment":
            return
        hosts = [string_content(v) for _, v in self.project.values_of(module, text_of(inner), node)]
        host = hosts[0][0] if len(hosts) == 1 and hosts[0] is not None else None
        if host is None or not self.rules.is_openai_url(host):
            return
        url = host.rstrip("/") + text_of(parts[1])
        family = self.rules.unserved_family(url)
        if family:
            self.report(
                module,
                node,
                "unsupported-api",
                self.rules.unserved_message(family, url),
            )

    def model_ids(self) -> None:
        """Every model id literal of the project, decided together (`_IdDecision`)."""
        skip: set[tuple[str, int]] = set()
        for module in self.project.modules:
            self._tests(module, skip)
            self._collisions(module, skip)
            self._templates(module)
        values: list[tuple[Module, Literal, str]] = []
        types: list[tuple[Module, Literal, str]] = []
        for module in self.project.modules:
            for literal in module.literals:
                if (module.path, literal.node.start_byte) in skip:
                    continue
                target = self._map(literal.value)
                if target is None:
                    self._unmapped_literal(module, literal)
                else:
                    self._keep_routed(module, literal)
                    (types if literal.in_type else values).append((module, literal, target))
        decision = _IdDecision(self, values)
        decision.hold_shared()
        decision.move_values()
        decision.move_keys()
        decision.move_asserted()
        decision.move_types(types)
        self._reasoning_settings()

    def _reasoning_settings(self) -> None:
        """`generateText({ model: openai("gpt-4o"), temperature: 0 })`: @ai-sdk/openai takes a gpt-5 id (not
        gpt-5-chat) for a reasoning model, drops its temperature and topP with only a warning in the result, and
        sends its system prompt as a developer message. Said once per file where such an id moves in, as Python
        says it of LangChain's ChatOpenAI."""
        if self.reverse:
            return
        noted: set[str] = set()
        for client in self.project.clients:
            if client.kind not in ("ai-sdk", "default") or client.kept:
                continue
            for request in client.requests:
                module = request.module
                given = request.call.child_by_field_name("arguments")
                first = next((a for a in given.named_children if a.type != "comment"), None) if given else None
                content = string_content(first) if first is not None else None
                target = self._map(content[0]) if content is not None else None
                if module.path in noted or content is None or target is None:
                    continue
                if _REASONING.match(content[0]) or not _REASONING.match(target.split("/")[-1]):
                    continue
                pair = request.call.parent
                options = pair.parent if pair is not None and pair.type == "pair" else None
                given_settings = [
                    text_of(key)
                    for part in (options.named_children if options is not None else [])
                    if part.type == "pair"
                    and (key := part.child_by_field_name("key")) is not None
                    and text_of(key) in ("temperature", "topP")
                    and (value := part.child_by_field_name("value")) is not None
                    and text_of(value) not in ("1", "1.0", "undefined")
                ]
                if not given_settings:
                    continue
                noted.add(module.path)
                self.report(
                    module,
                    request.call,
                    "framework-behaviour",
                    f"@ai-sdk/openai (1.3.24 and later) takes {target!r} for a reasoning model: it drops this call's "
                    f"{' and '.join(given_settings)} with only a warning in the result (and sends a system prompt as "
                    "a developer message), so its answers are no longer as deterministic as it asks; drop those "
                    "settings to say so, or map the id to another with --map",
                )

    def _unmapped_literal(self, module: Module, literal: Literal) -> None:
        unmapped = not self.reverse and self.rules.models.is_unmapped_openai_id(literal.value)
        # Said where it first stands in the file (a dropdown's `{ value: id, label: id }` once), as in Python.
        said = unmapped and (module.path, literal.value) in self._unmapped_said
        if unmapped:
            self._unmapped_said.add((module.path, literal.value))
        reached = self.project.reach(module, literal.node).clients if unmapped and not said else frozenset()
        anyway = sorted(
            (c for c in reached if c.kept and c.kept not in ("unmapped", "shared")),
            key=lambda c: (c.module.path, c.module.position(c.node)),
        )
        if anyway and len(anyway) == len(reached):
            # Every client it reaches stays for another reason (an API ByteSpike does not serve, an endpoint from the
            # environment): a mapping would move nothing, so none is suggested.
            first = anyway[0]
            self.report(
                module,
                literal.node,
                "unmapped-model",
                f"{PROVIDER} model id {literal.value!r} has no ByteSpike mapping: left as is, with the requests of "
                f"client `{first.display}` ({first.module.path}:{first.module.position(first.node)[0]}), which "
                f"{_why(first)}",
            )
        elif not said:
            self._unmapped(module, literal)
        if self.reverse or literal.in_type:
            return
        if self.rules.models.is_unmapped_openai_id(literal.value):
            why = f"which has no ByteSpike mapping: add --map {literal.value}=ID to move it"
            self._keep_for_unmapped(module, literal, why)
        elif self.rules.models.only_on_openai(literal.value):
            self._keep_for_unmapped(module, literal, f"which only {PROVIDER} serves")
        elif self._unknown_model(literal):
            # `model: "my-custom-model"`: an id no table knows, served where OPENAI_BASE_URL points or nowhere on
            # ByteSpike; a request that sends it stays, as in Python.
            bare = self.rules.models.split_prefix(literal.value)[1]
            why = f"which is neither an id the tool maps nor one of ByteSpike's: add --map {bare}=ID to move it"
            self._keep_for_unmapped(module, literal, why)
        elif self._foreign_model(module, literal):
            # `new OpenAI()` sending "deepseek-chat": the client goes where OPENAI_BASE_URL points (DeepSeek),
            # which ByteSpike is not; it stays, as in Python.
            self._keep_for_unmapped(module, literal, "another provider's, which the tool does not move")

    def _keep_routed(self, module: Module, literal: Literal) -> None:
        """`new OpenAI()` sending `"openai/gpt-4o"`, which OpenAI's own endpoint refuses: the client goes where its
        environment points it (OpenRouter, a LiteLLM proxy), and stays with its id, as in Python."""
        if self.reverse or literal.in_type or not self.rules.models.split_prefix(literal.value)[0]:
            return
        if self._sent_as_model(module, literal):
            why = (
                f"named the way a router or gateway names it, which {PROVIDER}'s own endpoint refuses: the client "
                "goes where its environment points it"
            )
            self._keep_for_unmapped(module, literal, why)

    def _unknown_model(self, literal: Literal) -> bool:
        """A string no table knows where a model is named: a `model:` property's value, or the value of a name
        named for a model (`const MODEL = "my-team-model"`); not another provider's (`ollama:llama3`)."""
        models, value = self.rules.models, literal.value
        if not models.is_unknown_id(value) or models.is_foreign_id(value) or PROVIDER_NAMED.match(value):
            return False
        return _names_a_model(literal)

    def _foreign_model(self, module: Module, literal: Literal) -> bool:
        """Another provider's id where a model is named (`model: "deepseek-chat"`, `"meta-llama/Llama-3.3-70B"`,
        an AI SDK provider's `openai("mistral-large-latest")`), told apart as in Python."""
        return self.rules.models.names_another_provider(literal.value) and self._sent_as_model(module, literal)

    def _sent_as_model(self, module: Module, literal: Literal) -> bool:
        """Whether a string stands where a model is named, or is the model an AI SDK provider is called with."""
        parent = literal.node.parent
        if parent is not None and parent.type == "arguments" and parent.named_children[:1] == [literal.node]:
            return parent.parent is not None and bool(self.project.requests_at(module, parent.parent))
        return _names_a_model(literal)

    def _gain_key(self, module: Module, literal: Literal, target: str) -> None:
        """`"gpt-4o": 4000` -> `"gpt-4o": 4000, "gpt-5-4": 4000`, on a line of its own in a table laid out one
        entry per line."""
        if not literal.exact:
            return self._rewrite(module, literal, target)  # reported there
        pair = literal.node.parent
        text = module.source.text
        start, end = module.start(pair), module.end(pair)  # type: ignore[arg-type]
        copy = text[start : literal.start] + target + text[literal.end : end]
        line_start = text.rfind("\n", 0, start) + 1
        indent = text[line_start:start]
        joint = f",{module.source.newline}{indent}" if not indent.strip() and line_start > 0 else ", "
        module.edits.append(Edit(end, end, joint + copy, "model-id"))
        return None

    def _keep_for_unmapped(self, module: Module, literal: Literal, why: str) -> None:
        """A request that moves needs a ByteSpike id: a client whose requests may send an OpenAI id with no
        mapping, or one only OpenAI serves (`dall-e-3`), stays, as in Python. A client already kept (an
        embeddings client, for its API) stays for that."""
        clients = self.project.reach(module, literal.node).clients
        line = module.position(literal.node)[0]
        for client in clients:
            if client.kept or client.kind not in ("sdk", "ai-sdk", "split"):
                continue
            client.kept = "unmapped"
            if client.kind != "split":
                self.report(
                    client.module,
                    client.node,
                    "client-kept-on-openai",
                    f"client `{client.display}` stays on {PROVIDER}: its requests use model {literal.value!r} "
                    f"({module.path}:{line}), {why}",
                )

    def _rewrite(self, module: Module, literal: Literal, target: str) -> None:
        models = self.rules.models
        if not literal.exact:
            self.report(
                module,
                literal.node,
                "dynamic-model",
                f"model id {literal.value!r} is written with escapes: change it to {target!r} by hand",
            )
            return
        module.edits.append(Edit(literal.start, literal.end, target, "model-id"))
        _, source = models.split_prefix(literal.value)
        if self.reverse:
            if ambiguity := models.ambiguity(source):
                self.report(module, literal.node, "ambiguous-reverse", ambiguity)
        elif approximation := models.approximation(source):
            self.report(module, literal.node, "approximate-model", approximation)

    def _unmapped(self, module: Module, literal: Literal) -> None:
        models = self.rules.models
        if self.reverse:
            if models.has_no_openai_equivalent(literal.value):
                self.report(
                    module,
                    literal.node,
                    "no-openai-equivalent",
                    f"{literal.value!r} is a ByteSpike model with no {PROVIDER} equivalent: left as is; choose an "
                    f"{PROVIDER} model by hand",
                )
        elif models.is_unmapped_openai_id(literal.value):
            prefix, bare = models.split_prefix(literal.value)
            if prefix and not self.project.reach(module, literal.node).clients:
                # `gateway.languageModel("anthropic/claude-haiku-4.5")` (the Vercel AI Gateway): a router's id, which
                # a mapping would not move (no client of the provider's here sends it).
                self.report(
                    module,
                    literal.node,
                    "unmapped-model",
                    f"{PROVIDER} model id {literal.value!r} has no ByteSpike mapping: left as is; it is named the way "
                    "a router or gateway names it, and no client here sends it",
                )
                return
            self.report(
                module,
                literal.node,
                "unmapped-model",
                f"{PROVIDER} model id {literal.value!r} has no ByteSpike mapping: left as is; choose an id from "
                f"ByteSpike's catalog or add --map {bare}=NEW",
            )

    def _changes(self, values: list[str], test: Callable[[str, str], bool]) -> bool:
        return self.rules.answers_differently(lambda model: any(test(model, v) for v in values))

    def _tests(self, module: Module, skip: set) -> None:
        """`m.startsWith("gpt-4o")`, `m.includes("gpt-5")`: prefixes and substrings, not ids: never
        rewritten, reported when the test answers differently for the mapped ids."""
        for call in module.calls:
            function = unwrap(call.child_by_field_name("function"))
            if function is None or function.type != "member_expression":
                continue
            prop = function.child_by_field_name("property")
            if prop is not None and text_of(prop) in _REGEX_TESTS:
                self._regex_test(module, call, function, text_of(prop))
                continue
            if prop is None or text_of(prop) not in _TESTS:
                continue
            args = call.child_by_field_name("arguments")
            first = next((a for a in args.named_children if a.type != "comment"), None) if args else None
            content = string_content(first) if first is not None else None
            if text_of(prop) == "includes" and not self.reverse:
                self._membership(module, call)
            if first is not None and content is None and first.type == "identifier" and text_of(prop) != "includes":
                # `MODEL.startsWith(REASONING_PREFIX)`, `prefixes.some((p) => MODEL.startsWith(p))`: the parts the
                # name holds are tested the same way.
                for part in _tested_parts(module, call, first):
                    self._tested(module, call, text_of(prop), part, skip)
                continue
            if first is None or content is None:
                continue
            method = text_of(prop)
            receiver = unwrap(function.child_by_field_name("object"))
            if (
                method == "includes"
                and receiver is not None
                and (
                    receiver.type == "array"
                    or (
                        receiver.type == "identifier"
                        and any(
                            v is not None and v.type == "array"
                            for v in (unwrap(b.value) for b in module.bindings.get(text_of(receiver), []))
                        )
                    )
                )
            ):
                continue  # membership in a list of ids: the ids are values
            self._tested(module, call, method, first, skip)

    def _regex_test(self, module: Module, call: Node, function: Node, method: str) -> None:
        """`/^gpt-4/.test(MODEL)`, `MODEL.match(/^gpt-4/)`: a pattern over ids, reported when it answers differently
        for the ByteSpike ids (as a prefix test is); never rewritten."""
        if method in ("test", "exec"):
            regex = unwrap(function.child_by_field_name("object"))
        else:
            args = call.child_by_field_name("arguments")
            regex = next((a for a in args.named_children if a.type != "comment"), None) if args is not None else None
        if regex is None or regex.type != "regex":
            return
        pattern, flags = regex.child_by_field_name("pattern"), regex.child_by_field_name("flags")
        ignore_case = flags is not None and "i" in text_of(flags)
        if pattern is not None and self.rules.regex_answers_differently(text_of(pattern), ignore_case=ignore_case):
            self.report(module, call, "dynamic-model", self.rules.regex_test_message(module.short(call)))

    def _membership(self, module: Module, call: Node) -> None:
        """`reasoningModels.includes(MODEL)` where the list holds `o1` and the module also names `gpt-4o-mini`:
        both become `gpt-5-4-mini`, so the test can no longer tell them apart."""
        function = unwrap(call.child_by_field_name("function"))
        receiver = unwrap(function.child_by_field_name("object")) if function is not None else None
        if receiver is not None and receiver.type == "identifier":
            arrays = [unwrap(b.value) for b in module.bindings.get(text_of(receiver), []) if b.value is not None]
            receiver = next((a for a in arrays if a is not None and a.type == "array"), None)
        if receiver is None or receiver.type != "array":
            return
        inside = {c[0] for e in receiver.named_children if (c := string_content(e)) is not None}
        named: dict[str, set[str]] = {}
        for literal in module.literals:
            target = self._map(literal.value)
            if target is not None:
                named.setdefault(target, set()).add(literal.value)
        for value in sorted(inside):
            target = self._map(value)
            others = sorted(named.get(target, set()) - inside) if target is not None else []
            if others:
                self.report(
                    module,
                    call,
                    "dynamic-model",
                    f"model ids {value!r} and {others[0]!r} both become {target!r}: this membership test "
                    f"(`{module.short(call)}`) can no longer tell them apart; check it by hand",
                )
                return

    def _tested(self, module: Module, call: Node, method: str, part: Node, skip: set) -> None:
        """A string tested as a prefix, suffix or substring of ids: left as is, reported when the test answers
        differently for the mapped ids."""
        content = string_content(part)
        if content is None:
            return
        value = self.rules.models.split_prefix(content[0])[1]
        if not any(c.isalpha() for c in value):
            return  # `message.includes("502")`: a status code, no part of a model's name
        test = {
            "startsWith": str.startswith,
            "endsWith": str.endswith,
            "includes": lambda model, part: part in model,
        }[method]
        skip.add((module.path, part.start_byte))  # a part of ids, not one (`includes("gpt-5.")`): no finding
        if self._changes([value], test):
            self.report(
                module,
                call,
                "dynamic-model",
                f"model id tested by {method} (`{module.short(call)}`): the test answers differently for "
                "the ByteSpike ids; left as is, update it by hand",
            )

    def _collisions(self, module: Module, skip: set) -> None:
        for literal in module.literals:
            node = literal.node
            if node.parent is None or node.parent.type != "pair" or node.parent.child_by_field_name("key") != node:
                continue
            obj = node.parent.parent
            if obj is None or (module.path, obj.start_byte, "collision") in skip:
                continue
            skip.add((module.path, obj.start_byte, "collision"))
            keys = []
            for pair in obj.named_children:
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                content = string_content(key) if key is not None and key.type == "string" else None
                name = content[0] if content else (text_of(key) if key is not None else None)
                keys.append((key, name))
            after = [self._map(name) or name for _, name in keys if name is not None]
            if len(set(after)) == len(after):
                continue
            seen: dict[str, str] = {}
            clashing: set[str] = set()
            for _, name in keys:
                if name is None:
                    continue
                mapped = self._map(name) or name
                if mapped in seen:
                    clashing.update((seen[mapped], name))
                seen.setdefault(mapped, name)
            for key, name in keys:
                if key is not None and name is not None and self._map(name) is not None:
                    skip.add((module.path, key.start_byte))
            self.report(
                module,
                obj,
                "model-key-collision",
                f"object keys {', '.join(repr(k) for k in sorted(clashing))} would collide once mapped: "
                "keys left as they are; merge the entries by hand",
            )

    def _templates(self, module: Module) -> None:
        models = self.rules.models
        for node in module.templates:
            first = node.named_children[0] if node.named_children else None
            if first is None or first.type != "string_fragment":
                continue
            _, part = models.split_prefix(text_of(first))
            if part and any(src.startswith(part) for src in self._mapping()):
                self.report(
                    module,
                    node,
                    "dynamic-model",
                    f"model id built at run time (`{module.short(node)}`) may produce an {PROVIDER} id: map the "
                    "values it is built from by hand",
                )

    def _url(self, client: Client) -> str:
        """The ByteSpike endpoint a client takes: the AI SDK's Anthropic provider wants `/v1` where the SDK's
        own appends it."""
        return (
            self.ts.ai_sdk_base_url if client.kind == "ai-sdk" and self.ts.ai_sdk_base_url else self.rules.bytespike_url
        )

    # Constructor options.
    def forward_options(self, client: Client) -> None:
        rules, ts, module = self.rules, self.ts, client.module
        node = client.node
        args = node.child_by_field_name("arguments")
        q = module.quote
        url = self._url(client)
        base_text = f"{ts.base_url}: {q}{url}{q}"
        key_text = f"{ts.api_key}: {module.key_read(rules.key_env)}"
        what = f"client `{client.display}`"
        named = [c for c in args.named_children if c.type != "comment"] if args is not None else []
        if not named:
            options = "{ " + base_text + ", " + key_text + " }"
            if args is None:
                module.edits.append(Edit(module.end(node), module.end(node), f"({options})", "client-arguments"))
            else:
                inner_start, inner_end = module.start(args) + 1, module.end(args) - 1
                if module.source.text[inner_start:inner_end].strip():
                    module.edits.append(Edit(inner_start, inner_start, options, "client-arguments"))
                else:
                    module.edits.append(Edit(inner_start, inner_end, options, "client-arguments"))
            return
        if client.options is None:
            self.report(
                module,
                node,
                "dynamic-config",
                f"{what} takes its options from `{module.short(named[0])}`: add {ts.base_url}: "
                f'{url!r} and {ts.api_key}: process.env.{rules.key_env} ?? "" there if they are '
                "not set",
            )
            return
        spread = any(c.type == "spread_element" for c in client.options.named_children)
        missing = []
        base = self._option(client, (ts.base_url, "baseUrl"))
        if base is not None:
            self._base_url(module, base, what, url)
        elif not spread:
            missing.append(base_text)
        key = self._option(client, (ts.api_key,))
        if key is not None:
            self._api_key(module, key, what)
        elif not spread:
            missing.append(key_text)
        if spread and (base is None or key is None):
            self.report(
                module,
                client.options,
                "dynamic-config",
                f"{what} takes options from `{module.short(client.options)}`: add {ts.base_url}: "
                f'{url!r} and {ts.api_key}: process.env.{rules.key_env} ?? "" there if they are '
                "not set",
            )
        for name in ts.ignored:
            part = self._option(client, (name,))
            if part is not None:
                self.report(
                    module,
                    part,
                    "org-project-ignored",
                    f"{name} is accepted but ignored by ByteSpike (one key per project gives per-project spend)",
                )
        if missing:
            _insert_properties(module, client.options, missing)

    def _env_endpoint(self, module: Module) -> tuple[str, str, str] | None:
        """(variable, URL, "env file:line") where an env file of the module's folder or above sets the endpoint
        variable a client with no baseURL reads to another server."""
        for variable, url, where in other_endpoints(self.project.env, self.rules):
            home = where.rsplit(":", 1)[0].rpartition("/")[0]
            if not home or module.path.startswith(home + "/"):
                return variable, url, where
        return None

    def _base_url(self, module: Module, part: Node, what: str, url: str) -> None:
        rules, ts = self.rules, self.ts
        if part.type != "pair":
            self.report(
                module,
                part,
                "dynamic-config",
                f"{ts.base_url} of {what} comes from `{text_of(part)}`: left as is; make it {url} for ByteSpike",
            )
            return
        value = unwrap(part.child_by_field_name("value"))
        content = string_content(value) if value is not None else None
        held = _held_url(module, value) if value is not None and content is None else None
        if value is not None and held is not None:
            # `baseURL: BASE_URL` with `const BASE_URL = "https://api.openai.com/v1"`: ByteSpike's URL in its place,
            # and the name keeps its value for whatever else reads it, as in Python.
            swapped = rules.swap_base(held) if rules.is_openai_url(held) else None
            if swapped is not None:
                q = module.quote
                module.edits.append(Edit(module.start(value), module.end(value), f"{q}{swapped}{q}", "base-url"))
            return
        if value is None or content is None:
            # `process.env.OPENAI_BASE_URL ?? "https://api.openai.com/v1"`: the fallback is OpenAI's.
            for literal in module.literals:
                inside = value is not None and value.start_byte <= literal.node.start_byte < value.end_byte
                swapped = rules.swap_base(literal.value) if inside and literal.exact else None
                if swapped is not None and rules.is_openai_url(literal.value):
                    module.edits.append(Edit(literal.start, literal.end, swapped, "base-url"))
            self.report(
                module,
                value or part,
                "dynamic-config",
                f"{ts.base_url} of {what} comes from `{module.short(value or part)}`: left as is; make it "
                f"{url} for ByteSpike",
            )
            return
        given, start, end, exact = content
        if rules.is_openai_url(given):
            swapped = rules.swap_base(given)
            if swapped is None or not exact:
                self.report(
                    module,
                    value,
                    "dynamic-config",
                    f"{ts.base_url} of {what} is {given!r}, not {PROVIDER}'s API base: left as is; make it {url}",
                )
                return
            module.edit(start, end, swapped, "base-url")

    def _api_key(self, module: Module, part: Node, what: str) -> None:
        self._api_key_value(module, _option_value(part), what, 1)

    def _key_read(self, module: Module, value: Node, name: str, node: Node, what: str, *, in_place: bool) -> None:
        """A key option's read of the environment variable `name` (at `node`): the provider's becomes ByteSpike's."""
        rules = self.rules
        if name == rules.openai_key_env:
            target = env_name(node)
            if target is not None:
                module.edit(target[1].start_byte, target[1].end_byte, rules.key_env, "api-key")
            if in_place and (node.start_byte, node.end_byte) == (value.start_byte, value.end_byte):
                # `apiKey: process.env.OPENAI_API_KEY`, the read itself: unset, the SDK would read its own.
                end = module.end(value)
                module.edits.append(Edit(end, end, NO_FALLBACK.format(q=module.quote), "api-key"))
        elif name != rules.key_env:
            self.report(
                module,
                node,
                "dynamic-config",
                f"{self.ts.api_key} of {what} is read from {name}: left as is; make sure it holds a "
                f"ByteSpike key ({rules.key_env})",
            )

    def _api_key_value(self, module: Module, value: Node, what: str, hops: int) -> None:
        rules, ts = self.rules, self.ts
        reads = [
            (name, node) for name, node in module.env_reads if value.start_byte <= node.start_byte < value.end_byte
        ]
        if reads:
            for name, node in reads:
                self._key_read(module, value, name, node, what, in_place=hops == 1)
            return
        inner = unwrap(value)
        content = string_content(inner) if inner is not None else None
        if inner is not None and content is not None:
            key = content[0]
            if rules.holds_real_key(key):
                module.edits.append(
                    Edit(module.start(inner), module.end(inner), module.key_read(rules.key_env), "api-key", secret=True)
                )
                self.report(
                    module,
                    inner,
                    "hardcoded-key",
                    f"hard-coded API key {rules.redact(key)!r} replaced by {module.env_read(rules.key_env)}; "
                    "revoke it, it stays in your history",
                )
            elif not is_test_path(module.path):  # (a test's dummy key is no configuration: left, unsaid)
                self.report(
                    module, inner, "dynamic-config", literal_key_message(f"{ts.api_key} of {what}", key, rules.key_env)
                )
            return  # another literal ("test", "sk-...") is not configuration: left as it is
        if (
            inner is not None
            and inner.type in ("identifier", "shorthand_property_identifier")
            and self._imported_key(module, inner)
        ):
            # `import { apiKey } from "./config"`, where config reads OPENAI_API_KEY: the module keeps its value for
            # whatever else reads it, and this client reads its own key.
            self._own_key(module, inner)
            _drop_unused_import(module, inner)
            return
        destructured = _destructured_key(module, inner, rules)
        if inner is not None and destructured is not None:
            # `const { OPENAI_API_KEY } = process.env` then `apiKey: OPENAI_API_KEY`: the name stays what it is for
            # whatever else reads it, and this client reads its own key.
            if destructured == rules.openai_key_env:
                self._own_key(module, inner)
            return
        if inner is not None and inner.type in ("identifier", "shorthand_property_identifier") and hops:
            # One hop: `const key = process.env.OPENAI_API_KEY` then `apiKey: key`.
            bindings = [
                b
                for b in module.bindings.get(text_of(inner), [])
                if b.value is not None and b.scope.start_byte <= inner.start_byte < b.scope.end_byte
            ]
            if len(bindings) == 1 and (bound := bindings[0].value) is not None:
                held = unwrap(bound)
                read = held is not None and any(
                    bound.start_byte <= n.start_byte < bound.end_byte for _, n in module.env_reads
                )
                others = [r for r in module.references_to(bindings[0]) if r != inner and not _tests_presence(r)]
                if read and (others or self._read_where_it_is_imported(module, bindings[0])):
                    # `const apiKey = process.env.OPENAI_API_KEY` read by more than this client (a client that stays,
                    # a `fetch`, a check, here or in a module that imports it): the name keeps the OpenAI key, and
                    # this client reads its own.
                    self._own_key(module, inner)
                    return
                if held is not None and (string_content(held) is not None or read):
                    self._api_key_value(module, bound, what, hops - 1)
                    return
        self.report(
            module,
            value,
            "dynamic-config",
            f"{ts.api_key} of {what} comes from `{module.short(value)}`: left as is; make sure it provides a "
            f"ByteSpike key ({rules.key_env})",
        )

    def reverse_options(self, client: Client) -> None:
        rules, ts, module = self.rules, self.ts, client.module
        base = self._option(client, (ts.base_url, "baseUrl"))
        if base is not None and base.type == "pair":
            value = unwrap(base.child_by_field_name("value"))
            content = string_content(value) if value is not None else None
            if content is not None and rules.is_bytespike_url(content[0]):
                start, end = removal_span(module.source.text, module.start(base), module.end(base))
                module.edits.append(Edit(start, end, "", "client-arguments"))
        key = self._option(client, (ts.api_key,))
        if key is not None:
            value = _option_value(key)
            for name, node in module.env_reads:
                if name == rules.key_env and value.start_byte <= node.start_byte < value.end_byte:
                    target = env_name(node)
                    if target is not None:
                        module.edit(target[1].start_byte, target[1].end_byte, rules.openai_key_env, "api-key")


_WHY = {
    "unmapped": "sends a model id with no ByteSpike mapping",
    "unknown model": "sends a model the tool cannot follow",
    "azure": "is an Azure client",
    "legacy": "is the openai v3 SDK's",
    "other endpoint": "talks to another server",
    "not the OpenAI SDK": f"is not the {PROVIDER} SDK's",
    "dynamic endpoint": "has an endpoint the tool cannot follow",
    "dynamic options": "takes options the tool cannot follow",
    "dynamic key": "takes a key the tool cannot follow",
}


def _option_value(part: Node) -> Node:
    """An option's value: a pair's (`apiKey: key`, which the grammar always gives one), or the part itself
    (the shorthand `apiKey`)."""
    value = part.child_by_field_name("value") if part.type == "pair" else None
    return value if value is not None else part


def _option_name(part: Node) -> str:
    key = part.child_by_field_name("key") if part.type == "pair" else None
    if key is None:
        return text_of(part) if part.type == "shorthand_property_identifier" else ""
    content = string_content(key)
    return content[0] if content else text_of(key)


_MODEL_PROPERTIES = MODEL_PROPERTIES
_WRAPPING = frozenset({"object", "array", "parenthesized_expression", "as_expression", "satisfies_expression"})


# API families whose requests never take a chat model: an id the map moves cannot be theirs (as in Python).
_NO_CHAT_MODEL = frozenset({"embeddings", "audio", "moderations"})


# Packages of HTTP test doubles (docs/design.md: not requests).
_HTTP_DOUBLES = ("nock", "msw", "fetch-mock", "jest-fetch-mock", "vitest-fetch-mock")


def _in_an_http_double(module: Module, node: Node) -> bool:
    """Whether a string is given to an HTTP test double: `nock(url)`, `http.post(url, …)` from msw, or is what a
    mocked function answers (`prompt.mockResolvedValueOnce("https://api.openai.com/v1")`)."""
    current = node.parent
    for _ in range(6):
        if current is None:
            return False
        if current.type == "call_expression":
            function = unwrap(current.child_by_field_name("function"))
            if function is not None and function.type == "member_expression":
                method = function.child_by_field_name("property")
                if method is not None and text_of(method) in _MOCK_ANSWERS:
                    return True
            chain = member_chain(function) if function is not None else None
            root = chain[0] if chain is not None else None
            while root is not None and root.type == "call_expression":  # `nock(host).post(path)`
                inner = unwrap(root.child_by_field_name("function"))
                chain = member_chain(inner) if inner is not None else None
                root = chain[0] if chain is not None else None
            if root is not None and root.type == "identifier":
                spec = module.imports.get(text_of(root), ("", ""))[0]
                if text_of(root) == "nock" or spec.startswith(_HTTP_DOUBLES):
                    return True
        current = current.parent
    return False


def _a_settings_default(node: Node, url: str) -> bool:
    """`{ key: "baseURL", default: "https://api.openai.com/v1" }`: a bare base URL (no route) as a value of a
    settings object's property that names no endpoint, shown or offered to a user, not where a request goes."""
    parent = node.parent
    key = parent.child_by_field_name("key") if parent is not None and parent.type == "pair" else None
    return key is not None and text_of(key).strip("\"'") not in _ENDPOINT_KEYS and _a_bare_base(url)


def _a_bare_base(url: str) -> bool:
    """A host or an API base with no route after it (`https://api.openai.com`, `…/v1`)."""
    return re.sub(r"(?i)^https?://[^/]+", "", url.strip()).strip("/") in ("", "v1")


def _a_host_requested(module: Module, node: Node) -> bool:
    """Whether a bare host is where a request goes: `https.request({ hostname: "api.openai.com" })`, a URL
    built from it (`` `https://${HOST}/v1` ``, `"https://" + host`), or handed to a call (`new URL(…)`); not a
    test (`url.includes("api.openai.com")`, a constant only such tests read)."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "pair":
        key = parent.child_by_field_name("key")
        return key is not None and text_of(key).strip("\"'") in ("hostname", "host")
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        uses = module.references.get(text_of(name), []) if name is not None else []
        return any(not _a_test_of(use) for use in uses if use != name)
    return parent.type in ("binary_expression", "template_substitution") or (
        parent.type == "arguments" and not _a_test_of(node)
    )


def _a_test_of(node: Node) -> bool:
    """`x.includes(node)`, `x.startsWith(node)`, `x === node`: the value is compared, not used."""
    parent = node.parent
    if parent is not None and parent.type == "binary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and operator.type in ("===", "==", "!==", "!=")
    call = parent.parent if parent is not None and parent.type == "arguments" else None
    function = call.child_by_field_name("function") if call is not None else None
    prop = (
        function.child_by_field_name("property")
        if function is not None and function.type == "member_expression"
        else None
    )
    return prop is not None and text_of(prop) in ("includes", "startsWith", "endsWith", "indexOf", "match", "test")


def _handed_to(module: Module, node: Node) -> Node | None:
    """The call a model literal is handed to as the `model` of an object argument, at any depth
    (`generateText({ model: "…" })`, `new ChatModel({ params: { model: "…" } })`, Python's `model=` keyword), or
    as an argument of a model factory (`azure("gpt-5")` from an AI SDK package, `provider.chatModel("…")`); None
    for any other (`useState("gpt-4o")` keeps a picker's choice)."""
    current = node.parent
    keyed = False
    while current is not None:
        if current.type == "arguments":
            call = current.parent
            if call is None or call.type not in ("call_expression", "new_expression"):
                return None
            return call if keyed or _model_factory(module, call) else None
        if current.type == "pair":
            # The innermost key names the model; the objects around it may be under any key (`new ChatModel({
            # params: { model: "…" } })`, `{ fallbacks: [{ model: "…" }] }`): all of it is handed on.
            if not keyed and _option_name(current) not in _MODEL_PROPERTIES:
                return None
            keyed = True
        elif current.type not in _WRAPPING:
            return None
        current = current.parent
    return None


def _model_factory(module: Module, call: Node) -> bool:
    """`azure(…)`, `gateway(…)` imported from `@ai-sdk/…` or `ai`; `openai.chatModel(…)`, `languageModel(…)`."""
    function = unwrap(call.child_by_field_name("function") or call.child_by_field_name("constructor"))
    if function is None:
        return False
    chain = member_chain(function)
    if chain is None:
        return False
    root, path = chain
    if path and path[-1].endswith("Model"):
        return True
    spec = module.imports.get(text_of(root), ("", ""))[0]
    return spec == "ai" or spec.startswith("@ai-sdk/")


# The keys of an object that name the server its model goes to (a LiteLLM proxy's `url`, a `baseURL`).
_ENDPOINT_KEYS = frozenset({"baseURL", "baseUrl", "base_url", "apiBase", "url", "endpoint", "apiUrl"})


def _shared_depth(where: str, path: str) -> int:
    """How many folders a "path:line" and a path share."""
    a, b = where.rsplit(":", 1)[0].split("/")[:-1], path.split("/")[:-1]
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def _parameter_default(node: Node) -> str | None:
    """ "`model` of `summarize`" where a literal is the default of a function's parameter (`model = "gpt-4o"`,
    `{ model = "gpt-4o" } = {}`): callers outside the repository may give their own."""
    parent = node.parent
    if parent is None:
        return None
    if parent.type in ("required_parameter", "optional_parameter") and parent.child_by_field_name("value") == node:
        name = parent.child_by_field_name("pattern")
    elif (
        parent.type in ("assignment_pattern", "object_assignment_pattern")
        and parent.child_by_field_name("right") == node
    ):
        name = parent.child_by_field_name("left")
    else:
        return None
    function = enclosing(node, FUNCTIONS)
    title = function_title(function) if function is not None else None
    if name is None or title is None or name.type not in ("identifier", "shorthand_property_identifier_pattern"):
        return None
    parameters = function.child_by_field_name("parameters") if function is not None else None
    if parameters is None or not (parameters.start_byte <= node.start_byte < parameters.end_byte):
        return None
    return f"`{text_of(name)}` of `{text_of(title)}`"


def _env_fallback(node: Node) -> str | None:
    """The environment variable a value is the fallback of (`process.env.MODEL || "gpt-4o"`, `?? "gpt-4o"`)."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, parent.parent
    if parent is None or parent.type != "binary_expression" or parent.child_by_field_name("right") != node:
        return None
    operator = parent.child_by_field_name("operator")
    left = unwrap(parent.child_by_field_name("left"))
    if operator is None or operator.type not in ("||", "??") or left is None:
        return None
    found = env_name(left)
    return found[0] if found is not None else None


def _tested_parts(module: Module, call: Node, name: Node) -> list[Node]:
    """The strings a name given to `startsWith` holds: a constant's (`const PREFIX = "gpt-5"`), or, for the
    parameter of a callback of `some`/`every`/`find`/`filter` on a list (`PREFIXES.some((p) => m.startsWith(p))`),
    the list's."""
    text = text_of(name)
    values = [unwrap(b.value) for b in module.bindings.get(text, []) if b.value is not None]
    found = [v for v in values if v is not None and v.type == "string"]
    if found:
        return found
    callback = enclosing(call, FUNCTIONS)
    parameters = callback.child_by_field_name("parameters") if callback is not None else None
    single = callback.child_by_field_name("parameter") if callback is not None else None
    named = [text_of(p) for p in (parameters.named_children if parameters is not None else [])] + (
        [text_of(single)] if single is not None else []
    )
    if callback is None or not any(n.split(":")[0].strip() == text for n in named):
        return []
    arguments = callback.parent
    outer = arguments.parent if arguments is not None and arguments.type == "arguments" else None
    function = unwrap(outer.child_by_field_name("function")) if outer is not None else None
    prop = (
        function.child_by_field_name("property")
        if function is not None and function.type == "member_expression"
        else None
    )
    if prop is None or text_of(prop) not in ("some", "every", "find", "filter", "findIndex"):
        return []
    listed = unwrap(function.child_by_field_name("object"))  # type: ignore[union-attr]
    if listed is not None and listed.type == "identifier":
        arrays = [unwrap(b.value) for b in module.bindings.get(text_of(listed), []) if b.value is not None]
        listed = next((a for a in arrays if a is not None and a.type == "array"), None)
    if listed is None or listed.type != "array":
        return []
    return [e for e in listed.named_children if e.type == "string"]


def _names_a_property(node: Node) -> bool:
    """A string that names a property (`{ "https://api.openai.com/auth"?: … }`, `c["https://…/auth"]`, a key of an
    object literal): a key, which no request goes to."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("property_signature", "property_identifier"):
        return True
    if parent.type == "pair":
        return parent.child_by_field_name("key") == node
    if parent.type == "subscript_expression":
        return parent.child_by_field_name("index") == node
    return False


_ASSERTIONS = frozenset({"expect", "assert"})


# What a value passes through on its way into a call's arguments (`f({ client: oai })`, `new X([oai])`).
_PASSING = frozenset(
    {
        "pair",
        "object",
        "array",
        "parenthesized_expression",
        "as_expression",
        "arguments",
        "call_expression",
        "new_expression",
    }
)


def _within(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _names_a_base(module: Module, node: Node) -> bool:
    """A string that is a client option's value by another name: `baseURL` in an object, or a constant a
    client's options read (`const BASE = "https://api.openai.com/v1"`)."""
    parent = node.parent
    if parent is not None and parent.type == "pair":
        key = parent.child_by_field_name("key")
        return key is not None and text_of(key).strip("\"'") in ("baseURL", "baseUrl", "base_url", "apiBase")
    return (
        parent is not None
        and parent.type == "variable_declarator"
        and bool(re.search(r"(?i)base_?url|api_?base", text_of(parent.child_by_field_name("name") or parent)))
    )


def _object_around(node: Node) -> Node | None:
    """The object literal whose property's value `node` stands in, if any."""
    pair = node.parent
    while pair is not None and pair.type not in ("pair", "object"):
        pair = pair.parent
    obj = pair.parent if pair is not None and pair.type == "pair" else None
    return obj if obj is not None and obj.type == "object" else None


def _openai_endpoint_beside(module: Module, node: Node, rules: Ruleset) -> str | None:
    """The OpenAI URL of a `baseURL` in the object literal a model id stands in, if it has one: such an object
    configures a request to OpenAI itself, whatever the clients of the repository do."""
    obj = _object_around(node)
    if obj is None:
        return None
    for part in obj.named_children:
        if part.type != "pair":
            continue
        key = part.child_by_field_name("key")
        if key is None or text_of(key).strip("\"'") not in ("baseURL", "baseUrl", "base_url", "apiBase"):
            continue
        value = unwrap(part.child_by_field_name("value"))
        content = string_content(value) if value is not None else None
        if content is not None and rules.is_openai_url(content[0]):
            return content[0]
    return None


def _other_endpoint_beside(module: Module, node: Node, rules: Ruleset) -> str | None:
    """A URL of another server in the `baseURL` of the object literal a model id stands in (`{ baseURL:
    config.baseURL || "http://localhost:4000", model: "gpt-5-mini" }`, a LiteLLM proxy): that server keeps its
    own ids."""
    obj = _object_around(node)
    if obj is None:
        return None
    for part in obj.named_children:
        key = part.child_by_field_name("key") if part.type == "pair" else None
        if key is None or text_of(key).strip("\"'") not in _ENDPOINT_KEYS:
            continue
        for inner in walk(part.child_by_field_name("value") or part):
            content = string_content(inner) if inner.type in ("string", "template_string") else None
            if (
                content is not None
                and re.match(r"(?i)https?://", content[0])
                and not rules.is_openai_url(content[0])
                and not rules.is_bytespike_url(content[0])
            ):
                return content[0]
    return None


_MEMBERSHIP = frozenset({"has", "includes", "indexOf"})


def _is_tested(module: Module, node: Node) -> bool:
    """Whether a literal is tested against another value: compared (`m === "gpt-4o"`), a `case`, or a member of a
    collection asked whether it holds a value (`["gpt-4o"].includes(m)`, `new Set(["gpt-4o"])`, a constant bound to
    either and asked `.has(m)` in its module)."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "binary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and operator.type in ("===", "!==", "==", "!=")
    if parent.type == "switch_case":
        return True
    if parent.type != "array":
        return False
    around = parent.parent
    if around is not None and around.type == "arguments" and around.parent is not None:
        constructor = around.parent.child_by_field_name("constructor")
        return (
            constructor is not None
            and around.parent.type == "new_expression"
            and text_of(constructor) in ("Set", "Map")
        )
    if around is not None and around.type == "member_expression":
        prop = around.child_by_field_name("property")
        return prop is not None and text_of(prop) in _MEMBERSHIP
    if around is not None and around.type in ("variable_declarator", "as_expression", "satisfies_expression"):
        declarator = around if around.type == "variable_declarator" else around.parent
        name = declarator.child_by_field_name("name") if declarator is not None else None
        if name is None or name.type != "identifier":
            return False
        return any(
            ref.parent is not None
            and ref.parent.type == "member_expression"
            and ref.parent.child_by_field_name("object") == ref
            and text_of(ref.parent.child_by_field_name("property")) in _MEMBERSHIP
            for ref in module.references.get(text_of(name), [])
        )
    return False


def _continues_stored(request: Request) -> bool:
    """A request tied to what the server stores (`previous_response_id: first.id`, `store: true` read back by
    `chat.completions.retrieve`): it stays with the client that made or reads it, not on a ByteSpike client split
    off beside it."""
    return any(
        name == "previous_response_id"
        or (name == "store" and part.type == "pair" and text_of(part.child_by_field_name("value")) == "true")
        for name, part in _properties(_first_options(request.call))
    )


def _first_options(call: Node) -> Node | None:
    """A call's first argument, where it is an object literal (a request's options)."""
    given = call.child_by_field_name("arguments")
    first = unwrap(next((a for a in given.named_children if a.type != "comment"), None)) if given else None
    return first if first is not None and first.type == "object" else None


def _properties(node: Node | None) -> Iterator[tuple[str, Node]]:
    """(name, part) of an object literal's properties (`{ model: m }`, `{ model }`), quotes taken off."""
    node = unwrap(node)
    for part in node.named_children if node is not None and node.type == "object" else []:
        if part.type == "pair" and (key := part.child_by_field_name("key")) is not None:
            yield text_of(key).strip("\"'"), part
        elif part.type == "shorthand_property_identifier":
            yield text_of(part), part


def _property(node: Node | None, name: str) -> Node | None:
    """The value of an object literal's property `name` (`{ providerOptions: { … } }`), or None."""
    part = next((part for found, part in _properties(node) if found == name and part.type == "pair"), None)
    return unwrap(part.child_by_field_name("value")) if part is not None else None


def _is_key(node: Node) -> bool:
    """A string that is the key of an object's property (`{ "gpt-4o": 4000 }`)."""
    parent = node.parent
    return parent is not None and parent.type == "pair" and parent.child_by_field_name("key") == node


def _named(client: Client) -> str:
    return f"{client.split_from} (its other calls)" if client.kind == "split" else client.display


def _why(client: Client) -> str:
    return _WHY.get(client.kept, f"stays on {PROVIDER}")


def _held_url(module: Module, node: Node) -> str | None:
    """The URL a `const` of the module holds, where `node` names it (`baseURL: BASE_URL`); None otherwise."""
    if node.type != "identifier":
        return None
    bindings = [
        b for b in module.bindings.get(text_of(node), []) if b.scope.start_byte <= node.start_byte < b.scope.end_byte
    ]
    if len(bindings) != 1 or bindings[0].value is None:
        return None
    declarator = bindings[0].value.parent
    declaration = declarator.parent if declarator is not None else None
    if declarator is None or declarator.type != "variable_declarator" or declaration is None:
        return None
    if not text_of(declaration).startswith("const"):
        return None
    value = unwrap(bindings[0].value)
    content = string_content(value) if value is not None else None
    return content[0] if content is not None and content[3] else None


def _tests_presence(ref: Node) -> bool:
    """Whether a reference only tests that its value is set (`if (!apiKey) throw …`, `apiKey ? … : …`,
    `apiKey === undefined`): a guard of the client the value feeds, which tests what the client reads."""
    node, parent = ref, ref.parent
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "unary_expression" and text_of(parent).startswith("!"):
        return True  # `!apiKey`: whether it is set, wherever it stands
    if parent.type in ("if_statement", "ternary_expression", "while_statement"):
        return parent.child_by_field_name("condition") == node
    if parent.type == "binary_expression":
        operator = parent.child_by_field_name("operator")
        other = parent.child_by_field_name("right" if parent.child_by_field_name("left") == node else "left")
        return (
            operator is not None
            and text_of(operator) in ("===", "!==", "==", "!=")
            and other is not None
            and text_of(other) in ("undefined", "null", '""', "''")
        )
    return False


def _site(request: Request, here: Module | None) -> str:
    line = request.module.position(request.call)[0]
    where = f"line {line}" if request.module is here else f"{request.module.path}:{line}"
    tool = ""
    if request.tool:
        tool = " with a stored file" if request.tool == "stored file" else f" with its {request.tool} tool"
    # An AI SDK provider's call (`openai(model)`) has no method path: its callee names it.
    function = request.call.child_by_field_name("function")
    name = ".".join(request.path) or (f"{text_of(function)}(…)" if function is not None else "")
    return f"{name}{tool} ({where})"


def _insert_properties(module: Module, obj: Node, props: list[str]) -> None:
    """Add `props` to an object literal in its own layout: one per line with the same indentation and
    trailing-comma habit, or inline."""
    text = module.source.text
    newline = module.source.newline
    items = [c for c in obj.named_children if c.type != "comment"]
    open_, close = module.start(obj), module.end(obj) - 1
    if not items:
        if not text[open_ + 1 : close].strip():
            module.edits.append(Edit(open_ + 1, close, " " + ", ".join(props) + " ", "client-arguments"))
        else:
            module.edits.append(Edit(open_ + 1, open_ + 1, " " + ", ".join(props) + ",", "client-arguments"))
        return
    first_start, last_end = module.start(items[0]), module.end(items[-1])
    after = last_end
    while after < close and text[after] in " \t":
        after += 1
    comma = after < close and text[after] == ","
    multiline = "\n" in text[open_:first_start] or "\r" in text[open_:first_start]
    if not multiline:
        if comma:
            module.edits.append(Edit(after + 1, after + 1, " " + ", ".join(props) + ",", "client-arguments"))
        else:
            module.edits.append(Edit(last_end, last_end, ", " + ", ".join(props), "client-arguments"))
        return
    line_start = max(text.rfind("\n", 0, first_start), text.rfind("\r", 0, first_start)) + 1
    indent = text[line_start:first_start]
    if indent.strip():
        indent = "  "
    anchor = after + 1 if comma else last_end
    line_end = len(text)
    for mark in ("\r", "\n"):
        found = text.find(mark, anchor)
        if found != -1:
            line_end = min(line_end, found)
    rest = text[anchor:line_end].strip()
    position = line_end if (not rest or rest.startswith("//")) and line_end <= close else anchor
    if comma:
        module.edits.append(
            Edit(position, position, "".join(newline + indent + p + "," for p in props), "client-arguments")
        )
        return
    lines = ("," + newline + indent).join(props)
    if position == anchor:
        module.edits.append(Edit(anchor, anchor, "," + newline + indent + lines, "client-arguments"))
    else:
        module.edits.append(Edit(anchor, anchor, ",", "client-arguments"))
        module.edits.append(Edit(position, position, newline + indent + lines, "client-arguments"))


# The ids @ai-sdk/openai takes for reasoning models (its `isReasoningModel`: o-series, and gpt-5 but not gpt-5-chat
# from 1.3.24 on).
_REASONING = re.compile(r"(?:o\d|gpt-5(?!-chat))")


class _IdDecision:
    """The mapped model id literals of a TypeScript project, decided together: an id that reaches a client that
    stays stays, and the moving clients it also reaches then stay too (`hold_shared`); then each value moves or
    stays (`move_values`), and a lookup table's keys (`move_keys`) and literal types (`move_types`) follow the
    values of their id. A literal type is a use of the ids it lists, not a flow: it joins nothing."""

    def __init__(self, migration: Migration, values: list[tuple[Module, Literal, str]]) -> None:
        self.migration = migration
        self.project = migration.project
        self.reverse = migration.reverse
        self.values = values
        self.raw = migration.raw_requests()
        self.reach = {id(lit): self.project.reach(module, lit.node) for module, lit, _ in values}
        self.reported: set[int] = set()
        self.staying_ids: set[str] = set()
        self.moved_ids: set[str] = set()
        self.keys: list[tuple[Module, Literal, str]] = []  # `{ "gpt-4o": 4000 }`: decided after the values
        # What a test's assertion expects (`expect.objectContaining({ model: "gpt-4o-mini" })`): a use of the id,
        # mapped when its values all moved, as a key is.
        self.asserted: list[tuple[Module, Literal, str]] = []
        self.moved_here: set[tuple[str, str]] = set()  # (module, id) of the values that moved
        self.staying_here: set[tuple[str, str]] = set()  # (module, id) of the values that stay
        self._unknown_kept: list[Client] | None = None
        # id -> a client that stays whose requests take it, and where: read once the clients are settled.
        self._kept_values: dict[str, tuple[Client, str]] | None = None
        self._env_readers: dict[str, list[Client]] | None = None  # variable -> the clients whose models read it
        self.moved_keys: set[str] = set()  # the ids of the lookup tables' keys that moved
        self._lookups: dict[tuple[str, int], bool] = {}  # (module, table): looked up by values from outside
        # Ids that stay everywhere: some of their values stay, and one is tested against another value for
        # equality (`models.find((x) => x.id === id)`), which would no longer agree. Id -> why.
        self.compared_ids: dict[str, str] = {}

    def kept_clients(self) -> list[Client]:
        """The clients that stay (for any reason) whose requests could take an id the tool cannot trace:
        those whose model comes from where the tool cannot follow (a client whose requests name their own
        model cannot). As in Python, such requests and the ids no followed request takes stay together."""
        if self._unknown_kept is None:
            project = self.project
            self._unknown_kept = [
                c
                for c in project.clients
                if c.kept == "unknown model"
                or (
                    c.kept
                    and c.kind != "lookalike"
                    and any(not r.family and project.model_source(r) is not None for r in c.requests)
                )
            ]
        return self._unknown_kept

    def why_stays(self, module: Module, literal: Literal) -> str | None:
        """Why a value literal keeps its OpenAI id, or None when it moves."""
        if module.broken is not None:
            return "its module does not parse"
        if literal.value in self.compared_ids:
            return self.compared_ids[literal.value]
        found = self.reach[id(literal)]
        reason = self._kept_by_requests(module, literal, found)
        if reason is not None or self.reverse:
            return reason
        reason = self._kept_by_surroundings(module, literal, found)
        if reason is not None or found.clients:
            return reason
        return self._kept_unreached(module, literal, found)

    def _kept_by_requests(self, module: Module, literal: Literal, found: Reach) -> str | None:
        """Whether the requests a literal reaches, or is compared with, keep it."""
        clients = found.clients
        if not clients and found.looked_up:
            # `prices[model]` on a table read from a file or an API: its keys stay OpenAI's, and so does the
            # id that looks them up (the lookup would find nothing).
            return (
                f"it is a key looked up in data the tool does not rewrite ({found.looked_up[0]}), which "
                f"keeps {PROVIDER}'s ids"
            )
        if found.external and not self.reverse:
            return (
                f"it is sent on the client given as {found.external[0]} by code outside the repository (nothing "
                f"here calls it), most likely {PROVIDER}'s own"
            )
        kept = [c for c in clients if c.kept]
        if kept:
            return f"it reaches requests of client `{kept[0].display}`, which {_why(kept[0])}"
        compared = self.project.compared_reach(module, literal.node) if not clients and not self.reverse else None
        kept = [c for c in compared.clients if c.kept] if compared is not None else []
        if kept:
            # `modelName === "gpt-4o"` where modelName goes to a client that stays: mapped, the test would no longer
            # match what that client is still given.
            return (
                f"it is compared with a value that reaches requests of client `{kept[0].display}`, which "
                f"{_why(kept[0])}"
            )
        return None

    def _kept_by_surroundings(self, module: Module, literal: Literal, found: Reach) -> str | None:
        """Whether where a literal is written keeps it: a request made without the SDK, code the tool cannot
        follow, an object that names an endpoint."""
        rules = self.migration.rules
        if found.raw:
            return f"it is the model of a request made without the SDK ({found.raw[0]}), which stays on {PROVIDER}"
        if found.handed:
            return f"it is handed to {found.handed[0]}, which the tool cannot follow"
        endpoint = _openai_endpoint_beside(module, literal.node, rules)
        if endpoint is not None:
            return f"the object it stands in names {PROVIDER}'s endpoint itself ({endpoint})"
        elsewhere = _other_endpoint_beside(module, literal.node, rules)
        if elsewhere is not None:
            return f"the object it stands in names another server's endpoint ({elsewhere}), which keeps its own ids"
        handed = _handed_to(module, literal.node) if found.lost and not found.clients else None
        if handed is not None:
            # `azure("gpt-5")`, `generateText({ model: "openai/gpt-5-nano" })` (the AI Gateway): a model
            # handed to code the tool does not follow goes where nobody here can tell, as in Python.
            return f"it is handed to `{module.short(handed, 50)}`, which the tool cannot follow"
        return None

    def _kept_unreached(self, module: Module, literal: Literal, found: Reach) -> str | None:
        """Whether a literal that reaches no client stays: where it may go instead stays on OpenAI."""
        project, rules, raw = self.project, self.migration.rules, self.raw
        # Where it goes may be a request made without the SDK, which stays on OpenAI (as in Python). A bare base
        # URL (`endpoint || "https://api.openai.com/v1"`) is as likely a client's endpoint: it is named last.
        routes = [r for r in raw if r not in self.migration.raw_bases]
        if routes:
            return self._raw_reason(module, routes)
        if project.orphans_held:
            return project.orphans_held
        if rules.models.split_prefix(literal.value)[0]:
            # `"openai/gpt-4o"`, `"openai:gpt-4o"` that no client of the repository sends: an OpenAI client takes no
            # prefixed id, so it is a router's or gateway's (OpenRouter's catalog, the AI Gateway) or a framework's
            # that makes its own client (which stays on OpenAI), and keeps its id.
            return "it names a model the way a router, gateway or framework does, which no client here sends"
        if not any(not c.kept and c.kind != "lookalike" for c in project.clients):
            # An id no request of the repository's TypeScript takes, where no client moves: where it goes (a
            # backend it is posted to, a dashboard keyed by it) stays on OpenAI too, as in Python.
            return (
                "it reaches no request the tool can follow, and no JavaScript or TypeScript client of the "
                "repository moves to ByteSpike"
            )
        if self._kept_values is not None and literal.value in self._kept_values and _is_tested(module, literal.node):
            # `new Set(["gpt-4o"]).has(m.value)` where `m` comes from a list whose "gpt-4o" a kept client takes: the
            # test is a use of the ids it is given, which the tool cannot follow; mapped, it would never match.
            client, where = self._kept_values[literal.value]
            return (
                f"it is tested against values the tool cannot follow, and requests of client `{client.display}`, which "
                f"{_why(client)}, take {literal.value!r} ({where})"
            )
        if found.lost and self.kept_clients():
            first = self.kept_clients()[0]
            more = f" (and {len(self.kept_clients()) - 1} more)" if len(self.kept_clients()) > 1 else ""
            return (
                f"it goes where the tool cannot follow, and client `{first.display}` "
                f"({first.module.path}:{first.module.position(first.node)[0]}){more} {_why(first)}"
            )
        return self._raw_reason(module, raw) if raw else None

    @staticmethod
    def _raw_reason(module: Module, raw: list[str]) -> str:
        """The request made without the SDK nearest a value (the same module, else the deepest shared folder)."""
        nearest = max(raw, key=lambda r: (r.startswith(module.path + ":"), _shared_depth(r, module.path)))
        return f"it may be the model of a request made without the SDK ({nearest}), which stays on {PROVIDER}"

    def hold_shared(self) -> None:
        """An id that reaches a kept client stays, and the moving clients it also reaches then stay too; so does
        a model read from an environment variable that a kept client's request reads (`_hold_env_shared`)."""
        changed = True
        while changed:
            changed = self._hold_env_shared() or self._hold_file_shared() or self._hold_compared()
            for module, literal, _ in self.values:
                reason = self.why_stays(module, literal)
                moving = [c for c in self.reach[id(literal)].clients if not c.kept]
                if reason is None or not moving or self.reverse:
                    continue
                for client in moving:
                    self._keep_shared(
                        client,
                        f"model id {literal.value!r} ({module.path}:{module.position(literal.node)[0]}) that its "
                        "requests use stays",
                    )
                self.reported.add(id(literal))
                self.migration.report(
                    module,
                    literal.node,
                    "model-shared",
                    f"model id {literal.value!r} stays ({reason}) and reaches requests of "
                    f"{', '.join(_named(c) for c in moving)}, which stay with it; give each client its own "
                    "constant to migrate the others",
                )
                changed = True

    def _hold_compared(self) -> bool:
        """An id some of whose values stay while others move, one of them tested for equality against another
        value (`models.find((x) => x.id === id)` where `id` defaults to a constant a kept client also sends): the
        test would compare a mapped id with an OpenAI one. Every value of that id stays, with the clients they
        reach."""
        if self.reverse:
            return False
        staying: dict[str, str] = {}
        moving: set[str] = set()
        compared: dict[str, str] = {}
        for module, literal, _ in self.values:
            if literal.value in self.compared_ids:
                continue
            reason = self.why_stays(module, literal)
            if reason is None:
                moving.add(literal.value)
            else:
                staying.setdefault(literal.value, f"{module.path}:{module.position(literal.node)[0]}")
            for where in self.reach[id(literal)].compared[:1]:
                compared.setdefault(literal.value, where)
        held = {value: where for value, where in compared.items() if value in staying and value in moving}
        for value, where in held.items():
            self.compared_ids[value] = (
                f"its value is tested for equality against another ({where}), and {value!r} stays at {staying[value]}: "
                "mapped here, the test would compare a ByteSpike id with an OpenAI one"
            )
        return bool(held)

    def _hold_env_shared(self) -> bool:
        """`model: process.env.CHAT_MODEL` in a moving client's request and a kept client's: the env files keep the
        variable's value for the request that stays, so the other would send that id to ByteSpike; it stays too."""
        if self.reverse:
            return False
        if self._env_readers is None:
            self._env_readers = defaultdict(list)
            for client in self.project.clients:
                for request in client.requests:
                    for variable in self.project.model_variables(request):
                        self._env_readers[variable].append(client)
        changed = False
        for variable, clients in self._env_readers.items():
            kept = next((c for c in clients if c.kept), None)
            if kept is None:
                continue
            for client in clients:
                if client.kept or not self.project.env_file_serves_both(variable, client.module, kept.module):
                    continue
                changed = True
                self._keep_shared(
                    client,
                    f"its model comes from the environment variable {variable}, which also gives the model of client "
                    f"`{kept.display}` ({kept.module.path}:{kept.module.position(kept.node)[0]}), which stays: the "
                    f"variable keeps its {PROVIDER} id for it; give each client its own variable to migrate this one",
                )
        return changed

    def _hold_file_shared(self) -> bool:
        """`model: cfg.chatModel` (`import cfg from "./ai.config.json"`) in a moving client's request, where a client
        that stays reads the same file (`cfg.assistantModel`): the resolution decides a data file's ids by file, and
        keeps them all for the client that stays, so the other would send an OpenAI id to ByteSpike; it stays too."""
        if self.reverse:
            return False
        project = self.migration.project
        held = _held_data_files(project)
        changed = False
        for client in project.clients:
            if client.kept or client.kind == "lookalike" or not held:
                continue
            for request in client.requests:
                path = next((p for p in sorted(project.model_data_files(request)) if p in held), None)
                if path is None:
                    continue
                changed = True
                self._keep_shared(
                    client,
                    f"the model of its request {_site(request, client.module)} comes from {path}, which "
                    f"{held[path]}, staying on {PROVIDER}, reads too: the file's ids are decided for the whole file "
                    f"and keep their {PROVIDER} ids for it; give each client its own file to migrate this one",
                )
                break
        return changed

    def _keep_shared(self, client: Client, why: str) -> None:
        """A moving client stays for what it shares with one that stays: said at the client (a split client's
        half, with the client it was split from)."""
        client.kept = "shared"
        if client.kind != "split":
            self.migration.report(
                client.module,
                client.node,
                "client-kept-on-openai",
                f"client `{client.display}` stays on {PROVIDER}: {why}",
            )

    def move_values(self) -> None:
        """Each value moves, or stays with its reason (reported where no request takes it: once per file and reason,
        as Python's orphans)."""
        orphans: dict[tuple[str, str], list[tuple[Module, Literal, str]]] = {}
        self._kept_values = {}
        for module, literal, _ in self.values:
            kept = next((c for c in self.reach[id(literal)].clients if c.kept), None)
            if kept is not None:
                where = f"{module.path}:{module.position(literal.node)[0]}"
                self._kept_values.setdefault(literal.value, (kept, where))
        for module, literal, target in self.values:
            if _is_key(literal.node) and not self.reverse:
                self.keys.append((module, literal, target))
                continue
            if self.asserted_by_a_test(module, literal.node):
                self.asserted.append((module, literal, target))
                continue
            reason = self.why_stays(module, literal)
            if reason is None:
                self.migration._rewrite(module, literal, target)
                self.moved_ids.add(literal.value)
                self.moved_here.add((module.path, literal.value))
                variable = _env_fallback(literal.node)
                parameter = _parameter_default(literal.node) if not self.reverse else None
                if parameter is not None:
                    self.migration.report(
                        module,
                        literal.node,
                        "external-default",
                        f"model id {literal.value!r}, the default of the parameter {parameter}, moves with its "
                        "requests: whoever gives it a model from outside the repository (a caller, a script, the "
                        "environment) must give a ByteSpike id",
                    )
                if variable is not None and not self.reverse:
                    self.migration.report(
                        module,
                        literal.node,
                        "external-default",
                        f"model id {literal.value!r}, the default of the environment variable {variable}, moves "
                        "with its requests: whoever gives it a model from outside the repository (a deployment, "
                        "a script, the environment) must give a ByteSpike id",
                    )
                continue
            self.staying_ids.add(literal.value)
            self.staying_here.add((module.path, literal.value))
            if module.broken is None and id(literal) not in self.reported and self.reach[id(literal)].external:
                self.migration.report(
                    module,
                    literal.node,
                    "external-client",
                    f"model id {literal.value!r} left as is: {reason}; a caller that gives it a ByteSpike client "
                    "must give it a ByteSpike id",
                )
            elif module.broken is None and id(literal) not in self.reported and not self.reach[id(literal)].clients:
                orphans.setdefault((module.path, reason), []).append((module, literal, target))
            for client in self.reach[id(literal)].clients:
                if client.kind == "lookalike" and not client.other_endpoint:
                    client.other_endpoint = "another package"
                    spec = client.module.imports.get(
                        text_of(client.node.child_by_field_name("constructor")), ("another package", "")
                    )[0]
                    self.migration.report(
                        client.module,
                        client.node,
                        "client-kept-on-openai",  # another package's class: no other endpoint is known
                        f"`{client.display}` comes from {spec}, not the {PROVIDER} SDK: left as is, with the "
                        f"model ids of its calls; configure it for ByteSpike ({self.migration.rules.bytespike_url}) "
                        "by hand if it should move",
                    )
        for (_, reason), held in orphans.items():
            module, literal, target = held[0]
            places = list(dict.fromkeys(f"{lit.value!r} (line {m.position(lit.node)[0]})" for m, lit, _ in held))
            if len(places) == 1:
                message = (
                    f"model id {literal.value!r} left as is: {reason}; change it to {target!r} where it reaches a "
                    "ByteSpike client"
                )
            else:
                more = f" and {len(places) - 6} more" if len(places) > 6 else ""
                each = "each " + reason[3:] if reason.startswith("it ") else reason
                message = (
                    f"model ids {', '.join(places[:6])}{more} left as they are: {each}; change them to ByteSpike ids "
                    "where they reach a ByteSpike client"
                )
            self.migration.report(module, literal.node, "dynamic-model", message)  # reaches no request

    def asserted_by_a_test(self, module: Module, node: Node) -> bool:
        """Whether a value is what a test's assertion expects (`expect(x).toBe("gpt-4o")`,
        `expect.objectContaining({ model: "gpt-4o" })`, `assert.equal(m, "gpt-4o")`) of a subject of the repository's
        own (not `expect(new OpenAIModel({ model }).getModelName())`: another package's answer, which keeps its id)."""
        current = node.parent
        while current is not None and current.type not in FUNCTIONS and current.type != "program":
            if current.type == "call_expression":
                root = unwrap(current.child_by_field_name("function"))
                if root is not None and root.type == "identifier" and text_of(root) in _ASSERTIONS:
                    return False  # `expect(subject)`: the value under test, not what is expected of it
                while root is not None and root.type in ("member_expression", "call_expression"):
                    inner = root.child_by_field_name("object") or root.child_by_field_name("function")
                    if root.type == "call_expression" and inner is not None and text_of(inner) in _ASSERTIONS:
                        given = root.child_by_field_name("arguments")
                        if given is not None and any(
                            n.type in ("call_expression", "new_expression") and self.project._package_callee(module, n)
                            for n in walk(given)
                        ):
                            return False  # compared with what another package's code answers
                    root = unwrap(inner)
                if root is not None and root.type == "identifier" and text_of(root) in _ASSERTIONS:
                    return True
            current = current.parent
        return False

    def move_asserted(self) -> None:
        """What a test expects follows the values of its id in its own module (`render(<Name name="gpt-4o" />)`
        then `expect(frame).toContain("gpt-4o")`), else in the whole project."""
        for module, literal, target in self.asserted:
            here = (module.path, literal.value)
            if here in self.moved_here or here in self.staying_here:
                moves = here in self.moved_here and here not in self.staying_here
            else:
                moves = literal.value in self.moved_ids and literal.value not in self.staying_ids
            if module.broken is None and moves:
                self.migration._rewrite(module, literal, target)

    def move_keys(self) -> None:
        # A lookup table's key is a use of the ids it is looked up by: mapped when they all moved, both keys when
        # some moved and some stayed (`Record<ModelName, number>` then needs both), left when none moved. A
        # key whose id no value of the repository names follows the orphans' rule.
        for module, literal, target in self.keys:
            if module.broken is not None:
                continue
            if self._looked_up_from_outside(module, literal):
                # `MAX_TOKENS[model]` where callers outside the repository give the model: they keep sending the
                # OpenAI id, so its key stays, and the ByteSpike id's beside it where the id moved elsewhere.
                self.staying_ids.add(literal.value)
            if literal.value in self.moved_ids and literal.value in self.staying_ids:
                self.migration._gain_key(module, literal, target)
            elif literal.value in self.moved_ids or (
                literal.value not in self.staying_ids and self.why_stays(module, literal) is None
            ):
                self.migration._rewrite(module, literal, target)
                self.moved_keys.add(literal.value)

    def _looked_up_from_outside(self, module: Module, literal: Literal) -> bool:
        """Whether a key's table is looked up by a value that may come from outside the repository."""
        table = literal.node.parent.parent if literal.node.parent is not None else None
        if table is None:
            return False
        where = (module.path, table.start_byte)
        if where not in self._lookups:
            self._lookups[where] = bool(self.project.lookup_sources(module, table))
        return self._lookups[where]

    def move_types(self, types: list[tuple[Module, Literal, str]]) -> None:
        # A literal type follows the values of its id: mapped when they all moved, both ids when some moved
        # and some stayed (each value still type-checks), left when none moved (the type is the API of values
        # the tool does not see). An id no value names follows its keys (`Record<ModelName, string>` keyed by it).
        moved = self.moved_ids | self.moved_keys
        for module, literal, target in types:
            if module.broken is None and literal.exact and (literal.value in moved or self.reverse):
                if literal.value not in self.staying_ids:
                    self.migration._rewrite(module, literal, target)
                elif not self.reverse:
                    quote = module.source.text[literal.start - 1] if literal.start > 0 else '"'
                    module.edits.append(Edit(literal.end, literal.end, f"{quote} | {quote}{target}", "model-id"))
