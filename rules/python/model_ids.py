"""Model ids (README, What it changes in Python code): string literals whose whole value is a mapped OpenAI id
become ByteSpike ids.

Quotes and a provider prefix (`openai/gpt-4o`) are kept. Docstrings, comments, substrings
(`gpt-4o-mini-tts`), fine-tuned (`ft:…`) and `azure/…` ids, and literals in calls of clients that do not
migrate are left alone. Ids built at run time or tested by prefix are reported, as are OpenAI ids with no
mapping and every approximate mapping.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from migrate_cli.python.analysis import State, string_value
from migrate_cli.python.facts import LABEL_KEYWORDS, TOKENIZERS, key_clashes, substring_test
from migrate_cli.python.rewrite_rules import PythonRule
from migrate_cli.reporters.findings import PROVIDER

if TYPE_CHECKING:
    from collections.abc import Callable


def _mapping(state: State) -> dict[str, str]:
    models = state.rules.models
    return models.reverse if state.rules.reverse else models.forward


def _map(state: State, value: str) -> str | None:
    models = state.rules.models
    return models.map_reverse(value) if state.rules.reverse else models.map_forward(value)


def _test_changes(state: State, values: list[str], test: Callable[[str, str], bool]) -> bool:
    """Whether `test(model, value)` for any of `values` answers differently for some mapped id once mapped."""
    return state.rules.answers_differently(lambda model: any(test(model, v) for v in values))


def _literal_collection(node: ast.AST | None) -> list[ast.Constant] | None:
    if (
        isinstance(node, (ast.Tuple, ast.List, ast.Set))
        and node.elts
        and all(string_value(e) is not None for e in node.elts)
    ):
        return [e for e in node.elts if isinstance(e, ast.Constant)]
    return None


def _loop_literals(state: State) -> dict[str, list[ast.Constant]]:
    """Names that loop over literal strings: `for p in ("o1", "gpt-5")` and its comprehension form, and a column
    of a table of rows (`for prefix, n_ctx in [("gpt-4o-", 128000), …]`, the table by its name too)."""
    found: dict[str, list[ast.Constant]] = {}
    for node in state.of_type(ast.For, ast.AsyncFor, ast.comprehension):
        table = node.iter
        if isinstance(table, ast.Name):
            _, assigned = state.module_scope.assigned(table.id)
            table = assigned[0] if len(assigned) == 1 else table
        literals = _literal_collection(table)
        if isinstance(node.target, ast.Name) and literals:
            found.setdefault(node.target.id, []).extend(literals)
        elif isinstance(node.target, ast.Tuple) and isinstance(table, (ast.List, ast.Tuple)) and table.elts:
            rows = [row.elts for row in table.elts if isinstance(row, ast.Tuple)]
            if len(rows) != len(table.elts) or any(len(r) != len(node.target.elts) for r in rows):
                continue
            for k, name in enumerate(node.target.elts):
                column = [row[k] for row in rows]
                if isinstance(name, ast.Name) and all(string_value(c) is not None for c in column):
                    found.setdefault(name.id, []).extend(c for c in column if isinstance(c, ast.Constant))
    return found


def _dict_collisions(state: State, node: ast.Dict, skip: set[int]) -> None:
    keys = [string_value(k) for k in node.keys]
    mapped = [_map(state, k) if k is not None else None for k in keys]
    if not any(mapped):
        return
    clashes = key_clashes(keys, mapped)
    if not clashes:
        return
    clashing = sorted({key for i in clashes if (key := keys[i]) is not None})
    for key_node, m in zip(node.keys, mapped):
        if m is not None:
            skip.add(id(key_node))
    plan = state.rules.plan
    held = plan.held_literals if plan is not None else ()
    if all((k.lineno, k.col_offset) in held for k, m in zip(node.keys, mapped) if m is not None and k is not None):
        return  # the resolution keeps every key the map would change (simple-evals' labels): nothing collides
    state.report(
        node,
        "model-key-collision",
        f"dict keys {', '.join(repr(k) for k in clashing)} would collide once mapped to ByteSpike ids: "
        "keys left as they are; merge the entries by hand",
    )


def _prefix_test(state: State, call: ast.Call, loops: dict[str, list[ast.Constant]], skip: set[int]) -> None:
    """`m.startswith("gpt-4o")`, `m.startswith(PREFIXES)`, `for p in (...): m.startswith(p)`: the literals
    are prefixes, not ids: never rewritten, reported when the test answers differently after mapping."""
    arg = call.args[0]
    literals = _literal_collection(arg) or (
        [arg] if isinstance(arg, ast.Constant) and string_value(arg) is not None else None
    )
    if literals is None and isinstance(arg, ast.Name):
        literals = loops.get(arg.id)
        if literals is None:
            _, assigned = state.call_scope[id(call)].assigned(arg.id)
            literals = _literal_collection(assigned[0]) if len(assigned) == 1 else None
    if not literals:
        return
    models = state.rules.models
    values = [models.split_prefix(string_value(e) or "")[1] for e in literals]
    if not any(c.isalpha() for v in values for c in v):
        return  # `line.startswith("502")`: no part of a model's name
    method = call.func.attr if isinstance(call.func, ast.Attribute) else "startswith"
    if method == "startswith":
        changes = _test_changes(state, values, str.startswith)
    else:
        changes = _test_changes(state, values, str.endswith)
    skip.update(id(e) for e in literals)  # prefixes, not ids: no `unmapped-model` for `startswith("gpt-4-")`
    if not changes and not any(_map(state, v) for v in values):
        return
    if changes and not state.is_protected(call):
        state.report(
            call,
            "dynamic-model",
            f"model id tested by {method} (`{state.short(call)}`): the test answers differently "
            "for the ByteSpike ids; left as is, update it by hand",
        )


def _regex_test(state: State, call: ast.Call) -> None:
    """`re.match(r"^gpt-4", model)`: a pattern over ids, reported when it answers differently for the ByteSpike ids
    (as a prefix test is); never rewritten."""
    pattern = string_value(call.args[0])
    how = call.func.attr  # type: ignore[attr-defined]
    if pattern is not None and not state.is_protected(call) and state.rules.regex_answers_differently(pattern, how=how):
        state.report(call, "dynamic-model", state.rules.regex_test_message(state.short(call)))


def _substring_test(state: State, compare: ast.Compare, skip: set[int]) -> None:
    """`"gpt-5" in self.model` is a substring test unless the right side is a collection of ids."""
    value = substring_test(compare, state.module_scope)
    if value is None:
        return
    if _map(state, value) is None:
        if state.rules.models.is_unmapped_openai_id(value):
            skip.add(id(compare.left))  # `"gpt-4-" in model`: a substring, not an id with no mapping
        return
    skip.add(id(compare.left))
    if not state.is_protected(compare):
        state.report(
            compare,
            "dynamic-model",
            f"model id {value!r} tested with `in` (`{state.short(compare)}`): as a substring test it answers "
            "differently for the ByteSpike ids, as a membership test the collection must be mapped too; "
            "left as is, check it by hand",
        )


def _membership_collisions(state: State) -> None:
    """`MODEL in REASONING_MODELS` where the list holds `o1` and the module also names `gpt-4o-mini`: both become
    `gpt-5-4-mini`, so the test can no longer tell them apart (it answers differently after the migration)."""
    containers: list[tuple[ast.Compare, list[ast.Constant]]] = []
    for compare in state.of_type(ast.Compare):
        if not isinstance(compare.ops[0], (ast.In, ast.NotIn)):
            continue
        right = compare.comparators[0]
        if isinstance(right, ast.Name):
            _, assigned = state.module_scope.assigned(right.id)
            right = assigned[0] if len(assigned) == 1 else right
        literals = _literal_collection(right)
        if literals:
            containers.append((compare, literals))
    if not containers:
        return
    named: dict[str, set[str]] = {}  # target -> the ids of the module that map to it
    for node in state.code_strings:
        value = node.value if isinstance(node.value, str) else ""
        target = _map(state, value) if value else None
        if target is not None:
            named.setdefault(target, set()).add(value)
    for compare, literals in containers:
        inside = {lit.value for lit in literals if isinstance(lit.value, str)}
        for value in sorted(inside):
            target = _map(state, value)
            others = sorted(named.get(target, set()) - inside) if target is not None else []
            if others and not state.is_protected(compare):
                state.report(
                    compare,
                    "dynamic-model",
                    f"model ids {value!r} and {others[0]!r} both become {target!r}: this membership test "
                    f"(`{state.short(compare)}`) can no longer tell them apart; check it by hand",
                )
                break


def _equality_collisions(state: State) -> None:
    """`if model == "gpt-4o-mini": … elif model == "gpt-5-mini": …`: both ids become `gpt-5-4-mini`, so the second
    branch can no longer be taken (a price, a setting of the other model); said once per value tested."""
    plan = state.rules.plan
    held = plan.held_literals if plan is not None else ()
    tested: dict[str, list[tuple[ast.Compare, str]]] = {}  # the value's text -> its tests against mapped ids
    for compare in state.of_type(ast.Compare):
        if len(compare.ops) != 1 or not isinstance(compare.ops[0], (ast.Eq, ast.NotEq)):
            continue
        literal = compare.comparators[0]
        value = string_value(literal)
        if value is not None and _map(state, value) is not None and (literal.lineno, literal.col_offset) not in held:
            tested.setdefault(ast.unparse(compare.left), []).append((compare, value))
    for left, tests in tested.items():
        by_target: dict[str, list[tuple[ast.Compare, str]]] = {}
        for compare, value in tests:
            by_target.setdefault(_map(state, value) or "", []).append((compare, value))
        for target, same in by_target.items():
            ids = sorted({value for _, value in same})
            if len(ids) > 1 and not state.is_protected(same[0][0]):
                state.report(
                    same[-1][0],
                    "dynamic-model",
                    f"model ids {ids[0]!r} and {ids[1]!r} both become {target!r}: the tests of `{left}` against them "
                    f"(lines {', '.join(str(c.lineno) for c, _ in same)}) can no longer tell them apart; check them by "
                    "hand",
                )
                break


def _labels(state: State) -> set[int]:
    """The strings of labels a dashboard filters by (`agentops.init(tags=["o1"])`): not models (python/facts.py)."""
    return {
        id(node)
        for call in state.of_type(ast.Call)
        for keyword in call.keywords
        if keyword.arg in LABEL_KEYWORDS
        for node in ast.walk(keyword.value)
        if isinstance(node, ast.Constant)
    }


def _tests_of_ids(state: State, skip: set[int]) -> None:
    """What tests or builds an id rather than naming one: an id built at run time (`f"gpt-4o-{size}"`), a dict's
    keys that collide once mapped, prefix and substring tests. Each is reported, none rewritten."""
    models = state.rules.models
    loops = _loop_literals(state)
    for node in state.of_type(ast.JoinedStr, ast.Dict, ast.Call, ast.Compare):
        if isinstance(node, ast.JoinedStr):
            lead = string_value(node.values[0]) if node.values else None
            if lead is not None and len(node.values) > 1:
                _, model_part = models.split_prefix(lead)
                if (
                    model_part
                    and any(src.startswith(model_part) for src in _mapping(state))
                    and not state.is_protected(node)
                ):
                    state.report(
                        node,
                        "dynamic-model",
                        f"model id built at run time (`{state.short(node)}`) may produce an {PROVIDER} id: "
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
            _prefix_test(state, node, loops, skip)
        elif isinstance(node, ast.Compare) and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            _substring_test(state, node, skip)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("match", "search", "fullmatch")
            and isinstance(node.func.value, ast.Name)
            and state.qualname(node.func.value, state.call_scope.get(id(node), state.module_scope)) == "re"
            and len(node.args) >= 2
        ):
            _regex_test(state, node)


def fix_model_ids(state: State) -> None:
    rules = state.rules
    models = rules.models
    skip = _labels(state)
    _tests_of_ids(state, skip)

    if not rules.reverse:
        _membership_collisions(state)
        _equality_collisions(state)
    plan = rules.plan
    held = plan.held_literals if plan is not None else ()
    unmapped_seen: set[str] = set()
    # `tiktoken.encoding_for_model("gpt-3.5-turbo")`: a tokenizer's argument, no request: nothing to map it for.
    tokenized = {
        id(a)
        for call in state.of_type(ast.Call)
        if isinstance(call.func, (ast.Attribute, ast.Name))
        and TOKENIZERS.search(call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id)
        for a in call.args
    }
    for node in state.code_strings:
        if id(node) in skip or (node.lineno, node.col_offset) in held:
            continue
        value = node.value
        if not isinstance(value, str):
            continue
        target = _map(state, value)
        if target is None:
            if rules.reverse:
                if models.has_no_openai_equivalent(value) and not state.is_protected(node):
                    state.report(
                        node,
                        "no-openai-equivalent",
                        f"{value!r} is a ByteSpike model with no {PROVIDER} equivalent: left as is; choose an "
                        f"{PROVIDER} model by hand",
                    )
                continue
            if (
                models.is_unmapped_openai_id(value)
                and not state.is_protected(node)
                and value not in unmapped_seen
                and id(node) not in tokenized
            ):
                unmapped_seen.add(value)  # once per id and file: the first place it stands
                where = plan.unmapped_kept.get((node.lineno, node.col_offset + 1)) if plan is not None else None
                state.report(
                    node,
                    "unmapped-model",
                    f"{PROVIDER} model id {value!r} has no ByteSpike mapping: left as is, with the requests it "
                    f"reaches, which stay on {PROVIDER} anyway ({where})"
                    if where is not None
                    else f"{PROVIDER} model id {value!r} has no ByteSpike mapping: left as is; choose an id from "
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
        if rules.reverse:
            if ambiguity := models.ambiguity(source):
                state.report(node, "ambiguous-reverse", ambiguity)
            continue
        if approximation := models.approximation(source):
            state.report(node, "approximate-model", approximation)


class ModelIdsRule(PythonRule):
    name = "model-ids"
    description = "maps model ids in string literals (OpenAI -> ByteSpike, or back)"
    directions = frozenset({"forward", "reverse"})
    emits = (
        "dynamic-model",
        "model-key-collision",
        "unmapped-model",
        "approximate-model",
        "ambiguous-reverse",
        "no-openai-equivalent",
    )
    order = 70

    def run(self, state: State) -> None:
        fix_model_ids(state)
