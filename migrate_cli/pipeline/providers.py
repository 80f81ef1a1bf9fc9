"""More than one provider in one run: OpenAI and Anthropic code both move to ByteSpike (README, Migrating from
Anthropic).

A provider is a rules file (`rules/<provider>-to-bytespike.toml`): its SDK package, client classes, endpoint,
key variables, model map and API families. The pipeline (runner.run) is the same for every provider; a run
that migrates several runs it once per provider, each with its own byte search, per-file analysis and
repository-wide resolution (a Python file is analysed with each rule set whose SDK or ids it names), then
merges the results file by file: the edits of both on the same original text, one diff, one record entry,
one write. Findings name the provider they are about.

Settings: `from = ["openai", "anthropic"]` (or `--from`) narrows the run; a provider's own table
(`[tool.bytespike-migrate.anthropic]`) sets its `key-env`, `base-url`, `map` and `prefer`; top-level `map` and
`prefer` entries go to the provider whose ids they name, a top-level `key-env` applies to every provider and a
top-level `base-url` (an OpenAI-protocol URL, with `/v1`) to OpenAI alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from migrate_cli.pipeline.datafiles import summarise_data_files
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import PROVIDERS, RulesError, Ruleset
from migrate_cli.reporters.findings import PROVIDER, Finding
from migrate_cli.safety.deepstack import deeply

if TYPE_CHECKING:
    from pathlib import Path

    from migrate_cli.pipeline import edits
    from migrate_cli.pipeline.runner import Listing, RunOptions, RunReport
    from migrate_cli.pipeline.settings import Settings

# Settings keys that name providers rather than settings: `from`, and one table per provider.
KEYS = ("from", *PROVIDERS)
# What a provider's own table may set.
PROVIDER_KEYS = ("key-env", "base-url", "map", "prefer")


def chosen(names: list[str] | None, table: dict, where: str) -> list[str]:
    """The providers a run migrates from: `--from`, else the table's `from`, else all, in PROVIDERS order."""
    given = names or table.get("from") or list(PROVIDERS)
    if isinstance(given, str):
        given = [given]
    if not isinstance(given, list) or not all(isinstance(n, str) for n in given):
        raise RulesError(f"{where}: from must be a list of provider names ({', '.join(PROVIDERS)})")
    for name in given:
        if name not in PROVIDERS:
            raise RulesError(
                f"{'--from' if names else where + ': from'}: unknown provider {name!r} (known: {', '.join(PROVIDERS)})"
            )
    return [n for n in PROVIDERS if n in given]


def owns_map(rules: Ruleset, old: str) -> bool:
    """Whether `--map OLD=NEW` is about this provider's ids (`claude-…` for Anthropic)."""
    models = rules.models
    _, model = models.split_prefix(old)
    return model in models.forward or models.openai_id.fullmatch(model) is not None


def owns_preference(rules: Ruleset, bytespike_id: str) -> bool:
    models = rules.models
    return (
        bytespike_id in models.reverse
        or bytespike_id in models.reverse_ambiguous
        or bytespike_id in models.forward.values()
    )


def _claims(test: Callable[[Ruleset, str], bool], entry: str) -> Callable[[Ruleset], bool]:
    return lambda rules: test(rules, entry)


def _owner(rulesets: list[Ruleset], test: Callable[[Ruleset], bool]) -> str:
    """The provider an entry belongs to: the first that claims it, else OpenAI (whose checks then explain)."""
    for rules in rulesets:
        if test(rules):
            return rules.provider
    return "openai"


def table_for(table: dict, rules: Ruleset, where: str) -> dict:
    """The project table as one provider's settings see it (see the module docstring)."""
    from migrate_cli.pipeline.ruleset import load_provider

    own = table.get(rules.provider, {})
    if not isinstance(own, dict):
        raise RulesError(f"{where}: {rules.provider} must be a table")
    unknown = sorted(set(own) - set(PROVIDER_KEYS))
    if unknown:
        raise RulesError(f"{where}: {rules.provider}.{unknown[0]}: unknown setting (known: {', '.join(PROVIDER_KEYS)})")
    everyone = [load_provider(name) for name in PROVIDERS]
    result = {k: v for k, v in table.items() if k not in KEYS}
    if rules.provider != "openai":
        result.pop("base-url", None)
    if isinstance(result.get("available"), list):
        known = {f for r in everyone for f in r.apis.families}
        for family in result["available"]:
            if family not in known:
                raise RulesError(
                    f"{where}: available: unknown API family {family!r} (known: {', '.join(sorted(known))})"
                )
        result["available"] = [f for f in result["available"] if f in rules.apis.families]
    owners: tuple[tuple[str, Callable[[Ruleset, str], bool]], ...] = (("map", owns_map), ("prefer", owns_preference))
    for key, test in owners:
        if isinstance(result.get(key), dict):
            result[key] = {
                old: new for old, new in result[key].items() if _owner(everyone, _claims(test, old)) == rules.provider
            }
    for key, value in own.items():
        result[key] = (
            {**result.get(key, {}), **value} if isinstance(value, dict) and key in ("map", "prefer") else value
        )
    return result


