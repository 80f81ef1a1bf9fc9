"""YAML files, edited as text: PyYAML's composer gives every scalar's exact span, so only the changed
scalars differ; indentation, quoting, flow style, anchors and comments are untouched. Block scalars and
scalars written with escapes are reported, not edited."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from migrate_cli.formats.litellm_blocks import move_block
from migrate_cli.formats.values import Scalar, ValueJudge, is_recording
from migrate_cli.pipeline.result import FileResult
from migrate_cli.pipeline.ruleset import Ruleset
from migrate_cli.pipeline.source import LineIndex, SourceText, UndecodableSource
from migrate_cli.pipeline.textfile import Unreadable, finish, skipped
from migrate_cli.reporters.findings import PROVIDER

if TYPE_CHECKING:
    import yaml


def _load(text: str) -> list[yaml.Node | None]:
    import yaml

    try:
        return list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise Unreadable(_reason(exc)) from None


def _reason(exc: yaml.YAMLError) -> str:
    """What is wrong and where, without the excerpt of the line PyYAML adds to its message: that line
    can hold a key, and a finding never shows one."""
    mark = getattr(exc, "problem_mark", None)
    words = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
    if not words:
        words = type(exc).__name__
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return words + where


def verify(text: str) -> None:
    _load(text)


def _scalar(text: str, node: Any, key: str | None) -> tuple[Scalar, bool]:
    """A string scalar where it stands, and whether its span is exactly its value (plain or quoted on one line)."""
    start, end = node.start_mark.index, node.end_mark.index
    span = text[start:end]
    value = node.value
    if node.style in (None, "") and "\n" not in span and span.endswith(value):
        return Scalar(end - len(value), end, value, key), True
    if node.style in ('"', "'") and span.endswith(node.style + value + node.style):
        return Scalar(end - len(value) - 1, end - 1, value, key), True
    return Scalar(start, end, value, key), False


def _component(node: Any, provider: str) -> Any:
    """The `provider:` value node of a mapping that is a framework's component naming `provider` (AutoGen's
    `provider: autogen_ext.models.openai.OpenAIChatCompletionClient` beside its `config:`), or None."""
    import yaml

    built = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "provider"), None)
    if (
        isinstance(built, yaml.ScalarNode)
        and _COMPONENT.fullmatch(built.value or "")
        and provider in built.value.lower()
    ):
        return built
    return None


def scalars(
    text: str,
    blocks: frozenset[str] = frozenset(),
    found_blocks: list | None = None,
    names: frozenset[str] = frozenset(),
    components: list | None = None,
    provider: str = "",
) -> Iterator[tuple[Scalar, bool]]:
    """Every string scalar (and whether its span is exactly its value); mappings under a key in `blocks`
    are passed over and their (key node, value node) appended to `found_blocks`, and so are the values
    under a key in `names` beside such a block (LiteLLM's `model_name`: the name the entry is served under).
    A component a framework builds from its configuration (AutoGen's `provider:
    autogen_ext.models.openai.OpenAIChatCompletionClient` with its `config:`) naming `provider` is passed over
    too, its provider's value node appended to `components`."""
    import yaml

    seen: set[int] = set()

    def walk(node: yaml.Node, key: str | None) -> Iterator[tuple[Scalar, bool]]:
        if id(node) in seen:
            return  # an alias: its anchor was visited already
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:str":
                yield _scalar(text, node, key)
        elif isinstance(node, yaml.MappingNode):
            keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
            built = _component(node, provider) if components is not None and provider and "config" in keys else None
            if built is not None and components is not None:
                components.append(built)
                return  # its model, endpoint and key are the component's: left whole
            entry = found_blocks is not None and not keys.isdisjoint(blocks)
            for key_node, value_node in node.value:
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if name in blocks and found_blocks is not None:
                    found_blocks.append((key_node, value_node))
                    continue
                if entry and name in names:
                    continue
                yield from walk(value_node, name)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, key)

    for document in _load(text):
        if document is not None:
            yield from walk(document, None)


def scalar_paths(text: str) -> list[tuple[tuple, int, int, str]]:
    """(path, start, end, value) of every string scalar: path is the keys and list indexes above it, the
    document's index first."""
    import yaml

    found: list[tuple[tuple, int, int, str]] = []
    todo: list[tuple[object, tuple]] = [(d, (i,)) for i, d in enumerate(_load(text)) if d is not None]
    seen: set[int] = set()
    while todo:
        node, path = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            found.append((path, node.start_mark.index, node.end_mark.index, node.value))
        elif isinstance(node, yaml.MappingNode):
            todo.extend((v, (*path, getattr(k, "value", None))) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((v, (*path, i)) for i, v in enumerate(node.value))
    return found


def mapping_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every mapping, documents included."""
    import yaml

    spans: list[tuple[int, int]] = []
    todo = [d for d in _load(text) if d is not None]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            spans.append((node.start_mark.index, node.end_mark.index))
            todo.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
    return spans


_COMPONENT = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)+\.[A-Z]\w*")  # a dotted path to a class


def found_recording(text: str) -> bool:
    """Whether the text is a recording of HTTP exchanges (a cassette); Unreadable when libyaml refuses it
    as nested too deeply."""
    import yaml

    try:
        return any(
            is_recording(d)
            for d in yaml.load_all(text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader)
        )
    except yaml.YAMLError as exc:
        if getattr(exc, "problem", None) == "exceeded maximum nesting depth":
            # libyaml's limit (1,000 levels): deeper, the pure-Python composer is quadratic in the depth
            # (5,000 levels took 45 s), and YAML most readers refuse is not worth the wait.
            raise Unreadable(_reason(exc)) from None
        return False


def rewrite_yaml(path: str, data: bytes, rules: Ruleset) -> FileResult:
    blocks: list = []
    try:
        source = SourceText.decode(data)
        # Recorded HTTP exchanges first, with the C loader where there is one: cassettes are large, and
        # the composer that gives exact spans is pure Python (ten times slower on paper-qa's 6.8 MB).
        if found_recording(source.text):
            return FileResult(path)
        components: list = []
        found = list(
            scalars(
                source.text, rules.framework_blocks, blocks, rules.framework_block_names, components, rules.provider
            )
        )
    except (UndecodableSource, Unreadable) as exc:
        return skipped(path, f"skipped, not YAML: {exc}")
    judge = ValueJudge(rules, path, LineIndex(source.text))
    for scalar, exact in found:
        judge.judge(scalar, exact=exact)
    if not rules.reverse:
        for key_node, value_node in blocks:
            # A framework's own model entry (LiteLLM's proxy): it moves whole or not at all (README, Frameworks).
            why = move_block(source.text, key_node, value_node, judge)
            if why:
                judge.report(
                    key_node.start_mark.index,
                    "client-kept-on-openai",
                    f"{key_node.value}: a framework's model entry, left whole (model, api_base, api_key): "
                    f"{why}; point it at {rules.bytespike_url} with a ByteSpike key and id by hand if it "
                    "should move",
                )
        for built in components:
            judge.report(
                built.start_mark.index,
                "client-kept-on-openai",
                f"{built.value}: a component built from this configuration (its model, endpoint and key under "
                f"`config`) reaches {PROVIDER} through its own settings: left whole; the tool does not move it",
            )
    return finish(path, data, source, judge.edits, judge.findings, rules, verify)
