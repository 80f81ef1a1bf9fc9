"""Running the resolution (resolve/resolution.py) between the runner's first pass and its reports.

`cohere` gathers the first pass's facts and the model ids configuration files would map, resolves them (once
per repository state: the cache remembers it), redoes the files whose plan holds something back, and decides
what env, compose and CI files do with the provider's variables given who still reads them (docs/design.md).
"""

from __future__ import annotations

import ast
import itertools
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from migrate_cli.formats.dotenv import serves
from migrate_cli.formats.notebook import code_of
from migrate_cli.formats.values import defines, is_turbo_config, passes_through
from migrate_cli.pipeline.handlers import CODE_KINDS, CONFIG_KINDS, DATA_KINDS, ENV_KINDS
from migrate_cli.pipeline.result import FileResult, PlannedItem, WorkItem
from migrate_cli.pipeline.ruleset import is_pytest_module
from migrate_cli.pipeline.source import LineIndex
from migrate_cli.python.env_writes import asks_anew, sets_variable, setter_functions
from migrate_cli.python.facts import MODULE_CLIENT, ModuleFacts, _resolve_relative, module_name
from migrate_cli.reporters.findings import PROVIDER, Finding
from migrate_cli.resolve.resolution import UNREWRITTEN, ConfigValue, FilePlan, Modules, Resolution, resolve

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from migrate_cli.pipeline.discovery import Discovery
    from migrate_cli.pipeline.result import EditRecord
    from migrate_cli.pipeline.ruleset import Ruleset

# -- running it: the runner's step between the first pass and the reports --------------------------------

_DOCS = (".md", ".rst", ".txt", ".adoc", ".html", ".htm", ".ipynb")
KEY_VARIABLE = b"OPENAI_API_KEY"
URL_VARIABLES = (b"OPENAI_BASE_URL", b"OPENAI_API_BASE")


@dataclass(frozen=True)
class EnvDecision:
    """What env files do with OpenAI's variables, given who still reads them after the rewrite."""

    key_readers: tuple[str, ...]  # who still reads OPENAI_API_KEY (empty: rename it)
    url_readers: tuple[str, ...]  # who still reads OPENAI_BASE_URL / OPENAI_API_BASE (empty: point it at ByteSpike)
    add_key: bool  # a ByteSpike key is needed beside a kept OPENAI_API_KEY
    held: tuple[str, ...] = ()  # other variables read by what stays (CrewAI's BASE_URL): left as they are
    # Files no rule edits that set the key for the commands they run (a Makefile's `OPENAI_API_KEY=x pytest`, a
    # Dockerfile's `ENV`): (path, line, column).
    setters: tuple[tuple[str, int, int], ...] = ()
    served: bool = True  # False: none of the code it serves moves, so none of its variables do
    # A pydantic-settings class that reads the file and forbids variables it does not declare ("settings.py:5"):
    # a line added there stops the program at start.
    strict: str = ""


# A script that runs other code of the repository by path, or as a module.
LOADS_CODE = re.compile(rb"\b(?:spec_from_file_location|run_path|run_module|exec_module|import_module)\(")


def _is_env_file(path: str) -> bool:
    from migrate_cli.pipeline.handlers import handler_for

    handler = handler_for(path)
    return handler is not None and handler.role == "env"


def _config_values(name: str, data: bytes, result: FileResult) -> list[ConfigValue]:
    """The model ids a configuration file would map, and those with no mapping it gives a variable (`CHAT_MODEL=gpt-4`
    in `.env.example`, `CHAT_MODEL: gpt-3.5-turbo` in a compose file: the requests reading it stay with it)."""
    unmapped = [f for f in result.findings if f.code == "unmapped-model"]
    ids = [e for e in result.edits if e.kind == "model-id"]
    if not ids and not unmapped:
        return []
    lines = data.decode("utf-8", "replace").splitlines()
    endpoint = _is_env_file(result.path) and any(e.kind == "base-url" for e in result.edits)
    values = [
        ConfigValue(
            result.path,
            e.line,
            e.column,
            _whole_id(data, e),
            _variable_at(name, lines, e.line, e.column),
            beside_endpoint=endpoint,
        )
        for e in ids
    ]
    for finding in unmapped:
        line = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
        at = end = finding.column - 1
        while end < len(line) and line[end] in _ID_CHARACTERS:
            end += 1
        variable = _variable_at(name, lines, finding.line, finding.column)
        if variable and end > at:
            values.append(ConfigValue(result.path, finding.line, finding.column, line[at:end], variable, unmapped=True))
    return values


