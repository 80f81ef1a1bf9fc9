"""Two clients side by side (README, What it changes in Python code): ByteSpike's own advice for code that needs a
stateful OpenAI API.

A client whose calls mix what ByteSpike serves with what it does not, built and used in one module and
passed nowhere (the repository-wide resolution decides that: resolve/resolution.py), stays on OpenAI for the
second; a ByteSpike client is added on the line after it (`<name>_bytespike`, the same constructor with the
same other options), and the served calls move to it, their model ids with them.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from migrate_cli.python.analysis import State
from migrate_cli.python.cstedit import _cst as cst
from migrate_cli.python.cstedit import (
    apply,
    assignment,
    environ_read,
    parse_node,
    rebuild_call,
    rename_tail,
    string_node,
)
from migrate_cli.python.rewrite_rules import PythonRule

if TYPE_CHECKING:
    import libcst

SUFFIX = "_bytespike"


def _statement_of(state: State, ctor: ast.Call) -> ast.Assign | ast.AnnAssign | None:
    for node, _ in state.assignments:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is ctor:
            return node
    return None


def _new_constructor(state: State, ctor: ast.Call) -> libcst.BaseExpression:
    """The constructor of the ByteSpike client: the original's options, its endpoint and key replaced."""
    rules = state.rules
    dropped = (*rules.base_url_args, *rules.api_key_args, *rules.ignored_args)
    q = state.preferred_quote(ctor)
    added = [
        ("base_url", string_node(rules.bytespike_url, q)),
        ("api_key", environ_read(state.os_name(), rules.key_env, q)),
    ]
    return apply(parse_node(state.segment(ctor), state.newline_in(ctor)), rebuild_call(dropped, added))


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
            line_start = state.index.starts[statement.lineno - 1]
            indent = state.text[line_start : state.start(statement)]
            if indent.strip():
                continue  # not the first statement on its line
            new_target = apply(parse_node(state.segment(target)), rename_tail(SUFFIX))
            assert isinstance(new_target, cst().BaseAssignTargetExpression)  # a Name or an Attribute, renamed
            state.insert_statement(
                state._line_after(statement),
                assignment(new_target, _new_constructor(state, ctor)),
                "split",
                indent=indent,
            )
            for site, _, _, _ in client.calls:
                if (site.call.lineno, site.call.col_offset + 1) not in moved:
                    continue
                receiver = _receiver_node(site.call.func, target)
                if receiver is not None:
                    state.rewrite(receiver, rename_tail(SUFFIX), "split")


def _receiver_node(func: ast.expr, target: ast.expr) -> ast.expr | None:
    """The client expression inside a call's attribute chain (`client` in `client.chat.completions.create`)."""
    node = func
    while isinstance(node, ast.Attribute):
        value = node.value
        if isinstance(target, ast.Name) and isinstance(value, ast.Name) and value.id == target.id:
            return value
        if (
            isinstance(target, ast.Attribute)
            and isinstance(value, ast.Attribute)
            and value.attr == target.attr
            and isinstance(value.value, ast.Name)
            and isinstance(target.value, ast.Name)
            and value.value.id == target.value.id
        ):
            return value
        node = value
    return None


class SplitRule(PythonRule):
    name = "split"
    description = "adds a ByteSpike client beside a client that stays on OpenAI and moves its served calls to it"
    order = 20

    def run(self, state: State) -> None:
        split_clients(state)
