"""The migration's facts (model map, URLs, key variables, API families), read from `rules/*.toml`.

Nothing here is hard-coded: the TOML file shipped with the package is the only source, and users add or
override model mappings with `--map OLD=NEW` or a `[tool.bytespike-migrate]` table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from migrate_cli.pipeline.pins import Dependencies
from migrate_cli.reporters.findings import PROVIDER

if TYPE_CHECKING:
    from collections.abc import Callable

    from migrate_cli.resolve.resolution import FilePlan

from migrate_cli.python.frameworks import parse_frameworks, parse_implicit

RULES_FILE = "openai-to-bytespike.toml"
# Every provider a run can migrate from, by name (`--from`), with its rules file: read the same way.
PROVIDERS = {"openai": RULES_FILE, "anthropic": "anthropic-to-bytespike.toml"}
_MODEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/\-]*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def is_pytest_module(path: str) -> bool:
    """A module pytest collects or loads by its name (`test_x.py`, `x_test.py`, `conftest.py`): it sets the
    environment for the code its tests import, from any folder."""
    name = path.rsplit("/", 1)[-1]
    return name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py")


def is_test_path(path: str) -> bool:
    """A test file by the conventions of pytest and of JavaScript's test runners (`test_x.py`, `x_test.py`,
    `conftest.py`, `x.test.ts`, `x.spec.js`, anything under `tests/`, `test/` or `__tests__/`)."""
    parts = path.split("/")
    name = parts[-1]
    return (
        name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
        or re.search(r"\.(?:test|spec)\.[cm]?[jt]sx?$", name) is not None
        or any(part in ("tests", "test", "__tests__") for part in parts[:-1])
    )


def literal_key_message(where: str, key: str, key_env: str) -> str:
    """A key written in the code that is no real key (`"sk-proj-abc123"`, `"test"`) on a client that moves: left as
    it is (a test's dummy key is no configuration), and said outside tests: ByteSpike refuses it."""
    return (
        f"{where} is written in the code ({key!r}), which is no ByteSpike key: left as it is; the requests now go "
        f"to ByteSpike, so put a ByteSpike key there (or read {key_env}) before it runs"
    )


class RulesError(ValueError):
    """The rules file or an override is unusable; the message says why, in one line."""


def default_rules_path(name: str = RULES_FILE) -> Path:
    """The rules file inside the installed wheel, or beside the package in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # migrate_cli/
    for candidate in (here / "_rules" / name, here.parent / "rules" / name):
        if candidate.is_file():
            return candidate
    raise RulesError(f"rules file {name} not found beside the package")


# What a model id looks like: one word of letters, digits and `-._:/@`, with a letter in it ("gpt-4o",
# "openai/my-model", "ft:gpt-4o:org::id"); not a sentence, a URL or a number.
_FILE_NAME = re.compile(r"\.(?:ya?ml|jsonl?|toml|txt|md|py|csv|log|pkl|env|ini|cfg|html|png|jpe?g)$")
# An id named with its provider or router (`anthropic/claude-…`, `google_genai:gemini-2.5-flash`, `ollama:llama3`).
PROVIDER_NAMED = re.compile(r"[A-Za-z][A-Za-z0-9_-]{1,24}[:/][A-Za-z0-9][\w.:/-]*$")
_MODEL_LIKE = re.compile(r"(?!.*://)(?=[^/]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._:@/+-]{1,99}(?<!/)")


@dataclass(frozen=True)
class ModelMap:
    """Forward (OpenAI -> ByteSpike) and reverse model ids, with the caveats of each."""

    forward: dict[str, str]
    reverse: dict[str, str]
    approximate: dict[str, str]
    reverse_ambiguous: dict[str, list[str]]
    prefixes: tuple[str, ...]
    catalog: frozenset[str]
    openai_id: re.Pattern[str]
    other_providers: tuple[str, ...] = ()  # id prefixes of other providers' models on ByteSpike
    openai_only: re.Pattern[str] | None = None  # ids of APIs ByteSpike does not serve
    current: frozenset[str] = frozenset()  # the provider's ids ByteSpike serves under the same name

    def approximation(self, source: str) -> str | None:
        """The approximate-model message for an id whose mapping is approximate (`o1`), else None."""
        note = self.approximate.get(source)
        return None if note is None else f"{source!r} mapped to {self.forward[source]!r}: {note}"

    def ambiguity(self, source: str) -> str | None:
        """The ambiguous-reverse message for a ByteSpike id with several sources, else None."""
        if source not in self.reverse_ambiguous:
            return None
        others = ", ".join(repr(m) for m in self.reverse_ambiguous[source] if m != self.reverse[source])
        return (
            f"{source!r} has several {PROVIDER} sources: mapped to {self.reverse[source]!r}; it may have been "
            f"{others} (choose with --prefer {source}=ID)"
        )

    def split_prefix(self, value: str) -> tuple[str, str]:
        """('openai/', 'gpt-4o') for 'openai/gpt-4o'; ('', value) when there is no provider prefix."""
        if not value.startswith(self.prefixes):  # (most values: one test, in C)
            return "", value
        for prefix in self.prefixes:
            if value.startswith(prefix):
                return prefix, value[len(prefix) :]
        return "", value

    def map_forward(self, value: str) -> str | None:
        """The rewritten literal value, prefix kept, or None when the value is not a mapped id."""
        prefix, model = self.split_prefix(value)
        target = self.forward.get(model)
        return None if target is None else prefix + target

    def map_reverse(self, value: str) -> str | None:
        prefix, model = self.split_prefix(value)
        target = self.reverse.get(model)
        return None if target is None else prefix + target

    def has_no_openai_equivalent(self, value: str) -> bool:
        """A ByteSpike id with no OpenAI model behind it: another provider's, or a ByteSpike-only GPT id."""
        _, model = self.split_prefix(value)
        if model in self.reverse or model in self.forward or model in self.current:
            return False
        # Only ids of ByteSpike's catalog: "claude-api-key" or an Anthropic id used with Anthropic's own SDK
        # are not ByteSpike models.
        return model in self.catalog and (
            model.startswith(self.other_providers) or self.openai_id.fullmatch(model) is not None
        )

    def with_preferences(self, prefer: dict[str, str]) -> ModelMap:
        """Reverse choices for ambiguous ids: {'gpt-5-4-mini': 'o1'}."""
        for bytespike_id, openai_id in prefer.items():
            if bytespike_id not in self.reverse:
                raise RulesError(
                    f"--prefer {bytespike_id}={openai_id}: {bytespike_id} is not a ByteSpike id "
                    "the reverse migration maps"
                )
        return replace(self, reverse={**self.reverse, **prefer})

    def only_on_openai(self, value: str) -> bool:
        """An id of a model only OpenAI serves (`dall-e-3`, `gpt-4o-realtime-preview`, an embeddings model)."""
        _, model = self.split_prefix(value)
        return self.openai_only is not None and self.openai_only.fullmatch(model) is not None

    def is_unmapped_openai_id(self, value: str) -> bool:
        _, model = self.split_prefix(value)
        return (
            _FILE_NAME.search(model) is None  # `"gpt-4-turbo.yaml"`: a file named for a model, not a model
            and model not in self.forward
            and model not in self.catalog
            and self.openai_id.fullmatch(model) is not None
            and not (self.openai_only is not None and self.openai_only.fullmatch(model))
        )

    def is_unknown_id(self, value: str) -> bool:
        """A string that may name a model and is none the tool knows: no id of the provider's (mapped or not),
        none of ByteSpike's catalog (`my-team-model`, `llama3`, `ft:gpt-4o:org::x`). A request that sends it
        may go to another server through the environment (OPENAI_BASE_URL), or to a model ByteSpike lacks."""
        prefix, model = self.split_prefix(value)
        return (
            _MODEL_LIKE.fullmatch(value) is not None
            and model not in self.forward
            and model not in self.catalog
            and model not in self.current
            and self.openai_id.fullmatch(model) is None
            and not (self.openai_only is not None and self.openai_only.fullmatch(model))
            and model not in self.reverse
        )

    def names_another_provider(self, value: str) -> bool:
        """Another provider's model: an id named with a provider that is not this one's (`anthropic/claude-…`,
        `google_genai:gemini-2.5-flash`), or another provider's own id (`is_foreign_id`)."""
        return (PROVIDER_NAMED.match(value) is not None and not self.split_prefix(value)[0]) or self.is_foreign_id(
            value
        )

    def is_foreign_id(self, value: str) -> bool:
        """Another provider's own id, which ByteSpike does not serve under that name (`claude-3-5-sonnet-20241022`
        where OpenAI is the provider): a framework that routes by the id (LiteLLM) sends it to that provider."""
        prefix, model = self.split_prefix(value)
        return (
            not prefix
            and _MODEL_LIKE.fullmatch(value) is not None
            and model.startswith(self.other_providers)
            and model not in self.catalog
            and model not in self.current
            and model not in self.forward
            and model not in self.reverse
            and self.openai_id.fullmatch(model) is None
        )

    def with_overrides(self, overrides: dict[str, str]) -> ModelMap:
        forward = {**self.forward, **overrides}
        _check_forward(forward)
        return replace(self, forward=forward)


@dataclass(frozen=True)
class ApiFamilies:
    """Attribute paths (tuples) of calls per API family: ('beta', 'threads') -> 'threads'."""

    unsupported: dict[tuple[str, ...], str]
    unverified: dict[tuple[str, ...], str]
    # What ByteSpike serves, by the head of a call's path on a client (`chat.completions`): a call on a known
    # client under none of these nor in the tables above is on an API ByteSpike does not list (`videos.create`).
    served: tuple[tuple[str, ...], ...] = ()
    # The SDK's resources (the heads of the tables' paths, and these): a call on anything else is not the SDK's.
    resources: frozenset[str] = frozenset()

    def on_client(self, path: tuple[str, ...]) -> tuple[str, str, int] | None:
        """`classify`, for a call made on a known client of the SDK: a resource's call (two parts or more) that
        no table names and ByteSpike does not serve is unsupported, its family named by its resource
        (`client.videos.create` -> "videos"). The SDK's response wrappers (`with_raw_response`) are looked
        through."""
        found = self.classify(path)
        if found is not None or not self.served:
            return found
        plain = tuple(p for p in path if p not in _WRAPPERS)
        if len(plain) < 2 or any(plain[: len(head)] == head for head in self.served):
            return None
        heads = {p[0] for p in (*self.unsupported, *self.unverified, *self.served)} | self.resources
        if plain[0] not in heads:
            return None  # `client.collections.get()`: not a resource of the SDK (another object of that name)
        family = plain[1] if plain[0] == "beta" and len(plain) > 2 else plain[0]
        return "unsupported", family, len(path)

    def classify(self, path: tuple[str, ...]) -> tuple[str, str, int] | None:
        """(kind, family, length of the matched head) for a call path such as ('beta', 'threads',
        'runs', 'create'): kind is 'unsupported' or 'unverified'. A family is named by its resource
        (`files`, followed by a method) or by the method itself (`responses.retrieve`)."""
        for length in range(len(path), 0, -1):
            head = path[:length]
            if head in self.unsupported:
                return "unsupported", self.unsupported[head], length
            if head in self.unverified:
                return "unverified", self.unverified[head], length
        return None

    @property
    def families(self) -> frozenset[str]:
        return frozenset(self.unsupported.values()) | frozenset(self.unverified.values())

    def with_available(self, families: set[str] | frozenset[str]) -> ApiFamilies:
        """The families a user's key reaches although ByteSpike's documentation does not list them."""
        unknown = sorted(set(families) - self.families)
        if unknown:
            raise RulesError(f"unknown API family {unknown[0]!r} (known: {', '.join(sorted(self.families))})")
        return ApiFamilies(
            {path: f for path, f in self.unsupported.items() if f not in families},
            {path: f for path, f in self.unverified.items() if f not in families},
            self.served,
            self.resources,
        )


# The SDKs' wrappers of a call that give the raw or streamed response: the same request.
_WRAPPERS = frozenset({"with_raw_response", "with_streaming_response"})


@dataclass(frozen=True)
class TypeScriptRules:
    """The `[typescript]` table: openai-node and Vercel AI SDK spellings of the same migration."""

    package: str = "openai"
    clients: frozenset[str] = frozenset()
    azure: frozenset[str] = frozenset()
    legacy: frozenset[str] = frozenset()
    base_url: str = "baseURL"
    api_key: str = "apiKey"
    ignored: tuple[str, ...] = ()
    other_endpoint: tuple[str, ...] = ()
    implicit_env: tuple[str, ...] = ()
    ai_sdk_package: str = "@ai-sdk/openai"
    ai_sdk_factories: frozenset[str] = frozenset()
    ai_sdk_default: frozenset[str] = frozenset()
    max_line_length: int = 2000
    generated_dirs: frozenset[str] = frozenset()
    apis: ApiFamilies = field(default_factory=lambda: ApiFamilies({}, {}))
    provider: str = "openai"  # a name with this in it looks like the provider's client (`openai.files…`)
    ai_sdk_base_url: str = ""  # the AI SDK provider's baseURL when it differs from the SDK's (empty: the same)


def _typescript(table: dict, provider: str = "openai") -> TypeScriptRules:
    where = "typescript"
    limit = table.get("max-line-length", 2000)
    if not isinstance(limit, int) or limit < 80:
        raise RulesError("typescript.max-line-length must be an integer of at least 80")
    return TypeScriptRules(
        package=_string(table, "package", where),
        clients=frozenset(_strings(table, "clients", where)),
        azure=frozenset(_strings(table, "azure", where)),
        legacy=frozenset(_strings(table, "legacy", where)),
        base_url=_string(table, "base-url", where),
        api_key=_string(table, "api-key", where),
        ignored=tuple(_strings(table, "ignored", where)),
        other_endpoint=tuple(_strings(table, "other-endpoint", where)),
        implicit_env=tuple(_strings(table, "implicit-env", where)),
        ai_sdk_package=_string(table, "ai-sdk-package", where),
        ai_sdk_factories=frozenset(_strings(table, "ai-sdk-factories", where)),
        ai_sdk_default=frozenset(_strings(table, "ai-sdk-default", where)),
        max_line_length=limit,
        generated_dirs=frozenset(_strings(table, "generated-dirs", where)),
        apis=ApiFamilies(
            _paths(table["unsupported"], "typescript.unsupported"),
            _paths(table.get("unverified", {}), "typescript.unverified"),
            tuple(tuple(d.split(".")) for d in _strings(table, "served", "typescript")) if "served" in table else (),
            frozenset(_strings(table, "resources", "typescript")) if "resources" in table else frozenset(),
        ),
        provider=provider,
        ai_sdk_base_url=table.get("ai-sdk-base-url", ""),
    )


# The words and marks of a placeholder key, as tutorials and `.env.example` files write them: a word counts
# as a whole segment between `-`, `_` or `.` (a random key may hold "key" inside a longer run, never as a
# segment of its own between dashes), a run of x's or of one repeated character as a segment of four or more.
_PLACEHOLDER_WORDS = frozenset(
    {
        "your",
        "my",
        "here",
        "key",
        "api",
        "apikey",
        "openai",
        "anthropic",
        "example",
        "sample",
        "placeholder",
        "changeme",
        "change",
        "replace",
        "insert",
        "put",
        "dummy",
        "fake",
        "test",
        "secret",
        "token",
        "todo",
        "redacted",
        "xxx",
        "goes",
        "enter",
    }
)
_PLACEHOLDER_MARKS = re.compile(r"\.\.\.|\*\*\*|<[^>]*>|\{[^}]*\}|(?i:x{5,})|(.)\1{5,}")
# The start of a part that says it is no key (`sk-test1234567890abcdef` in a test's environment): a random key
# starts so about once in 15 million.
_PLACEHOLDER_STARTS = ("test", "fake", "dummy", "mock")


# A URL: its scheme and host, and its path.
# A path a proxy fills in (Next.js `:path*`, nginx `$1`, `{path}`, `[...path]`): the request's own route.
_ROUTE_PLACEHOLDER = re.compile(r":\w+[*+?]?|\*+|\$\d+|\{[^}/]*\}|\[\.\.\.\w+\]")
_URL = re.compile(r"(?i)(https?://[^/?#]+)(/[^?#]*)?$")


def _path(url: str) -> str:
    """`https://api.openai.com/v1/` -> `/v1`."""
    return re.sub(r"(?i)^https?://[^/]+", "", url).rstrip("/")


# Calls that keep a record of what they are given (a file, a log, a store), named for it: no model is sent.
RECORD_NAMES = re.compile(r"(?i)dump|write|save|store|cache|record|track|trace|emit|log|insert|upsert|publish|persist")
# The first segment of the routes ByteSpike serves (/v1/chat/completions, /v1/responses, /v1/images/…,
# /v1/models): a raw request on any other route stays on OpenAI.
SERVED_ROUTES = frozenset({"chat", "responses", "images", "models"})


def is_placeholder_key(value: str) -> bool:
    """`sk-your-openai-api-key-here`, `sk-xxx…`, `sk-…<key>`, `sk-proj-0000000000000000000000`: not a key."""
    if _PLACEHOLDER_MARKS.search(value):
        return True
    return any(
        part.lower() in _PLACEHOLDER_WORDS or part.lower().startswith(_PLACEHOLDER_STARTS)
        for part in re.split(r"[-_.]", value)[1:]
    )


@dataclass(frozen=True)
class Ruleset:
    models: ModelMap
    apis: ApiFamilies
    bytespike_url: str
    openai_url: str
    openai_hosts: tuple[str, ...]
    key_env: str
    openai_key_env: str
    key_placeholder: str
    secret: re.Pattern[str]
    own_key: re.Pattern[str]  # the start of this provider's keys: a key is reported by one provider's run
    # Environment variables of another provider's key or endpoint (OPENROUTER_API_KEY, DEEPSEEK_BASE_URL): a
    # client given one of them reaches that provider, not this one.
    other_env: re.Pattern[str]
    package: str
    sdk_clients: frozenset[str]
    azure_clients: frozenset[str]
    base_url_args: tuple[str, ...]
    api_key_args: tuple[str, ...]
    ignored_args: tuple[str, ...]
    module_resources: frozenset[str]
    elsewhere_args: tuple[str, ...] = ()  # keywords that send the requests to another service (`provider=`)
    own_auth_args: tuple[str, ...] = ()  # keywords that authenticate otherwise than by a key (`workload_identity=`)
    # The SDK's methods of a client that send nothing (the anthropic SDK's legacy `count_tokens`, which counts
    # locally, and `get_tokenizer`): a client used for them alone is left as it is.
    local_helpers: frozenset[str] = frozenset()
    url_keys: frozenset[str] = frozenset()
    org_keys: frozenset[str] = frozenset()
    url_variables: tuple[str, ...] = ()
    typescript: TypeScriptRules = field(default_factory=TypeScriptRules)
    source: str = field(default="", compare=False)
    reverse: bool = False  # rules for the reverse migration (ByteSpike -> OpenAI)
    disabled: frozenset[str] = frozenset()  # rewrite rules turned off (--disable)
    split: bool = True  # two clients side by side where a mixed client's split is local (--no-split)
    # (package, name) of framework calls that name a model and reach OpenAI through their own settings.
    framework_requests: frozenset[tuple[str, str]] = frozenset()
    # Such calls matched by their whole name, for a package whose name a repository's own folder may have
    # (`agents.Agent`, the OpenAI Agents SDK's, not `agents.researcher.Agent`).
    framework_exact_requests: frozenset[str] = frozenset()
    # Functions that look a model id up in a package's own table (`litellm.supports_function_calling(m)`): given an
    # id the table lacks, they answer otherwise or raise. Dotted names; a trailing `*` matches a prefix.
    model_lookups: tuple[str, ...] = ()
    framework_blocks: frozenset[str] = frozenset()  # configuration keys whose mapping is a framework's
    framework_block_names: frozenset[str] = frozenset()  # beside a block: the entry's public name
    # Packages whose classes fall back on the openai module's settings (`openai.base_url`, `openai.api_key`).
    module_settings_readers: frozenset[str] = frozenset()
    # Calls that return the client they are given, wrapped (`instructor.from_openai(OpenAI())`): (package, name).
    client_wrappers: frozenset[tuple[str, str]] = frozenset()
    framework_movable: frozenset[tuple[str, str]] = frozenset()  # framework entry points that move whole
    framework_entries: dict = field(default_factory=dict)  # (package, name) -> frameworks.FrameworkEntry
    framework_implicit: dict = field(default_factory=dict)  # (package, name) -> frameworks.ImplicitModel
    unverified_arguments: dict[str, str] = field(default_factory=dict)  # call keyword -> unverified family
    unsupported_tools: dict[str, str] = field(default_factory=dict)  # hosted tool type -> unsupported family
    # What the repository-wide resolution decided for the file being processed (resolution.FilePlan).
    plan: FilePlan | None = field(default=None, compare=False)
    # The provider the code leaves (the rules file's [provider] table; OpenAI's file has none).
    provider: str = "openai"  # what `--from` takes
    provider_display: str = "OpenAI"  # how messages name it
    lookalike: str = "OpenAI"  # a class named like this that is not the SDK's is left alone
    other_clients: frozenset[str] = frozenset()  # the SDK's clients of other clouds (Bedrock, Vertex)
    bytespike_served: tuple[str, ...] = ()  # the paths ByteSpike answers on this provider's protocol
    # What the repository's dependency files pin, or lack, of the packages framework entries need to move
    # (pipeline/pins.py): set per run.
    dependencies: Dependencies = Dependencies()
    key_prefix: str = ""  # what every ByteSpike key starts with

    @property
    def env_prefix(self) -> bytes:
        """`OPENAI_`, `ANTHROPIC_`: what the provider's environment variables start with."""
        return self.openai_key_env.split("_", 1)[0].encode() + b"_"

    def reversed(self) -> Ruleset:
        return replace(self, reverse=True)

    def is_openai_url(self, url: str) -> bool:
        match = re.match(r"(?i)https?://([^/:?#]+)", url.strip())
        return match is not None and match.group(1).lower() in self.openai_hosts

    def names_a_request(self, value: str) -> bool:
        """An OpenAI URL, or its bare host (`https.request({ hostname: "api.openai.com", … })`), that a request
        made without the SDK may go to: not the model list (`GET /v1/models` takes no model)."""
        if value.strip().lower() in self.openai_hosts:
            return True
        return self.is_openai_url(value) and not re.search(r"/models/?$", value.strip().split("?")[0])

    def may_look_up_models(self, name: str) -> bool:
        """Whether a function of this name can be one of `model_lookups` (before its full name is worked out)."""
        return any(
            name.startswith(last[:-1]) if last.endswith("*") else name == last
            for last in (entry.rsplit(".", 1)[-1] for entry in self.model_lookups)
        )

    def looks_up_models(self, qual: str | None) -> bool:
        """`litellm.supports_function_calling`: a function that looks model ids up in its package's table."""
        return qual is not None and any(
            qual.startswith(name[:-1]) if name.endswith("*") else qual == name for name in self.model_lookups
        )

    def is_openai_socket(self, url: str) -> bool:
        """`wss://api.openai.com/v1/realtime?model=…`: a WebSocket to OpenAI's API (the realtime API's)."""
        match = re.match(r"(?i)wss?://([^/:?#]+)", url.strip())
        return match is not None and match.group(1).lower() in self.openai_hosts

    def unserved_family(self, url: str) -> str:
        """The API family of an OpenAI URL on a route the rules name as one ByteSpike does not serve
        (`…/v1/embeddings` -> "embeddings", `…/v1/realtime/client_secrets` -> "realtime"), or "" (chat,
        responses, images, models, messages, the bare base, and a route the rules do not know: a test's
        `/v1/fake`)."""
        if not self.is_openai_url(url) and not self.is_openai_socket(url):
            return ""
        path = url.strip().split("://", 1)[-1].split("?", 1)[0].split("/")[1:]
        raw = tuple(p for p in path if p and p != "v1")
        if not raw or raw[0] in ("chat", "responses", "images", "models", "messages"):
            return ""
        # A route as written (`/fine_tuning/jobs`, `/vector_stores`: the SDK's names) or hyphenated.
        for parts in (raw, tuple(p.replace("_", "-") for p in raw)):
            found = self.apis.classify(parts[:2]) or self.apis.classify(parts[:1])
            if found is not None and found[0] == "unsupported":
                return found[1]
        return ""

    def other_server(self, url: str) -> bool:
        """An http(s) URL of neither OpenAI's API nor ByteSpike's (a local model server, a proxy)."""
        return (
            url.startswith(("http://", "https://")) and not self.is_openai_url(url) and not self.is_bytespike_url(url)
        )

    def is_bytespike_url(self, url: str) -> bool:
        base = self.bytespike_url.rstrip("/")
        url = url.strip()
        return url.rstrip("/") == base or url.startswith(base + "/")

    def swap_base(self, url: str) -> str | None:
        """The URL with OpenAI's base swapped for ByteSpike's (or back, for the reverse), the rest of the
        path kept: `https://api.openai.com/v1/chat/completions` -> `https://llm.bytespike.ai/v1/chat/...`.
        None when the URL is not one this can swap (another path on the host)."""
        if self.reverse:
            base, target = self.bytespike_url.rstrip("/"), self.openai_url.rstrip("/")
            if url == base or url.startswith(base + "/"):
                return target + url[len(base) :]
            return None
        match = _URL.match(url.strip())
        if not match or not self.is_openai_url(url):
            return None
        path = match.group(2) or ""
        if path in ("", "/"):
            return self.bytespike_url
        openai_path = _path(self.openai_url)  # "/v1"
        if path == openai_path or path.startswith(openai_path + "/"):
            return self.bytespike_url.rstrip("/") + path[len(openai_path) :]
        return None

    @staticmethod
    def unsupported_message(family: str, call: str) -> str:
        """The unsupported-api finding for a call on a client (`files.create`), in both languages."""
        return f"{family} API ({call}) is not available on ByteSpike: keep this call on an {PROVIDER} client"

    @staticmethod
    def maybe_unsupported_message(family: str, call: str, where: str) -> str:
        """The unverified-api finding for such a call on a receiver nothing says is the SDK's (`where` says so)."""
        return (
            f"{family} API ({call}) {where}: if it is an {PROVIDER} client, ByteSpike does not have this API: keep the "
            f"call on {PROVIDER}"
        )

    def answers_differently(self, test: Callable[[str], bool]) -> bool:
        """Whether a test of a model id (a prefix, a substring, a pattern) answers differently for some id of the
        map once it is mapped: the test is reported, never rewritten."""
        mapping = self.models.reverse if self.reverse else self.models.forward
        return any(test(src) != test(dst) for src, dst in mapping.items())

    def regex_answers_differently(self, pattern: str, *, ignore_case: bool = False, how: str = "search") -> bool:
        """`re.match(r"^gpt-4", m)`, `/^gpt-4/.test(m)`: whether a pattern over ids answers differently once they
        are mapped (False for a pattern that names no letter of a model's name, `\\b(\\d+)\\b` over a program's
        output, or one Python's engine reads otherwise)."""
        named = re.sub(r"\\.|\[[^\]]*\]|\(\?[A-Za-z<=!:]*", "", pattern)  # escapes, classes and group flags
        if not any(c.isalpha() for c in named):
            return False
        try:
            compiled = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
        except re.error:
            return False
        test = getattr(compiled, how)
        return self.answers_differently(lambda model: test(model) is not None)

    @staticmethod
    def regex_test_message(call: str) -> str:
        """The dynamic-model finding for such a pattern, in both languages."""
        return (
            f"model id tested by a regular expression (`{call}`): the test answers differently for the ByteSpike ids; "
            "left as is, update it by hand"
        )

    @staticmethod
    def unserved_message(family: str, url: str) -> str:
        """The unsupported-api finding for a URL on a route ByteSpike does not serve, in both languages."""
        return f"{family} API ({url}) is not available on ByteSpike: whatever uses this URL stays on {PROVIDER}"

    def url_advice(self, url: str) -> str:
        """Where to point an OpenAI URL that code outside an SDK client uses, said for a finding: a bare host
        (`https://api.openai.com`, the code adds `/v1/chat/completions` itself; `api.openai.com`, a host name)
        becomes ByteSpike's host (its name), a
        full route its twin (its query kept); a base or a host may serve routes ByteSpike does not, which the
        advice names."""
        url = url.strip()
        cut = len(url.split("?")[0].split("#")[0])
        url, query = url[:cut], url[cut:]
        match = _URL.match(url)
        path = (match.group(2) or "").rstrip("/") if match else None
        host = _URL.match(self.bytespike_url)
        if match is None and host and re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]+", url):
            # `https.request({ hostname: "api.openai.com", path: "/v1/chat/completions" })`: a host name, answered
            # with one.
            target, path = host.group(1).split("://", 1)[1], ""
        elif match and not path and host:
            target = host.group(1)
        elif match and path and host and _ROUTE_PLACEHOLDER.fullmatch(path.lstrip("/")):
            # A proxy's rewrite (`https://api.openai.com/:path*`): the path it is given is the SDK's, `/v1` included.
            target = f"{host.group(1)}/{path.lstrip('/')}"
            path = _path(self.openai_url)  # as a base: what it forwards may be any route
        else:
            swapped = self.swap_base(url)
            target = swapped + query if swapped is not None else self.bytespike_url
        prefix = _path(self.openai_url)
        base = path is not None and path in ("", prefix)
        families = list(dict.fromkeys(self.apis.unsupported.values()))
        named = [f for f in ("embeddings", "audio", "moderations") if f in families] or families[:3]
        listed = [f.replace("-", " ") for f in named]
        also = (
            f" (for the requests ByteSpike serves only: no {', '.join(listed[:-1])} or {listed[-1]})"
            if len(listed) > 1
            else ""
        )
        if base:
            return target + also
        rest = (path or "")[len(prefix) :] if (path or "").startswith(prefix) else ""
        route = next((part for part in rest.split("/") if part and part != "v1"), "")
        # The routes ByteSpike serves on this provider's protocol (Anthropic's: /v1/messages alone; its /v1/models
        # is OpenAI's list, not Anthropic's).
        served = {parts[1] for p in self.bytespike_served if len(parts := p.strip("/").split("/")) > 1}
        if route and route not in (served or SERVED_ROUTES | {"messages"}):
            # `/v1/engines`, `/v1/organizations`: a route ByteSpike's documentation does not list.
            return target + f" (a route ByteSpike does not document, `/{route}`: check it serves it)"
        return target

    def is_real_key(self, value: str) -> bool:
        """Whether a whole string value is a key someone could use: the secret pattern, and not a placeholder
        (`sk-your-openai-api-key-here`, `sk-xxxxxxxxxxxxxxxxxxxxxxxx`) that merely has its length. Placeholders
        are still redacted like keys (`redact`): only the findings and rewrites tell the two apart."""
        value = value.strip()
        return self.secret.fullmatch(value) is not None and not is_placeholder_key(value)

    def holds_real_key(self, text: str) -> bool:
        """Whether a real key (see `is_real_key`) stands anywhere in the text."""
        return any(not is_placeholder_key(m.group(0)) for m in self.secret.finditer(text))

    def owns_real_key(self, value: str) -> bool:
        """A real key of this provider's (`sk-ant-…` is Anthropic's, every other `sk-…` OpenAI's)."""
        return self.is_real_key(value) and self.own_key.match(value.strip()) is not None

    def redact(self, text: str) -> str:
        """Text with every real-looking key cut to its first 6 characters."""
        return self.secret.sub(lambda m: m.group(0)[:6] + "…", text)

    def with_settings(
        self,
        *,
        maps: dict[str, str] | None = None,
        base_url: str | None = None,
        key_env: str | None = None,
        prefer: dict[str, str] | None = None,
        available: set[str] | None = None,
    ) -> Ruleset:
        result = self
        if available:
            result = replace(result, apis=result.apis.with_available(available))
        if prefer:
            result = replace(result, models=result.models.with_preferences(prefer))
        if maps:
            result = replace(result, models=result.models.with_overrides(maps))
        if base_url is not None:
            # Written unquoted into env files and source: only characters no shell or parser reads as
            # anything but a URL (no `$(…)`, quotes, spaces, `;`, `&`, `#`).
            if not re.fullmatch(r"https?://[A-Za-z0-9\-._~:/?\[\]@!+,=%]+", base_url):
                raise RulesError(
                    f"base URL {base_url!r} is not an http(s) URL of plain characters "
                    "(letters, digits and -._~:/?[]@!+,=% only)"
                )
            if self.secret.search(base_url):
                raise RulesError(
                    f"base URL {self.redact(base_url)!r} holds a real-looking API key: it would be "
                    "written into every file migrated; keys belong in the environment (--key-env)"
                )
            result = replace(result, bytespike_url=base_url)
        if key_env is not None:
            if not _ENV_NAME.fullmatch(key_env):
                raise RulesError(f"key variable {key_env!r} is not a valid environment variable name")
            result = replace(result, key_env=key_env)
        return result


