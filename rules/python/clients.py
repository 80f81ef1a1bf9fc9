"""Reports the verdicts of the client analysis (migrate_cli/python/client_analysis.py): which clients stay on OpenAI,
Azure or another server, and why."""

from __future__ import annotations

from migrate_cli.python.analysis import State
from migrate_cli.python.rewrite_rules import PythonRule


class ClientsRule(PythonRule):
    name = "clients"
    description = "reports which clients stay on OpenAI, Azure or another server, and why"
    directions = frozenset({"forward", "reverse"})
    rewrites = False
    emits = ("client-kept-on-openai", "azure-client", "other-endpoint", "model-shared", "dynamic-config")
    order = 10

    def run(self, state: State) -> None:
        state.findings.extend(state.notes)