def options_for(rules: Ruleset, maps: list[str], prefer: list[str] | None) -> tuple[list[str], list[str]]:
    """The `--map` and `--prefer` options that are about this provider's ids."""
    from migrate_cli.pipeline.ruleset import load_provider

    everyone = [load_provider(name) for name in PROVIDERS]

    def mine(text: str, test: Callable[[Ruleset, str], bool]) -> bool:
        old = text.partition("=")[0].strip()
        return _owner(everyone, lambda r: test(r, old)) == rules.provider

    return [m for m in maps if mine(m, owns_map)], [p for p in prefer or [] if mine(p, owns_preference)]


# -- running ---------------------------------------------------------------------------------------------------


def run(options: RunOptions, rulesets: list[Ruleset], progress: Callable[[int, int], None] | None = None) -> RunReport:
    """runner.run for every provider, the results merged file by file, then written once."""
    from migrate_cli.pipeline import runner

    if rulesets[0].reverse:
        listing = runner.list_files(options, rulesets)
        if not _bytespike_traced(listing):
            from collections import Counter

            report = runner.RunReport([], listing.scanned, Counter(listing.found.skipped))
            report.named_skips = listing.found.named_skips
            report.note = (
                "no migration record and nothing configured for ByteSpike (its URL, its key variable): "
                "nothing to revert"
            )
            return report
    listing = runner.list_files(options, rulesets)  # listed and read once for every provider's run
    displays = {rules.provider: rules.provider_display for rules in rulesets}
    if len(rulesets) == 1 and rulesets[0].provider == "openai":
        report = runner.run(replace(options, rules=rulesets[0], write=False), progress, listing=listing)
        _name_provider(report.results, rulesets[0])
        if not rulesets[0].reverse:
            summarise_data_files(report, listing, displays)
        if options.write:
            runner.write_report(report, options)
        return report
    reports = []
    for rules in rulesets:
        report = runner.run(replace(options, rules=rules, write=False), progress, listing=listing)
        if rules.provider != "openai" and not _has_code(report):
            report.results = []
        if rules.reverse and rules is not rulesets[0]:
            report.results = [r for r in report.results if _names_package(report.absolute.get(r.path), rules)]
        _name_provider(report.results, rules)
        reports.append(report)
    merged = _merge(reports, rulesets) if len(reports) > 1 else reports[0]
    if not rulesets[0].reverse:
        summarise_data_files(merged, listing, displays)
    if options.write:
        runner.write_report(merged, options)
    return merged


def _bytespike_traced(listing: Listing) -> bool:
    """Whether any file of the tree names ByteSpike (`llm.bytespike.ai`, BYTESPIKE_API_KEY, a ByteSpike
    setting): without a record, `revert` undoes code written for ByteSpike (README, Going back). A tree that never
    was migrated holds OpenAI's own ids that look like ByteSpike's (`gpt-image-2`, a table of OpenAI
    models in a test), and mapping those back would break it."""
    from migrate_cli.pipeline.runner import _read

    for path, _, size, _, data in listing.files:
        if data is None:
            try:
                data = _read(path, size)
            except OSError:
                continue
        if b"bytespike" in data or b"BYTESPIKE" in data or b"ByteSpike" in data:
            return True
    return False


def _has_code(report: RunReport) -> bool:
    """Whether the provider's run found code of its own (a client, a request, an id in code) to change or
    report. A repository with no Anthropic code may still hold ANTHROPIC_API_KEY in an env file or a claude id
    in a configuration file, for a tool the analysis does not see (a shell script, another program): with no
    code to follow, nothing tells that its readers move, so they are left alone (docs/design.md)."""
    if not report.results:
        return False
    from migrate_cli.pipeline.handlers import CONFIG_KINDS, handler_for

    for result in report.results:
        handler = handler_for(result.path)
        if handler is not None and handler.name not in CONFIG_KINDS and (result.changed or result.findings):
            return True
    return False


