"""The fixer registry: a fixer is one rewrite rule; adding a rule adds one module and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from migrate_cli.pystate import State


@dataclass(frozen=True)
class Fixer:
    name: str
    description: str
    run: Callable[[State], None]


PYTHON_FIXERS: list[Fixer] = []


def python_fixer(name: str, description: str) -> Callable[[Callable[[State], None]], Callable[[State], None]]:
    def register(run: Callable[[State], None]) -> Callable[[State], None]:
        PYTHON_FIXERS.append(Fixer(name, description, run))
        return run

    return register
