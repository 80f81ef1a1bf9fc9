"""What happens to one string value in a configuration file (README, What it changes in configuration files),
whatever the format.

Forward: a mapped model id is mapped (prefix kept); an OpenAI URL under an endpoint key becomes
ByteSpike's; a reference to OPENAI_API_KEY (`os.environ/OPENAI_API_KEY`, `${OPENAI_API_KEY}`) names
BYTESPIKE_API_KEY. Reported: real-looking keys, unmapped OpenAI ids, OpenAI URLs under other keys,
organization / project ids. Reverse: the same changes back, with the reverse map's findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from migrate_cli.pipeline.edits import Edit
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex
from migrate_cli.reporters.findings import PROVIDER, Finding


def _pass_through(name: str) -> str:
    """An environment entry of a compose file or CI workflow that hands the host's variable `name` on to a
    container or a job: `NAME: ${NAME}`, `- NAME=${NAME}`, `- NAME` (compose), `NAME: ${{ secrets.NAME }}`
    (GitHub Actions). Group 1: the entry's own name."""
    return (
        r"^[ \t]*(?:-[ \t]*)?[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?(?:[ \t]*[:=][ \t]*[\"']?"
        r"(?:\$\{\{[ \t]*(?:secrets|vars|env)\.|\$\{|\$)" + re.escape(name) + r"\b[^\n]*|[ \t]*)$"
    )


def _definition(name: str) -> str:
    """An environment entry that gives `name` a value of its own: `NAME: value`, `- NAME=value`. Groups:
    what comes before the name, what comes between it and the value, the value."""
    return r"^([ \t]*(?:-[ \t]*)?[\"']?)" + re.escape(name) + r"([\"']?[ \t]*[:=][ \t]*)(\S[^\n]*?)[ \t]*$"


def defines(data: bytes, name: str) -> bool:
    """Whether a compose file or workflow gives its container or job `name` with a value of its own (a
    placeholder, most often): what runs there reads that name, as it reads one handed on."""
    if name.encode() not in data:
        return False
    return re.search(_definition(name), data.decode("utf-8", "replace"), re.MULTILINE) is not None


def passes_through(data: bytes, name: str) -> bool:
    """Whether a configuration file hands the host's `name` on (a reader of it, docs/design.md): whatever
    runs in the container or the job reads it, and that may be code the tool does not see."""
    if name.encode() not in data:
        return False
    text = data.decode("utf-8", "replace")
    return any(
        m.group(1) != name or any(c in m.group(0) for c in "=:-")
        for m in re.finditer(_pass_through(name), text, re.MULTILINE)
    )


# An environment entry of a compose file's list (`- NAME=value`).
_ENV_ENTRY = re.compile(r"([A-Z][A-Z0-9_]*)=([^\s=]+)")

# Turborepo's lists of the environment variables a task is given (turbo.json).
_TURBO_ENV_LISTS = frozenset({"globalEnv", "env", "passThroughEnv", "globalPassThroughEnv"})


def is_turbo_config(path: str) -> bool:
    """turbo.json: it hands the variables its lists name on to the tasks it runs, as a compose file does."""
    return path.rsplit("/", 1)[-1] == "turbo.json"


# A GitHub Actions expression's secret or variable (`secrets.OPENAI_API_KEY`).
_SECRET = re.compile(r"\b(secrets|vars)\.[A-Za-z_][A-Za-z0-9_]*")


# A container's environment given on a command line: `-e NAME`, `--env NAME=value`, `-e NAME="$NAME"`.
_CONTAINER_ENV = re.compile(
    r"""(?<=[ \t])(?P<flag>-e|--env)[ \t=]+(?P<name>[A-Za-z_][A-Za-z0-9_]*)"""
    r"""(?:=(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s'"]+))?"""
)


def _env_reference(name: str) -> re.Pattern[str]:
    """`NAME`, `os.environ/NAME` (LiteLLM), `${NAME}` or `$NAME`."""
    return re.compile(r"(?:os\.environ/|\$\{|\$)?" + re.escape(name) + r"\}?")


@dataclass
class Scalar:
    """A string value in the text: `start`/`end` delimit exactly `value` (quotes excluded)."""

    start: int
    end: int
    value: str
    key: str | None = None  # the key it stands under, if any


def normal_key(key: str | None) -> str:
    """`API-Base` -> `api_base`; a flat dotted key (`llm.api_base`, TaskWeaver's) by its last part."""
    return (key or "").strip().lower().replace("-", "_").rsplit(".", 1)[-1]