def _names_package(path: Path | None, rules: Ruleset) -> bool:
    """Without a record, the reverse guesses from the code: a file that does not import a provider's SDK
    (`import anthropic`, `from anthropic import …`, `"@anthropic-ai/sdk"`) and is not an env file naming its
    variables is not that provider's, and its ByteSpike ids (`claude-sonnet-4-6` in a constants module, or
    sent through the OpenAI SDK) are left to the first provider's rules, which report what they cannot map."""
    if path is None:
        return False
    try:
        data = path.read_bytes()
    except OSError:
        return False
    package = re.escape(rules.package.encode())
    typescript = re.escape(rules.typescript.package.encode())
    return (
        re.search(
            rb"^[ \t]*\"?(?:from|import)[ \t]+" + package + rb"\b|[\"']" + typescript + rb"[\"'/]", data, re.MULTILINE
        )
        is not None
        or rules.env_prefix in data
    )


def _name_provider(results: list[FileResult], rules: Ruleset) -> None:
    """Each finding and edit of a provider's run names it (`provider` in JSON findings, `providers` in the
    record, which `revert --from` reads), and its message's provider slot (`findings.PROVIDER`) is filled with
    the provider's name."""
    name, display = rules.provider, rules.provider_display
    for result in results:
        result.findings = [
            Finding(
                f.path,
                f.line,
                f.column,
                f.code,
                f.message.replace(PROVIDER, display),
                f.provider or name,
            )
            for f in result.findings
        ]


def _merge(reports: list[RunReport], rulesets: list[Ruleset]) -> RunReport:
    from collections import Counter

    from migrate_cli.pipeline.runner import RunReport

    by_path: dict[str, list[tuple[Ruleset, FileResult]]] = {}
    for report, rules in zip(reports, rulesets):
        for result in report.results:
            by_path.setdefault(result.path, []).append((rules, result))
    absolute = {}
    for report in reports:
        absolute.update(report.absolute)
    results = [_merge_file(entries, absolute.get(path)) for path, entries in sorted(by_path.items())]
    skipped = Counter(reports[0].skipped)
    merged = RunReport(results, max(r.files_scanned for r in reports), skipped, absolute=absolute)
    merged.named_skips = reports[0].named_skips
    return merged


_NO_EQUIVALENT = re.compile(r"'([^']+)' is a ByteSpike model with no")


def _merge_file(entries: list[tuple[Ruleset, FileResult]], path: Path | None) -> FileResult:
    if len(entries) == 1:
        return entries[0][1]
    kept: dict[object, Finding] = {}
    for rules, result in entries:
        for f in result.findings:
            if not _mapped_by_another(f, rules, entries):
                # One "no equivalent" per site: the later provider's (the file names its package).
                key = (f.line, f.column, f.code) if f.code == "no-openai-equivalent" else f
                same = kept.get(key)
                # The same finding from both runs (a file that does not parse) is about neither.
                kept[key] = replace(f, provider="") if same is not None and same.provider != f.provider else f
    findings = sorted(kept.values())
    # One provider's run keeps a request "for another provider's model" where that provider's run says what it does
    # with it (`init_chat_model(model="anthropic:…")`: Anthropic's framework settings): that one speaks.
    # A framework call one run leaves "through the framework's own settings" where the other run says why it leaves
    # it (a model list of both providers' ids, `dspy.LM(model=name)`): the other speaks.
    spoken = {(f.line, f.column, f.provider) for f in findings if f.code == "client-kept-on-openai"}
    said = {(f.line, f.column, f.provider) for f in findings}
    findings = [
        f
        for f in findings
        if not (
            f.code == "client-kept-on-openai"
            and "another provider's" in f.message
            and any((f.line, f.column) == (line, column) and p != f.provider for line, column, p in spoken)
        )
        and not (
            "through the framework's own settings" in f.message
            and any((f.line, f.column) == (line, column) and p != f.provider for line, column, p in said)
        )
    ]
    errors = [r.internal_error for _, r in entries if r.internal_error]
    changed = [(rules, r) for rules, r in entries if r.changed]
    if len(changed) <= 1:
        base = changed[0][1] if changed else entries[0][1]
        merged = replace(base, findings=findings, internal_error=base.internal_error or "; ".join(errors))
        merged.env_reads = frozenset().union(*(r.env_reads for _, r in entries))
        return merged
    return _refinish(changed, findings, path)


