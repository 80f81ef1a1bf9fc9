"""Model ids (SPEC §3.4): string literals whose whole value is a mapped OpenAI id become ByteSpike ids.

Quotes and a provider prefix (`openai/gpt-4o`) are kept. Docstrings, comments, substrings
(`gpt-4o-mini-tts`), fine-tuned (`ft:…`) and `azure/…` ids, and literals in calls of clients that do not
migrate are left alone. Ids built at run time or tested by prefix are reported, as are OpenAI ids with no
mapping and every approximate mapping.
"""

from __future__ import annotations

import ast

from migrate_cli.fixers.base import python_fixer
from migrate_cli.pystate import State, string_value


def _prefix_test_changes(state: State, prefix: str) -> bool:
    """Whether `m.startswith(prefix)` answers differently once ids are mapped."""
    forward = state.rules.models.forward
    return any(src.startswith(prefix) and not dst.startswith(prefix) for src, dst in forward.items())


def _dict_collisions(state: State, node: ast.Dict, skip: set[int]) -> None:
    models = state.rules.models
    keys = [string_value(k) for k in node.keys]
    mapped = [models.map_forward(k) if k is not None else None for k in keys]
    if not any(mapped):
        return
    after = [m if m is not None else k for k, m in zip(keys, mapped)]
    seen: dict[str, int] = {}
    clashes = set()
    for i, key in enumerate(after):
        if key is None:
            continue
        if key in seen:
            clashes.update((seen[key], i))
        seen.setdefault(key, i)
    if not clashes:
        return
    clashing = sorted({keys[i] for i in clashes if keys[i] is not None})
    for key_node, m in zip(node.keys, mapped):
        if m is not None:
            skip.add(id(key_node))
    state.report(
        node,
        "model-key-collision",
        f"dict keys {', '.join(repr(k) for k in clashing)} would collide once mapped to ByteSpike ids: "
        "keys left as they are; merge the entries by hand",
    )


@python_fixer("model-ids", "maps OpenAI model ids in string literals to ByteSpike ids")
def fix_model_ids(state: State) -> None:
    rules = state.rules
    models = rules.models
    skip: set[int] = set()
    constants: list[ast.Constant] = []
    for node in ast.walk(state.tree):
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and id(node) not in skip:
                constants.append(node)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # docstrings and other bare strings are prose
        elif isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            lead = string_value(node.values[0]) if node.values else None
            if lead is not None and len(node.values) > 1:
                _, model_part = models.split_prefix(lead)
                if model_part and any(src.startswith(model_part) for src in models.forward):
                    if not state.is_protected(node):
                        state.report(
                            node,
                            "dynamic-model",
                            f"model id built at run time (`{state.short(node)}`) may produce an OpenAI id: "
                            "map the values it is built from by hand",
                        )
        elif isinstance(node, ast.Dict):
            _dict_collisions(state, node, skip)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("startswith", "endswith")
            and node.args
        ):
            arg = node.args[0]
            literals = arg.elts if isinstance(arg, ast.Tuple) else [arg]
            prefixes = [string_value(e) for e in literals]
            if any(p is not None and models.map_forward(p) is not None for p in prefixes) or any(
                p and node.func.attr == "startswith" and _prefix_test_changes(state, models.split_prefix(p)[1])
                for p in prefixes
            ):
                skip.update(id(e) for e in literals)
                if not state.is_protected(node):
                    state.report(
                        node,
                        "dynamic-model",
                        f"model id tested by {node.func.attr} (`{state.short(node)}`): the test answers "
                        "differently for ByteSpike ids; update it by hand",
                    )

    for node in constants:
        if id(node) in skip:
            continue
        value = node.value
        target = models.map_forward(value)
        if target is None:
            if models.is_unmapped_openai_id(value) and not state.is_protected(node):
                state.report(
                    node,
                    "unmapped-model",
                    f"OpenAI model id {value!r} has no ByteSpike mapping: left as is; choose an id from "
                    f"ByteSpike's catalog or add --map {models.split_prefix(value)[1]}=NEW",
                )
            continue
        if state.is_protected(node):
            continue
        if not state.replace_literal(node, target, "model-id"):
            state.report(
                node,
                "dynamic-model",
                f"model id {value!r} is written in a form the tool does not rewrite "
                f"(`{state.short(node)}`): change it to {target!r} by hand",
            )
            continue
        _, source = models.split_prefix(value)
        if source in models.approximate:
            state.report(
                node,
                "approximate-model",
                f"{source!r} mapped to {models.forward[source]!r}: {models.approximate[source]}",
            )
