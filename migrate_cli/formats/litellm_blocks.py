"""LiteLLM's proxy `config.yaml` (README, Frameworks): a `litellm_params` mapping is one model entry that moves whole.

An entry whose model is OpenAI's (`openai/gpt-4o`, or a bare OpenAI id) gets the ByteSpike id behind the
`openai/` prefix (LiteLLM routes an id it does not know through its OpenAI-compatible path only with it),
`api_base` pointed at ByteSpike and its key read from `os.environ/BYTESPIKE_API_KEY`; the missing ones are
added in the mapping's own layout (block or flow). An entry of another provider or server is not OpenAI's
and is left alone; one whose model or key the tool cannot follow stays whole, with a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from migrate_cli.formats.values import ValueJudge
from migrate_cli.pipeline.edits import Edit
from migrate_cli.reporters.findings import PROVIDER

if TYPE_CHECKING:
    import yaml

PREFIX = "openai/"
RULE = "framework-entry"


def _span(text: str, node: yaml.ScalarNode) -> tuple[int, int] | None:
    """Offsets of exactly the scalar's value (quotes excluded), or None when it is not written plainly."""
    start, end = node.start_mark.index, node.end_mark.index
    span, value = text[start:end], node.value
    if node.style in (None, "") and "\n" not in span and span.endswith(value):
        return end - len(value), end
    if node.style in ('"', "'") and span == node.style + value + node.style:
        return start + 1, end - 1
    return None


def move_block(text: str, key_node: yaml.Node, value_node: yaml.Node, judge: ValueJudge) -> str:
    """Moves one `litellm_params` entry, or says why it stays ("" when it moved or is not OpenAI's)."""
    import yaml

    rules = judge.rules
    models = rules.models
    if not isinstance(value_node, yaml.MappingNode):
        return "its parameters are not a mapping the tool can read"
    entries = {k.value: v for k, v in value_node.value if isinstance(k, yaml.ScalarNode)}
    model = entries.get("model")
    model_span = _span(text, model) if isinstance(model, yaml.ScalarNode) else None
    if model is None or model_span is None:
        return "its model is not written as a plain string"
    value = model.value
    bare = value[len(PREFIX) :] if value.startswith(PREFIX) else value
    if bare != value or "/" not in value:
        if bare == value and not (models.map_forward(bare) or models.openai_id.fullmatch(bare)):
            return ""  # not an OpenAI id: not OpenAI's entry
    else:
        return ""  # another provider's entry ("anthropic/…")
    mapped = models.map_forward(bare)
    if mapped is None:
        if models.catalog and bare in models.catalog:
            mapped = bare  # a ByteSpike id already
        else:
            return f"its model {value!r} has no ByteSpike mapping (add --map {bare}=ID)"
    edits: list[Edit] = []
    base = entries.get("api_base") or entries.get("base_url")
    if base is not None:
        url = base.value if isinstance(base, yaml.ScalarNode) else None
        span = _span(text, base) if url is not None else None
        if url is None or span is None:
            return "its api_base is not a plain string"
        if not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
            return ""  # another server's entry
        swapped = rules.swap_base(url) if rules.is_openai_url(url) else url
        if swapped is None:
            return f"its api_base {url!r} is not {PROVIDER}'s API base"
        if swapped != url:
            edits.append(Edit(*span, swapped, RULE))
    key = entries.get("api_key")
    reference = f"os.environ/{rules.key_env}"
    if key is not None:
        span = _span(text, key) if isinstance(key, yaml.ScalarNode) else None
        if span is None or key.value not in (f"os.environ/{rules.openai_key_env}", reference):
            if isinstance(key.value, str) and rules.is_real_key(key.value):
                judge.report(
                    key.start_mark.index,
                    "hardcoded-key",
                    f"a real-looking API key ({rules.redact(key.value)}) is committed here: move it to "
                    f"the environment (os.environ/{rules.openai_key_env}) and revoke it",
                )
            return "its api_key is not a reference to OPENAI_API_KEY the tool can point at a ByteSpike key"
        if key.value != reference:
            edits.append(Edit(*span, reference, RULE))
    start, end = model_span
    target = PREFIX + mapped
    if target != value:
        edits.append(Edit(start, end, target, RULE))
        if approximation := models.approximation(bare):
            judge.report(start, "approximate-model", approximation)
    missing = ([] if base is not None else [f"api_base: {rules.bytespike_url}"]) + (
        [] if key is not None else [f"api_key: {reference}"]
    )
    if missing:
        edits.append(_insertion(text, value_node, missing))
    judge.edits.extend(edits)
    return ""


def _insertion(text: str, mapping: yaml.MappingNode, lines: list[str]) -> Edit:
    if mapping.flow_style:
        close = mapping.end_mark.index - 1  # the `}`
        before = text[:close].rstrip()
        joined = ", ".join(lines)
        if before.endswith("{"):
            return Edit(len(before), len(before), joined, RULE)
        if before.endswith(","):
            return Edit(len(before), len(before), f" {joined},", RULE)
        return Edit(len(before), len(before), f", {joined}", RULE)
    first_key = mapping.value[0][0]
    indent = " " * first_key.start_mark.column
    last_value = mapping.value[-1][1]
    at = text.find("\n", last_value.end_mark.index - 1)
    newline = "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"
    if at > 0 and text[at - 1] == "\r":
        at -= 1
    if at == -1:
        at = len(text)
    return Edit(at, at, "".join(f"{newline}{indent}{line}" for line in lines), RULE)
