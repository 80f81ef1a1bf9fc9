"""dotenv files (`.env`, `.env.example`, `.env.sample`, `.env.*`, `*.env`), edited line by line.

`OPENAI_BASE_URL` / `OPENAI_API_BASE` get ByteSpike's URL; `OPENAI_API_KEY` is renamed
`BYTESPIKE_API_KEY`, and a real-looking key value becomes the `sk-byts-...` placeholder (reported); values
that are mapped model ids are mapped whatever the variable. Comments, blank lines, `export`, quoting and
order are untouched.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from migrate_cli.formats.values import Scalar, ValueJudge
from migrate_cli.pipeline.edits import Edit
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex, SourceText, UndecodableSource
from migrate_cli.pipeline.textfile import finish, skipped
from migrate_cli.reporters.findings import PROVIDER

if TYPE_CHECKING:
    from collections.abc import Iterable

_ASSIGNMENT = re.compile(r"[ \t]*(?:export[ \t]+)?(?P<name>[A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*")


def parse(text: str) -> list[tuple[str, int, int, Scalar]]:
    """(name, name start, name end, value) for every assignment."""
    found = []
    index = LineIndex(text)
    for number in range(1, len(index.starts) + 1):
        start = index.starts[number - 1]
        line = index.line_text(number).rstrip("\r\n")
        match = _ASSIGNMENT.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        rest_at = match.end()
        rest = line[rest_at:]
        if rest[:1] in ("'", '"'):
            quote = rest[0]
            close = 1
            while close < len(rest) and rest[close] != quote:
                close += 2 if quote == '"' and rest[close] == "\\" else 1
            if close >= len(rest):
                continue  # a value that goes on over several lines: not touched
            value_start, value = rest_at + 1, rest[1:close]
        else:
            comment = re.search(r"[ \t]#", rest)
            value = (rest[: comment.start()] if comment else rest).rstrip()
            value_start = rest_at
        found.append(
            (
                match.group("name"),
                start + match.start("name"),
                start + match.end("name"),
                Scalar(start + value_start, start + value_start + len(value), value, match.group("name")),
            )
        )
    return found


def settings(items: Iterable[tuple[str, str, bytes]], passed: tuple[str, ...] = ()) -> dict[str, list[tuple[str, str]]]:
    """What the env files among `items` ((kind, shown, bytes)) set: variable -> [(value, "path:line")]. With
    `passed`, what compose files and CI workflows give those variables too (`OPENAI_BASE_URL:
    ${OPENAI_BASE_URL:-http://mock:4010/v1}` sets its default; a value handed on from the host sets nothing)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for kind, shown, data in items:
        if kind == "yaml" and passed:
            text = data.decode("utf-8", "replace")
            for match in _YAML_ENTRY.finditer(text):
                entry, given = match.group(1), _default(match.group(2).strip().strip("\"'"))
                if entry in passed and given:
                    found.setdefault(entry, []).append((given, f"{shown}:{text.count(chr(10), 0, match.start()) + 1}"))
        if kind != "dotenv":
            continue
        text = data.decode("utf-8", "replace")
        for name, start, _, value in parse(text):
            found.setdefault(name, []).append((value.value, f"{shown}:{text.count(chr(10), 0, start) + 1}"))
    return found


# An environment entry of a compose file or CI workflow: `NAME: value`, `- NAME=value`, `- "NAME=value"`.
_YAML_ENTRY = re.compile(r"""^[ \t]*(?:-[ \t]*)?["']?([A-Z][A-Z0-9_]*)["']?[ \t]*[:=][ \t]*(\S[^\n#]*?)[ \t]*$""", re.M)
_SUBSTITUTION = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}")


def _default(value: str) -> str:
    """The value an entry gives when the host does not: `${NAME:-default}` -> default; a value handed on from
    the host (`${NAME}`, `${{ secrets.NAME }}`, `$NAME`) -> ""."""
    found = _SUBSTITUTION.fullmatch(value)
    if found is not None:
        return found.group(1)
    return "" if "$" in value else value


def other_endpoints(found: dict[str, list[tuple[str, str]]], rules: Ruleset) -> list[tuple[str, str, str]]:
    """(variable, URL, "path:line") where an env file sets the provider's endpoint variable
    (`OPENAI_BASE_URL=http://localhost:11434/v1`) to another server: the clients that read it talk there."""
    return [
        (variable, value.strip(), where)
        for variable in rules.url_variables
        for value, where in found.get(variable, [])
        if rules.other_server(value.strip())
    ]


_PROVIDER_PLACEHOLDER = re.compile(r"(?i)openai|anthropic|claude|^sk-(?:proj|ant|svcacct)-")


def _names_the_provider(value: str) -> bool:
    """A placeholder that asks for the provider's key: `YOUR_OPENAI_API_KEY`, `<anthropic key>`, `sk-proj-xyz`."""
    return _PROVIDER_PLACEHOLDER.search(value.strip()) is not None


# An env file that is a template to copy (`.env.example`), not the one a program loads.
_TEMPLATE = re.compile(r"(?i)[._-](?:example|sample|template|dist|tmpl|defaults?)(?:\.env)?$")

_ORG_PROJECT = ("OPENAI_ORG_ID", "OPENAI_ORGANIZATION", "OPENAI_PROJECT_ID", "OPENAI_PROJECT")