def _variable_at(kind: str, lines: list[str], line: int, column: int) -> str | None:
    """The environment variable a value at (line, column) is set for: an env file's `NAME=`, or a compose, CI or
    settings file's `NAME:` before it (the variable the program reads by that name)."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if kind in ENV_KINDS:
        return text.split("=", 1)[0].strip().removeprefix("export").strip() or None
    match = _ENV_KEY.match(text)
    return match.group(1) if match and match.end() <= column else None


_ENV_KEY = re.compile(r"""[ \t]*(?:-[ \t]+)?["']?([A-Z][A-Z0-9_]*)["']?[ \t]*[:=]""")
_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:/-")


def _whole_id(data: bytes, edit: EditRecord) -> str:
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


def _variables(rules: Ruleset | None) -> tuple[bytes, tuple[bytes, ...]]:
    """The provider's key variable and URL variables (OPENAI_API_KEY; OPENAI_BASE_URL, OPENAI_API_BASE)."""
    if rules is None or rules.provider == "openai":
        return KEY_VARIABLE, URL_VARIABLES
    return rules.openai_key_env.encode(), tuple(v.encode() for v in rules.url_variables)


def _reads(data: bytes, names: tuple[bytes, ...]) -> bool:
    upper = data.upper() if names[0].lower().split(b"_")[0] + b"_" in data else data
    return any(n in upper for n in names)


def _python_reads(data: bytes, names: tuple[bytes, ...]) -> bool:
    """`_reads` for Python code: a string that is the variable's name (`os.getenv("OPENAI_API_KEY")`,
    `KEY_VAR = "OPENAI_API_KEY"`), a shell's `$OPENAI_API_KEY`, or a name spelled like it (a settings class's
    `openai_api_key` field reads it); not a message that mentions it (`print("Please set OPENAI_API_KEY")`), a
    comment or a docstring. Code that does not parse is read as text."""
    if not _reads(data, names):
        return False
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    wanted = {n.decode() for n in names}
    shell = re.compile(r"\$\{?(" + "|".join(re.escape(n) for n in sorted(wanted)) + r")\b")
    prose = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    setters = setter_functions(tree)
    # A statement that sets the variable by asking for it (`_set_env("OPENAI_API_KEY")`, `os.environ[…] = getpass()`)
    # sets it for what reads it; it reads nothing (the env-writes rule renames it where nothing else does).
    setting = {
        id(node)
        for stmt in tree.body
        if any(sets_variable(stmt, n, setters) and asks_anew(stmt, n) for n in wanted)
        for node in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in setting:
            continue
        if isinstance(node, ast.Constant):
            text = node.value if isinstance(node.value, str) and id(node) not in prose else ""
            if text.strip().upper() in wanted or shell.search(text):
                return True
            continue
        spelled = (
            node.id
            if isinstance(node, ast.Name)
            else node.attr
            if isinstance(node, ast.Attribute)
            else node.arg
            if isinstance(node, (ast.arg, ast.keyword))
            else None
        )
        if spelled and spelled.upper() in wanted:
            return True
    return False


def cohere(
    items: list[WorkItem],
    results: list[FileResult],
    rules: Ruleset,
    found: Discovery,
    env_readers: list[str],
    rerun: Callable[[Sequence[WorkItem | PlannedItem]], list[FileResult]],
    context: list[ModuleFacts] | None = None,
    others: list[tuple[str, str, bytes]] | None = None,
    remember: Callable[[str, bytes, Callable[[], Resolution]], Resolution] | None = None,
    rerun_typescript: Callable[[str], list[FileResult]] | None = None,
) -> list[FileResult]:
    """Resolve the first pass's facts across the repository, and redo the files whose plan holds
    something back; `rerun` processes (kind, path, bytes, plan) items like the first pass did. `context`:
    facts of the repository's other modules, when only some of its files are looked at; `others`: the
    Python files the byte search passed over, as the runner read them; `remember(what, inputs, compute)`:
    the cache's (pipeline/cache.py), for the resolution; `rerun_typescript(reason)`: the TypeScript results again, with
    the ids no request takes held for `reason` (the Python requests the tool cannot follow stay).

    In four steps: the facts (`_gather`), one resolution (`_resolve_once`), the code files again with their
    plans (`_redo_code`), then the env, compose, CI and configuration files with what still reads their
    variables (`_redo_configuration`)."""
    gathered = _gather(items, results, rules, rerun, context, others, found)
    if gathered is None:  # no Python client or request anywhere: the configuration files' own rules stand
        if not rules.reverse:
            moving = _moving_folders(items, results, rules)
            results.extend(_ignored_env_files(found, moving, rules))
            _keys_where_nothing_moves(items, results, rerun)
            setters = _key_setters(items, results, moving, _variables(rules)[0])
            _Redo(items, results, {shown: FilePlan(sets_key_for_moved_code=True) for shown in setters}, rerun)(setters)
            # (TypeScript alone: `if (!process.env.OPENAI_API_KEY) return …` before a client that moved)
            _key_check_findings(items, results, moving, rules, _variables(rules)[0])
        return results
    facts, config_values, code_moved = gathered
    resolution = _resolve_once(facts, config_values, rules, code_moved, remember)
    if resolution.orphans_held and rerun_typescript is not None:
        # One group in every language (docs/design.md): TypeScript's orphans stay with Python's.
        typescript = [i for i, item in enumerate(items) if item.kind == "typescript"]
        if any(results[i].changed for i in typescript):
            for i, result in zip(typescript, rerun_typescript(resolution.orphans_held)):
                result.facts = None
                results[i] = result
    redo = _Redo(items, results, resolution.plans, rerun)
    _redo_code(redo)
    _redo_configuration(redo, resolution, facts, config_values, rules, found, env_readers, context, code_moved)
    return results


_SETTINGS_ENV_FILE = re.compile(rb"""env_file\s*=\s*["']([^"']+)["']""")


def _strict_settings(items: list[WorkItem]) -> list[tuple[str, str, str]]:
    """pydantic-settings classes that read an env file (`SettingsConfigDict(env_file=".env")`) and forbid the
    variables they do not declare (pydantic-settings' default, `extra="forbid"`): (file name, module folder,
    "path:line")."""
    found = []
    for kind, shown, data in items:
        if kind != "python" or b"BaseSettings" not in data or b"env_file" not in data:
            continue
        if re.search(rb"""extra\s*=\s*["'](?:ignore|allow)["']""", data):
            continue
        for match in _SETTINGS_ENV_FILE.finditer(data):
            line = data.count(b"\n", 0, match.start()) + 1
            found.append((match.group(1).decode("utf-8", "replace"), _folder(shown), f"{shown}:{line}"))
    return found


def _reads_env_file(env_file: str, name: str, folder: str) -> bool:
    """Whether a settings class of `folder` that names `name` (relative to where the program runs) reads it."""
    target = posixpath.normpath(posixpath.join(folder, name))
    base, wanted = env_file.rsplit("/", 1)[-1], name.rsplit("/", 1)[-1]
    # (its template too: `.env.example` is copied to `.env`)
    named = base == wanted or base.startswith(wanted + ".")
    return env_file == target or (named and serves(_folder(env_file), folder))


def _key_setters(items: list[WorkItem], results: list[FileResult], moving: set[str], key_variable: bytes) -> list[str]:
    """The Python files, unchanged by the run, that set the key for code that now reads the ByteSpike key: the key
    they set gets its twin (`os.environ.setdefault("OPENAI_API_KEY", "foo")`). A conftest.py or a test sets it for
    the code the tests import, from anywhere in the repository; a script that sets it and then runs code it loads by
    path (`spec_from_file_location`, `runpy`) may run any of the repository's."""
    found = []
    for (kind, shown, data), result in zip(items, results):
        if kind != "python" or key_variable not in data or result.changed:
            continue
        # A test (`monkeypatch.setenv("OPENAI_API_KEY", "test")`, a conftest.py's `os.environ[…] = "test"`) sets it for
        # the code it imports, from any folder of the repository.
        tests = is_pytest_module(shown)
        if (tests and moving) or (moving and LOADS_CODE.search(data)):
            found.append(shown)
    return found


def _keys_where_nothing_moves(
    items: list[WorkItem],
    results: list[FileResult],
    rerun: Callable[[Sequence[WorkItem | PlannedItem]], list[FileResult]],
) -> None:
    """A deploy or data file's OPENAI_API_KEY (render.yaml's `- key: OPENAI_API_KEY`) in a repository that has code
    and none of it moves: that code still reads the variable (a framework the tool does not move reads it itself:
    LangChain's `create_agent(model="openai:…")`), so the variable stays, as a data file's endpoint does there."""
    if not any(kind in CODE_KINDS for kind, _, _ in items):
        return
    if any(result.changed for (kind, _, _), result in zip(items, results) if kind in CODE_KINDS):
        return
    keys = [
        item.shown
        for item, result in zip(items, results)
        if item.kind in DATA_KINDS and any(e.kind == "api-key" for e in result.edits)
    ]
    if keys:
        _Redo(items, results, {shown: FilePlan(env=_UNSERVED) for shown in keys}, rerun)(keys)


class _Redo:
    """Runs files again with their plans, in place in `results`."""

    def __init__(
        self,
        items: list[WorkItem],
        results: list[FileResult],
        plans: dict[str, FilePlan],
        rerun: Callable[[Sequence[WorkItem | PlannedItem]], list[FileResult]],
    ) -> None:
        self.items, self.results, self.plans, self.rerun = items, results, plans, rerun
        self.index = {item.shown: i for i, item in enumerate(items)}

    def kind(self, path: str) -> str | None:
        return self.items[self.index[path]].kind if path in self.index else None

    def __call__(self, paths: list[str]) -> None:
        items, index = self.items, self.index
        todo = [PlannedItem(*items[index[p]], self.plans[p]) for p in paths]
        for path, result in zip(paths, self.rerun(todo)):
            result.facts = None
            self.results[index[path]] = result


def _gather(
    items: list[WorkItem],
    results: list[FileResult],
    rules: Ruleset,
    rerun: Callable[[Sequence[WorkItem | PlannedItem]], list[FileResult]],
    context: list[ModuleFacts] | None,
    others: list[tuple[str, str, bytes]] | None,
    found: Discovery | None = None,
) -> tuple[list[ModuleFacts], list[ConfigValue], bool] | None:
    """The facts of every module the resolution reads, the model ids configuration files would map (and those
    files the tool does not edit set: `_container_values`), and whether code moved somewhere; None when there is
    nothing to resolve."""
    facts, config_values = _first_pass_facts(items, results, rules, context, found)
    config_values = _mark_unread(config_values, items, others, found)
    if any(result.changed for (name, _, _), result in zip(items, results) if name in CONFIG_KINDS):
        # Env files follow what still reads them (docs/design.md), frameworks that read OpenAI's variables
        # without naming OpenAI in the file (CrewAI's `Agent()`, `completion(model=settings.model)`) too.
        readers = _framework_files(items, rules, others)
        if readers:
            # Not rewritten in this run: what they hold stays as it is, and reads what it reads now.
            facts.extend(_unmoved(r.facts) for r in rerun(readers) if r.facts is not None)
    # Code that moved somewhere (TypeScript decides its own clients): the ids no request takes move with it.
    # With none, they stay as they are (docs/design.md): a `model: gpt-4o` nothing here reads stays.
    code_moved = any(result.changed for (name, _, _), result in zip(items, results) if name in CODE_KINDS)
    if not facts and _nothing_to_resolve(items, results, rules, config_values, code_moved):
        return None
    if others and any(r.receiver == MODULE_CLIENT for f in facts for r in f.requests):
        # The module client is one per program; which modules form a program takes the imports of the
        # modules the byte search passed over too (a `main.py` that imports two others).
        seen = {item.shown for item in items}
        facts.extend(
            ModuleFacts(shown, module_name(shown), imports=import_names(shown, data))
            for _, shown, data in others
            if shown not in seen
        )
    facts = _served_elsewhere(facts, items, rules)
    return facts, config_values, code_moved


def _mark_unread(
    values: list[ConfigValue],
    items: list[WorkItem],
    others: list[tuple[str, str, bytes]] | None,
    found: Discovery | None,
) -> list[ConfigValue]:
    """Marks the ids of records: data files whose name no code of the repository mentions and whose path says
    they are what a run wrote (`original_results/…json`, `outputs/`, `logs/`), or one of many such files in one
    folder. No reader the tool can see moves, so they stay (docs/design.md). Other unnamed configuration files
    (a proxy's or another tool's `config.yaml`) are orphans, which move when the repository's clients do."""
    from migrate_cli.pipeline.datafiles import unnamed
    from migrate_cli.pipeline.handlers import handler_for

    def is_data(path: str) -> bool:
        handler = handler_for(path)
        return handler is not None and handler.name in DATA_KINDS

    paths = sorted({v.path for v in values if v.variable is None and is_data(v.path)})
    if not paths or found is None:
        return values
    seen = {item.shown for item in items} | {shown for _, shown, _ in others or ()}
    code = itertools.chain(
        ((item.shown, item.data) for item in items if item.kind in CODE_KINDS),
        ((shown, data) for _, shown, data in others or ()),
        (
            (absolute, None)
            for absolute, shown, _ in found.files
            if shown not in seen and (h := handler_for(shown)) is not None and h.name in CODE_KINDS
        ),
    )
    unread = unnamed(paths, code)
    per_folder: dict[str, int] = defaultdict(int)
    for path in unread:
        per_folder[posixpath.dirname(path)] += 1
    records = {p for p in unread if _RECORDS.search(p) or per_folder[posixpath.dirname(p)] >= _MANY_RECORDS}
    return [replace(v, unread=True) if v.path in records else v for v in values]


# A path that says its file is what a run wrote, not what the program reads to run.
_RECORDS = re.compile(
    r"(?i)(?:^|[/_.-])(?:results?|outputs?|logs?|runs|records?|leaderboards?|history|transcripts?|predictions?|"
    r"generations?|traces?)(?:[/_.-]|$)"
)
_MANY_RECORDS = 5  # unnamed data files with ids in one folder: written one per run


def _first_pass_facts(
    items: list[WorkItem],
    results: list[FileResult],
    rules: Ruleset,
    context: list[ModuleFacts] | None,
    found: Discovery | None,
) -> tuple[list[ModuleFacts], list[ConfigValue]]:
    """The code's facts as the first pass left them (taken out of the results), and the values of the
    configuration files, each env file's for the code of its folder and below and the code that loads it by its
    path (`load_dotenv("config/.env")`); compose, CI and settings files' for the whole repository."""
    facts = list(context or [])
    config_values: list[ConfigValue] = _container_values(found, rules) if found is not None else []
    for (name, _, data), result in zip(items, results):
        if result.facts is not None:
            facts.append(result.facts)
            result.facts = None
        elif name in CONFIG_KINDS:
            config_values.extend(_config_values(name, data, result))
    named = _named_env_files(items, found) if any(v.variable and _is_env_file(v.path) for v in config_values) else {}
    config_values = [
        replace(v, folders=(_folder(v.path), *sorted(named.get(v.path, ()))))
        if v.variable and _is_env_file(v.path)
        else v
        for v in config_values
    ]
    return facts, config_values


def _nothing_to_resolve(
    items: list[WorkItem],
    results: list[FileResult],
    rules: Ruleset,
    config_values: list[ConfigValue],
    code_moved: bool,
) -> bool:
    """With no Python facts, whether the files' own rules stand: there is no env file, no configuration value
    that stays for want of code, no compose file or CI workflow handing the key to code that moved (TypeScript's,
    which decides its own clients), and no data file's endpoint that the repository's code leaves on OpenAI."""
    if not (code_moved or not config_values) or any(name in ENV_KINDS for name, _, _ in items):
        return False
    key_variable = rules.openai_key_env.encode()
    if code_moved and any(name in DATA_KINDS and key_variable in data for name, _, data in items):
        return False
    # A data file's endpoint where the repository's code stays (`"base_url": "https://api.openai.com/v1"` read by a
    # `fetch` that stays): held with the code (`_held_endpoints`).
    return code_moved or not _code_and_endpoints(items, results)


def _code_and_endpoints(items: list[WorkItem], results: list[FileResult]) -> bool:
    """Whether the run has code, and a data file whose endpoint its own rules would point at ByteSpike."""
    return any(kind in CODE_KINDS for kind, _, _ in items) and any(
        kind in DATA_KINDS and any(e.kind == "base-url" for e in result.edits)
        for (kind, _, _), result in zip(items, results)
    )


def _resolve_once(
    facts: list[ModuleFacts],
    config_values: list[ConfigValue],
    rules: Ruleset,
    code_moved: bool,
    remember: Callable[[str, bytes, Callable[[], Resolution]], Resolution] | None,
) -> Resolution:
    # With no code at all, the configuration files' own rules stand, but for env files: a compose file, a
    # CI workflow or a script still reading OPENAI_API_KEY keeps it (docs/design.md).
    if not facts and (code_moved or not config_values):
        resolution = Resolution({})
    elif remember is None:
        resolution = resolve(facts, config_values, split=rules.split)
    else:  # a warm run (`apply` after `diff`) decides once
        resolution = remember(
            "resolution",
            _fingerprint(facts, config_values, rules.split),
            lambda: resolve(facts, config_values, split=rules.split),
        )
    return resolution


def _redo_code(redo: _Redo) -> None:
    """The Python files and notebooks whose plan holds something back, again with their plans. TypeScript modules
    were decided by their own project (their facts only tell what they read). A Python file whose plan only adds
    findings (`external-default`) keeps its first pass, findings added: analysing it again would change nothing
    else."""
    again = []
    for p, plan in redo.plans.items():
        if not plan or redo.kind(p) in (None, "dotenv", "typescript"):
            continue
        if redo.kind(p) == "python" and plan == FilePlan(findings=plan.findings):
            result = redo.results[redo.index[p]]
            result.findings = sorted(set(result.findings) | set(plan.findings))
            continue
        again.append(p)
    redo(again)


def _redo_configuration(
    redo: _Redo,
    resolution: Resolution,
    facts: list[ModuleFacts],
    config_values: list[ConfigValue],
    rules: Ruleset,
    found: Discovery,
    env_readers: list[str],
    context: list[ModuleFacts] | None,
    code_moved: bool,
) -> None:
    """Env, compose, CI and configuration files, given what still reads their variables once the code moved."""
    items, results, plans = redo.items, redo.results, redo.plans
    # What the code files hold now: a first pass that changed a file the resolution then held whole (an id its
    # kept client sends) moved nothing.
    code_moved = code_moved and any(
        result.changed for (kind, _, _), result in zip(items, results) if kind in CODE_KINDS
    )
    decision = _env_decision(items, results, resolution, found, env_readers, rules)
    key_variable, url_variables = _variables(rules)
    # An env file serves the code of its folder and below: where none of that code now reads the ByteSpike
    # key (a sub-project where nothing moved), its variables stay as they are.
    moving = _moving_folders(items, results, rules)
    named = _named_env_files(items, found)

    def serves(env_file: str) -> bool:
        return _serves(env_file, moving) or bool(named.get(env_file, set()) & moving)

    def under(env_file: str, readers: tuple[str, ...]) -> tuple[str, ...]:
        return _under(env_file, readers) + tuple(
            r for r in readers if _folder(r) in named.get(env_file, set()) and r not in _under(env_file, readers)
        )

    if found is not None and rules is not None and not rules.reverse:
        results.extend(_ignored_env_files(found, moving, rules))
    code = any(kind in CODE_KINDS for kind, _, _ in items) or bool(context)
    strict = _strict_settings(items)
    for kind, shown, _ in items:
        # With no code at all, configuration ids the resolution held (nothing moves) keep their env file too.
        if kind in ENV_KINDS and (code or config_values):
            plan = plans.setdefault(shown, FilePlan())
            if not serves(shown):
                plan.env = _UNSERVED
            else:  # what reads the variables is the code of its folder and below, and code that names it
                plan.env = EnvDecision(
                    under(shown, decision.key_readers),
                    under(shown, decision.url_readers),
                    add_key=bool(under(shown, decision.key_readers)),
                    held=decision.held,
                    strict=next((where for name, folder, where in strict if _reads_env_file(shown, name, folder)), ""),
                )
    held_endpoints = _held_endpoints(items, results, plans, facts, decision, rules, code_moved)
    for path, findings in held_endpoints.items():
        plans.setdefault(path, FilePlan()).findings.extend(findings)
    for shown in _plan_key_settings(items, results, plans, decision, rules, moving, code and not code_moved):
        held_endpoints.setdefault(shown, [])
    if decision.key_readers or decision.url_readers or decision.held:
        followers = [
            item.shown
            for item in items
            if item.kind in CONFIG_KINDS
            and _reads(item.data, (key_variable, *url_variables, *(v.encode() for v in decision.held)))
        ]
        for path in followers:
            plan = plans.setdefault(path, FilePlan())
            if plan.env is None:
                # A compose file or CI workflow hands the ByteSpike key on only to code of its own that moved.
                plan.env = decision if _serves(path, moving) else replace(decision, add_key=False)
        redo(
            sorted(set(followers) | set(held_endpoints) | {p for p in plans if redo.kind(p) in ENV_KINDS and plans[p]})
        )
    else:
        redo(sorted(set(held_endpoints) | {p for p, plan in plans.items() if plan and redo.kind(p) in ENV_KINDS}))
    # On the files as they end (a test that sets the key for moved code is done again above, with its twin).
    _key_findings(items, results, decision, moving, rules, key_variable)


def _plan_key_settings(
    items: list[WorkItem],
    results: list[FileResult],
    plans: dict[str, FilePlan],
    decision: EnvDecision,
    rules: Ruleset,
    moving: set[str],
    nothing_moves: bool,
) -> list[str]:
    """The plans of the files that set the key (to be done again): where nothing reads OPENAI_API_KEY any more, a
    statement that asks for it asks for the ByteSpike key; a test that sets it for moved code gets its twin; where
    code exists and none moves, a deploy or data file's OPENAI_API_KEY stays, whatever reads it (render.yaml's
    `- key:` for a framework the tool does not move, which reads it itself)."""
    again = []
    if not decision.key_readers and not rules.reverse:
        for (kind, shown, _), result in zip(items, results):
            if kind in CODE_KINDS and any(e.kind == "env-write" for e in result.edits):
                plans.setdefault(shown, FilePlan()).renames_key_setters = True
                again.append(shown)
    for shown in _key_setters(items, results, moving, _variables(rules)[0]):
        plans.setdefault(shown, FilePlan()).sets_key_for_moved_code = True
        again.append(shown)
    if nothing_moves:
        for (kind, shown, _), result in zip(items, results):
            if kind in DATA_KINDS and any(e.kind == "api-key" for e in result.edits):
                plans.setdefault(shown, FilePlan()).env = _UNSERVED
                again.append(shown)
    return again


# Env files a project keeps out of git for each developer's own keys (Next.js, Vite, python-dotenv).
_LOCAL_ENV_FILES = (".env", ".env.local", ".env.development", ".env.development.local", ".env.production.local")


def _git_ignores(base: str, relative: str) -> bool:
    import subprocess

    try:
        done = subprocess.run(
            ["git", "check-ignore", "-q", "--", relative], cwd=base or ".", capture_output=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _ignored_env_files(found: Discovery, moving: set[str], rules: Ruleset) -> list[FileResult]:
    """An env file git ignores (`.env.local`, the developer's own keys) that sets the provider's key in a folder
    whose code now reads ByteSpike's: the tool does not edit it, so it says where the ByteSpike key goes. (The
    value is never read out: only whether the variable is set, and where.)"""
    listed = {shown for _, shown, _ in found.files}
    path, shown, _ = found.files[0] if found.files else ("", "", 0)
    base = path[: len(path) - len(shown)] if path.endswith(shown) else ""
    if not base:
        return []
    results = []
    variable, new = rules.openai_key_env.encode(), rules.key_env.encode()
    for folder in sorted(moving):
        for name in _LOCAL_ENV_FILES:
            relative = f"{folder}/{name}" if folder else name
            if relative in listed:
                continue  # a file of the run: its own rules apply
            try:
                with open(base + relative, "rb") as handle:
                    data = handle.read(256 * 1024)
            except OSError:
                continue
            at = re.search(rb"(?m)^[ \t]*(?:export[ \t]+)?" + re.escape(variable) + rb"[ \t]*=", data)
            if at is None or re.search(rb"(?m)^[ \t]*(?:export[ \t]+)?" + re.escape(new) + rb"[ \t]*=", data):
                continue
            if not _git_ignores(base, relative):
                continue  # tracked, or no git here: a file given to a later run, not one kept out of git
            line = data.count(b"\n", 0, at.start()) + 1
            results.append(
                FileResult(
                    relative,
                    findings=[
                        Finding(
                            relative,
                            line,
                            1,
                            "dynamic-config",
                            f"sets {rules.openai_key_env} for this folder's code, which now reads {rules.key_env}: "
                            f"add {rules.key_env} with your ByteSpike key there (git ignores this file, so the tool "
                            "does not edit it)",
                        )
                    ],
                )
            )
    return results


def _key_findings(
    items: list[WorkItem],
    results: list[FileResult],
    decision: EnvDecision,
    moving: set[str],
    rules: Ruleset | None,
    key_variable: bytes,
) -> None:
    """What sets or checks OpenAI's key where code now reads ByteSpike's: a Makefile that sets it for what it
    runs, code that checks it is set."""
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
    if rules is not None:
        _key_check_findings(items, results, moving, rules, key_variable)


def _key_check_findings(
    items: list[WorkItem], results: list[FileResult], moving: set[str], rules: Ruleset, key_variable: bytes
) -> None:
    """Code that checks the provider's key is set, in a folder whose code now reads ByteSpike's."""
    if not rules.reverse:
        for (kind, shown, data), result in zip(items, results):
            # (a test checks the key for the code it imports, from any folder: `_key_setters`)
            test = kind == "python" and is_pytest_module(shown)
            if kind not in CODE_KINDS or not (_serves(shown, moving) or (test and moving)):
                continue
            if kind == "notebook" and not result.changed:
                continue  # a notebook is a program of its own: one where nothing moved still needs OpenAI's key
            text = result.new_data if result.changed and result.new_data is not None else data
            if _key_checks(text, rules.key_env.encode()):
                continue  # it checks the ByteSpike key too (a twin written by the env-writes rule, or by hand)
            for line, column in _key_checks(text, key_variable):
                result.findings.append(
                    Finding(
                        shown,
                        line,
                        column,
                        "dynamic-config",
                        f"checks that {rules.openai_key_env} is set, while the code "
                        + ("it may test" if test and not _serves(shown, moving) else "of its folder")
                        + f" that moved reads {rules.key_env}: check {rules.key_env} here (too, where code that "
                        f"stays still reads {rules.openai_key_env}), or a program given only the ByteSpike key "
                        "stops here",
                    )
                )


def _held_endpoints(
    items: list[WorkItem],
    results: list[FileResult],
    plans: dict[str, FilePlan],
    facts: list[ModuleFacts],
    decision: EnvDecision,
    rules: Ruleset | None,
    code_moved: bool,
) -> dict[str, list[Finding]]:
    """A configuration file's endpoint (`base_url: https://api.openai.com/v1`) moves with what goes there: the
    key and the model ids of its mapping, and the code that reads the file. Where one of them stays, so does
    the endpoint, with the ids of its mapping. And ids in a mapping whose endpoint is another server's stay
    (`_other_endpoint_ids`). Path -> the findings that say why (the edits are held through
    `FilePlan.held_endpoints` and `held_values`)."""
    if rules is None or rules.reverse:
        return {}
    readers: dict[str, list[str]] = defaultdict(list)  # config file -> the modules that read it
    for f in facts:
        for slot in {b for _, b in f.edges} | {x for r in f.requests for x in r.sources}:
            if slot.startswith("cfg|"):
                readers[slot[4:]].append(f.path)
    changed = {shown for (_, shown, _), result in zip(items, results) if result.changed}
    held: dict[str, list[Finding]] = defaultdict(list)
    for (kind, shown, data), result in zip(items, results):
        if kind not in DATA_KINDS:
            continue
        urls = [e for e in result.edits if e.kind == "base-url"]
        if not urls and not any(e.kind in ("model-id", "api-key") for e in result.edits):
            continue
        text = data.decode("utf-8", "replace")
        block = _Blocks(kind, text)
        plan = plans.get(shown)
        _hold_other_endpoint_ids(shown, _other_endpoint_ids(kind, text, result, rules), rules, plans, held)
        reading = [r for p, modules in readers.items() if shown == p or shown.endswith("/" + p) for r in modules]
        staying = [r for r in reading if r not in changed]
        if staying:
            _hold_key_names(shown, _key_names_as_values(text, result, rules), staying[0], rules, plans, held)
        ids = [e for e in result.edits if e.kind == "model-id"]
        held_blocks: dict[tuple[int, int], str] = {}
        for url in urls:
            here = block(url.line, url.column)
            kept = sorted(p for p in (plan.held_values if plan else ()) if block(*p) == here)
            unmapped = [f for f in result.findings if f.code == "unmapped-model" and block(f.line, f.column) == here]
            why: str | None
            if not code_moved and (facts or reading or any(k in CODE_KINDS for k, _, _ in items)):
                why = "no client of the repository moves to ByteSpike"
            elif kept:
                why = f"a model id beside it (line {kept[0][0]}) stays on {PROVIDER}"
            elif unmapped:
                why = f"a model id beside it (line {unmapped[0].line}) has no ByteSpike mapping"
            else:
                why = _what_keeps_an_endpoint(shown, text[here[0] : here[1]], decision, staying, rules)
            if why:
                held_blocks.setdefault(here, why)
        if held_blocks:
            _hold_blocks(shown, urls, ids, held_blocks, block, rules, plans, held)
    return dict(held)


def _what_keeps_an_endpoint(
    shown: str, block_text: str, decision: EnvDecision, staying: list[str], rules: Ruleset
) -> str | None:
    """Why a mapping's endpoint stays for what reads it: the key it names stays (`${OPENAI_API_KEY}`), or the code
    that reads the file does; None: it may move."""
    references = tuple(form.replace("NAME", rules.openai_key_env) for form in ("${NAME}", "os.environ/NAME", "$NAME"))
    if decision.key_readers and any(r in block_text for r in references):
        reader = decision.key_readers[0]
        return f"the key it reads ({rules.openai_key_env}) stays" + (
            ": what reads this file is not code the tool can see" if reader == shown else f", for {reader}"
        )
    if staying:
        return f"the code that reads it ({staying[0]}) stays on {PROVIDER}"
    return None


def _hold_blocks(
    shown: str,
    urls: list[EditRecord],
    ids: list[EditRecord],
    held_blocks: dict[tuple[int, int], str],
    block: _Blocks,
    rules: Ruleset,
    plans: dict[str, FilePlan],
    held: dict[str, list[Finding]],
) -> None:
    """The endpoints of the held blocks (block -> why) stay, with the ids of their mappings (a request sent there
    with a ByteSpike id would be refused), said at the first."""
    plan = plans.setdefault(shown, FilePlan())
    held_urls = [u for u in urls if block(u.line, u.column) in held_blocks]
    plan.held_endpoints.update((u.line, u.column) for u in held_urls)
    plan.held_values.update(
        (e.line, e.column) for e in ids if any(block.inside(e.line, e.column, b) for b in held_blocks)
    )
    first = min(held_urls, key=lambda e: (e.line, e.column))
    held[shown].append(
        Finding(
            shown,
            first.line,
            first.column,
            "dynamic-config",
            f"endpoint {first.old!r} left as is, with the model ids beside it: "
            f"{held_blocks[block(first.line, first.column)]}; point it at {rules.bytespike_url} by hand, with a "
            f"{rules.key_env} key and ByteSpike ids, where what reads it moves",
        )
    )


def _hold_other_endpoint_ids(
    shown: str,
    elsewhere: dict[tuple[int, int], str],
    rules: Ruleset,
    plans: dict[str, FilePlan],
    held: dict[str, list[Finding]],
) -> None:
    """Ids in a mapping whose endpoint is another server's, or OpenAI's under a key the tool does not know as an
    endpoint: (line, column) -> that endpoint. They stay, said once."""
    if not elsewhere:
        return
    plans.setdefault(shown, FilePlan()).held_values.update(elsewhere)
    line, column = min(elsewhere)
    url = elsewhere[(line, column)]
    why = (
        f"it stays on {PROVIDER} (not under a key the tool knows as an endpoint)"
        if rules.is_openai_url(url)
        else "another server's, which keeps its own ids"
    )
    held[shown].append(
        Finding(shown, line, column, "dynamic-config", f"model ids beside the endpoint {url!r} left as they are: {why}")
    )


def _hold_key_names(
    shown: str,
    named: list[EditRecord],
    reader: str,
    rules: Ruleset,
    plans: dict[str, FilePlan],
    held: dict[str, list[Finding]],
) -> None:
    """`key_env: OPENAI_API_KEY` read by `os.environ[cfg["key_env"]]` of a client that stays (`reader`): the name of
    the variable it reads its key from stays too."""
    if not named:
        return
    plans.setdefault(shown, FilePlan()).held_endpoints.update((e.line, e.column) for e in named)
    held[shown].append(
        Finding(
            shown,
            named[0].line,
            named[0].column,
            "dynamic-config",
            f"{rules.openai_key_env} left as is here: the code that reads this file ({reader}) stays on {PROVIDER}",
        )
    )


def _key_names_as_values(text: str, result: FileResult, rules: Ruleset) -> list[EditRecord]:
    """The edits that rename the key variable where a mapping's value names it (`key_env: OPENAI_API_KEY`), not
    where it is the variable defined or handed on (`OPENAI_API_KEY: …`, `${OPENAI_API_KEY}`)."""
    lines = text.splitlines()
    found = []
    for edit in result.edits:
        if edit.kind != "api-key" or not 0 < edit.line <= len(lines):
            continue
        if not lines[edit.line - 1][edit.column - 1 :].startswith(rules.openai_key_env):
            continue  # (a TOML or JSON edit renames the name's first word: `OPENAI` of `"OPENAI_API_KEY"`)
        before = lines[edit.line - 1][: edit.column - 1]
        head = re.fullmatch(r"""\s*(?:-\s*)?["']?([\w.-]+)["']?\s*[:=]\s*["']?""", before)
        if head is not None and head.group(1) != rules.openai_key_env:
            found.append(edit)
    return found


def _other_endpoint_ids(kind: str, text: str, result: FileResult, rules: Ruleset) -> dict[tuple[int, int], str]:
    """The model-id edits of a YAML or JSON file that stand in a mapping (or below one) whose endpoint is
    another server's (`baseURL: https://openrouter.ai/api/v1` beside `models: [openai/gpt-4o]`): that server
    keeps its own ids. (line, column) -> that endpoint."""
    from migrate_cli.formats import json_file, yaml_file
    from migrate_cli.formats.values import normal_key

    ids = [e for e in result.edits if e.kind == "model-id"]
    if not ids or kind not in ("json", "yaml"):
        return {}
    try:
        if kind == "yaml":
            scalars = yaml_file.scalar_paths(text)
        else:
            scalars = [
                (path, start, end, token[1:-1])
                for path, start, end, token, is_key in json_file.strings(text)
                if not is_key
            ]
    except Exception:  # a file its editor read: read again, it fails only on a bug here
        return {}
    keys = rules.url_keys | _CAMEL_URL_KEYS
    endpoints = {
        path[:-1]: value
        for path, _, _, value in scalars
        if path
        and isinstance(path[-1], str)
        and re.match(r"(?i)https?://", value)
        and not rules.is_bytespike_url(value)
        # another server's endpoint, or an OpenAI URL under a key the tool does not rewrite (`url:`): stays
        and ((normal_key(path[-1]) in keys) != rules.is_openai_url(value))
    }
    if not endpoints:
        return {}
    index = LineIndex(text)
    held: dict[tuple[int, int], str] = {}
    for edit in ids:
        offset = index.starts[edit.line - 1] + edit.column - 1 if 0 < edit.line <= len(index.starts) else -1
        path = next((p for p, start, end, _ in scalars if start <= offset < end), None)
        if path is None:
            continue
        url = next((u for mapping, u in endpoints.items() if path[: len(mapping)] == mapping), None)
        if url is not None:
            held[(edit.line, edit.column)] = url
    return held


_CAMEL_URL_KEYS = frozenset({"baseurl", "apibase", "apiurl", "endpointurl"})  # `baseURL` (LibreChat), normalised


class _Blocks:
    """The innermost mapping around a (line, column) of a configuration file: its (start, end) offsets, the
    whole file for a format without them (TOML)."""

    def __init__(self, kind: str, text: str) -> None:
        from migrate_cli.formats import json_file, yaml_file

        self.index, self.end = LineIndex(text), len(text)
        self.spans: list[tuple[int, int]] = []
        try:
            if kind == "json":
                self.spans = json_file.object_spans(text)
            elif kind == "yaml":
                self.spans = yaml_file.mapping_spans(text)
        except Exception:  # a file its editor read: read again, it is one block at worst
            self.spans = []

    def offset(self, line: int, column: int) -> int:
        starts = self.index.starts
        return starts[line - 1] + column - 1 if 0 < line <= len(starts) else 0

    def __call__(self, line: int, column: int) -> tuple[int, int]:
        offset = self.offset(line, column)
        inside = [s for s in self.spans if s[0] <= offset < s[1]]
        return min(inside, key=lambda s: s[1] - s[0]) if inside else (0, self.end)

    def inside(self, line: int, column: int, span: tuple[int, int]) -> bool:
        """Whether a position is in a mapping, at any depth."""
        return span[0] <= self.offset(line, column) < span[1]


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
    ("the code it serves, none of which moves",),
    ("the code it serves, none of which moves",),
    add_key=False,
    served=False,
)


def _moving_folders(items: list[WorkItem], results: list[FileResult], rules: Ruleset) -> set[str]:
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


def _served_elsewhere(facts: list[ModuleFacts], items: list[WorkItem], rules: Ruleset) -> list[ModuleFacts]:
    """A client that reads its endpoint from the environment (`OpenAI()`, no `base_url`) where an env file of
    its folder or above sets that variable to another server (`OPENAI_BASE_URL=http://localhost:11434/v1`)
    talks to that server: it stays, with the ids of its calls, as one given that URL does."""
    from dataclasses import replace

    from migrate_cli.formats.dotenv import other_endpoints, settings

    elsewhere = [  # (env file, why)
        (where.rsplit(":", 1)[0], f"its endpoint is {variable}, which {where} sets to {url}, not {PROVIDER}")
        for variable, url, where in other_endpoints(settings(items, rules.url_variables), rules)
    ]
    if not elsewhere:
        return facts
    for f in facts:
        why = next((why for env, why in elsewhere if _under(env, (f.path,))), None)
        if why is None:
            continue
        f.constructors = [
            replace(c, blocker=why) if c.reads_base_url and not c.blocker and c.kind in ("sdk", "framework") else c
            for c in f.constructors
        ]
    return facts


# (a notebook's source is JSON: its quotes are escaped, `load_dotenv(\"studio/.env\")`)
_LOAD_DOTENV = re.compile(rb"""load_dotenv\(\s*(?:dotenv_path\s*=\s*)?(?:Path\(\s*)?\\?["']([^"'\\]+)\\?["']""")


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


_COMPOSE_NAME = re.compile(r"(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml")
_ENV_FILE = re.compile(rb"""(?m)^[ \t]*(?:env_file:[ \t]*|-[ \t]*(?=[^\n]*\.env))["']?([^\s"'#]+)""")
_BUILD_CONTEXT = re.compile(rb"""(?m)^[ \t]*(?:build|context):[ \t]*["']?([^\s"'#{]+)""")


def _compose_env_files(shown: str, data: bytes, env_files: list[str], named: dict[str, set[str]]) -> None:
    """A compose file's `env_file: .env` (or a list of them) sets the variables of its services, whose code is
    built from `build:` (`context:`) folders, relative to the compose file's folder (`deploy/docker-compose.yml`
    with `build: ..` and `env_file: .env`: deploy/.env serves the code of the repository's root)."""
    if b"services" not in data:
        return
    folder = _folder(shown)
    contexts = {
        posixpath.normpath(posixpath.join(folder, m.group(1).decode("utf-8", "replace")))
        for m in _BUILD_CONTEXT.finditer(data)
    }
    served = {"" if c == "." else c for c in contexts} or {folder}
    listed = b"env_file" in data
    for found in _ENV_FILE.finditer(data) if listed else ():
        target = posixpath.normpath(posixpath.join(folder, found.group(1).decode("utf-8", "replace")))
        target = "" if target == "." else target
        for env in env_files:
            if env == target or (env.startswith(target + ".") and "/" not in env[len(target) :]):
                named.setdefault(env, set()).update(served)


def _named_env_files(items: list[WorkItem], discovery: Discovery | None = None) -> dict[str, set[str]]:
    """env file -> the folders of the code that loads it by its path (`load_dotenv("config/.env")`): it serves
    that code as it serves the code of its own folder. The path is taken from the code's folder or any folder
    above it up to the repository's root; an `.env.example` beside the `.env` named is its template."""
    env_files = [shown for kind, shown, _ in items if kind in ENV_KINDS]
    named: dict[str, set[str]] = {}
    if not env_files:
        return named
    read = {shown for _, shown, _ in items}
    for path, shown, size in discovery.files if discovery is not None else ():
        # A compose file names no provider and is not read otherwise (`env_file: .env` and `build: ..`).
        name = shown.rsplit("/", 1)[-1]
        if shown not in read and size < 256 * 1024 and _COMPOSE_NAME.fullmatch(name):
            try:
                with open(path, "rb") as handle:
                    _compose_env_files(shown, handle.read(), env_files, named)
            except OSError:
                continue
    for kind, shown, data in items:
        if kind in DATA_KINDS and b"env_file" in data:
            _compose_env_files(shown, data, env_files, named)
        if kind not in ("python", "notebook") or b"load_dotenv" not in data:
            continue
        folder = _folder(shown)
        for found in _LOAD_DOTENV.finditer(data):
            target = found.group(1).decode("utf-8", "replace")
            # Relative to where the program runs: its folder, or any folder above it (an app run from its own root).
            parts = folder.split("/") if folder else []
            ancestors = ["/".join(parts[:k]) for k in range(len(parts), -1, -1)]
            for candidate in {posixpath.normpath(posixpath.join(a, target)) for a in ancestors}:
                directory, _, name = candidate.rpartition("/")
                for env in env_files:
                    env_directory, _, env_name = env.rpartition("/")
                    if env_directory == directory and (env_name == name or env_name.startswith(name + ".")):
                        named.setdefault(env, set()).add(folder)
    return named


def _under(env_file: str, readers: tuple[str, ...]) -> tuple[str, ...]:
    """The readers an env file serves: files of its folder and below (a description that names no file counts
    wherever it stands)."""
    home = env_file.rsplit("/", 1)[0] + "/" if "/" in env_file else ""
    return tuple(r for r in readers if r.startswith(home) or _description(r))


def _description(reader: str) -> bool:
    """A reader that is a description, not a file (`chat app/app.py`, in a folder with a space, is a file)."""
    return " " in reader and "." not in reader.rsplit("/", 1)[-1]


def _serves(env_file: str, folders: set[str]) -> bool:
    """Whether code in `folders` is served by the env, compose or CI file: the code of its folder and below (a
    CI configuration serves the whole repository, Streamlit's secrets the app beside `.streamlit/`)."""
    home = env_file.rsplit("/", 1)[0] if "/" in env_file else ""
    for ci in ("/.github/", "/.circleci/", "/.gitlab/", "/.streamlit/"):
        at = ("/" + env_file).find(ci)
        if at != -1:  # the folder that holds `.github/` (the repository's, also when run from outside it)
            home = env_file[: max(at - 1, 0)]
            break
    return any(serves(home, folder) for folder in folders)


# A container build file's variable given a value: `ENV NAME=value …`, `ENV NAME value`, `ARG NAME=value`.
_CONTAINER_ENV_LINE = re.compile(r"^[ \t]*(?:ENV|ARG)[ \t]+(.+?)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_CONTAINER_PAIR = re.compile(r"""([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)""")


def _container_values(found: Discovery, rules: Ruleset) -> list[ConfigValue]:
    """The model ids Dockerfiles give environment variables (`ENV OPENAI_MODEL=gpt-4o`): read, not edited, so the
    requests reading those variables stay with them (`resolution._keep_fixed`)."""
    values = []
    for path, shown, size in found.files:
        name = shown.rsplit("/", 1)[-1]
        if size > 256 * 1024 or not (
            name.startswith(("Dockerfile", "Containerfile")) or name.endswith((".dockerfile", ".Dockerfile"))
        ):
            continue
        try:
            with open(path, "rb") as handle:
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            continue
        index = LineIndex(text)
        for line in _CONTAINER_ENV_LINE.finditer(text):
            body = line.group(1)
            pairs = [(m.group(1), m.group(2), m.start(2)) for m in _CONTAINER_PAIR.finditer(body)]
            if not pairs and len(body.split(None, 1)) == 2:  # `ENV NAME value`
                variable, value = body.split(None, 1)
                pairs = [(variable, value, len(body) - len(value))]
            for variable, value, at in pairs:
                value = value.strip("\"'")
                if rules.models.map_forward(value) is None or rules.reverse:
                    continue
                number, column = index.position(line.start(1) + at)
                values.append(ConfigValue(shown, number, column, value, variable, fixed=True))
    return values


def _framework_files(
    items: list[WorkItem], rules: Ruleset, others: list[tuple[str, str, bytes]] | None
) -> list[WorkItem]:
    """The Python files the byte search passed over that use a framework entry point reaching OpenAI through
    its own settings (`[frameworks]` in the rules): a file that imports the package and calls the name.
    They are analysed for the resolution only (their own results are not kept): what stays of them reads
    OpenAI's key, endpoint and, for some, model variables (CrewAI's `Agent()` reads OPENAI_MODEL_NAME)."""
    names: dict[str, set[bytes]] = defaultdict(set)
    for package, name in (*rules.framework_requests, *rules.framework_entries, *rules.framework_implicit):
        names[package].add(name.encode() + b"(")
    if not names:
        return []
    seen = {item.shown for item in items}
    candidates = [(shown, data) for _, shown, data in others or () if shown not in seen]  # read by the runner
    # One pass over each file's bytes for every package's name (most files name none).
    any_package = re.compile(b"|".join(re.escape(p.encode()) for p in sorted(names, key=len, reverse=True)))
    found_files = []
    for shown, data in candidates:
        if any_package.search(data) is None:
            continue
        imported = {name.split(".")[0] for name in import_names(shown, data)}
        if any(any(call in data for call in names[package]) for package in imported & names.keys()):
            found_files.append(WorkItem("python", shown, data))
    return found_files


def _unmoved(facts: ModuleFacts) -> ModuleFacts:
    facts.constructors = [replace(c, blocker=c.blocker or UNREWRITTEN) for c in facts.constructors]
    return facts


def _env_decision(
    items: list[WorkItem],
    results: list[FileResult],
    resolution: Resolution,
    found: Discovery | None,
    env_readers: list[str],
    rules: Ruleset | None = None,
) -> EnvDecision:
    key_variable, url_variables = _variables(rules)  # the provider's: OPENAI_API_KEY, ANTHROPIC_API_KEY
    key_readers: list[str] = []
    url_readers: list[str] = []
    setters: list[tuple[str, int, int]] = []
    key_readers.extend(sorted(resolution.key_reader_paths))  # clients that stay and read it from the environment
    url_readers.extend(sorted(resolution.url_reader_paths))
    seen = set()
    for (name, shown, data), result in zip(items, results):
        seen.add(shown)
        reads_key, reads_url = _item_reads(name, data, result, key_variable, url_variables, rules)
        reads_key = reads_key or (is_turbo_config(shown) and key_variable in data)
        if reads_key:
            key_readers.append(shown)
        if reads_url:
            url_readers.append(shown)
        setter = _settings_setter(shown, data, key_variable)
        if setter is not None:
            setters.append((shown, *setter))
    key_readers += env_readers
    url_readers += env_readers
    if found is not None:
        for shown, reads_key, reads_url, setter in _other_files_reads(found, seen, key_variable, url_variables):
            if reads_key:
                key_readers.append(shown)
            if setter is not None:
                setters.append((shown, *setter))
            if reads_url:
                url_readers.append(shown)
    return EnvDecision(
        tuple(dict.fromkeys(key_readers)),
        tuple(dict.fromkeys(url_readers)),
        # TypeScript decides its own clients: one that moved reads the ByteSpike key too.
        add_key=bool(key_readers)
        and (resolution.any_moves or any(r.changed for i, r in zip(items, results) if i.kind == "typescript")),
        held=tuple(sorted(resolution.held_variables)),
        setters=tuple(setters),
    )


def _item_reads(
    name: str,
    data: bytes,
    result: FileResult,
    key_variable: bytes,
    url_variables: tuple[bytes, ...],
    rules: Ruleset | None,
) -> tuple[bool, bool]:
    """Whether a file of the run still reads (or hands on) the provider's key variable and its endpoint
    variables once rewritten."""
    if name in CONFIG_KINDS:
        if any(f.code == "client-kept-on-openai" for f in result.findings):  # a framework's entry
            left = result.new_data if result.changed and result.new_data is not None else data
            # What still names the variables once the entries that move moved.
            return key_variable in left, any(n in left for n in url_variables)
        if name in DATA_KINDS:  # a compose file or CI workflow handing the variable on to what it runs
            key = passes_through(data, key_variable.decode()) or (
                name == "yaml" and defines(data, key_variable.decode())
            )
            # `api_key_env = "OPENAI_API_KEY"`: the name of the variable the code that reads the file reads its key
            # from (held where that code stays: `_hold_key_names`).
            key = key or (
                rules is not None and bool(_key_names_as_values(data.decode("utf-8", "replace"), result, rules))
            )
            return key, any(passes_through(data, n.decode()) for n in url_variables)
        return False, False
    text = result.new_data if result.changed and result.new_data is not None else data
    if not result.changed and any(f.code == "parse-error" for f in result.findings):
        # Code the tool could not read (a syntax error, a TypeScript notebook): a client in it may read the
        # variables by itself (`new OpenAI()`), so they stay beside the new ones.
        package = (rules.package if rules is not None else "openai").encode()
        if package in data.lower():
            return True, True
    if result.env_reads:
        return key_variable.decode() in result.env_reads, bool(result.env_reads & {v.decode() for v in url_variables})
    if name == "notebook":
        code = code_of(text)
        if code is not None:  # its code cells (a markdown cell that says "set OPENAI_API_KEY" reads nothing)
            return _python_reads(code.encode(), (key_variable,)), _python_reads(code.encode(), url_variables)
    finds = _python_reads if name == "python" else _reads
    return finds(text, (key_variable,)), finds(text, url_variables)


def _other_files_reads(
    found: Discovery, seen: set[str], key_variable: bytes, url_variables: tuple[bytes, ...]
) -> Iterator[tuple[str, bool, bool, tuple[int, int] | None]]:
    """The files no handler reads that name the variables (a Makefile's `OPENAI_API_KEY=x pytest`, a Dockerfile's
    `ENV`, a shell script): (shown path, names the key, names an endpoint variable, where it sets the key)."""
    from migrate_cli.pipeline.handlers import handler_for

    for path, shown, size in found.files:
        if shown in seen or size > 512 * 1024 or shown.endswith(_DOCS):
            continue
        settings = shown.endswith(_SETTINGS_FILES)
        if handler_for(path) is not None and not settings:
            continue
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        key = key_variable in data
        if settings:
            if key and (setter := _settings_setter(shown, data, key_variable)) is not None:
                yield shown, True, False, setter
            continue
        yield shown, key, any(n in data for n in url_variables), _sets_variable(data, key_variable) if key else None


_CHECKS = (b"if ", b"if(", b"elif ", b"assert ", b"} else if", b"else if", b"unless ")


def _key_checks(data: bytes, variable: bytes) -> list[tuple[int, int]]:
    """(line, column) of the conditions that test the key variable is set (`if not os.getenv("OPENAI_API_KEY"):`,
    `if (!process.env.OPENAI_API_KEY) throw …`): a guard written for the key the program used to read."""
    if variable not in data:
        return []
    found = []
    for number, line in enumerate(data.splitlines(), 1):
        at = line.find(variable)
        if at < 0:
            continue
        # The environment variable, not a name of the program's (`if OPENAI_API_KEY:`).
        named = line[at - 1 : at] in (b'"', b"'") or line[:at].endswith((b"process.env.", b"environ."))
        stripped = line.lstrip().lstrip(b'"').lstrip()  # a notebook's source line is a JSON string
        # Of the environment (`os.environ`, `getenv`, `process.env`), not of a dict the program builds
        # (`assert env["OPENAI_API_KEY"] == "local-token"`).
        environment = any(word in line for word in (b"environ", b"getenv", b"process.env", b"Deno.env"))
        # (`@pytest.mark.skipif(not os.getenv("OPENAI_API_KEY"), …)`: a test that runs only where it is set)
        checks = stripped.startswith(_CHECKS) or b"skipif(" in line or b"!process.env." + variable in line
        if named and environment and checks:
            found.append((number, at + 1))
    return found


# Settings files that set the environment of what they run: pytest-env's list in pyproject.toml, Streamlit's secrets
# (root-level entries are exported to the environment of the app).
_SETTINGS_FILES = ("pyproject.toml", ".streamlit/secrets.toml")


def _settings_setter(shown: str, data: bytes, variable: bytes) -> tuple[int, int] | None:
    """(line, column) where a settings file sets `variable` for what it runs: `env = ["OPENAI_API_KEY=test"]` under
    `[tool.pytest.ini_options]`, `OPENAI_API_KEY = "…"` at the top of `.streamlit/secrets.toml`."""
    if variable not in data:
        return None
    if shown.rsplit("/", 1)[-1] == "pyproject.toml":
        return _sets_variable(data, variable, quoted=True) if b"[tool.pytest" in data else None
    if shown.endswith(".streamlit/secrets.toml"):
        top = data.split(b"\n[", 1)[0]  # before the first table: exported to the environment
        found = re.search(rb"(?m)^[ \t]*(" + re.escape(variable) + rb")[ \t]*=", top)
        if found is not None:
            return top.count(b"\n", 0, found.start(1)) + 1, found.start(1) - (
                top.rfind(b"\n", 0, found.start(1)) + 1
            ) + 1
    return None


def _sets_variable(data: bytes, variable: bytes, quoted: bool = False) -> tuple[int, int] | None:
    """(line, column) where a script, Makefile or Dockerfile sets `variable` for what it runs
    (`OPENAI_API_KEY=x pytest`, `export OPENAI_API_KEY=…`, `ENV OPENAI_API_KEY …`), or None; `quoted`: in a
    string of a list (pytest-env's `env = ["OPENAI_API_KEY=test"]`)."""
    if quoted:
        found = re.search(rb"[\"'](" + re.escape(variable) + rb")=", data)
    else:
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
    interesting = [f for f in facts if f.constructors or f.requests or f.module_settings or f.literals or f.unmapped]
    if not interesting:
        return []
    modules = Modules(interesting)
    tails = {f.module.rsplit(".", 1)[-1].encode() for f in interesting if f.module}
    imported = Modules([ModuleFacts(shown, module_name(shown)) for _, shown, _ in others])
    wanted = {imported.module_imported(name, f.module) for f in interesting for name in f.imports} - {None}
    # pytest hands a fixture to the tests of its folder and below by the parameter's name, with no import.
    fixtures = [
        (
            f.path.rsplit("/", 1)[0] + "/" if "/" in f.path else "",
            {a[3:].encode() for a, _ in f.edges if a[:3] == "fx|"},
        )
        for f in interesting
        if f.constructors
    ]
    found = []
    for index, (_, shown, data) in enumerate(others):
        imports = module_name(shown) in wanted or (
            any(tail in data for tail in tails)
            and any(modules.module_of(name) is not None for name in import_names(shown, data))
        )
        tests = _test_file(shown) and any(
            shown.startswith(home) and any(name in data for name in names) for home, names in fixtures if names
        )
        if imports or tests:
            found.append(index)
    return found


def _test_file(shown: str) -> bool:
    name = shown.rsplit("/", 1)[-1]
    return name.startswith("test_") or name.endswith("_test.py")