_DEFINED = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=", re.MULTILINE)


def _one_definition(text: str, provider_of: dict, order: list[Ruleset]) -> None:
    """An env file both providers change gets the ByteSpike key variable once: when OpenAI's run renames
    OPENAI_API_KEY to BYTESPIKE_API_KEY, Anthropic's run does not add (or rename another line to) it too. A
    later provider's edit that would define a variable already defined drops out, and that provider's own
    variable stays as it was (nothing reads it any more, or something still does)."""
    defined = set(_DEFINED.findall(text))
    for rules in order:
        mine = sorted(e for e, owner in provider_of.items() if owner is rules)
        adds = {}
        for edit in mine:
            names = (
                _DEFINED.findall(edit.new)
                if edit.start == edit.end
                else ([edit.new] if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", edit.new) else [])
            )
            if names and set(names) & defined:
                del provider_of[edit]
            else:
                adds[edit] = names
        for names in adds.values():
            defined.update(names)


# `KEY: value` (a mapping's key) or `- KEY=value` / `- KEY` (an item of a compose file's `environment:` list).
_YAML_KEY = re.compile(
    r"^([ \t]*)(?:(?:-[ \t]+)?[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?[ \t]*:|-[ \t]+[\"']?([A-Za-z_][A-Za-z0-9_]*)"
    r"(?:=|[\"']?[ \t]*$))",
    re.MULTILINE,
)


def _one_key_per_mapping(text: str, provider_of: dict, order: list[Ruleset]) -> None:
    """A YAML mapping both providers add the ByteSpike key to (a workflow step's `env:` that hands on
    OPENAI_API_KEY and ANTHROPIC_API_KEY) gets it once: a mapping with a key twice is no YAML, and a compose
    file's `environment:` list with an item twice is refused by `docker compose`. A later
    provider's insertion of a key that an earlier one inserts at the same indentation, with no line of the
    original text between them that closes the mapping, drops out."""
    added: list[tuple[int, str, str]] = []  # (offset, indentation, key) of the insertions kept so far
    for rules in order:
        for edit in sorted(e for e, owner in provider_of.items() if owner is rules and e.start == e.end):
            keys = [(m.group(1), m.group(2) or m.group(3)) for m in _YAML_KEY.finditer(edit.new)]
            if any(
                key == other
                and indent == other_indent
                and _one_mapping(text, min(at, edit.start), max(at, edit.start), indent)
                for at, other_indent, other in added
                for indent, key in keys
            ):
                del provider_of[edit]
                continue
            added += [(edit.start, indent, key) for indent, key in keys]


def _one_mapping(text: str, start: int, end: int, indent: str) -> bool:
    """Whether the original text between two offsets stays inside one mapping whose keys stand at `indent`."""
    lines = text[start:end].splitlines()
    if start > 0 and text[start - 1] != "\n":
        lines = lines[1:]  # the rest of the line the first insertion ends
    for line in lines:
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#") and len(line) - len(stripped) < len(indent):
            return False
    return True


# What two providers' edits of one file of a kind must not both add (a variable, a mapping's key).
_ONE_EACH: dict[str, Callable[[str, dict, list[Ruleset]], None]] = {
    "dotenv": _one_definition,
    "yaml": _one_key_per_mapping,
}


def _first_wins(provider_of: dict, order: list[Ruleset]) -> None:
    """Where two providers would edit the same text (the reverse renaming one `BYTESPIKE_API_KEY` line to
    both OPENAI_API_KEY and ANTHROPIC_API_KEY), the first provider's edit stands and the other's drops out."""
    taken: list = []
    for rules in order:
        mine = [e for e, owner in provider_of.items() if owner is rules]
        for edit in mine:
            if any(_overlap(edit, other) for other in taken):
                del provider_of[edit]
        taken += [e for e in mine if e in provider_of]


def _overlap(a: edits.Edit, b: edits.Edit) -> bool:
    """Two different edits that touch the same text (an insertion, the inside of a replacement)."""
    return a != b and a.start < b.end and b.start < a.end


def _mapped_by_another(finding: Finding, rules: Ruleset, entries: list[tuple[Ruleset, FileResult]]) -> bool:
    """A reverse finding "no OpenAI equivalent" for an id the other provider's rules of the file map back
    (`claude-sonnet-4-6` in a file that uses both SDKs) is not about a lost id."""
    match = _NO_EQUIVALENT.match(finding.message) if finding.code == "no-openai-equivalent" else None
    if match is None:
        return False
    value = match.group(1)
    return any(
        other is not rules
        and (other.models.map_reverse(value) is not None or other.models.split_prefix(value)[1] in other.models.current)
        for other, _ in entries
    )


def _refinish(changed: list[tuple[Ruleset, FileResult]], findings: list[Finding], path: Path | None) -> FileResult:
    """One result for a file more than one provider changed: every provider's edits on the original text."""
    from migrate_cli.pipeline.edits import Edit, OverlappingEdits, apply_edits
    from migrate_cli.pipeline.handlers import handler_for
    from migrate_cli.pipeline.source import SourceText
    from migrate_cli.pipeline.textfile import Unreadable

    shown = changed[0][1].path
    rules = changed[0][0]
    result = FileResult(shown, original_digest=changed[0][1].original_digest, findings=list(findings))
    data = path.read_bytes() if path is not None else b""
    if hashlib.sha1(data).hexdigest() != result.original_digest:
        result.internal_error = f"{shown}: changed while it was being migrated"
        return result
    handler = handler_for(shown)
    assert handler is not None, shown  # both providers changed it: some handler read it
    source = SourceText.decode(data, python=handler.encoding_cookie)
    provider_of: dict[Edit, Ruleset] = {}
    owners: dict[Edit, list[str]] = {}  # every provider whose run made the edit (an `import os` both need)
    for owner, r in changed:
        for edit in r.text_edits:
            provider_of.setdefault(edit, owner)
            owners.setdefault(edit, []).append(owner.provider)
    one_each = _ONE_EACH.get(handler.name)
    if one_each is not None:
        one_each(source.text, provider_of, [rules for rules, _ in changed])
    _first_wins(provider_of, [rules for rules, _ in changed])
    edits = sorted(provider_of)
    try:
        text = apply_edits(source.text, edits)
        deeply(handler.verify, text)
        new_data = source.written(text)
    except OverlappingEdits as exc:
        result.internal_error = f"{shown}: the providers' edits overlap: {exc}"
        return result
    except (Unreadable, SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        result.findings.append(
            Finding(
                shown,
                getattr(exc, "lineno", None) or 1,
                1,
                "parse-error",
                f"rewrite would not parse, file left unchanged: {exc}",
            )
        )
        return result

    # A removed key comes back as a read of its own provider's variable (ANTHROPIC_API_KEY, OPENAI_API_KEY).
    restores = iter([provider_of[e] for e in edits if e.secret])

    def restore(written: str) -> str:
        owner = next(restores, rules)
        return written.replace(owner.key_env, owner.openai_key_env)

    result.wrote(shown, source, text, new_data, edits, rules, restore, [tuple(sorted(set(owners[e]))) for e in edits])
    result.env_reads = frozenset().union(*(r.env_reads for _, r in changed))
    return result


def build(
    build_settings: Callable[..., Settings],
    paths: list[Path],
    table: dict,
    where: str,
    names: list[str] | None,
    *,
    maps: list[str],
    prefer: list[str] | None,
    base_url: str | None,
    available: list[str] | None,
    **common: object,
) -> Settings:
    """The settings of every provider chosen: the first provider's Settings, with `providers` listing each
    provider's rules (`pipeline/settings.py` builds each the same way, from its own rules file)."""
    from migrate_cli.pipeline.ruleset import default_rules_path, load_provider

    chosen_names = chosen(names, table, where)
    everyone = [load_provider(name) for name in PROVIDERS]
    known = {f for rules in everyone for f in rules.apis.families}
    for family in available or []:
        if family not in known:
            raise RulesError(f"unknown API family {family!r} (known: {', '.join(sorted(known))})")
    first = None
    for name in chosen_names:
        rules = load_provider(name)
        own_maps, own_prefer = options_for(rules, maps, prefer)
        settings = build_settings(
            paths,
            rules_file=default_rules_path(PROVIDERS[name]),
            maps=own_maps,
            prefer=own_prefer,
            base_url=base_url if name == "openai" else None,
            available=[f for f in available or [] if f in rules.apis.families] or None,
            **common,
        )
        if first is None:
            first = settings
        else:
            for key in ("base-url", "key-env", "map", "prefer"):
                first.origin[f"{name}.{key}"] = settings.origin[key]
        first.providers.append(settings.rules)
    assert first is not None
    first.origin["from"] = (chosen_names, "command line" if names else where if "from" in table else "default")
    return first
