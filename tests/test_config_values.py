"""Configuration files: only the changed values differ, at the data level as well as in the text."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate_cli.formats.json_file import rewrite_json
from migrate_cli.formats.yaml_file import rewrite_yaml
from migrate_cli.pipeline.ruleset import load_rules

RULES = load_rules()
FORWARD = RULES.models.forward
WORDS = st.sampled_from(
    [
        "gpt-4o",
        "gpt-4o-mini",
        "o1",
        "gpt-5",
        "claude-sonnet-4-6",
        "gpt-4o-mini-tts",
        "plain",
        "openai/gpt-4o",
        "a b",
        "x:y",
        "",
        "42",
        "true",
        "gpt-5.4-mini",
    ]
)
KEYS = st.sampled_from(["model", "name", "fallback", "gpt-4o", "notes", "models"])
DATA = st.recursive(
    WORDS | st.integers(-5, 5) | st.booleans(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def mapped(data):
    """What the migration should make of the data: mapped values, nothing else."""
    if isinstance(data, dict):
        return {k: mapped(v) for k, v in data.items()}
    if isinstance(data, list):
        return [mapped(v) for v in data]
    if isinstance(data, str):
        target = RULES.models.map_forward(data)
        return target if target is not None else data
    return data


@settings(max_examples=150, deadline=None)
@given(DATA, st.sampled_from([None, 1, 2, 4, "\t"]))
def test_json_only_mapped_values_change(data, indent):
    text = json.dumps({"root": data}, indent=indent)
    result = rewrite_json("x.json", text.encode(), RULES)
    after = result.new_data.decode() if result.changed else text
    assert json.loads(after) == {"root": mapped(data)}
    # Every line that differs holds a value that was mapped.
    for old, new in zip(text.splitlines(), after.splitlines()):
        if old != new:
            assert any(t in new for t in FORWARD.values()), (old, new)
    assert len(text.splitlines()) == len(after.splitlines())


@settings(max_examples=150, deadline=None)
@given(DATA, st.booleans(), st.sampled_from([None, '"', "'"]))
def test_yaml_only_mapped_values_change(data, flow, style):
    text = yaml.safe_dump({"root": data}, default_flow_style=flow, default_style=style, sort_keys=False)
    result = rewrite_yaml("x.yaml", text.encode(), RULES)
    assert not result.internal_error
    after = result.new_data.decode() if result.changed else text
    loaded = yaml.safe_load(after)
    assert loaded == {"root": mapped(data)} or any(f.code == "dynamic-model" for f in result.findings)
    assert len(text.splitlines()) == len(after.splitlines())