def parse_map_option(text: str, option: str = "--map") -> tuple[str, str]:
    """'OLD=NEW' -> (OLD, NEW), checked."""
    old, sep, new = text.partition("=")
    old, new = old.strip(), new.strip()
    if not sep or not old or not new:
        example = "gpt-4o=claude-sonnet-4-6" if option == "--map" else "gpt-5-4-mini=o1"
        raise RulesError(f"{option} {text!r}: expected OLD=NEW, e.g. {option} {example}")
    for value in (old, new):
        if not _MODEL_ID.fullmatch(value):
            raise RulesError(f"{option} {text!r}: {value!r} is not a model id")
    return old, new


def _check_forward(forward: dict[str, str]) -> None:
    # A target that is also a source would make a second `apply` change the code again.
    for old, new in forward.items():
        if new in forward and forward[new] != new:
            raise RulesError(f"model map {old} -> {new} -> {forward[new]} chains: a target may not also be a source")


def _strings(table: dict, key: str, where: str) -> list[str]:
    value = table.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(f"{where}.{key} must be a list of strings")
    return value


def _string(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str):
        raise RulesError(f"{where}.{key} must be a string")
    return value


def _paths(table: dict, where: str) -> dict[tuple[str, ...], str]:
    paths: dict[tuple[str, ...], str] = {}
    for family in table:
        for dotted in _strings(table, family, where):
            paths[tuple(dotted.split("."))] = family
    return paths