def is_recording(data: object) -> bool:
    """Recorded HTTP exchanges (vcrpy / pytest-recording cassettes): data, not configuration."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("interactions"), list)
        and all(isinstance(i, dict) and "request" in i for i in data["interactions"][:3])
    )


# What an organization or project setting holds: the provider's id (`org-…`, `proj_…`) or a variable's value.
_ORG_OR_PROJECT = re.compile(r"^\s*(?:org-|proj_)|\$\{?[A-Z_]|os\.environ|env\(", re.IGNORECASE)


@dataclass
class ValueJudge:
    rules: Ruleset
    path: str
    index: LineIndex
    edits: list[Edit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _provider_named: bool | None = None  # whether the file's text names the provider (read once)

    def report(self, offset: int, rule: str, message: str) -> None:
        line, column = self.index.position(offset)
        self.findings.append(Finding(self.path, line, column, rule, self.rules.redact(message)))

    def replace(self, scalar: Scalar, new: str, rule: str) -> None:
        self.edits.append(Edit(scalar.start, scalar.end, new, rule))

    def _names_provider(self) -> bool:
        if self._provider_named is None:
            self._provider_named = self.rules.provider in self.index.text.lower()
        return self._provider_named

    def _pass_beside(self, scalar: Scalar, old: str, new: str) -> None:
        """A compose or CI entry that hands OPENAI_API_KEY on keeps doing so (what runs there may stay on
        OpenAI), and gets a twin that hands BYTESPIKE_API_KEY on too (what runs there may move): the line,
        with the one name for the other, after it. Once: a file that already hands the new name on is left."""
        if not self.path.endswith((".yml", ".yaml")):
            return
        line, _ = self.index.position(scalar.start)
        text = self.index.line_text(line)
        body = text.rstrip("\r\n")
        match = re.fullmatch(_pass_through(old), body)
        at = self.index.starts[line] if line < len(self.index.starts) else len(self.index.text)
        if any(e.start == at == e.end for e in self.edits) or new in body:
            return
        if match is not None and match.group(1) == old:
            twin = body.replace(old, new)
        else:  # a value of its own (`OPENAI_API_KEY: "your_openai_api_key"`): the twin, ByteSpike's placeholder
            given = re.fullmatch(_definition(old), body)
            listed = given is not None and given.group(1).strip().startswith("-")  # a list item: its key is the list's
            if given is None or (scalar.key not in (None, old) and not listed) or given.group(3).startswith("#"):
                return
            value = given.group(3).split(" #")[0].rstrip()
            quote = value[0] if value[:1] in "\"'" and value[-1:] == value[0] and len(value) > 1 else ""
            handed = re.fullmatch(r"\$\{\{[ \t]*(secrets|vars)\.[A-Za-z_][A-Za-z0-9_]*[ \t]*\}\}", value.strip("\"'"))
            if handed is not None:
                # `OPENAI_API_KEY: ${{ secrets.OPENAI_KEY }}`: the job's real key under another name; the twin
                # is a secret too, not the placeholder, or every moved request of the job gets a 401.
                given_value = f"${{{{ {handed.group(1)}.{new} }}}}"
            elif re.fullmatch(r"\$\{\{.*\}\}", value.strip("\"'")) and _SECRET.search(value):
                # `${{ matrix.ai == 'openai' && secrets.OPENAI_API_KEY || '' }}`: the same expression, given the
                # ByteSpike secret (a placeholder would be sent as the key by every leg of the matrix).
                given_value = _SECRET.sub(lambda m: f"{m.group(1)}.{new}", value.strip("\"'"))
            elif re.fullmatch(r"\$\{\{.*\}\}", value.strip("\"'")):
                # `OPENAI_API_KEY: ${{ inputs.openai_api_key }}` (a composite action, a reusable workflow): the key
                # comes from whoever calls it; a placeholder would be sent as the key by every moved request there.
                self.report(
                    scalar.start,
                    "dynamic-config",
                    f"this hands {old} on from `{value.strip(chr(34) + chr(39))}`: what runs here may now read {new}; "
                    f"hand a ByteSpike key on as {new} the same way (an input of its own) if it does",
                )
                return
            elif not value.strip("\"'"):
                # `OPENAI_API_KEY: ''`: a job that runs without keys on purpose runs without the new one too.
                given_value = ""
            elif re.fullmatch(r"\$\{?[A-Za-z_][A-Za-z0-9_]*(?:[:?-][^}]*)?\}?", value.strip("\"'")):
                given_value = f"${{{new}}}"  # compose's `${OPENAI_KEY}`: the host's variable, by the new name
            else:
                given_value = self.rules.key_placeholder
            twin = f"{given.group(1)}{new}{given.group(2)}{quote}{given_value}{quote}"
        written = self.index.text.encode()  # the whole file, only for an entry that would get a twin
        if passes_through(written, new) or defines(written, new):
            return
        ending = text[len(body) :]
        self.edits.append(Edit(at, at, twin + ending if ending else "\n" + twin, "api-key"))
        if "secrets." in twin:
            self.report(
                scalar.start,
                "dynamic-config",
                f"this workflow hands {old} on and now {new} too: add the {new} secret to the repository's settings",
            )

    def _container_beside(self, scalar: Scalar, old: str, new: str) -> None:
        """A CI step's script that hands the key on to a container (`docker run -e OPENAI_API_KEY=$OPENAI_API_KEY
        img`): what runs in the container may move, so it gets the ByteSpike key the same way, beside it."""
        if not self.path.endswith((".yml", ".yaml")) or "docker" not in scalar.value and "podman" not in scalar.value:
            return
        text = self.index.text
        if re.search(rf"(?:-e|--env)[ \t=]+{new}\b", text[scalar.start : scalar.end]):
            return  # handed on already (a second run, or by hand)
        for found in _CONTAINER_ENV.finditer(text, scalar.start, scalar.end):
            if found.group("name") != old:
                continue
            value = found.group("value")
            given = "" if value is None else "=" + re.sub(rf"\b{old}\b", new, value)
            self.edits.append(Edit(found.end(), found.end(), f" {found.group('flag')} {new}{given}", "api-key"))

    def judge(self, scalar: Scalar, *, exact: bool = True) -> None:
        """`exact`: the text between start and end is the value itself (no escapes), so it can be edited."""
        if not (self._key_variable(scalar, exact) or self._model_id(scalar, exact) or self._endpoint(scalar, exact)):
            self._left(scalar)

    def _key_variable(self, scalar: Scalar, exact: bool) -> bool:
        """A reference to the key's variable (`${OPENAI_API_KEY}`), renamed unless what stays still reads it,
        and the twins a CI entry or a container's `-e` gets; whether the value was such a reference, settled."""
        rules, value = self.rules, scalar.value
        old_env, new_env = (
            (rules.key_env, rules.openai_key_env) if rules.reverse else (rules.openai_key_env, rules.key_env)
        )
        reference = _env_reference(old_env).fullmatch(value)
        plan = rules.plan
        if value == old_env and scalar.key in _TURBO_ENV_LISTS and is_turbo_config(self.path):
            # Turborepo hands a task only the variables these lists name (strict env mode): where the code it runs
            # moved, the ByteSpike key is named beside the provider's.
            if (
                plan is not None
                and plan.env is not None
                and plan.env.add_key
                and not rules.reverse
                and f'"{new_env}"' not in self.index.text
            ):
                self.edits.append(Edit(scalar.end + 1, scalar.end + 1, f', "{new_env}"', "api-key"))
            return True
        if plan is not None and plan.env is not None and plan.env.key_readers and not rules.reverse:
            if plan.env.add_key:
                self._pass_beside(scalar, old_env, new_env)
                self._container_beside(scalar, old_env, new_env)
            if reference:
                return True  # the variable stays: something that stays on OpenAI still reads it (docs/design.md)
        if reference and exact:
            self.replace(scalar, value.replace(old_env, new_env), "api-key")
            return True
        return False

    def _model_id(self, scalar: Scalar, exact: bool) -> bool:
        """A mapped model id (a compose entry's value too): rewritten, or reported where it cannot be edited."""
        rules, models, value = self.rules, self.rules.models, scalar.value
        if self._unserved():
            # An env file none of whose code moves (a sub-project where nothing moved): its ids stay with its key.
            return models.map_forward(value) is not None
        entry = _ENV_ENTRY.fullmatch(value) if exact else None
        if entry is not None:
            # A compose file's `- OPENAI_API_MODEL=gpt-4o`: the variable's value, edited as `MODEL: gpt-4o` is.
            given = entry.group(2)
            mapped = models.map_reverse(given) if rules.reverse else models.map_forward(given)
            if mapped is not None:
                self.edits.append(Edit(scalar.start + entry.start(2), scalar.end, mapped, "model-id"))
                return True
        target = models.map_reverse(value) if rules.reverse else models.map_forward(value)
        if target is not None:
            if exact:
                self.replace(scalar, target, "model-id")
            else:
                self.report(
                    scalar.start,
                    "dynamic-model",
                    f"model id {value!r} is written in a form the tool does not edit (escapes, a block "
                    f"scalar): change it to {target!r} by hand",
                )
                return True
            _, source = models.split_prefix(value)
            ambiguity = models.ambiguity(source) if rules.reverse else None
            approximation = models.approximation(source) if not rules.reverse else None
            if ambiguity:
                self.report(scalar.start, "ambiguous-reverse", ambiguity)
            elif approximation:
                self.report(scalar.start, "approximate-model", approximation)
            return True
        return False

    def _endpoint(self, scalar: Scalar, exact: bool) -> bool:
        """The provider's URL: swapped under a key known as an endpoint, unless what stays still reads it."""
        rules, value, plan = self.rules, scalar.value, self.rules.plan
        key = normal_key(scalar.key)
        from_url = rules.is_bytespike_url if rules.reverse else rules.is_openai_url
        if not from_url(value):
            return False
        if (
            plan is not None
            and plan.env is not None
            and not rules.reverse
            and scalar.key is not None
            and (
                scalar.key in rules.url_variables
                and plan.env.url_readers
                or scalar.key in plan.env.held
                or self._unserved()  # an env file none of whose code moves (`BASE_URL=` too)
            )
        ):
            return True  # an environment variable (compose, CI) that what stays on OpenAI still reads (docs/design.md)
        swapped = rules.swap_base(value)
        if key in rules.url_keys and exact and swapped is not None:
            self.replace(scalar, swapped, "base-url")
        elif not rules.reverse and swapped == rules.bytespike_url:
            # An API base under a key the tool does not know; full endpoint URLs elsewhere are
            # usually recorded data (logs, fixtures), not configuration.
            self.report(
                scalar.start,
                "dynamic-config",
                f"{PROVIDER} URL {value!r} under {scalar.key or 'a list'}: not a key the tool knows as an "
                f"endpoint; point it at {rules.bytespike_url} by hand if it should move",
            )
        return True

    def _unserved(self) -> bool:
        """Whether the file is an env file none of whose code moves: its variables stay as they are."""
        plan = self.rules.plan
        return plan is not None and plan.env is not None and not plan.env.served and not self.rules.reverse

    def _left(self, scalar: Scalar) -> None:
        """A value that is none of those: what is reported about it (a committed key, an unmapped id, …)."""
        rules, models, value = self.rules, self.rules.models, scalar.value
        key = normal_key(scalar.key)
        if rules.reverse:
            if models.has_no_openai_equivalent(value):
                self.report(
                    scalar.start,
                    "no-openai-equivalent",
                    f"{value!r} is a ByteSpike model with no {PROVIDER} equivalent: left as is",
                )
            return
        if rules.is_real_key(value):
            self.report(
                scalar.start,
                "hardcoded-key",
                f"a real-looking API key ({rules.redact(value)}) is committed here: move it to the "
                "environment and revoke it",
            )
        elif models.is_unmapped_openai_id(value) and not (key == "name" and self.path.endswith("package.json")):
            # (a package named for a model, `"name": "gpt-4o-code-interpreter-js"`, names no model)
            self.report(
                scalar.start,
                "unmapped-model",
                f"{PROVIDER} model id {value!r} has no ByteSpike mapping: left as is; choose an id from "
                f"ByteSpike's catalog or add --map {models.split_prefix(value)[1]}=NEW",
            )
        elif (
            key in rules.org_keys
            and value.strip()
            and "/" not in value  # azd's `project: ./src/backend`: a path, not an OpenAI project
            and (rules.provider in key or (self._names_provider() and _ORG_OR_PROJECT.search(value) is not None))
        ):
            # A bare `organization:` / `project:` is the provider's only in a file that names it (a badge
            # service's `organization: docsgpt` is not), given an id or read from the environment (a locale's
            # `"organization": "组织"` and a schema's `organization: <string> | None` are not).
            self.report(scalar.start, "org-project-ignored", f"{scalar.key} is accepted but ignored by ByteSpike")
