"""Two clients side by side (SPEC §3.6): ByteSpike's own advice for code that needs a stateful OpenAI API.

A client whose calls mix what ByteSpike serves with what it does not, built and used in one module and
passed nowhere (the repository-wide resolution decides that: coherence.py), stays on OpenAI for the
second; a ByteSpike client is added on the line after it (`<name>_bytespike`, the same constructor with the
same other options), and the served calls move to it, their model ids with them.
"""

from __future__ import annotations

import ast

from migrate_cli.pystate import State
from migrate_cli.rulebook import PythonRule


def _statement_of(state: State, ctor: ast.Call) -> ast.stmt | None:
    for node, _ in state.assignments:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is ctor:
            return node
    return None


def _new_constructor(state: State, ctor: ast.Call) -> str:
    rules = state.rules
    dropped = {*rules.base_url_args, *rules.api_key_args, *rules.ignored_args}
    kept = [state.segment(kw) for kw in ctor.keywords if kw.arg not in dropped]
    q = state.preferred_quote(ctor)
    added = [f"base_url={q}{rules.bytespike_url}{q}", f"api_key={state.os_name()}.environ[{q}{rules.key_env}{q}]"]
    return f"{state.segment(ctor.func)}({', '.join([*kept, *added])})"


def split_clients(state: State) -> None:
    plan = state.rules.plan
    if plan is None or not plan.splits:
        return
    for client in state.clients.values():
        for ctor in client.constructors:
            moved = plan.splits.get((ctor.lineno, ctor.col_offset + 1))
            if not moved:
                continue
            statement = _statement_of(state, ctor)
            if statement is None:
                continue
            target = statement.targets[0] if isinstance(statement, ast.Assign) else statement.target
            if not isinstance(target, (ast.Name, ast.Attribute)) or statement.end_lineno is None:
                continue
            new_target = f"{state.segment(target)}_bytespike"
            line_start = state.index.starts[statement.lineno - 1]
            indent = state.text[line_start : state.start(statement)]
            if indent.strip():
                continue  # not the first statement on its line
            offset = state._line_after(statement)
            text = f"{indent}{new_target} = {_new_constructor(state, ctor)}{state.newline}"
            if offset == -1:
                offset, text = len(state.text), state.newline + text.rstrip("\r\n")
            state.insert(offset, text, "split")
            for site, _, _, _ in client.calls:
                if (site.call.lineno, site.call.col_offset + 1) not in moved:
                    continue
                receiver = _receiver_node(site.call.func, target)
                if receiver is not None:
                    state.edit(receiver, new_target, "split")


def _receiver_node(func: ast.expr, target: ast.expr) -> ast.expr | None:
    """The client expression inside a call's attribute chain (`client` in `client.chat.completions.create`)."""
    node = func
    while isinstance(node, ast.Attribute):
        value = node.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Name) and value.id == target.id:
            return value
        if (isinstance(target, ast.Attribute) and isinstance(value, ast.Attribute) and value.attr == target.attr
                and isinstance(value.value, ast.Name) and isinstance(target.value, ast.Name)
                and value.value.id == target.value.id):
            return value
        node = value
    return None


class SplitRule(PythonRule):
    name = "split"
    description = "adds a ByteSpike client beside a client that stays on OpenAI and moves its served calls to it"
    order = 20

    def run(self, state: State) -> None:
        split_clients(state)