def load_rules(path: Path | None = None) -> Ruleset:
    """The rules of a file, read once per process while the file is unchanged: a run asks for each
    provider's rules several times (settings, `--map` ownership, the fleet), and parsing them is a good part
    of a run on a tree with nothing to migrate. A Ruleset is frozen, so every caller can share one."""
    path = path or default_rules_path()
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise RulesError(f"cannot read rules file {path}: {exc.strerror or exc}") from None
    if key not in _LOADED:
        _LOADED[key] = _parse_rules(path)
    return _LOADED[key]


_LOADED: dict[tuple[str, int, int], Ruleset] = {}


def _parse_rules(path: Path) -> Ruleset:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"cannot read rules file {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"rules file {path} is not valid TOML: {exc}") from None
    try:
        endpoints, keys, models = data["endpoints"], data["keys"], data["models"]
        clients, api = data["clients"], data["api"]
        forward = dict(models["forward"])
        _check_forward(forward)
        catalog = models.get("bytespike-catalog", {})
        model_map = ModelMap(
            forward=forward,
            reverse=dict(models["reverse"]),
            approximate=dict(models.get("approximate", {})),
            reverse_ambiguous={k: list(v) for k, v in models.get("reverse-ambiguous", {}).items()},
            prefixes=tuple(_strings(models, "prefixes", "models")),
            catalog=frozenset(i for ids in catalog.values() for i in ids),
            openai_id=re.compile(_string(models, "openai-id-pattern", "models")),
            openai_only=re.compile(models["openai-only-pattern"]) if "openai-only-pattern" in models else None,
            other_providers=tuple(
                _strings(models.get("bytespike-only", {"prefixes": []}), "prefixes", "models.bytespike-only")
            ),
            current=frozenset(_strings(models, "current", "models")) if "current" in models else frozenset(),
        )
        provider = data.get("provider", {"name": "openai", "display": "OpenAI", "lookalike": "OpenAI"})
        return Ruleset(
            models=model_map,
            apis=ApiFamilies(
                unsupported=_paths(api["unsupported"], "api.unsupported"),
                unverified=_paths(api["unverified"], "api.unverified"),
                served=tuple(tuple(d.split(".")) for d in _strings(api, "served", "api")) if "served" in api else (),
                resources=frozenset(_strings(api, "resources", "api")) if "resources" in api else frozenset(),
            ),
            bytespike_url=_string(endpoints, "bytespike", "endpoints"),
            openai_url=_string(endpoints, "openai", "endpoints"),
            openai_hosts=tuple(h.lower() for h in _strings(endpoints, "openai-hosts", "endpoints")),
            key_env=_string(keys, "bytespike-env", "keys"),
            openai_key_env=_string(keys, "openai-env", "keys"),
            key_placeholder=_string(keys, "bytespike-placeholder", "keys"),
            secret=re.compile(_string(keys, "secret-pattern", "keys")),
            own_key=re.compile(_string(keys, "own-key", "keys")),
            other_env=re.compile(_string(keys, "other-provider-env", "keys")),
            package=_string(clients, "package", "clients"),
            sdk_clients=frozenset(_strings(clients, "sdk", "clients")),
            azure_clients=frozenset(_strings(clients, "azure", "clients")),
            base_url_args=tuple(_strings(clients, "base-url", "clients")),
            api_key_args=tuple(_strings(clients, "api-key", "clients")),
            ignored_args=tuple(_strings(clients, "ignored", "clients")),
            elsewhere_args=tuple(_strings(clients, "elsewhere", "clients")) if "elsewhere" in clients else (),
            own_auth_args=tuple(_strings(clients, "own-auth", "clients")) if "own-auth" in clients else (),
            module_resources=frozenset(_strings(clients, "module-resources", "clients")),
            local_helpers=frozenset(_strings(clients, "local-helpers", "clients"))
            if "local-helpers" in clients
            else frozenset(),
            url_keys=frozenset(_strings(data.get("config", {}), "url-keys", "config")),
            org_keys=frozenset(_strings(data.get("config", {}), "org-keys", "config")),
            url_variables=tuple(_strings(data.get("config", {}), "url-variables", "config")),
            framework_requests=frozenset(
                (entry.split(".")[0], entry.rsplit(".", 1)[-1])
                for entry in _strings(data.get("frameworks", {"requests": []}), "requests", "frameworks")
            ),
            framework_exact_requests=frozenset(_strings(data.get("frameworks", {}), "exact-requests", "frameworks"))
            if "exact-requests" in data.get("frameworks", {})
            else frozenset(),
            model_lookups=tuple(_strings(data.get("frameworks", {}), "model-lookups", "frameworks"))
            if "model-lookups" in data.get("frameworks", {})
            else (),
            unsupported_tools={
                tool: family for family, tools in data["api"].get("unsupported-tools", {}).items() for tool in tools
            },
            unverified_arguments={
                arg: family for family, args in data["api"].get("unverified-arguments", {}).items() for arg in args
            },
            framework_blocks=frozenset(data.get("frameworks", {}).get("config-blocks", [])),
            framework_block_names=frozenset(data.get("frameworks", {}).get("config-block-names", [])),
            module_settings_readers=frozenset(data.get("frameworks", {}).get("module-settings-readers", [])),
            client_wrappers=frozenset(
                (entry.split(".")[0], entry.rsplit(".", 1)[-1])
                for entry in data.get("frameworks", {}).get("client-wrappers", [])
            ),
            framework_movable=frozenset(parse_frameworks(data.get("frameworks", {}))),
            framework_entries=parse_frameworks(data.get("frameworks", {})),
            framework_implicit=parse_implicit(data.get("frameworks", {})),
            typescript=_typescript(data["typescript"], provider["name"]) if "typescript" in data else TypeScriptRules(),
            source=str(path),
            provider=_string(provider, "name", "provider"),
            provider_display=_string(provider, "display", "provider"),
            lookalike=_string(provider, "lookalike", "provider"),
            other_clients=frozenset(
                _strings(clients, "other-endpoint", "clients") if "other-endpoint" in clients else ()
            ),
            bytespike_served=tuple(
                _strings(endpoints, "bytespike-served", "endpoints") if "bytespike-served" in endpoints else ()
            ),
            key_prefix=_string(keys, "bytespike-key-prefix", "keys") if "bytespike-key-prefix" in keys else "",
        )
    except KeyError as exc:
        raise RulesError(f"rules file {path} has no {exc.args[0]!r} table") from None
    except (TypeError, AttributeError, re.error) as exc:
        raise RulesError(f"rules file {path} is malformed: {exc}") from None


def load_provider(name: str) -> Ruleset:
    """The rules of one provider `--from` names."""
    if name not in PROVIDERS:
        raise RulesError(f"unknown provider {name!r} (known: {', '.join(PROVIDERS)})")
    return load_rules(default_rules_path(PROVIDERS[name]))
