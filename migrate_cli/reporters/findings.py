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
    """A finding code, declared once: its id (what `--select` takes), its severity, what it means (SARIF
    descriptors, the markdown summary, the `rules` command), and whether it needs a person before the migration
    can merge.

    A code one rewrite rule reports is declared in that rule's module and named in its `emits`
    (`rules/python/frameworks.py`); the codes below are reported by several rules, languages or engine steps."""

    id: str
    severity: Severity
    meaning: str
    needs_a_human: bool = False


_SHARED = (
    Code(
        "unsupported-api",
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
    Code(
        "hardcoded-key",
        Severity.ERROR,
        "A real-looking API key committed in code or configuration: replaced by an environment read "
        "where its client moves, reported where it stays; revoke it. Placeholders (`sk-your-…`, "
        "`sk-xxx…`) are not keys.",
        needs_a_human=True,
    ),
    Code(
        "parse-error",
        Severity.ERROR,
        "The file does not parse (skipped), or a rewrite would not parse (not written). JSON with "
        "comments and trailing commas is read; Python the running interpreter cannot read but LibCST "
        "can is newer-syntax instead.",
        needs_a_human=True,
    ),
    Code(
        "no-openai-equivalent",
        Severity.ERROR,
        "Reverse migration: a ByteSpike model id with no OpenAI equivalent (never guessed).",
        needs_a_human=True,
    ),
    Code(
        "client-kept-on-openai",
        Severity.WARNING,
        "A client, the module client or a framework's model entry left on OpenAI (Anthropic "
        "code: on Anthropic), whole: it "
        "calls APIs ByteSpike does not serve, is configured only by the environment, or "
        "is a framework call that names one of the provider's models (or none) and cannot move "
        "whole (embeddings, no model named), or is an instance of a subclass of the SDK's "
        "client class with methods of its own.",
        needs_a_human=True,
    ),
    Code(
        "azure-client",
        Severity.WARNING,
        "An Azure OpenAI client: not migrated (its model is a deployment name).",
        needs_a_human=True,
    ),
    Code(
        "dynamic-config",
        Severity.WARNING,
        "The endpoint or key comes from an expression the tool cannot follow, or an OpenAI URL is "
        "used outside SDK configuration: check it by hand.",
        needs_a_human=True,
    ),
    Code(
        "dynamic-model",
        Severity.WARNING,
        "A model id built at run time, tested by prefix or substring, or that the tool cannot follow "
        "to its requests while some requests that stay take untraced ids: check it by hand.",
        needs_a_human=True,
    ),
    Code(
        "approximate-model",
        Severity.WARNING,
        "o1 / o1-preview mapped to the closest ByteSpike model: pin an id for repeatability.",
    ),
    Code(
        "model-key-collision",
        Severity.WARNING,
        "A dict whose keys would collide once mapped: keys left as they are.",
    ),
    Code(
        "model-shared",
        Severity.WARNING,
        "A model id reaches requests that stay on OpenAI and requests that could move: it stays, and "
        "so do the clients of the second; give each side its own constant.",
        needs_a_human=True,
    ),
    Code(
        "ambiguous-reverse",
        Severity.WARNING,
        "Reverse migration: a ByteSpike id with several OpenAI sources.",
    ),
    Code(
        "revert-conflict",
        Severity.WARNING,
        "revert: a recorded site was edited by hand since apply; left as is.",
        needs_a_human=True,
    ),
    Code(
        "newer-syntax",
        Severity.WARNING,
        "A Python file in newer syntax than the Python running the tool reads (PEP 701 f-strings on "
        "3.11): parsed, not rewritten; its model ids are reported where they stand.",
        needs_a_human=True,
    ),
    Code(
        "unmapped-model",
        Severity.INFO,
        "An OpenAI model id with no ByteSpike mapping: left as is. One finding per id in code and in "
        "files the code names; one per folder, counting them, in the JSON, YAML or TOML files no code "
        "names (a leaderboard, benchmark results).",
    ),
    Code(
        "other-endpoint",
        Severity.INFO,
        "A client of another server (Anthropic on Bedrock or Vertex too): left as is. A class of "
        "another package named like the SDK's is `client-kept-on-openai`.",
    ),
    Code(
        "org-project-ignored",
        Severity.INFO,
        "organization / project: accepted but ignored by ByteSpike.",
    ),
    Code(
        "unverified-api",
        Severity.INFO,
        "A call whose support on ByteSpike is unknown (stored responses: responses.retrieve, "
        "previous_response_id): verify it.",
    ),
    Code(
        "external-default",
        Severity.INFO,
        "The default model of a command-line option, a parameter, a setting or an environment variable "
        '(`os.getenv("MODEL", "gpt-4o")`) moved with its requests: whoever gives it a model from outside the '
        "repository (a caller, a script, the environment) must give a ByteSpike id now; a client made unless one "
        "is given (`client or OpenAI()`) moved: a client given there from outside gets ByteSpike ids.",
    ),
    Code(
        "external-client",
        Severity.INFO,
        "A request on a client that only code outside the repository gives (a parameter of a function nothing "
        "here calls, a library's public API): its model ids stay the provider's; a caller that gives it a "
        "ByteSpike client must give ByteSpike ids.",
    ),
    Code(
        "data-file",
        Severity.INFO,
        "Model ids in data files whose name no code of the repository mentions (a benchmark's results, a "
        "leaderboard): left as they are, as records of what was run; one finding per folder.",
    ),
)
# The codes several places report; the rules' own codes join them as the rule modules load.
CODES: dict[str, Code] = {c.id: c for c in _SHARED}


def declare(new: Code) -> None:
    """A rule module's own code joins the others (a second declaration of an id must be the same code)."""
    if CODES.setdefault(new.id, new) != new:
        raise ValueError(f"finding {new.id!r} is declared twice, differently")


def all_codes() -> dict[str, Code]:
    """Every finding code: the shared ones and those the rule modules declare (loaded here when not yet)."""
    from migrate_cli.python.rewrite_rules import python_rules

    python_rules()
    return CODES


def code(finding_id: str) -> Code:
    """The declaration of a finding code (KeyError for an id nobody declares)."""
    return CODES[finding_id] if finding_id in CODES else all_codes()[finding_id]


def is_code(finding_id: str) -> bool:
    return finding_id in CODES or finding_id in all_codes()


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    code: str  # the finding's code (`unsupported-api`); "rule" in the JSON and SARIF output
    message: str
    # The provider whose code the finding is about ("openai", "anthropic"); "" when it is about none in
    # particular (a file that does not parse). Not part of a finding's identity: two providers' runs that
    # report the same site the same way make one finding.
    provider: str = field(default="", compare=False)

    @property
    def severity(self) -> Severity:
        return code(self.code).severity

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["rule"] = data.pop("code")  # the output's name for it, as SARIF's ruleId
        data["severity"] = self.severity.value
        data["provider"] = self.provider or None
        return {k: data[k] for k in ("path", "line", "column", "rule", "severity", "message", "provider")}