def rewrite_dotenv(path: str, data: bytes, rules: Ruleset) -> FileResult:
    try:
        source = SourceText.decode(data)
    except UndecodableSource as exc:
        return skipped(path, f"skipped: {exc}")
    text = source.text
    judge = ValueJudge(rules, path, LineIndex(text))
    assignments = parse(text)
    names = {name for name, _, _, _ in assignments}
    old_key, new_key = (rules.key_env, rules.openai_key_env) if rules.reverse else (rules.openai_key_env, rules.key_env)
    env = rules.plan.env if rules.plan is not None and not rules.reverse else None
    for name, name_start, name_end, scalar in assignments:
        if name == old_key and env is not None and env.key_readers:
            # docs/design.md: something that stays still reads it; the ByteSpike key goes beside it.
            if env.add_key and new_key not in names and env.strict:
                judge.report(
                    scalar.start,
                    "dynamic-config",
                    f"{new_key} is not added here: the pydantic-settings class at {env.strict} reads this file and "
                    f"refuses variables it does not declare (the program would stop at start); declare "
                    f'`{new_key.lower()}` there (or `extra="ignore"`), then set {new_key} here',
                )
            elif env.add_key and new_key not in names:
                names.add(new_key)
                judge.edits.append(_line_after(source, name_start, scalar, new_key, rules.key_placeholder))
                if scalar.value and not _TEMPLATE.search(path):
                    # `.env` itself (not `.env.example`): the program reads the placeholder as its key.
                    judge.report(
                        scalar.start,
                        "dynamic-config",
                        f"{new_key} is added here as the placeholder {rules.key_placeholder}, beside the {name} "
                        f"that {env.key_readers[0]} still reads: put a ByteSpike key there before the moved code runs",
                    )
            if rules.is_real_key(scalar.value):
                judge.report(
                    scalar.start,
                    "hardcoded-key",
                    f"a real-looking API key ({rules.redact(scalar.value)}) is committed here; it stays "
                    f"because {env.key_readers[0]} still reads {name}: move it out and revoke it",
                )
        elif name == old_key:
            _rename_key(judge, rules, name, Scalar(name_start, name_end, name), scalar, new_key in names)
        elif env is not None and ((name in rules.url_variables and env.url_readers) or name in env.held):
            # still read by something that stays on OpenAI (docs/design.md), or an endpoint a framework object
            # that stays reads (CrewAI's BASE_URL)
            continue
        elif name in rules.url_variables:
            _base_url(judge, rules, name, scalar)
        elif name.upper() in _ORG_PROJECT:
            if scalar.value and not rules.reverse:
                judge.report(name_start, "org-project-ignored", f"{name} is accepted but ignored by ByteSpike")
        else:
            judge.judge(scalar)
    return finish(path, data, source, judge.edits, judge.findings, rules, lambda _: None)


def _line_after(source: SourceText, name_start: int, scalar: Scalar, name: str, value: str) -> Edit:
    """The edit that adds `name=value` on the line after an assignment (`export ` kept as it is there)."""
    text = source.text
    line_end = text.find("\n", scalar.end)
    export = "export " if text[text.rfind("\n", 0, name_start) + 1 : name_start].strip() == "export" else ""
    added = f"{export}{name}={value}"
    if line_end == -1:
        return Edit(len(text), len(text), source.newline + added, "api-key")
    return Edit(line_end + 1, line_end + 1, added + source.newline, "api-key")


def _rename_key(judge: ValueJudge, rules: Ruleset, name: str, where: Scalar, scalar: Scalar, taken: bool) -> None:
    """`OPENAI_API_KEY=…` nothing left reads becomes the ByteSpike key (`taken`: that is set in the file)."""
    new_key = rules.openai_key_env if rules.reverse else rules.key_env
    if taken:
        judge.report(where.start, "dynamic-config", f"{name} is left as is: {new_key} is already set in this file")
    else:
        judge.replace(where, new_key, "api-key")
    if not rules.reverse and rules.is_real_key(scalar.value):
        judge.edits.append(Edit(scalar.start, scalar.end, rules.key_placeholder, "api-key", secret=True))
        judge.report(
            scalar.start,
            "hardcoded-key",
            f"real-looking API key ({rules.redact(scalar.value)}) replaced by the placeholder "
            f"{rules.key_placeholder}; revoke it, it stays in your history",
        )
    elif not rules.reverse and not taken and _names_the_provider(scalar.value):
        # `BYTESPIKE_API_KEY=YOUR_OPENAI_API_KEY` asks for the key ByteSpike answers with a 401.
        judge.edits.append(Edit(scalar.start, scalar.end, rules.key_placeholder, "api-key"))


def _base_url(judge: ValueJudge, rules: Ruleset, name: str, scalar: Scalar) -> None:
    """An endpoint variable every reader of which moves: the provider's URL swapped, another server's left."""
    url = scalar.value
    if rules.reverse:
        swapped = rules.swap_base(url)
        if swapped:
            judge.replace(scalar, swapped, "base-url")
    elif not url or rules.swap_base(url):
        judge.replace(scalar, rules.swap_base(url) or rules.bytespike_url, "base-url")
    elif not rules.is_bytespike_url(url):
        judge.report(scalar.start, "other-endpoint", f"{name} points at {url}, not {PROVIDER}: left as is")


def serves(env_folder: str, code_folder: str) -> bool:
    """Whether an env file of `env_folder` sets its variables for code in `code_folder`: the same folder or one
    below it (the repository's root serves everything)."""
    return not env_folder or code_folder == env_folder or code_folder.startswith(env_folder + "/")
