"""Findings: what a run reports about a site it could not (or should not silently) migrate."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum

# The provider a message is about, as a slot of its text (`f"client c stays on {PROVIDER}"`): each provider's run
# fills it with its name (pipeline/providers.py), "OpenAI" or "Anthropic".
PROVIDER = "{provider}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    """A finding code, declared once: its severity, what it means (SARIF descriptors, the markdown summary, the
    `rules` command), and whether it needs a person before the migration can merge."""

    severity: Severity
    meaning: str
    needs_a_human: bool = False


CODES: dict[str, Code] = {
    "unsupported-api": Code(
        Severity.ERROR,
        "A call to an API ByteSpike does not serve (Files, Uploads, Assistants, Threads, Vector "
        "stores, Fine-tuning, embeddings, audio, moderations, batches, realtime, and any call on a client "
        "ByteSpike does not list), or such a method "
        "handed on by reference (`functools.partial(client.files.create, …)`, "
        "`asyncio.to_thread(client.embeddings.create, …)`): its client stays on OpenAI "
        "(`--available FAMILY` when your key reaches it). One per call, from the run of its "
        "client's provider.",
        needs_a_human=True,
    ),
    "hardcoded-key": Code(
        Severity.ERROR,
        "A real-looking API key committed in code or configuration: replaced by an environment read "
        "where its client moves, reported where it stays; revoke it. Placeholders (`sk-your-…`, "
        "`sk-xxx…`) are not keys.",
        needs_a_human=True,
    ),
    "parse-error": Code(
        Severity.ERROR,
        "The file does not parse (skipped), or a rewrite would not parse (not written). JSON with "
        "comments and trailing commas is read; Python the running interpreter cannot read but LibCST "
        "can is newer-syntax instead.",
        needs_a_human=True,
    ),
    "no-openai-equivalent": Code(
        Severity.ERROR,
        "Reverse migration: a ByteSpike model id with no OpenAI equivalent (never guessed).",
        needs_a_human=True,
    ),
    "client-kept-on-openai": Code(
        Severity.WARNING,
        "A client, the module client or a framework's model entry left on OpenAI (Anthropic "
        "code: on Anthropic), whole: it "
        "calls APIs ByteSpike does not serve, is configured only by the environment, or "
        "is a framework call that names one of the provider's models (or none) and cannot move "
        "whole (embeddings, no model named), or is an instance of a subclass of the SDK's "
        "client class with methods of its own.",
        needs_a_human=True,
    ),
    "azure-client": Code(
        Severity.WARNING,
        "An Azure OpenAI client: not migrated (its model is a deployment name).",
        needs_a_human=True,
    ),
    "dynamic-config": Code(
        Severity.WARNING,
        "The endpoint or key comes from an expression the tool cannot follow, or an OpenAI URL is "
        "used outside SDK configuration: check it by hand.",
        needs_a_human=True,
    ),
    "dynamic-model": Code(
        Severity.WARNING,
        "A model id built at run time, tested by prefix or substring, or that the tool cannot follow "
        "to its requests while some requests that stay take untraced ids: check it by hand.",
        needs_a_human=True,
    ),
    "approximate-model": Code(
        Severity.WARNING,
        "o1 / o1-preview mapped to the closest ByteSpike model: pin an id for repeatability.",
    ),
    "model-key-collision": Code(
        Severity.WARNING,
        "A dict whose keys would collide once mapped: keys left as they are.",
    ),
    "model-shared": Code(
        Severity.WARNING,
        "A model id reaches requests that stay on OpenAI and requests that could move: it stays, and "
        "so do the clients of the second; give each side its own constant.",
        needs_a_human=True,
    ),
    "ambiguous-reverse": Code(
        Severity.WARNING,
        "Reverse migration: a ByteSpike id with several OpenAI sources.",
    ),
    "revert-conflict": Code(
        Severity.WARNING,
        "revert: a recorded site was edited by hand since apply; left as is.",
        needs_a_human=True,
    ),
    "newer-syntax": Code(
        Severity.WARNING,
        "A Python file in newer syntax than the Python running the tool reads (PEP 701 f-strings on "
        "3.11): parsed, not rewritten; its model ids are reported where they stand.",
        needs_a_human=True,
    ),
    "unmapped-model": Code(
        Severity.INFO,
        "An OpenAI model id with no ByteSpike mapping: left as is. One finding per id in code and in "
        "files the code names; one per file, counting them, in a JSON, YAML or TOML file no code "
        "names (a leaderboard, benchmark results).",
    ),
    "other-endpoint": Code(
        Severity.INFO,
        "A client of another server (Anthropic on Bedrock or Vertex too): left as is. A class of "
        "another package named like the SDK's is `client-kept-on-openai`.",
    ),
    "org-project-ignored": Code(
        Severity.INFO,
        "organization / project: accepted but ignored by ByteSpike.",
    ),
    "unverified-api": Code(
        Severity.INFO,
        "A call whose support on ByteSpike is unknown (stored responses: responses.retrieve, "
        "previous_response_id): verify it.",
    ),
    "framework-dependency": Code(
        Severity.WARNING,
        "A framework class moved to its OpenAI-compatible sibling from another package "
        "(LlamaIndex's OpenAILike): add that package to the project's dependencies (and to a notebook's "
        "`pip install` cell), or the import fails.",
        needs_a_human=True,
    ),
    "external-default": Code(
        Severity.INFO,
        "The default model of a command-line option, a parameter or an environment variable "
        '(`os.getenv("MODEL", "gpt-4o")`) moved with its requests: whoever gives it a model from outside the '
        "repository (a caller, a script, the environment) must give a ByteSpike id now.",
    ),
}
RULE_SEVERITY: dict[str, Severity] = {code: c.severity for code, c in CODES.items()}
RULE_DESCRIPTIONS: dict[str, str] = {code: c.meaning for code, c in CODES.items()}
NEEDS_A_HUMAN = tuple(code for code, c in CODES.items() if c.needs_a_human)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    message: str
    # The provider whose code the finding is about ("openai", "anthropic"); "" when it is about none in
    # particular (a file that does not parse). Not part of a finding's identity: two providers' runs that
    # report the same site the same way make one finding.
    provider: str = field(default="", compare=False)

    @property
    def severity(self) -> Severity:
        return RULE_SEVERITY[self.rule]

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["provider"] = self.provider or None
        return {k: data[k] for k in ("path", "line", "column", "rule", "severity", "message", "provider")}
