"""Reports every real-looking API key committed in the code, whichever way its client goes.

A key on a client that moves is replaced by an environment read (constructors, module settings, frameworks);
one on a client that stays on OpenAI (it uploads files), on another server's client or in a plain constant is
left where it is but is reported all the same: a secret in the code is the first thing a reviewer must hear
about. Placeholders (`sk-your-openai-api-key-here`) are not keys (`Ruleset.is_real_key`).
"""

from __future__ import annotations

import ast

from migrate_cli.python.analysis import State
from migrate_cli.python.rewrite_rules import PythonRule


class CommittedKeysRule(PythonRule):
    name = "committed-keys"
    description = "reports real-looking API keys committed in the code that no other rule replaced"
    rewrites = False
    emits = ("hardcoded-key",)
    order = 95  # after every rule that replaces a key: those report their own

    def run(self, state: State) -> None:
        rules = state.rules
        replaced = [(e.start, e.end) for e in state.edits if e.secret]
        for node in state.of_type(ast.Constant):
            if not isinstance(node.value, str) or not rules.owns_real_key(node.value):
                continue
            start = state.start(node)
            if any(s <= start < e for s, e in replaced) or state.reported(node, "hardcoded-key"):
                continue
            state.report(
                node,
                "hardcoded-key",
                f"a real-looking API key ({rules.redact(node.value)}) is committed here: move it to the "
                "environment and revoke it",
            )
