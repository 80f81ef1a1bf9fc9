"""Reports the verdicts of the client analysis (migrate_cli/clientplan.py): which clients stay on OpenAI,
Azure or another server, and why."""

from __future__ import annotations

from migrate_cli.pystate import State
from migrate_cli.rulebook import PythonRule


class ClientsRule(PythonRule):
    name = "clients"
    description = "reports which clients stay on OpenAI, Azure or another server, and why"
    directions = frozenset({"forward", "reverse"})
    rewrites = False
    emits = ("client-kept-on-openai", "azure-client", "other-endpoint", "model-shared", "dynamic-config")
    order = 10

    def run(self, state: State) -> None:
        state.findings.extend(state.notes)
