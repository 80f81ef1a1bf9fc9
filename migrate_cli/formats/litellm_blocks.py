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
    if not isinstance(value_node, yaml.MappingNode):
        return "its parameters are not a mapping the tool can read"
    entries = {k.value: v for k, v in value_node.value if isinstance(k, yaml.ScalarNode)}
    model = entries.get("model")
    model_span = _span(text, model) if isinstance(model, yaml.ScalarNode) else None
    if model is None or model_span is None:
        return "its model is not written as a plain string"
    value = model.value
    found = _mapped_model(value, judge)
    if isinstance(found, str):
        return found
    bare, mapped = found
    edits: list[Edit] = []
    base = entries.get("api_base") or entries.get("base_url")
    key = entries.get("api_key")
    for node, made in ((base, _base_edit), (key, _key_edit)):  # the key is judged once the base can move
        edit = made(text, node, judge)
        if isinstance(edit, str):
            return edit
        if edit is not None:
            edits.append(edit)
    start, end = model_span
    target = PREFIX + mapped
    if target != value:
        edits.append(Edit(start, end, target, RULE))
        if approximation := rules.models.approximation(bare):
            judge.report(start, "approximate-model", approximation)
    missing = ([] if base is not None else [f"api_base: {rules.bytespike_url}"]) + (
        [] if key is not None else [f"api_key: os.environ/{rules.key_env}"]
    )
    if missing:
        edits.append(_insertion(text, value_node, missing))
    judge.edits.extend(edits)
    return ""


def _mapped_model(value: str, judge: ValueJudge) -> tuple[str, str] | str:
    """The entry's OpenAI id without its prefix and the ByteSpike id it becomes, or why it stays ("" when the
    entry is not OpenAI's)."""
    models = judge.rules.models
    bare = value[len(PREFIX) :] if value.startswith(PREFIX) else value
    if bare == value and "/" in value:
        return ""  # another provider's entry ("anthropic/…")
    if bare == value and not (models.map_forward(bare) or models.openai_id.fullmatch(bare)):
        return ""  # not an OpenAI id: not OpenAI's entry
    mapped = models.map_forward(bare)
    if mapped is not None:
        return bare, mapped
    if models.catalog and bare in models.catalog:
        return bare, bare  # a ByteSpike id already
    return f"its model {value!r} has no ByteSpike mapping (add --map {bare}=ID)"


def _base_edit(text: str, base: yaml.Node | None, judge: ValueJudge) -> Edit | str | None:
    """The edit that points the entry's `api_base` at ByteSpike, or why the entry stays ("" when it is another
    server's)."""
    import yaml

    if base is None:
        return None
    rules = judge.rules
    url = base.value if isinstance(base, yaml.ScalarNode) else None
    span = _span(text, base) if isinstance(base, yaml.ScalarNode) else None
    if url is None or span is None:
        return "its api_base is not a plain string"
    if not rules.is_openai_url(url) and not rules.is_bytespike_url(url):
        return ""  # another server's entry
    swapped = rules.swap_base(url) if rules.is_openai_url(url) else url
    if swapped is None:
        return f"its api_base {url!r} is not {PROVIDER}'s API base"
    return Edit(*span, swapped, RULE) if swapped != url else None


def _key_edit(text: str, key: yaml.Node | None, judge: ValueJudge) -> Edit | str | None:
    """The edit that reads the entry's `api_key` from the ByteSpike variable, or why the entry stays."""
    import yaml

    if key is None:
        return None
    rules = judge.rules
    reference = f"os.environ/{rules.key_env}"
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
    return Edit(*span, reference, RULE) if key.value != reference else None


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
